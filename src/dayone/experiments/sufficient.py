"""Per-variant sufficient statistics computed where the data live: from row-level data (one row
per unit: its variant and its metrics' values) to each variant's count, sum and sum of squares,
with the cross-products ratio metrics and CUPED need, aggregated by the engine that holds the
rows — DuckDB (files or a table), PostgreSQL (a table) or Spark (a DataFrame) — so no row is copied.

No text given by a user reaches SQL except through an allow-list: a table must be one the engine
lists, a column one of that table's numeric columns (else "did you mean"); both are then quoted
as identifiers. Values are never spliced into SQL. The result is the statistics table that
`dayone experiment analyze` reads, checked the same way (`table.parse_table`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dayone.errors import ValidationFailed
from dayone.experiments.datafile import as_csv
from dayone.experiments.table import StatisticsTable, parse_table

DUCKDB_NUMERIC = re.compile(r"^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|"
                            r"FLOAT|DOUBLE|DECIMAL(\(\d+,\s*\d+\))?|BOOLEAN)$")
PG_NUMERIC = frozenset({"smallint", "integer", "bigint", "numeric", "real", "double precision"})


@dataclass(frozen=True)
class MetricColumns:
    """Where one metric's per-unit values are: its column, a ratio's denominator, or CUPED's pre-period."""

    metric: str
    column: str
    denominator: str | None = None
    pre: str | None = None

    @property
    def kind(self) -> str:
        return "ratio" if self.denominator else "cuped" if self.pre else "mean"

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(c for c in (self.column, self.denominator, self.pre) if c)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _allowed(name: str, columns: dict[str, bool], where: str, what: str) -> str:
    """``name`` quoted, once found among ``columns`` (name → numeric?) and numeric where it must be."""
    if name not in columns:
        near = difflib.get_close_matches(name, list(columns), n=1)
        raise ValidationFailed(f"{where}: no column {name!r} ({what})"
                               + (f"; did you mean {near[0]!r}?" if near else f"; its columns: {', '.join(columns)}."))
    if what != "the variant column" and not columns[name]:
        raise ValidationFailed(f"{where}, column {name!r} ({what}): not a number column; each unit's value must be "
                               "a number.")
    return _ident(name)


def _check(variant: str, metrics: Sequence[MetricColumns]) -> None:
    if not metrics:
        raise ValidationFailed("metrics: name at least one metric and its column.")
    for m in metrics:
        if m.denominator and m.pre:
            raise ValidationFailed(f"metric {m.metric}: a ratio metric cannot also take CUPED's pre-period column; "
                                   "give one or the other.")


def select_list(variant: str, metrics: Sequence[MetricColumns], columns: dict[str, bool], where: str,
                double: str) -> str:
    """The aggregate columns, in the order `rows_to_table` reads them: per variant its unit count, each
    column's count of non-empty values, then each metric's sums (Σx, Σx², and Σd, Σd², Σxd or Σp, Σp², Σxp)."""
    _check(variant, metrics)
    v = _allowed(variant, columns, where, "the variant column")
    out = [f"CAST({v} AS VARCHAR)" if double == "DOUBLE" else f"CAST({v} AS TEXT)", "count(*)"]
    named = list(dict.fromkeys(c for m in metrics for c in m.columns))
    quoted = {c: _allowed(c, columns, where, "a metric's column") for c in named}
    out += [f"count({quoted[c]})" for c in named]
    for m in metrics:
        x = f"CAST({quoted[m.column]} AS {double})"
        out += [f"sum({x})", f"sum({x} * {x})"]
        other = m.denominator or m.pre
        if other:
            y = f"CAST({quoted[other]} AS {double})"
            out += [f"sum({y})", f"sum({y} * {y})", f"sum({x} * {y})"]
    return ", ".join(out)


def rows_to_table(rows: Sequence[Sequence[Any]], metrics: Sequence[MetricColumns], where: str,
                  variants: Sequence[str] = ()) -> StatisticsTable:
    """The aggregated rows as a checked statistics table (``variants`` first, in that order: the control first)."""
    named = list(dict.fromkeys(c for m in metrics for c in m.columns))
    rank = {v: i for i, v in enumerate(variants)}
    out = []
    for row in sorted(rows, key=lambda r: (rank.get(r[0], len(rank)), str(r[0]))):
        if row[0] is None:
            raise ValidationFailed(f"{where}: {row[1]} row{'s' * (row[1] > 1)} name no variant; give every unit its "
                                   "variant, or remove the rows.")
        for column, filled in zip(named, row[2:2 + len(named)], strict=True):
            if filled != row[1]:
                raise ValidationFailed(f"{where}, column {column!r}: {row[1] - filled} row(s) of variant {row[0]!r} "
                                       "empty; every unit needs a value (write 0 for a unit that did nothing).")
        out.append((row[0], row[1], *(0.0 if v is None else float(v) for v in row[2 + len(named):])))
    return parse_table(as_csv(out, [(m.metric, m.kind) for m in metrics]), where)


