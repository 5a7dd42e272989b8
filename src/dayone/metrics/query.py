"""The one query that computes a source's base metrics for every period at once, in the
dialect of the engine that holds the data (DuckDB, PostgreSQL, SQLite or Spark SQL).

The periods (weeks, months, to-date spans, …) travel inside the query as a VALUES list; the
source's rows are joined to every period that contains their day, and each metric is one
aggregate with its own FILTER clause. So the engine that holds the rows does all the work and
sends back one small row per period: no raw rows ever reach Python. Aggregations run over the
rows of each period (docs/wbr-semantics.md, "Metrics").

Filters and column expressions are written once, in DuckDB's SQL, checked against the
allow-list of metrics/expressions.py, and rendered in the target dialect by sqlglot: the
engine receives the checked tree, never the text as written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from dayone.errors import ValidationFailed
from dayone.metrics import expressions
from dayone.metrics.calendar import Span
from dayone.metrics.exact import Segments
from dayone.metrics.spec import MetricSpec

DIALECTS = ("duckdb", "postgres", "sqlite", "spark")
SPARK_RSD = 0.01  # approx_count_distinct's relative standard deviation on Spark
SPARK_ACCURACY = 10_000  # percentile_approx's accuracy on Spark: rank error 1/accuracy
# the error bound shown beside an approximate number, by engine and kind: (sketch, words)
SKETCH_ERRORS = {
    ("duckdb", "distinct"): ("HyperLogLog", 0.065, "±6.5%", "within 6.5% of the exact count 95% of the time "
                             "(two standard errors of DuckDB's HyperLogLog, 1.04/√1024)"),
    ("duckdb", "percentile"): ("t-digest", 0.01, "rank ±1%", "a value whose rank is within 1% of the period's "
                               "rows of the exact percentile's (DuckDB's t-digest; measured under 0.1%)"),
    ("spark", "distinct"): ("HyperLogLog++", 2 * SPARK_RSD, "±2%", "within 2% of the exact count 95% of the time "
                            "(two standard deviations of Spark's HyperLogLog++ at rsd 0.01)"),
    ("spark", "percentile"): ("Greenwald-Khanna", 1 / SPARK_ACCURACY, "rank ±0.01%",
                              "a value whose rank is within 0.01% of the period's rows of the exact percentile's "
                              "(Spark's percentile_approx at accuracy 10,000)"),
}


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
        """A filter or an expression written in DuckDB's SQL, checked against the allow-list,
        in this dialect (sqlglot's rendering of the checked tree)."""
        try:
            return expressions.render(text, self.name)
        except expressions.ExpressionRefused as exc:
            raise ValidationFailed(f"{where}: {exc}") from None

    def periods(self, spans: list[Span]) -> str:
        rows = ", ".join(f"({i}, {self.date(s.start)}, {self.date(s.end)})" for i, s in enumerate(spans))
        if self.name == "spark":
            return f"periods AS (SELECT * FROM VALUES {rows} AS t(idx, start, stop))"
        return f"periods(idx, start, stop) AS (VALUES {rows})"

    def period_days(self, spans: list[Span], layer: list[int]) -> str:
        """``pd(idx, day)``: every day of the layer's periods, so rows join their period on
        equality (a hash join) rather than on a date range."""
        within = f"WHERE idx IN ({', '.join(map(str, layer))})"
        if self.name == "duckdb":
            return ("pd AS (SELECT idx, CAST(unnest(generate_series(start, stop, INTERVAL 1 DAY)) AS DATE) AS day "
                    f"FROM periods {within})")
        if self.name == "postgres":
            return ("pd AS (SELECT idx, CAST(generate_series(start, stop, INTERVAL '1 day') AS DATE) AS day "
                    f"FROM periods {within})")
        if self.name == "spark":
            return f"pd AS (SELECT idx, explode(sequence(start, stop)) AS day FROM periods {within})"
        rows = ", ".join(f"({i}, {self.date(d)})" for i in layer for d in spans[i].dates())
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

    def sketch(self, metric: MetricSpec, value: str, keep: str | None) -> str | None:
        """The approximate aggregate of a distinct count or a percentile (``approximate: true``),
        or None where the engine has no sketch (the number then stays exact)."""
        tail = f" FILTER (WHERE {keep})" if keep else ""
        distinct = metric.aggregation == "count_distinct"
        if self.name == "duckdb":
            return (f"approx_count_distinct({value}){tail}" if distinct
                    else f"approx_quantile({value}, {float(metric.aggregation[1:]) / 100}){tail}")
        if self.name == "spark":
            return (f"approx_count_distinct({value}, {SPARK_RSD}){tail}" if distinct else
                    f"percentile_approx({value}, {float(metric.aggregation[1:]) / 100}, {SPARK_ACCURACY}){tail}")
        return None

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
class Part:
    """A statement filling some metrics for some periods: rows of (period index, values…);
    ``columns`` says, for each value column, which metrics it fills: (metric, None) for a plain
    value, (metric, k) for the k-th element of a list (the percentiles of one value)."""

    sql: str
    columns: tuple[tuple[tuple[str, int | None], ...], ...]
    # set: one row per group g of metrics, (g, then for each of its metrics its count in each of these periods)
    periods: tuple[int, ...] | None = None
    groups: tuple[tuple[int, ...], ...] = ()  # the metrics (positions in ``columns``) of each group
    # set: rows (g, then the segment sets of each of its metrics), which SparkFiles.first_appearances turns
    # into rows (g, j, previous segment, segment, values) (``_first_appearances``)
    pairs: Segments | None = None

    def rows(self, found: list[Any]) -> list[Any]:
        """The statement's rows as (period index, values…): as they come, or turned from one row
        per group of metrics (or from first appearances) into one row per period (the distinct
        counts of ``_distinct``)."""
        if self.pairs is not None:
            return period_counts([(self.groups[int(g)][int(j)], p, s, n) for g, j, p, s, n in found], self.pairs,
                                 len(self.columns))
        if self.periods is None:
            return found
        n = len(self.periods)
        table = np.zeros((len(self.columns), n), dtype=np.int64)
        for row in found:
            for j, k in enumerate(self.groups[int(row[0])]):
                table[k] = [int(x or 0) for x in row[1 + j * n: 1 + (j + 1) * n]]
        return [(idx, *(int(x) for x in table[:, j])) for j, idx in enumerate(self.periods)]


@dataclass(frozen=True)
class BaseQuery:
    """The SQL and how to read its result: column 0 is the period index, then one column per
    metric (in ``metrics`` order), then the period's days with rows (``source_days``) and its
    days on which none of the value expressions ``covers`` is blank on every row
    (``whole_days``). Distinct counts, percentiles and first/last come from the ``parts``, run
    one after the other so that memory holds one of them at a time. With ``coverage``
    (PostgreSQL), one more row, of period index -1, carries in a last column the days with rows
    and each cover's blank days (``postgres.read_coverage``)."""

    sql: str
    metrics: tuple[str, ...]
    covers: tuple[str, ...]
    parts: tuple[Part, ...] = ()
    coverage: bool = False

    @property
    def source_days(self) -> int:
        return 1 + len(self.metrics)

    @property
    def whole_days(self) -> int:
        return 2 + len(self.metrics)

    def text(self) -> str:
        return ";\n\n".join([self.sql, *(p.sql for p in self.parts)])


CHUNK_DAYS = 184  # half a year of rows at a time: memory holds one chunk's values for its percentiles


def chunks(spans: list[Span]) -> list[list[int]]:
    """The layers cut into chunks of at most about half a year of days (a longer period alone):
    each statement then reads only its chunk's dates, and memory holds only its rows."""
    out: list[list[int]] = []
    for layer in layers(spans):
        current: list[int] = []
        days = 0
        for i in layer:
            if current and days + spans[i].days() > CHUNK_DAYS:
                out.append(current)
                current, days = [], 0
            current.append(i)
            days += spans[i].days()
        if current:
            out.append(current)
    return out


def layers(spans: list[Span]) -> list[list[int]]:
    """The spans split into layers of disjoint ones (weeks, months, to-date spans…), so that
    within a layer a row belongs to one period at most."""
    out: list[list[int]] = []
    ends: list[date] = []
    for i in sorted(range(len(spans)), key=lambda i: (spans[i].start, spans[i].end)):
        for k, end in enumerate(ends):
            if end < spans[i].start:
                out[k].append(i)
                ends[k] = spans[i].end
                break
        else:
            out.append([i])
            ends.append(spans[i].end)
    return out


HOLISTIC = ("count_distinct", "first", "last")  # and every percentile: they need the period's rows


def is_holistic(metric: MetricSpec) -> bool:
    return metric.aggregation in HOLISTIC or metric.aggregation not in ("sum", "count", "mean", "min", "max")


def build(dialect: Dialect, relation: str, metrics: list[MetricSpec], values: dict[str, str],
          spans: list[Span], as_of: date, row: str | None = None,
          ranges: dict[str, tuple[int, int]] | None = None, elsewhere: frozenset[str] = frozenset()) -> BaseQuery:
    """The statements computing ``metrics`` over ``relation`` (which has a ``__day`` DATE column)
    for every span. ``values`` maps a metric to its value expression (already in the dialect).

    Sums, counts, means, minima and maxima are first reduced to one row a day, in one pass over
    the rows; the periods then combine those days (a mean from its days' sums and counts, so it
    is still the mean of the period's rows). Distinct counts of whole numbers whose range is
    known (``ranges``, DuckDB) take each segment's values as a bitmap, and a period ORs its
    segments' bitmaps; the other distinct counts (DuckDB, PostgreSQL, Spark) come from one
    statement by each value's set of segments (``_distinct``): exact, and one pass for all of
    them. First/last, and percentiles not computed elsewhere, need each period's own rows: for
    each layer of disjoint periods, every row joins the one period holding its day (on
    equality, through ``pd``); the percentiles of one value share one pass (on SQLite the
    distinct counts too: the distinct (period, value) pairs, which the engine can spill).
    The metrics in ``elsewhere`` (percentiles computed by metrics/exact.py) get no statement:
    their column is NULL, but their value expressions still count for the days with data."""
    low, high = dialect.date(min(s.start for s in spans)), dialect.date(as_of)
    ranges = ranges or {}
    in_range = f"s.__day BETWEEN {low} AND {high}"
    daily: list[str] = []
    additive: list[str] = []
    picked: list[str] = []
    ordered: list[tuple[str, str]] = []  # (metric, aggregate) computed over the period's rows
    distinct: list[tuple[str, str | None, str]] = []  # (metric, its filter, its value)
    shared: dict[tuple[str, str | None], list[tuple[str, float]]] = {}
    bitmaps: list[tuple[str, str]] = []  # (metric, its segments' bitmaps)
    for i, metric in enumerate(metrics):
        keep = dialect.fragment(metric.filter, f"metrics.{metric.name}.filter") if metric.filter else None
        value, agg = values.get(metric.name, "1"), metric.aggregation
        tail = f" FILTER (WHERE {keep})" if keep else ""
        sketch = dialect.sketch(metric, value, keep) if metric.approximate else None
        if sketch is not None:  # from a sketch, over the period's rows
            ordered.append((metric.name, sketch))
        elif agg == "count_distinct" and metric.name in ranges and dialect.name == "duckdb":
            lo, hi = ranges[metric.name]
            where = " AND ".join([f"{value} IS NOT NULL", *([f"({keep})"] if keep else [])])
            bitmaps.append((metric.name, f"bitstring_agg({value}, {lo}, {hi}) FILTER (WHERE {where})"))
        elif agg == "count_distinct":
            distinct.append((metric.name, keep, value))
        elif agg in ("first", "last"):
            ordered.append((metric.name, dialect.aggregate(metric, value, keep, row)))
        elif metric.name in elsewhere:
            pass
        elif is_holistic(metric):  # a percentile: with the others of the same value
            shared.setdefault((value, keep), []).append((metric.name, float(agg[1:]) / 100))
        elif agg == "mean":
            daily += [f"sum({value}){tail} AS m{i}s", f"count({value}){tail} AS m{i}c"]
            additive.append(f"1.0 * sum(d.m{i}s) / nullif(sum(d.m{i}c), 0) AS m{i}")
        elif agg == "count":
            daily.append(("count(*)" if not metric.column else f"count({value})") + f"{tail} AS m{i}")
            additive.append(f"sum(d.m{i}) AS m{i}")
        else:  # sum, min, max: of the days' sums, minima, maxima
            daily.append(f"{agg}({value}){tail} AS m{i}")
            additive.append(f"{agg}(d.m{i}) AS m{i}")
        picked.append(f"a.m{i}" if not is_holistic(metric) else "NULL")
    # days with data: the days with rows, and (one number for all the metrics) the days on which
    # every metric of a column has a value on one of the day's rows; a day where some column is
    # blank on every row (a blank cell) is then found by ``coverage``. Filters play no part: a
    # day without a matching row is a day with none of them, not a day without data.
    blank: dict[str, str] = {}  # a value expression → its test of a day on which it is blank on every row
    for m in metrics:
        if m.column and values[m.name] not in blank:
            value = values[m.name]
            # the metric's own daily aggregate where it tells (the engine computes it once), else a count
            same = not m.filter and m.aggregation in ("sum", "min", "max")
            blank[value] = f"{m.aggregation}({value}) IS NULL" if same else f"count({value}) = 0"
    covers = tuple(blank)
    daily.append("count(*) AS n0")
    additive.append("count(*) AS n0")  # each daily row is a day with rows
    if covers:
        daily.append(f"CASE WHEN {' OR '.join(blank.values())} THEN 0 ELSE 1 END AS w0")
        additive.append("sum(d.w0) AS w0")
    else:
        additive.append("count(*) AS w0")
    picked += ["a.n0", "a.w0"]
    periods = dialect.periods(spans)
    covered = dialect.name == "postgres"  # the days' coverage comes back with the periods (metrics/postgres.py)
    if covered:
        daily += [f"CASE WHEN {test} THEN 1 ELSE 0 END AS z{k}" for k, test in enumerate(blank.values())]
    sql = (f"WITH {periods}, daily AS (SELECT s.__day AS __day, {', '.join(daily)} FROM {relation} s "
           f"WHERE {in_range} GROUP BY s.__day), "
           f"additive AS (SELECT p.idx AS idx, {', '.join(additive)} FROM periods p "
           "JOIN daily d ON d.__day BETWEEN p.start AND p.stop GROUP BY p.idx) "
           f"SELECT a.idx, {', '.join(picked)}{', NULL AS coverage' if covered else ''} FROM additive a")
    if covered:
        from dayone.metrics import postgres

        sql += f" UNION ALL {postgres.coverage(len(covers), len(picked))}"
    parts: list[Part] = [_bitmaps(dialect, relation, bitmaps, spans, as_of)] if bitmaps else []
    if dialect.name == "postgres":  # a value's percentiles in one statement, through segments (metrics/postgres.py)
        from dayone.metrics import postgres

        parts += [Part(postgres.percentiles(dialect, relation, value, keep, [f for _, f in members], spans, as_of),
                       (tuple((name, k) for k, (name, _) in enumerate(members)),))
                  for (value, keep), members in shared.items()]
        shared = {}
    if dialect.name in SEGMENTED and distinct:  # every period of every distinct count in one statement
        parts.append(_distinct(dialect, relation, distinct, spans, as_of))
        distinct = []
    for layer in chunks(spans) if (ordered or shared or distinct) else []:
        head = f"WITH {periods}, {dialect.period_days(spans, layer)}"
        first, last = min(spans[i].start for i in layer), min(max(spans[i].end for i in layer), as_of)
        in_range = f"s.__day BETWEEN {dialect.date(first)} AND {dialect.date(last)}"
        columns: list[str] = [aggregate for _, aggregate in ordered]
        read: list[tuple[tuple[str, int | None], ...]] = [((name, None),) for name, _ in ordered]
        for (value, keep), members in shared.items():
            expression, _ = dialect.quantiles(value, [f for _, f in members], keep)
            columns.append(expression)
            read.append(tuple((name, k) for k, (name, _) in enumerate(members)))  # a list: its k-th element
        if columns:
            parts.append(Part(f"{head} SELECT pd.idx, {', '.join(columns)} FROM pd JOIN {relation} s "
                              f"ON s.__day = pd.day WHERE {in_range} GROUP BY pd.idx", tuple(read)))
        for name, keep, value in distinct:
            where = " AND ".join([f"{value} IS NOT NULL", *([f"({keep})"] if keep else [])])
            pairs = (f"SELECT DISTINCT pd.idx AS idx, {value} AS v FROM pd JOIN {relation} s ON s.__day = pd.day "
                     f"WHERE {in_range} AND {where}")
            parts.append(Part(f"{head} SELECT x.idx, count(*) FROM ({pairs}) x GROUP BY x.idx", (((name, None),),)))
    return BaseQuery(sql, tuple(m.name for m in metrics), covers, tuple(parts), covered)


SEGMENTED = ("duckdb", "spark", "postgres")  # dialects that look a day's segment up in an array


def runs(dialect: Dialect, segments: Segments) -> str:
    """``runs(idx, lo, hi)``: each period's run of segments (those with days up to the as-of date)."""
    rows = ", ".join(f"({i}, {a}, {b})" for i, run in enumerate(segments.ranges) if run is not None
                     for a, b in [run])
    if dialect.name == "spark":
        return f"runs AS (SELECT * FROM VALUES {rows} AS t(idx, lo, hi))"
    return f"runs(idx, lo, hi) AS (VALUES {rows})"


WORD = 63  # segments a BIGINT of a value's segment set holds: 63 bits, so no shift reaches the sign bit


def _distinct(dialect: Dialect, relation: str, distinct: list[tuple[str, str | None, str]], spans: list[Span],
              as_of: date) -> Part:
    """Exact distinct counts of any type, every period of every metric in one statement, by each
    value's *set of segments*.

    The periods are runs of whole segments (metrics/exact.py). Grouping the rows by value, each
    distinct value gets the set of segments it appears in, as a few 63-bit words
    (``bit_or(1 << segment)``: a plain aggregate every engine computes in a hash table, partly
    before any shuffle). A value is in a period exactly when its set meets the period's run of
    segments, a mask written into the statement; each period's count is the number of values
    whose set meets its mask. One grouping of the rows by value, no join of rows to periods: a
    row is handled once, not once for each period it is in, and one row per metric comes back.
    Metrics of the same value share the grouping, each with its own set (its filter inside)."""
    segments = Segments.of(spans, as_of)
    # each row's segment computed once, below every use (PostgreSQL: OFFSET 0 keeps the subquery
    # from being folded into them; about 15% faster there)
    in_range = f"s.__day BETWEEN {dialect.date(segments.low)} AND {dialect.date(as_of)}"
    relation = (f"(SELECT s.*, {segments.sql('s.__day', dialect)} AS __seg FROM {relation} s WHERE {in_range}"
                f"{' OFFSET 0' if dialect.name == 'postgres' else ''})")
    words = -(-segments.count // WORD)
    shift = "shiftleft(CAST(1 AS BIGINT), {})" if dialect.name == "spark" else "(CAST(1 AS BIGINT) << {})"
    runs = [(i, run) for i, run in enumerate(segments.ranges) if run is not None]
    if not runs:  # every period starts after the as-of date
        return Part("SELECT g FROM (SELECT 0 AS g) x WHERE 1 = 0", tuple(((n, None),) for n, _, _ in distinct), ())

    def counts(k: int) -> list[str]:
        out = []
        for i, (lo, hi) in runs:
            meets = []
            for w in range(lo // WORD, hi // WORD + 1):
                mask = sum(1 << (x - w * WORD) for x in range(max(lo, w * WORD), min(hi, w * WORD + WORD - 1) + 1))
                meets.append(f"(w{k}_{w} & {mask}) <> 0")
            out.append(f"sum(CASE WHEN {' OR '.join(meets)} THEN 1 ELSE 0 END) AS c{k}_{i}")
        return out

    by_value: dict[str, list[tuple[int, str | None]]] = {}
    for k, (_, keep, value) in enumerate(distinct):
        by_value.setdefault(value, []).append((k, keep))
    if dialect.name == "spark":
        return _first_appearances(relation, distinct, by_value, segments, words, shift)
    widest = max(len(members) for members in by_value.values())
    selects = []
    for g, (value, members) in enumerate(by_value.items()):
        alone = members[0][1] if len(members) == 1 else None  # one metric: its filter in the WHERE clause
        sets = _sets("s.__seg", shift, members, alone, words)
        where = " AND ".join([f"{value} IS NOT NULL", *([f"({alone})"] if alone else [])])
        # the group's counts in one row (its metrics side by side, so the grouping runs once), as
        # wide as the widest group's for the UNION
        cells = [c for k, _ in members for c in counts(k)] + ["0"] * (len(runs) * (widest - len(members)))
        selects.append(f"SELECT {g} AS g, {', '.join(cells)} FROM (SELECT {sets} FROM {relation} s WHERE {where} "
                       f"GROUP BY {value}) v{g}")
    return Part(" UNION ALL ".join(selects), tuple(((n, None),) for n, _, _ in distinct), tuple(i for i, _ in runs),
                tuple(tuple(k for k, _ in members) for members in by_value.values()))


def _sets(seg: str, shift: str, members: list[tuple[int, str | None]], alone: str | None, words: int) -> str:
    """Each metric's segment set of one value, as ``words`` 63-bit words ``w{k}_{w}``."""
    return ", ".join(
        f"bit_or(CASE WHEN {f'({keep}) AND ' if keep and not alone else ''}{seg} BETWEEN {w * WORD} AND "
        f"{w * WORD + WORD - 1} THEN {shift.format(f'{seg} - {w * WORD}')} ELSE CAST(0 AS BIGINT) END) AS w{k}_{w}"
        for k, keep in members for w in range(words))


def _first_appearances(relation: str, distinct: list[tuple[str, str | None, str]],
                       by_value: dict[str, list[tuple[int, str | None]]], segments: Segments, words: int,
                       shift: str) -> Part:
    """``_distinct`` on Spark: the statement groups the rows by value into each metric's segment
    set (the sets of one group of metrics side by side, padded to the widest group's), and
    Spark's Python workers spread the sets into first appearances (``first_appearances``, run
    by ``SparkFiles.first_appearances`` through ``mapInArrow``, where the sets are).

    Spark's whole-stage code generation compiles a statement of one sum for each period and
    metric in seconds (4.8 s at 1M rows), and spreading the sets in SQL runs an interpreted
    lambda on every segment of every value (5 of the 9.4 s at 10M rows): NumPy does it on each
    batch of sets in a fraction of that. Each value's segments in order, s₁ < … < sₘ, give the
    pairs (sᵢ₋₁, sᵢ), with s₀ = -1; a value is in the run lo … hi exactly when one of its pairs
    has sᵢ₋₁ < lo ≤ sᵢ ≤ hi, and then by one pair only, so a period's count is a sum over a
    rectangle of the table of pairs (``period_counts``)."""
    widest = max(len(members) for members in by_value.values())
    selects = []
    for g, (value, members) in enumerate(by_value.items()):
        alone = members[0][1] if len(members) == 1 else None
        where = " AND ".join([f"{value} IS NOT NULL", *([f"({alone})"] if alone else [])])
        pad = "".join(f", CAST(0 AS BIGINT) AS pad{i}" for i in range(words * (widest - len(members))))
        selects.append(f"SELECT {g} AS g, {_sets('s.__seg', shift, members, alone, words)}{pad} FROM {relation} s "
                       f"WHERE {where} GROUP BY {value}")
    return Part(" UNION ALL ".join(selects), tuple(((n, None),) for n, _, _ in distinct), None,
                tuple(tuple(k for k, _ in members) for members in by_value.values()), segments)


FIRST_APPEARANCES = "g long, j long, p long, s long, n long"  # the rows ``first_appearances`` yields


def first_appearances(segments: int, width: int) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """The function Spark's ``mapInArrow`` runs on the batches of ``_first_appearances``' sets:
    rows (g, then ``width`` metrics' sets of ``-(-segments // 63)`` 63-bit words each) → for
    each group g and metric j, the number n of its values with each pair (previous segment p,
    segment s), p = -1 for a value's first segment; only the pairs some value has (schema
    ``FIRST_APPEARANCES``). Summed over the batches by Spark, they are ``period_counts``' input.

    It references nothing of Day One (only NumPy and PyArrow, which Spark's Arrow functions
    need on the workers anyway), so it is pickled by value and needs no Day One on a cluster's
    workers."""
    word = WORD
    words = -(-segments // word)
    cells = (segments + 1) * segments

    def pairs(batches: Iterator[Any]) -> Iterator[Any]:
        import numpy as np
        import pyarrow as pa

        totals: dict[tuple[int, int], Any] = {}
        for batch in batches:
            group = batch.column(0).to_numpy(zero_copy_only=False)
            for g in np.unique(group):
                mine = group == g
                for j in range(width):
                    sets = np.stack([batch.column(1 + j * words + w).to_numpy(zero_copy_only=False)[mine]
                                     for w in range(words)], axis=1).astype("<i8")
                    bits = np.unpackbits(sets.view(np.uint8), axis=1, bitorder="little")
                    bits = bits.reshape(len(sets), words, 64)[:, :, :word].reshape(len(sets), words * word)
                    value, seg = np.nonzero(bits)  # row by row: each value's segments in order
                    if not len(seg):
                        continue
                    previous = np.full(len(seg), -1, dtype=np.int64)
                    same = value[1:] == value[:-1]
                    previous[1:][same] = seg[:-1][same]
                    counts = np.bincount((previous + 1) * segments + seg, minlength=cells)
                    key = (int(g), j)
                    totals[key] = totals[key] + counts if key in totals else counts
        for (g, j), counts in totals.items():
            at = np.flatnonzero(counts)
            yield pa.RecordBatch.from_arrays(
                [pa.array(np.full(len(at), g, dtype=np.int64)), pa.array(np.full(len(at), j, dtype=np.int64)),
                 pa.array(at // segments - 1), pa.array(at % segments), pa.array(counts[at].astype(np.int64))],
                names=["g", "j", "p", "s", "n"])

    return pairs


def period_counts(found: list[Any], segments: Segments, metrics: int) -> list[tuple[Any, ...]]:
    """From rows (metric k, previous segment p, segment s, values), each period's count per
    metric: the values whose p < lo ≤ s ≤ hi for the period's run lo … hi
    (``_first_appearances``), from two-dimensional prefix sums."""
    n = segments.count
    table = np.zeros((metrics, n + 1, n), dtype=np.int64)  # [k, p + 1, s]
    for k, p, s, count in found:
        table[int(k), int(p) + 1, int(s)] += int(count)
    prefix = np.zeros((metrics, n + 2, n + 1), dtype=np.int64)  # prefix[k, a, b]: the sum of table[k, :a, :b]
    prefix[:, 1:, 1:] = table.cumsum(axis=1).cumsum(axis=2)
    return [(idx, *(int(x) for x in prefix[:, lo + 1, hi + 1] - prefix[:, lo + 1, lo]))
            for idx, run in enumerate(segments.ranges) if run is not None for lo, hi in [run]]


def _bitmaps(dialect: Dialect, relation: str, bitmaps: list[tuple[str, str]], spans: list[Span], as_of: date
             ) -> Part:
    """Distinct counts of whole numbers, all in one pass: each segment's values as a bitmap
    (the segments are the dates cut at every period's bounds, metrics/exact.py), and a period
    ORs its segments' bitmaps — exact, and a few hundred ORs rather than one a day a period."""
    segments = Segments.of(spans, as_of)
    in_range = f"s.__day BETWEEN {dialect.date(segments.low)} AND {dialect.date(as_of)}"
    daily = ", ".join(f"{aggregate} AS b{k}" for k, (_, aggregate) in enumerate(bitmaps))
    counts = ", ".join(f"bit_count(bit_or(d.b{k}))" for k in range(len(bitmaps)))
    return Part(f"WITH {runs(dialect, segments)}, d AS (SELECT "
                f"{segments.sql('s.__day', dialect)} AS seg, {daily} FROM {relation} s WHERE {in_range} "
                f"GROUP BY seg) SELECT p.idx, {counts} FROM runs p JOIN d ON d.seg BETWEEN p.lo AND p.hi "
                "GROUP BY p.idx", tuple(((name, None),) for name, _ in bitmaps))


def coverage(dialect: Dialect, relation: str, covers: list[str], low: date, high: date) -> tuple[str, str | None]:
    """Two statements listing, from ``low`` to ``high``, the days with rows, and the days whose
    rows leave one of the value expressions ``covers`` blank (with each one's count of values;
    None when there is no expression): how the missing days of incomplete periods are found."""
    where = f"s.__day BETWEEN {dialect.date(low)} AND {dialect.date(high)}"
    days = f"SELECT DISTINCT s.__day FROM {relation} s WHERE {where}"
    if not covers:
        return days, None
    counts = [f"count({c})" for c in covers]
    return days, (f"SELECT s.__day, {', '.join(counts)} FROM {relation} s WHERE {where} GROUP BY s.__day "
                  f"HAVING {' OR '.join(f'{c} = 0' for c in counts)}")


def explain(dialect: Dialect, relation: str, metric: MetricSpec, value: str, span: Span,
            row: str | None = None) -> str:
    """The SQL computing one metric for one period: what the "show the SQL" view prints. Its
    ``days_with_data`` counts the days with rows (with a value in the metric's column, for a
    metric of a column), whatever the filter keeps: below the period's length, it is incomplete."""
    keep = dialect.fragment(metric.filter, f"metrics.{metric.name}.filter") if metric.filter else None
    where = f"s.__day BETWEEN {dialect.date(span.start)} AND {dialect.date(span.end)}"
    days = f"CASE WHEN {value} IS NOT NULL THEN s.__day END" if metric.column else "s.__day"
    return (f"SELECT {dialect.aggregate(metric, value, keep, row)} AS value,\n"
            f"       count(DISTINCT {days}) AS days_with_data\n"
            f"FROM {relation} s\nWHERE {where}")
