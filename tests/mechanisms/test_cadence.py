"""Cadences and their periods: hypothesis properties over random cadences and dates, and worked cases."""

from __future__ import annotations

import calendar
import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dayone.mechanisms.cadence import (
    UNITS,
    Cadence,
    CadenceError,
    Period,
    due_date,
    period_of,
    periods,
)

# Far enough from date.min/date.max that a 12-quarter block around any of them stays in the calendar.
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@st.composite
def cadences(draw: st.DrawFn) -> Cadence:
    unit = draw(st.sampled_from(UNITS))
    interval = draw(st.integers(1, 12))
    weekday = draw(st.none() | st.integers(0, 6)) if unit == "week" else None
    day = draw(st.none() | st.integers(1, 28)) if unit == "month" else None
    return Cadence(unit, interval, weekday, day)


def _months_between(start: date, end: date) -> int:
    """How many calendar months the inclusive range covers, counting both ends' months."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


# ---- reading and writing cadences -------------------------------------------------------------


@given(cadences())
def test_describe_round_trips_through_parse(cadence: Cadence) -> None:
    text = cadence.describe()
    assert Cadence.parse(text) == cadence
    assert Cadence.parse(text).describe() == text  # describe is canonical


@given(cadences(), st.data())
def test_parse_ignores_case_and_extra_spaces(cadence: Cadence, data: st.DataObject) -> None:
    words = cadence.describe().split()
    spaces = [data.draw(st.sampled_from([" ", "  ", "\t", " \n "])) for _ in words]
    messy = "".join(space + data.draw(st.sampled_from([w.upper(), w.lower(), w.title()]))
                    for space, w in zip(spaces, words, strict=True)) + data.draw(st.sampled_from(["", "   "]))
    assert Cadence.parse(messy) == cadence


@given(st.text(max_size=40))
def test_parse_either_reads_or_raises_cadence_error(text: str) -> None:
    # Never any other exception, whatever is typed into the form.
    try:
        Cadence.parse(text)
    except CadenceError as error:
        assert str(error).startswith("cadence: ")


@pytest.mark.parametrize(("text", "expected"), [
    ("daily", Cadence("day", 1)),
    ("every day", Cadence("day", 1)),
    ("every 3 days", Cadence("day", 3)),
    ("every 1 day", Cadence("day", 1)),
    ("weekly", Cadence("week", 1)),
    ("every week", Cadence("week", 1)),
    ("weekly on monday", Cadence("week", 1, weekday=0)),
    ("Weekly on Monday", Cadence("week", 1, weekday=0)),
    ("  WEEKLY   on   MON ", Cadence("week", 1, weekday=0)),
    ("weekly on tue", Cadence("week", 1, weekday=1)),
    ("weekly on wednesday", Cadence("week", 1, weekday=2)),
    ("weekly on thu", Cadence("week", 1, weekday=3)),
    ("weekly on fri", Cadence("week", 1, weekday=4)),
    ("weekly on saturday", Cadence("week", 1, weekday=5)),
    ("weekly on sun", Cadence("week", 1, weekday=6)),
    ("every 2 weeks on friday", Cadence("week", 2, weekday=4)),
    ("every 2 weeks", Cadence("week", 2)),
    ("biweekly on friday", Cadence("week", 2, weekday=4)),
    ("biweekly", Cadence("week", 2)),
    ("monthly", Cadence("month", 1)),
    ("every month", Cadence("month", 1)),
    ("monthly on day 1", Cadence("month", 1, day=1)),
    ("monthly on day 28", Cadence("month", 1, day=28)),
    ("every 3 months", Cadence("month", 3)),
    ("every 3 months on day 15", Cadence("month", 3, day=15)),
    ("every 12 months", Cadence("month", 12)),
    ("quarterly", Cadence("quarter", 1)),
    ("every quarter", Cadence("quarter", 1)),
    ("every 2 quarters", Cadence("quarter", 2)),
])
def test_parse_accepted_phrasings(text: str, expected: Cadence) -> None:
    assert Cadence.parse(text) == expected


@pytest.mark.parametrize(("cadence", "text"), [
    (Cadence("day", 1), "daily"),
    (Cadence("day", 4), "every 4 days"),
    (Cadence("week", 1, weekday=0), "weekly on Monday"),
    (Cadence("week", 2, weekday=4), "every 2 weeks on Friday"),
    (Cadence("month", 1, day=1), "monthly on day 1"),
    (Cadence("month", 3), "every 3 months"),
    (Cadence("quarter", 1), "quarterly"),
])
def test_describe_reads_naturally(cadence: Cadence, text: str) -> None:
    assert cadence.describe() == text


@pytest.mark.parametrize(("text", "fragment"), [
    ("fortnightly-ish", "cannot read 'fortnightly-ish'"),
    ("", "empty"),
    ("   ", "empty"),
    ("every days", "cannot read"),
    ("weekly on", "cannot read"),
    ("every -1 weeks", "cannot read"),
    ("every 2.5 weeks", "cannot read"),
    ("every 0 days", "every 0 days is out of range"),
    ("every 0 weeks on monday", "every 0 weeks is out of range"),
    ("every 13 months", "every 13 months is out of range"),
    ("every 100000000000000000000000 months", "far too large"),
    ("monthly on day 31", "day 31 is out of range"),
    ("monthly on day 0", "day 0 is out of range"),
    ("weekly on funday", "'funday'"),
    ("monthly on friday", "a weekday only fits weekly cadences"),
    ("quarterly on monday", "a weekday only fits weekly cadences"),
    ("weekly on day 1", "a day of the month only fits monthly cadences"),
    ("daily on day 3", "a day of the month only fits monthly cadences"),
    ("monthly on the first", "cannot read 'the first'"),
])
def test_bad_cadences_say_what_is_wrong(text: str, fragment: str) -> None:
    with pytest.raises(CadenceError) as caught:
        Cadence.parse(text)
    message = str(caught.value)
    assert fragment in message
    assert message.startswith("cadence: ")
    assert "e.g." in message  # every message shows a phrasing that works


def test_unreadable_cadence_message_lists_examples() -> None:
    with pytest.raises(CadenceError) as caught:
        Cadence.parse("fortnightly-ish")
    assert str(caught.value) == (
        "cadence: cannot read 'fortnightly-ish'; write e.g. "
        '"weekly on Monday", "every 2 weeks on Friday", "monthly on day 1", "quarterly"'
    )


@pytest.mark.parametrize(("unit", "interval", "weekday", "day"), [
    ("year", 1, None, None),
    ("week", 0, None, None),
    ("week", 13, None, None),
    ("week", True, None, None),
    ("week", 1, 7, None),
    ("week", 1, -1, None),
    ("month", 1, None, 29),
    ("month", 1, 0, None),
    ("week", 1, None, 1),
    ("quarter", 1, 0, None),
])
def test_constructor_rejects_what_parse_would(unit: str, interval: int, weekday: int | None,
                                             day: int | None) -> None:
    with pytest.raises(CadenceError, match=r"^cadence: .*e\.g\.|^cadence: .*\b0 \(Monday\)"):
        Cadence(unit, interval, weekday, day)


def test_cadence_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="cannot read"):
        Cadence.parse("sometimes")


# ---- periods: properties ----------------------------------------------------------------------


@given(cadences(), dates, dates)
def test_day_lies_in_its_period(cadence: Cadence, day: date, anchor: date) -> None:
    period = period_of(cadence, day, anchor=anchor)
    assert period.start <= day <= period.end
    assert day in period
    assert period.key == period.start.isoformat()


@given(cadences(), dates, dates)
def test_period_of_is_stable(cadence: Cadence, day: date, anchor: date) -> None:
    period = period_of(cadence, day, anchor=anchor)
    assert period_of(cadence, period.start, anchor=anchor) == period
    assert period_of(cadence, period.end, anchor=anchor) == period


@given(cadences(), dates, dates)
def test_periods_have_the_right_shape(cadence: Cadence, day: date, anchor: date) -> None:
    period = period_of(cadence, day, anchor=anchor)
    days = (period.end - period.start).days + 1
    n = cadence.interval
    if cadence.unit == "day":
        assert days == n
    elif cadence.unit == "week":
        assert days == 7 * n
        assert period.start.weekday() == 0 and period.end.weekday() == 6  # ISO weeks
    else:
        months = n if cadence.unit == "month" else 3 * n
        assert period.start.day == 1
        assert period.end.day == calendar.monthrange(period.end.year, period.end.month)[1]
        assert _months_between(period.start, period.end) == months
        if cadence.unit == "quarter":
            assert period.start.month in (1, 4, 7, 10)


@given(cadences(), dates)
def test_anchor_starts_a_period(cadence: Cadence, anchor: date) -> None:
    start = period_of(cadence, anchor, anchor=anchor).start
    expected = {
        "day": anchor,
        "week": anchor - timedelta(days=anchor.weekday()),
        "month": anchor.replace(day=1),
        "quarter": date(anchor.year, anchor.month - (anchor.month - 1) % 3, 1),
    }[cadence.unit]
    assert start == expected


@given(cadences().filter(lambda c: c.interval == 1), dates, dates, dates)
def test_anchor_does_not_matter_for_interval_one(cadence: Cadence, day: date, a: date, b: date) -> None:
    assert period_of(cadence, day, anchor=a) == period_of(cadence, day, anchor=b)


@given(cadences(), dates, dates, st.integers(1, 40))
def test_periods_are_consecutive_and_end_at_until(cadence: Cadence, until: date, anchor: date,
                                                  count: int) -> None:
    found = periods(cadence, until=until, count=count, anchor=anchor)
    assert len(found) == count
    assert until in found[-1]
    assert found[-1] == period_of(cadence, until, anchor=anchor)
    for before, after in itertools.pairwise(found):
        assert after.start == before.end + timedelta(days=1)  # no gap, no overlap
    for period in found:
        # every period is one that period_of itself would give
        assert period_of(cadence, period.start, anchor=anchor) == period


@given(cadences(), dates, dates, st.integers(1, 20))
def test_periods_agree_with_shorter_lists(cadence: Cadence, until: date, anchor: date, count: int) -> None:
    longer = periods(cadence, until=until, count=count + 1, anchor=anchor)
    assert longer[1:] == periods(cadence, until=until, count=count, anchor=anchor)


@given(cadences(), dates, dates)
def test_due_date_lies_in_its_period(cadence: Cadence, day: date, anchor: date) -> None:
    period = period_of(cadence, day, anchor=anchor)
    due = due_date(cadence, period)
    assert due in period
    if cadence.weekday is not None:
        assert due.weekday() == cadence.weekday
        assert (due - period.start).days < 7  # in the period's first week
    elif cadence.day is not None:
        assert due.day == cadence.day
        assert (due.year, due.month) == (period.start.year, period.start.month)
    else:
        assert due == period.start


def test_periods_with_no_count_are_empty_and_negative_counts_are_refused() -> None:
    weekly = Cadence.parse("weekly")
    assert periods(weekly, until=date(2026, 11, 25), count=0, anchor=date(2026, 1, 1)) == []
    with pytest.raises(ValueError, match="count must be 0 or more"):
        periods(weekly, until=date(2026, 11, 25), count=-1, anchor=date(2026, 1, 1))


def test_due_date_refuses_a_period_of_another_cadence() -> None:
    month = Period(date(2026, 11, 1), date(2026, 11, 30), "2026-11-01")  # 1 November 2026 is a Sunday
    with pytest.raises(ValueError, match="not start on a Monday"):
        due_date(Cadence.parse("weekly on Friday"), month)
    week = Period(date(2026, 11, 23), date(2026, 11, 29), "2026-11-23")
    with pytest.raises(ValueError, match="not start on the 1st"):
        due_date(Cadence.parse("monthly on day 5"), week)


def test_period_end_cannot_precede_start() -> None:
    with pytest.raises(ValueError, match="before start"):
        Period(date(2026, 1, 2), date(2026, 1, 1), "2026-01-02")


# ---- hand-computed cases ----------------------------------------------------------------------

ANY_ANCHOR = date(2020, 6, 17)  # interval-1 cadences ignore it


def test_weekly_on_monday() -> None:
    cadence = Cadence.parse("weekly on Monday")
    period = period_of(cadence, date(2026, 11, 25), anchor=ANY_ANCHOR)  # a Wednesday
    assert period == Period(date(2026, 11, 23), date(2026, 11, 29), "2026-11-23")
    assert due_date(cadence, period) == date(2026, 11, 23)


def test_weekly_on_sunday_is_due_at_the_end_of_the_iso_week() -> None:
    cadence = Cadence.parse("weekly on Sunday")
    period = period_of(cadence, date(2026, 11, 25), anchor=ANY_ANCHOR)
    assert due_date(cadence, period) == date(2026, 11, 29)


def test_monthly_on_day_one_in_february() -> None:
    cadence = Cadence.parse("monthly on day 1")
    period = period_of(cadence, date(2026, 2, 14), anchor=ANY_ANCHOR)
    assert (period.start, period.end, period.key) == (date(2026, 2, 1), date(2026, 2, 28), "2026-02-01")
    assert due_date(cadence, period) == date(2026, 2, 1)


def test_monthly_in_a_leap_february() -> None:
    period = period_of(Cadence.parse("monthly"), date(2028, 2, 29), anchor=ANY_ANCHOR)
    assert (period.start, period.end) == (date(2028, 2, 1), date(2028, 2, 29))


def test_quarterly() -> None:
    cadence = Cadence.parse("quarterly")
    period = period_of(cadence, date(2026, 11, 25), anchor=ANY_ANCHOR)
    assert (period.start, period.end) == (date(2026, 10, 1), date(2026, 12, 31))
    assert due_date(cadence, period) == date(2026, 10, 1)


def test_every_two_weeks_on_friday() -> None:
    cadence = Cadence.parse("every 2 weeks on Friday")
    anchor = date(2026, 1, 5)  # a Monday; its week starts the first block
    assert period_of(cadence, date(2026, 1, 7), anchor=anchor) == \
        Period(date(2026, 1, 5), date(2026, 1, 18), "2026-01-05")
    period = period_of(cadence, date(2026, 1, 20), anchor=anchor)
    assert period == Period(date(2026, 1, 19), date(2026, 2, 1), "2026-01-19")
    assert due_date(cadence, period) == date(2026, 1, 23)


def test_every_two_weeks_before_the_anchor() -> None:
    cadence = Cadence.parse("every 2 weeks on Friday")
    period = period_of(cadence, date(2026, 1, 4), anchor=date(2026, 1, 8))  # Sunday before the anchor's week
    assert (period.start, period.end) == (date(2025, 12, 22), date(2026, 1, 4))
    assert due_date(cadence, period) == date(2025, 12, 26)


def test_every_three_days_aligned_on_the_anchor() -> None:
    cadence = Cadence.parse("every 3 days")
    anchor = date(2026, 3, 10)
    assert period_of(cadence, date(2026, 3, 14), anchor=anchor).start == date(2026, 3, 13)
    assert period_of(cadence, date(2026, 3, 9), anchor=anchor).start == date(2026, 3, 7)


def test_every_three_months_aligned_on_the_anchor_month() -> None:
    cadence = Cadence.parse("every 3 months")
    anchor = date(2026, 2, 20)  # blocks are Feb-Apr, May-Jul, Aug-Oct, Nov-Jan
    period = period_of(cadence, date(2026, 12, 25), anchor=anchor)
    assert (period.start, period.end) == (date(2026, 11, 1), date(2027, 1, 31))
    period = period_of(cadence, date(2026, 1, 31), anchor=anchor)
    assert (period.start, period.end) == (date(2025, 11, 1), date(2026, 1, 31))


def test_every_two_quarters_aligned_on_the_anchor_quarter() -> None:
    cadence = Cadence.parse("every 2 quarters")
    period = period_of(cadence, date(2026, 3, 1), anchor=date(2025, 8, 15))  # anchor in Q3 2025
    assert (period.start, period.end) == (date(2026, 1, 1), date(2026, 6, 30))


def test_periods_list_for_a_weekly_review() -> None:
    found = periods(Cadence.parse("weekly on Monday"), until=date(2026, 11, 25), count=3, anchor=ANY_ANCHOR)
    assert [p.key for p in found] == ["2026-11-09", "2026-11-16", "2026-11-23"]
    assert found[-1].end == date(2026, 11, 29)


def test_periods_list_across_a_year_end() -> None:
    found = periods(Cadence.parse("monthly"), until=date(2027, 1, 10), count=3, anchor=ANY_ANCHOR)
    assert [(p.start, p.end) for p in found] == [
        (date(2026, 11, 1), date(2026, 11, 30)),
        (date(2026, 12, 1), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 1, 31)),
    ]
