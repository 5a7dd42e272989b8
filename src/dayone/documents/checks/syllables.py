"""Syllables of English words and numbers, as the readability formulas count them.

A word is looked up among the words of the CMU Pronouncing Dictionary where a short rule
(vowel groups, less a silent final *e* or *-ed*) gives another count: `syllables.txt`
beside this module holds those ~15,000 words, derived from the dictionary by
``scripts/build_syllables.py`` (its licence is in `syllables-LICENSE.txt`). Loading the
whole dictionary takes 0.6 to 3 s; this table a few milliseconds, once, when a document's
readability is first measured. A word the dictionary lacks is counted by the rule.

Numbers count as they are read: *2027* is "two thousand twenty-seven" (7), *4.6* is
"four point six" (3), *58%* adds "per cent" (2).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

VOWELS = re.compile(r"[aeiouy]+")
SILENT_END = re.compile(r"(?:[^laeiouy]es|[^laeiouytd]ed|[^laeiouy]e)$")
ONES = (2, 1, 1, 1, 1, 1, 1, 2, 1, 1)  # zero … nine
TEENS = (1, 3, 1, 2, 2, 2, 2, 3, 2, 2)  # ten … nineteen
TENS = (0, 0, 2, 2, 2, 2, 2, 3, 2, 2)  # twenty … ninety
SCALES = (2, 2, 2, 2)  # thousand, million, billion, trillion
SYMBOLS = {"%": 2, "‰": 3, "$": 2, "€": 2, "£": 1, "¥": 1, "₹": 2}


def by_rule(word: str) -> int:
    """Vowel groups, less a silent final e, -es or -ed (but -ted and -ded are syllables)."""
    w = word.lower().strip("'’")
    if not w:
        return 0
    if len(w) <= 3:
        return 1
    w = SILENT_END.sub("", w)
    w = re.sub(r"^y", "", w)
    return max(1, len(VOWELS.findall(w)))


@lru_cache(maxsize=1)
def _table() -> dict[str, int]:
    found: dict[str, int] = {}
    text = resources.files(__package__).joinpath("syllables.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        count, _, words = line.partition(":")
        if count.strip().isdigit():
            found.update(dict.fromkeys(words.split(), int(count)))
    return found


@lru_cache(maxsize=20000)
def syllables(word: str) -> int:
    """Syllables of a word of letters (and apostrophes)."""
    w = word.lower().replace("’", "'").strip("'")
    if not w:
        return 0
    found = _table().get(w)
    return found if found is not None else by_rule(w)


def _below_thousand(n: int) -> int:
    hundreds, rest = divmod(n, 100)
    count = ONES[hundreds] + 2 if hundreds else 0
    if rest >= 20:
        count += TENS[rest // 10] + (ONES[rest % 10] if rest % 10 else 0)
    elif rest >= 10:
        count += TEENS[rest - 10]
    elif rest or not hundreds:
        count += ONES[rest]
    return count


def number_syllables(token: str) -> int:
    """Syllables of a number as it is read aloud: "2,027.5%" → 'two thousand twenty-seven
    point five per cent'."""
    digits = token.replace(",", "")
    whole, _, fraction = digits.partition(".")
    count = SYMBOLS.get(token[-1], 0) + SYMBOLS.get(token[0], 0)
    whole = "".join(c for c in whole if c.isdigit())
    fraction = "".join(c for c in fraction if c.isdigit())
    if len(whole) > 15:  # past trillions people read digits
        count += sum(ONES[int(c)] for c in whole)
    elif whole:
        n = int(whole)
        groups = []
        while n:
            n, group = divmod(n, 1000)
            groups.append(group)
        count += sum(_below_thousand(g) + (SCALES[i - 1] if i else 0)
                     for i, g in enumerate(groups) if g) or ONES[0]
    if fraction:
        count += 1 + sum(ONES[int(c)] for c in fraction)  # "point" and each digit
    return count
