"""`vague-time`: when, exactly?"""

from __future__ import annotations

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


def check(ctx: Context) -> Iterator[Finding]:
    words = ctx.words_option("words")
    for sentence in ctx.doc.prose:
        matches = phrase_matches(sentence, words)
        if not matches or has_date(sentence):
            continue
        for start, end, _ in matches:
            yield ctx.finding(
                sentence.start + start, sentence.start + end,
                f"`{ctx.quote(sentence.start + start, sentence.start + end)}` gives no date: "
                "readers will each assume a different one.",
                "Name the date or the period: \"on 3 March\", \"in Q3 2027\", \"two weeks ago\".")


RULE = Rule("vague-time", Level.WARNING, "time words with no date", check, defaults={"words": WORDS},
            kinds={"words": Words()})
