"""What each kind of record contributes to the index: its title and searchable text,
read with plain queries on the connection (the same for the backfill, a save and a rebuild).
An archived record contributes nothing: archiving it takes it out of the index (the save's
flush finds no entry and removes its row) and restoring it puts it back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from markdown_it import MarkdownIt
from sqlalchemy import Connection, select

from dayone.decisions.models import Decision
from dayone.documents.checks.front_block import strip_front_matter
from dayone.documents.models import Document, DocumentVersion
from dayone.errors import DayOneError
from dayone.org.models import Initiative, Person, Team
from dayone.search.index import MAX_BODY, Entry
from dayone.wbr.models import WbrMetricsFile

_MARKDOWN = MarkdownIt("commonmark")


def markdown_text(source: str) -> str:
    """The words of a Markdown document, without its front matter and markup (links keep their text)."""
    try:
        body = strip_front_matter(source[: MAX_BODY * 2])
    except DayOneError:  # unreadable front matter: index the text as written
        body = source
    parts: list[str] = []
    for token in _MARKDOWN.parse(body):
        if token.type == "inline":
            parts.append("".join(child.content for child in token.children or ()
                                 if child.type in ("text", "code_inline")) or token.content)
        elif token.type in ("fence", "code_block", "html_block"):
            parts.append(token.content)
    return "\n".join(p.strip() for p in parts if p.strip())


def documents(conn: Connection, ids: Iterable[int] | None = None, live_only: bool = True) -> list[Entry]:
    """Documents' titles and the text of their newest version."""
    query = select(Document.id, Document.title, Document.latest_version)
    if live_only:
        query = query.where(Document.archived_at.is_(None))
    if ids is not None:
        query = query.where(Document.id.in_(list(ids)))
    entries = []
    for doc_id, title, latest in conn.execute(query):
        body = conn.scalar(select(DocumentVersion.body).where(DocumentVersion.document_id == doc_id,
                                                              DocumentVersion.number == latest)) or ""
        entries.append(Entry("document", doc_id, title, markdown_text(body)))
    return entries


def decisions(conn: Connection, ids: Iterable[int] | None = None, live_only: bool = True) -> list[Entry]:
    table = Decision.__table__
    query = select(table.c.id, table.c.title, table.c.context, table.c.options, table.c.choice,
                   table.c.reasoning, table.c.consequences)
    if live_only:
        query = query.where(table.c.archived_at.is_(None))
    if ids is not None:
        query = query.where(table.c.id.in_(list(ids)))
    return [Entry("decision", row.id, row.title, "\n".join(
        [row.context, *(str(o) for o in row.options or ()), row.choice, row.reasoning, row.consequences]))
        for row in conn.execute(query)]


def people(conn: Connection, ids: Iterable[int] | None = None, live_only: bool = True) -> list[Entry]:
    table = Person.__table__
    query = select(table.c.id, table.c.name, table.c.email, table.c.title)
    if ids is not None:
        query = query.where(table.c.id.in_(list(ids)))
    return [Entry("person", row.id, row.name, f"{row.title}\n{row.email}") for row in conn.execute(query)]


def teams(conn: Connection, ids: Iterable[int] | None = None, live_only: bool = True) -> list[Entry]:
    table = Team.__table__
    query = select(table.c.id, table.c.name, table.c.mission)
    if live_only:
        query = query.where(table.c.archived_at.is_(None))
    if ids is not None:
        query = query.where(table.c.id.in_(list(ids)))
    return [Entry("team", row.id, row.name, row.mission) for row in conn.execute(query)]


def initiatives(conn: Connection, ids: Iterable[int] | None = None, live_only: bool = True) -> list[Entry]:
    table = Initiative.__table__
    query = select(table.c.id, table.c.name, table.c.goal, table.c.status)
    if live_only:
        query = query.where(table.c.archived_at.is_(None))
    if ids is not None:
        query = query.where(table.c.id.in_(list(ids)))
    return [Entry("initiative", row.id, row.name, f"{row.goal}\n{row.status}") for row in conn.execute(query)]


def metrics(conn: Connection) -> list[Entry]:
    """The metrics of the metrics file in use (its newest version)."""
    table = WbrMetricsFile.__table__
    row = conn.execute(select(table.c.body, table.c.name).order_by(table.c.id.desc()).limit(1)).first()
    return metrics_of(row.body, row.name) if row is not None else []


