"""The planning cycle's dates from the workspace's settings: properties over every start month
and due date, and the settings refusing a date that is none."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from dayone.errors import InvalidInput
from dayone.goals.cycle import planning_year, year_of
from dayone.settings import Settings

month_days = st.builds(lambda d: d.strftime("%m-%d"), st.dates(date(2000, 1, 1), date(2000, 12, 31)))


@given(year=st.integers(2001, 2199), start=st.integers(1, 12), op1=month_days, op2=month_days,
       offset=st.integers(0, 365))
def test_a_planning_year_is_one_year_with_op1_before_it_and_op2_inside(
        year: int, start: int, op1: str, op2: str, offset: int) -> None:
    found = planning_year(year, start_month=start, op1_due=op1, op2_due=op2)
    assert found.start.day == 1 and found.start.month == start
    assert found.end.year == year  # named by the calendar year it ends in
    assert (found.end - found.start).days + 1 in (365, 366)
    assert found.start - timedelta(days=366) <= found.op1_due < found.start
    assert found.start <= found.op2_due <= found.end
    day = min(found.start + timedelta(days=offset), found.end)
    assert year_of(day, start_month=start) == year
    assert found.contains(day) and not found.contains(found.end + timedelta(days=1))


def test_the_default_cycle_is_the_calendar_year() -> None:
    found = planning_year(2027)
    assert (found.start, found.end, found.op1_due, found.op2_due) == (
        date(2027, 1, 1), date(2027, 12, 31), date(2026, 10, 1), date(2027, 2, 1))


def test_a_year_out_of_range_names_the_field() -> None:
    with pytest.raises(InvalidInput, match=r"^year: 1066"):
        planning_year(1066)


@pytest.mark.parametrize("value", ["13-01", "02-30", "soon", "10"])
def test_a_due_setting_that_is_no_date_is_refused(value: str) -> None:
    with pytest.raises(ValidationError, match="MM-DD"):
        Settings(goals_op1_due=value)
