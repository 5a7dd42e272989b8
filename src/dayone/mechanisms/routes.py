"""Pages of the mechanisms: the inspection page, a mechanism's history, recording by hand."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from dayone.auth.permissions import Actor
from dayone.errors import InvalidInput, UserError
from dayone.mechanisms import service
from dayone.mechanisms.api import out
from dayone.mechanisms.models import Tool
from dayone.org import service as org
from dayone.web.deps import db, page_actor
from dayone.web.forms import is_number, read_form, require_filled
from dayone.web.render import render

router = APIRouter(include_in_schema=False)


def _page(request: Request, session: Session, status_code: int = 200, **extra: object) -> Response:
    mechanisms = [out(m) for m in service.list_all(session)]
    session.commit()
    return render(request, "mechanisms.html", {
        "mechanisms": mechanisms, "tools": [t.value for t in Tool],
        "people": [(p.id, p.name) for p in org.list_people(session)], "form": {}, **extra},
        status_code=status_code)


@router.get("/mechanisms", response_class=HTMLResponse)
def mechanisms_page(request: Request, actor: Actor = Depends(page_actor),
                          session: Session = Depends(db)) -> Response:
    return _page(request, session)


@router.post("/mechanisms/new", response_class=HTMLResponse)
def create(request: Request, actor: Actor = Depends(page_actor),
                 session: Session = Depends(db)) -> Response:
    form = read_form(request)
    try:
        require_filled(form, {"name": "Name", "cadence": "Cadence"})
        made = service.create(session, actor, name=form.get("name"), cadence=form.get("cadence"),
                              tool=form.get("tool"), produces=form.get("produces"),
                              description=form.get("description"),
                              owner_id=int(form.get("owner_id")) if is_number(form.get("owner_id")) else None)
    except UserError as exc:
        session.rollback()
        return _page(request, session, exc.status, error=exc,
                     form={k: form.get(k) for k in ("name", "cadence", "tool", "produces", "description")})
    session.commit()
    return RedirectResponse(f"/mechanisms/{made.id}", status_code=303)


@router.get("/mechanisms/{mechanism_id}", response_class=HTMLResponse)
def mechanism_page(mechanism_id: int, request: Request, actor: Actor = Depends(page_actor),
                         session: Session = Depends(db)) -> Response:
    mechanism = service.get(session, mechanism_id)
    return render(request, "mechanism.html", {"m": out(mechanism, 12), "form": {},
                                              "occurrences": list(reversed(mechanism.occurrences))})


@router.post("/mechanisms/{mechanism_id}/record")
def record(mechanism_id: int, request: Request, actor: Actor = Depends(page_actor),
                 session: Session = Depends(db)) -> Response:
    form = read_form(request)
    try:
        require_filled(form, {"occurred_on": "Held on", "output": "What it produced"})
        try:
            when = date.fromisoformat(form.get("occurred_on"))
        except ValueError:
            raise InvalidInput("Held on must be a date such as 2026-11-23.", field="occurred_on") from None
        service.record(session, actor, mechanism_id, occurred_on=when, output=form.get("output"),
                       link=form.get("link"))
    except UserError as exc:
        session.rollback()
        mechanism = service.get(session, mechanism_id)
        return render(request, "mechanism.html", {
            "m": out(mechanism, 12), "occurrences": list(reversed(mechanism.occurrences)), "error": exc,
            "form": {k: form.get(k) for k in ("occurred_on", "output", "link")}}, status_code=exc.status)
    session.commit()
    return RedirectResponse(f"/mechanisms/{mechanism_id}", status_code=303)
