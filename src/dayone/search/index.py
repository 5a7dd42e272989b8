"""The search index: one row per searchable record, kept beside the records it copies.

SQLite keeps it in an FTS5 virtual table; PostgreSQL in a plain table whose ``tsv``
column is *generated* from the title and body (``GENERATED ALWAYS … STORED``) with a
GIN index. A generated column, not one the application fills: the words searched can
never disagree with the text shown, and no code path can write one without the other.
It is computed once per save, not at every query as an expression index would be for
ranking.

Each row's id encodes what it stands for: ``KIND_CODE << 40 | record id``, so a row is
found, replaced or removed by its primary key (or a kind's rows by a range of keys) on
both databases — FTS5 has no index on its other columns. The table is not one of the
ORM's models (FTS5 cannot be declared as one); migrations and the model comparison leave
it out by name (``IGNORED_TABLE_PREFIX``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, text

TABLE = "search_index"
IGNORED_TABLE_PREFIX = TABLE  # the table and FTS5's shadow tables (search_index_data, …)
KIND_CODE = {"document": 1, "decision": 2, "metric": 3, "person": 4, "team": 5, "initiative": 6, "experiment": 7}
KINDS = tuple(KIND_CODE)
_SHIFT = 40
MAX_BODY = 200_000  # characters indexed per record (PostgreSQL's tsvector holds at most 1 MB)
# the snippet markers: control characters, removed from every indexed text (see clean)
MARK_START, MARK_END = "\x01", "\x02"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

SQLITE_DDL = (f"CREATE VIRTUAL TABLE {TABLE} USING fts5(kind UNINDEXED, ref_id UNINDEXED, ref_key UNINDEXED, "
              "title, body, tokenize = 'porter unicode61 remove_diacritics 2')",)
# PostgreSQL's parser keeps emails, host names, paths and numbers like 1.5 as single tokens;
# the words a search is cut into (query.py) would never meet them, so their separators are
# spaces to it — as they are to FTS5's tokenizer
_WORDS_OF = "regexp_replace({}, '[@./:_+''-]+', ' ', 'g')"
POSTGRES_DDL = (
    f"CREATE TABLE {TABLE} (id BIGINT PRIMARY KEY, kind VARCHAR(16) NOT NULL, ref_id BIGINT NOT NULL, "
    "ref_key VARCHAR(200) NOT NULL DEFAULT '', title TEXT NOT NULL, body TEXT NOT NULL, "
    f"tsv TSVECTOR GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, {_WORDS_OF.format('title')}), "
    f"'A') || setweight(to_tsvector('english'::regconfig, {_WORDS_OF.format('body')}), 'B')) STORED)",
    f"CREATE INDEX ix_{TABLE}_tsv ON {TABLE} USING GIN (tsv)",
)


@dataclass(frozen=True)
class Entry:
    """What the index holds for one record: its kind, id (a metric's: its place in the
    file) and key (a metric's name), and the text searched."""

    kind: str
    ref_id: int
    title: str
    body: str
    ref_key: str = ""

    @property
    def row_id(self) -> int:
        return row_id(self.kind, self.ref_id)


def row_id(kind: str, ref_id: int) -> int:
    return KIND_CODE[kind] << _SHIFT | ref_id


def kind_range(kind: str) -> tuple[int, int]:
    return KIND_CODE[kind] << _SHIFT, (KIND_CODE[kind] + 1 << _SHIFT) - 1


def clean(value: str, limit: int) -> str:
    """Text as indexed: no control characters (the snippet markers among them), at most ``limit``."""
    return _CONTROL.sub(" ", value[:limit])


def create(conn: Connection) -> None:
    for statement in SQLITE_DDL if conn.dialect.name == "sqlite" else POSTGRES_DDL:
        conn.exec_driver_sql(statement)  # no bound parameters: its colons are SQL's


def drop(conn: Connection) -> None:
    conn.execute(text(f"DROP TABLE IF EXISTS {TABLE}"))


def exists(conn: Connection) -> bool:
    from sqlalchemy import inspect

    return bool(inspect(conn).has_table(TABLE))


def put(conn: Connection, entries: list[Entry]) -> None:
    """Write (or replace) these records' rows."""
    if not entries:
        return
    id_column = "rowid" if conn.dialect.name == "sqlite" else "id"
    conn.execute(text(f"DELETE FROM {TABLE} WHERE {id_column} = :id"), [{"id": e.row_id} for e in entries])
    conn.execute(text(f"INSERT INTO {TABLE} ({id_column}, kind, ref_id, ref_key, title, body) "
                      "VALUES (:id, :kind, :ref_id, :ref_key, :title, :body)"),
                 [{"id": e.row_id, "kind": e.kind, "ref_id": e.ref_id, "ref_key": clean(e.ref_key, 200),
                   "title": clean(e.title, 1000), "body": clean(e.body, MAX_BODY)} for e in entries])


def remove(conn: Connection, kind: str, ref_id: int) -> None:
    id_column = "rowid" if conn.dialect.name == "sqlite" else "id"
    conn.execute(text(f"DELETE FROM {TABLE} WHERE {id_column} = :id"), {"id": row_id(kind, ref_id)})


def remove_kind(conn: Connection, kind: str) -> None:
    id_column = "rowid" if conn.dialect.name == "sqlite" else "id"
    low, high = kind_range(kind)
    conn.execute(text(f"DELETE FROM {TABLE} WHERE {id_column} BETWEEN :low AND :high"),
                 {"low": low, "high": high})
