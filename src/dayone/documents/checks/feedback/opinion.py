"""`feedback-opinion`: an opinion about the person where the feedback needs evidence.

Flagged, outside quotation marks (quoted words are the candidate's, kept as evidence):

- a phrase that is always a verdict on the person (``phrases``): *culture fit, not a fit, nice
  guy, good energy, strong candidate, gut feeling, rock star, people person, team player*…;
  *a good fit for the workload* is about a system and is not flagged, *a good fit for the team* is;
- a trait (``traits``: *smart, sharp, arrogant, nervous, passionate, humble, articulate*…) said
  of the candidate: after *he, she, they, the candidate, C* and *seemed, came across as, is,
  was, looked, sounded* (*she seemed very smart*); after *seemed* or *came across as* opening a
  clause (*Came across as arrogant*); before a word for a person (*a sharp guy*, *a humble
  engineer*); or standing alone in a list (*Smart, humble, hungry.*);
- liking or disliking the person (*I liked her*, *I could see him on the team*, *would love to
  work with them*);
- the person's age, accent, appearance or family (*too old*, *a young guy*, *heavy accent*,
  *well dressed*, *has kids*): an error, since none may weigh in a hiring decision.

A trait said of something else (*a smart cache*, *the sharp drop*, *the team seemed nervous*)
is no opinion about the candidate and is not flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from dayone.documents.checks.feedback.parts import Part, feedback_context
from dayone.documents.checks.options import Words
from dayone.documents.checks.prose import phrase_matches
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level

PHRASES = [
    "culture fit", "cultural fit", "culture add", "not a fit", "not the right fit", "good fit", "great fit",
    "perfect fit", "bad fit", "poor fit", "strong fit", "right fit", "natural fit", "nice guy", "nice person",
    "nice girl", "nice lady", "nice woman", "nice man", "good guy", "great guy", "good energy", "great energy",
    "positive energy", "bad energy", "low energy", "high energy", "good vibe", "good vibes", "great vibe",
    "great vibes", "bad vibe", "bad vibes", "weird vibe", "gut feeling", "gut feel", "my gut", "gut says",
    "gut check", "rockstar", "rock star", "superstar", "ninja", "10x engineer", "strong candidate",
    "weak candidate", "great candidate", "solid candidate", "good candidate", "top candidate",
    "average candidate", "likable", "likeable", "beer test", "airport test", "one of us", "people person",
    "team player", "good attitude", "bad attitude", "great attitude", "positive attitude", "negative attitude",
    "personality", "smart cookie", "wicked smart", "overqualified", "over-qualified", "good presence",
    "executive presence", "great presence", "strong presence", "commanding presence", "weak presence",
    "not hungry enough", "has the it factor", "x factor", "a natural",
    "natural leader", "born leader",
]
TRAITS = [
    "smart", "sharp", "bright", "brilliant", "intelligent", "clever", "genius", "arrogant", "cocky",
    "abrasive", "personable", "charismatic", "confident", "insecure", "nervous", "shy", "awkward",
    "introverted", "extroverted", "lazy", "passionate", "humble", "polished", "articulate", "well-spoken",
    "friendly", "pleasant", "nice", "enthusiastic", "energetic", "genuine", "authentic", "mature",
    "immature", "aggressive", "pushy", "intense", "quiet", "soft-spoken", "bubbly", "warm", "cold", "weird",
    "odd", "driven", "hungry", "motivated", "eager", "sloppy", "impressive", "defensive", "condescending",
    "rude", "kind", "funny", "charming", "cool", "stiff", "chill", "laid-back", "sweet", "capable",
    "competent", "incompetent", "strong", "weak", "solid", "great", "good", "bad", "awesome", "amazing",
    "decent", "mediocre", "average", "likable", "likeable", "engaging", "boring", "dull", "curious",
    "thoughtful", "detail-oriented", "high-energy", "low-energy", "scrappy", "gritty", "coachable",
]
# words that name the candidate as a subject, and the verbs that describe them
SUBJECT = r"(?:he|she|they|the\s+candidate|candidate|c)"
LINK = (r"(?:seemed|seems|seem|came\s+across\s+as|comes\s+across\s+as|come\s+across\s+as|is|was|were|are|"
        r"'s|looked|looks|appeared|appears|felt|sounded|sounds|struck\s+me\s+as|strikes\s+me\s+as)")
IMPRESSION = r"(?:seemed|seems|came\s+across\s+as|comes\s+across\s+as|struck\s+me\s+as|appeared)"
DEGREE = (r"(?:(?:a|an|very|really|quite|super|so|extremely|a\s+bit|a\s+little|pretty|kind\s+of|sort\s+of|"
          r"genuinely|incredibly|clearly|obviously|definitely|somewhat|rather|overly|too|such\s+a|like|"
          r"generally|overall|just|honestly|not),?\s+){0,4}")  # at most four: a long run costs nothing
PERSON = (r"(?:guy|person|woman|man|girl|lady|individual|engineer|candidate|communicator|personality|dude|"
          r"hire|kid|gal|fellow|pm|manager|seller|leader|human|people\s+person)s?")
LIKING = re.compile(
    r"\bi\s+(?:really\s+|just\s+|genuinely\s+|personally\s+)?(?:liked|like|loved|love|enjoyed|didn't\s+like|"
    r"did\s+not\s+like|don't\s+like|do\s+not\s+like|disliked)\s+(?:her|him|them|the\s+candidate|"
    r"this\s+candidate|this\s+person|this\s+guy|talking\s+to\s+(?:her|him|them))\b"
    r"|\bi\s+(?:can|could)\s+(?:totally\s+|really\s+)?(?:see|picture)\s+(?:her|him|them)\s+"
    r"(?:here|fitting|on|in|as|being|working|thriving|at)\b"
    r"|\b(?:would|wouldn't|'d)\s+(?:love|like|want|enjoy)\s+to\s+work\s+with\s+(?:her|him|them)\b"
    r"|\bnot\s+someone\s+i'd\b|\bi\s+(?:just\s+)?(?:don't|do\s+not)\s+see\s+(?:her|him|them)\s+(?:here|on|fitting|as)\b"
    r"|\bi\s+was\s+(?:very\s+|really\s+|quite\s+)?(?:impressed|not\s+impressed|unimpressed)\b"
    r"|\b(?:her|his|their|the\s+candidate's)\s+(?:energy|attitude|vibe|demeanou?r|presence|personality|charm)\b",
    re.I)
PROTECTED = re.compile(
    rf"\b{SUBJECT}\s+{LINK}\s+{DEGREE}(?:old|young|older|younger|elderly|pretty|handsome|attractive|"
    r"overweight|pregnant|married|foreign)\b"
    r"|\b(?:older|younger|young|old|elderly)\s+(?:guy|person|woman|man|candidate|lady|gentleman|engineer|"
    r"dude|girl|boy|kid)\b"
    r"|\bat\s+(?:his|her|their)\s+age\b|\bdigital\s+native\b|\b\d\d[- ]year[- ]old\b|\b(?:close|near)\s+to\s+"
    r"retirement\b|\b(?:gr[ae]y|white)\s+hair\b|\b(?:his|her|their)\s+(?:hair|age|looks|appearance|"
    r"clothes|outfit|weight|accent|english|wife|husband|spouse|kids|children|religion)\b"
    r"|\b(?:heavy|thick|strong|foreign|slight|noticeable|an)\s+accent\b(?!\s+colou?r)|\bbroken\s+english\b"
    r"|\bnon-native\b|\bnative\s+(?:english\s+)?speaker\b|\bhard\s+to\s+understand\s+(?:her|him|them)\b"
    r"|\bwell[- ]dressed\b|\bgood[- ]looking\b|\b(?:wore|wearing|in)\s+a\s+suit\b"
    r"|\b(?:has|have|with)\s+(?:young\s+|small\s+|little\s+)?(?:kids|children|a\s+family)\b"
    r"|\bmaternity\s+leave\b|\bpregnant\b|\b(?:single\s+)?(?:mom|mum|mother|dad|father|parent)\s+of\s+(?:one|two|three|"
    r"four|five|\d|young|small|little)\b|\bsingle\s+(?:mom|mum|mother|dad|father|parent)\b",
    re.I)
BOUNDARY = r"(?:^|[.;:!?,(—–]|\band|\bbut)\s*"


# praise or blame that may describe an answer as well as a person ("Outcome: good."): an
# opinion of the person only after a subject or before a word for a person, never alone
GENERIC = {"strong", "weak", "solid", "great", "good", "bad", "awesome", "amazing", "decent", "mediocre",
           "average", "impressive", "cool", "capable", "competent", "quiet", "cold", "warm", "kind", "odd"}


def _alternation(words: set[str]) -> str:
    names = "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))
    return f"(?:{names})" if names else r"(?!x)x"


@lru_cache(maxsize=64)
def _trait_pattern(traits: frozenset[str]) -> re.Pattern[str]:
    # "kind of", "sort of": a hedge, not the trait
    trait = _alternation(set(traits)) + r"(?!\s+of\b)"
    alone = _alternation(set(traits) - GENERIC) + r"(?!\s+of\b)"
    return re.compile(
        rf"\b{SUBJECT}\s+{LINK}\s+{DEGREE}{trait}(?![\w-])"
        rf"|{BOUNDARY}{IMPRESSION}\s+{DEGREE}{trait}(?![\w-])"
        rf"|\b(?:a|an|such\s+a|very|really|super)\s+{DEGREE}{trait}\s+{PERSON}\b"
        rf"|(?:^|[.;:!?,])\s*{DEGREE}{alone}\s*(?=,|\.|;|\band\b|$|(?:at\s+times|but|though|overall|in\s+the\s+"
        r"interview)\b)",
        re.I)


FIT_FOR = re.compile(r"\s+for\s+(?!(?:the\s+|our\s+|this\s+)?(?:team|us|role|company|org|organi[sz]ation|"
                     r"culture|here|group|position|job\s+at)\b)", re.I)


def spans(part: Part, phrases: set[str], traits: set[str]) -> list[tuple[int, int, bool]]:
    """(start, end, protected) of each opinion in a part, offsets in its text, quotes left out."""
    found: list[tuple[int, int, bool]] = []
    trait_pattern = _trait_pattern(frozenset(traits)) if traits else None
    for sentence in part.doc.prose:
        text = sentence.text.replace("’", "'")
        hits: list[tuple[int, int, bool]] = []
        for start, end, phrase in phrase_matches(sentence, phrases):
            if phrase.endswith("fit") and FIT_FOR.match(text, end):
                continue  # "a good fit for the workload": said of a system
            hits.append((start, end, False))
        patterns = [(LIKING, False), (PROTECTED, True)]
        if trait_pattern is not None:
            patterns.append((trait_pattern, False))
        for pattern, protected in patterns:
            for m in pattern.finditer(text):
                start = m.start() + len(m.group()) - len(m.group().lstrip(" \t\n.;:!?,(—–"))
                if pattern is trait_pattern:
                    start = _after_boundary(text, m.start(), m.end())
                hits.append((start, m.end(), protected))
        for start, end, protected in hits:
            if end > start and not part.in_quote(sentence.start + start, sentence.start + end):
                found.append((sentence.start + start, sentence.start + end, protected))
    return _merged(found)


def _after_boundary(text: str, start: int, end: int) -> int:
    """Where a trait match's words begin, past the boundary it opened with (", and smart")."""
    chunk = text[start:end]
    leading = re.match(r"(?:[\s.;:!?,(—–]|and\b|but\b)*", chunk, re.I)
    return start + (leading.end() if leading else 0)


