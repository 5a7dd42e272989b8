"""`weasel-word`: words that sound precise but commit to nothing.

A word on the list is no hedge in a sense that commits: *generally available* (a release
state) and *generally accepted*; *fairly* and *really* at the end of a clause (*we pay
drivers fairly*: justly); *would rather*, *rather than*, *or rather* (a preference, a
correction); *as many as 4,000* (a number); *Should demand pass 500, …* (a condition);
*the very process* (the very + a noun: exactly that one); *how many*, *how often*;
*should* and *could* in a question, *could not*; *nearly* or *almost* before a number (*nearly
300 members*, *nearly a decade*: a rounded figure, given); *relatively* where the sentence
names what it is relative to (*than*, *while*, *although*, *compared*…); *significantly*
or *substantially* after a negation or a condition in its clause (*does not substantially
change*, *without significantly impacting*, *if the feature substantially changes*: no size
is claimed)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dayone.documents.checks.options import Words
from dayone.documents.checks.prose import is_question, phrase_matches, word_after, word_before
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level

# The default list holds the words that hedge a size or a likelihood the reader needs
# (significantly, probably): on the real-prose corpus (docs/writing-checker.md) four flags
# in five were worth the writer's time. MORE_WORDS are vague in some senses only — the
# modals (should advises, could and might describe an option), intensifiers in
# description (very different), counts followed by their list (a number of downsides:) —
# and flagged them at 0.07: a workspace adds them with `extra_words`. So are the words that
# mark a possibility or an opinion (possibly, perhaps, arguably, virtually): design documents
# must name options and risks (*possibly via polling*, *could possibly exploit*), and on 29
# documents 3 of their 14 flags were worth a rewrite.
WORDS = [
    "significantly", "substantially", "relatively", "probably", "nearly",
]
MORE_WORDS = [
    "possibly", "perhaps", "arguably", "virtually",
    "many", "several", "various", "numerous", "generally", "usually", "typically", "often",
    "very", "really", "extremely", "quite", "fairly", "rather", "somewhat", "almost", "largely",
    "mostly", "should", "could", "might", "a lot of", "lots of", "a number of", "a bit",
]
QUESTION_OK = {"should", "could"}
NEGATION = re.compile(r"\s*(not\b|n't)", re.I)
TERMS = {("generally", "available"), ("generally", "accepted"), ("generally", "availability")}
MANNER = {"fairly", "really", "virtually"}  # at a clause's end they say how, not how much
# "fairly priced": how it is done, not how much
FAIRLY_DONE = {"priced", "paid", "treated", "compensated", "distributed", "shared", "allocated", "split",
               "divided", "rewarded", "judged", "evaluated", "assessed", "represented", "reviewed"}
STATISTICS = re.compile(r"\bp\s*[<=≤]\s*0?\.\d|\bstatistically\b", re.I)
CLAUSE_END = re.compile(r"\s*(?:[.,;:!?)\]\"”’—–]|$|(?:and|or|but|so|because|when|if|as|to|in|on|at|for|with|"
                        r"by|from|under|over)\b)", re.I)
DETERMINERS = {"the", "this", "that", "these", "those", "its", "their", "our", "his", "her", "your", "my"}
# after "the very", a word that is likely an adjective keeps "very" an intensifier
ADJECTIVE_END = ("ful", "ous", "ive", "able", "ible", "less", "ly", "est", "ic", "ish")
ADJECTIVES = set("""
good bad big small large high low long short fast slow new old early late hard easy clear strong
weak few many much well important real simple complex busy cheap dear deep wide narrow rich poor
young quick slight great little different difficult expensive popular common rare recent happy
""".split())
NUMBER_NEXT = re.compile(r"\s*[$€£¥₹]?\d")
NUMBER_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
                r"fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|half|dozen|a\s+third|"
                r"a\s+quarter|(?:a|an)\s+(?:hundred|thousand|million|billion|dozen|decade|century|year|month|"
                r"week|day|hour|minute|second|mile|kilometre|kilometer)s?")
# "nearly 300", "almost a decade": a rounded figure, and the figure is given
FIGURE_NEXT = re.compile(rf"\s*(?:[$€£¥₹]?\d|(?:{NUMBER_WORDS})\b)", re.I)
APPROXIMATE = {"nearly", "almost"}
# "relatively small …, while CDK covers the whole set": the comparison is in the sentence
COMPARED = re.compile(r"\b(?:than|compared|comparison|relative\s+to|while|whereas|although|though|unlike|"
                      r"versus|vs)\b", re.I)
SIZES = {"significantly", "substantially"}
# in its clause after a negation or a condition, a size word claims no size: "does not
# substantially change", "without significantly impacting", "if the feature substantially changes"
NO_CLAIM = re.compile(r"\b(?:not|never|without|no|if|unless|whether)\b|n't\b", re.I)
CLAUSE_BREAK = re.compile(r"[,;:—–()]|\s-\s")


def _excused(text: str, start: int, end: int, word: str, question: bool) -> bool:
    before = word_before(text, start).lower()
    after = word_after(text, end).lower()
    if word in ("many", "often", "much") and before == "how":
        return True
    if question and word in QUESTION_OK:
        return True
    if word == "could" and NEGATION.match(text, end):
        return True
    bare_after = after.strip(",.;:!?\"'”’")
    if word == "very" and bare_after in {"first", "last", "same", "beginning", "end",
                                        "top", "bottom", "least", "best"}:
        return True
    if word == "very" and before in DETERMINERS and bare_after.isalpha() and not (
            bare_after in ADJECTIVES or bare_after.endswith(ADJECTIVE_END)):
        return True  # "the very process": the very + a noun
    if (word, bare_after) in TERMS:
        return True
    if word in MANNER and CLAUSE_END.match(text, end):
        return True
    if word == "fairly" and bare_after in FAIRLY_DONE:
        return True
    if word in APPROXIMATE and FIGURE_NEXT.match(text, end):
        return True
    if word == "relatively" and COMPARED.search(text):
        return True
    if word in SIZES and NO_CLAIM.search(CLAUSE_BREAK.split(text[max(0, start - 80):start])[-1]):
        return True
    if word == "significantly" and STATISTICS.search(text):
        return True  # a test's result: "rose significantly (p = 0.01)"
    if word == "rather" and (after == "than" or before in ("would", "'d", "or") or before.endswith("'d")):
        return True
    if word in ("many", "much") and before == "as" and text[end:end + 4].lower() == " as " \
            and NUMBER_NEXT.match(text, end + 3):
        return True  # "as many as 4,000"
    # a condition: "Should demand pass 500, we add a shift", "…, should demand pass 500"
    return word == "should" and not question and (start == 0 or text[:start].rstrip().endswith((",", ";")))


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
