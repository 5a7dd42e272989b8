"""The WBR calendar: hypothesis properties over every week-ending day and fiscal year end, and hand-worked cases.

The properties are checked against small oracles written here independently of the module (walking day by
day or month by month instead of computing offsets), so a shared arithmetic slip cannot pass unnoticed.
"""

from __future__ import annotations

import ast
import itertools
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dayone.metrics import calendar as calendar_module
from dayone.metrics.calendar import WEEKDAYS, CalendarError, Span, WbrCalendar

ONE_DAY = timedelta(days=1)
SETTINGS = list(itertools.product(range(7), range(1, 13)))  # (week_ending, fiscal_year_end_month): all 84

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
calendars = st.builds(WbrCalendar, st.integers(0, 6), st.integers(1, 12))
fiscal_years = st.integers(2000, 2100)


@st.composite
def calendar_and_week_ending(draw: st.DrawFn) -> tuple[WbrCalendar, date]:
    """A calendar and a date that is one of its week-ending days."""
    cal = draw(calendars)
    d = draw(dates)
    return cal, d + timedelta(days=(cal.week_ending - d.weekday()) % 7)


# ---- oracles: slow, obvious, and independent of the module's arithmetic ---------------------------------


def is_month_end(d: date) -> bool:
    return (d + ONE_DAY).month != d.month


def month_end(year: int, month: int) -> date:
    d = date(year, month, 28)
    while not is_month_end(d):
        d += ONE_DAY
    return d


def start_month(fiscal_year_end_month: int) -> int:
    return 1 if fiscal_year_end_month == 12 else fiscal_year_end_month + 1


def oracle_fiscal_year(cal: WbrCalendar, d: date) -> int:
    """Walk forward to the fiscal year's last month; the fiscal year is named by that month's year."""
    year, month = d.year, d.month
    while month != cal.fiscal_year_end_month:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return year


def oracle_walk_back_to(d: date, months: set[int]) -> date:
    """The first day of the latest month on or before ``d``'s month whose number is in ``months``."""
    first = d.replace(day=1)
    while first.month not in months:
        first = (first - ONE_DAY).replace(day=1)
    return first


def oracle_quarter_months(cal: WbrCalendar) -> set[int]:
    first = start_month(cal.fiscal_year_end_month)
    return {(first - 1 + 3 * k) % 12 + 1 for k in range(4)}


def is_fiscal_year_first_day(cal: WbrCalendar, d: date) -> bool:
    return d.day == 1 and d.month == start_month(cal.fiscal_year_end_month)


def oracle_week_number(cal: WbrCalendar, week_ending: date) -> int:
    """Count weeks back until one contains a fiscal year's first day: that week is week 1."""
    number, end = 1, week_ending
    while not any(is_fiscal_year_first_day(cal, end - timedelta(days=i)) for i in range(7)):
        number, end = number + 1, end - timedelta(days=7)
    return number


def oracle_weeks_in_fiscal_year(cal: WbrCalendar, fiscal_year: int) -> int:
    """A week belongs to the fiscal year of its last day, so count the year's week-ending days."""
    end_month = cal.fiscal_year_end_month
    last = month_end(fiscal_year, end_month)
    first = date(fiscal_year if end_month == 12 else fiscal_year - 1, start_month(end_month), 1)
    return sum(1 for i in range((last - first).days + 1) if (first + timedelta(days=i)).weekday() == cal.week_ending)


def feb29s(span: Span) -> int:
    return sum(1 for d in span.dates() if (d.month, d.day) == (2, 29))


# ---- Span ---------------------------------------------------------------------------------------------


def test_span_basics() -> None:
    span = Span(date(2026, 2, 27), date(2026, 3, 2))
    assert span.days() == 4
    assert span.dates() == [date(2026, 2, 27), date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 2)]
    assert span.contains(date(2026, 2, 27)) and span.contains(date(2026, 3, 2))
    assert not span.contains(date(2026, 2, 26)) and not span.contains(date(2026, 3, 3))
    assert Span(date(2026, 1, 1), date(2026, 1, 1)).days() == 1


def test_span_cannot_end_before_it_starts() -> None:
    with pytest.raises(CalendarError, match="swap"):
        Span(date(2026, 1, 2), date(2026, 1, 1))


