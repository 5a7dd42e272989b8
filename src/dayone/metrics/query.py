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

    def period_days(self, spans: list[Span]) -> str:
        """``pd(idx, day)``: every day of every period, so rows join their periods on equality
        (a hash join) rather than on a date range."""
        if self.name == "duckdb":
            return "pd AS (SELECT idx, CAST(unnest(generate_series(start, stop, INTERVAL 1 DAY)) AS DATE) AS day " \
                   "FROM periods)"
        if self.name == "postgres":
            return ("pd AS (SELECT idx, CAST(generate_series(start, stop, INTERVAL '1 day') AS DATE) AS day "
                    "FROM periods)")
        if self.name == "spark":
            return "pd AS (SELECT idx, explode(sequence(start, stop)) AS day FROM periods)"
        rows = ", ".join(f"({i}, {self.date(d)})" for i, span in enumerate(spans) for d in span.dates())
        return f"pd(idx, day) AS (VALUES {rows})"

    def quantiles(self, value: str, fractions: list[float], keep: str | None) -> tuple[str, int]:
        """Several percentiles of one value from one pass: the expression (a list) and the index
        of its first element."""
        tail = f" FILTER (WHERE {keep})" if keep else ""
        listed = ", ".join(str(f) for f in fractions)
        if self.name == "duckdb":
            return f"quantile_cont({value}, [{listed}]){tail}", 1
        if self.name == "postgres":
            return f"percentile_cont(ARRAY[{listed}]) WITHIN GROUP (ORDER BY {value}){tail}", 1
        if self.name == "spark":
            return f"percentile({value}, array({listed})){tail}", 0
        raise ValidationFailed("SQLite has no percentiles, so they cannot be computed where the data lives; read "
                               "the data from a file or PostgreSQL.")

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


HOLISTIC = ("count_distinct", "first", "last")  # and every percentile: they need the period's rows


def is_holistic(metric: MetricSpec) -> bool:
    return metric.aggregation in HOLISTIC or metric.aggregation not in ("sum", "count", "mean", "min", "max")


def build(dialect: Dialect, relation: str, metrics: list[MetricSpec], values: dict[str, str],
          spans: list[Span], as_of: date, row: str | None = None) -> BaseQuery:
    """The query computing ``metrics`` over ``relation`` (which has a ``__day`` DATE column) for
    every span. ``values`` maps a metric to its value expression (already in the dialect).

    Sums, counts, means, minima and maxima are first reduced to one row a day, in one pass over
    the rows; the periods then combine those days (a mean from its days' sums and counts, so it
    is still the mean of the period's rows). Distinct counts, percentiles and first/last need
    the period's own rows: each row joins every period holding its day (on equality, through
    ``pd``); a distinct count counts the distinct (period, value) pairs; the percentiles of one
    value share one pass."""
    low, high = dialect.date(min(s.start for s in spans)), dialect.date(as_of)
    in_range = f"s.__day BETWEEN {low} AND {high}"
    keeps: dict[str | None, int] = {}
    daily: list[str] = []
    additive: list[str] = []
    holistic: list[str] = []
    distinct: list[str] = []
    picked: list[str] = []
    shared: dict[tuple[str, str | None], list[tuple[int, float]]] = {}
    for i, metric in enumerate(metrics):
        keep = dialect.fragment(metric.filter, f"metrics.{metric.name}.filter") if metric.filter else None
        keeps.setdefault(keep, len(keeps))
        value, agg = values.get(metric.name, "1"), metric.aggregation
        tail = f" FILTER (WHERE {keep})" if keep else ""
        if agg == "count_distinct":
            where = " AND ".join([in_range, f"{value} IS NOT NULL", *([f"({keep})"] if keep else [])])
            distinct.append(f"d{i} AS (SELECT x.idx AS idx, count(*) AS m FROM (SELECT DISTINCT pd.idx AS idx, "
                            f"{value} AS v FROM pd JOIN {relation} s ON s.__day = pd.day WHERE {where}) x "
                            "GROUP BY x.idx)")
            picked.append(f"coalesce(d{i}.m, 0)")
        elif agg in ("first", "last"):
            holistic.append(f"{dialect.aggregate(metric, value, keep, row)} AS m{i}")
            picked.append(f"h.m{i}")
        elif is_holistic(metric):  # a percentile: with the others of the same value
            shared.setdefault((value, keep), []).append((i, float(agg[1:]) / 100))
            picked.append(f"__q{i}")
        elif agg == "mean":
            daily += [f"sum({value}){tail} AS m{i}s", f"count({value}){tail} AS m{i}c"]
            additive.append(f"1.0 * sum(d.m{i}s) / nullif(sum(d.m{i}c), 0) AS m{i}")
            picked.append(f"a.m{i}")
        elif agg == "count":
            daily.append(("count(*)" if not metric.column else f"count({value})") + f"{tail} AS m{i}")
            additive.append(f"sum(d.m{i}) AS m{i}")
            picked.append(f"a.m{i}")
        else:  # sum, min, max: of the days' sums, minima, maxima
            daily.append(f"{agg}({value}){tail} AS m{i}")
            additive.append(f"{agg}(d.m{i}) AS m{i}")
            picked.append(f"a.m{i}")
    for g, ((value, keep), members) in enumerate(shared.items()):
        expression, first = dialect.quantiles(value, [f for _, f in members], keep)
        holistic.append(f"{expression} AS q{g}")
        for k, (i, _) in enumerate(members):
            picked[picked.index(f"__q{i}")] = f"h.q{g}[{first + k}]"
    day_column: dict[str, int] = {}
    for metric in metrics:
        keep = dialect.fragment(metric.filter, f"metrics.{metric.name}.filter") if metric.filter else None
        day_column[metric.name] = 1 + len(metrics) + keeps[keep]
    for keep, k in keeps.items():
        daily.append("count(*)" + (f" FILTER (WHERE {keep})" if keep else "") + f" AS n{k}")
        additive.append(f"count(*) FILTER (WHERE d.n{k} > 0) AS n{k}")
        picked.append(f"a.n{k}")
    ctes = [dialect.periods(spans),
            f"daily AS (SELECT s.__day AS __day, {', '.join(daily)} FROM {relation} s WHERE {in_range} "
            "GROUP BY s.__day)",
            f"additive AS (SELECT p.idx AS idx, {', '.join(additive)} FROM periods p "
            "JOIN daily d ON d.__day BETWEEN p.start AND p.stop GROUP BY p.idx)"]
    joined = ""
    if holistic or distinct:
        ctes.append(dialect.period_days(spans))
    if holistic:
        ctes.append(f"holistic AS (SELECT pd.idx AS idx, {', '.join(holistic)} FROM pd "
                    f"JOIN {relation} s ON s.__day = pd.day WHERE {in_range} GROUP BY pd.idx)")
        joined += " LEFT JOIN holistic h ON h.idx = a.idx"
    for text in distinct:
        ctes.append(text)
        name = text.split(" ", 1)[0]
        joined += f" LEFT JOIN {name} ON {name}.idx = a.idx"
    sql = f"WITH {', '.join(ctes)} SELECT a.idx, {', '.join(picked)} FROM additive a{joined}"
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
