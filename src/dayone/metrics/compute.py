"""Compute every metric of a metrics file for one week: the numbers of the WBR deck.

One query per source computes all its base metrics in every period at once (weeks, months,
month/quarter/year to date and their prior-year counterparts), inside the engine that holds the
rows, over the rows of each period — so a weekly mean is the mean of the week's rows and a p90
the 90th percentile of the week's rows. Derived metrics combine period values, as arrays over
the periods. WBR-SEMANTICS.md is the contract for every number here.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from dayone.errors import ValidationFailed
from dayone.metrics import anomalies, query, references, sources
from dayone.metrics.calendar import Span, WbrCalendar
from dayone.metrics.spec import MetricsFile, MetricSpec, SourceSpec

HISTORY_WEEKS = 113  # 6 shown + 1 for WoW + 52 for YoY + 52 of history for anomalies + margin
ENGINES = ("duckdb", "spark")


def change(current: float | None, previous: float | None, comparison: str) -> float | None:
    """percent: current / previous − 1; bps and absolute: the difference. Missing or zero base: None."""
    if current is None or previous is None:
        return None
    if comparison == "percent":
        return None if previous == 0 else current / previous - 1
    return current - previous


@dataclass
class Series:
    """A metric's value in every period: NaN where it has none; ``days`` with rows per period."""

    values: np.ndarray
    days: np.ndarray
    complete: np.ndarray

    def listed(self) -> list[float | None]:
        """The values as Python numbers, None where there is none."""
        return [None if v != v else v for v in self.values.tolist()]  # NaN is the only value unequal to itself


class Periods:
    """Every span the deck needs, each with an index so that one query can fill them all."""

    def __init__(self, cal: WbrCalendar, week_ending: date) -> None:
        self.cal, self.week_ending = cal, week_ending
        self.spans: list[Span] = []
        self.index: dict[Span, int] = {}
        self.weeks = [self.add(w) for w in cal.trailing_weeks(week_ending, HISTORY_WEEKS)]
        self.py_weeks = [self.add(cal.prior_year_week(self.spans[w])) for w in self.weeks[-6:]]
        self.months = [self.add(m) for m in cal.trailing_months(week_ending, 13)]
        self.py_months = [self.add(cal.prior_year_month(self.spans[m])) for m in self.months[1:]]
        todate = {"mtd": cal.mtd(week_ending), "qtd": cal.qtd(week_ending), "ytd": cal.ytd(week_ending)}
        self.todate = {k: self.add(v) for k, v in todate.items()}
        self.py_todate = {k: self.add(cal.prior_year_span(v)) for k, v in todate.items()}
        self.lengths = np.array([s.days() for s in self.spans])

    def add(self, span: Span) -> int:
        if span not in self.index:
            self.index[span] = len(self.spans)
            self.spans.append(span)
        return self.index[span]


