"""An experiment's statistics read from a source of the workspace's metrics file, on that source's
engine (experiments/sufficient.py): a CSV or Parquet source through a sandboxed DuckDB, a SQL
source on PostgreSQL in the database itself (the table the source names, or ``source_table`` for a
query source), found only through the engine's own catalogue.

The workspace's WBR runs on DuckDB (and its SQL sources in their databases); Spark is not a
workspace option, so reading a source on Spark is the library's ``spark_statistics`` and
``source_statistics(..., spark=SESSION)`` only.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from sqlalchemy.orm import Session

from dayone.errors import InvalidInput, ValidationFailed
from dayone.experiments.sufficient import MetricColumns, file_statistics, postgres_statistics, spark_statistics
from dayone.experiments.table import StatisticsTable

TABLE_QUERY = re.compile(r'^SELECT \* FROM "((?:[^"]|"")+)"$')  # what the metrics file's ``table:`` becomes


def _metrics_file(session: Session) -> Any:
    from dayone.wbr import service as wbr

    try:
        return wbr.load(session)
    except ValidationFailed as exc:
        raise InvalidInput(f"source: {exc.message}", field="source") from None


def _source(metrics: Any, name: str) -> Any:
    known = sorted(metrics.sources)
    if name not in metrics.sources:
        near = difflib.get_close_matches(name, known, n=1)
        raise InvalidInput(f"source: the workspace's metrics file has no source {name!r}"
                           + (f"; did you mean {near[0]!r}?" if near else "")
                           + (f" Its sources: {', '.join(known)}." if known else " It names no source yet."),
                           field="source")
    return metrics.sources[name]


def _table_of(source: Any, table: str | None) -> str:
    if table:
        return table
    found = TABLE_QUERY.match(source.location.strip())
    if found is None:
        raise InvalidInput(f"source_table: source {source.name!r} is a query; name the table of one row per unit "
                           "in its database (source_table), or point the metrics file's source at a table "
                           "(`table:`).", field="source_table")
    return found.group(1).replace('""', '"')


def check(session: Session, name: str, table: str | None) -> None:
    """Refuse now, naming the field, a source the experiment could not read: unknown (the known ones
    are listed), a glob of files, a SQL source on a database other than PostgreSQL, or a query
    source without its table."""
    from dayone.metrics.sandbox import GLOB_CHARS

    metrics = _metrics_file(session)
    source = _source(metrics, name)
    if source.kind in ("csv", "parquet"):
        if table:
            raise InvalidInput(f"source_table: source {name!r} is a {source.kind} file; a table is named only for "
                               "a SQL source.", field="source_table")
        if any(c in source.location for c in GLOB_CHARS):
            raise InvalidInput(f"source: source {name!r} reads several files ({source.location}); an experiment "
                               "reads one file of one row per unit.", field="source")
        return
    dialect = metrics.sandbox.dialect(source.database)
    if dialect not in (None, "postgres"):
        raise InvalidInput(f"source: source {name!r} is on a {dialect} database; experiments read CSV, Parquet "
                           "and PostgreSQL sources.", field="source")
    _table_of(source, table)


def source_statistics(session: Session, name: str, table: str | None, variant: str,
                      metrics: list[MetricColumns], variants: list[str], *, spark: Any = None) -> StatisticsTable:
    """The per-variant statistics of the metrics file's source ``name``, aggregated where it lives
    (a SparkSession given as ``spark`` reads a file source on Spark instead of DuckDB)."""
    from sqlalchemy import create_engine

    from dayone.metrics.sandbox import dialect_of

    check(session, name, table)
    spec = _metrics_file(session)
    source = spec.sources[name]
    if source.kind in ("csv", "parquet"):
        from dayone.wbr.service import sandbox

        path = sandbox(session).files(source.location)[0]
        if spark is not None:
            reader = spark.read.option("header", True).option("inferSchema", True)
            frame = reader.parquet(path) if source.kind == "parquet" else reader.csv(path)
            return spark_statistics(frame, variant, metrics, variants, name=f"source {name}")
        try:
            return file_statistics(path, variant, metrics, variants)
        except ValidationFailed as exc:  # its view is "units": say which source
            if exc.message.startswith("units"):
                raise ValidationFailed(f"source {name}{exc.message.removeprefix('units')}") from None
            raise
    url = spec.sandbox.database_url(source.name, source.database)
    if dialect_of(url) != "postgres":
        raise InvalidInput(f"source: source {name!r} is not on PostgreSQL; experiments read CSV, Parquet and "
                           "PostgreSQL sources.", field="source")
    url = "postgresql+psycopg://" + url.split("://", 1)[1]
    # read-only at the server, as the WBR's warehouse connection: only the allow-listed SELECT runs
    engine = create_engine(url, pool_pre_ping=False,
                           connect_args={"options": "-c default_transaction_read_only=on"})
    try:
        return postgres_statistics(engine, _table_of(source, table), variant, metrics, variants)
    finally:
        engine.dispose()
