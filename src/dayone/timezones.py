"""Each person's time zone: which names are time zones, and the calendar arithmetic that
turns a day or a wall-clock time in a zone into an instant (and back).

Instants are stored and sent over the API in UTC; a page shows them in the reader's zone
(the ``localtime`` filter of web/render.py), and a day ("revisit on 3 March", "due Monday")
means that day on the reader's own calendar: it begins at their local midnight.
"""

from __future__ import annotations

import difflib
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from dayone.errors import InvalidInput

DEFAULT = "UTC"
MAX_LENGTH = 64


@cache
def names() -> frozenset[str]:
    """Every IANA time zone name this machine knows (the tzdata package ships them)."""
    # "Factory" and "localtime" are files of the database, not places anyone lives
    return frozenset(n for n in available_timezones() if n not in ("Factory", "localtime"))


def check(name: str | None, field: str = "time_zone") -> str:
    """``name`` when it is an IANA time zone (``Europe/Paris``, ``UTC``); raises InvalidInput
    naming the field, with the closest names, otherwise."""
    text = (name or "").strip()
    if text in names():
        return text
    if not text:
        raise InvalidInput(f"{field}: choose a time zone, such as Europe/Paris or America/New_York.", field=field)
    by_case = {n.lower(): n for n in names()}
    if text.lower() in by_case:
        return by_case[text.lower()]
    shown = text[:MAX_LENGTH]
    close = difflib.get_close_matches(shown.replace(" ", "_"), sorted(names()), n=3, cutoff=0.6)
    hint = f" Did you mean {' or '.join(close)}?" if close else " Use a name such as Europe/Paris or America/New_York."
    raise InvalidInput(f"{field}: {shown!r} is not a time zone.{hint}", field=field)


def zone(name: str | None) -> ZoneInfo:
    """The zone called ``name``; UTC for no name or one this machine no longer knows."""
    return ZoneInfo(name if name and name in names() else DEFAULT)


def local(instant: datetime, where: ZoneInfo) -> datetime:
    """``instant`` (timezone-aware) as the wall clock reads in ``where``."""
    if instant.tzinfo is None:
        raise ValueError("local: give a timezone-aware instant")
    return instant.astimezone(where)


def local_day(instant: datetime, where: ZoneInfo) -> date:
    """The calendar day ``instant`` falls on in ``where``."""
    return local(instant, where).date()


def start_of_day(day: date, where: ZoneInfo) -> datetime:
    """The first instant of ``day`` in ``where``, in UTC: the first instant whose local date is
    ``day`` or later. Usually local midnight; where the clocks jump over midnight (Chile, Cuba…)
    the day starts when they land, and a day a zone skipped whole (Samoa, 30 December 2011)
    "starts" when the next one does."""
    wall = datetime.combine(day, time(0), tzinfo=where)
    tick = timedelta(microseconds=1)
    # fold=0 of a skipped midnight lands past the gap; of a repeated one, on its first pass
    starts = [c for c in (wall.astimezone(UTC), wall.replace(fold=1).astimezone(UTC))
              if local_day(c, where) >= day and local_day(c - tick, where) < day]
    if not starts:  # pragma: no cover - tzdata has no transition that defeats both folds
        raise ValueError(f"start_of_day: cannot place {day} in {where.key}")
    return min(starts)


def from_wall_clock(moment: datetime, where: ZoneInfo, field: str = "when") -> datetime:
    """A wall-clock time typed in ``where`` (naive) as an instant in UTC; an aware one is kept.
    A time the clocks skip (a spring-forward gap) is refused, naming the field; one they pass
    twice (fall back) is the first of the two."""
    if moment.tzinfo is not None:
        return moment.astimezone(UTC)
    placed = moment.replace(tzinfo=where)
    instant = placed.astimezone(UTC)
    if instant.astimezone(where).replace(tzinfo=None) != moment:
        raise InvalidInput(f"{field}: {moment:%Y-%m-%d %H:%M} does not exist in {where.key}: the clocks "
                           "skip that hour; choose a time outside it.", field=field)
    return instant


def days_between(now: datetime, due: datetime, where: ZoneInfo) -> int:
    """Calendar days from ``now`` to ``due`` on the wall calendar of ``where``: 0 when both fall
    on the same local day, 1 for tomorrow, -1 for yesterday."""
    return (local_day(due, where) - local_day(now, where)).days
