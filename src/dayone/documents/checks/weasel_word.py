"""`weasel-word`: words that sound precise but commit to nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dayone.documents.checks.options import Words
from dayone.documents.checks.prose import is_question, phrase_matches, word_after, word_before
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level

WORDS = [
    "significantly", "substantially", "many", "several", "various", "numerous", "generally",
    "usually", "typically", "often", "very", "really", "extremely", "quite", "fairly", "rather",
    "relatively", "somewhat", "nearly", "almost", "virtually", "largely", "mostly", "arguably",
    "probably", "possibly", "perhaps", "should", "could", "might", "a lot of", "lots of",
    "a number of", "a bit",
]
QUESTION_OK = {"should", "could"}
NEGATION = re.compile(r"\s*(not\b|n't)", re.I)


def _excused(text: str, start: int, end: int, word: str, question: bool) -> bool:
    before = word_before(text, start).lower()
    after = word_after(text, end).lower()
    if word in ("many", "often", "much") and before == "how":
        return True
    if question and word in QUESTION_OK:
        return True
    if word == "could" and NEGATION.match(text, end):
        return True
    if word == "very" and after.strip(",.") in {"first", "last", "same", "beginning", "end",
                                                   "top", "bottom", "least", "best"}:
        return True
    return word == "rather" and after == "than"


def check(ctx: Context) -> Iterator[Finding]:
    words = ctx.words_option("words")
    for sentence in ctx.doc.prose:
        question = is_question(sentence)
        for start, end, word in phrase_matches(sentence, words):
            if _excused(sentence.text, start, end, word, question):
                continue
            yield ctx.finding(
                sentence.start + start, sentence.start + end,
                f"`{ctx.quote(sentence.start + start, sentence.start + end)}` sounds precise but "
                "commits to nothing.",
                "Replace it with the number or the fact it stands for, or delete it.")


RULE = Rule("weasel-word", Level.WARNING, "words that commit to nothing", check,
            defaults={"words": WORDS}, kinds={"words": Words()})
