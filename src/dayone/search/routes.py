"""The search page: /search?q=…&kind=…&offset=…"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from dayone.auth.permissions import Actor
from dayone.errors import UserError
from dayone.search import service
from dayone.search.index import KINDS
from dayone.search.schemas import KIND_LABELS, KIND_SINGULAR
from dayone.web.deps import db, page_actor
from dayone.web.render import render

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = Query(""), kind: str = Query(""), offset: str = Query("0"),
                actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    """Results with marked snippets, a filter per kind (with what each holds for you) and
    pages; a query without words or an unknown kind is said on the page, never a failure."""
    context: dict[str, Any] = {"search_q": q, "kind": kind, "kinds": KINDS, "labels": KIND_LABELS,
                               "singular": KIND_SINGULAR, "results": None, "error": None}
    if q.strip():
        try:
            start = int(offset) if offset.isascii() and offset.isdigit() and len(offset) < 8 else 0
            context["results"] = service.search(session, actor, q, [kind] if kind else [], limit=PAGE_SIZE,
                                                offset=start)
        except UserError as exc:
            context["error"] = exc
    return render(request, "search.html", context)