def test_span_is_frozen() -> None:
    span = Span(date(2026, 1, 1), date(2026, 1, 2))
    with pytest.raises(AttributeError):
        span.start = date(2025, 1, 1)  # type: ignore[misc]


@given(dates, st.integers(0, 400), dates)
def test_span_dates_days_and_contains_agree(start: date, length: int, probe: date) -> None:
    span = Span(start, start + timedelta(days=length))
    listed = span.dates()
    assert len(listed) == span.days() == length + 1
    assert listed[0] == span.start and listed[-1] == span.end
    assert all(b - a == ONE_DAY for a, b in itertools.pairwise(listed))
    assert span.contains(probe) == (probe in listed)


# ---- construction -------------------------------------------------------------------------------------


def test_defaults_are_saturday_and_december() -> None:
    cal = WbrCalendar()
    assert (cal.week_ending, cal.fiscal_year_end_month) == (5, 12)
    assert WEEKDAYS[cal.week_ending] == "saturday"
    assert WbrCalendar.from_names() == cal


@pytest.mark.parametrize("week_ending", [-1, 7, 100, True, 5.0, "5"])
def test_week_ending_must_be_a_weekday_index(week_ending: object) -> None:
    with pytest.raises(CalendarError, match="0 \\(Monday\\) to 6 \\(Sunday\\)"):
        WbrCalendar(week_ending=week_ending)  # type: ignore[arg-type]


@pytest.mark.parametrize("month", [0, 13, -12, False, 12.0, "12"])
def test_fiscal_year_end_month_must_be_a_month(month: object) -> None:
    with pytest.raises(CalendarError, match="1 \\(January\\) to 12 \\(December\\)"):
        WbrCalendar(fiscal_year_end_month=month)  # type: ignore[arg-type]


def test_calendar_error_is_a_value_error() -> None:
    assert issubclass(CalendarError, ValueError)


@pytest.mark.parametrize(("index", "name"), list(enumerate(WEEKDAYS)))
def test_from_names_takes_full_names_and_abbreviations_in_any_case(index: int, name: str) -> None:
    for spelling in (name, name.upper(), name.title(), name[:3], name[:3].upper(), name[:3].title(), f" {name} "):
        assert WbrCalendar.from_names(spelling, 6) == WbrCalendar(index, 6)


@pytest.mark.parametrize("name", ["", "sa", "satur", "funday", "saturdays"])
def test_from_names_rejects_other_words_and_lists_the_choices(name: str) -> None:
    with pytest.raises(CalendarError, match=r"monday, tuesday, .*sunday"):
        WbrCalendar.from_names(name)


def test_from_names_validates_the_fiscal_month_too() -> None:
    with pytest.raises(CalendarError, match="fiscal_year_end_month"):
        WbrCalendar.from_names("sunday", 0)


# ---- weeks --------------------------------------------------------------------------------------------


@given(calendar_and_week_ending())
def test_week_is_seven_days_ending_on_the_week_ending_day(case: tuple[WbrCalendar, date]) -> None:
    cal, week_ending = case
    week = cal.week(week_ending)
    assert week.end == week_ending and week.end.weekday() == cal.week_ending
    assert week.days() == 7 and week.start == week_ending - timedelta(days=6)
    # the day after the week starts the next one: weeks tile the calendar
    assert (week.start - ONE_DAY).weekday() == cal.week_ending


@given(calendars, dates)
def test_week_rejects_other_days(cal: WbrCalendar, d: date) -> None:
    if d.weekday() == cal.week_ending:
        assert cal.week(d).end == d
    else:
        with pytest.raises(CalendarError):
            cal.week(d)


@given(calendar_and_week_ending(), st.integers(1, 60))
def test_trailing_weeks_are_consecutive_and_end_with_the_as_of_week(
        case: tuple[WbrCalendar, date], n: int) -> None:
    cal, week_ending = case
    weeks = cal.trailing_weeks(week_ending, n)
    assert len(weeks) == n
    assert weeks[-1] == cal.week(week_ending)
    assert all(w.days() == 7 and w.end.weekday() == cal.week_ending for w in weeks)
    assert all(later.start == earlier.end + ONE_DAY for earlier, later in itertools.pairwise(weeks))


@given(calendar_and_week_ending())
def test_trailing_weeks_default_to_six(case: tuple[WbrCalendar, date]) -> None:
    cal, week_ending = case
    weeks = cal.trailing_weeks(week_ending)
    assert len(weeks) == 6
    assert weeks[0].start == week_ending - timedelta(days=41)


