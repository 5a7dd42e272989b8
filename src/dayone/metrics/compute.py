"""Compute every metric of a metrics file for one week: the numbers of the WBR deck.

One query per source computes all its base metrics in every period at once (weeks, months,
month/quarter/year to date and their prior-year counterparts), inside the engine that holds the
rows, over the rows of each period — so a weekly mean is the mean of the week's rows and a p90
the 90th percentile of the week's rows. Derived metrics combine period values, as arrays over
the periods. docs/wbr-semantics.md is the contract for every number here.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np

from dayone.errors import ValidationFailed
from dayone.metrics import anomalies, exact, query, references, sources
from dayone.metrics.calendar import Span, WbrCalendar
from dayone.metrics.report import HISTORY_WEEKS, Periods, Plan, Reporter, Series, change, drive
from dayone.metrics.spec import MetricsFile, MetricSpec, SourceSpec

__all__ = ["ENGINES", "HISTORY_WEEKS", "Engine", "Periods", "Plan", "Series", "change", "drive"]
ENGINES = ("duckdb", "spark")
ADDITIVE_ZERO = ("sum", "count", "count_distinct")  # nothing summed or counted in a period with data: 0


@dataclass
class SourcePlan:
    """A source's base metrics and how to compute them: their value expressions, and the
    metrics that cannot be computed (``failed``: metric → the engine's message)."""

    source: SourceSpec
    backend: sources.Backend
    metrics: list[MetricSpec]
    values: dict[str, str]
    ranges: dict[str, tuple[int, int]]
    failed: dict[str, str] = field(default_factory=dict)
    exact: dict[str, np.ndarray] = field(default_factory=dict)  # percentiles computed by metrics/exact.py
    days: set[date] | None = None  # the days with rows, when the deck's query told (PostgreSQL)
    blank: dict[str, set[date]] = field(default_factory=dict)  # each value expression's blank days, when it told


class Engine:
    """The metrics of one metrics file, ready to compute any week.

    ``engine`` chooses what computes the file sources: ``duckdb`` (in-process, the default) or
    ``spark`` (a SparkSession, local or a cluster). SQL sources run in their own database.

    The sandbox the file was read under (``spec.sandbox``) is applied again before anything is
    read — a file may have been replaced by a symlink since — and gives the only files DuckDB
    may open and the URL of each database. A source that fails (its file moved, refused or
    not data; its database down) is kept in ``failed`` as a SourceFailed naming it and its
    metrics, and the other sources compute. ``profile``: where DuckDB writes its profile
    (benchmarks).
    """

    def __init__(self, spec: MetricsFile, *, engine: str = "duckdb", spark: Any = None,
                 profile: str | None = None) -> None:
        if engine not in ENGINES:
            raise ValidationFailed(f"engine: {engine!r} is not an engine; use one of {', '.join(ENGINES)}.")
        self.spec = spec
        self.cal = WbrCalendar.from_names(spec.week_ending, spec.fiscal_year_end_month)
        self.backends: dict[str, sources.Backend] = {}
        self.files: sources.Backend | None = None
        self.databases: dict[str, sources.Backend] = {}
        # sources that cannot be read (a file moved or replaced by garbage, a database down):
        # their metrics get no numbers and a problem; the other sources compute
        self.failed: dict[str, sources.SourceFailed] = {}
        self._source_days: dict[str, np.ndarray] = {}  # each source's days with rows per period (last compute)
        try:
            files: dict[str, list[str]] = {}
            for source in spec.sources.values():
                if source.kind != "sql" and source.name not in spec.data:
                    with self._failing(source.name):
                        files[source.name] = self._files(source)
            for source in spec.sources.values():
                if source.name not in self.failed:
                    with self._failing(source.name):
                        self._register(source, files, engine, spark, profile)
        except BaseException:
            self.close()
            raise

    def _register(self, source: SourceSpec, files: dict[str, list[str]], engine: str, spark: Any,
                  profile: str | None) -> None:
        """Give ``source`` its backend: its database's (connected once for all its sources), or
        the file sources' engine."""
        if source.kind == "sql":
            from dayone.metrics import warehouse

            key = source.database or ""
            broken = next((f for f in self.failed.values() if f.database == key and key), None)
            if broken is not None:  # the database refused a connection already: the same reason
                raise ValidationFailed(broken.message)
            if key not in self.databases:
                try:
                    self.databases[key] = warehouse.Database(source, self.spec.sandbox.database_url(
                        source.name, source.database))
                except ValidationFailed as exc:
                    raise sources.SourceFailed(exc.message, source=source.name, metrics=self._using(source.name),
                                               database=key) from None
            backend = self.databases[key]
            backend.add(source)
        else:
            if self.files is None:
                if engine == "spark":
                    from dayone.metrics import warehouse

                    self.files = warehouse.SparkFiles(spark, files=files)
                else:
                    self.files = sources.DuckDBFiles(files=files, profile=profile)
            backend = self.files
            backend.add(source, self.spec.data.get(source.name))
        self.backends[source.name] = backend

    def _using(self, name: str) -> tuple[str, ...]:
        return tuple(m.name for m in self.spec.metrics.values() if m.source == name)

    @contextmanager
    def _failing(self, name: str) -> Iterator[None]:
        """Any failure of source ``name`` recorded in ``failed`` (the others go on)."""
        try:
            with self._source(name):
                yield
        except sources.SourceFailed as exc:
            self.failed[name] = exc
            self.backends.pop(name, None)

    def _files(self, source: SourceSpec) -> list[str]:
        try:
            found = self.spec.sandbox.files(source.location)
        except ValidationFailed as exc:
            raise ValidationFailed(f"sources.{source.name}.{source.kind}: {exc.message}") from None
        if not found or not all(os.path.isfile(f) for f in found):
            raise ValidationFailed(f"sources.{source.name}.{source.kind}: no file {source.location}.")
        return found

    @contextmanager
    def _source(self, name: str) -> Iterator[None]:
        """Any failure while reading or computing source ``name`` as a SourceFailed."""
        try:
            yield
        except sources.SourceFailed:
            raise
        except ValidationFailed as exc:
            raise sources.SourceFailed(exc.message, source=name, metrics=self._using(name),
                                       details=exc.details) from None

    @property
    def con(self) -> Any:
        """The in-process DuckDB connection of the file sources (for benchmarks and tests)."""
        return getattr(self.files, "con", None)

    def close(self) -> None:
        for backend in [*self.databases.values(), *([self.files] if self.files else [])]:
            backend.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def last_data_day(self) -> date:
        """The last day any source that can be read has rows for."""
        days = []
        for s in self.spec.sources.values():
            if s.name in self.backends:
                with self._failing(s.name):
                    days.append(self.backends[s.name].last_day(s))
        known = [d for d in days if d is not None]
        if not known:
            if self.failed:
                raise next(iter(self.failed.values()))
            raise ValidationFailed("The sources hold no rows: there is nothing to compute.")
        return max(known)

    def failed_sources(self) -> list[dict[str, Any]]:
        """The sources that could not be read or computed, with their metrics: ``problem`` for
        everyone, ``problem_detail`` (the engine's message: a path, the database's words) for
        admins (wbr/service.py tells each reader what they may see)."""
        return [{"source": name, "metrics": list(exc.metrics), "problem": f"Source {name} could not be read.",
                 "problem_detail": exc.message} for name, exc in self.failed.items()]

    def default_week_ending(self) -> date:
        return self.cal.last_complete_week_ending(self.last_data_day())

    def compute(self, week_ending: date | None = None) -> dict[str, Any]:
        """The deck's numbers for the week ending on ``week_ending`` (default: the week a WBR App
        config names, else the last complete week in the data).

        A metric that cannot be computed (a column that is not numbers, a filter its engine
        refuses, a source that cannot be read) or that has no data in the deck's periods gets no
        numbers and a ``problem`` saying why; the other metrics compute, and ``failed_sources``
        lists the sources that failed. Only when no metric at all can be computed is it an error
        (the first metric's)."""
        week_ending = week_ending or self.spec.as_of or self.default_week_ending()
        self.cal.check_week_ending(week_ending)
        periods = Periods(self.cal, week_ending)
        plans = self._plan(periods, week_ending)
        series = self._bases(plans, periods, week_ending)
        self._fail_if_nothing_computes(plans, series)
        for name in self.spec.order():
            metric = self.spec.metrics[name]
            if metric.is_derived:
                series[name] = self._derived(metric, series, periods)
            if metric.require_complete:
                series[name].values = np.where(series[name].complete, series[name].values, np.nan)
        self._overflows(series)
        self._problems(series, plans, periods)
        reports = {name: Reporter(self.spec.metrics[name], series[name], periods, self.spec).report()
                   for name in self.spec.metrics}
        for name, flag in self._anomalies(series, periods).items():
            reports[name].update(flag)
        for name, report in reports.items():
            sketch = self._approximate(name)
            if sketch is not None:
                report["approximate"] = sketch
            report["drivers"] = [drive(series[i.name].values[periods.weeks], series[name].values[periods.weeks], i.name)
                                 for i in self.spec.metrics.values() if name in i.drives]
        return {
            "week_ending": week_ending.isoformat(),
            "week_number": self.cal.week_number(week_ending),
            "fiscal_year_end_month": self.spec.fiscal_year_end_month,
            "metrics": reports,
            "failed_sources": self.failed_sources(),
        }

    def queries(self, week_ending: date) -> dict[str, str]:
        """Each source's query for the week, in its engine's dialect (what "show the SQL" shows)."""
        periods = Periods(self.cal, week_ending)
        out = {}
        for name, plan in self._plan(periods, week_ending).items():
            with self._source(name):
                out[name] = self._build(plan, plan.metrics, periods, week_ending).text()
        return out

    def _approximate(self, name: str) -> dict[str, Any] | None:
        """For a metric computed from a sketch (``approximate: true`` on it or on its source, in
        an engine that has one): the sketch and its error bound, shown beside the number."""
        metric = self.spec.metrics[name]
        if metric.is_derived or not metric.approximable or metric.source not in self.backends:
            return None
        if not (metric.approximate or self.spec.sources[metric.source].approximate):
            return None
        dialect = self.backends[metric.source].dialect.name
        kind = "distinct" if metric.aggregation == "count_distinct" else "percentile"
        found = query.SKETCH_ERRORS.get((dialect, kind))
        if found is None:
            return None
        sketch, bound, label, words = found
        return {"sketch": sketch, "bound": bound, "label": label, "meaning": words}

    def explain(self, metric_name: str, span: Span) -> str:
        """The SQL that computes one base metric for one period, in its engine's dialect."""
        metric = self.spec.metrics[metric_name]
        assert metric.source is not None
        source = self.spec.sources[metric.source]
        if source.name in self.failed:
            raise self.failed[source.name]
        backend = self.backends[source.name]
        with self._source(source.name):
            value = backend.value(metric, source) if metric.column else "1"
            return query.explain(backend.dialect, backend.relation(source), metric, value, span, backend.row(source))

    def _plan(self, periods: Periods, as_of: date) -> dict[str, SourcePlan]:
        """Each source's base metrics; a metric whose column cannot be used is set aside with
        the reason, so that the others still compute."""
        by_source: dict[str, list[MetricSpec]] = {}
        for metric in self.spec.metrics.values():
            if not metric.is_derived:
                assert metric.source is not None
                by_source.setdefault(metric.source, []).append(metric)
        plans = {}
        for source_name, metrics in by_source.items():
            if source_name not in self.backends:  # it failed (self.failed)
                continue
            source, backend = self.spec.sources[source_name], self.backends[source_name]
            plan = SourcePlan(source, backend, [], {}, {})
            with self._failing(source_name):
                for m in metrics:
                    if source.approximate and m.approximable:  # the source's sketches, for each metric they fit
                        m = replace(m, approximate=True)
                    try:
                        if m.column:
                            plan.values[m.name] = backend.value(m, source)
                        plan.metrics.append(m)
                    except sources.SourceFailed:
                        raise
                    except ValidationFailed as exc:
                        plan.failed[m.name] = exc.message
                low = min(span.start for span in periods.spans)
                plan.ranges = getattr(backend, "integer_ranges", lambda *_: {})(
                    source, [m for m in plan.metrics if m.aggregation == "count_distinct"], low, as_of)
                plans[source_name] = plan
        return plans

    def _build(self, plan: SourcePlan, metrics: list[MetricSpec], periods: Periods, as_of: date) -> query.BaseQuery:
        backend = plan.backend
        return query.build(backend.dialect, backend.relation(plan.source), metrics, plan.values, periods.spans,
                           as_of, backend.row(plan.source), plan.ranges, frozenset(plan.exact))

    def _exact(self, plan: SourcePlan, periods: Periods, as_of: date) -> None:
        """The source's percentiles by the two passes of metrics/exact.py (DuckDB), those of one
        value and filter together, into ``plan.exact``; any the method does not take (a DECIMAL,
        NaN values, an error) are left to the per-period statements of query.build."""
        backend = plan.backend
        if backend.dialect.name not in exact.DIALECTS:
            return
        shared: dict[tuple[str, str | None], list[MetricSpec]] = {}
        for m in plan.metrics:
            if query.is_holistic(m) and m.aggregation not in query.HOLISTIC and m.name in plan.values \
                    and not m.approximate:
                try:
                    keep = backend.dialect.fragment(m.filter, f"metrics.{m.name}.filter") if m.filter else None
                except ValidationFailed:
                    continue
                shared.setdefault((plan.values[m.name], keep), []).append(m)
        if not shared:
            return
        groups = [exact.Group(value, keep, tuple(sorted({float(m.aggregation[1:]) / 100 for m in members})))
                  for (value, keep), members in shared.items()]
        what = f"the percentiles of source {plan.source.name}"
        try:
            found = exact.percentiles(backend, backend.relation(plan.source), groups, periods.spans, as_of, what)
        except ValidationFailed:  # an expression the engine refuses: the per-metric statements say which
            return
        for members, values in zip(shared.values(), found, strict=True):
            if values is not None:
                plan.exact.update({m.name: values[float(m.aggregation[1:]) / 100] for m in members})

    def _run(self, plan: SourcePlan, metrics: list[MetricSpec], periods: Periods, as_of: date
             ) -> list[tuple[query.BaseQuery, list[Any], list[list[Any]]]]:
        """The source's metrics in one query; when the engine refuses it, the metrics it refuses
        are found by halving (a few queries more) and set aside with its message."""
        what = f"metrics {', '.join(m.name for m in metrics)} (source {plan.source.name})"
        try:
            q = self._build(plan, metrics, periods, as_of)
            found = sources.run_all(plan.backend, q, what)
            rows = found[0]
            if q.coverage:  # the days' coverage came back with the periods: no query more for gaps
                from dayone.metrics import postgres

                rows, plan.days, blank = postgres.read_coverage(rows, q.covers)
                plan.blank.update(blank)
            return [(q, rows, found[1:])]
        except ValidationFailed as exc:
            if len(metrics) == 1:
                plan.failed[metrics[0].name] = exc.message
                return []
        half = len(metrics) // 2
        return self._run(plan, metrics[:half], periods, as_of) + self._run(plan, metrics[half:], periods, as_of)

    def _bases(self, plans: dict[str, SourcePlan], periods: Periods, as_of: date) -> dict[str, Series]:
        """Every base metric of a source in one query: one pass over its rows for all periods.
        A source that fails gives each of its metrics no numbers and the problem."""
        out: dict[str, Series] = {}
        n = len(periods.spans)
        self._source_days = {}
        for source_name, plan in plans.items():
            with self._failing(source_name):
                self._base(plan, periods, as_of, out)
            for name, message in plan.failed.items():
                out[name] = Series(np.full(n, np.nan), np.zeros(n, dtype=int), np.zeros(n, dtype=bool),
                                   problem=f"It could not be computed from source {source_name}.", detail=message)
        for source_name, exc in self.failed.items():
            self._source_days.pop(source_name, None)
            for name in exc.metrics:
                out[name] = Series(np.full(n, np.nan), np.zeros(n, dtype=int), np.zeros(n, dtype=bool),
                                   problem=f"Its source {source_name} could not be read.", detail=exc.message)
        return out

    def _base(self, plan: SourcePlan, periods: Periods, as_of: date, out: dict[str, Series]) -> None:
        """One source's base metrics into ``out``."""
        n, source_name = len(periods.spans), plan.source.name
        computed = []
        if plan.metrics:
            self._exact(plan, periods, as_of)
            computed = self._run(plan, plan.metrics, periods, as_of)
            if not computed:  # nothing in the source computes: is it the source itself?
                plan.backend.run(f"SELECT count(*) FROM {plan.backend.relation(plan.source)} s",
                                 f"source {source_name}")
        if not computed:
            return
        src = _column(computed[0][1], computed[0][0].source_days, n)
        blank: dict[str, set[date]] = {}
        if any((_column(rows, q.whole_days, n) < src).any() for q, rows, _ in computed):
            # some column is blank on some day: which, and when
            blank = self._blanks(plan, [c for q, _, _ in computed for c in q.covers],
                                 date.fromordinal(int(periods.starts.min())), as_of)
        lost = {cover: periods.count(days) for cover, days in blank.items()}
        for q, rows, parts in computed:
            for name, values in self._values(q, rows, parts, n).items():
                values = plan.exact.get(name, values)
                cover = plan.values.get(name)
                days = src - lost[cover] if cover in lost else src
                if self.spec.metrics[name].aggregation in ADDITIVE_ZERO:  # no match in a period with data
                    values = np.where(np.isnan(values), 0.0, values)
                out[name] = Series(np.where(days > 0, values, np.nan), days, days == periods.lengths)
        self._gaps(plan, out, periods, src, blank)
        self._source_days[source_name] = src

    def _values(self, q: query.BaseQuery, rows: list[Any], parts: list[list[Any]], n: int) -> dict[str, np.ndarray]:
        """Each metric's value per period (NaN where the query gave none)."""
        table = np.full((n, q.whole_days + 1), np.nan)
        for row in rows:
            table[int(row[0])] = [np.nan if v is None else float(v) for v in row]
        position = {name: 1 + i for i, name in enumerate(q.metrics)}
        for part, found in zip(q.parts, parts, strict=True):
            for row in part.rows(found):
                for fills, cell in zip(part.columns, row[1:], strict=True):
                    for name, element in fills:
                        v = cell if element is None or cell is None else cell[element]
                        table[int(row[0]), position[name]] = np.nan if v is None else float(v)
        return {name: table[:, 1 + i] for i, name in enumerate(q.metrics)}

    def _blanks(self, plan: SourcePlan, covers: list[str], low: date, high: date) -> dict[str, set[date]]:
        """For each value expression, the days from ``low`` to ``high`` whose rows all leave it
        blank (only those with such days)."""
        covers = list(dict.fromkeys(covers))
        if all(c in plan.blank for c in covers):  # told by the deck's query (over the same days)
            return {c: plan.blank[c] for c in covers if plan.blank[c]}
        dialect, relation = plan.backend.dialect, plan.backend.relation(plan.source)
        _, sql = query.coverage(dialect, relation, covers, low, high)
        blank: dict[str, set[date]] = {}
        for row in plan.backend.run(str(sql), f"the days with data of source {plan.source.name}"):
            for cover, count in zip(covers, row[1:], strict=True):
                if not count:
                    blank.setdefault(cover, set()).add(_as_date(row[0]))
        return blank

    def _gaps(self, plan: SourcePlan, series: dict[str, Series], periods: Periods, src: np.ndarray,
              blank: dict[str, set[date]]) -> None:
        """The missing days of the partly covered periods the deck shows: a day without rows, or
        (for a metric of a column) whose rows all leave that column blank."""
        shown = np.array(periods.shown)
        if not blank and (src[shown] == periods.lengths[shown]).all():
            return  # every day of every period shown has rows, and no column is blank on any day
        partial: dict[str, list[int]] = {}
        for m in plan.metrics:
            s = series.get(m.name)
            if s is not None:
                days = s.days[shown]
                hit = shown[(days > 0) & (days < periods.lengths[shown])]
                if len(hit):
                    partial[m.name] = hit.tolist()
        hit = sorted({i for ids in partial.values() for i in ids})
        have: set[date] | None = None  # None: every day of these periods has rows
        if any(src[i] < periods.lengths[i] for i in hit) and plan.days is not None:
            have = plan.days  # told by the deck's query: every day of every period up to the week's end
        elif any(src[i] < periods.lengths[i] for i in hit):
            low, high = min(periods.spans[i].start for i in hit), max(periods.spans[i].end for i in hit)
            days_sql, _ = query.coverage(plan.backend.dialect, plan.backend.relation(plan.source), [], low, high)
            have = {_as_date(r[0]) for r in plan.backend.run(days_sql, f"the days of source {plan.source.name}")}
        for name, ids in partial.items():
            blanks = blank.get(plan.values.get(name, ""), set())
            for i in ids:
                series[name].gaps[i] = tuple(d for d in periods.spans[i].dates()
                                             if (have is not None and d not in have) or d in blanks)

    def _fail_if_nothing_computes(self, plans: dict[str, SourcePlan], series: dict[str, Series]) -> None:
        """A deck where no metric computes is an error: the first failed source's, or the first
        metric's, with its source."""
        if not series or not all(s.detail is not None for s in series.values()):
            return
        if self.failed:
            raise next(iter(self.failed.values()))
        failed = [(plan.source.name, message) for plan in plans.values() for message in plan.failed.values()]
        if failed:
            source, message = failed[0]
            raise sources.SourceFailed(message, source=source, metrics=self._using(source))

    def _derived(self, metric: MetricSpec, series: dict[str, Series], periods: Periods) -> Series:
        parts = [series[name] for name in metric.of]
        with np.errstate(divide="ignore", invalid="ignore"):
            if metric.derived == "ratio":
                a, b = parts[0].values, parts[1].values
                values = np.where(b == 0, np.nan, a / np.where(b == 0, 1, b))
            elif metric.derived == "difference":
                values = parts[0].values - parts[1].values
            elif metric.derived == "sum":
                values = np.sum([p.values for p in parts], axis=0)
            else:
                values = np.prod([p.values for p in parts], axis=0)
        complete = np.all([p.complete for p in parts], axis=0)
        days = np.min([p.days for p in parts], axis=0)
        out = Series(values, days, complete)
        shown = np.array(periods.shown)
        for i in shown[~complete[shown]].tolist():
            span = periods.spans[i]
            out.gaps[i] = tuple(sorted({d for p in parts for d in p.missing(i, span)}))
        return out

    @staticmethod
    def _overflows(series: dict[str, Series]) -> None:
        """A value beyond what a double holds (a column of 1e999, a sum past 1.8e308, a ratio over
        almost nothing) is no number: NaN, and the metric says so."""
        for s in series.values():
            infinite = np.isinf(s.values)
            if infinite.any():
                s.values = np.where(infinite, np.nan, s.values)
                s.problem = s.problem or (f"Its value is beyond ±1.8e308, the largest number it can hold, in "
                                          f"{int(infinite.sum())} period{'s' if infinite.sum() > 1 else ''}; "
                                          "those have no number.")

    def _problems(self, series: dict[str, Series], plans: dict[str, SourcePlan], p: Periods) -> None:
        """Why a metric has no value in any period the deck shows this year, when it has none."""
        this_year = [*p.weeks[-6:], *p.months[1:], *p.todate.values()]
        first = min(p.spans[i].start for i in this_year).isoformat()
        between = f"from {first} to {p.week_ending.isoformat()}"
        last_week = p.weeks[-1]
        for name in self.spec.order():
            metric, s = self.spec.metrics[name], series[name]
            if not np.isnan(s.values[last_week]) or s.problem or not np.isnan(s.values[this_year]).all():
                continue
            if metric.is_derived:
                broken = next((part for part in metric.of if series[part].problem), None)
                if broken:
                    told = str(series[broken].problem)
                    s.problem = f"It is computed from {broken}: {told[0].lower()}{told[1:]}"
                continue
            assert metric.source is not None
            known = self._source_days.get(metric.source)
            if known is not None and not known[this_year].any():
                s.problem = f"Source {metric.source} has no rows {between}{self._last_row(plans[metric.source])}."
            elif not s.days[this_year].any():
                s.problem = f"Its column {metric.column!r} is blank on every day {between}."
            elif metric.require_complete:
                s.problem = f"No period {between} is complete, and this metric requires complete periods."
            elif metric.filter:
                s.problem = f"No row {between} matches its filter ({metric.filter})."

    def _last_row(self, plan: SourcePlan) -> str:
        with self._source(plan.source.name):
            last = plan.backend.last_day(plan.source)
        return f" (its last row is dated {_as_date(last).isoformat()})" if last is not None else " (it has no rows)"

    def _anomalies(self, series: dict[str, Series], p: Periods) -> dict[str, dict[str, Any]]:
        """Each metric's latest week against what its own history says it should be (the same
        week in earlier years, holidays aligned, this year's trend, the forecast's own noise):
        every metric at once, as one matrix. The rule: metrics/anomalies.py, docs/wbr.md."""
        names = list(self.spec.metrics)
        columns = np.array(p.weeks)
        weeks = np.array([series[n].values for n in names]).reshape(len(names), -1)[:, columns]
        complete = np.array([series[n].complete for n in names]).reshape(len(names), -1)[:, columns]
        usable = complete & np.isfinite(weeks)  # an infinite sum (a column of 1e999) has no forecast either
        with np.errstate(invalid="ignore"):
            positive = np.where(usable, weeks > 0, True)[:, :-1].all(axis=1) & usable[:, :-1].any(axis=1)
        log = np.array([self.spec.metrics[n].comparison == "percent" for n in names]) & positive
        ends = tuple(p.spans[i].end for i in p.weeks)
        refs = references.reference_lags(ends, self.spec.holidays)
        threshold = self.spec.anomaly_threshold
        found = anomalies.assess(weeks, usable, log, refs, threshold)
        out: dict[str, dict[str, Any]] = {}
        for i, name in enumerate(names):
            if found.years[i] < 0:
                out[name] = {"anomaly": None, "anomaly_check": None}
                continue
            metric, value = self.spec.metrics[name], float(weeks[i, -1])
            check = {key: (float(v) if math.isfinite(v) else None) for key, v in (
                ("expected", found.expected[i]), ("expected_low", found.nearest_low[i]),
                ("expected_high", found.nearest_high[i]), ("sd", found.sd[i]), ("low", found.low[i]),
                ("high", found.high[i]), ("score", round(float(found.score[i]), 2)))}
            check.update(threshold=threshold, reference_years=int(found.years[i]))
            text = anomalies.describe(found, i, value=value, comparison=metric.comparison, fmt=metric.format,
                                      holiday=refs.holidays[-1],
                                      days=int(series[name].days[p.weeks[-1]])) if found.flagged[i] else None
            out[name] = {"anomaly": text, "anomaly_check": check}
        return out


def _column(rows: list[Any], k: int, n: int) -> np.ndarray:
    """Column ``k`` of a query's rows by period index, 0 where a period has no row."""
    out = np.zeros(n, dtype=int)
    for row in rows:
        out[int(row[0])] = int(row[k] or 0)
    return out


def _as_date(value: Any) -> date:
    """A day as each engine returns it: a date, a datetime, or ISO text (SQLite)."""
    if isinstance(value, date):
        return value if type(value) is date else date(value.year, value.month, value.day)
    return date.fromisoformat(str(value)[:10])