def duckdb_statistics(con: Any, table: str, variant: str, metrics: Sequence[MetricColumns],
                      variants: Sequence[str] = ()) -> StatisticsTable:
    """Aggregate ``table`` (a table or view the DuckDB connection ``con`` lists) by variant."""
    listed = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if table not in listed:
        raise ValidationFailed(f"table: no table {table!r} in this DuckDB; its tables: {', '.join(sorted(listed))}.")
    columns = {r[0]: bool(DUCKDB_NUMERIC.match(str(r[1]).upper())) for r in
               con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?",
                           [table]).fetchall()}
    sql = (f"SELECT {select_list(variant, metrics, columns, table, 'DOUBLE')} FROM {_ident(table)} "
           f"GROUP BY {_ident(variant)}")
    return rows_to_table(con.execute(sql).fetchall(), metrics, table, variants)


def file_statistics(path: str, variant: str, metrics: Sequence[MetricColumns],
                    variants: Sequence[str] = ()) -> StatisticsTable:
    """A row-level CSV or Parquet file, read by a sandboxed DuckDB that may read that file only."""
    from dayone.metrics.sources import sandboxed

    con = sandboxed("1GB", [path])
    try:
        quoted = "'" + path.replace("'", "''") + "'"
        reader = "read_parquet" if path.lower().endswith(".parquet") else "read_csv_auto"
        con.execute(f"CREATE VIEW units AS SELECT * FROM {reader}({quoted})")
        return duckdb_statistics(con, "units", variant, metrics, variants)
    finally:
        con.close()


def postgres_statistics(engine: Any, table: str, variant: str, metrics: Sequence[MetricColumns],
                        variants: Sequence[str] = (), schema: str = "public") -> StatisticsTable:
    """Aggregate a PostgreSQL table (SQLAlchemy ``engine``) by variant, in the database."""
    from sqlalchemy import text

    where = f"{schema}.{table}"
    with engine.connect() as conn:
        found = conn.execute(text("SELECT column_name, data_type FROM information_schema.columns "
                                  "WHERE table_schema = :schema AND table_name = :table ORDER BY ordinal_position"),
                             {"schema": schema, "table": table}).all()
        if not found:
            raise ValidationFailed(f"table: no table {where!r} in this database (or no column in it).")
        columns = {name: kind in PG_NUMERIC for name, kind in found}
        sql = (f"SELECT {select_list(variant, metrics, columns, where, 'DOUBLE PRECISION')} "
               f"FROM {_ident(schema)}.{_ident(table)} GROUP BY {_ident(variant)}")
        rows = [tuple(r) for r in conn.execute(text(sql)).all()]
    return rows_to_table(rows, metrics, where, variants)


def spark_statistics(frame: Any, variant: str, metrics: Sequence[MetricColumns],
                     variants: Sequence[str] = (), name: str = "the DataFrame") -> StatisticsTable:
    """Aggregate a Spark DataFrame by variant, on the cluster (the DataFrame API: no SQL text)."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import BooleanType, NumericType

    fields = {f.name: isinstance(f.dataType, NumericType | BooleanType) for f in frame.schema.fields}
    _check(variant, metrics)
    _allowed(variant, fields, name, "the variant column")
    named = list(dict.fromkeys(c for m in metrics for c in m.columns))
    for c in named:
        _allowed(c, fields, name, "a metric's column")

    def col(c: str) -> Any:
        return F.col(f"`{c.replace('`', '``')}`").cast("double")

    aggregates = [F.count(F.lit(1))] + [F.count(col(c)) for c in named]
    for m in metrics:
        x = col(m.column)
        aggregates += [F.sum(x), F.sum(x * x)]
        other = m.denominator or m.pre
        if other:
            y = col(other)
            aggregates += [F.sum(y), F.sum(y * y), F.sum(x * y)]
    grouped = frame.groupBy(F.col(f"`{variant.replace('`', '``')}`").cast("string")).agg(*aggregates)
    return rows_to_table([tuple(r) for r in grouped.collect()], metrics, name, variants)