@pytest.mark.parametrize("n", [0, -1])
def test_trailing_weeks_need_at_least_one(n: int) -> None:
    with pytest.raises(CalendarError, match="at least 1"):
        WbrCalendar().trailing_weeks(date(2026, 11, 21), n)


def test_trailing_weeks_reject_a_non_week_ending_day() -> None:
    with pytest.raises(CalendarError, match=r"2026-11-14.*2026-11-21"):
        WbrCalendar().trailing_weeks(date(2026, 11, 20))


@given(calendar_and_week_ending())
def test_prior_year_week_is_364_days_earlier_on_the_same_weekday(case: tuple[WbrCalendar, date]) -> None:
    cal, week_ending = case
    week = cal.week(week_ending)
    prior = cal.prior_year_week(week)
    assert prior.start == week.start - timedelta(days=364) and prior.end == week.end - timedelta(days=364)
    assert prior.end.weekday() == week.end.weekday() == cal.week_ending
    assert prior == cal.week(prior.end)


def test_prior_year_week_needs_a_week() -> None:
    cal = WbrCalendar()
    with pytest.raises(CalendarError, match="not a week"):
        cal.prior_year_week(Span(date(2026, 11, 1), date(2026, 11, 21)))
    with pytest.raises(CalendarError, match="2026-11-14"):
        cal.prior_year_week(Span(date(2026, 11, 14), date(2026, 11, 20)))


@given(calendars, dates)
def test_check_week_ending_names_both_neighbours(cal: WbrCalendar, d: date) -> None:
    if d.weekday() == cal.week_ending:
        cal.check_week_ending(d)  # no error
        return
    previous = next(d - timedelta(days=i) for i in range(1, 7) if (d - timedelta(days=i)).weekday() == cal.week_ending)
    following = next(d + timedelta(days=i) for i in range(1, 7) if (d + timedelta(days=i)).weekday() == cal.week_ending)
    with pytest.raises(CalendarError) as raised:
        cal.check_week_ending(d)
    message = str(raised.value)
    assert d.isoformat() in message
    assert previous.isoformat() in message and following.isoformat() in message
    assert message.index(previous.isoformat()) < message.index(following.isoformat())
    assert WEEKDAYS[cal.week_ending].title() in message


def test_check_week_ending_message_reads_well() -> None:
    with pytest.raises(CalendarError) as raised:
        WbrCalendar().check_week_ending(date(2026, 11, 19))
    assert str(raised.value) == ("2026-11-19 is a Thursday, but weeks end on Saturday; "
                                 "use 2026-11-14 (the week before) or 2026-11-21 (the week after)")


@given(calendars, dates)
def test_last_complete_week_ending_is_the_latest_week_end_on_or_before(cal: WbrCalendar, d: date) -> None:
    end = cal.last_complete_week_ending(d)
    assert end.weekday() == cal.week_ending
    assert d - timedelta(days=7) < end <= d
    assert (end == d) == (d.weekday() == cal.week_ending)


# ---- months -------------------------------------------------------------------------------------------


@given(calendars, dates)
def test_trailing_months_are_twelve_consecutive_complete_months(cal: WbrCalendar, as_of: date) -> None:
    months = cal.trailing_months(as_of)
    assert len(months) == 12
    for month in months:
        assert month.start.day == 1 and is_month_end(month.end)
        assert (month.start.year, month.start.month) == (month.end.year, month.end.month)
    assert all(later.start == earlier.end + ONE_DAY for earlier, later in itertools.pairwise(months))
    assert len({m.start.month for m in months}) == 12  # each calendar month exactly once
    last = months[-1]
    assert last.end <= as_of
    if is_month_end(as_of):
        assert last.end == as_of  # a month that ends on the as-of date is complete and counts
    else:
        assert last.end == as_of.replace(day=1) - ONE_DAY  # the partial month is MTD, not a 13th point
        assert not any(m.contains(as_of) for m in months)


@given(calendars, dates, st.integers(1, 40))
def test_trailing_months_take_any_count(cal: WbrCalendar, as_of: date, n: int) -> None:
    months = cal.trailing_months(as_of, n)
    assert len(months) == n
    assert months == cal.trailing_months(as_of, 40)[-n:]


