"""A metric goal measured by the WBR engine: its current value, its projection at the goal's
date, and the status that follows.

Nothing is recomputed here: the value is the deck's own number for the goal's period (the
engine's ``summary`` and ``months``); the projection uses the metric's plan through the
engine's :class:`~dayone.metrics.compute.Plan` when the metric has one for both periods, else
the trend of the deck's own series. docs/goals.md states the rules.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from dayone.goals.models import Period, Status
from dayone.metrics.calendar import Span, WbrCalendar
from dayone.metrics.compute import Plan
from dayone.metrics.spec import MetricsFile, MetricSpec

PERIOD_WORDS = {Period.WEEK: "the week", Period.MONTH: "the month", Period.QUARTER: "the quarter to date",
                Period.YTD: "the year to date"}


@dataclass(frozen=True)
class Measurement:
    """What the WBR says about a metric goal today."""

    value: float | None  # the goal's period in the deck's week
    week_ending: str | None
    span: str | None  # the period the value covers, start..end
    projection: float | None  # the value expected at the goal's date
    method: str  # plan | trend | run rate | flat | none
    status: Status
    reason: str  # why the status is what it is, in words

    def to_dict(self) -> dict[str, Any]:
        """As JSON: the status as its word."""
        return {**asdict(self), "status": self.status.value}


def calendar_of(spec: MetricsFile) -> WbrCalendar:
    """The WBR's calendar for the metrics file (its week-ending day and fiscal year end)."""
    return WbrCalendar.from_names(spec.week_ending, spec.fiscal_year_end_month)


def month_span(day: date) -> Span:
    """The calendar month ``day`` falls in."""
    return Span(day.replace(day=1), day.replace(day=_stdlib_calendar.monthrange(day.year, day.month)[1]))


def span_at(cal: WbrCalendar, period: Period, day: date) -> Span:
    """The goal's period as it stands on ``day``: the week ending on or before it, its month,
    its fiscal quarter to date, its fiscal year to date."""
    if period is Period.WEEK:
        return cal.week(cal.last_complete_week_ending(day))
    if period is Period.MONTH:
        return month_span(day)
    if period is Period.QUARTER:
        return cal.qtd(day)
    return cal.ytd(day)


def current(report: dict[str, Any], period: Period, as_of: date, cal: WbrCalendar) -> tuple[float | None, Span]:
    """The deck's value of the goal's period: the last week, the last complete month, the
    quarter to date or the year to date of the deck's week ``as_of``."""
    summary = report.get("summary") or {}
    if period is Period.WEEK:
        return (summary.get("last_week") or {}).get("value"), cal.week(as_of)
    if period is Period.MONTH:
        months = report.get("months") or []
        last = cal.trailing_months(as_of, 1)[0]
        return (months[-1].get("value") if months else None), last
    key, span = ("qtd", cal.qtd(as_of)) if period is Period.QUARTER else ("ytd", cal.ytd(as_of))
    return (summary.get(key) or {}).get("value"), span


def _series(report: dict[str, Any], period: Period) -> list[tuple[date, float]]:
    """The deck's own points of the goal's period, dated by their last day."""
    if period is Period.MONTH:
        return [(month_span(date.fromisoformat(m["month"] + "-01")).end, float(m["value"]))
                for m in report.get("months") or [] if m.get("value") is not None]
    return [(date.fromisoformat(w["end"]), float(w["value"])) for w in report.get("weeks") or []
            if w.get("value") is not None]


def trend_at(points: list[tuple[date, float]], day: date) -> float | None:
    """The least-squares line through ``points``, read at ``day``; None with fewer than two."""
    if len(points) < 2:
        return None
    xs = [(d - points[0][0]).days for d, _ in points]
    ys = [v for _, v in points]
    n = len(points)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return mean_y
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    return mean_y + slope * ((day - points[0][0]).days - mean_x)


