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
from dayone.web.forms import csrf_token, read_form

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
    written = service.notes(session, date.fromisoformat(deck["week_ending"]))
    notes = {m: {"author": n.author.name if n.author else "someone", "body": n.body} for m, n in written.items()}
    writable = {name for name, m in metrics.metrics.items() if service.may_write_note(session, actor, m)}
    html = render_html(deck, metrics, notes=notes, form={"csrf": csrf_token(request), "writable": writable})
    return HTMLResponse(html)


@router.post("/wbr/{week_ending}/notes/{metric}")
async def write_note(week_ending: str, metric: str, request: Request, actor: Actor = Depends(page_actor),
                     session: Session = Depends(db)) -> Response:
    form = await read_form(request)
    try:
        when = date.fromisoformat(week_ending)
    except ValueError:
        raise InvalidInput(f"week_ending: {week_ending!r}; use YYYY-MM-DD.", field="week_ending") from None
    service.write_note(session, actor, when, metric, form.get("body"))
    session.commit()
    return RedirectResponse(f"/wbr/{week_ending}#metric-{metric}", status_code=303)