def test_trailing_months_need_at_least_one() -> None:
    with pytest.raises(CalendarError, match="at least 1"):
        WbrCalendar().trailing_months(date(2026, 11, 21), 0)


@given(calendars, dates)
def test_prior_year_month_is_the_same_month_a_year_earlier(cal: WbrCalendar, as_of: date) -> None:
    for month in cal.trailing_months(as_of):
        prior = cal.prior_year_month(month)
        assert (prior.start.year, prior.start.month) == (month.start.year - 1, month.start.month)
        assert prior.start.day == 1 and prior.end == month_end(prior.start.year, prior.start.month)


def test_prior_year_month_of_a_leap_february() -> None:
    cal = WbrCalendar()
    assert cal.prior_year_month(Span(date(2024, 2, 1), date(2024, 2, 29))) == Span(date(2023, 2, 1), date(2023, 2, 28))
    assert cal.prior_year_month(Span(date(2025, 2, 1), date(2025, 2, 28))) == Span(date(2024, 2, 1), date(2024, 2, 29))


def test_prior_year_month_needs_a_whole_month() -> None:
    with pytest.raises(CalendarError, match=re.escape("2026-11-01..2026-11-30")):
        WbrCalendar().prior_year_month(Span(date(2026, 11, 1), date(2026, 11, 21)))


# ---- month, quarter and year to date ------------------------------------------------------------------


@given(calendars, dates)
def test_to_date_spans_end_on_as_of_and_nest(cal: WbrCalendar, as_of: date) -> None:
    mtd, qtd, ytd = cal.mtd(as_of), cal.qtd(as_of), cal.ytd(as_of)
    assert mtd.end == qtd.end == ytd.end == as_of
    assert mtd.start.day == qtd.start.day == ytd.start.day == 1
    assert mtd.start == as_of.replace(day=1)
    assert ytd.start <= qtd.start <= mtd.start  # mtd ⊆ qtd ⊆ ytd


@given(calendars, dates)
def test_quarter_and_year_starts_follow_the_fiscal_year_end(cal: WbrCalendar, as_of: date) -> None:
    qtd, ytd = cal.qtd(as_of), cal.ytd(as_of)
    assert qtd.start == cal.fiscal_quarter_start(as_of) == oracle_walk_back_to(as_of, oracle_quarter_months(cal))
    year_start = oracle_walk_back_to(as_of, {start_month(cal.fiscal_year_end_month)})
    assert ytd.start == cal.fiscal_year_start(as_of) == year_start
    assert ytd.start.month == start_month(cal.fiscal_year_end_month)
    assert qtd.start.month in oracle_quarter_months(cal)
    # a quarter is 3 months long and a year 12: the starts are no further back than that
    months_back = (as_of.year - qtd.start.year) * 12 + as_of.month - qtd.start.month
    assert 0 <= months_back <= 2
    months_back = (as_of.year - ytd.start.year) * 12 + as_of.month - ytd.start.month
    assert 0 <= months_back <= 11
    # the quarter start is one of the fiscal year's four quarter starts
    quarter_offset = (qtd.start.year - ytd.start.year) * 12 + qtd.start.month - ytd.start.month
    assert quarter_offset in (0, 3, 6, 9)


@given(calendars, dates)
def test_fiscal_year_is_named_by_the_year_it_ends(cal: WbrCalendar, as_of: date) -> None:
    fy = cal.fiscal_year(as_of)
    assert fy == oracle_fiscal_year(cal, as_of)
    start = cal.fiscal_year_start(as_of)
    last_day = month_end(fy, cal.fiscal_year_end_month)
    assert start <= as_of <= last_day
    assert cal.fiscal_year(start) == cal.fiscal_year(last_day) == fy
    assert cal.fiscal_year(start - ONE_DAY) == fy - 1
    assert cal.fiscal_year(last_day + ONE_DAY) == fy + 1
    assert (last_day - start).days + 1 in (365, 366)