_KEY = re.compile(r"""^\s*["']?([^"'#:\s][^"'#:]*?)["']?\s*:""")


def _comments(body: str) -> dict[str, str]:
    """The comment lines written just above each key: how people describe a metric in YAML."""
    found: dict[str, str] = {}
    pending: list[str] = []
    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            pending.append(stripped.lstrip("#").strip())
            continue
        match = _KEY.match(line)
        if match and pending:
            found[match.group(1)] = " ".join(pending)
        pending = []
    return found


def _names_in(item: Any, names: set[str]) -> set[str]:
    if isinstance(item, str):
        return {item} & names
    if isinstance(item, dict):
        return set().union(*(_names_in(v, names) for v in item.values())) if item else set()
    if isinstance(item, list):
        return set().union(*(_names_in(v, names) for v in item)) if item else set()
    return set()


def metrics_of(body: str, file: str = "metrics.yaml") -> list[Entry]:
    """Each metric's name, its words, owner, unit and kind, the deck's sections and chart
    titles that show it, its annotations and the comment above it in the file. A file that
    does not parse gives none (saved files were checked; this is the legacy file's case)."""
    from dayone import yamlfile

    try:
        raw = yamlfile.load(body, file=file)
    except DayOneError:
        return []
    defined = raw.get("metrics") if isinstance(raw, dict) else None
    if not isinstance(defined, dict):
        return []
    names = {str(n) for n in defined}
    context: dict[str, list[str]] = {n: [] for n in names}
    section = ""
    for item in raw.get("deck") or []:
        if isinstance(item, dict) and isinstance(item.get("section"), str):
            section = item["section"]
            continue
        title = item.get("title") if isinstance(item, dict) else None
        for name in _names_in(item, names):
            context[name] += [t for t in (section, title) if isinstance(t, str) and t]
    for note in raw.get("annotations") or []:
        if isinstance(note, dict) and str(note.get("metric")) in names and note.get("description"):
            context[str(note["metric"])].append(str(note["description"]))
    comments = _comments(body)
    entries = []
    for position, (name, spec) in enumerate(defined.items(), start=1):
        spec = spec if isinstance(spec, dict) else {}
        words = [str(name).replace("_", " "), comments.get(str(name), "")]
        words += [str(spec.get(k)) for k in ("owner", "unit", "kind", "derived") if spec.get(k)]
        words += list(dict.fromkeys(context.get(str(name), [])))
        entries.append(Entry("metric", position, str(name), "\n".join(w for w in words if w), ref_key=str(name)))
    return entries


def experiments(conn: Connection, ids: Iterable[int] | None = None, live_only: bool = True) -> list[Entry]:
    """Experiments: the title, the hypothesis, the metrics read and what the test taught (none in a
    database migrated only as far as the search index's backfill, before experiments existed)."""
    from sqlalchemy import inspect

    from dayone.experiments.models import Experiment

    if not inspect(conn).has_table("experiments"):
        return []
    table = Experiment.__table__
    query = select(table.c.id, table.c.title, table.c.hypothesis, table.c.primary_metric, table.c.guardrails,
                   table.c.outcome, table.c.learning)
    # an archived one leaves search (the column exists from migration 0015; 0013's backfill runs before it)
    if live_only and "archived_at" in {c["name"] for c in inspect(conn).get_columns("experiments")}:
        query = query.where(table.c.archived_at.is_(None))
    if ids is not None:
        query = query.where(table.c.id.in_(list(ids)))
    return [Entry("experiment", row.id, row.title, "\n".join(
        [row.hypothesis or "", row.primary_metric, *(str(g.get("metric", "")) for g in row.guardrails or ()),
         row.outcome or "", row.learning or ""])) for row in conn.execute(query)]


BUILDERS = {"document": documents, "decision": decisions, "person": people, "team": teams,
            "initiative": initiatives, "experiment": experiments}


def everything(conn: Connection, live_only: bool = True) -> list[Entry]:
    """Every record's entry. Archived records are left out (they leave search until restored);
    ``live_only=False`` is for the migration that fills the index before the archive existed."""
    entries = [e for build in BUILDERS.values() for e in build(conn, live_only=live_only)]
    return entries + metrics(conn)
