"""Archiving a metric: its definition leaves the metrics file (a new version, as a removal
does) and is kept in ``archived_metrics`` until an admin restores it (written back into
the file) or removes it for good."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone import audit
from dayone.archive.models import ArchivedMetric
from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require_role
from dayone.errors import Conflict, NotFound
from dayone.wbr import edits
from dayone.wbr import service as wbr


def get(session: Session, name: str) -> ArchivedMetric:
    row = session.scalar(select(ArchivedMetric).where(ArchivedMetric.name == name))
    if row is None:
        raise NotFound(f"No archived metric {name!r}; the archive (/archive) lists what it holds.")
    return row


def list_archived(session: Session) -> list[ArchivedMetric]:
    return list(session.scalars(select(ArchivedMetric).order_by(ArchivedMetric.archived_at.desc())))


def archive(session: Session, actor: Actor, name: str, *, based_on: int | None) -> ArchivedMetric:
    """Take metric ``name`` out of the metrics file (refused while a derived metric or a chart
    uses it) and keep its definition for a restore."""
    require_role(actor, Role.ADMIN, "archive a metric")
    if session.scalar(select(ArchivedMetric.id).where(ArchivedMetric.name == name)) is not None:
        raise Conflict(f"An earlier metric {name!r} is already in the archive: restore it or remove it for good "
                       "first, so that neither definition is lost.")
    current = wbr.current_file(session)
    if name not in wbr.load(session).metrics:
        raise NotFound(f"No metric {name!r} in the workspace's metrics file.")
    definition = edits.fields_of(current.body, name)
    in_deck = bool(edits.removal(current.body, name)["deck"])
    version = wbr.remove_metric(session, actor, name, based_on=based_on)
    row = ArchivedMetric(name=name, definition=definition, in_deck=in_deck, archived_by=actor.label,
                         metrics_file_id=version.id)
    session.add(row)
    session.flush()
    audit.record(session, actor, "archive", "metric", row.id, f"archived metric {name}",
                 before={"name": name, "definition": definition})
    return row


def restore(session: Session, actor: Actor, name: str) -> int:
    """Write the archived definition back into the metrics file (and onto the deck, if it was
    there); returns the new version of the file. Checked like any edit of the file."""
    require_role(actor, Role.ADMIN, "restore a metric")
    row = get(session, name)
    current = wbr.current_file(session)
    if name in wbr.load(session).metrics:
        raise Conflict(f"The metrics file has a metric {name!r} again; rename one of them first.")
    body = edits.insert_metric(current.body, name, row.definition)
    if row.in_deck:
        body = edits.insert_deck_item(body, name)
    version = wbr.save(session, actor, body, based_on=current.id)
    audit.record(session, actor, "restore", "metric", row.id, f"restored metric {name}",
                 after={"name": name, "definition": row.definition})
    session.delete(row)
    session.flush()
    return version.id


def purge(session: Session, actor: Actor, name: str) -> None:
    """Forget the archived definition (earlier versions of the metrics file still hold it)."""
    require_role(actor, Role.ADMIN, "remove an archived metric for good")
    row = get(session, name)
    audit.record(session, actor, "purge", "metric", row.id, f"removed archived metric {name} for good",
                 before={"name": name, "definition": row.definition})
    session.delete(row)
    session.flush()