@pytest.mark.parametrize(("week_ending", "fiscal_year_end_month"), SETTINGS)
def test_every_setting_works_with_as_of_dates_in_every_month(week_ending: int, fiscal_year_end_month: int) -> None:
    # The reference WBR App crashes for non-December year ends with a December as-of date.
    cal = WbrCalendar(week_ending, fiscal_year_end_month)
    for year, month in itertools.product((2023, 2024), range(1, 13)):
        for as_of in (date(year, month, 1), date(year, month, 15), month_end(year, month)):
            assert cal.ytd(as_of).start == oracle_walk_back_to(as_of, {start_month(fiscal_year_end_month)})
            assert cal.qtd(as_of).start == oracle_walk_back_to(as_of, oracle_quarter_months(cal))
            assert cal.fiscal_year(as_of) == oracle_fiscal_year(cal, as_of)
            assert len(cal.trailing_months(as_of)) == 12
            week_ending_day = cal.last_complete_week_ending(as_of)
            assert cal.week_number(week_ending_day) == oracle_week_number(cal, week_ending_day)
            cal.prior_year_span(cal.ytd(as_of))


# ---- prior-year spans ---------------------------------------------------------------------------------


def one_year_earlier(d: date) -> date:
    return date(d.year - 1, d.month, 28 if (d.month, d.day) == (2, 29) else d.day)


@given(calendars, dates, st.integers(0, 800))
def test_prior_year_span_shifts_each_end_one_calendar_year(cal: WbrCalendar, start: date, length: int) -> None:
    span = Span(start, start + timedelta(days=length))
    prior = cal.prior_year_span(span)
    assert prior.start == one_year_earlier(span.start) and prior.end == one_year_earlier(span.end)
    if feb29s(span) == 0 and feb29s(prior) == 0:
        assert prior.days() == span.days()
    if (span.start.month, span.start.day) != (2, 29) and (span.end.month, span.end.day) != (2, 29):
        # every other month-day occurs once a year, so only 29 Februarys make the lengths differ
        assert prior.days() - span.days() == feb29s(prior) - feb29s(span)


@given(calendars, dates)
def test_prior_year_to_date_spans_end_a_year_before_as_of(cal: WbrCalendar, as_of: date) -> None:
    for span in (cal.mtd(as_of), cal.qtd(as_of), cal.ytd(as_of)):
        prior = cal.prior_year_span(span)
        assert prior.end == one_year_earlier(as_of)
        assert (prior.start.year, prior.start.month, prior.start.day) == (span.start.year - 1, span.start.month, 1)


def test_29_february_maps_to_28_february() -> None:
    cal = WbrCalendar()
    day = Span(date(2024, 2, 29), date(2024, 2, 29))
    assert cal.prior_year_span(day) == Span(date(2023, 2, 28), date(2023, 2, 28))
    assert cal.prior_year_span(cal.mtd(date(2024, 2, 29))) == Span(date(2023, 2, 1), date(2023, 2, 28))
    assert cal.prior_year_span(cal.ytd(date(2024, 2, 29))) == Span(date(2023, 1, 1), date(2023, 2, 28))
    # starting on 29 February too
    assert cal.prior_year_span(Span(date(2024, 2, 29), date(2024, 3, 10))) == Span(date(2023, 2, 28), date(2023, 3, 10))
    # into a leap year the span gains 29 February
    assert cal.prior_year_span(cal.ytd(date(2025, 3, 1))) == Span(date(2024, 1, 1), date(2024, 3, 1))


# ---- week numbers -------------------------------------------------------------------------------------


@given(calendar_and_week_ending())
def test_week_numbers_count_up_and_restart_at_each_fiscal_year(case: tuple[WbrCalendar, date]) -> None:
    cal, week_ending = case
    number, following = cal.week_number(week_ending), cal.week_number(week_ending + timedelta(days=7))
    year = cal.fiscal_year(week_ending)
    assert number == oracle_week_number(cal, week_ending)
    if following == 1:
        assert number == cal.weeks_in_fiscal_year(year)
        assert cal.fiscal_year(week_ending + timedelta(days=7)) == year + 1
    else:
        assert following == number + 1
        assert cal.fiscal_year(week_ending + timedelta(days=7)) == year


@given(calendar_and_week_ending())
def test_week_one_contains_the_fiscal_year_first_day(case: tuple[WbrCalendar, date]) -> None:
    cal, week_ending = case
    number = cal.week_number(week_ending)
    assert number == oracle_week_number(cal, week_ending)
    week_one = cal.week(week_ending - timedelta(days=7 * (number - 1)))
    assert week_one.contains(cal.fiscal_year_start(week_ending))


