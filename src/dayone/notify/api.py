"""GET/PUT /api/v1/me/notifications: what the token's owner is mailed, per kind."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from sqlalchemy.orm import Session

from dayone.auth.permissions import Actor
from dayone.errors import InvalidInput
from dayone.notify import mailer, preferences
from dayone.notify.schemas import NotificationsIn, NotificationsOut
from dayone.org.models import Person
from dayone.web.deps import api_actor, db, workspace

router = APIRouter(prefix="/api/v1", tags=["notifications"])


def _out(request: Request, session: Session, actor: Actor) -> NotificationsOut:
    if actor.person_id is None:
        raise InvalidInput("Notification preferences are a person's.", field="person")
    person = session.get(Person, actor.person_id)
    email = person.email if person else ""
    return NotificationsOut.of(email, mailer.configured(workspace(request).settings),
                               preferences.of(session, actor.person_id))


@router.get("/me/notifications", response_model=NotificationsOut)
def my_notifications(request: Request, actor: Actor = Depends(api_actor),
                     session: Session = Depends(db)) -> NotificationsOut:
    """Per kind of agenda item: mailed immediately, in the daily digest, or never."""
    return _out(request, session, actor)


@router.put("/me/notifications", response_model=NotificationsOut)
def set_my_notifications(body: NotificationsIn, request: Request, actor: Actor = Depends(api_actor),
                         session: Session = Depends(db)) -> NotificationsOut:
    """Change the delivery of the kinds named (others keep theirs); 422 names an unknown kind or
    delivery, and then nothing changes."""
    preferences.save(session, actor, body.deliveries)
    session.commit()
    return _out(request, session, actor)
