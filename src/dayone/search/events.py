"""Keeping the index current: on every flush, the records saved, renamed or deleted in it
are written again (or removed) in the same transaction, so the index commits and rolls
back with them.

ORM events rather than calls in each service: every path that saves a record through a
session — the web, the API, the command line, the demo, a future service — updates the
index without having to remember to. (Bulk ``UPDATE`` statements bypass the ORM and so
these events; nothing uses them on these tables, and ``dayone search --rebuild`` repairs
the index if something ever does.)
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from dayone.decisions.models import Decision
from dayone.documents.models import Document, DocumentVersion
from dayone.experiments.models import Experiment
from dayone.org.models import Initiative, Person, Team
from dayone.search import index, sources
from dayone.wbr.models import WbrMetricsFile

_KIND_OF: dict[type, str] = {Document: "document", Decision: "decision", Person: "person", Team: "team",
                             Initiative: "initiative", Experiment: "experiment"}


def _changes(session: Session) -> tuple[dict[str, set[int]], dict[str, set[int]], bool]:
    """(records to write again, records to remove, whether the metrics file changed)."""
    write: dict[str, set[int]] = defaultdict(set)
    gone: dict[str, set[int]] = defaultdict(set)
    metrics = False
    for obj in (*session.new, *session.dirty):
        kind = _KIND_OF.get(type(obj))
        if kind is not None and obj.id is not None:
            write[kind].add(obj.id)
        elif isinstance(obj, DocumentVersion):
            write["document"].add(obj.document_id)
        elif isinstance(obj, WbrMetricsFile):
            metrics = True
    for obj in session.deleted:
        kind = _KIND_OF.get(type(obj))
        if kind is not None and obj.id is not None:
            gone[kind].add(obj.id)
        elif isinstance(obj, WbrMetricsFile):
            metrics = True
    return write, gone, metrics


def _after_flush(session: Session, _context: Any) -> None:
    write, gone, metrics = _changes(session)
    if not (write or gone or metrics):
        return
    conn = session.connection()
    for kind, ids in gone.items():
        for ref_id in ids:
            index.remove(conn, kind, ref_id)
    for kind, ids in write.items():
        ids -= gone.get(kind, set())
        if ids:
            entries = sources.BUILDERS[kind](conn, ids)
            index.put(conn, entries)
            for missing in ids - {e.ref_id for e in entries}:  # deleted by the database meanwhile
                index.remove(conn, kind, missing)
    if metrics:
        index.remove_kind(conn, "metric")
        index.put(conn, sources.metrics(conn))


def install(sessions: sessionmaker[Session]) -> None:
    """Keep the index current for every session this factory makes."""
    if not event.contains(sessions, "after_flush", _after_flush):
        event.listen(sessions, "after_flush", _after_flush)


def rebuild(session: Session, live_only: bool = True) -> int:
    """Write the whole index again from the live records; the number of rows written.
    ``live_only=False`` reads tables that have no archive columns yet (migration 0007)."""
    conn = session.connection()
    for kind in index.KINDS:
        index.remove_kind(conn, kind)
    entries = sources.everything(conn, live_only=live_only)
    index.put(conn, entries)
    return len(entries)
