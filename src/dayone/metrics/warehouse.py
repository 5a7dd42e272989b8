"""Sources that live in a database or a cluster: SQLite and PostgreSQL tables and queries, and
files read by Spark. Ibis holds the connections; the query module writes the SQL in each
engine's dialect (with sqlglot, Ibis's SQL compiler), so the aggregation runs where the rows
live and only one small row per period comes back.

Queries that users write are checked to be one SELECT that reads nothing but rows
(metrics/expressions.py), reach the database as sqlglot renders them, and run read-only:
PostgreSQL sessions are set to read-only transactions and SQLite connections to
``query_only``. Which databases a metrics file may reach, and with which URL, the sandbox
decides (metrics/sandbox.py).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from dayone.errors import ValidationFailed
from dayone.metrics import csvfiles, csvformat, expressions, query
from dayone.metrics.query import Dialect, Part
from dayone.metrics.sandbox import scheme, sqlite_path
from dayone.metrics.sources import TEXTUAL_AGGREGATIONS, duplicate_day, is_numeric, missing_column, view_name
from dayone.metrics.spec import MetricSpec, SourceSpec


def redacted(url: str) -> str:
    """The URL with its password hidden."""
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


# PostgreSQL type OIDs of numbers (pg_type): int2, int4, int8, float4, float8, numeric, money excluded
NUMERIC_OIDS = frozenset({21, 23, 20, 700, 701, 1700})


class Database:
    """A SQLite or PostgreSQL database, reached through Ibis, its queries run read-only.

    Every statement reaches the server through ``round_trip``, which counts them:
    ``round_trips`` (messages the server answered) and ``statements`` (SQL statements they
    held) — how a test or a benchmark sees that a deck's source took one round trip."""

    def __init__(self, source: SourceSpec, url: str) -> None:
        """Connect to ``url``, the database the sandbox gave for ``source``."""
        import ibis

        kind = scheme(url)
        self.queries: dict[str, str] = {}
        self.columns: dict[str, dict[str, Any]] = {}  # each source's columns → their type (a PostgreSQL OID)
        self.round_trips = 0
        self.statements = 0
        try:
            if kind in ("postgres", "postgresql"):
                self.dialect = Dialect("postgres")
                self.ibis = ibis.connect("postgres://" + url.split("://", 1)[1])
                self.ibis.raw_sql("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
                # the deck's statements are long lists of expressions: compiling them (JIT) took
                # about 1 s a statement and saved nothing measurable, at 1M rows as at 10M
                self.ibis.raw_sql("SET jit = off")
            elif kind == "sqlite":
                self.dialect = Dialect("sqlite")
                path = sqlite_path(url)
                if not os.path.isfile(path):
                    raise ValidationFailed(f"sources.{source.name}.database: no SQLite database at {path}.")
                self.ibis = ibis.sqlite.connect(path)
                self.ibis.raw_sql("PRAGMA query_only = ON")
            else:
                raise ValidationFailed(f"sources.{source.name}.database: {kind or url[:20]!r} databases are not "
                                       "supported; "
                                       "give a postgresql://… or sqlite:///… URL.")
        except ValidationFailed:
            raise
        except Exception as exc:  # the driver's own error names what is wrong (host, password, database)
            raise ValidationFailed(f"sources.{source.name}.database: cannot connect to {redacted(url)}: "
                                   f"{str(exc).splitlines()[0]}") from None

    def close(self) -> None:
        self.ibis.disconnect()

    def round_trip(self, statements: Sequence[str]) -> list[tuple[list[Any], list[tuple[Any, ...]]]]:
        """Send ``statements`` to the server at once and return each one's (columns, rows); the
        columns are the cursor's description entries (name, type code, …).

        PostgreSQL receives them as one simple-query message (statements separated by ``;``) and
        answers with every result; psycopg hands them over one by one (``nextset``). A statement
        the server refuses raises the driver's error, and none of the results is returned."""
        self.statements += len(statements)
        if self.dialect.name != "postgres":  # sqlite3 runs one statement per execute: one call each
            self.round_trips += len(statements)
            return [self._one(sql) for sql in statements]
        self.round_trips += 1
        cursor = self.ibis.raw_sql(";\n".join(statements))
        try:
            out = []
            while True:
                out.append((list(cursor.description or ()), cursor.fetchall() if cursor.description else []))
                if not cursor.nextset():
                    return out
        finally:
            cursor.close()

    def _one(self, sql: str) -> tuple[list[Any], list[tuple[Any, ...]]]:
        cursor = self.ibis.raw_sql(sql)
        try:
            return list(cursor.description or ()), cursor.fetchall()
        finally:
            cursor.close()

    def _fetch(self, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        described, rows = self.round_trip([sql])[0]
        return [d[0] for d in described], rows

    def add(self, source: SourceSpec, data: Any = None) -> None:
        try:  # one SELECT reading only rows, as sqlglot renders it: nothing else reaches the database
            query = expressions.check_query(source.location, self.dialect.name)
        except expressions.ExpressionRefused as exc:
            raise ValidationFailed(f"sources.{source.name}.sql: {exc}") from None
        self.queries[source.name] = query
        try:
            described, _ = self.round_trip([f"SELECT * FROM ({query}) q LIMIT 0"])[0]
        except Exception as exc:
            raise ValidationFailed(f"sources.{source.name}.sql: the database refused the query: "
                                   f"{str(exc).splitlines()[0]}") from None
        names = [d[0] for d in described]
        self.columns[source.name] = {d[0]: d[1] for d in described}
        if source.date_column not in names:
            raise missing_column(f"sources.{source.name}.date_column", source, source.date_column, names)
        column = self.dialect.ident(source.date_column)
        check = (f"SELECT {column} FROM ({query}) q WHERE {column} IS NOT NULL AND "
                 f"{self.dialect.as_date(column)} IS NULL LIMIT 1")
        try:
            _, bad = self._fetch(check)
        except Exception as exc:
            raise ValidationFailed(f"sources.{source.name}: column {source.date_column!r} does not hold dates: "
                                   f"{str(exc).splitlines()[0]}") from None
        if bad:
            raise ValidationFailed(f"sources.{source.name}: column {source.date_column!r} holds {bad[0][0]!r}, "
                                   "which is not a date (use YYYY-MM-DD).")
        if source.one_row_per_day:
            _, twice = self._fetch(f"SELECT __day FROM {self.relation(source)} s GROUP BY __day "
                                   "HAVING count(*) > 1 ORDER BY __day LIMIT 1")
            if twice:
                found = twice[0][0]
                raise duplicate_day(source, date.fromisoformat(found) if isinstance(found, str) else found, [])

    def row(self, source: SourceSpec) -> str | None:
        return None

    def relation(self, source: SourceSpec) -> str:
        day = self.dialect.as_date(self.dialect.ident(source.date_column))
        return f"(SELECT {day} AS __day, q.* FROM ({self.queries[source.name]}) q)"

    def last_day(self, source: SourceSpec) -> date | None:
        try:
            _, rows = self._fetch(f"SELECT max(__day) FROM {self.relation(source)} s")
        except Exception as exc:  # the database went away since it was connected
            raise ValidationFailed(f"sources.{source.name}: the database refused the query: "
                                   f"{str(exc).splitlines()[0]}") from None
        found = rows[0][0] if rows else None
        return date.fromisoformat(found) if isinstance(found, str) else found

    def value(self, metric: MetricSpec, source: SourceSpec) -> str:
        assert metric.column is not None
        names = list(self.columns[source.name])
        if metric.column in names:
            column = self.dialect.ident(metric.column)
            # a PostgreSQL column of a number type needs no look (its type says); others show a value
            if metric.aggregation not in TEXTUAL_AGGREGATIONS and self.columns[source.name][metric.column] \
                    not in NUMERIC_OIDS:
                _, sample = self._fetch(f"SELECT {column} FROM ({self.queries[source.name]}) q "
                                        f"WHERE {column} IS NOT NULL LIMIT 1")
                if sample and not isinstance(sample[0][0], int | float | Decimal):
                    raise ValidationFailed(f"metrics.{metric.name}: column {metric.column!r} of source "
                                           f"{source.name} holds {sample[0][0]!r}, which is not a number.")
            return column
        if metric.column.isidentifier():
            raise missing_column(f"metrics.{metric.name}.column", source, metric.column, names)
        return f"({self.dialect.fragment(metric.column, f'metrics.{metric.name}.column')})"

    def run(self, sql: str, what: str) -> list[tuple[Any, ...]]:
        return self.run_all([sql], what)[0]

    def run_all(self, statements: Sequence[str], what: str) -> list[list[tuple[Any, ...]]]:
        """Each statement's rows, all of them sent in one round trip."""
        try:
            return [rows for _, rows in self.round_trip(statements)]
        except Exception as exc:
            raise ValidationFailed(f"{what}: the database refused the query: {str(exc).splitlines()[0]}") from None


_SESSION: Any = None


SPARK_MEMORY = "3g"  # the local session's heap, as DuckDB's memory_limit (metrics/sources.py): Spark's 1g
# default spills and collects garbage through a 10M-row deck's distinct counts (twice the time)


def spark_session() -> Any:
    """One local SparkSession per process (two cores, a heap of ``SPARK_MEMORY``), created on
    first use."""
    global _SESSION
    if _SESSION is None:
        from pyspark.sql import SparkSession

        _SESSION = (SparkSession.builder.master("local[2]").appName("dayone")
                    .config("spark.driver.memory", SPARK_MEMORY)
                    .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.sql.session.timeZone", "UTC").getOrCreate())
        _SESSION.sparkContext.setLogLevel("ERROR")
        if not os.environ.get("PYSPARK_PYTHON"):  # the Python workers (query.first_appearances) run this
            _SESSION.sparkContext.pythonExec = sys.executable  # Python, with its NumPy and PyArrow, not python3
    return _SESSION


WORKERS = " (they need NumPy and PyArrow: set PYSPARK_PYTHON to a Python that has them)"


def refusal(exc: Exception) -> str:
    """What Spark said, in one line: its message's first line; when its Python workers failed,
    the error their traceback ends with; when they could not start, why (and what they need)."""
    text = str(exc).split("\n\nJVM stacktrace:")[0]  # spark.sql.pyspark.jvmStacktrace.enabled appends it
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    if lines[0].startswith("An exception was thrown from the Python worker"):
        return f"its Python workers failed: {lines[-1]}" + (WORKERS if "No module named" in lines[-1] else "")
    if lines[0].startswith("An error occurred while calling"):  # py4j: the Java exception's words follow
        start = next((line for line in lines if "Cannot run program" in line), None)
        if start:
            return f"its Python workers could not start: {start[start.index('Cannot run program'):]}{WORKERS}"
        causes = [line.removeprefix("Caused by: ") for line in lines if line.startswith("Caused by:")]
        return causes[-1] if causes else lines[-1].lstrip(": ")
    return lines[0]


class SparkFiles:
    """CSV and Parquet files read and computed by Spark (through Ibis's PySpark backend)."""

    dialect = Dialect("spark")

    def __init__(self, session: Any = None, *, files: Mapping[str, Sequence[str]] | None = None) -> None:
        """``files``: each source's files, resolved and allowed (metrics/sandbox.py)."""
        import ibis

        self.files = {name: list(paths) for name, paths in (files or {}).items()}
        self.session = session or spark_session()
        self.ibis = ibis.pyspark.connect(self.session)
        self.types: dict[str, dict[str, str]] = {}

    def close(self) -> None:
        for name in self.types:
            self.session.catalog.dropTempView(view_name(name))

    def add(self, source: SourceSpec, data: Any = None) -> None:
        """Register a source: a CSV is read as text and typed by the rules DuckDB's path follows
        (metrics/csvformat.py), so that a file gives the same numbers on both."""
        raw = f"raw_{view_name(source.name)}"
        paths = self.files.get(source.name) or [source.location]
        fmt = source.format
        frame = self._read_csv(source, paths) if source.kind == "csv" else self.session.read.parquet(*paths)
        frame.createOrReplaceTempView(raw)
        types = {f.name: f.dataType.simpleString() for f in frame.schema.fields}
        if source.date_column not in types:
            raise missing_column(f"sources.{source.name}.date_column", source, source.date_column, list(types))
        column = self.dialect.ident(source.date_column)
        day = csvformat.spark_day_sql(column, types[source.date_column], fmt)
        bad = [] if day == column else self.run(  # a DATE column is its own day: no scan to prove it
            f"SELECT {column} FROM {raw} WHERE {column} IS NOT NULL AND {day} IS NULL LIMIT 1",
            f"sources.{source.name}")
        if bad:
            raise ValidationFailed(f"sources.{source.name}: {source.location}, column {source.date_column!r}: "
                                   f"{bad[0][0]!r} is not a date (use YYYY-MM-DD).")
        others = [c for c in types if c != source.date_column]
        textual = [c for c in others if types[c] == "string"] if source.kind == "csv" else []
        numeric: dict[str, bool] = {}
        if textual:  # one pass: which text columns hold only numbers, and whether any text was not decodable
            checks = [f"bool_and({csvformat.blank_sql(q)} OR {csvformat.number_sql(q, fmt, 'spark')})"
                      for q in map(self.dialect.ident, textual)]
            undecoded = " OR ".join(f"coalesce(instr({self.dialect.ident(c)}, '\ufffd') > 0, false)"
                                    for c in [source.date_column, *textual])
            found = self.run(f"SELECT {', '.join(checks)}, bool_or({undecoded}) FROM {raw}",
                             f"sources.{source.name}")[0]
            if found[-1]:  # Java replaced bytes that are not text in the encoding: say where, as Arrow's path does
                raise ValidationFailed(csvfiles.encoding_problem(source, paths[0]) or
                                       f"sources.{source.name}: {source.location} is not {fmt.encoding} text.")
            numeric = dict(zip(textual, found[:-1], strict=True))
        typed = ", ".join(f"{csvformat.value_sql(self.dialect.ident(c), fmt, 'spark')} AS {self.dialect.ident(c)}"
                          if numeric.get(c) else self.dialect.ident(c) for c in others)
        view = self.session.sql(f"SELECT {day} AS __day{', ' + typed if typed else ''} FROM {raw}")
        view.createOrReplaceTempView(view_name(source.name))
        self.types[source.name] = {f.name: f.dataType.simpleString() for f in view.schema.fields}
        if source.one_row_per_day:
            twice = self.run(f"SELECT __day FROM {view_name(source.name)} GROUP BY __day HAVING count(*) > 1 "
                             "ORDER BY __day LIMIT 1", f"sources.{source.name}")
            if twice:
                raise duplicate_day(source, twice[0][0], [])

    def _read_csv(self, source: SourceSpec, paths: list[str]) -> Any:
        """The files as text columns: delimiter declared or detected, the declared encoding, and
        only empty cells (and the declared null_values) missing."""
        fmt = source.format
        frame = (self.session.read.option("header", True).option("inferSchema", False)
                 .option("sep", csvformat.delimiter_of(paths[0], fmt))
                 .option("encoding", csvformat.java_charset(fmt.encoding)).csv(paths))
        renamed = [c.removeprefix("\ufeff") for c in frame.columns]  # a byte-order mark Java kept
        if renamed != frame.columns:
            frame = frame.toDF(*renamed)
        if fmt.null_values:
            from pyspark.sql import functions

            frame = frame.select(*[functions.when(functions.col(f"`{c}`").isin(list(fmt.null_values)), None)
                                   .otherwise(functions.col(f"`{c}`")).alias(c) for c in frame.columns])
        return frame

    def row(self, source: SourceSpec) -> str | None:
        return None

    def relation(self, source: SourceSpec) -> str:
        return view_name(source.name)

    def last_day(self, source: SourceSpec) -> date | None:
        return self.run(f"SELECT max(__day) FROM {view_name(source.name)}", f"sources.{source.name}")[0][0]  # type: ignore[no-any-return]

    def value(self, metric: MetricSpec, source: SourceSpec) -> str:
        assert metric.column is not None
        types = self.types[source.name]
        if metric.column in types:
            if not is_numeric(types[metric.column]) and metric.aggregation not in TEXTUAL_AGGREGATIONS:
                q = self.dialect.ident(metric.column)
                bad = self.run(f"SELECT {q} FROM raw_{view_name(source.name)} WHERE NOT {csvformat.blank_sql(q)} "
                               f"AND NOT {csvformat.number_sql(q, source.format, 'spark')} LIMIT 1",
                               f"metrics.{metric.name}") if types[metric.column] == "string" else []
                why = (csvformat.not_a_number(bad[0][0], source.format, source.name) if bad
                       else f"holds {types[metric.column]} values, not numbers.")
                raise ValidationFailed(f"metrics.{metric.name}: column {metric.column!r} of {source.location}: {why}")
            return self.dialect.ident(metric.column)
        if metric.column.isidentifier():
            raise missing_column(f"metrics.{metric.name}.column", source, metric.column,
                                 [c for c in types if not c.startswith("__")])
        return f"({self.dialect.fragment(metric.column, f'metrics.{metric.name}.column')})"

    def columns(self, sql: str, what: str) -> dict[str, Any]:
        """One SELECT's result as NumPy arrays by column name, through Arrow (many rows — the
        rows exact.py fetches — without a Python object each); NULLs masked."""
        import numpy as np

        try:
            table = self.ibis.raw_sql(sql).toArrow()
        except Exception as exc:
            raise ValidationFailed(f"{what}: Spark refused the query: {refusal(exc)}") from None
        out = {}
        for name, column in zip(table.column_names, table.columns, strict=True):
            if column.null_count:  # filled first, so that whole numbers stay whole (not float NaN)
                out[name] = np.ma.masked_array(column.fill_null(0).to_numpy(zero_copy_only=False),
                                               mask=column.is_null().to_numpy(zero_copy_only=False))
            else:
                out[name] = column.to_numpy(zero_copy_only=False)
        return out

    def run(self, sql: str, what: str) -> list[tuple[Any, ...]]:
        try:
            return [tuple(row) for row in self.ibis.raw_sql(sql).collect()]
        except Exception as exc:
            raise ValidationFailed(f"{what}: Spark refused the query: {refusal(exc)}") from None

    def first_appearances(self, part: Part, what: str) -> list[tuple[Any, ...]]:
        """The rows (g, j, previous segment, segment, values) of a ``_first_appearances`` part:
        its statement's segment sets spread by ``query.first_appearances`` in Spark's Python
        workers, batch by batch where the sets are, and summed by Spark — one job, and only the
        pairs' counts reach the driver."""
        assert part.pairs is not None
        spread = query.first_appearances(part.pairs.count, max(map(len, part.groups)))
        try:
            frame = self.session.sql(part.sql).mapInArrow(spread, query.FIRST_APPEARANCES)
            return [tuple(row) for row in frame.groupBy("g", "j", "p", "s").sum("n").collect()]
        except Exception as exc:
            raise ValidationFailed(f"{what}: Spark refused the query: {refusal(exc)}") from None
