"""The one query that computes a source's base metrics for every period at once, in the
dialect of the engine that holds the data (DuckDB, PostgreSQL, SQLite or Spark SQL).

The periods (weeks, months, to-date spans, …) travel inside the query as a VALUES list; the
source's rows are joined to every period that contains their day, and each metric is one
aggregate with its own FILTER clause. So the engine that holds the rows does all the work and
sends back one small row per period: no raw rows ever reach Python. Aggregations run over the
rows of each period (WBR-SEMANTICS.md, "Metrics").

Filters and column expressions are written once, in DuckDB's SQL, and translated to the
target dialect with sqlglot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlglot

from dayone.errors import ValidationFailed
from dayone.metrics.calendar import Span
from dayone.metrics.spec import MetricSpec

DIALECTS = ("duckdb", "postgres", "sqlite", "spark")


@dataclass(frozen=True)
class Dialect:
    name: str

    def ident(self, name: str) -> str:
        if self.name == "spark":
            return "`" + name.replace("`", "``") + "`"
        return '"' + name.replace('"', '""') + '"'

    def date(self, d: date) -> str:
        return f"'{d.isoformat()}'" if self.name == "sqlite" else f"DATE '{d.isoformat()}'"

    def as_date(self, expression: str) -> str:
        return f"DATE({expression})" if self.name == "sqlite" else f"CAST({expression} AS DATE)"

    def fragment(self, text: str, where: str) -> str:
        """A filter or an expression written in DuckDB's SQL, in this dialect."""
        if self.name == "duckdb":
            return text
        try:
            return sqlglot.transpile(text, read="duckdb", write=self.name)[0]
        except sqlglot.errors.ParseError as exc:
            raise ValidationFailed(f"{where}: {text!r} is not an SQL expression: {str(exc).splitlines()[0]}") \
                from None

    def periods(self, spans: list[Span]) -> str:
        rows = ", ".join(f"({i}, {self.date(s.start)}, {self.date(s.end)})" for i, s in enumerate(spans))
        if self.name == "spark":
            return f"periods AS (SELECT * FROM VALUES {rows} AS t(idx, start, stop))"
        return f"periods(idx, start, stop) AS (VALUES {rows})"

    def aggregate(self, metric: MetricSpec, value: str, keep: str | None, row: str | None = None) -> str:
        """The metric's aggregation over ``value``, keeping only rows where ``keep`` holds; ``row``
        is the source's row number, where it has one."""
        agg = metric.aggregation
        tail = f" FILTER (WHERE {keep})" if keep else ""
        if agg == "count":
            return ("count(*)" if not metric.column else f"count({value})") + tail
        if agg == "count_distinct":
            return f"count(DISTINCT {value}){tail}"
        if agg in ("sum", "min", "max"):
            return f"{agg}({value}){tail}"
        if agg == "mean":
            return f"avg({value}){tail}"
        if agg in ("first", "last"):
            # the earliest / latest row; rows of one day in file order where the source has one
            # (a CSV), else by value, so that every engine gives the same answer
            if self.name == "duckdb":
                key = f"{{'d': s.__day, 'r': {row}}}" if row else f"{{'d': s.__day, 'v': {value}}}"
                return f"{'arg_min' if agg == 'first' else 'arg_max'}({value}, {key}){tail}"
            if self.name == "spark":
                return (f"{'min_by' if agg == 'first' else 'max_by'}({value}, "
                        f"named_struct('d', s.__day, 'v', {value})){tail}")
            if self.name == "postgres":
                order = "" if agg == "first" else " DESC"
                return f"(array_agg({value} ORDER BY s.__day{order}, {value}{order}){tail})[1]"
            raise ValidationFailed(f"metrics.{metric.name}.aggregation: {agg} is not available on a SQLite "
                                   "source; use min or max, or read the data from a file or PostgreSQL.")
        fraction = float(agg[1:]) / 100  # pNN: the exact, interpolated percentile
        if self.name == "duckdb":
            return f"quantile_cont({value}, {fraction}){tail}"
        if self.name == "postgres":
            return f"percentile_cont({fraction}) WITHIN GROUP (ORDER BY {value}){tail}"
        if self.name == "spark":
            return f"percentile({value}, {fraction}){tail}"
        raise ValidationFailed(f"metrics.{metric.name}.aggregation: SQLite has no percentiles, so {agg} "
                               "cannot be computed where the data lives; read it from a file or PostgreSQL.")


@dataclass(frozen=True)
class BaseQuery:
    """The SQL and how to read its result: column 0 is the period index, then one column per
    metric (in ``metrics`` order), then the days-with-rows counts (``day_column[metric]``)."""

    sql: str
    metrics: tuple[str, ...]
    day_column: dict[str, int]


def build(dialect: Dialect, relation: str, metrics: list[MetricSpec], values: dict[str, str],
          spans: list[Span], as_of: date, row: str | None = None) -> BaseQuery:
    """The query computing ``metrics`` over ``relation`` (which has a ``__day`` DATE column) for
    every span. ``values`` maps a metric to its value expression (already in the dialect)."""
    columns: list[str] = []
    keeps: dict[str | None, int] = {}
    day_column: dict[str, int] = {}
    for metric in metrics:
        keep = dialect.fragment(metric.filter, f"metrics.{metric.name}.filter") if metric.filter else None
        columns.append(dialect.aggregate(metric, values.get(metric.name, "1"), keep, row))
        keeps.setdefault(keep, len(keeps))
        day_column[metric.name] = 1 + len(metrics) + keeps[keep]
    for keep in keeps:
        columns.append("count(DISTINCT s.__day)" + (f" FILTER (WHERE {keep})" if keep else ""))
    sql = (f"WITH {dialect.periods(spans)} SELECT p.idx, {', '.join(columns)} FROM periods p "
           f"JOIN {relation} s ON s.__day BETWEEN p.start AND p.stop "
           f"WHERE s.__day <= {dialect.date(as_of)} GROUP BY p.idx")
    return BaseQuery(sql, tuple(m.name for m in metrics), day_column)


def explain(dialect: Dialect, relation: str, metric: MetricSpec, value: str, span: Span,
            row: str | None = None) -> str:
    """The SQL computing one metric for one period: what the "show the SQL" view prints."""
    keep = dialect.fragment(metric.filter, f"metrics.{metric.name}.filter") if metric.filter else None
    where = [f"s.__day BETWEEN {dialect.date(span.start)} AND {dialect.date(span.end)}"]
    if keep:
        where.append(f"({keep})")
    return (f"SELECT {dialect.aggregate(metric, value, None, row)} AS value,\n"
            f"       count(DISTINCT s.__day) AS days_with_rows\n"
            f"FROM {relation} s\nWHERE " + "\n  AND ".join(where))
