"""`comparative-without-baseline`: faster than what?"""

from __future__ import annotations

from collections.abc import Iterator

from dayone.documents.checks.options import Switch, Words
from dayone.documents.checks.prose import has_number, phrase_matches
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level

WORDS = [
    "faster", "slower", "better", "worse", "cheaper", "easier", "harder", "higher", "lower",
    "greater", "fewer", "less", "more", "quicker", "smaller", "larger", "bigger", "improved",
    "increased", "reduced",
]
IDIOMS = {"learn more", "once more", "no more", "any more", "more or less", "more than",
          "read more", "see more", "find out more", "no less", "more and more", "less than",
          "the more", "the less"}


def check(ctx: Context) -> Iterator[Finding]:
    words = ctx.words_option("words")
    for sentence in ctx.doc.sentences:
        matches = phrase_matches(sentence, words)
        if not matches or has_number(sentence) or " than " in f" {sentence.text.lower()} ":
            continue
        idioms = phrase_matches(sentence, IDIOMS)
        for start, end, _ in matches:
            if any(s <= start and end <= e for s, e, _ in idioms):
                continue
            yield ctx.finding(
                sentence.start + start, sentence.start + end,
                f"`{ctx.quote(sentence.start + start, sentence.start + end)}` compares with nothing: "
                "the reader cannot tell how much.",
                "Give the baseline and the number: \"from 41 s to 19 s\", \"30% cheaper than X\".")


# Off unless a workspace or a document switches it on: on the real-prose corpus
# (docs/writing-checker.md) 4 flags in 65 were worth the writer's time — the baseline is
# usually the sentence before, "more" mostly means "additional", and no word list tells
# those apart. Useful on a press release, where every comparison is a claim.
RULE = Rule("comparative-without-baseline", Level.WARNING, "comparatives with no baseline",
            check, defaults={"enabled": False, "words": WORDS},
            kinds={"enabled": Switch(), "words": Words()})
