"""`feedback-weasel-word`: hedges that blur the evidence in interview notes.

The list is the document rule's (`weasel-word`: *significantly, substantially, relatively,
probably, nearly*, with the same exceptions, such as *nearly 300 users*) and the hedges
interviewers write: *seemed, kind of, sort of, maybe, I think maybe, I guess, I feel like,
possibly, perhaps, somewhat, fairly, quite, pretty (good), pretty much, more or less, to some
extent, a bit, a little, apparently, supposedly, presumably*. A workspace adds words with
`extra_words` or lets some pass with `allow`, as for documents.

Not flagged: words in quotation marks (the candidate's own, kept as evidence); *seem* said of
something in the candidate's story (*the dashboard seemed fine*) — it is flagged said of the
candidate (*she seemed to own it*, *it seemed like he drove it*, *Seemed unsure* opening a
clause); *kind of* and *sort of* after a determiner (*what kind of queue*); *a bit of*, *a
little of*; *pretty* not before a word that describes (*a pretty chart*); and the words of an
opinion that `feedback-opinion` reports (*seemed smart*), which would be said twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dayone.documents.checks import weasel_word
from dayone.documents.checks.feedback import opinion
from dayone.documents.checks.feedback.parts import Part, feedback_context
from dayone.documents.checks.options import Words
from dayone.documents.checks.prose import is_question, phrase_matches, word_after, word_before
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level

HEDGES = [
    "seemed", "seems", "seem", "seemingly", "kind of", "sort of", "maybe", "i think maybe", "i guess",
    "i feel like", "possibly", "perhaps", "somewhat", "fairly", "quite", "pretty", "pretty much",
    "more or less", "to some extent", "a bit", "a little", "apparently", "supposedly", "presumably",
]
WORDS = [*weasel_word.WORDS, *HEDGES]
SEEM = {"seemed", "seems", "seem", "seemingly"}
SUBJECTS = {"he", "she", "they", "candidate", "c", "cand", "who"}
SEEM_OF_PERSON = re.compile(r"\s+(?:like|as\s+if|as\s+though|that|to\s+me\s+(?:like|that))\s+"
                            r"(?:he|she|they|the\s+candidate|c)\b", re.I)
CLAUSE_START = re.compile(r"(?:^|[.;:!?(—–,]|\band|\bbut)\s*$", re.I)
DETERMINERS = {"what", "the", "a", "an", "this", "that", "which", "any", "some", "every", "each", "same",
               "no", "one", "other", "another", "right", "wrong", "these", "those", "whatever", "their", "her",
               "his", "my", "our", "your", "its"}
DESCRIBING = {"much", "sure", "well", "clear", "vague", "thin", "shallow", "deep", "high", "low", "basic",
              "standard", "typical", "confident", "certain", "close", "far", "quickly", "fast", "slow", "late",
              "early", "light", "heavy", "generic", "surface-level", "hand-wavy"}


def _excused(text: str, start: int, end: int, word: str, question: bool) -> bool:
    before = word_before(text, start).lower().strip(",;:(\"'“‘")
    after = word_after(text, end).lower().strip(",.;:!?)\"'”’")
    if word in SEEM:
        said_of_person = (before in SUBJECTS or bool(CLAUSE_START.search(text[max(0, start - 8):start]))
                          or (before == "it" and bool(SEEM_OF_PERSON.match(text, end))))
        return not said_of_person
    if word in ("kind of", "sort of"):
        return before in DETERMINERS
    if word in ("a bit", "a little"):
        return after in ("of", "more", "less", "later", "earlier") or after.endswith("er")
    if word == "pretty":
        return not (after in DESCRIBING or after in opinion.TRAITS or after in weasel_word.ADJECTIVES
                    or after.endswith(weasel_word.ADJECTIVE_END))
    if word in weasel_word.WORDS or word in ("fairly", "possibly", "perhaps"):
        return weasel_word._excused(text, start, end, word, question)
    return False


def spans(part: Part, words: set[str], opinions: list[tuple[int, int, bool]]) -> list[tuple[int, int]]:
    """(start, end) of each hedge in a part, offsets in its text."""
    found: list[tuple[int, int]] = []
    for sentence in part.doc.prose:
        question = is_question(sentence)
        text = sentence.text.replace("’", "'")
        for start, end, word in phrase_matches(sentence, words):
            at, to = sentence.start + start, sentence.start + end
            if part.in_quote(at, to) or any(s <= at < e for s, e, _ in opinions):
                continue
            if not _excused(text, start, end, word, question):
                found.append((at, to))
    return found


def check(ctx: Context) -> Iterator[Finding]:
    fb = feedback_context(ctx)
    words = ctx.words_option("words")
    opinions_on = opinion.RULE.code in fb.enabled
    said = fb.other(opinion.RULE)  # the opinions as the workspace set them
    phrases, traits = said.words_option("phrases"), said.words_option("traits")
    for part in fb.parts:
        opinions = opinion.spans(part, phrases, traits) if opinions_on else []
        for start, end in spans(part, words, opinions):
            quoted = " ".join(part.doc.source[start:end].split())
            yield fb.at(part, start, end,
                        f"{part.label[0].upper()}{part.label[1:]}: `{quoted}` hedges the evidence.",
                        "Write what the candidate said or did, plainly; if you are not sure, say what you "
                        "did not hear or ask.")


RULE = Rule("feedback-weasel-word", Level.WARNING, "hedges that blur the evidence in interview notes", check,
            defaults={"words": WORDS}, doc_types=frozenset({"feedback"}), kinds={"words": Words()})
