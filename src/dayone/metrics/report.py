"""A metric's numbers as the deck reports them: its value in every period the deck shows, how
complete each period is (and which days it misses), and the changes between periods — each
change withheld, with its reason, when its base is missing, zero or incomplete.

docs/wbr-semantics.md is the contract: "Days with data and complete periods" and "Comparisons".
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from dayone.metrics.calendar import Span, WbrCalendar
from dayone.metrics.spec import MetricsFile, MetricSpec

HISTORY_WEEKS = 113  # 6 shown + 1 for WoW + 52 for YoY + 52 of history for anomalies + margin
LISTED_RUNS = 4  # a reason names at most this many runs of missing days; the JSON lists them all
TODATE_LABELS = {k: (f"the {k.upper()}", f"last year's {k.upper()}") for k in ("mtd", "qtd", "ytd")}


def change(current: float | None, previous: float | None, comparison: str) -> float | None:
    """percent: the change over the size of the base, (current − previous) / |previous|, so that
    a loss that halves is +50% (its sign is the sign of the move, whatever the base's sign);
    bps and absolute: the difference. A missing or zero base: None."""
    if current is None or previous is None:
        return None
    if comparison == "percent":
        if previous == 0:
            return None
        return (current - previous) / (previous if previous > 0 else -previous)
    return current - previous


@dataclass
class Series:
    """A metric's value in every period: NaN where it has none; ``days``: its days with data
    per period (with rows, and a value in its column); ``complete``: every day has data.

    ``gaps``: the missing days of the periods the deck shows that are partly covered (a period
    with no data at all misses all its days); ``problem``: why the metric has no numbers at
    all, for everyone; ``detail``: the engine's own message, which may quote data (admins)."""

    values: np.ndarray
    days: np.ndarray
    complete: np.ndarray
    gaps: dict[int, tuple[date, ...]] = field(default_factory=dict)
    problem: str | None = None
    detail: str | None = None

    def listed(self) -> list[float | None]:
        """The values as Python numbers, None where there is none."""
        return [None if v != v else v for v in self.values.tolist()]  # NaN is the only value unequal to itself

    def missing(self, i: int, span: Span) -> tuple[date, ...]:
        """The days of period ``i`` (``span``) without data."""
        if self.complete[i]:
            return ()
        if i in self.gaps:
            return self.gaps[i]
        return tuple(span.dates()) if self.days[i] == 0 else ()


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
        self.starts = np.array([s.start.toordinal() for s in self.spans])
        self.ends = np.array([s.end.toordinal() for s in self.spans])
        # the names of the weeks and months shown, the same in every metric's report
        self.week_names = [(self.spans[i].start.isoformat(), self.spans[i].end.isoformat()) for i in self.weeks[-6:]]
        self.month_names = [self.spans[i].start.strftime("%Y-%m") for i in self.months[1:]]
        # the periods the deck shows or compares with: their missing days are listed
        self.shown = sorted({*self.weeks[-7:], *self.py_weeks, *self.months, *self.py_months,
                             *self.todate.values(), *self.py_todate.values()})

    def count(self, days: set[date]) -> np.ndarray:
        """How many of ``days`` each period holds."""
        if not days:
            return np.zeros(len(self.spans), dtype=int)
        at = np.array([d.toordinal() for d in days])[:, None]
        return ((at >= self.starts) & (at <= self.ends)).sum(axis=0)  # type: ignore[no-any-return]

    def add(self, span: Span) -> int:
        if span not in self.index:
            self.index[span] = len(self.spans)
            self.spans.append(span)
        return self.index[span]


def runs(days: tuple[date, ...] | list[date]) -> list[str]:
    """Days as ISO dates, each run of consecutive days as one ISO 8601 interval (``start/end``)."""
    out: list[str] = []
    start = previous = None
    for day in sorted(days):
        if previous is not None and day == previous + timedelta(days=1):
            previous = day
            continue
        if start is not None and previous is not None:
            out.append(_run(start, previous))
        start = previous = day
    if start is not None and previous is not None:
        out.append(_run(start, previous))
    return out


def _run(start: date, end: date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()}/{end.isoformat()}"


def _named(listed: list[str]) -> str:
    shown = [r.replace("/", " to ") for r in listed[:LISTED_RUNS]]
    more = f" and {len(listed) - LISTED_RUNS} more" if len(listed) > LISTED_RUNS else ""
    return ", ".join(shown) + more


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


class Reporter:
    """One metric's report (the JSON contract's ``metrics.<name>``) from its series."""

    def __init__(self, metric: MetricSpec, s: Series, p: Periods, spec: MetricsFile) -> None:
        self.metric, self.s, self.p = metric, s, p
        self.plan = Plan(metric, spec)
        self.values = s.listed()
        self.complete = s.complete.tolist()
        self.days = s.days.tolist()
        self.percent = metric.comparison == "percent"

    def _coverage(self, i: int) -> tuple[bool, list[str]]:
        return bool(self.complete[i]), runs(self.s.missing(i, self.p.spans[i]))

    def _gap(self, i: int, label: str) -> str:
        """Why period ``i`` (called ``label``) is incomplete, in words."""
        span = self.p.spans[i]
        listed = runs(self.s.missing(i, span))
        if int(self.days[i]) == 0:
            return f"{label} ({span.start.isoformat()} to {span.end.isoformat()}) has no data"
        return (f"{label} has data on {int(self.days[i])} of its {span.days()} days "
                f"(none on {_named(listed)})")

    def _value_reason(self, i: int, label: str) -> str | None:
        if self.values[i] is not None:
            return None
        if not self.complete[i] and int(self.days[i]) > 0 and self.metric.require_complete:
            return f"{self._gap(i, label)}, and this metric requires complete periods"
        if int(self.days[i]) == 0:
            return self._gap(i, label)
        if self.metric.filter:  # a mean, a percentile, a minimum… of no row
            return f"no row of {label} matches the filter ({self.metric.filter})"
        return None

    def _change(self, now: int, base: int, label: str) -> tuple[float | None, str | None]:
        """The change from period ``base`` (called ``label``) to period ``now``, and why it is
        withheld when it is: its base is missing, zero (for a percent change) or incomplete."""
        current, previous = self.values[now], self.values[base]
        if current is None:
            return None, None
        if previous is None:
            return None, self._value_reason(base, label) or f"{label} has no value"
        if not self.complete[base] and not self.metric.compare_incomplete:
            return None, f"{self._gap(base, label)}, so the change is not shown"
        if previous == 0 and self.metric.comparison == "percent":
            return None, f"{label} is zero"
        return change(current, previous, self.metric.comparison), None

    def _period(self, item: dict[str, Any], now: int, label: str, py_label: str, py: int,
                key: str | None = None, base: int = 0, base_label: str = "") -> dict[str, Any]:
        """Fill ``item`` for period ``now`` (called ``label``), its prior-year ``py`` and, with
        ``key`` (wow, mom), its previous period ``base``. A 500-metric deck has 10,000 of these:
        the usual case (whole periods with values) takes the short path."""
        values, complete, percent = self.values, self.complete, self.percent
        value, py_value = values[now], values[py]
        item["value"], item["py_value"] = value, py_value
        reasons: dict[str, str] = {}
        if key is not None:
            previous = values[base]
            if value is not None and previous and complete[base]:  # there, whole and not zero
                item[key] = ((value - previous) / (previous if previous > 0 else -previous) if percent
                             else value - previous)
            else:
                item[key], why = self._change(now, base, base_label)
                if why:
                    reasons[key] = why
        if value is not None and py_value and complete[py]:
            item["yoy"] = ((value - py_value) / (py_value if py_value > 0 else -py_value) if percent
                           else value - py_value)
        else:
            item["yoy"], why = self._change(now, py, py_label)
            if why:
                reasons["yoy"] = why
        if complete[now]:
            item["complete"], item["missing_dates"] = True, []
        else:
            item["complete"], item["missing_dates"] = self._coverage(now)
        if complete[py]:
            item["py_complete"], item["py_missing_dates"] = True, []
        else:
            item["py_complete"], item["py_missing_dates"] = self._coverage(py)
        if value is None or py_value is None:
            for name, i, named in (("value", now, label), ("py_value", py, py_label)):
                why = self._value_reason(i, named)
                if why:
                    reasons[name] = why
        if reasons:
            item["reasons"] = reasons
        return item

    def report(self) -> dict[str, Any]:
        p, metric, cmp = self.p, self.metric, self.metric.comparison
        weeks: list[dict[str, Any]] = []
        planned = bool(self.plan.plan)
        for k, i in enumerate(p.weeks[-6:]):
            start, end = p.week_names[k]
            week = self._period({"start": start, "end": end}, i, "the week", "the prior-year week", p.py_weeks[k],
                                "wow", p.weeks[len(p.weeks) - 7 + k], "the week before")
            if planned:
                self.plan.attach(week, p.spans[i], cmp)
            weeks.append(week)
        months = []
        for k in range(1, len(p.months)):
            i = p.months[k]
            month = self._period({"month": p.month_names[k - 1]}, i, "the month", "the same month last year",
                                 p.py_months[k - 1], "mom", p.months[k - 1], "the month before")
            if planned:
                self.plan.attach(month, p.spans[i], cmp)
            months.append(month)
        last = weeks[-1]
        summary: dict[str, Any] = {"last_week": {k: last[k] for k in (
            "value", "py_value", "wow", "yoy", "complete", "missing_dates", "py_complete", "py_missing_dates",
            "reasons") if k in last}}
        self.plan.attach(summary["last_week"], p.spans[p.weeks[-1]], cmp)
        for name, i in p.todate.items():
            summary[name] = self._period({}, i, *TODATE_LABELS[name], p.py_todate[name])
            self.plan.attach(summary[name], p.spans[i], cmp)
        return {"kind": metric.kind, "owner": metric.owner, "unit": metric.unit, "format": metric.format,
                "direction": metric.direction, "comparison": cmp, "weeks": weeks, "months": months,
                "summary": summary, "problem": self.s.problem, "problem_detail": self.s.detail, "anomaly": None}


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
