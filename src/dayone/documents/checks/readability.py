"""`readability`: Flesch–Kincaid grade and reading ease, and the hardest paragraphs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from dayone.documents.checks.options import Amount
from dayone.documents.checks.rule import Context, Rule
from dayone.documents.checks.syllables import number_syllables, syllables
from dayone.documents.checks.text import Doc, Sentence
from dayone.findings import Finding, Level

__all__ = ["Readability", "document_readability", "measure", "syllables"]


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int

    # The formulas hold on their scales: a grade below 0 (a text of one-syllable words in
    # two-word sentences) is grade 0, and reading ease runs from 0 to 100.
    @property
    def grade(self) -> float:
        if not self.words or not self.sentences:
            return 0.0
        return max(0.0, 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59)

    @property
    def ease(self) -> float:
        if not self.words or not self.sentences:
            return 100.0
        ease = 206.835 - 1.015 * self.words / self.sentences - 84.6 * self.syllables / self.words
        return min(100.0, max(0.0, ease))


LETTERS = re.compile(r"[A-Za-z'’]+|[$€£¥₹]?\d[\d,.]*%?")


@lru_cache(maxsize=20000)
def _syllables(part: str) -> int:
    return number_syllables(part.rstrip(".,")) if not part[0].isalpha() and part[0] not in "'’" else syllables(part)


def measure(sentences: list[Sentence]) -> Readability:
    words = sum(len(s.words) for s in sentences)
    total = sum(_syllables(w) for s in sentences for w in LETTERS.findall(s.text))
    return Readability(words, len(sentences), total)


def document_readability(doc: Doc) -> Readability:
    """Of the body (the appendix apart); computed once per document."""
    cached: Readability | None = getattr(doc, "_readability", None)
    if cached is None:
        cached = measure([s for s in doc.sentences if not s.block.in_appendix])
        doc._readability = cached  # type: ignore[attr-defined]
    return cached


def check(ctx: Context) -> Iterator[Finding]:
    body = [s for s in ctx.doc.sentences if not s.block.in_appendix]
    overall = document_readability(ctx.doc)
    limit = float(ctx.option("max_grade"))
    if overall.words < 30 or overall.grade <= limit:
        return
    paragraphs: dict[int, list[Sentence]] = {}
    for sentence in body:
        paragraphs.setdefault(sentence.block.start, []).append(sentence)
    measured = [(measure(group), group) for group in paragraphs.values()]
    scored = sorted(((m.grade, group) for m, group in measured if m.words >= 15),
                    key=lambda pair: -pair[0])[:3]
    hardest = ", ".join(f"line {ctx.doc.position(group[0].start)[0]} (grade {grade:.1f})"
                        for grade, group in scored)
    yield ctx.at_line(
        ctx.doc.position(ctx.doc.body_start)[0],
        f"Reading grade {overall.grade:.1f} (Flesch–Kincaid; reading ease {overall.ease:.0f}) is above "
        f"{limit:g}. Hardest paragraphs: {hardest}.",
        "Shorten sentences and prefer short words in the hardest paragraphs.")


RULE = Rule("readability", Level.SUGGESTION, "Flesch–Kincaid grade and reading ease", check,
            defaults={"max_grade": 12}, kinds={"max_grade": Amount(0, 30)})