def project(report: dict[str, Any], metric: MetricSpec, spec: MetricsFile, period: Period, value: float,
            now: Span, due: date, cal: WbrCalendar) -> tuple[float | None, str]:
    """The value expected at ``due``, and how it was projected: along the metric's plan
    (keeping today's gap to it), else along the trend of the deck's series (a run rate for
    sums and counts over a quarter or year to date)."""
    then = span_at(cal, period, due)
    planned = Plan(metric, spec)
    plan_now, plan_then = planned.for_span(now), planned.for_span(then)
    if plan_now is not None and plan_then is not None:
        if metric.comparison == "percent" and plan_now != 0:
            return value * plan_then / plan_now, "plan"
        return value + (plan_then - plan_now), "plan"
    if period in (Period.QUARTER, Period.YTD) and spec.additive(metric.name):
        return value / now.days() * then.days(), "run rate"
    found = trend_at(_series(report, Period.MONTH if period is Period.MONTH else Period.WEEK), then.end)
    if found is None:
        return value, "flat"
    return found, "trend"


def judge(projection: float, target: float, direction: str, margin: float) -> Status:
    """Green when the projection reaches the target, yellow when it misses by at most ``margin``
    of the target, red beyond."""
    short = (target - projection) if direction != "down" else (projection - target)
    if short <= 0:
        return Status.GREEN
    return Status.YELLOW if short <= margin * abs(target) else Status.RED


def meets(value: float, target: float, direction: str) -> bool:
    """Whether ``value`` reaches ``target`` in the metric's good direction."""
    return value >= target if direction != "down" else value <= target


def judging_week(cal: WbrCalendar, period: Period, due: date) -> date:
    """The WBR week whose deck judges a goal at its date: for a week or a month, the first week
    ending on or after the date (so its week or month is whole in the deck); for a quarter or
    the year to date, the last week ending on or before it (the deck's to-date spans end there)."""
    if period in (Period.WEEK, Period.MONTH):
        return cal.last_complete_week_ending(due + timedelta(days=6))
    return cal.last_complete_week_ending(due)


def measure(numbers: dict[str, Any], spec: MetricsFile, *, metric: str, period: Period, target: float,
            due: date, margin: float, passed: bool = False) -> Measurement:
    """A metric goal against the deck ``numbers`` (``wbr.service.deck``'s answer); ``passed``:
    the deck is the one that judges the goal at its date (:func:`judging_week`)."""
    week_ending = numbers.get("week_ending")
    report = (numbers.get("metrics") or {}).get(metric)
    if report is None or metric not in spec.metrics:
        return Measurement(None, week_ending, None, None, "none", Status.UNKNOWN,
                           f"the WBR has no metric {metric!r}")
    cal = calendar_of(spec)
    as_of = date.fromisoformat(str(week_ending))
    value, now = current(report, period, as_of, cal)
    if passed and period is Period.MONTH:  # the month the date falls in, whole
        now = month_span(due)
        value = next((m.get("value") for m in report.get("months") or [] if m.get("month") == f"{due:%Y-%m}"), None)
    if value is None:
        why = report.get("problem") or f"{PERIOD_WORDS[period]} has no value in the week ending {week_ending}"
        return Measurement(None, week_ending, str(now), None, "none", Status.UNKNOWN, why)
    direction = spec.metrics[metric].direction
    if passed or due <= as_of:
        status = Status.GREEN if meets(value, target, direction) else Status.RED
        return Measurement(value, week_ending, str(now), value, "actual", status,
                           f"the goal's date has passed; {PERIOD_WORDS[period]} is {value:g} against {target:g}")
    projection, method = project(report, spec.metrics[metric], spec, period, value, now, due, cal)
    assert projection is not None
    status = judge(projection, target, direction, margin)
    word = {"plan": "along its plan", "trend": "along its trend", "run rate": "at its run rate",
            "flat": "held flat (too little history for a trend)"}[method]
    return Measurement(value, week_ending, str(now), projection, method, status,
                       f"{value:g} now; {projection:g} projected at {due.isoformat()} {word}, against {target:g}")
