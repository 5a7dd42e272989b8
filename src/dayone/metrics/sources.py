"""Reading sources where they live: CSV and Parquet files through DuckDB.

Every aggregation runs inside the engine; no raw rows come into Python. Bad data is
reported with the source, the row and the column.
"""

from __future__ import annotations

import difflib

import duckdb

from dayone.errors import ValidationFailed
from dayone.metrics.spec import MetricSpec, SourceSpec


def view_name(source: str) -> str:
    return "src_" + "".join(c if c.isalnum() else "_" for c in source)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def register(con: duckdb.DuckDBPyConnection, source: SourceSpec) -> None:
    """Load the source once into an in-memory table with its date column as DATE.

    A CSV is read as text, then every column that holds only numbers (thousands separators
    allowed) becomes DOUBLE in one pass, so later queries never parse the file again.
    """
    if source.kind == "csv":
        relation = f"read_csv({_quote(source.location)}, header=true, all_varchar=true)"
    elif source.kind == "parquet":
        relation = f"read_parquet({_quote(source.location)})"
    else:
        raise ValidationFailed(f"sources.{source.name}: sql sources are read through Ibis, which is not "
                               "wired yet; export the table to Parquet or CSV for now.")
    raw = f"raw_{view_name(source.name)}"
    if source.kind == "csv":
        con.execute(f"CREATE OR REPLACE TEMP TABLE {raw} AS SELECT row_number() OVER () AS __row, * FROM {relation}")
    else:
        con.execute(f"CREATE OR REPLACE VIEW {raw} AS SELECT row_number() OVER () AS __row, * FROM {relation}")
    columns = [r[0] for r in con.execute(f"DESCRIBE {raw}").fetchall() if r[0] != "__row"]
    if source.date_column not in columns:
        close = difflib.get_close_matches(source.date_column, columns, n=1)
        raise ValidationFailed(
            f"sources.{source.name}.date_column: {source.location} has no column {source.date_column!r}"
            + (f"; did you mean {close[0]!r}?" if close else f"; its columns: {', '.join(columns)}."))
    date = f'"{source.date_column}"'
    bad = con.execute(f"SELECT __row, {date} FROM {raw} WHERE TRY_CAST({date} AS DATE) IS NULL "
                      f"AND {date} IS NOT NULL ORDER BY __row LIMIT 1").fetchone()
    if bad is not None:
        raise ValidationFailed(f"sources.{source.name}: row {bad[0]} of {source.location}, column "
                               f"{source.date_column!r}: {bad[1]!r} is not a date (use YYYY-MM-DD).")
    others = [c for c in columns if c != source.date_column]
    if source.kind == "csv" and others:
        # one pass: which columns are wholly numeric (empty cells allowed)
        checks = ", ".join(f"bool_and(TRY_CAST(replace(\"{c}\", ',', '') AS DOUBLE) IS NOT NULL "
                           f"OR nullif(trim(\"{c}\"), '') IS NULL)" for c in others)
        numeric = con.execute(f"SELECT {checks} FROM {raw}").fetchone() or ()
        typed = ", ".join(f"TRY_CAST(replace(\"{c}\", ',', '') AS DOUBLE) AS \"{c}\"" if ok else f'"{c}"'
                          for c, ok in zip(others, numeric, strict=True))
        con.execute(f"CREATE OR REPLACE TEMP TABLE {view_name(source.name)} AS SELECT __row, "
                    f"CAST({date} AS DATE) AS __day, {typed} FROM {raw}")
    else:
        con.execute(f"CREATE OR REPLACE VIEW {view_name(source.name)} AS SELECT CAST({date} AS DATE) AS __day, * "
                    f"FROM {raw}")


def describe(con: duckdb.DuckDBPyConnection, source: SourceSpec) -> dict[str, str]:
    """Column name → type of a registered source."""
    return {r[0]: r[1] for r in con.execute(f"DESCRIBE {view_name(source.name)}").fetchall()}


NUMERIC_TYPES = ("DOUBLE", "FLOAT", "REAL", "DECIMAL", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "HUGEINT",
                 "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT")


def value_sql(con: duckdb.DuckDBPyConnection, metric: MetricSpec, source: SourceSpec,
              described: dict[str, str]) -> str:
    """The metric's value expression, after checking the column exists and holds numbers.
    ``described`` is the source's column types (see ``describe``)."""
    assert metric.column is not None
    if metric.column in described:
        column = f'"{metric.column}"'
        numeric = described[metric.column].upper().startswith(NUMERIC_TYPES)
        if not numeric and metric.aggregation not in ("count", "count_distinct", "first", "last"):
            bad = con.execute(
                f"SELECT __row, {column} FROM raw_{view_name(source.name)} WHERE "
                f"TRY_CAST(replace(CAST({column} AS VARCHAR), ',', '') AS DOUBLE) IS NULL "
                f"AND nullif(trim(CAST({column} AS VARCHAR)), '') IS NOT NULL ORDER BY __row LIMIT 1").fetchone()
            where = f"row {bad[0]} of {source.location}, column {metric.column!r}: {bad[1]!r}" if bad else \
                f"column {metric.column!r} of {source.location}"
            raise ValidationFailed(f"metrics.{metric.name}: {where} is not a number.")
        return column
    if metric.column.isidentifier():
        close = difflib.get_close_matches(metric.column, list(described), n=1)
        raise ValidationFailed(f"metrics.{metric.name}.column: source {source.name} has no column "
                               f"{metric.column!r}" + (f"; did you mean {close[0]!r}?" if close else "."))
    return f"({metric.column})"  # an expression over the source's columns


def aggregate_sql(metric: MetricSpec, value: str) -> str:
    agg = metric.aggregation
    if agg == "count":
        return "count(*)" if not metric.column else f"count({value})"
    if agg == "count_distinct":
        return f"count(DISTINCT {value})"
    if agg == "mean":
        return f"avg({value})"
    if agg in ("sum", "min", "max"):
        return f"{agg}({value})"
    if agg == "first":
        return f"arg_min({value}, __day)"
    if agg == "last":
        return f"arg_max({value}, __day)"
    return f"quantile_cont({value}, {float(agg[1:]) / 100})"  # pNN
