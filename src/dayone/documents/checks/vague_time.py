"""`vague-time`: when, exactly?

Not vague: *as soon as* before an event (*as soon as the payment clears*; *as soon as
possible* is vague), *eventually consistent* (a property of a data store)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dayone.documents.checks.options import Words
from dayone.documents.checks.prose import has_date, phrase_matches
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level

WORDS = [
    "recently", "soon", "shortly", "lately", "eventually", "in the near future",
    "in the coming days", "in the coming weeks", "in the coming months", "in the coming years",
    "some time ago", "a while ago", "at some point", "before long", "in due course",
    "down the road",
]


AS_SOON_AS = re.compile(r"\bas\s+$", re.I)
VAGUE_AFTER = re.compile(r"\s+as\s+(?:possible|practicable|practical|feasible|reasonable|reasonably|"
                         r"convenient|we\s+can|I\s+can|they\s+can|you\s+can|it\s+can|we're\s+able|"
                         r"we\s+are\s+able)\b", re.I)
TERMS = re.compile(r"\s+consisten(?:t|cy)\b", re.I)  # eventually consistent


def _tied(text: str, start: int, end: int, phrase: str) -> bool:
    """The time word is tied to an event or is part of a technical term."""
    if phrase == "soon" and AS_SOON_AS.search(text, max(0, start - 8), start) \
            and text[end:end + 4].lower().startswith(" as") and not VAGUE_AFTER.match(text, end):
        return True
    if phrase == "recently" and text[max(0, start - 5):start].lower() == "most ":
        return True  # an order: "the most recently used"
    return phrase == "eventually" and bool(TERMS.match(text, end))


def check(ctx: Context) -> Iterator[Finding]:
    words = ctx.words_option("words")
    for sentence in ctx.doc.prose:
        matches = phrase_matches(sentence, words)
        if not matches or has_date(sentence):
            continue
        for start, end, phrase in matches:
            if _tied(sentence.text, start, end, phrase):
                continue
            yield ctx.finding(
                sentence.start + start, sentence.start + end,
                f"`{ctx.quote(sentence.start + start, sentence.start + end)}` gives no date: "
                "readers will each assume a different one.",
                "Name the date or the period: \"on 3 March\", \"in Q3 2027\", \"two weeks ago\".")


RULE = Rule("vague-time", Level.WARNING, "time words with no date", check, defaults={"words": WORDS},
            kinds={"words": Words()})
