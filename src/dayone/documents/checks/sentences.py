"""Where sentences end in a run of prose, as people write it.

A full stop, question or exclamation mark (with any closing quote or bracket) before a
space ends a sentence, unless the word before it is an abbreviation that goes on:

- Latin abbreviations (*e.g.*, *i.e.*, *vs.*) never end one; titles and the like (*Mr.*,
  *Dr.*, *St.*, *U.S.*, *approx.*) only before a word that opens sentences (*in the U.S.
  The EU follows*); *Ms.* ends one after a number, where it is milliseconds (*180 ms.*);
- *No.*, *Fig.*, *Rs.*, a month (*Jan.*) go on before a number (*No. 5*) and end a
  sentence before a capital (*No. The plan…*), as do *etc.*, *Inc.*, *Ltd.* and *a.m.*;
- a single letter is an initial (*John A. Smith*), except after a label (*Appendix A.*,
  *Option B.*), as a unit after a number (*2 s.*) or before a word that opens sentences,
  where it ends the sentence before a capital.

A full stop before a word in lower case never ends a sentence (*approx. three*). An
ellipsis (``...``, ``…`` or ``. . .``) ends one only before a capital letter.

Hand-written rules rather than a library splitter: they are exact about offsets, and
take a few microseconds per sentence on documents of megabytes.
"""

from __future__ import annotations

import re

SENTENCE_END = re.compile(r"(?:\.{2,}|…|(?<![.!?])[.!?]+)[\"'”’)\]]*(?=\s|$)")
CLOSERS = "\"'”’)]"
OPENERS = "\"'“‘([*_"
# abbreviations that never end a sentence: a name or a number follows them
GOES_ON = {"e.g", "i.e", "vs", "cf", "viz", "approx", "mr", "mrs", "dr", "prof", "st", "u.s",
           "u.k", "ca", "jr", "sr", "mt", "ft", "gen", "gov", "sen", "rep", "capt", "lt", "sgt"}
# abbreviations that end a sentence before a capital letter and go on before anything else
BEFORE_NUMBER = {"no", "nos", "fig", "figs", "vol", "p", "pp", "ch", "art", "sec", "rs", "jan", "feb",
                 "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
MAY_END = {"etc", "inc", "ltd", "co", "corp", "llc", "plc", "est", "dept", "a.m", "p.m", "al"}
ABBREVIATIONS = GOES_ON | BEFORE_NUMBER | MAY_END | {"ms"}
# words after which a single letter is a name (Appendix A), not an initial
LABELS = {"appendix", "appendices", "exhibit", "annex", "schedule", "attachment", "option",
          "plan", "part", "section", "table", "figure", "step", "phase", "grade", "class",
          "type", "tier", "version", "level", "group", "team", "site", "building", "zone",
          "room", "block", "row", "column", "item", "point", "scenario", "model", "series",
          "question", "variant", "arm", "cohort", "track", "stage", "wave", "gate", "floor",
          "vitamin", "region", "area", "sheet", "tab", "unit", "lot"}
NUMBER = re.compile(r"\d[\d,.]*$")
# words that open a sentence: after them even "U.S." or an initial ends the one before
STARTERS = {"the", "we", "it", "this", "that", "these", "those", "our", "they", "there", "in", "next",
            "then", "a", "an", "he", "she", "i", "you", "after", "before", "when", "but", "and", "so",
            "today", "each", "every", "its", "their", "his", "her", "my", "your", "for", "if"}
LATIN = {"e.g", "i.e", "vs", "cf", "viz"}


def _next_char(text: str, end: int) -> str:
    """The first letter or digit after ``end`` ("" at the end), past spaces and openers."""
    i = end
    limit = min(len(text), end + 64)
    while i < limit and (text[i].isspace() or text[i] in OPENERS):
        i += 1
    return text[i] if i < len(text) and text[i].isalnum() else ("" if i >= len(text) else text[i])


def _next_word(text: str, end: int) -> str:
    words = text[end:end + 40].split(None, 1)
    return words[0].strip(OPENERS + CLOSERS + ",;:").lower() if words else ""


def ends_sentence(text: str, start: int, mark: str, end: int) -> bool:
    """Whether the punctuation ``mark`` found at ``start`` (its run, closers included, up to
    ``end``) ends a sentence of ``text``."""
    bare = mark.rstrip(CLOSERS)
    after = _next_char(text, end)
    if bare == "." and after == ".":
        return False  # inside a spaced ellipsis ". . ."
    spaced = bare == "." and text[max(0, start - 2):start] == ". "
    if bare in ("…",) or (len(bare) > 1 and set(bare) == {"."}) or spaced:
        return after == "" or after.isupper()  # an ellipsis goes on in lower case
    if bare != ".":
        return True
    if after and after.islower():
        return False
    words = text[max(0, start - 80):start].split()
    if not words:
        return True
    word = words[-1].lstrip(OPENERS).lower()
    stem = word.rstrip(".")
    before = words[-2].lower().strip(OPENERS + CLOSERS + ",;:") if len(words) > 1 else ""
    if stem == "ms":
        return bool(NUMBER.search(before)) and (after == "" or after.isupper())
    if stem in GOES_ON:
        return stem not in LATIN and _next_word(text, end) in STARTERS  # "in the U.S. The"
    if stem in BEFORE_NUMBER:
        return after == "" or after.isupper()
    if stem in MAY_END:
        return after == "" or after.isupper()
    if len(stem) == 1 and stem.isalpha():  # Appendix A. / 2 s. / J. Smith
        unit = bool(NUMBER.search(before)) and words[-1].lstrip(OPENERS)[:1].islower()  # "2 s."
        named = before in LABELS or unit or _next_word(text, end) in STARTERS
        return named and (after == "" or after.isupper())
    return True


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of ``text`` that is one sentence, without leading or
    trailing spaces; runs with no letter or digit are left out."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for match in SENTENCE_END.finditer(text):
        if not ends_sentence(text, match.start(), match.group(), match.end()):
            continue
        _add(spans, text, begin, match.end())
        begin = match.end()
    _add(spans, text, begin, len(text))
    return spans


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped or not any(c.isalnum() for c in stripped):
        return
    lead = len(chunk) - len(chunk.lstrip())
    spans.append((start + lead, start + lead + len(stripped)))
