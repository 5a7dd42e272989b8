"""The figures a goal targets, and what each one counts.

A figure is digits (*25*, *1,500,000*, *4.1*, *+233*, *~10*, *$20k*, *10+*), a multiple (*2x*,
*10x*) or number words (*six million*, *two*, *half a million*, *one end-to-end enablement*).
Digits that belong to a date or a name are not figures (*Q3 2027*, *FY26*, *p99*, *S24*,
*3D*). A figure counts something when a symbol or a word says what: *%*, *$*, *£*, *x*;
*percent*, *ms*, *days*, *acre-feet*; a percentile; or a noun after it (*households*, *25
webinars*, *(50+) of proven wins*), which is then also what the figure applies to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dayone.documents.checks.goals.deadlines import DateSpan, covered

CURRENCY = "$£€¥₹"
# a unit joined to its digits: "200ms", "1TB", "$20k", "2x"
JOINED = r"k|K|m|M|bn|BN|x|X|ms|s|h|d|TB|GB|MB|KB|PB|Mbps|Gbps|kWh|MWh"
DIGITS = re.compile(rf"(?<![\w.])([{CURRENCY}]?[+~−-]?[{CURRENCY}]?\d[\d,]*(?:\.\d+)?)"
                    rf"(?:\s?({JOINED})\b|(?=[^\w]|$))(\+?)")
# a word before a figure that makes it a name or a position, not a target: "age 35", "step 3"
LABELS = {"age", "step", "phase", "level", "tier", "version", "grade", "chapter", "section", "page", "item",
          "no", "no.", "number", "objective", "goal", "priority", "sev", "severity", "stage", "round", "title",
          "top", "rank", "part", "option", "route", "gate", "floor", "room", "class", "type", "wave"}
_SMALL = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
          "fifty|sixty|seventy|eighty|ninety|hundred|dozen")
WORDS = re.compile(rf"\b(?:(?:half\s+)?an?\s+(?:million|billion|thousand|hundred)|half\s+of|"
                   rf"(?:{_SMALL})(?:[\s-](?:{_SMALL}|thousand|million|billion))*|double|triple|"
                   rf"twice|in\s+half|halve)\b", re.I)
MULTIPLES = {"double", "triple", "twice", "half", "halve"}
# "no one customer", "one of", "at one time": "one" that is not a count
NOT_A_COUNT = re.compile(r"\b(?:no|any|every|each|some|the|this|that|which)\s+$", re.I)
PURE_UNITS = set("""
% percent per cent percentage percentage-points points pp bps basis ms millisecond milliseconds s sec secs
second seconds minute minutes min mins hour hours hr hrs day days week weeks month months quarter
quarters year years x times tb gb mb kb pb mbps gbps kbps rps qps tps km kilometres kilometers miles mile
m kg tons tonnes ton acre-feet acres hectares gallons litres liters kwh mwh gwh dollars pounds euros usd gbp
eur k bn million billion thousand
""".split())
# words between a figure and its noun, or after it, that say nothing of what it counts
FILLERS = {"more", "additional", "extra", "new", "net", "fewer", "less", "other", "of", "or"}
STOPS = {"to", "by", "in", "from", "than", "and", "or", "for", "at", "on", "with", "before", "after",
         "per", "each", "a", "the", "this", "that", "is", "are", "be", "was", "will", "we", "so", "above",
         "below", "over", "under", "higher", "lower", "up", "down", "about", "around", "instead", "as",
         "when", "if", "while", "within", "across", "into", "through", "until", "since"}
PERCENTILE = re.compile(r"\bp\d{2,3}(?:\.\d+)?\b|\b\d{1,2}(?:st|nd|rd|th)\s+percentile\b|\bmedian\b", re.I)


@dataclass(frozen=True)
class Figure:
    """A figure in a goal: where it is, its unit (``None``: it has none) and whether that
    unit is a counted noun (*households*), which also says what the figure applies to."""

    start: int
    end: int
    text: str
    unit: str | None
    counted: bool


def find_figures(text: str, dates: list[DateSpan]) -> list[Figure]:
    """Every target figure in ``text`` outside the date spans, in order."""
    taken = [(d.start, d.end) for d in dates]
    percentile = PERCENTILE.search(text) is not None  # a percentile is the unit of the goal's figures
    found: list[Figure] = []
    for match in DIGITS.finditer(text):
        start, end = match.span()
        if covered(taken, start, end) or _a_name(text, start):
            continue
        if _labelled(text, start):
            continue
        symbol = match.group(2) or ""
        value = match.group(1)
        bare = value.lstrip("+~−-")
        if value[0] in CURRENCY or bare[:1] in CURRENCY:
            found.append(Figure(start, end, match.group(), value[0] if value[0] in CURRENCY else bare[0], False))
        elif symbol.lower() == "x":  # a multiple of what follows: "2x docs writers", "10x-ing comparisons"
            thing = _with_unit(text, start, end, match.group(), "", percentile)
            found.append(Figure(start, end, match.group(), "x", thing.counted))
        elif symbol and symbol.lower() not in ("k", "m", "bn"):
            found.append(Figure(start, end, match.group(), symbol.lower(), False))
        else:
            found.append(_with_unit(text, start, end, match.group(), symbol.lower(), percentile))
    for match in WORDS.finditer(text):
        start, end = match.span()
        if covered(taken, start, end) or (match.group().lower() == "one"
                                          and NOT_A_COUNT.search(text[max(0, start - 12):start])):
            continue
        if match.group().lower().split()[-1] in MULTIPLES:
            found.append(Figure(start, end, match.group(), "x", False))
        else:
            found.append(_with_unit(text, start, end, match.group(), "", percentile))
    found.sort(key=lambda f: f.start)
    return _share_units(text, found)


def _labelled(text: str, start: int) -> bool:
    before = re.search(r"([A-Za-z.]+)\s*:?\s*$", text[max(0, start - 20):start])
    return before is not None and before.group(1).lower() in LABELS


NAME_BEFORE = re.compile(r"(?:^|[^\w.:;!?]\s*)([A-Z][\w&-]*)\s$")


def _a_name(text: str, start: int) -> bool:
    """Digits joined to letters before them (*p99*, *S24*, *v2*), or after a capitalised word
    inside the goal (*SOC 2 Type 2*, *Tier 1*, *Stage 4*), are part of a name; a value after
    ``=`` is a definition (*"Agree" = 4*)."""
    if start > 0 and (text[start - 1].isalpha() or text[start - 1] in "_#"):
        return True
    before = text[max(0, start - 30):start]
    if re.search(r"=\s*$", before):
        return True
    name = NAME_BEFORE.search(before)
    # a capitalised first word is a verb (*Run 5 user tests*); an acronym is a name anywhere
    return name is not None and (start - len(before) + name.start(1) > 0 or name.group(1).isupper())


def _with_unit(text: str, start: int, end: int, value: str, symbol: str, percentile: bool) -> Figure:
    if symbol in ("k", "m", "bn") and start > 0 and text[start - 1] in CURRENCY:
        return Figure(start, end, value, text[start - 1], False)
    if symbol == "x":
        return Figure(start, end, value, "x", False)
    rest = text[end:end + 100]
    if rest.startswith("%") or re.match(r"\s*(?:per\s*cent|percent)\b", rest, re.I):
        return Figure(start, end, value, "%", False)
    if re.match(r"-(?:fold|x)\b", rest, re.I):
        return Figure(start, end, value, "x", False)
    words = re.findall(r"[A-Za-z][\w'’-]*|[()]", re.sub(r"^-ing\b", "", rest[:80]))
    for word in words[:5]:
        low = word.lower().strip("()")
        if not low or low in FILLERS:
            continue
        if low in PURE_UNITS or low.rstrip("s") in PURE_UNITS:
            return Figure(start, end, value, low, False)
        if low in STOPS:
            break
        return Figure(start, end, value, low, True)
    if percentile:
        return Figure(start, end, value, "percentile", False)
    return Figure(start, end, value, None, False)


def _share_units(text: str, figures: list[Figure]) -> list[Figure]:
    """A bare figure shares the unit of a figure it is paired with: the other end of a range
    (*from 50 to 90%*), or one it continues (*a million homes ..., and half a million more*)."""
    shared = list(figures)
    last_with_unit: Figure | None = None
    for i, figure in enumerate(figures):
        if figure.unit is None:
            partner = next((f for f in figures[i + 1:i + 2] if f.unit and re.fullmatch(
                r"\s*(?:to|[-–]|and|or)\s*", text[figure.end:f.start])), None)
            if partner is None and re.match(r"\s*(?:more|fewer|less|additional)\b", text[figure.end:figure.end + 20]):
                partner = last_with_unit
            if partner is not None:
                shared[i] = Figure(figure.start, figure.end, figure.text, partner.unit, partner.counted)
        if shared[i].unit is not None:
            last_with_unit = shared[i]
    return shared
