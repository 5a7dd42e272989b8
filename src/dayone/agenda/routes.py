"""My week: the page a person lands on after signing in."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from dayone.agenda import service
from dayone.agenda.schemas import AgendaOut
from dayone.auth.permissions import Actor
from dayone.web.deps import db, page_actor
from dayone.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/agenda", response_class=HTMLResponse)
def agenda_page(request: Request, actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    return render(request, "agenda.html", {"agenda": AgendaOut.of(service.agenda(session, actor))})
