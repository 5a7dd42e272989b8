"""`sentence-length`: long sentences hide their point."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dayone.documents.checks.dates import date_lead, find_dateline
from dayone.documents.checks.options import Whole
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level

# Calibrated on the real-prose corpus (docs/writing-checker.md): at 20 words every third
# sentence of good prose was flagged and 15% of flags were worth a rewrite; above 36
# words one sentence in twenty is flagged and four flags in five are.
MAX_WORDS = 36
# a bold run-in head that opens a paragraph or list item: "**Tracing an error back to your code:** …"
RUN_IN = re.compile(r"(\*\*|__)(?P<head>[^\n*_]{1,120}?)(?:[ \t]*:[ \t]*\1|\1[ \t]*(?::|—|–|--))")
RUN_IN_WORDS = 12
ITEM_MARK = re.compile(r"[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?")  # what may come before it in its block


def _run_in_head(ctx: Context, start: int, block_start: int) -> int:
    """The words of a bold run-in head that opens the sentence's paragraph: a label, no
    part of the sentence a reader reads (0 when there is none)."""
    source = ctx.doc.source
    at = start - 2 if source[start - 2:start] in ("**", "__") else start
    if at < block_start or not ITEM_MARK.fullmatch(source, block_start, at):
        return 0  # not where its paragraph or list item starts
    match = RUN_IN.match(source, at)
    if match is None:
        return 0
    words = sum(any(c.isalnum() for c in word) for word in match.group("head").split())
    return words if words <= RUN_IN_WORDS else 0


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
        count -= _run_in_head(ctx, sentence.start, sentence.block.start)
        if count > limit:
            yield ctx.finding(
                sentence.start, sentence.end,
                f"This sentence has {count} words (limit {limit}); readers lose the thread.",
                "Split it, or cut what does not carry the point.")


RULE = Rule("sentence-length", Level.WARNING, "sentences over the word limit", check,
            defaults={"max_words": MAX_WORDS}, kinds={"max_words": Whole(1, 500)})
