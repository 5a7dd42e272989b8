"""Reading sources where they live. This module holds what every backend shares, and the
embedded default: CSV and Parquet files computed by DuckDB.

A backend knows its SQL dialect, the relation that stands for each of its sources (with a
``__day`` DATE column), checks a metric's column against the source, and runs a query. Every
aggregation runs inside the backend's engine; no raw rows come into Python. Bad data is
reported with the source, the row and the column.

The in-process DuckDB is sandboxed before it touches any data: no external access but the
declared Parquet files (``allowed_paths``), no extension installed or loaded, and its
configuration locked. So even SQL that got past the allow-list of metrics/expressions.py
could read no other file, write none, attach no database and load no extension.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Protocol

import duckdb
import pyarrow as pa

from dayone.errors import ValidationFailed
from dayone.metrics import csvfiles, csvformat
from dayone.metrics.query import BaseQuery, Dialect
from dayone.metrics.spec import MetricSpec, SourceSpec

MEMORY_LIMIT = "3GB"
BITMAP_BYTES = 1_000_000_000  # the days' bitmaps of one distinct count, at most
INTEGER_TYPES = ("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT")
TEXTUAL_AGGREGATIONS = ("count", "count_distinct", "first", "last")



class SourceFailed(ValidationFailed):
    """A source could not be read or computed: the engine's own message (``message``), which
    may quote its data or its database, is for admins; ``source`` and ``metrics`` say what
    failed, for everyone; ``database``: the database that refused to connect, if that was why."""

    def __init__(self, message: str, *, source: str, metrics: tuple[str, ...], details: Any = None,
                 database: str | None = None) -> None:
        super().__init__(message, details=details)
        self.source, self.metrics, self.database = source, metrics, database


class Backend(Protocol):
    dialect: Dialect

    def add(self, source: SourceSpec, data: Any = None) -> None: ...

    def relation(self, source: SourceSpec) -> str: ...

    def row(self, source: SourceSpec) -> str | None: ...

    def last_day(self, source: SourceSpec) -> date | None: ...

    def value(self, metric: MetricSpec, source: SourceSpec) -> str: ...

    def run(self, sql: str, what: str) -> list[tuple[Any, ...]]: ...

    def close(self) -> None: ...


def run_all(backend: Backend, q: BaseQuery, what: str) -> list[list[Any]]:
    """Each statement's rows: in one round trip where the backend can send several at once (a
    PostgreSQL database), else one after the other (in-process DuckDB, Spark: memory then holds
    one statement's work at a time); a part of first appearances through Spark's workers."""
    together = getattr(backend, "run_all", None)
    if together is not None:
        return together([q.sql, *(part.sql for part in q.parts)], what)  # type: ignore[no-any-return]
    # a part of segment sets is Spark's alone (SparkFiles.first_appearances): any other backend fails loudly
    return [backend.run(q.sql, what), *(backend.first_appearances(part, what)  # type: ignore[attr-defined]
                                        if part.pairs is not None else backend.run(part.sql, what) for part in q.parts)]


def view_name(source: str) -> str:
    return "src_" + "".join(c if c.isalnum() else "_" for c in source)


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def missing_column(where: str, source: SourceSpec, column: str, columns: list[str]) -> ValidationFailed:
    close = difflib.get_close_matches(column, columns, n=1)
    return ValidationFailed(f"{where}: source {source.name} ({source.location}) has no column {column!r}"
                            + (f"; did you mean {close[0]!r}?" if close else f"; its columns: {', '.join(columns)}."))


def unreadable(source: SourceSpec, exc: Exception) -> ValidationFailed:
    """A source's file that its engine cannot read, with the engine's first line."""
    return ValidationFailed(f"sources.{source.name}.{source.kind}: {source.location} cannot be read as "
                            f"{source.kind.upper() if source.kind == 'csv' else 'Parquet'}: "
                            f"{str(exc).splitlines()[0]}")


def duplicate_day(source: SourceSpec, day: date, rows: list[int]) -> ValidationFailed:
    where = f"rows {', '.join(map(str, rows[:5]))} of {source.location}" if rows else source.location
    return ValidationFailed(f"sources.{source.name}: {where} all hold {day.isoformat()}, but this source has "
                            "one row a day (one_row_per_day); remove the duplicates, or drop one_row_per_day if "
                            "several rows a day are expected.")


NUMERIC_TYPES = ("DOUBLE", "FLOAT", "REAL", "DECIMAL", "NUMERIC", "INTEGER", "BIGINT", "SMALLINT", "TINYINT",
                 "HUGEINT", "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT", "INT", "LONG", "SHORT", "BYTE")


def is_numeric(type_name: str) -> bool:
    return type_name.upper().startswith(NUMERIC_TYPES)


def sandboxed(memory_limit: str, files: Sequence[str] = (), profile: str | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that may read only ``files`` (and write only its spill files, and
    ``profile``, a benchmark's profiling output), loads no extension, and whose configuration
    is locked: a statement cannot undo any of it."""
    con = duckdb.connect()
    # big row-level sources: distinct counts spill to disk rather than take all the memory
    con.execute(f"SET memory_limit = {quote(memory_limit)}")
    con.execute("SET TimeZone = 'UTC'")  # no day may depend on the machine's time zone (csvformat.day_sql)
    con.execute(f"SET temp_directory = {quote(os.path.join(tempfile.gettempdir(), 'dayone-duckdb'))}")
    allowed = list(files)
    if profile:
        con.execute("PRAGMA enable_profiling = 'json'")
        con.execute(f"PRAGMA profiling_output = {quote(profile)}")
        allowed.append(profile)
    con.execute(f"SET allowed_paths = [{', '.join(quote(p) for p in allowed)}]")
    con.execute("SET enable_external_access = false")
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    con.execute("SET allow_community_extensions = false")
    con.execute("SET lock_configuration = true")
    return con


def _row_numbers(count: int) -> pa.Array:
    """1 … count as an Arrow column, built from a NumPy buffer: ``pa.array`` of a range would
    import pandas (half a second of `dayone wbr build`) to ask whether it was given a Series."""
    import numpy as np

    return pa.Array.from_buffers(pa.int64(), count, [None, pa.py_buffer(np.arange(1, count + 1, dtype=np.int64))])


class DuckDBFiles:
    """CSV and Parquet files, computed in an in-process, sandboxed DuckDB."""

    dialect = Dialect("duckdb")

    def __init__(self, memory_limit: str = MEMORY_LIMIT, *, files: Mapping[str, Sequence[str]] | None = None,
                 profile: str | None = None) -> None:
        """``files``: each source's files, resolved and allowed (metrics/sandbox.py): the only
        files DuckDB may open (it reads the Parquet ones; Arrow reads the CSV ones)."""
        self.files = {name: list(paths) for name, paths in (files or {}).items()}
        self.con = sandboxed(memory_limit, [p for paths in self.files.values() for p in paths], profile)
        self.types: dict[str, dict[str, str]] = {}

    def close(self) -> None:
        self.con.close()

    def relation(self, source: SourceSpec) -> str:
        return view_name(source.name)

    def row(self, source: SourceSpec) -> str | None:
        return "s.__row" if source.kind == "csv" else None

    def add(self, source: SourceSpec, data: Any = None) -> None:
        """Register a source once: a CSV becomes a typed in-memory table, a Parquet file a view.

        A CSV is parsed by Arrow (multi-threaded, types inferred); a column that Arrow could not
        type — thousands separators, a stray word — is checked and converted in DuckDB, so the
        error names the first bad row. A file DuckDB cannot read (not Parquet, truncated) is a
        ValidationFailed naming the source and the file.
        """
        try:
            self._add(source, data)
        except duckdb.Error as exc:
            raise unreadable(source, exc) from None

    def _add(self, source: SourceSpec, data: Any = None) -> None:
        name, raw = view_name(source.name), f"raw_{view_name(source.name)}"
        paths = self.files.get(source.name) or [source.location]
        if source.kind == "csv":
            table = data if data is not None else csvfiles.read(source, paths[0])
            table = table.append_column("__row", _row_numbers(table.num_rows))
            self.con.register(raw, table)  # Arrow's memory, scanned in place; copied once, typed, below
        else:
            listed = ", ".join(quote(p) for p in paths)  # the files a glob matched, each checked: no glob here
            self.con.execute(f"CREATE OR REPLACE VIEW {raw} AS SELECT * FROM read_parquet([{listed}])")
        described = {r[0]: r[1] for r in self.con.execute(f"DESCRIBE {raw}").fetchall() if r[0] != "__row"}
        if source.date_column not in described:
            raise missing_column(f"sources.{source.name}.date_column", source, source.date_column, list(described))
        fmt = source.format
        day = csvformat.day_sql(f'"{source.date_column}"', described[source.date_column], fmt)
        if described[source.date_column] != "DATE":
            self._check_dates(source, raw, day)
        others = [c for c in described if c != source.date_column]
        textual = [c for c in others if described[c] == "VARCHAR"] if source.kind == "csv" else []
        numeric: dict[str, bool] = {}
        if textual:  # one pass: which text columns hold only numbers as the source writes them, or blanks
            checks = ", ".join(f"bool_and({csvformat.blank_sql(q)} OR {csvformat.number_sql(q, fmt, 'duckdb')})"
                               for q in (f'"{c}"' for c in textual))
            numeric = dict(zip(textual, self.con.execute(f"SELECT {checks} FROM {raw}").fetchone() or (), strict=True))
        if source.kind == "csv":
            typed = ", ".join(f"{csvformat.value_sql(f'{chr(34)}{c}{chr(34)}', fmt, 'duckdb')} AS \"{c}\""
                              if numeric.get(c) else f'"{c}"' for c in others)
            self.con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT __row, {day} AS __day"
                             f"{', ' + typed if typed else ''} FROM {raw}")
        else:
            self.con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT {day} AS __day, * FROM {raw}")
        self.types[source.name] = {r[0]: r[1] for r in self.con.execute(f"DESCRIBE {name}").fetchall()}
        if source.one_row_per_day:
            row = "__row" if source.kind == "csv" else "NULL"
            twice = self.con.execute(f"SELECT __day, list({row} ORDER BY {row}) FROM {name} GROUP BY __day "
                                     "HAVING count(*) > 1 ORDER BY __day LIMIT 1").fetchone()
            if twice is not None:
                raise duplicate_day(source, twice[0], [r for r in twice[1] if r is not None])

    def _check_dates(self, source: SourceSpec, raw: str, day: str) -> None:
        row = "__row" if source.kind == "csv" else "NULL"
        column = f'"{source.date_column}"'
        bad = self.con.execute(f"SELECT {row}, {column} FROM {raw} WHERE {day} IS NULL AND {column} IS NOT NULL "
                               "LIMIT 1").fetchone()
        if bad is not None:
            where = f"row {bad[0]} of {source.location}" if bad[0] is not None else source.location
            raise ValidationFailed(f"sources.{source.name}: {where}, column {source.date_column!r}: {bad[1]!r} is "
                                   "not a date (use YYYY-MM-DD).")

    def last_day(self, source: SourceSpec) -> date | None:
        try:
            found = self.con.execute(f"SELECT max(__day) FROM {view_name(source.name)}").fetchone()
        except duckdb.Error as exc:  # a Parquet file is read when queried: it may have changed since
            raise unreadable(source, exc) from None
        return found[0] if found else None

    def value(self, metric: MetricSpec, source: SourceSpec) -> str:
        """The metric's value expression, after checking the column exists and holds numbers."""
        assert metric.column is not None
        types = self.types[source.name]
        if metric.column in types:
            column = f'"{metric.column}"'
            if types[metric.column] == '"NULL"':  # blank on every row (Arrow's null type): no numbers, no text
                return f"CAST({column} AS DOUBLE)"
            if not is_numeric(types[metric.column]) and metric.aggregation not in TEXTUAL_AGGREGATIONS:
                raw = f"raw_{view_name(source.name)}"
                row = "__row" if source.kind == "csv" else "NULL"
                text = f"CAST({column} AS VARCHAR)"
                bad = self.con.execute(
                    f"SELECT {row}, {column} FROM {raw} WHERE NOT {csvformat.blank_sql(text)} AND NOT "
                    f"{csvformat.number_sql(text, source.format, 'duckdb')} ORDER BY 1 LIMIT 1").fetchone()
                where = (f"row {bad[0]} of {source.location}, column {metric.column!r}"
                         if bad and bad[0] is not None else f"column {metric.column!r} of {source.location}")
                why = csvformat.not_a_number(bad[1], source.format, source.name) if bad else "is not a number."
                raise ValidationFailed(f"metrics.{metric.name}: {where}: {why}")
            return column
        if metric.column.isidentifier():
            raise missing_column(f"metrics.{metric.name}.column", source, metric.column,
                                 [c for c in types if not c.startswith("__")])
        return f"({self.dialect.fragment(metric.column, f'metrics.{metric.name}.column')})"  # checked, re-rendered

    def integer_ranges(self, source: SourceSpec, metrics: list[MetricSpec], low: date, high: date
                       ) -> dict[str, tuple[int, int]]:
        """For distinct counts of whole-number columns: the values' range over the dates, when a
        bitmap of that range for each day fits in memory (see query.build)."""
        types = self.types[source.name]
        wanted = [m for m in metrics if m.column in types and types[m.column] in INTEGER_TYPES]
        if not wanted:
            return {}
        bounds = ", ".join(f'min("{m.column}"), max("{m.column}")' for m in wanted)
        found = self.con.execute(f"SELECT {bounds} FROM {view_name(source.name)} WHERE __day BETWEEN ? AND ?",
                                 [low, high]).fetchone() or ()
        days = (high - low).days + 1
        out = {}
        for k, metric in enumerate(wanted):
            lo, hi = found[2 * k], found[2 * k + 1]
            if lo is not None and (hi - lo + 1) * days / 8 <= BITMAP_BYTES:
                out[metric.name] = (int(lo), int(hi))
        return out

    def run(self, sql: str, what: str) -> list[tuple[Any, ...]]:
        """One SELECT, and only one: a second statement never runs (and the sandbox holds)."""
        try:
            return self._select(sql, what).fetchall()
        except duckdb.Error as exc:
            raise ValidationFailed(f"{what}: {str(exc).splitlines()[0]}") from None

    def columns(self, sql: str, what: str) -> dict[str, Any]:
        """One SELECT's result as NumPy arrays by column name (many rows, no Python objects)."""
        try:
            return dict(self._select(sql, what).fetchnumpy())
        except duckdb.Error as exc:
            raise ValidationFailed(f"{what}: {str(exc).splitlines()[0]}") from None

    def _select(self, sql: str, what: str) -> duckdb.DuckDBPyConnection:
        statements = self.con.extract_statements(sql)
        if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
            raise ValidationFailed(f"{what}: only one SELECT statement may run.")
        return self.con.execute(sql)
