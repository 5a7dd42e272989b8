"""Small facts about a sentence that several rules ask."""

from __future__ import annotations

import re
from functools import lru_cache

from dayone.documents.checks.text import Sentence

NUMBER_WORDS = set("""
zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
hundred thousand million billion trillion dozen dozens hundreds thousands millions billions
half twice double triple quadruple tenfold hundredfold quarter third fifth tenth
""".split())


def is_number_word(word: str) -> bool:
    """A number written in words: "sixty", "forty-two", "two-thirds", "fivefold"."""
    parts = [p for p in word.lower().split("-") if p]
    return bool(parts) and all(p in NUMBER_WORDS or p.rstrip("s") in NUMBER_WORDS
                               or (p.endswith("fold") and p[:-4] in NUMBER_WORDS) for p in parts)
MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
          "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
DATE = re.compile(
    rf"\b(?:(?:{MONTHS})\.?\s+\d{{1,2}}\b|\d{{1,2}}\s+(?:{MONTHS})\b|\d{{4}}-\d{{2}}(?:-\d{{2}})?|"
    rf"\b(?:19|20)\d{{2}}\b|\bQ[1-4]\b|\b(?:on|by|until|before|after)\s+(?:monday|tuesday|"
    rf"wednesday|thursday|friday|saturday|sunday)\b|\b(?:{MONTHS})\b\s+(?:19|20)\d{{2}})",
    re.I)
TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")


def tokens(sentence: Sentence) -> list[re.Match[str]]:
    return list(TOKEN.finditer(sentence.text))


def lower_words(sentence: Sentence) -> list[str]:
    return [m.group().lower().replace("’", "'") for m in TOKEN.finditer(sentence.text)]


def has_number(sentence: Sentence) -> bool:
    return bool(re.search(r"\d", sentence.text)) or any(is_number_word(w) for w in lower_words(sentence))


def has_date(sentence: Sentence) -> bool:
    return bool(DATE.search(sentence.text))


def is_question(sentence: Sentence) -> bool:
    return sentence.text.rstrip("\"'”’) ").endswith("?")


@lru_cache(maxsize=256)
def _alternation(phrases: frozenset[str]) -> re.Pattern[str]:
    # longest first, so "a lot of" wins over "lot"; whitespace inside a phrase may vary
    parts = sorted(phrases, key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, p.split())) for p in parts)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.I)


def phrase_matches(sentence: Sentence, phrases: set[str]) -> list[tuple[int, int, str]]:
    """(start, end, phrase) of each whole-word occurrence, offsets in the sentence."""
    if not phrases:
        return []
    pattern = _alternation(frozenset(phrases))
    text = sentence.text.replace("’", "'")
    return [(m.start(), m.end(), " ".join(m.group().lower().split())) for m in pattern.finditer(text)]


# Rules look at the words around a match. Slicing the sentence up to the match each
# time costs quadratic time on a long sentence, so these look only as far as they need.
WORD_LIMIT = 64  # characters: no word a rule compares with is longer


def word_before(text: str, start: int) -> str:
    """The whitespace-separated word that ends before ``start`` ("" at the beginning)."""
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    begin = end
    while begin > 0 and end - begin < WORD_LIMIT and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:end]


def word_after(text: str, end: int) -> str:
    """The whitespace-separated word that starts after ``end`` ("" at the end)."""
    begin = end
    while begin < len(text) and text[begin].isspace():
        begin += 1
    stop = begin
    while stop < len(text) and stop - begin < WORD_LIMIT and not text[stop].isspace():
        stop += 1
    return text[begin:stop]
