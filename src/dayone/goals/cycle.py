"""The planning cycle: a planning year's first and last days, and when OP1 and OP2 are due.

Every date comes from the workspace's settings (``goals_year_start_month``, ``goals_op1_due``,
``goals_op2_due``); nothing here knows a month by name. A planning year is named, like a fiscal
year, by the calendar year it ends in.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from dayone.errors import InvalidInput

FIRST_YEAR, LAST_YEAR = 2000, 2200  # the years a plan may be for


@dataclass(frozen=True)
class PlanningYear:
    """One planning year: ``start``..``end`` inclusive, with OP1's and OP2's due dates."""

    year: int
    start: date
    end: date
    op1_due: date
    op2_due: date

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls in the planning year, both ends included."""
        return self.start <= day <= self.end


def _month_day(text: str) -> tuple[int, int]:
    month, day = (int(part) for part in text.split("-"))
    return month, day


def _on(year: int, month: int, day: int) -> date:
    """``year-month-day``, with 29 February in a common year taken as 28 February."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def planning_year(year: int, *, start_month: int = 1, op1_due: str = "10-01", op2_due: str = "02-01") -> PlanningYear:
    """Planning year ``year``: it starts on the first of ``start_month`` and ends the day before
    the next one starts; OP1 is due on the last ``op1_due`` (MM-DD) before it starts, OP2 on the
    first ``op2_due`` on or after it starts."""
    if isinstance(year, bool) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(f"year: {year!r} is not a planning year; give a year from {FIRST_YEAR} to {LAST_YEAR}.",
                           field="year")
    first = year if start_month == 1 else year - 1
    start = date(first, start_month, 1)
    following = date(first + 1, start_month, 1)
    m1, d1 = _month_day(op1_due)
    op1 = _on(start.year, m1, d1)
    if op1 >= start:
        op1 = _on(start.year - 1, m1, d1)
    m2, d2 = _month_day(op2_due)
    op2 = _on(start.year, m2, d2)
    if op2 < start:
        op2 = _on(start.year + 1, m2, d2)
    return PlanningYear(year, start, following - timedelta(days=1), op1, op2)


def year_of(day: date, *, start_month: int = 1) -> int:
    """The planning year ``day`` belongs to."""
    return day.year + (1 if start_month != 1 and day.month >= start_month else 0)
