"""Dates and datelines as press releases write them.

A date is read from the forms writers use: ``March 3, 2030``, ``Mar. 3rd 2030``,
``Tuesday, March 3, 2030``, ``3 March 2030``, ``3rd of March, 2030``, ``2030-03-03``,
and, for a launch date, a date-time (``2030-03-03 10:00``, ``2030-03-03T10:00:00Z``,
``March 3, 2030 10:00 AM``). Numeric dates such as ``03/04/2030`` are refused: they
read differently on each side of the Atlantic.

A dateline opens a press release: a city (any script, accents included), an optional
region, an optional outlet, the date, then a dash: ``ZÜRICH, Switzerland — (BUSINESS
WIRE) — March 3, 2030 —``, ``SEATTLE--(BUSINESS WIRE)--March 3rd, 2030--``,
``Seattle, WA, March 3, 2030 —`` or ``SÃO PAULO, 3 March 2030 /PRNewswire/ —``. A release
sent from a conference names it between the place and the date: ``OAKLAND, Calif.,
APACHECON US 2009, Nov. 4, 2009 —``.

The parsing is a few regular expressions on a short head of text, not a date
library: a general parser fills a missing year or day from today's date and so
hides the typo a writer needs to hear about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

MONTH_NUMBERS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+"
_DAY = r"(?P<{}>[0-3]?\d)(?:st|nd|rd|th)?"
# Each form names its day, month and year groups; the first that matches is read.
DATE_FORMS = (
    rf"(?:{_WEEKDAY})?(?P<m1>{_MONTH})\.?\s+{_DAY.format('d1')},?\s+(?P<y1>\d{{4}})",
    rf"(?:{_WEEKDAY})?(?:the\s+)?{_DAY.format('d2')}(?:\s+of)?\s+(?P<m2>{_MONTH})\.?,?\s+(?P<y2>\d{{4}})",
    r"(?P<y3>\d{4})-(?P<m3>[01]?\d)-(?P<d3>[0-3]?\d)",
)
DATE = re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{form})" for form in DATE_FORMS) + r")(?![\w-])", re.I)
TIME = re.compile(r"(?:\s*(?:,|at|T)?\s*)\d{1,2}(?::\d{2}){0,2}(?:\.\d+)?\s*(?:[ap]\.?m\.?)?"
                  r"\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}|[A-Z]{2,4}T?)?\s*", re.I)


def _date_of(match: re.Match[str]) -> date | None:
    for n in "123":
        if match.group(f"y{n}") is not None:
            month_text = match.group(f"m{n}")
            month = int(month_text) if month_text.isdigit() else MONTH_NUMBERS[month_text.lower()]
            try:
                return date(int(match.group(f"y{n}")), month, int(match.group(f"d{n}")))
            except ValueError:
                return None  # 31 April, month 13: a typo, not a date
    return None  # pragma: no cover - one of the forms matched


def find_date(text: str) -> tuple[date, int, int] | None:
    """The first date written in ``text``: the date and where its words start and end."""
    for match in DATE.finditer(text):
        found = _date_of(match)
        if found is not None:
            return found, match.start(), match.end()
    return None


def parse_date(text: str) -> date | None:
    """A date written alone, optionally with a time of day after it (a launch date), or
    None when the text is not one date."""
    text = text.strip()
    try:  # ISO dates and date-times, with a T or a space, with or without a zone
        return datetime.fromisoformat(text.replace("z", "Z")).date()
    except ValueError:
        pass
    match = DATE.match(re.sub(r"^(\d{4}-\d{1,2}-\d{1,2})T", r"\1 ", text))  # 2030-3-3T10:00
    if match is None:
        return None
    rest = match.string[match.end():]
    if rest.strip() and not TIME.fullmatch(rest):
        return None
    return _date_of(match)


# --- datelines ---------------------------------------------------------------------

REACH = 300  # characters: a dateline is short, and looking no further keeps this cheap
SEPARATOR = re.compile(r"\s*(?:—|–|―|--+|\s-\s)\s*|\s*/[^/\n]{1,40}/\s*(?:—|–|--+|-)?\s*")
# a place's word: a letter, then letters or combining marks (any script), or ' . - between letters
NAME_WORD = r"[^\W\d_](?:[^\s\d_,;:!?()\[\]{}\"“”«»/\\'’.—–-]|['’.-](?=[^\W\d_]))*\.?"
CITY = re.compile(rf"(?P<city>{NAME_WORD}(?:\s+{NAME_WORD}){{0,4}})"
                  rf"(?:\s*,\s*(?P<region>{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}}))?\s*,?\s*")
# a place, then the conference or trade show the release is sent from: "OAKLAND, Calif., APACHECON US 2009, "
AT_EVENT = re.compile(rf"(?P<city>{NAME_WORD}(?:\s+{NAME_WORD}){{0,4}})\s*,\s*"
                      rf"(?:{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}}\s*,\s*)?"
                      r"(?P<event>[^\W_][^,;!?()\[\]{}\"“”«»\n—–]{1,40}?)\s*,\s*")
OUTLET = re.compile(r"\(?[^()\n—–]{2,60}\)?")
EXAMPLE = "SEATTLE, WA — (BUSINESS WIRE) — March 3, 2030 — "
# after the date, before the dash: nothing, a time, or the outlet in brackets
AFTER_DATE = re.compile(rf"(?:{TIME.pattern})?\s*(?:\([^()\n]{{2,60}}\))?\s*", re.I)


@dataclass(frozen=True)
class Dateline:
    """A dateline at the start of a text: offsets are relative to that text."""

    city: str
    date: date
    date_start: int
    date_end: int
    end: int  # where the story after the dateline starts


def find_dateline(text: str) -> Dateline | None:
    """The dateline that opens ``text`` (a paragraph), or None."""
    head = text[:REACH]
    lead = len(head) - len(head.lstrip())
    stops = [(m.start(), m.end()) for m in SEPARATOR.finditer(head)][:4]
    begin = lead
    for stop, after in stops:
        segment = head[begin:stop]
        found = find_date(segment)
        if found is not None:
            when, start, end = found
            if not AFTER_DATE.fullmatch(head[begin + end:stop]):
                return None  # words after the date: a sentence, not a dateline
            before = head[lead:begin + start]
            if begin == lead and not before.rstrip().endswith(","):
                return None  # "Acme launched on March 3, 2030 —": a place is set off by a comma
            city = _city(before)
            return None if city is None else Dateline(city, when, begin + start, begin + end, after)
        if begin == lead and (CITY.fullmatch(segment) is None or segment.lstrip()[:1].islower()):
            return None  # the first segment must be a place
        if begin > lead and OUTLET.fullmatch(segment.strip()) is None:
            return None
        begin = after
    return None


def date_lead(text: str) -> int | None:
    """Where a date set off by dashes at the start of ``text`` ends (``-- June 30, 1999 --``,
    ``March 3, 2030 —``: a dateline whose place is missing or stood apart), or None."""
    head = text[:REACH]
    lead = re.match(r"\s*(?:—|–|―|--+)?\s*", head)
    begin = lead.end() if lead is not None else 0
    stop = next((m for m in SEPARATOR.finditer(head, begin) if m.end() > m.start()), None)
    if stop is None:
        return None
    segment = head[begin:stop.start()]
    match = DATE.match(segment)
    if match is None or _date_of(match) is None or not AFTER_DATE.fullmatch(segment[match.end():]):
        return None
    return stop.end()


def _city(before: str) -> str | None:
    """The place in the words before the date (``CITY, Region — (Outlet) —`` or
    ``CITY, ``), or None when they are not a place and an outlet."""
    pieces = [p for p in SEPARATOR.split(before) if p is not None and p.strip()]
    if not pieces or len(pieces) > 2:
        return None
    place = CITY.fullmatch(pieces[0])
    if place is None and (event := AT_EVENT.fullmatch(pieces[0])) is not None \
            and not event.group("event")[0].islower():
        place = event
    if place is None or place.group("city")[0].islower():  # a capital, or a script without case
        return None
    if len(pieces) == 2 and OUTLET.fullmatch(pieces[1].strip()) is None:
        return None
    return place.group("city")
