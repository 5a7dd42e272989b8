"""The WBR deck in the browser: the latest week, or any earlier one."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from dayone.auth.permissions import Actor
from dayone.errors import InvalidInput
from dayone.wbr import service
from dayone.wbr.deck import render_html
from dayone.web.deps import db, page_actor

router = APIRouter(include_in_schema=False)


@router.get("/wbr")
async def latest(request: Request, actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    deck, _ = await run_in_threadpool(service.deck, session, None)
    return RedirectResponse(f"/wbr/{deck['week_ending']}", status_code=303)


@router.get("/wbr/{week_ending}", response_class=HTMLResponse)
async def week(week_ending: str, request: Request, actor: Actor = Depends(page_actor),
               session: Session = Depends(db)) -> Response:
    try:
        when = date.fromisoformat(week_ending)
    except ValueError:
        raise InvalidInput(f"week_ending: {week_ending!r}; use YYYY-MM-DD.", field="week_ending") from None
    deck, metrics = await run_in_threadpool(service.deck, session, when)
    html = render_html(deck, metrics, title="Northwind Goods — Weekly Business Review"
                       if "northwind" in str(metrics.path or "") else "Weekly Business Review")
    return HTMLResponse(html)
