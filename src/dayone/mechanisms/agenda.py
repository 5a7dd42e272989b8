"""My week, from mechanisms: a person's own mechanisms that are due (their current period is
not held yet and its due day is within the week ahead) or that lapsed (the last period passed
without an occurrence), judged on the person's own calendar."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dayone import timezones
from dayone.agenda.items import AgendaItem
from dayone.auth.models import Role
from dayone.auth.permissions import Actor
from dayone.mechanisms.cadence import CadenceError
from dayone.mechanisms.models import Mechanism
from dayone.mechanisms.service import inspect

AHEAD = timedelta(days=7)


def agenda_items(session: Session, person: Actor, now: datetime) -> list[AgendaItem]:
    """The active mechanisms ``person`` owns that are due soon or lapsed last period."""
    me = person.person_id
    if me is None or not person.at_least(Role.MEMBER):  # recording an occurrence takes a member
        return []
    where = timezones.zone(person.time_zone)
    today = timezones.local_day(now, where)
    query = select(Mechanism).options(selectinload(Mechanism.occurrences)).where(
        Mechanism.owner_id == me, Mechanism.active.is_(True))
    items = []
    for mechanism in session.scalars(query):
        try:
            seen = inspect(mechanism, today)
        except (CadenceError, ValueError, OverflowError):  # a cadence stored by hand: its page says so
            continue
        url = f"/mechanisms/{mechanism.id}"
        current = seen.due_now
        if current is not None and current.due <= today + AHEAD:
            items.append(AgendaItem(
                kind="mechanism-due", key=f"mechanism:{mechanism.id}:due:{current.period.key}", person_id=me,
                title=f"Hold {mechanism.name}", url=url, due=timezones.start_of_day(current.due, where),
                since=timezones.start_of_day(current.period.start, where),
                detail=f"{mechanism.cadence.capitalize()}: record it once held, with what it produced."))
        closed = [r for r in seen.periods if r.period.end < today]
        if closed and not closed[-1].held:
            last = closed[-1]
            items.append(AgendaItem(
                kind="mechanism-lapsed", key=f"mechanism:{mechanism.id}:lapsed:{last.period.key}", person_id=me,
                title=f"{mechanism.name} lapsed", url=url, due=timezones.start_of_day(last.due, where),
                since=timezones.start_of_day(last.period.start, where),
                detail=f"Not held from {last.period.start:%d %b} to {last.period.end:%d %b %Y}; record it if it "
                       "was held, or see why it slipped."))
    return items
