"""Each person's delivery per kind: read with defaults filled in, and saved."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone import audit
from dayone.auth.permissions import Actor
from dayone.errors import InvalidInput
from dayone.notify.kinds import KINDS, Delivery, default
from dayone.notify.models import NotificationPreference


def of(session: Session, person_id: int) -> dict[str, Delivery]:
    """Every kind's delivery for the person, defaults filled in, in the order of ``KINDS``."""
    chosen = {p.kind: p.delivery for p in session.scalars(
        select(NotificationPreference).where(NotificationPreference.person_id == person_id))}
    return {kind: Delivery(chosen[kind]) if kind in chosen else default(kind) for kind in KINDS}


def delivery(chosen: Mapping[str, Delivery], kind: str) -> Delivery:
    """The delivery of ``kind`` (a kind not listed gets its default)."""
    return chosen.get(kind, default(kind))


def save(session: Session, actor: Actor, changes: Mapping[str, str]) -> dict[str, Delivery]:
    """Set the actor's delivery for the kinds named; InvalidInput names an unknown kind or
    delivery (nothing is saved then). Returns every kind's delivery."""
    if actor.person_id is None:
        raise InvalidInput("Notification preferences are a person's: sign in as one.", field="person")
    wanted: dict[str, Delivery] = {}
    for kind, value in changes.items():
        if kind not in KINDS:
            raise InvalidInput(f"{kind}: not a kind of notification; choose among {', '.join(KINDS)}.", field=kind)
        try:
            wanted[kind] = Delivery(value)
        except ValueError:
            raise InvalidInput(f"{kind}: choose immediate, digest or off (got {value!r}).", field=kind) from None
    rows = {p.kind: p for p in session.scalars(
        select(NotificationPreference).where(NotificationPreference.person_id == actor.person_id))}
    for kind, value in wanted.items():
        if kind in rows:
            rows[kind].delivery = value.value
        else:
            session.add(NotificationPreference(person_id=actor.person_id, kind=kind, delivery=value.value))
    session.flush()
    if wanted:
        audit.record(session, actor, "notifications", "person", actor.person_id,
                     ", ".join(f"{k}={v.value}" for k, v in wanted.items()))
    return of(session, actor.person_id)
