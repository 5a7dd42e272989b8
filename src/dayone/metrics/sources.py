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
    """A view over the source with its date column as DATE, checked row by row."""
    if source.kind == "csv":
        # thousands separators ("1,234") are read as text and cleaned per column on use
        relation = f"read_csv({_quote(source.location)}, header=true, all_varchar=true)"
    elif source.kind == "parquet":
        relation = f"read_parquet({_quote(source.location)})"
    else:
        raise ValidationFailed(f"sources.{source.name}: sql sources are read through Ibis, which is not "
                               "wired yet; export the table to Parquet or CSV for now.")
    raw = f"raw_{view_name(source.name)}"
    con.execute(f"CREATE OR REPLACE VIEW {raw} AS SELECT * FROM {relation}")
    columns = [r[0] for r in con.execute(f"DESCRIBE {raw}").fetchall()]
    if source.date_column not in columns:
        close = difflib.get_close_matches(source.date_column, columns, n=1)
        raise ValidationFailed(
            f"sources.{source.name}.date_column: {source.location} has no column {source.date_column!r}"
            + (f"; did you mean {close[0]!r}?" if close else f"; its columns: {', '.join(columns)}."))
    date = f'"{source.date_column}"'
    bad = con.execute(f"SELECT row_number() OVER () AS n, {date} FROM {raw} QUALIFY "
                      f"TRY_CAST({date} AS DATE) IS NULL AND {date} IS NOT NULL LIMIT 1").fetchone()
    if bad is not None:
        raise ValidationFailed(f"sources.{source.name}: row {bad[0]} of {source.location}, column "
                               f"{source.date_column!r}: {bad[1]!r} is not a date (use YYYY-MM-DD).")
    con.execute(f"CREATE OR REPLACE VIEW {view_name(source.name)} AS SELECT CAST({date} AS DATE) AS __day, * "
                f"FROM {raw}")


def value_sql(con: duckdb.DuckDBPyConnection, metric: MetricSpec, source: SourceSpec) -> str:
    """The metric's value expression; a bare column from a CSV is cleaned of thousands separators."""
    assert metric.column is not None
    columns = [r[0] for r in con.execute(f"DESCRIBE {view_name(source.name)}").fetchall()]
    if metric.column in columns:
        column = f'"{metric.column}"'
        if source.kind == "csv" and metric.aggregation not in ("count", "count_distinct"):
            check = con.execute(
                f"SELECT row_number() OVER () AS n, {column} FROM raw_{view_name(source.name)} QUALIFY "
                f"TRY_CAST(replace({column}, ',', '') AS DOUBLE) IS NULL AND nullif(trim({column}), '') IS NOT NULL "
                "LIMIT 1").fetchone()
            if check is not None:
                raise ValidationFailed(f"metrics.{metric.name}: row {check[0]} of {source.location}, column "
                                       f"{metric.column!r}: {check[1]!r} is not a number.")
            return f"TRY_CAST(replace({column}, ',', '') AS DOUBLE)"
        return column
    if metric.column.isidentifier():
        close = difflib.get_close_matches(metric.column, columns, n=1)
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
