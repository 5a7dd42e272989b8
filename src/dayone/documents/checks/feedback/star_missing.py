"""`feedback-star-missing`: a principle's notes lack a STAR part, or hold too little to count.

A part (situation, task, action, result) is *missing* when it is empty, has no letter or digit
(``-``, ``???``), or is only a placeholder (``n/a``, ``TBD``, ``see above``, ``not discussed``…:
the whole part, ignoring case and the punctuation around it) — an error. It is *thin* when it
has fewer than ``min_words`` words (3 by default: *Fix it.*, *Find why.*; a word is a run with a
letter or digit) or, for the result, fewer than ``min_result_words`` (4: *Launched on time.*,
*Team chose Rust.* say nothing of what changed) — a warning — except a result that gives a
figure (*Saved $2M.*, *Cut it by half.*) or says what did not happen (*No downtime.*, *Zero
pages.*): that is the result, measured. The vote's reason is not a STAR part and is not read by
this rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dayone.documents.checks.feedback.parts import STAR, FeedbackContext, Part, feedback_context
from dayone.documents.checks.options import Whole, Words
from dayone.documents.checks.prose import is_number_word
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level

PLACEHOLDERS = [
    "n/a", "na", "n.a", "none", "nothing", "nil", "null", "tbd", "tbc", "todo", "to do", "xxx", "x",
    "lorem ipsum", "see above", "same as above", "as above", "same", "ditto", "see notes", "see below",
    "not discussed", "didn't discuss", "did not discuss", "not asked", "didn't ask", "did not ask",
    "didn't get to it", "did not get to it", "didn't get there", "ran out of time", "no time",
    "unknown", "idk", "not applicable", "skip", "skipped", "fill in", "fill in later", "later",
    "not covered", "no answer", "no result", "no results", "nothing to add", "same as situation",
    "same as task", "same as action", "see situation", "see task", "see action", "see result", "no idea",
    "not sure", "unclear", "?", "-",
]
WORD = re.compile(r"[^\W_]")
EDGES = " \t\r\n.,;:!?-–—*_()[]{}<>\"'“”‘’`/\\|#~"
FIGURE = re.compile(r"\d")
NOTHING_HAPPENED = re.compile(r"^\W*(?:no|zero|none\s+of|never|nobody|not\s+(?:one|a\s+single))\b", re.I)
FIX = {
    "situation": "Write the context the candidate described: where, when, and what was at stake.",
    "task": "Write what the candidate was responsible for, or was asked to achieve.",
    "action": "Write the steps the candidate took themselves, in their words where you can.",
    "result": "Write the outcome the candidate gave, with its number (what changed, and by how much); "
              "if you did not get to it, say so in the vote's reason.",
}


def words(text: str) -> list[str]:
    """The words of a text: runs between spaces with at least one letter or digit."""
    return [w for w in text.split() if WORD.search(w)]


def bare(text: str) -> str:
    """A part as placeholders are compared: lower case, spaces folded, punctuation around it dropped."""
    return " ".join(text.lower().replace("’", "'").split()).strip(EDGES)


def _measured(found: list[str], text: str) -> bool:
    """Whether a short result is measured: a figure, in digits or words, or nothing happened."""
    return bool(FIGURE.search(text) or NOTHING_HAPPENED.match(text)
                or any(is_number_word(w.strip(EDGES)) for w in found))


def check(ctx: Context) -> Iterator[Finding]:
    fb = feedback_context(ctx)
    placeholders = {bare(p) for p in ctx.words_option("placeholders")}
    least, result_least = int(ctx.option("min_words")), int(ctx.option("min_result_words"))
    for _principle, parts in fb.notes():
        for name in STAR:
            yield from _part(fb, parts[name], placeholders, result_least if name == "result" else least)


def _part(fb: FeedbackContext, part: Part, placeholders: set[str], least: int) -> Iterator[Finding]:
    text = part.doc.source
    found = words(text)
    if not found:
        yield fb.on(part, f"{part.label} is missing.", FIX[part.name], level=Level.ERROR)
        return
    if bare(text) in placeholders:
        yield fb.on(part, f"{part.label} is only `{' '.join(text.split())}`, a placeholder.", FIX[part.name],
                    level=Level.ERROR)
        return
    if len(found) < least and not (part.name == "result" and _measured(found, text)):
        count = f"{len(found)} word{'s' if len(found) != 1 else ''}"
        yield fb.on(part, f"{part.label} is too thin to count: {count}, fewer than {least}"
                    f"{' (or a figure)' if part.name == 'result' else ''}.", FIX[part.name])


RULE = Rule("feedback-star-missing", Level.WARNING, "a STAR part of a principle's notes missing or too thin",
            check, defaults={"min_words": 3, "min_result_words": 4, "placeholders": PLACEHOLDERS},
            doc_types=frozenset({"feedback"}),
            kinds={"min_words": Whole(1, 100), "min_result_words": Whole(1, 100), "placeholders": Words()})
