"""The workspace's WBR: which metrics file it uses, and its deck for a week."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone import audit
from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require, require_role
from dayone.documents.models import WorkspaceSetting
from dayone.errors import InvalidInput, NotFound
from dayone.metrics import spec
from dayone.metrics.compute import Engine
from dayone.org.fields import clean_text
from dayone.org.models import Person
from dayone.wbr.models import WbrNote

METRICS_FILE = "wbr_metrics_file"


def metrics_file(session: Session) -> Path:
    row = session.get(WorkspaceSetting, METRICS_FILE)
    if row is None:
        raise NotFound("This workspace has no metrics file yet: `dayone wbr use FILE` sets one.")
    return Path(row.value)


def use(session: Session, actor: Actor, path: Path) -> spec.MetricsFile:
    """Point the workspace at a metrics file, after validating it."""
    require_role(actor, Role.ADMIN, "choose the workspace's metrics file")
    resolved = path.expanduser().resolve()
    if not resolved.is_file():
        raise InvalidInput(f"{path}: no such file.", field="path")
    parsed = spec.load(resolved)
    row = session.get(WorkspaceSetting, METRICS_FILE) or WorkspaceSetting(key=METRICS_FILE, value="")
    row.value = str(resolved)
    session.add(row)
    audit.record(session, actor, "update", "settings", None, f"WBR metrics file: {resolved.name}")
    return parsed


def load(session: Session) -> spec.MetricsFile:
    return spec.load(metrics_file(session))


def deck(session: Session, week_ending: date | None = None) -> tuple[dict[str, Any], spec.MetricsFile]:
    metrics = load(session)
    try:
        return Engine(metrics).compute(week_ending), metrics
    except ValueError as exc:  # the calendar names the nearest valid week-ending dates
        raise InvalidInput(f"week_ending: {exc}", field="week_ending") from None


def notes(session: Session, week_ending: date) -> dict[str, WbrNote]:
    return {n.metric: n for n in session.scalars(select(WbrNote).where(WbrNote.week_ending == week_ending))}


def may_write_note(session: Session, actor: Actor, metric: spec.MetricSpec) -> bool:
    """The metric's owner writes its note (admins may too); viewers never write."""
    if not actor.at_least(Role.MEMBER):
        return False
    if actor.is_admin:
        return True
    person = session.get(Person, actor.person_id) if actor.person_id else None
    return person is not None and metric.owner is not None and person.email == str(metric.owner).lower()


def write_note(session: Session, actor: Actor, week_ending: date, metric_name: str, body: str) -> WbrNote:
    metrics = load(session)
    metric = metrics.metrics.get(metric_name)
    if metric is None:
        raise NotFound(f"No metric {metric_name!r} in the workspace's metrics file.")
    require(may_write_note(session, actor, metric), f"write the note on {metric_name}: only its owner may")
    text = clean_text("body", body, max_length=5000, required=True)
    note = session.scalar(select(WbrNote).where(WbrNote.week_ending == week_ending, WbrNote.metric == metric_name))
    if note is None:
        note = WbrNote(week_ending=week_ending, metric=metric_name, body=text, author_id=actor.person_id)
        session.add(note)
    else:
        note.body, note.author_id = text, actor.person_id
    session.flush()
    audit.record(session, actor, "note", "wbr", note.id, f"note on {metric_name} for the week ending {week_ending}")
    return note