class Engine:
    """The metrics of one metrics file, ready to compute any week.

    ``engine`` chooses what computes the file sources: ``duckdb`` (in-process, the default) or
    ``spark`` (a SparkSession, local or a cluster). SQL sources run in their own database.

    The sandbox the file was read under (``spec.sandbox``) is applied again before anything is
    read — a file may have been replaced by a symlink since — and gives the only files DuckDB
    may open and the URL of each database. A source that fails raises SourceFailed, naming it
    and its metrics. ``profile``: where DuckDB writes its profile (benchmarks).
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
        databases = self.databases
        try:
            files: dict[str, list[str]] = {}
            for source in spec.sources.values():
                if source.kind != "sql" and source.name not in spec.data:
                    with self._source(source.name):
                        files[source.name] = self._files(source)
            for source in spec.sources.values():
                with self._source(source.name):
                    if source.kind == "sql":
                        from dayone.metrics import warehouse

                        key = source.database or ""
                        if key not in databases:
                            databases[key] = warehouse.Database(source, spec.sandbox.database_url(source.name,
                                                                                                 source.database))
                        backend = databases[key]
                        backend.add(source)
                    else:
                        if self.files is None:
                            if engine == "spark":
                                from dayone.metrics import warehouse

                                self.files = warehouse.SparkFiles(spark, files=files)
                            else:
                                self.files = sources.DuckDBFiles(files=files, profile=profile)
                        backend = self.files
                        backend.add(source, spec.data.get(source.name))
                    self.backends[source.name] = backend
        except BaseException:
            self.close()
            raise

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
            using = tuple(m.name for m in self.spec.metrics.values() if m.source == name)
            raise sources.SourceFailed(exc.message, source=name, metrics=using, details=exc.details) from None

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
        days = [self.backends[s.name].last_day(s) for s in self.spec.sources.values()]
        known = [d for d in days if d is not None]
        if not known:
            raise ValidationFailed("The sources hold no rows: there is nothing to compute.")
        return max(known)

    def default_week_ending(self) -> date:
        return self.cal.last_complete_week_ending(self.last_data_day())

    def compute(self, week_ending: date | None = None) -> dict[str, Any]:
        """The deck's numbers for the week ending on ``week_ending`` (default: the week a WBR App
        config names, else the last complete week in the data)."""
        week_ending = week_ending or self.spec.as_of or self.default_week_ending()
        self.cal.check_week_ending(week_ending)
        periods = Periods(self.cal, week_ending)
        series = self._bases(periods, week_ending)
        for name in self.spec.order():
            metric = self.spec.metrics[name]
            if metric.is_derived:
                series[name] = self._derived(metric, series)
            if metric.require_complete:
                s = series[name]
                series[name] = Series(np.where(s.complete, s.values, np.nan), s.days, s.complete)
        reports = {name: self._report(self.spec.metrics[name], series[name], periods) for name in self.spec.metrics}
        for name, flag in self._anomalies(series, periods).items():
            reports[name].update(flag)
        for name, report in reports.items():
            report["drivers"] = [drive(series[i.name].values[periods.weeks], series[name].values[periods.weeks], i.name)
                                 for i in self.spec.metrics.values() if name in i.drives]
        return {
            "week_ending": week_ending.isoformat(),
            "week_number": self.cal.week_number(week_ending),
            "fiscal_year_end_month": self.spec.fiscal_year_end_month,
            "metrics": reports,
        }

    def queries(self, week_ending: date) -> dict[str, str]:
        """Each source's query for the week, in its engine's dialect (what "show the SQL" shows)."""
        periods = Periods(self.cal, week_ending)
        return {name: q.text() for name, (q, _) in self._plan(periods, week_ending).items()}

    def explain(self, metric_name: str, span: Span) -> str:
        """The SQL that computes one base metric for one period, in its engine's dialect."""
        metric = self.spec.metrics[metric_name]
        assert metric.source is not None
        source = self.spec.sources[metric.source]
        backend = self.backends[source.name]
        with self._source(source.name):
            value = backend.value(metric, source) if metric.column else "1"
            return query.explain(backend.dialect, backend.relation(source), metric, value, span, backend.row(source))

    def _plan(self, periods: Periods, as_of: date) -> dict[str, tuple[query.BaseQuery, sources.Backend]]:
        by_source: dict[str, list[MetricSpec]] = {}
        for metric in self.spec.metrics.values():
            if not metric.is_derived:
                assert metric.source is not None
                by_source.setdefault(metric.source, []).append(metric)
        plans = {}
        for source_name, metrics in by_source.items():
            source, backend = self.spec.sources[source_name], self.backends[source_name]
            with self._source(source_name):
                values = {m.name: backend.value(m, source) for m in metrics if m.column}
                low = min(span.start for span in periods.spans)
                ranges: dict[str, tuple[int, int]] = getattr(backend, "integer_ranges", lambda *_: {})(
                    source, [m for m in metrics if m.aggregation == "count_distinct"], low, as_of)
                plans[source_name] = (query.build(backend.dialect, backend.relation(source), metrics, values,
                                                  periods.spans, as_of, backend.row(source), ranges), backend)
        return plans

    def _bases(self, periods: Periods, as_of: date) -> dict[str, Series]:
        """Every base metric of a source in one query: one pass over its rows for all periods."""
        out: dict[str, Series] = {}
        n = len(periods.spans)
        for source_name, (q, backend) in self._plan(periods, as_of).items():
            what = f"metrics {', '.join(q.metrics)} (source {source_name})"
            table = np.full((n, 1 + len(q.metrics) + len(set(q.day_column.values()))), np.nan)
            with self._source(source_name):
                rows = backend.run(q.sql, what)
                parts = [backend.run(part.sql, what) for part in q.parts]
            for row in rows:
                table[int(row[0])] = [np.nan if v is None else float(v) for v in row]
            position = {name: 1 + i for i, name in enumerate(q.metrics)}
            for part, found in zip(q.parts, parts, strict=True):
                for row in found:
                    for fills, cell in zip(part.columns, row[1:], strict=True):
                        for name, element in fills:
                            v = cell if element is None or cell is None else cell[element]
                            table[int(row[0]), position[name]] = np.nan if v is None else float(v)
            for i, name in enumerate(q.metrics):
                days = np.nan_to_num(table[:, q.day_column[name]]).astype(int)
                values = table[:, 1 + i]
                if self.spec.metrics[name].aggregation == "count_distinct":  # no pairs: none distinct
                    values = np.where(np.isnan(values), 0.0, values)
                values = np.where(days > 0, values, np.nan)
                out[name] = Series(values, days, days == periods.lengths)
        return out

    def _derived(self, metric: MetricSpec, series: dict[str, Series]) -> Series:
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
        return Series(values, days, complete)

    def _report(self, metric: MetricSpec, s: Series, p: Periods) -> dict[str, Any]:
        cmp = metric.comparison
        plan = Plan(metric, self.spec)
        at = s.listed().__getitem__
        complete = s.complete.tolist()
        weeks: list[dict[str, Any]] = []
        for k, i in enumerate(p.weeks[-6:]):
            now, py = at(i), at(p.py_weeks[k])
            week = {"start": p.spans[i].start.isoformat(), "end": p.spans[i].end.isoformat(), "value": now,
                    "py_value": py, "wow": change(now, at(p.weeks[len(p.weeks) - 7 + k]), cmp),
                    "yoy": change(now, py, cmp), "complete": complete[i]}
            plan.attach(week, p.spans[i], cmp)
            weeks.append(week)
        months = []
        for k in range(1, len(p.months)):
            i = p.months[k]
            now, py = at(i), at(p.py_months[k - 1])
            month = {"month": p.spans[i].start.strftime("%Y-%m"), "value": now, "py_value": py,
                     "mom": change(now, at(p.months[k - 1]), cmp), "yoy": change(now, py, cmp),
                     "complete": complete[i]}
            plan.attach(month, p.spans[i], cmp)
            months.append(month)
        last = weeks[-1]
        summary: dict[str, Any] = {"last_week": {k: last[k] for k in ("value", "py_value", "wow", "yoy")}}
        plan.attach(summary["last_week"], p.spans[p.weeks[-1]], cmp)
        for name, i in p.todate.items():
            so_far, py_so_far = at(i), at(p.py_todate[name])
            summary[name] = {"value": so_far, "py_value": py_so_far, "yoy": change(so_far, py_so_far, cmp)}
            plan.attach(summary[name], p.spans[i], cmp)
        return {"kind": metric.kind, "owner": metric.owner, "unit": metric.unit, "format": metric.format,
                "direction": metric.direction, "comparison": cmp, "weeks": weeks, "months": months,
                "summary": summary, "anomaly": None}

    def _anomalies(self, series: dict[str, Series], p: Periods) -> dict[str, dict[str, Any]]:
        """Each metric's latest week against what its own history says it should be (the same
        week in earlier years, holidays aligned, this year's trend, the forecast's own noise):
        every metric at once, as one matrix. The rule: metrics/anomalies.py, docs/wbr.md."""
        names = list(self.spec.metrics)
        columns = np.array(p.weeks)
        weeks = np.array([series[n].values for n in names]).reshape(len(names), -1)[:, columns]
        complete = np.array([series[n].complete for n in names]).reshape(len(names), -1)[:, columns]
        usable = complete & ~np.isnan(weeks)
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


