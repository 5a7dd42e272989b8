"""`sentence-length`: long sentences hide their point."""

from __future__ import annotations

from collections.abc import Iterator

from dayone.documents.checks.dates import date_lead, find_dateline
from dayone.documents.checks.options import Whole
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level

# Calibrated on the real-prose corpus (docs/writing-checker.md): at 20 words every third
# sentence of good prose was flagged and 15% of flags were worth a rewrite; above 36
# words one sentence in twenty is flagged and four flags in five are.
MAX_WORDS = 36


def check(ctx: Context) -> Iterator[Finding]:
    limit = int(ctx.option("max_words"))
    for sentence in ctx.doc.sentences:
        if sentence.block.in_appendix and sentence.block.in_list:
            continue
        count = len(sentence.words)
        lead = None
        if sentence.start == sentence.block.start and (dateline := find_dateline(sentence.text)):
            lead = dateline.end  # "SEATTLE — March 3, 2030 —" opens the sentence but is no part of it
        else:
            lead = date_lead(sentence.text)  # "-- June 30, 1999 --" after a web address standing for the place
        if lead is not None:
            count -= sum(any(c.isalnum() for c in word) for word in sentence.text[:lead].split())
        if count > limit:
            yield ctx.finding(
                sentence.start, sentence.end,
                f"This sentence has {count} words (limit {limit}); readers lose the thread.",
                "Split it, or cut what does not carry the point.")


RULE = Rule("sentence-length", Level.WARNING, "sentences over the word limit", check,
            defaults={"max_words": MAX_WORDS}, kinds={"max_words": Whole(1, 500)})
