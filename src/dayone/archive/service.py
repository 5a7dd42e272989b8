"""The archive's rules: archive, restore, remove for good (purge), and what the archive holds.

Archiving sets ``archived_at``/``archived_by``; every list leaves the record out and every
lookup answers ``Archived`` (410) instead of the record. Restoring clears them. A purge is
for admins, on archived records only: it says what goes with the record, or refuses while
other records depend on it. Each change writes an audit event in the caller's transaction.

Other mechanisms that keep their own copy of records (the search index) listen through
``LISTENERS``: each is called as ``listener(session, kind, record_id, state)`` with state
``"archived"``, ``"restored"`` or ``"purged"``, inside the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone import audit
from dayone.archive import metrics
from dayone.archive.records import KINDS, Kind
from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require, require_role
from dayone.db.base import utcnow
from dayone.errors import Conflict, InvalidInput, NotFound

Listener = Callable[[Session, str, "int | str", str], None]
LISTENERS: list[Listener] = []
KIND_NAMES = (*KINDS, "metric")


@dataclass(frozen=True)
class Entry:
    """One archived record as the archive page and the API list it. ``title`` is None for a
    private document the viewer may not read (an admin sees that one exists, not its title)."""

    kind: str
    ref: str  # the id, or a metric's name
    title: str | None
    archived_at: datetime | None
    archived_by: str | None
    may_restore: bool
    may_purge: bool

    @property
    def label(self) -> str:
        return KINDS[self.kind].label if self.kind in KINDS else "Metric"

    @property
    def plural(self) -> str:
        return KINDS[self.kind].plural if self.kind in KINDS else "metrics"


@dataclass(frozen=True)
class Plan:
    """What archiving or removing a record for good would do, for a confirmation page."""

    entry: Entry
    effects: list[str]
    blockers: list[str]


def kind_of(name: str) -> str:
    """The kind named (plural or singular), or a clear error listing the kinds."""
    singular = {k.plural: k.name for k in KINDS.values()} | {"metrics": "metric"}
    kind = singular.get(name.strip().lower(), name.strip().lower())
    if kind not in KIND_NAMES:
        raise InvalidInput(f"kind: {name!r} is not something the archive holds; choose one of "
                           f"{', '.join(KIND_NAMES)}.", field="kind")
    return kind


def _record_id(ref: str | int) -> int:
    text = str(ref).strip()
    if not text.isdigit() or len(text) > 10 or not 0 < int(text) < 2**31:
        raise InvalidInput(f"id: {ref!r} is not a record id (a whole number, such as 12).", field="id")
    return int(text)


def _load(session: Session, actor: Actor, kind: Kind, ref: str | int) -> Any:
    """The record, archived or not. A document the actor may not read is missing to them,
    except to an admin (who may restore or remove it, but not read its title)."""
    record = session.get(kind.model, _record_id(ref))
    if record is None or not (actor.is_admin or kind.readable(session, actor, record)):
        raise NotFound(f"No {kind.name} with id {ref}" + (" that you can see." if kind.name == "document" else "."))
    return record


def _entry(session: Session, actor: Actor, kind: Kind, record: Any) -> Entry:
    owner = kind.owns(session, actor, record)
    return Entry(kind=kind.name, ref=str(record.id),
                 title=kind.title(record) if kind.readable(session, actor, record) else None,
                 archived_at=record.archived_at, archived_by=record.archived_by,
                 may_restore=actor.is_admin or owner, may_purge=actor.is_admin)


def _may_archive(session: Session, actor: Actor, kind: Kind, record: Any) -> bool:
    return (actor.is_admin and kind.admin_archives) or kind.owns(session, actor, record)


def _notify(session: Session, kind: str, ref: int | str, state: str) -> None:
    for listener in LISTENERS:
        listener(session, kind, ref, state)


# --- archive ------------------------------------------------------------------------

def archive_plan(session: Session, actor: Actor, kind_name: str, ref: str | int) -> Plan:
    """What archiving the record does, or why it cannot be archived now."""
    kind_name = kind_of(kind_name)
    if kind_name == "metric":
        return _metric_archive_plan(session, actor, str(ref))
    kind = KINDS[kind_name]
    record = _load(session, actor, kind, ref)
    if record.archived_at is not None:
        raise Conflict(f"The {kind.name} {kind.title(record)!r} is already archived.")
    require(_may_archive(session, actor, kind, record), f"archive the {kind.name} {kind.title(record)!r}")
    effects = ["It leaves every list and search; links to it say it is archived.",
               "Its history stays in the audit log.",
               "An admin or its owner can restore it from the archive (/archive)."]
    return Plan(_entry(session, actor, kind, record), effects, kind.archive_blockers(session, record))


def archive(session: Session, actor: Actor, kind_name: str, ref: str | int, *,
            based_on: int | None = None) -> Entry:
    """Put the record in the archive. ``based_on``: for a metric, the version of the metrics
    file the confirmation was given on."""
    kind_name = kind_of(kind_name)
    if kind_name == "metric":
        row = metrics.archive(session, actor, str(ref), based_on=based_on)
        _notify(session, "metric", row.name, "archived")
        return _metric_entry(actor, row)
    plan = archive_plan(session, actor, kind_name, ref)
    kind = KINDS[kind_name]
    if plan.blockers:
        raise Conflict(f"The {kind.name} {plan.entry.title!r} cannot be archived while "
                       + "; ".join(plan.blockers) + ": move them first.", details={"blockers": plan.blockers})
    record = _load(session, actor, kind, plan.entry.ref)
    record.archived_at, record.archived_by = utcnow(), actor.label
    audit.record(session, actor, "archive", kind.name, record.id, f"archived {kind.name} {kind.title(record)}"[:500],
                 before={"archived": False}, after={"archived": True})
    session.flush()
    _notify(session, kind.name, record.id, "archived")
    return _entry(session, actor, kind, record)


# --- restore ------------------------------------------------------------------------

def restore(session: Session, actor: Actor, kind_name: str, ref: str | int) -> Entry:
    """Bring the record back into every list, as it was."""
    kind_name = kind_of(kind_name)
    if kind_name == "metric":
        row = metrics.get(session, str(ref))
        entry = _metric_entry(actor, row)
        metrics.restore(session, actor, str(ref))
        _notify(session, "metric", entry.ref, "restored")
        return entry
    kind = KINDS[kind_name]
    record = _load(session, actor, kind, ref)
    if record.archived_at is None:
        raise Conflict(f"The {kind.name} {ref} is not archived; there is nothing to restore.")
    require(actor.is_admin or kind.owns(session, actor, record), f"restore the {kind.name} {ref}: only an "
            "admin or its owner may")
    blockers = kind.restore_blockers(session, record)
    if blockers:
        raise Conflict(f"The {kind.name} {ref} cannot be restored yet: " + "; ".join(blockers) + ".",
                       details={"blockers": blockers})
    record.archived_at, record.archived_by = None, None
    audit.record(session, actor, "restore", kind.name, record.id, f"restored {kind.name} {record.id}",
                 before={"archived": True}, after={"archived": False})
    session.flush()
    _notify(session, kind.name, record.id, "restored")
    return _entry(session, actor, kind, record)


# --- remove for good ----------------------------------------------------------------

def purge_plan(session: Session, actor: Actor, kind_name: str, ref: str | int) -> Plan:
    """What removing the archived record for good takes with it, or what refuses it."""
    require_role(actor, Role.ADMIN, "remove records for good")
    kind_name = kind_of(kind_name)
    if kind_name == "metric":
        row = metrics.get(session, str(ref))
        return Plan(_metric_entry(actor, row), ["its archived definition (earlier versions of the metrics "
                                                "file still hold it)"], [])
    kind = KINDS[kind_name]
    record = _load(session, actor, kind, ref)
    if record.archived_at is None:
        raise Conflict(f"The {kind.name} {ref} is not archived: archive it first (POST /api/v1/{kind.plural}/"
                       f"{ref}/archive); only archived records are removed for good.")
    return Plan(_entry(session, actor, kind, record), kind.purge_effects(session, record),
                kind.purge_blockers(session, record))


def purge(session: Session, actor: Actor, kind_name: str, ref: str | int) -> Plan:
    """Remove an archived record for good (admins). Returns what went with it."""
    plan = purge_plan(session, actor, kind_name, ref)
    kind_name = kind_of(kind_name)
    if kind_name == "metric":
        metrics.purge(session, actor, str(ref))
        _notify(session, "metric", str(ref), "purged")
        return plan
    if plan.blockers:
        raise Conflict(f"The {kind_name} {ref} cannot be removed for good while " + "; ".join(plan.blockers)
                       + ".", details={"blockers": plan.blockers})
    kind = KINDS[kind_name]
    record = _load(session, actor, kind, plan.entry.ref)
    audit.record(session, actor, "purge", kind.name, record.id,
                 f"removed {kind.name} {record.id} for good, with " + "; ".join(plan.effects),
                 before={"title": kind.title(record)} if plan.entry.title is not None else None)
    session.delete(record)
    session.flush()
    _notify(session, kind.name, int(plan.entry.ref), "purged")
    return plan


# --- what the archive holds ----------------------------------------------------------

def list_archived(session: Session, actor: Actor) -> list[Entry]:
    """Everything archived that the actor may know of, newest first: documents they may read
    (admins: every document, private ones without their title), and every other kind."""
    entries: list[Entry] = []
    for kind in KINDS.values():
        for record in session.scalars(select(kind.model).where(kind.model.archived_at.is_not(None))):
            if actor.is_admin or kind.readable(session, actor, record):
                entries.append(_entry(session, actor, kind, record))
    entries += [_metric_entry(actor, row) for row in metrics.list_archived(session)]
    return sorted(entries, key=lambda e: (e.archived_at or utcnow(), e.kind, e.ref), reverse=True)


def _metric_entry(actor: Actor, row: metrics.ArchivedMetric) -> Entry:
    return Entry(kind="metric", ref=row.name, title=row.name, archived_at=row.archived_at,
                 archived_by=row.archived_by, may_restore=actor.is_admin, may_purge=actor.is_admin)


def _metric_archive_plan(session: Session, actor: Actor, name: str) -> Plan:
    from dayone.wbr import edits
    from dayone.wbr import service as wbr

    require_role(actor, Role.ADMIN, "archive a metric")
    found = edits.removal(wbr.current_file(session).body, name)
    effects = ["Its definition leaves the metrics file (a new version; earlier versions are kept) and "
               "waits in the archive, from which an admin restores it."]
    if found["deck"]:
        effects.append("It leaves the deck; a restore puts it back at the deck's end.")
    if found["drives"]:
        effects.append(f"{', '.join(found['drives'])} no longer name it among the outputs they drive.")
    effects.append("Owners' notes on it stay in the weeks they were written for.")
    blockers = [f"the metric {m} is computed from it" for m in found["derived"]] + \
        [f"the deck's block {b} draws it" for b in found["blocks"]]
    entry = Entry(kind="metric", ref=name, title=name, archived_at=None, archived_by=None,
                  may_restore=True, may_purge=True)
    return Plan(entry, effects, blockers)
