"""How often a mechanism is expected to happen, and the calendar periods it is judged in.

A mechanism such as "the Weekly Business Review, weekly on Monday" has a cadence.
The cadence cuts the calendar into periods that tile it with no gaps and no
overlaps; whether the mechanism was held is then a question asked per period
("was there a WBR in the week of 2026-11-23?"), which is robust to meetings that
slip a day or two. The weekday or day of the month only sets the *due date*
inside a period, never the period's boundaries.

Every-N cadences ("every 2 weeks", "every 3 months") need an ``anchor`` date to
say which block of N a date falls in: the unit (day, ISO week, month, quarter)
containing the anchor starts a block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

UNITS = ("day", "week", "month", "quarter")
MAX_INTERVAL = 12
# 28 so that every month, February included, has the due day: no clamping rules needed.
MAX_DAY_OF_MONTH = 28

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_BY_NAME = {name.lower(): i for i, name in enumerate(WEEKDAYS)} | {
    name[:3].lower(): i for i, name in enumerate(WEEKDAYS)
}

_EXAMPLES = '"weekly on Monday", "every 2 weeks on Friday", "monthly on day 1", "quarterly"'

# One-word phrasings and the (unit, interval) they stand for.
_WORDS = {
    "daily": ("day", 1),
    "weekly": ("week", 1),
    "biweekly": ("week", 2),
    "monthly": ("month", 1),
    "quarterly": ("quarter", 1),
}

# Digits are [0-9], not \d: \d would also accept e.g. Arabic-Indic digits, which int() reads
# but nobody means. The "on ..." tail is captured loosely and checked afterwards so that
# "weekly on funday" gets a message about the weekday rather than the generic one.
_GRAMMAR = re.compile(
    r"(?:(?P<word>daily|weekly|biweekly|monthly|quarterly)"
    r"|every (?:(?P<n>[0-9]+) )?(?P<unit>day|week|month|quarter)(?P<plural>s?))"
    r"(?: on (?P<on>.+))?"
)
_ON_DAY = re.compile(r"day (?P<day>[0-9]+)")


class CadenceError(ValueError):
    """A cadence that cannot be read or does not make sense; the message says why and shows an example."""


def _number(digits: str, text: str) -> int:
    # Python refuses to convert integers of more than 4300 digits (and "every 10**5000
    # months" is no cadence anyway), so long numbers are rejected before int() sees them.
    if len(digits.lstrip("0")) > 6:
        raise CadenceError(f"cadence: the number in {text!r} is far too large; "
                           f'intervals run 1 to {MAX_INTERVAL} and days 1 to {MAX_DAY_OF_MONTH}, '
                           'e.g. "every 3 months", "monthly on day 1"')
    return int(digits)


@dataclass(frozen=True)
class Cadence:
    """Every ``interval`` units (day, week, month or quarter).

    ``weekday`` (0 = Monday .. 6 = Sunday) is the due day of weekly cadences, ``day``
    (1..28) that of monthly ones; None means "any time in the period".
    """

    unit: str
    interval: int = 1
    weekday: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        # Validate here rather than only in parse() so that a Cadence built by hand, or
        # loaded from storage, can never hold a value the period arithmetic cannot handle.
        if self.unit not in UNITS:
            raise CadenceError(
                f"cadence: unknown unit {self.unit!r}; use one of {', '.join(map(repr, UNITS))}, "
                'e.g. Cadence("week", 1, weekday=0) for "weekly on Monday"'
            )
        if isinstance(self.interval, bool) or not isinstance(self.interval, int):
            raise CadenceError(f'cadence: interval must be a whole number, e.g. 3 for "every 3 months"; '
                               f"got {self.interval!r}")
        if not 1 <= self.interval <= MAX_INTERVAL:
            raise CadenceError(
                f"cadence: every {self.interval} {self.unit}s is out of range; the interval must be "
                f'1 to {MAX_INTERVAL}, e.g. "every 3 months"'
            )
        if self.weekday is not None:
            if self.unit != "week":
                raise CadenceError(
                    f"cadence: a weekday only fits weekly cadences, not every {self.unit}; "
                    'write e.g. "weekly on Monday" or "monthly on day 1"'
                )
            if isinstance(self.weekday, bool) or not isinstance(self.weekday, int) \
                    or not 0 <= self.weekday <= 6:
                raise CadenceError(f"cadence: weekday {self.weekday!r} is out of range; "
                                   "use 0 (Monday) to 6 (Sunday)")
        if self.day is not None:
            if self.unit != "month":
                raise CadenceError(
                    f"cadence: a day of the month only fits monthly cadences, not every {self.unit}; "
                    'write e.g. "monthly on day 1" or "weekly on Monday"'
                )
            if isinstance(self.day, bool) or not isinstance(self.day, int) \
                    or not 1 <= self.day <= MAX_DAY_OF_MONTH:
                raise CadenceError(
                    f"cadence: day {self.day!r} is out of range; monthly cadences take a day from 1 to "
                    f'{MAX_DAY_OF_MONTH} so that every month has it, e.g. "monthly on day 1"'
                )

    @classmethod
    def parse(cls, text: str) -> Cadence:
        """Read a cadence such as "weekly on Monday", "every 2 weeks on Friday" or "quarterly".

        Case and extra spaces do not matter. Raises CadenceError, whose message names
        the problem and gives examples, for anything else.
        """
        if not isinstance(text, str):
            raise CadenceError(f"cadence: expected text such as {_EXAMPLES}; got {text!r}")
        norm = " ".join(text.lower().split())
        if not norm:
            raise CadenceError(f"cadence: it is empty; write e.g. {_EXAMPLES}")
        m = _GRAMMAR.fullmatch(norm)
        # "every days" is not English; "every day" and "every 2 days" are.
        if m is None or (m["unit"] and m["n"] is None and m["plural"]):
            raise CadenceError(f"cadence: cannot read {text!r}; write e.g. {_EXAMPLES}")
        if m["word"]:
            unit, interval = _WORDS[m["word"]]
        else:
            unit, interval = m["unit"], _number(m["n"], text) if m["n"] is not None else 1
        weekday: int | None = None
        day: int | None = None
        on = m["on"]
        if on is not None:
            day_match = _ON_DAY.fullmatch(on)
            if day_match:
                day = _number(day_match["day"], text)
            elif on in _WEEKDAY_BY_NAME:
                weekday = _WEEKDAY_BY_NAME[on]
            elif unit == "week":
                raise CadenceError(f"cadence: {on!r} in {text!r} is not a weekday; "
                                   'write e.g. "weekly on Monday" (or "Mon")')
            else:
                raise CadenceError(f"cadence: cannot read {on!r} in {text!r}; write e.g. {_EXAMPLES}")
        # The constructor checks the ranges and that weekday/day fit the unit.
        return cls(unit, interval, weekday, day)

    def describe(self) -> str:
        """The canonical text of this cadence; ``Cadence.parse(c.describe()) == c``."""
        if self.interval == 1:
            base = {"day": "daily", "week": "weekly", "month": "monthly", "quarter": "quarterly"}[self.unit]
        else:
            base = f"every {self.interval} {self.unit}s"
        if self.weekday is not None:
            return f"{base} on {WEEKDAYS[self.weekday]}"
        if self.day is not None:
            return f"{base} on day {self.day}"
        return base


@dataclass(frozen=True)
class Period:
    """A stretch of days, both ends inclusive; ``key`` is the start date in ISO form."""

    start: date
    end: date
    key: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period: end {self.end} is before start {self.start}")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def _period(start: date, end: date) -> Period:
    return Period(start, end, start.isoformat())


def _month_index(d: date) -> int:
    """Months since year 0, so month arithmetic is plain integer arithmetic."""
    return d.year * 12 + d.month - 1


def _month_start(index: int) -> date:
    year, month0 = divmod(index, 12)
    if not date.min.year <= year <= date.max.year:
        # Surface as OverflowError, as date + timedelta does for day and week cadences.
        raise OverflowError(f"period: year {year} is outside the calendar")
    return date(year, month0 + 1, 1)


def period_of(cadence: Cadence, day: date, *, anchor: date) -> Period:
    """The period of ``cadence`` that contains ``day``.

    ``anchor`` aligns every-N cadences: the day, ISO week, month or quarter holding
    the anchor starts a block of N. ``day`` may lie before or after the anchor. With
    an interval of 1 the anchor makes no difference.
    """
    n = cadence.interval
    if cadence.unit in ("day", "week"):
        if cadence.unit == "day":
            length, origin, d = n, anchor, day
        else:
            # Work in ISO weeks: both dates move back to their Monday.
            length = 7 * n
            origin = anchor - timedelta(days=anchor.weekday())
            d = day - timedelta(days=day.weekday())
        # Floor division, so dates before the anchor land in the block before it, not the same one.
        block = (d - origin).days // length
        start = origin + timedelta(days=block * length)
        return _period(start, start + timedelta(days=length - 1))
    if cadence.unit == "month":
        months, origin_m = n, _month_index(anchor)
    else:
        # Quarters are three-month blocks that start in Jan, Apr, Jul or Oct.
        months = 3 * n
        origin_m = _month_index(anchor) - (anchor.month - 1) % 3
    block = (_month_index(day) - origin_m) // months
    first = origin_m + block * months
    return _period(_month_start(first), _month_start(first + months) - timedelta(days=1))


def periods(cadence: Cadence, *, until: date, count: int, anchor: date) -> list[Period]:
    """The ``count`` consecutive periods ending with the one that contains ``until``, oldest first."""
    if count < 0:
        raise ValueError(f"periods: count must be 0 or more, e.g. 12; got {count}")
    if count == 0:
        return []
    found = [period_of(cadence, until, anchor=anchor)]
    while len(found) < count:
        # Step back through the day before the oldest period: this reuses period_of's
        # alignment, so periods() and period_of() cannot disagree on where periods begin.
        found.append(period_of(cadence, found[-1].start - timedelta(days=1), anchor=anchor))
    found.reverse()
    return found


def due_date(cadence: Cadence, period: Period) -> date:
    """When the mechanism is due in ``period``.

    Weekly with a weekday: that weekday in the period's first week. Monthly with a day:
    that day of the period's first month. Otherwise the period's first day.
    """
    if cadence.weekday is not None:
        if period.start.weekday() != 0:
            raise ValueError(f"due_date: period {period.key} does not start on a Monday, "
                             f"so it is not a period of {cadence.describe()!r}")
        return period.start + timedelta(days=cadence.weekday)
    if cadence.day is not None:
        if period.start.day != 1:
            raise ValueError(f"due_date: period {period.key} does not start on the 1st of a month, "
                             f"so it is not a period of {cadence.describe()!r}")
        return period.start.replace(day=cadence.day)
    return period.start
