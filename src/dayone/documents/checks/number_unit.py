"""`number-without-unit`: 300 what?"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dayone.documents.checks.prose import MONTHS, word_before
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level

NUMBER = re.compile(r"(?<![\w.,$€£¥#/:-])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
                    r"(?![\w%‰°$€£/:]|\.\d|,\d|-[A-Za-z])")  # "14-day" is a compound, not a count
FOLLOWERS = {"to", "from", "by", "and", "or", "than", "versus", "vs", "last", "this", "in", "per",
             "at", "on", "after", "before", "since", "until"}
LABELS = {"version", "v", "step", "page", "pages", "chapter", "figure", "fig", "table", "section",
          "item", "number", "no", "#", "level", "tier", "phase", "day", "week", "month",
          "quarter", "q", "year", "sprint", "release", "room", "floor", "gate", "route", "grade",
          "rank", "top", "p", "stage", "round", "wave", "part", "line", "appendix", "exhibit",
          "option", "slide", "issue", "ticket", "pr", "build", "episode", "season", "series",
          "model", "gen", "generation", "class", "type", "category", "suite", "building", "zone",
          "status", "code", "id", "port", "revision", "default", "error", "index", "row", "column",
          "attempt", "priority", "severity", "sev", "p0", "p1"}
MONTH = re.compile(rf"^(?:{MONTHS})\.?$", re.I)


# matched at a position of the sentence, never on a slice of the rest of it (quadratic)
NEXT_WORD = re.compile(r"\s*([A-Za-z]+|\d[\d,.]*|[-–—])?")
ORDINAL_OR_DATE = re.compile(rf"\s*(?:(?:st|nd|rd|th)\b|(?i:{MONTHS})\b)")
PUNCTUATION_NEXT = re.compile(r"\s*(?:[.,;:!?)]|$)")
PREVIOUS = re.compile(r"[A-Za-z#]+\.?$")


def _next_word(text: str, end: int) -> tuple[str, int]:
    m = NEXT_WORD.match(text, end)
    word = (m.group(1) or "") if m else ""
    return word, m.end() if m else end


def _flaggable(text: str, start: int, end: int) -> bool:
    value = text[start:end]
    before = word_before(text, start)
    prev = PREVIOUS.findall(before)
    prev_word = prev[0].rstrip(".").lower() if prev else ""
    if re.fullmatch(r"(19|20)\d\d", value):
        return False  # a year
    if value.count(".") > 1 or prev_word in LABELS or MONTH.match(prev_word):
        return False
    if prev and prev[0][0].isupper() and not before.endswith(".") and prev_word not in FOLLOWERS:
        return False  # a name: "Python 3", "Falcon 9", "Q 3"
    if ORDINAL_OR_DATE.match(text, end):
        return False  # an ordinal or a date
    word, after = _next_word(text, end)
    if not word:
        return bool(PUNCTUATION_NEXT.match(text, end))
    if word.lower() in FOLLOWERS or word in ("-", "–", "—"):
        # a range shares the unit that follows it: "3 to 5 days", "between 3 and 5 days"
        second, second_end = _next_word(text, after)
        if second and second[0].isdigit():
            unit, _ = _next_word(text, second_end)
            return not (unit and unit.isalpha() and unit.lower() not in FOLLOWERS)
        return True
    return False


def check(ctx: Context) -> Iterator[Finding]:
    for sentence in ctx.doc.sentences:
        for match in NUMBER.finditer(sentence.text):
            if _flaggable(sentence.text, match.start(1), match.end(1)):
                yield ctx.finding(
                    sentence.start + match.start(1), sentence.start + match.end(1),
                    f"`{match.group(1)}` has no unit: the reader cannot tell what it counts.",
                    "Say what it counts: \"120 ms\", \"15 customers\", \"$3.2M\".")


RULE = Rule("number-without-unit", Level.WARNING, "numbers with no unit", check)
