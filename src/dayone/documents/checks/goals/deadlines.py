"""When a goal is due: the dates and periods a goal's words give.

A goal is dated by a day (*by December 31*, *September 30, 2025*), a month or a year (*June
2027*, *in 2027*, *by the mid-2020s*), a quarter or half (*by Q3 2027*, *Q4*, *H1*), a fiscal
year (*by end of FY26*, *FY 2024-25*, *2023/24*), a school or goal period (*in the 2024-2025
school year*, *by the end of the two-year goal period*), or a span from now (*within 90
days*, *by the end of the quarter*, *this year*). A cadence (*weekly*, *every two weeks*) is
not a deadline, nor is the date of a baseline (*than it was in October*, *4.6 at start of
Q3*, *compared to a baseline from the start of the quarter*): those are read here too, so
that their digits are not taken for a target figure, and marked as baselines.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from dayone.documents.checks.prose import MONTHS

_YEAR = r"(?:19|20)\d{2}"
_PERIOD_WORD = r"(?:day|week|month|quarter|half|year|fiscal\s+year|sprint|cycle|term|period|season)"
_FORMS = (
    rf"(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+{_YEAR})?",  # December 31, 2025
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\.?(?:,?\s+{_YEAR})?",  # 31 December 2025
    rf"(?:{MONTHS})\.?\s+{_YEAR}",  # June 2027
    rf"{_YEAR}-\d{{1,2}}-\d{{1,2}}",  # 2027-03-31
    rf"(?:[QH][1-4]|[1-4][QH])(?:\s*(?:FY\s*)?'?(?:{_YEAR}|\d{{2}}))?",  # Q3 2027, 1H27, Q3 FY26
    rf"FY\s*'?(?:{_YEAR}|\d{{2}})(?:\s*[-–/]\s*(?:{_YEAR}|\d{{2}}))?",  # FY26, FY 2024-25
    rf"fiscal\s+(?:year\s+)?{_YEAR}(?:\s*[-–/]\s*(?:{_YEAR}|\d{{2}}))?",
    rf"(?:(?:mid|early|late)-?\s*)?{_YEAR[:-5]}\d0s",  # the mid-2020s
    rf"{_YEAR}(?:\s*[-–/]\s*(?:{_YEAR}|\d{{2}}))?",  # 2027, 2024-2025, 2023/24
    rf"(?:end|start|beginning|close)\s+of\s+(?:the\s+|this\s+|next\s+)?(?:[\w-]+\s+){{0,3}}{_PERIOD_WORD}",
    rf"(?:this|next|the\s+coming)\s+{_PERIOD_WORD}",
    rf"(?:within|in\s+the\s+next|over\s+the\s+next)\s+(?:\d+|a|one|two|three|four|five|six|"
    rf"seven|eight|nine|ten|twelve|eighteen|twenty-four)\s+{_PERIOD_WORD}s?",
    r"year[- ]end|EO[QYM]|YE\d{2}",
    r"(?:january|february|march|april|june|july|august|september|october|november|december)",
)
DATE = re.compile(r"(?<![\w/])(?:" + "|".join(f"(?:{f})" for f in _FORMS) + r")(?![\w])", re.I)
# the words before a date that make it a baseline's: "than (it was) in", "since", "at start of"
BASELINE_BEFORE = re.compile(
    r"(?:\bthan\s+(?:(?:it|they|we)\s+(?:was|were)\s+)?(?:(?:in|on|during|at)\s+)?|\bsince\s+|"
    r"\b(?:compared\s+(?:to|with)|vs\.?|versus|relative\s+to)\s+|\bbaseline\s+(?:from|at|of|in)\s+|"
    r"\b(?:at|as\s+of|from)\s+(?:the\s+)?(?:start|beginning)\s+of\s+)(?:the\s+)?$", re.I)


def covered(spans: list[tuple[int, int]], start: int, end: int | None = None) -> bool:
    """Whether ``start`` (or any of ``start``–``end``) falls in one of ``spans``, which are
    sorted and do not overlap: a binary search, so a long text is read in linear time."""
    end = start + 1 if end is None else max(end, start + 1)
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    if i >= 0 and spans[i][1] > start:
        return True
    return i + 1 < len(spans) and spans[i + 1][0] < end


@dataclass(frozen=True)
class DateSpan:
    """A date or period in a goal, and whether it dates a baseline rather than the goal."""

    start: int
    end: int
    baseline: bool


def find_dates(text: str) -> list[DateSpan]:
    """Every date or period written in ``text``, in order."""
    found = []
    for match in DATE.finditer(text):
        if _a_count(text, match):
            continue
        before = text[max(0, match.start() - 40):match.start()]
        found.append(DateSpan(match.start(), match.end(), BASELINE_BEFORE.search(before) is not None))
    return found


def _a_count(text: str, match: re.Match[str]) -> bool:
    """A four-digit figure that counts something (*2000 customers*, *$2025*), not a year."""
    value = match.group()
    if not value.isdigit():
        return False
    if match.start() > 0 and text[match.start() - 1] in "$£€¥₹+~":
        return True
    after = _WORD_AFTER.match(text, match.end())
    return after is not None and (after.group(1) == "%" or after.group(1).lower() not in _AFTER_A_YEAR)


_WORD_AFTER = re.compile(r"\s*([A-Za-z%]+)")
# words that may follow a year ("by 2027 we ...", "in 2027 and", "2027 levels")
_AFTER_A_YEAR = {"and", "or", "to", "for", "we", "the", "with", "in", "at", "on", "from", "through",
                 "levels", "level", "baseline", "budget", "plan", "goals", "goal", "target", "targets",
                 "school", "calendar", "fiscal", "academic", "season", "cohort", "while", "as",
                 "than", "so", "when", "after", "before", "by", "of", "across", "if", "until"}
