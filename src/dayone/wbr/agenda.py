"""My week, from the WBR: the notes a person owes on their flagged metrics (as owner, or as a
delegate an owner named), due when the WBR meets. A note written by someone else (an admin)
does not answer the flag, so the item stays."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone import timezones
from dayone.agenda.items import AgendaItem
from dayone.auth.models import Role
from dayone.auth.permissions import Actor
from dayone.errors import UserError
from dayone.mechanisms.cadence import Cadence, CadenceError, due_date, period_of
from dayone.mechanisms.models import Mechanism
from dayone.wbr import notes, service
from dayone.wbr.deck import slug
from dayone.wbr.formatting import title


def agenda_items(session: Session, person: Actor, now: datetime) -> list[AgendaItem]:
    """The flagged metrics of the latest complete week whose note waits on ``person``."""
    if person.person_id is None or not person.at_least(Role.MEMBER):
        return []
    try:
        metrics = service.load(session)
    except UserError:  # no metrics file, or one that cannot be read: nothing can be flagged
        return []
    table = notes.delegates(session)
    mine = {name for name, m in metrics.metrics.items()
            if notes.writes_for(session, person, m.owner, table) in ("owner", "delegate")}
    if not mine:  # most people own no metric: the deck is not computed for them
        return []
    try:
        numbers = service.deck(session, None, actor=person)
        week = date.fromisoformat(numbers["week_ending"])
        numbers = service.snapshot(session, week) or numbers  # a frozen week as the meeting saw it
    except UserError:  # the deck cannot be computed: the WBR page says why
        return []
    reports = numbers.get("metrics", {})
    written = notes.shown(session, week, {name: r.get("owner") for name, r in reports.items()})
    where = timezones.zone(person.time_zone)
    since = timezones.start_of_day(week + timedelta(days=1), where)
    due = timezones.start_of_day(meeting_day(session, week), where)
    items = []
    for name in sorted(mine):
        report = reports.get(name) or {}
        if not report.get("anomaly") or written.get(name, {}).get("answers"):
            continue
        items.append(AgendaItem(
            kind="wbr-note", key=f"wbr-note:{week.isoformat()}:{name}", person_id=person.person_id,
            title=f"Write the note on {title(name)}", detail=f"Flagged in the week ending {week}: {report['anomaly']}",
            url=f"/wbr/{week.isoformat()}#note-{slug(name)}", since=since, due=due))
    return items


def meeting_day(session: Session, week_ending: date) -> date:
    """When the WBR of the week ending ``week_ending`` meets: the WBR mechanism's first due day
    after the week (Monday by default), else the day after it."""
    wbr = session.scalar(select(Mechanism).where(Mechanism.builtin == "wbr"))
    try:
        cadence = Cadence.parse(wbr.cadence) if wbr is not None else Cadence("week", 1, weekday=0)
    except CadenceError:
        return week_ending + timedelta(days=1)
    anchor = wbr.started_on if wbr is not None else week_ending
    period = period_of(cadence, week_ending + timedelta(days=1), anchor=anchor)
    day = due_date(cadence, period)
    if day <= week_ending:
        day = due_date(cadence, period_of(cadence, period.end + timedelta(days=1), anchor=anchor))
    return day
