"""The WBR calendar: weeks, months, fiscal quarters and years, and their prior-year counterparts.

The contract is the "Calendar" section of docs/wbr-semantics.md:

* a **week** is the 7 days ending on the *week-ending day* (default Saturday), both ends inclusive;
  the prior-year week ends 364 days earlier, so it ends on the same weekday;
* a **month** is a calendar month; the trailing twelve months are the twelve complete months ending
  at the last month end on or before the as-of date (the partial month is month-to-date instead);
* **MTD / QTD / YTD** run from the first day of the month / fiscal quarter / fiscal year to the as-of
  date; their prior year is the same span one calendar year earlier, 29 February mapping to 28 February;
* the **fiscal year** is set by its last month (default December) and is named by the calendar year
  in which it ends; fiscal quarters start at the month after that last month and every 3 months;
* **week numbers** are computed: week 1 is the week containing the fiscal year's first day, and a
  week belongs to the fiscal year of its last day, so a fiscal year has 52 or 53 weeks.

Everything here is pure date arithmetic on ``datetime.date``; nothing reads data or configuration.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_WEEKDAY_BY_NAME = {name: i for i, name in enumerate(WEEKDAYS)} | {name[:3]: i for i, name in enumerate(WEEKDAYS)}

# 52 weeks: the prior-year week must end on the same weekday as the current one, which a
# calendar year (365 or 366 days) never does.
_DAYS_IN_52_WEEKS = 364


class CalendarError(ValueError):
    """A calendar setting or date that does not fit the WBR calendar; the message says what to do."""


def _days(d: date, n: int) -> date:
    """``d`` moved by ``n`` days, with a CalendarError rather than an OverflowError at the ends of time."""
    try:
        return d + timedelta(days=n)
    except OverflowError:
        raise CalendarError(f"{d.isoformat()} moved by {n} days falls outside the calendar "
                            f"({date.min.isoformat()} to {date.max.isoformat()}); use a nearer date") from None


def _month_index(d: date) -> int:
    """Months since the start of year 0: makes month arithmetic plain integer arithmetic."""
    return d.year * 12 + d.month - 1


def _month_span(index: int) -> Span:
    """The calendar month with the given ``_month_index``."""
    year, month0 = divmod(index, 12)
    if not date.min.year <= year <= date.max.year:
        raise CalendarError(f"month {year:04d}-{month0 + 1:02d} falls outside the calendar "
                            f"({date.min.year} to {date.max.year}); use a nearer date")
    last = _stdlib_calendar.monthrange(year, month0 + 1)[1]
    return Span(date(year, month0 + 1, 1), date(year, month0 + 1, last))


def _one_year_earlier(d: date) -> date:
    """The same month and day one calendar year earlier; 29 February becomes 28 February."""
    if d.year <= date.min.year:
        raise CalendarError(f"{d.isoformat()} has no prior year in the calendar; use a later date")
    # 29 February is the only month-day that a year may lack; the contract maps it to 28 February.
    day = 28 if (d.month, d.day) == (2, 29) else d.day
    return date(d.year - 1, d.month, day)


def _is_month_end(d: date) -> bool:
    return d.day == _stdlib_calendar.monthrange(d.year, d.month)[1]


def _check_count(n: int, what: str) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise CalendarError(f"the number of {what} must be a whole number of at least 1, not {n!r}")


@dataclass(frozen=True)
class Span:
    """An inclusive date range: both ``start`` and ``end`` belong to it."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise CalendarError(f"a span cannot start ({self.start.isoformat()}) after it ends "
                                f"({self.end.isoformat()}); swap the two dates")

    def days(self) -> int:
        """How many days the span covers, both ends counted (a one-day span has 1)."""
        return (self.end - self.start).days + 1

    def contains(self, d: date) -> bool:
        """Whether ``d`` lies in the span, ends included."""
        return self.start <= d <= self.end

    def dates(self) -> list[date]:
        """Every date of the span, in order."""
        return [self.start + timedelta(days=i) for i in range(self.days())]

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