def _merged(found: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    merged: list[tuple[int, int, bool]] = []
    for start, end, protected in sorted(found):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2] or protected)
        else:
            merged.append((start, end, protected))
    return merged


def check(ctx: Context) -> Iterator[Finding]:
    fb = feedback_context(ctx)
    phrases, traits = ctx.words_option("phrases"), ctx.words_option("traits")
    for part in fb.parts:
        for start, end, protected in spans(part, phrases, traits):
            words = " ".join(part.doc.source[start:end].split())
            if protected:
                yield fb.at(part, start, end,
                            f"{part.label[0].upper()}{part.label[1:]}: `{words}` is about the person's age, "
                            "accent, appearance or family, which may not weigh in a hiring decision.",
                            "Delete it; write what the candidate said or did.", level=Level.ERROR)
            else:
                yield fb.at(part, start, end,
                            f"{part.label[0].upper()}{part.label[1:]}: `{words}` is an opinion about the "
                            "person, not evidence.",
                            "Write what the candidate said or did that made you think so: quote them, or "
                            "name the action and its result.")


RULE = Rule("feedback-opinion", Level.WARNING, "opinions about the person instead of evidence", check,
            defaults={"phrases": PHRASES, "traits": TRAITS}, doc_types=frozenset({"feedback"}),
            kinds={"phrases": Words(), "traits": Words()})
