"""`number-without-unit`: 300 what?

A number says what it counts by a unit or noun after it (*120 ms*, *15 customers*), a
symbol (*58%*, *$5*, *₹499*, *10–20%*: a range shares its ends' unit), a label before it
(*step 3*, *No. 5*, *iOS 17*), a rating's scale (*4.6 out of 5*), or the subject whose
count moves (*Customer accounts grew from 180,000 to 1,510,000*; *latency fell from 300 to
120* still says nothing of milliseconds). Footnote markers (*[^2]*) are not numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dayone.documents.checks.prose import MONTHS, word_before
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level

CURRENCY = "$€£¥₹₩₽₺₴₦₱₫฿₪₡₲₵₸₼₾¢"
SYMBOLS = f"%‰°{CURRENCY}"
# not after an apostrophe ('20: a year) or a plus (U+0075: a code point), nor before ".X" or
# ".(" (3.X, 3.(X+1): a version pattern); "14-day" is a compound, not a count
NUMBER = re.compile(rf"(?<![\w.,#/:{CURRENCY}–'’+-])(\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
                    rf"(?![\w{SYMBOLS}/:]|\.\d|\.[A-Za-z(]|,\d|-[A-Za-z])")
# the end of a range or a ratio before a number, with the symbols around its first number
RANGE_BEFORE = re.compile(rf"([{CURRENCY}]?)\d[\d,.]*([{SYMBOLS}]?)\s*(?:to|and|through|–|-)\s*$", re.I)
CURRENCY_WORDS = {"rs", "inr", "usd", "eur", "gbp", "jpy", "cny", "rmb", "aud", "cad", "chf", "sek",
                  "nok", "dkk", "sgd", "hkd", "nzd", "zar", "brl", "mxn", "krw"}
PER_CENT = re.compile(r"\s*per\s*(?:cent|mille)\b", re.I)
OUT_OF = re.compile(r"\b(?:out\s+of|of\s+a\s+possible)\s*$", re.I)
CLAUSE_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*|[;:()]")
MOVES = set("""
grew grown grow grows rose risen rise rises fell fallen fall falls dropped drop drops increased
increase increases decreased decrease decreases declined decline declines climbed climb climbs
jumped jump jumps doubled tripled halved went go goes reached reach reaches hit totalled totaled
total totals stood stand stands shrank shrunk shrink shrinks moved move moves expanded expand
expands slipped slip surged surge soared soar plunged plunge
""".split())
AUXILIARIES = set("""
has have had will would could should may might is are was were be been being also then steadily
quickly slowly sharply always sometimes nearly almost further again just still only more than
""".split())
COUNT_HEADS = {"count", "counts", "number", "headcount", "total", "tally", "population", "membership",
               "enrollment", "enrolment", "roster", "attendance", "signups", "sign-ups", "staff",
               "workforce", "team", "crew", "userbase"}
# plural nouns whose numbers still need a unit: "sales grew from 15 to 20" — units? dollars?
MEASURES = set("""
sales costs revenues prices fees rates latencies delays durations speeds sizes weights scores
ratings margins savings earnings profits losses budgets volumes levels amounts values totals
numbers figures metrics results returns yields wages salaries rents taxes averages percentages
shares balances temperatures distances lengths heights estimates forecasts targets goals this
its his hers ours yours theirs whereas thus perhaps
""".split())
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


MILESTONE = {"before", "after", "since", "until", "pre", "post", "a.k.a", "a.k.a.", "aka"}


def _flaggable(text: str, start: int, end: int) -> bool:
    value = text[start:end]
    before = word_before(text, start)
    if "." in value and before.lower().lstrip("(") in MILESTONE:
        return False  # a version as a milestone: "before 1.0", "(a.k.a 1.0)"
    prev = PREVIOUS.findall(before)
    prev_word = prev[0].rstrip(".").lower() if prev else ""
    if re.fullmatch(r"(19|20)\d\d", value):
        return False  # a year
    if value.count(".") > 1 or prev_word in LABELS or MONTH.match(prev_word):
        return False
    if prev and any(c.isupper() for c in before) and not before.endswith(".") and prev_word not in FOLLOWERS:
        return False  # a name: "Python 3", "Falcon 9", "iOS 17", "Node.js 20"
    if prev_word in CURRENCY_WORDS or (before and before[-1] in CURRENCY):
        return False  # "Rs. 499", "€ 20"
    if PER_CENT.match(text, end):
        return False  # "58 per cent"
    if before in ("=", "<", ">", "≤", "≥", "≈", "~", "<=", ">="):
        return False  # a value in notation: "p < 0.05", "n = 200"
    window = text[max(0, start - 40):start]
    if OUT_OF.search(window):
        return False  # a rating's scale: "4.6 out of 5"
    if (partner := RANGE_BEFORE.search(window)) and (partner.group(1) or partner.group(2)):
        return False  # the end of a range whose start has the unit: "$10 to 20", "10% to 20"
    if ORDINAL_OR_DATE.match(text, end):
        return False  # an ordinal or a date
    word, after = _next_word(text, end)
    if not word:
        return bool(PUNCTUATION_NEXT.match(text, end))
    if word.lower() in FOLLOWERS or word in ("-", "–", "—"):
        # a range shares the unit that follows it: "3 to 5 days", "between 3 and 5 days"
        second, second_end = _next_word(text, after)
        if second and second[0].isdigit():
            if second_end < len(text) and text[second_end] in SYMBOLS:
                return False  # "10–20%", "10 to 20%"
            unit, _ = _next_word(text, second_end)
            return not (unit and unit.isalpha() and unit.lower() not in FOLLOWERS)
        return True
    return False


def counted_by_subject(text: str, start: int) -> bool:
    """Whether the clause before ``start`` names what the number counts: a plural noun or a
    count that moves (*customer accounts grew from*, *our employee count rose to*), or a
    plural noun right before *from* (*we grew accounts from*)."""
    words = [w.lower().replace("’", "'") for w in CLAUSE_WORD.findall(text[max(0, start - 160):start])]
    i = len(words) - 1
    while i >= 0 and words[i] not in MOVES and words[i] not in (";", ":", "(", ")"):
        if words[i] == "from" and i > 0 and _counts(words[i - 1]):
            return True
        i -= 1
    if i < 0 or words[i] not in MOVES:
        return False
    i -= 1
    while i >= 0 and (words[i] in AUXILIARIES or words[i].endswith("ly")):
        i -= 1
    return i >= 0 and _counts(words[i])


def _counts(word: str) -> bool:
    """A noun whose number is a count of it: "accounts", "headcount"."""
    if word in COUNT_HEADS:
        return True
    return (len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s"))
            and word not in MEASURES and word not in AUXILIARIES and word.isalpha())


def check(ctx: Context) -> Iterator[Finding]:
    for sentence in ctx.doc.sentences:
        for match in NUMBER.finditer(sentence.text):
            if _flaggable(sentence.text, match.start(1), match.end(1)) \
                    and not counted_by_subject(sentence.text, match.start(1)):
                yield ctx.finding(
                    sentence.start + match.start(1), sentence.start + match.end(1),
                    f"`{match.group(1)}` has no unit: the reader cannot tell what it counts.",
                    "Say what it counts: \"120 ms\", \"15 customers\", \"$3.2M\".")


RULE = Rule("number-without-unit", Level.WARNING, "numbers with no unit", check)
