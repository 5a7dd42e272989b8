"""Comparison and period arithmetic as hypothesis properties: changes of a value against itself,
a constant daily series through the whole engine (any week-ending day, any fiscal year end),
and plans spread over days."""

from __future__ import annotations

import calendar
import csv
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dayone.metrics import spec
from dayone.metrics.calendar import WEEKDAYS, Span
from dayone.metrics.compute import Engine, Periods, Plan, change

finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)


@given(finite, st.sampled_from(["percent", "bps", "absolute"]))
def test_a_value_against_itself_has_not_changed(x: float, comparison: str) -> None:
    assert change(x, x, comparison) == (None if comparison == "percent" and x == 0 else 0)


@given(finite, finite)
def test_changes_follow_their_definitions(now: float, before: float) -> None:
    assert change(now, before, "bps") == now - before == change(now, before, "absolute")
    if before == 0:
        assert change(now, before, "percent") is None  # a zero base has no percent change, never infinity
    else:
        # over the size of the base: its sign is the sign of the move, even from a negative base
        assert change(now, before, "percent") == pytest.approx((now - before) / abs(before))
        assert (change(now, before, "percent") or 0) * (now - before) >= 0
    for comparison in ("percent", "bps", "absolute"):
        assert change(None, before, comparison) is None and change(now, None, comparison) is None


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=st.integers(1, 10_000), weekday=st.sampled_from(WEEKDAYS), fiscal=st.integers(1, 12),
       back=st.integers(0, 400))
@example(value=6, weekday="monday", fiscal=1, back=339)  # rounding errors once read as a move of 10 SDs
def test_a_constant_daily_series_gives_exactly_predictable_numbers(value: int, weekday: str, fiscal: int,
                                                                   back: int) -> None:
    """``value`` every day for three years: every period's sum is ``value`` times its days, its mean
    is ``value``, and every WoW, MoM and YoY is exactly 0."""
    with tempfile.TemporaryDirectory() as folder:
        end = date(2026, 11, 25) - timedelta(days=back)
        with (Path(folder) / "d.csv").open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["date", "n"])
            day = end - timedelta(days=3 * 366)
            while day <= end:
                writer.writerow([day.isoformat(), value])
                day += timedelta(days=1)
        (Path(folder) / "m.yaml").write_text(
            f"setup: {{week_ending: {weekday}, fiscal_year_end_month: {fiscal}}}\n"
            "sources: {d: {csv: d.csv, date_column: date}}\n"
            "metrics:\n  total: {source: d, column: n}\n  level: {source: d, column: n, aggregation: mean}\n"
            "  share: {derived: ratio, of: [total, total], comparison: bps}\n")
        metrics = spec.load(Path(folder) / "m.yaml")
        with Engine(metrics) as engine:
            deck = engine.compute()
        as_of = date.fromisoformat(deck["week_ending"])
        assert as_of.weekday() == WEEKDAYS.index(weekday) and as_of <= end
        total, level, share = (deck["metrics"][m] for m in ("total", "level", "share"))
        for week in total["weeks"]:
            assert week["value"] == 7 * value and week["wow"] == 0 and week["yoy"] == 0 and week["complete"]
        for month in total["months"]:
            first = date.fromisoformat(month["month"] + "-01")
            assert month["value"] == value * calendar.monthrange(first.year, first.month)[1]
            assert month["mom"] is not None and month["yoy"] is not None
        periods = Periods(engine.cal, as_of)
        for name in ("mtd", "qtd", "ytd"):
            span = periods.spans[periods.todate[name]]
            assert total["summary"][name]["value"] == value * span.days()
        assert all(w["value"] == value and w["wow"] == 0 for w in level["weeks"])
        assert all(m["value"] == value and m["mom"] == 0 and m["yoy"] == 0 for m in level["months"])
        assert all(w["value"] == 1.0 and w["yoy"] == 0 for w in share["weeks"])
        assert total["anomaly"] is None and level["anomaly"] is None


@given(st.integers(2000, 2100), st.integers(1, 12), st.integers(1, 10**9), st.integers(0, 27))
def test_a_monthly_plan_spread_over_its_days_adds_up(year: int, month: int, target: int, cut: int) -> None:
    length = calendar.monthrange(year, month)[1]
    days = [date(year, month, d) for d in range(1, length + 1)]
    metric = spec.MetricSpec(name="orders", source="s", column="n", plan={f"{year:04d}-{month:02d}": float(target)})
    metrics = spec.MetricsFile(None, "saturday", 12, {}, {"orders": metric}, [])
    plan = Plan(metric, metrics)
    whole = plan.for_span(Span(days[0], days[-1]))
    head, tail = plan.for_span(Span(days[0], days[cut])), plan.for_span(Span(days[cut + 1], days[-1]))
    assert whole == pytest.approx(target) and head is not None and tail is not None
    assert head + tail == pytest.approx(target) and head == pytest.approx(target * (cut + 1) / length)
    assert plan.for_span(Span(days[0] - timedelta(days=1), days[-1])) is None  # a day without a plan
