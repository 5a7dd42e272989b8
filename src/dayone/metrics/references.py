"""Where each week's reference weeks lie in the earlier years: the same calendar days, and
near a moving holiday the week that held the same holiday (from the ``holidays`` package).

Weeks of 364 days drift against the calendar by a day a year (two across 29 February), which
matters for dated seasons (December) and dated holidays (Christmas Day); holidays like
Thanksgiving, Easter or Memorial Day move by a week against 52-week steps. Both are handled here,
once per deck for all metrics. metrics/anomalies.py uses the result.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

YEARS = 2  # reference years looked at
AFTER = 1  # weeks after a holiday's own week that follow its alignment (Thanksgiving → Cyber Monday)
CATEGORIES = ("public", "unofficial")  # the holidays package's: public holidays, and Easter, Mother's Day, …
DEFAULT_COUNTRY = "US"
BOTH_WEEKS, WEEK_ITSELF, WEEK_BEFORE = 1, 2, 3  # References.ambiguous: the whole weeks also allowed


def check_country(value: Any) -> str | None:
    """The problem with a ``setup.holidays`` value, or None when it is a country the
    ``holidays`` package knows (``US``, ``DE``, ``GBR``, …), ``none`` or null."""
    if value is None or str(value).lower() == "none":
        return None
    if isinstance(value, bool):  # YAML reads a bare NO (Norway) as false
        return f"setup.holidays: {value!r} is not a country; write the code in quotes, like \"NO\"."
    from holidays import registry

    codes = {code.upper() for entry in registry.COUNTRIES.values() for code in entry[1:3]}
    if str(value).upper() in codes:
        return None
    return (f"setup.holidays: {value!r} is not a country the holidays package knows; give an ISO code like US, "
            "GB or DE, or none to align no holidays.")


@functools.lru_cache(maxsize=64)
def _holidays(country: str, first: int, last: int) -> tuple[dict[str, dict[int, date]], frozenset[date]]:
    """Each moving holiday's date in each year (Thanksgiving, Easter, Memorial Day, …: not those
    on the same date every year, nor observed-day substitutes), and the dates of the public
    holidays that fall on the same date every year (Christmas Day, Independence Day, …)."""
    import holidays

    found: dict[str, dict[int, date]] = {}
    supported = holidays.country_holidays(country).supported_categories
    calendar = holidays.country_holidays(country, years=range(first, last + 1),
                                         categories=tuple(c for c in CATEGORIES if c in supported))
    for day, names in sorted(calendar.items()):
        for name in str(names).split("; "):
            if "observed" not in name.lower():
                found.setdefault(name, {}).setdefault(day.year, day)
    public = holidays.country_holidays(country, years=range(first, last + 1))
    fixed = frozenset(d for d, names in public.items() for name in str(names).split("; ")
                      if name in found and len({(x.month, x.day) for x in found[name].values()}) == 1)
    # a holiday on the same date every year is aligned by the calendar already
    moving = {name: years for name, years in found.items() if len({(d.month, d.day) for d in years.values()}) > 1}
    return moving, fixed


@dataclass(frozen=True)
class References:
    """Where each week's reference weeks lie, for each of ``YEARS`` years back (years × weeks).

    ``lags``: weeks back to the reference week — 52 × years, or near a moving holiday the
    distance to the week that held the same holiday that year. ``weights``: the share of the
    week before the reference week mixed in (negative: of the trend from the week after carried
    over), so that away from holidays the reference covers the same calendar days (52 weeks are
    364 days: the calendar drifts a day or two a year, which matters for dated seasons like
    December). ``plain``: the same for the plain 52-week reference, tried
    where a holiday moved. ``holidays``: the moving holiday each week is aligned on, or None.
    ``ambiguous``: a dated holiday sits among the week's days or in one of the two weeks its
    reference mixes, so a whole week may be the right reference too: ``BOTH_WEEKS``, or only
    the one without the holiday (``WEEK_ITSELF``: 52 × years back; ``WEEK_BEFORE``)."""

    lags: np.ndarray
    weights: np.ndarray
    plain: np.ndarray
    holidays: tuple[str | None, ...]
    ambiguous: np.ndarray


def _years_back(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (29 February: the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _calendar_drift(week_end: date, years: int) -> int:
    """Days between ``week_end`` − 52 × ``years`` weeks and the same calendar day that many
    years earlier."""
    return (week_end - timedelta(weeks=52 * years) - _years_back(week_end, years)).days


@functools.lru_cache(maxsize=64)
def reference_lags(week_ends: tuple[date, ...], country: str | None) -> References:
    """Each week's reference weeks in the earlier years (see ``References``), with the holidays
    of ``country`` (an ISO code the ``holidays`` package knows; None: no holidays)."""
    n = len(week_ends)
    lags = np.array([[52 * k] * n for k in range(1, YEARS + 1)], dtype=np.int64)
    plain = np.array([[min(_calendar_drift(e, k), 6) / 7 for e in week_ends] for k in range(1, YEARS + 1)])
    names: list[str | None] = [None] * n
    fixed: frozenset[date] = frozenset()
    if country and str(country).lower() != "none" and week_ends:
        first_start = week_ends[0] - timedelta(days=6)

        def index(d: date) -> int:
            return (d - first_start).days // 7

        calendar, fixed = _holidays(str(country).upper(), week_ends[0].year - YEARS - 1, week_ends[-1].year + 1)
        nearest: list[list[tuple[int, str, int] | None]] = [[None] * n for _ in range(YEARS)]  # (distance, name, lag)
        for name, years in calendar.items():
            for year, day in years.items():
                at = index(day)
                for k in range(1, YEARS + 1):
                    earlier = years.get(year - k)
                    if earlier is None:
                        continue
                    lag = at - index(earlier)
                    shift = lag - 52 * k
                    # the holiday's week and the one after, and the weeks whose plain reference
                    # would land on those weeks of that year
                    for i in range(max(0, at + min(0, -shift)), min(n, at + max(AFTER, AFTER - shift) + 1)):
                        distance = abs(i - at)
                        if nearest[k - 1][i] is None or distance < nearest[k - 1][i][0]:  # type: ignore[index]
                            nearest[k - 1][i] = (distance, name, lag)
        for k in range(YEARS):
            for i, found in enumerate(nearest[k]):
                if found is not None:
                    lags[k, i] = found[2]
                    if names[i] is None or k == 0:
                        names[i] = found[1]
    # a holiday week's reference is the whole week that held it; elsewhere the calendar days:
    # part of the week before mixed in — or, when that is a holiday's week, the trend from the
    # week after carried over instead
    near = np.array([name is not None for name in names] + [False])

    def calendar_weights(lag: np.ndarray, share: np.ndarray) -> np.ndarray:
        before, after = np.arange(n)[None, :] - lag - 1, np.arange(n)[None, :] - lag + 1
        holiday_before = near[np.where(before >= 0, before, n)]
        holiday_after = near[np.where(after >= 0, after, n)]
        weight = np.where(holiday_before, np.where(holiday_after, 0.0, -share), share)
        return np.where(near[None, :n], 0.0, weight)

    weights = calendar_weights(lags, plain)
    plain = calendar_weights(52 * np.arange(1, YEARS + 1)[:, None] + np.zeros_like(lags), plain)
    # a dated holiday (Christmas Day) near the week: its own effect is not spread evenly over the
    # two weeks the calendar days are taken from. Among the week's days (this year or that
    # year): either whole week may be the right reference. Only in one of the two weeks: the
    # other whole week may be.
    ambiguous = np.zeros(lags.shape, dtype=np.int64)
    for i, end in enumerate(week_ends):
        days = [end - timedelta(days=d) for d in range(7)]
        here = any(d in fixed for d in days)
        for k in range(1, YEARS + 1):
            if weights[k - 1, i] == 0:
                continue
            back = end - timedelta(weeks=52 * k)
            in_week = any(back - timedelta(days=d) in fixed for d in range(7))
            in_week_before = any(back - timedelta(days=d) in fixed for d in range(7, 14))
            if here or any(_years_back(d, k) in fixed for d in days):
                ambiguous[k - 1, i] = BOTH_WEEKS
            elif in_week != in_week_before:
                ambiguous[k - 1, i] = WEEK_BEFORE if in_week else WEEK_ITSELF
    return References(lags, weights, plain, tuple(names), ambiguous)