@dataclass(frozen=True)
class WbrCalendar:
    """The calendar a WBR deck is built on.

    ``week_ending`` is the weekday index the week ends on (0 = Monday .. 6 = Sunday; default 5,
    Saturday); ``fiscal_year_end_month`` is the fiscal year's last month (1..12; default 12).
    """

    week_ending: int = 5
    fiscal_year_end_month: int = 12

    def __post_init__(self) -> None:
        # bool is an int subclass; True as a weekday is a bug in the caller, not Tuesday.
        if isinstance(self.week_ending, bool) or not isinstance(self.week_ending, int) \
                or not 0 <= self.week_ending <= 6:
            raise CalendarError(f"week_ending must be a weekday index 0 (Monday) to 6 (Sunday), not "
                                f"{self.week_ending!r}; e.g. 5 for Saturday, or use WbrCalendar.from_names")
        if isinstance(self.fiscal_year_end_month, bool) or not isinstance(self.fiscal_year_end_month, int) \
                or not 1 <= self.fiscal_year_end_month <= 12:
            raise CalendarError(f"fiscal_year_end_month must be a month number 1 (January) to 12 (December), "
                                f"not {self.fiscal_year_end_month!r}; e.g. 12 for a fiscal year ending in December")

    @classmethod
    def from_names(cls, week_ending: str = "saturday", fiscal_year_end_month: int = 12) -> WbrCalendar:
        """A calendar from a weekday name ("saturday", "Sat", "SUN" ...: full or 3-letter, any case)."""
        key = week_ending.strip().lower() if isinstance(week_ending, str) else None
        if key is None or key not in _WEEKDAY_BY_NAME:
            raise CalendarError(f"week_ending {week_ending!r} is not a weekday; use one of "
                                f"{', '.join(WEEKDAYS)} (or its first three letters)")
        return cls(_WEEKDAY_BY_NAME[key], fiscal_year_end_month)

    # ---- weeks ---------------------------------------------------------------------------------

    def _is_week_ending(self, d: date) -> bool:
        return d.weekday() == self.week_ending

    def check_week_ending(self, d: date) -> None:
        """Raise a CalendarError naming the previous and next week-ending dates unless ``d`` is one."""
        if self._is_week_ending(d):
            return
        previous = self.last_complete_week_ending(d)
        following = _days(previous, 7)
        raise CalendarError(f"{d.isoformat()} is a {WEEKDAYS[d.weekday()].title()}, but weeks end on "
                            f"{WEEKDAYS[self.week_ending].title()}; use {previous.isoformat()} (the week before) "
                            f"or {following.isoformat()} (the week after)")

    def last_complete_week_ending(self, last_data_day: date) -> date:
        """The latest week-ending date on or before ``last_data_day``: the default as-of week's end."""
        return _days(last_data_day, -((last_data_day.weekday() - self.week_ending) % 7))

    def week(self, week_ending: date) -> Span:
        """The 7 days ending on ``week_ending`` (which must be a week-ending day), both ends inclusive."""
        self.check_week_ending(week_ending)
        return Span(_days(week_ending, -6), week_ending)

    def trailing_weeks(self, week_ending: date, n: int = 6) -> list[Span]:
        """The ``n`` weeks ending with the as-of week, oldest first; the last one is the as-of week."""
        _check_count(n, "weeks")
        self.check_week_ending(week_ending)
        return [self.week(_days(week_ending, -7 * back)) for back in range(n - 1, -1, -1)]

    def prior_year_week(self, week: Span) -> Span:
        """The week ending 364 days earlier: same weekday, same position in the week-based year."""
        self.week(week.end)  # validates the end's weekday
        if week.days() != 7:
            raise CalendarError(f"{week} is not a week; a week is the 7 days ending on a "
                                f"{WEEKDAYS[self.week_ending].title()}")
        return Span(_days(week.start, -_DAYS_IN_52_WEEKS), _days(week.end, -_DAYS_IN_52_WEEKS))

    # ---- months --------------------------------------------------------------------------------

    def trailing_months(self, as_of: date, n: int = 12) -> list[Span]:
        """The ``n`` complete calendar months ending at the last month end on or before ``as_of``, oldest first.

        If ``as_of`` is itself a month's last day, that month is complete and counts; otherwise the
        month containing ``as_of`` is partial and is left to month-to-date.
        """
        _check_count(n, "months")
        last = _month_index(as_of) - (0 if _is_month_end(as_of) else 1)
        return [_month_span(index) for index in range(last - n + 1, last + 1)]

    def prior_year_month(self, month: Span) -> Span:
        """The same calendar month one year earlier; ``month`` must be a whole calendar month."""
        whole = _month_span(_month_index(month.start))
        if month != whole:
            raise CalendarError(f"{month} is not a calendar month; use the whole month, e.g. {whole}")
        return _month_span(_month_index(month.start) - 12)

    # ---- to-date spans and the fiscal year ----------------------------------------------------

    def _start_month(self) -> int:
        """The month (1..12) the fiscal year starts in: the one after its last month."""
        return self.fiscal_year_end_month % 12 + 1

    def mtd(self, as_of: date) -> Span:
        """Month to date: from the first of ``as_of``'s month to ``as_of``, inclusive."""
        return Span(as_of.replace(day=1), as_of)

    def fiscal_quarter_start(self, as_of: date) -> date:
        """The first day of the fiscal quarter containing ``as_of``."""
        # Months since the fiscal year began, then back to the nearest multiple of 3. Working on
        # month indexes (not month numbers) is what lets a December as-of date in a fiscal year that
        # ends in, say, March wrap correctly instead of producing month 0 or 13.
        into_year = (as_of.month - self._start_month()) % 12
        return _month_span(_month_index(as_of) - into_year % 3).start

    def qtd(self, as_of: date) -> Span:
        """Quarter to date: from the first day of the fiscal quarter to ``as_of``, inclusive."""
        return Span(self.fiscal_quarter_start(as_of), as_of)

    def fiscal_year(self, d: date) -> int:
        """The fiscal year ``d`` belongs to, named by the calendar year in which that fiscal year ends.

        With a June year end, 2026-11-21 is in fiscal year 2027 (July 2026 to June 2027).
        """
        return d.year + (1 if d.month > self.fiscal_year_end_month else 0)

    def _fiscal_year_first_day(self, fiscal_year: int) -> date:
        # A December year end starts in January of the same year; any other starts the year before.
        year = fiscal_year if self.fiscal_year_end_month == 12 else fiscal_year - 1
        if not date.min.year <= year <= date.max.year:
            raise CalendarError(f"fiscal year {fiscal_year} falls outside the calendar "
                                f"({date.min.year} to {date.max.year}); use a nearer year")
        return date(year, self._start_month(), 1)

    def fiscal_year_start(self, as_of: date) -> date:
        """The first day of the fiscal year containing ``as_of``."""
        return self._fiscal_year_first_day(self.fiscal_year(as_of))

    def ytd(self, as_of: date) -> Span:
        """Year to date: from the first day of the fiscal year to ``as_of``, inclusive."""
        return Span(self.fiscal_year_start(as_of), as_of)

    def prior_year_span(self, span: Span) -> Span:
        """The same span one calendar year earlier; 29 February (at either end) maps to 28 February."""
        return Span(_one_year_earlier(span.start), _one_year_earlier(span.end))

    # ---- week numbers --------------------------------------------------------------------------

    def _week_one_end(self, fiscal_year: int) -> date:
        """The end of week 1: the first week-ending day on or after the fiscal year's first day."""
        first = self._fiscal_year_first_day(fiscal_year)
        return _days(first, (self.week_ending - first.weekday()) % 7)

    def week_number(self, week_ending: date) -> int:
        """The fiscal week of the year (1..53) of the week ending on ``week_ending``.

        Week 1 is the week that contains the fiscal year's first day; numbering runs until the week
        containing the next fiscal year's first day, which is week 1 again. A week therefore belongs
        to the fiscal year of its last day: the week that holds a fiscal year's first day ends in
        that year, and every later week up to the next week 1 ends before the next year begins.
        """
        self.check_week_ending(week_ending)
        return (week_ending - self._week_one_end(self.fiscal_year(week_ending))).days // 7 + 1

    def weeks_in_fiscal_year(self, fiscal_year: int) -> int:
        """How many weeks (52 or 53) the fiscal year has: from its week 1 to the next year's week 1."""
        # Consecutive week-1 ends are 364 or 371 days apart: a multiple of 7 within 365 or 366 ± 6.
        return (self._week_one_end(fiscal_year + 1) - self._week_one_end(fiscal_year)).days // 7