@given(calendars, fiscal_years)
def test_a_fiscal_year_has_52_or_53_weeks(cal: WbrCalendar, fiscal_year: int) -> None:
    weeks = cal.weeks_in_fiscal_year(fiscal_year)
    assert weeks in (52, 53)
    assert weeks == oracle_weeks_in_fiscal_year(cal, fiscal_year)


@pytest.mark.parametrize(("week_ending", "fiscal_year_end_month"), SETTINGS)
def test_week_numbers_walk_2000_to_2100(week_ending: int, fiscal_year_end_month: int) -> None:
    cal = WbrCalendar(week_ending, fiscal_year_end_month)
    week_ending_day = cal.last_complete_week_ending(date(2000, 1, 1))
    year, expected = cal.fiscal_year(week_ending_day), cal.week_number(week_ending_day)
    seen: dict[int, int] = {}
    while week_ending_day <= date(2100, 12, 31):
        if expected > cal.weeks_in_fiscal_year(year):
            year, expected = year + 1, 1
        assert cal.week_number(week_ending_day) == expected
        assert cal.fiscal_year(week_ending_day) == year
        seen[year] = expected
        week_ending_day, expected = week_ending_day + timedelta(days=7), expected + 1
    complete_years = list(seen.values())[1:-1]
    assert set(complete_years) == {52, 53}  # some years have 53 weeks, most 52
    # one weekday gains a day every year and a further one each leap year: about one year in 5.6 has 53 weeks
    assert 15 <= complete_years.count(53) <= 20


def test_week_number_rejects_a_non_week_ending_day() -> None:
    with pytest.raises(CalendarError, match="2026-11-21"):
        WbrCalendar().week_number(date(2026, 11, 20))


# ---- hand-computed cases ------------------------------------------------------------------------------


def test_hand_week_and_prior_year_week() -> None:
    cal = WbrCalendar.from_names("saturday")
    week = cal.week(date(2026, 11, 21))  # a Saturday
    assert week == Span(date(2026, 11, 15), date(2026, 11, 21))  # Sunday to Saturday
    # 364 days = 52 weeks earlier: 2025-11-22 is also a Saturday
    assert cal.prior_year_week(week) == Span(date(2025, 11, 16), date(2025, 11, 22))
    assert cal.trailing_weeks(date(2026, 11, 21))[0] == Span(date(2026, 10, 11), date(2026, 10, 17))
    assert cal.last_complete_week_ending(date(2026, 11, 20)) == date(2026, 11, 14)
    assert cal.last_complete_week_ending(date(2026, 11, 21)) == date(2026, 11, 21)


def test_hand_trailing_months() -> None:
    cal = WbrCalendar()
    # as of 2026-11-21 November is partial (MTD), so the twelve months are Nov 2025 .. Oct 2026
    months = cal.trailing_months(date(2026, 11, 21))
    assert months[0] == Span(date(2025, 11, 1), date(2025, 11, 30))
    assert months[-1] == Span(date(2026, 10, 1), date(2026, 10, 31))
    # 2026-10-31 is October's last day, so October is complete and the result is the same
    assert cal.trailing_months(date(2026, 10, 31)) == months
    # a day later (1 November) still the same: November has one day, it is MTD
    assert cal.trailing_months(date(2026, 11, 1)) == months
    # 30 November completes November: Dec 2025 .. Nov 2026
    assert [m.start for m in cal.trailing_months(date(2026, 11, 30))][::11] == [date(2025, 12, 1), date(2026, 11, 1)]
    # a leap February counts when the as-of date is its 29th
    assert cal.trailing_months(date(2024, 2, 29))[-1] == Span(date(2024, 2, 1), date(2024, 2, 29))
    assert cal.trailing_months(date(2024, 2, 28))[-1] == Span(date(2024, 1, 1), date(2024, 1, 31))


def test_hand_fiscal_june_year_end() -> None:
    cal = WbrCalendar.from_names("sat", 6)  # quarters start Jul, Oct, Jan, Apr
    as_of = date(2026, 11, 21)
    assert cal.mtd(as_of) == Span(date(2026, 11, 1), as_of)
    assert cal.qtd(as_of) == Span(date(2026, 10, 1), as_of)
    assert cal.ytd(as_of) == Span(date(2026, 7, 1), as_of)
    assert cal.fiscal_year(as_of) == 2027  # July 2026 .. June 2027 ends in 2027
    assert cal.fiscal_year(date(2026, 6, 30)) == 2026 and cal.fiscal_year(date(2026, 7, 1)) == 2027
    assert cal.qtd(date(2027, 2, 14)).start == date(2027, 1, 1)
    assert cal.qtd(date(2027, 6, 30)).start == date(2027, 4, 1)
    assert cal.prior_year_span(cal.ytd(as_of)) == Span(date(2025, 7, 1), date(2025, 11, 21))


