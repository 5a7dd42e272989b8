"""The Notifications section of /account, and the admin page with the SMTP status and a test
message. Plain ``def`` routes: smtplib blocks, so FastAPI runs them in its thread pool."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from dayone.auth.permissions import Actor
from dayone.errors import UserError
from dayone.notify import mailer, preferences, service
from dayone.notify.kinds import KINDS, Delivery
from dayone.org.models import Person
from dayone.settings import Settings
from dayone.web.deps import db, page_actor, page_admin, workspace
from dayone.web.forms import read_form
from dayone.web.render import render

router = APIRouter(include_in_schema=False)


def account_section(session: Session, person_id: int | None) -> list[dict[str, Any]]:
    """The rows of /account's Notifications form: each kind, its words and the delivery chosen."""
    if person_id is None:
        return []
    chosen = preferences.of(session, person_id)
    return [{"kind": k, "label": KINDS[k][0], "delivery": d.value} for k, d in chosen.items()]


@router.post("/account/notifications")
def save_notifications(request: Request, actor: Actor = Depends(page_actor),
                       session: Session = Depends(db)) -> Response:
    form = read_form(request)
    changes = {kind: form.get(f"n-{kind}", "") for kind in KINDS if form.get(f"n-{kind}")}
    preferences.save(session, actor, changes)  # a UserError becomes the error page with a way back
    session.commit()
    return RedirectResponse("/account?saved=notifications#notifications", status_code=303)


def _status(settings: Settings) -> dict[str, Any]:
    return {"configured": mailer.configured(settings), "server": mailer.describe(settings),
            "sender": settings.smtp_from, "public_url": settings.public_url}


@router.get("/admin/notifications", response_class=HTMLResponse)
def notifications_admin(request: Request, actor: Actor = Depends(page_admin)) -> Response:
    return render(request, "admin_notifications.html", {"smtp": _status(workspace(request).settings),
                                                        "deliveries": [d.value for d in Delivery]})


@router.post("/admin/notifications/test", response_class=HTMLResponse)
def send_test(request: Request, actor: Actor = Depends(page_admin), session: Session = Depends(db)) -> Response:
    read_form(request)
    settings = workspace(request).settings
    person = session.get(Person, actor.person_id) if actor.person_id is not None else None
    context: dict[str, Any] = {"smtp": _status(settings)}
    if person is None:
        return render(request, "admin_notifications.html", context)
    try:
        service.send_test(settings, person.email)
    except UserError as exc:
        return render(request, "admin_notifications.html", {**context, "error": exc}, status_code=exc.status)
    return render(request, "admin_notifications.html",
                  {**context, "notice": f"A test message went to {person.email}."})
