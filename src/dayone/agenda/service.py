"""My week: the items of every provider for one person, oldest first."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from dayone import timezones
from dayone.agenda.items import AgendaItem
from dayone.agenda.registry import providers
from dayone.auth.permissions import Actor
from dayone.db.base import utcnow
from dayone.errors import InvalidInput

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Agenda:
    """What waits on one person at ``now``, in the order they are shown."""

    person_id: int
    time_zone: str
    now: datetime
    items: list[AgendaItem]


def agenda(session: Session, person: Actor, now: datetime | None = None) -> Agenda:
    """Every item that waits on ``person`` (an account's actor: its role and time zone decide
    what it may see and which day is today), oldest first: by due date, else by how long it
    has waited. Raises InvalidInput for an actor that is no person (the command line's own)."""
    if person.person_id is None:
        raise InvalidInput("An agenda is a person's: name whose (`dayone agenda --as EMAIL`).", field="as")
    now = now or utcnow()
    found: dict[str, AgendaItem] = {}
    for name, provide in providers():
        for item in provide(session, person, now):
            if item.person_id != person.person_id:  # a provider's bug must not show others' items
                log.error("%s gave an item of person %s to person %s", name, item.person_id, person.person_id)
                continue
            found.setdefault(item.key, item)
    ordered = sorted(found.values(), key=lambda i: (i.when, i.key))
    return Agenda(person.person_id, person.time_zone, now, ordered)


def due_words(item: AgendaItem, now: datetime, time_zone: str) -> str:
    """When it is due, in words on the person's calendar: "overdue by 3 days", "due today",
    "due tomorrow", "due in 4 days"; "waiting 5 days" without a due date."""
    where = timezones.zone(time_zone)
    if item.due is None:
        waited = -timezones.days_between(now, item.since, where)
        return "new today" if waited <= 0 else f"waiting {_days(waited)}"
    left = timezones.days_between(now, item.due, where)
    if left < 0:
        return f"overdue by {_days(-left)}"
    if left == 0:
        return "due today"
    return "due tomorrow" if left == 1 else f"due in {_days(left)}"


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"