def test_hand_december_as_of_with_non_december_year_ends() -> None:
    march = WbrCalendar(fiscal_year_end_month=3)  # quarters start Apr, Jul, Oct, Jan
    as_of = date(2026, 12, 15)
    assert march.ytd(as_of) == Span(date(2026, 4, 1), as_of)
    assert march.qtd(as_of) == Span(date(2026, 10, 1), as_of)
    assert march.fiscal_year(as_of) == 2027
    november = WbrCalendar(fiscal_year_end_month=11)  # the fiscal year starts on 1 December
    assert november.ytd(as_of) == november.qtd(as_of) == Span(date(2026, 12, 1), as_of)
    assert november.fiscal_year(as_of) == 2027
    assert november.ytd(date(2026, 11, 30)).start == date(2025, 12, 1)
    assert november.qtd(date(2026, 11, 30)).start == date(2026, 9, 1)  # quarters start Dec, Mar, Jun, Sep
    january = WbrCalendar(fiscal_year_end_month=1)  # retail: February to January
    assert january.ytd(as_of).start == date(2026, 2, 1) and january.qtd(as_of).start == date(2026, 11, 1)
    assert january.fiscal_year(as_of) == 2027 and january.fiscal_year(date(2027, 1, 31)) == 2027


def test_hand_week_numbers() -> None:
    cal = WbrCalendar()  # weeks end on Saturday, the fiscal year is the calendar year
    # FY2026 starts Thursday 2026-01-01; the Saturday on or after it is 2026-01-03, so week 1 is
    # 2025-12-28 .. 2026-01-03. 2026-11-21 is day 304 + 21 = 325 of the year, 322 = 46 × 7 days after
    # 2026-01-03: week 47.
    assert cal.week_number(date(2026, 1, 3)) == 1
    assert cal.week_number(date(2026, 11, 21)) == 47
    # FY2027 starts Friday 2027-01-01, week 1 ends Saturday 2027-01-02: 364 days after 2026-01-03,
    # so FY2026 has 52 weeks and the week ending 2026-12-26 is its last.
    assert cal.weeks_in_fiscal_year(2026) == 52
    assert cal.week_number(date(2026, 12, 26)) == 52
    assert cal.week_number(date(2027, 1, 2)) == 1
    # 2022-01-01 is a Saturday, so week 1 of FY2022 is 2021-12-26 .. 2022-01-01. 2023-01-01 is a
    # Sunday, so FY2023's week 1 ends 2023-01-07: 371 days later, and FY2022 has 53 weeks. The week
    # 2022-12-25 .. 2022-12-31 is week 53.
    assert cal.week_number(date(2022, 1, 1)) == 1
    assert cal.weeks_in_fiscal_year(2022) == 53
    assert cal.week_number(date(2022, 12, 31)) == 53
    assert cal.week_number(date(2023, 1, 7)) == 1
    # A June year end: FY2027 starts Wednesday 2026-07-01, week 1 ends Saturday 2026-07-04.
    # 2026-07-04 .. 2026-11-04 is 31 + 31 + 30 + 31 = 123 days, + 17 to the 21st = 140 = 20 × 7: week 21.
    june = WbrCalendar(fiscal_year_end_month=6)
    assert june.week_number(date(2026, 7, 4)) == 1
    assert june.week_number(date(2026, 11, 21)) == 21
    # Weeks ending Sunday, December year end: 2023-01-01 is a Sunday, so week 1 of FY2023 is the
    # single-year week 2022-12-26 .. 2023-01-01, and 2023-01-08 is week 2.
    sunday = WbrCalendar.from_names("SUN")
    assert sunday.week_number(date(2023, 1, 1)) == 1
    assert sunday.week_number(date(2023, 1, 8)) == 2


# ---- purity -------------------------------------------------------------------------------------------


def test_the_calendar_imports_only_the_standard_library() -> None:
    tree = ast.parse(Path(calendar_module.__file__).read_text())
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    modules |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert modules <= {"__future__", "calendar", "dataclasses", "datetime"}