class Plan:
    """A metric's plan for any period.

    Plans are given per week (``YYYY-MM-DD``, the week's last day) or per month (``YYYY-MM``).
    An additive metric (a sum or a count, or sums and differences of them) spreads each month's
    plan evenly over its days, so a week, a month-to-date or a year-to-date has the sum of its
    days' plans — when every one of its days has one. Any other metric (a mean, a rate, a
    percentile) plans a level: a period's plan is the plan of the month it ends in. A week's own
    plan always wins for that week.
    """

    def __init__(self, metric: MetricSpec, spec: MetricsFile) -> None:
        self.plan = metric.plan
        self.additive = spec.additive(metric.name)

    def for_span(self, span: Span) -> float | None:
        if not self.plan:
            return None
        if span.days() == 7 and span.end.isoformat() in self.plan:
            return self.plan[span.end.isoformat()]
        if not self.additive:
            return self.plan.get(span.end.strftime("%Y-%m"))
        total, day = 0.0, span.start
        while day <= span.end:
            month = self.plan.get(day.strftime("%Y-%m"))
            if month is None:
                return None
            length = _stdlib_calendar.monthrange(day.year, day.month)[1]
            last = min(span.end, date(day.year, day.month, length))
            total += month * ((last - day).days + 1) / length
            day = last + timedelta(days=1)
        return total

    def attach(self, item: dict[str, Any], span: Span, comparison: str) -> None:
        if not self.plan:
            return
        target = self.for_span(span)
        if target is not None:
            item["plan"] = target
            item["vs_plan"] = change(item["value"], target, comparison)


MAX_LAG = 4


def drive(inputs: np.ndarray, outputs: np.ndarray, name: str) -> dict[str, Any]:
    """How strongly an input and the output it is believed to drive have moved together: the
    correlation of their week-over-week changes, the input leading by 0 to 4 weeks. Changes,
    not levels, so that two series that merely grow together do not look related."""
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.where(inputs[:-1] == 0, np.nan, inputs[1:] / inputs[:-1] - 1)
        y = np.where(outputs[:-1] == 0, np.nan, outputs[1:] / outputs[:-1] - 1)
    lags: list[float | None] = []
    weeks = 0
    for lag in range(MAX_LAG + 1):
        a, b = (x[:len(x) - lag], y[lag:]) if lag else (x, y)
        keep = ~(np.isnan(a) | np.isnan(b))
        a, b = a[keep], b[keep]
        weeks = max(weeks, len(a))
        if len(a) < 12 or a.std() == 0 or b.std() == 0:
            lags.append(None)
            continue
        lags.append(round(float(np.corrcoef(a, b)[0, 1]), 4))
    known = [(abs(r), k) for k, r in enumerate(lags) if r is not None]
    best = max(known)[1] if known else None
    return {"input": name, "lags": lags, "best_lag": best, "correlation": lags[best] if best is not None else None,
            "weeks": weeks}
