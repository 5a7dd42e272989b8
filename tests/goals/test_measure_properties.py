"""The period and date arithmetic of measuring a goal, over any date, week-ending day and
fiscal year: the span a goal's period covers on a day, the week that judges it at its date,
and the trend line through the deck's points."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dayone.goals.measure import judge, judging_week, span_at, trend_at
from dayone.goals.models import Period, Status
from dayone.metrics.calendar import WbrCalendar

days = st.dates(date(2001, 1, 1), date(2098, 12, 31))
calendars = st.builds(WbrCalendar, st.integers(0, 6), st.integers(1, 12))


@given(cal=calendars, day=days)
def test_each_period_s_span_on_a_day(cal: WbrCalendar, day: date) -> None:
    week = span_at(cal, Period.WEEK, day)
    assert week.days() == 7 and week.end.weekday() == cal.week_ending and day - timedelta(days=6) <= week.end <= day
    month = span_at(cal, Period.MONTH, day)
    assert month.contains(day) and month.start.day == 1 and (month.end + timedelta(days=1)).day == 1
    quarter, year = span_at(cal, Period.QUARTER, day), span_at(cal, Period.YTD, day)
    assert quarter.end == year.end == day and year.start <= quarter.start <= day
    assert quarter.days() <= 92 and year.days() <= 366


@given(cal=calendars, due=days, period=st.sampled_from(list(Period)))
def test_the_judging_week_holds_the_goal_s_period_at_its_date(cal: WbrCalendar, due: date, period: Period) -> None:
    week = judging_week(cal, period, due)
    assert week.weekday() == cal.week_ending
    if period in (Period.WEEK, Period.MONTH):  # the first week ending on or after the date
        assert due <= week < due + timedelta(days=7)
    else:  # the last week ending on or before it
        assert due - timedelta(days=7) < week <= due


@given(start=days, slope=st.floats(-1e3, 1e3), level=st.floats(-1e6, 1e6), steps=st.integers(2, 12),
       ahead=st.integers(0, 400))
def test_a_straight_line_is_its_own_trend(start: date, slope: float, level: float, steps: int, ahead: int) -> None:
    points = [(start + timedelta(days=7 * i), level + slope * 7 * i) for i in range(steps)]
    at = points[-1][0] + timedelta(days=ahead)
    expected = level + slope * (at - start).days
    assert trend_at(points, at) == pytest.approx(expected, rel=1e-6, abs=1e-3)
    assert trend_at(points[:1], at) is None


@given(target=st.floats(1, 1e9), ratio=st.floats(0, 2), direction=st.sampled_from(["up", "down"]))
def test_status_is_monotonic_in_the_projection(target: float, ratio: float, direction: str) -> None:
    projection = target * ratio
    status = judge(projection, target, direction, 0.05)
    better = projection >= target if direction == "up" else projection <= target
    assert (status is Status.GREEN) == better
    if not better:
        short = abs(target - projection)
        assert (status is Status.YELLOW) == (short <= 0.05 * target)
