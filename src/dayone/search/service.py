"""Searching: the words matched, ranked, cut to a page and marked — and only among what
the searcher may read. Documents follow the documents' rule (``documents.service.
readable_ids``: author, shares, review invitees, shared with all; admins get no special
view of private drafts); decisions, metrics, people, teams and initiatives are read by
everyone signed in. The rule is part of the query, so counts and totals never include
what the searcher may not read.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sqlalchemy import ColumnElement, Select, bindparam, column, func, literal_column, or_, select, table, true
from sqlalchemy.orm import Session

from dayone.auth.permissions import Actor
from dayone.documents import service as documents
from dayone.errors import InvalidInput
from dayone.search import query as parsing
from dayone.search.index import KINDS, MARK_END, MARK_START, TABLE
from dayone.search.schemas import SearchHit, SearchResults

MAX_LIMIT = 100
SNIPPET_WORDS = 24
_INDEX = table(TABLE, column("kind"), column("ref_id"), column("ref_key"), column("title"), column("body"))
_ENGLISH: ColumnElement[Any] = literal_column("'english'::regconfig")
_MARKS = f"StartSel={MARK_START}, StopSel={MARK_END}"
_HEADLINE = f'{_MARKS}, MaxWords={SNIPPET_WORDS}, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "'



def kinds_of(asked: Sequence[str]) -> list[str]:
    """The kinds to search: each asked for by name (commas allowed), or all of them."""
    chosen = [k.strip() for item in asked for k in item.split(",") if k.strip()]
    unknown = [k for k in chosen if k not in KINDS]
    if unknown:
        raise InvalidInput(f"kind: {', '.join(repr(k) for k in unknown)} is not a kind of record; search "
                           f"{', '.join(KINDS)}.", field="kind")
    return list(dict.fromkeys(chosen)) or list(KINDS)


def marked(text: str) -> str:
    """HTML-escaped text with the database's match markers turned into <mark>…</mark>
    (the markers are control characters the index never holds, so only the database's remain)."""
    if text.count(MARK_START) != text.count(MARK_END):
        text = text.replace(MARK_START, "").replace(MARK_END, "")
    return html.escape(text, quote=True).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def url_of(kind: str, ref_id: int, key: str) -> str:
    if kind == "metric":
        return "/wbr/metrics#metric-" + quote(key, safe="")
    return {"document": "/documents/", "decision": "/decisions/", "person": "/people/", "team": "/teams/",
            "initiative": "/initiatives/", "experiment": "/experiments/"}[kind] + str(ref_id)


def _readable(actor: Actor) -> ColumnElement[bool]:
    readable = documents.readable_ids(actor)
    if readable is None:
        return true()
    return or_(_INDEX.c.kind != "document", _INDEX.c.ref_id.in_(readable))


def search(session: Session, actor: Actor, text: str, kinds: Sequence[str] = (), *, limit: int = 20,
           offset: int = 0) -> SearchResults:
    """The page of matches ``offset`` … ``offset + limit`` the actor may read, best first."""
    terms = parsing.parse(text)
    chosen = kinds_of(kinds)
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit: give 1 to {MAX_LIMIT} (got {limit}).", field="limit")
    if not 0 <= offset <= 1_000_000:
        raise InvalidInput(f"offset: give 0 to 1,000,000 (got {offset}).", field="offset")
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:
        q: Any = bindparam("q", terms.fts5())
        match = literal_column(TABLE).op("MATCH")(q)
    else:
        q = func.to_tsquery(_ENGLISH, bindparam("q", terms.tsquery()))
        match = literal_column("tsv").op("@@")(q)
    allowed = _readable(actor)
    counts = {kind: n for kind, n in session.execute(
        select(_INDEX.c.kind, func.count()).where(match, allowed).group_by(_INDEX.c.kind))}
    total = sum(counts.get(k, 0) for k in chosen)
    page = _page_sqlite(q) if sqlite else _page_postgres(q)
    rows = session.execute(page.where(match, allowed, _INDEX.c.kind.in_(chosen)).limit(limit).offset(offset)).all()
    if not sqlite:
        rows = _headlines(session, q, rows)
    hits = [SearchHit(kind=r.kind, id=None if r.kind == "metric" else r.ref_id,
                      key=r.ref_key if r.kind == "metric" else None, title=r.title,
                      title_html=marked(r.title_marked), snippet_html=marked(r.snippet),
                      url=url_of(r.kind, r.ref_id, r.ref_key)) for r in rows]
    return SearchResults(query=text, words=list(terms.words), kinds=chosen, total=total,
                         counts={k: counts.get(k, 0) for k in KINDS}, limit=limit, offset=offset,
                         next_offset=offset + limit if offset + limit < total else None, hits=hits)


def _page_sqlite(q: Any) -> Select[Any]:
    this: ColumnElement[Any] = literal_column(TABLE)
    return select(_INDEX.c.kind, _INDEX.c.ref_id, _INDEX.c.ref_key, _INDEX.c.title,
                  func.highlight(this, 3, MARK_START, MARK_END).label("title_marked"),
                  func.snippet(this, 4, MARK_START, MARK_END, "…", SNIPPET_WORDS).label("snippet")
                  ).order_by(func.bm25(this, 0.0, 0.0, 0.0, 4.0, 1.0), literal_column("rowid"))


def _page_postgres(q: Any) -> Select[Any]:
    return select(literal_column("id"), _INDEX.c.kind, _INDEX.c.ref_id, _INDEX.c.ref_key, _INDEX.c.title
                  ).order_by(func.ts_rank_cd(literal_column("tsv"), q).desc(), literal_column("id"))


def _headlines(session: Session, q: Any, rows: Sequence[Any]) -> list[Any]:
    """PostgreSQL's marked title and passage, computed for the page's rows only (ts_headline
    reads the whole text)."""
    if not rows:
        return []
    found = {r.id: r for r in session.execute(
        select(literal_column("id"),
               func.ts_headline(_ENGLISH, _INDEX.c.title, q, f"{_MARKS}, HighlightAll=true").label("title_marked"),
               func.ts_headline(_ENGLISH, _INDEX.c.body, q, _HEADLINE).label("snippet"))
        .where(literal_column("id").in_([r.id for r in rows])))}

    return [_Row(r.kind, r.ref_id, r.ref_key, r.title, found[r.id].title_marked, found[r.id].snippet)
            for r in rows]


@dataclass(frozen=True)
class _Row:
    kind: str
    ref_id: int
    ref_key: str
    title: str
    title_marked: str
    snippet: str
