"""Compute every metric of a metrics file for one week: the numbers of the WBR deck.

One query per base metric computes its value in every period at once (weeks, months,
month/quarter/year to date and their prior-year counterparts), inside DuckDB, over
the rows of each period — so a weekly mean is the mean of the week's rows and a p90
the 90th percentile of the week's rows. Derived metrics combine period values.
WBR-SEMANTICS.md is the contract for every number here.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from dayone.errors import ValidationFailed
from dayone.metrics import sources
from dayone.metrics.calendar import Span, WbrCalendar
from dayone.metrics.spec import MetricsFile, MetricSpec

HISTORY_WEEKS = 113  # 6 shown + 1 for WoW + 52 for YoY + 52 of history for anomalies + margin


@dataclass(frozen=True)
class Value:
    value: float | None
    complete: bool
    missing_days: int


def change(current: float | None, previous: float | None, comparison: str) -> float | None:
    """percent: current / previous − 1; bps and absolute: the difference. Missing or zero base: None."""
    if current is None or previous is None:
        return None
    if comparison == "percent":
        return None if previous == 0 else current / previous - 1
    return current - previous


class Periods:
    """Every span the deck needs, keyed so that one query can fill them all."""

    def __init__(self, cal: WbrCalendar, week_ending: date) -> None:
        self.cal, self.week_ending = cal, week_ending
        self.weeks = cal.trailing_weeks(week_ending, HISTORY_WEEKS)
        self.months = cal.trailing_months(week_ending, 13)
        self.py_months = [cal.prior_year_month(m) for m in self.months[1:]]
        self.todate = {"mtd": cal.mtd(week_ending), "qtd": cal.qtd(week_ending), "ytd": cal.ytd(week_ending)}
        self.py_todate = {k: cal.prior_year_span(v) for k, v in self.todate.items()}

    def all(self) -> list[Span]:
        spans = [*self.weeks, *self.months, *self.py_months, *self.todate.values(), *self.py_todate.values()]
        return list(dict.fromkeys(spans))


def _key(span: Span) -> str:
    return f"{span.start.isoformat()}/{span.end.isoformat()}"


class Engine:
    def __init__(self, spec: MetricsFile) -> None:
        self.spec = spec
        self.cal = WbrCalendar.from_names(spec.week_ending, spec.fiscal_year_end_month)
        self.con = duckdb.connect()
        self.columns: dict[str, dict[str, str]] = {}
        for source in spec.sources.values():
            sources.register(self.con, source)
            self.columns[source.name] = sources.describe(self.con, source)

    def last_data_day(self) -> date:
        days = [self.con.execute(f"SELECT max(__day) FROM {sources.view_name(s)}").fetchone()[0]  # type: ignore[index]
                for s in self.spec.sources]
        known = [d for d in days if d is not None]
        if not known:
            raise ValidationFailed("The sources hold no rows: there is nothing to compute.")
        return max(known)

    def default_week_ending(self) -> date:
        return self.cal.last_complete_week_ending(self.last_data_day())

    def compute(self, week_ending: date | None = None) -> dict[str, Any]:
        """The deck's numbers for the week ending on ``week_ending`` (default: the last complete week)."""
        week_ending = week_ending or self.default_week_ending()
        self.cal.check_week_ending(week_ending)
        periods = Periods(self.cal, week_ending)
        spans = periods.all()
        self.con.execute("CREATE OR REPLACE TEMP TABLE periods (key VARCHAR, start DATE, stop DATE)")
        self.con.executemany("INSERT INTO periods VALUES (?, ?, ?)", [(_key(s), s.start, s.end) for s in spans])
        values: dict[str, dict[str, Value]] = self._bases(week_ending)
        for name in self.spec.order():
            metric = self.spec.metrics[name]
            raw = self._derived(metric, values) if metric.is_derived else values[name]
            if metric.require_complete:
                raw = {k: v if v.complete else Value(None, False, v.missing_days) for k, v in raw.items()}
            values[name] = raw
        return {
            "week_ending": week_ending.isoformat(),
            "week_number": self.cal.week_number(week_ending),
            "fiscal_year_end_month": self.spec.fiscal_year_end_month,
            "metrics": {name: self._report(self.spec.metrics[name], values[name], periods)
                        for name in self.spec.metrics},
        }

    def _bases(self, as_of: date) -> dict[str, dict[str, Value]]:
        """Every base metric of a source in one query: one pass over its rows for all periods.

        Each metric's own filter becomes an aggregate FILTER clause, so metrics that share a
        source never read it twice.
        """
        by_source: dict[str, list[MetricSpec]] = {}
        for metric in self.spec.metrics.values():
            if not metric.is_derived:
                assert metric.source is not None
                by_source.setdefault(metric.source, []).append(metric)
        values: dict[str, dict[str, Value]] = {}
        for source_name, metrics in by_source.items():
            source = self.spec.sources[source_name]
            columns = []
            for metric in metrics:
                value = (sources.value_sql(self.con, metric, source, self.columns[source_name])
                         if metric.column else "1")
                keep = f" FILTER (WHERE {metric.filter})" if metric.filter else ""
                columns.append(f"{sources.aggregate_sql(metric, value)}{keep}")
                columns.append(f"count(DISTINCT s.__day){keep}")
            sql = (f"SELECT p.key, datediff('day', p.start, p.stop) + 1, {', '.join(columns)} FROM periods p "
                   f"JOIN {sources.view_name(source.name)} s ON s.__day BETWEEN p.start AND p.stop "
                   "WHERE s.__day <= ? GROUP BY p.key, p.start, p.stop")
            try:
                rows = self.con.execute(sql, [as_of]).fetchall()
            except duckdb.Error as exc:
                names = ", ".join(m.name for m in metrics)
                raise ValidationFailed(f"metrics {names} (source {source_name}): {str(exc).splitlines()[0]}") \
                    from None
            for i, metric in enumerate(metrics):
                found: dict[str, Value] = {}
                for row in rows:
                    key, length, v, days = row[0], row[1], row[2 + 2 * i], row[3 + 2 * i]
                    if days:
                        found[key] = Value(float(v) if v is not None else None, days == length, length - days)
                values[metric.name] = found
        return values

    def _derived(self, metric: MetricSpec, values: dict[str, dict[str, Value]]) -> dict[str, Value]:
        parts = [values[name] for name in metric.of]
        keys = set().union(*parts)
        out = {}
        for key in keys:
            items = [p.get(key, Value(None, False, 0)) for p in parts]
            numbers = [i.value for i in items]
            result: float | None = None
            if all(n is not None for n in numbers):
                assert all(n is not None for n in numbers)
                a = [float(n) for n in numbers if n is not None]
                if metric.derived == "ratio":
                    result = None if a[1] == 0 else a[0] / a[1]
                elif metric.derived == "difference":
                    result = a[0] - a[1]
                elif metric.derived == "sum":
                    result = sum(a)
                else:
                    result = 1.0
                    for n in a:
                        result *= n
            out[key] = Value(result, all(i.complete for i in items), max(i.missing_days for i in items))
        return out

    def _report(self, metric: MetricSpec, values: dict[str, Value], p: Periods) -> dict[str, Any]:
        def get(span: Span) -> Value:
            return values.get(_key(span), Value(None, False, span.days()))

        cmp = metric.comparison
        weeks: list[dict[str, Any]] = []
        for i in range(len(p.weeks) - 6, len(p.weeks)):
            span, now = p.weeks[i], get(p.weeks[i])
            before = get(p.weeks[i - 1]).value
            py = get(self.cal.prior_year_week(span)).value
            weeks.append({"start": span.start.isoformat(), "end": span.end.isoformat(), "value": now.value,
                          "py_value": py, "wow": change(now.value, before, cmp), "yoy": change(now.value, py, cmp),
                          "complete": now.complete})
        months = []
        for i in range(1, len(p.months)):
            span, now = p.months[i], get(p.months[i])
            py = get(p.py_months[i - 1]).value
            months.append({"month": span.start.strftime("%Y-%m"), "value": now.value, "py_value": py,
                           "mom": change(now.value, get(p.months[i - 1]).value, cmp),
                           "yoy": change(now.value, py, cmp), "complete": now.complete})
        last = weeks[-1]
        summary: dict[str, Any] = {"last_week": {"value": last["value"], "py_value": last["py_value"],
                                                 "wow": last["wow"], "yoy": last["yoy"]}}
        for name, span in p.todate.items():
            so_far, py_so_far = get(span).value, get(p.py_todate[name]).value
            summary[name] = {"value": so_far, "py_value": py_so_far, "yoy": change(so_far, py_so_far, cmp)}
        plan = metric.plan.get(p.week_ending.isoformat())
        if plan is not None:
            summary["last_week"]["plan"] = plan
            summary["last_week"]["vs_plan"] = change(weeks[-1]["value"], plan, cmp)
        return {"kind": metric.kind, "owner": metric.owner, "unit": metric.unit, "format": metric.format,
                "direction": metric.direction, "comparison": cmp, "weeks": weeks, "months": months,
                "summary": summary, "anomaly": self._anomaly(metric, values, p)}

    def _anomaly(self, metric: MetricSpec, values: dict[str, Value], p: Periods) -> str | None:
        """The latest week's WoW and YoY against the metric's own past changes (median and MAD)."""
        series = [values.get(_key(w), Value(None, False, 7)).value for w in p.weeks]
        cmp = metric.comparison
        wow = [change(series[i], series[i - 1], cmp) for i in range(1, len(series))]
        yoy = [change(series[i], series[i - 52], cmp) for i in range(52, len(series))]
        notes = []
        for label, changes in (("WoW", wow), ("YoY", yoy)):
            latest, history = changes[-1], [c for c in changes[:-1][-52:] if c is not None]
            if latest is None or len(history) < 8:
                continue
            median = statistics.median(history)
            mad = statistics.median(abs(c - median) for c in history) * 1.4826
            shown = (f"{latest:+.1%}" if cmp == "percent" else f"{latest * 10000:+,.0f} bps" if cmp == "bps"
                     else f"{latest:+,.4g}")
            if mad == 0:  # a series that never moved: any move is beyond normal variation
                if abs(latest - median) > 1e-12:
                    notes.append(f"{label} {shown} after {len(history)} weeks without change")
                continue
            score = (latest - median) / mad
            if abs(score) > self.spec.anomaly_threshold:
                notes.append(f"{label} {shown} is {abs(score):.1f} robust SDs "
                             f"{'above' if score > 0 else 'below'} its usual change")
        return "; ".join(notes) if notes else None


