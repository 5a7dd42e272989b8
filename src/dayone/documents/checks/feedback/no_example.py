"""`feedback-no-example`: a principle's action names no step the candidate took themselves.

The action part counts as a concrete example when one of its clauses has the candidate as the
one acting:

- a personal subject — *I* (the candidate's words, quoted or near-verbatim), *he*, *she*, *they*
  (when the part names no group: *we*, *the team*…), *the candidate*, *C* — then, past any
  adverbs (*then, also, personally, quickly*…), a verb that is not a hedge: not *would, could,
  might, should, can, will*, not a habit (*always, usually, typically, often*), not an opinion
  or a wish (*think, feel, believe, want, hope, like*), not a report to the interviewer (*said,
  explained, described, told me*), not *am/was/is* without an *-ing* verb (*I was responsible*);
  *have* or *had* with a verb counts (*I had rewritten*), as does a negation (*I did not page
  anyone*: a decision);
- a name or *C* then a verb in the past (*Priya rewrote*, *C migrated*), for the interviewer who
  writes the candidate's name;
- a clause that opens with a verb in the past, as notes are written (*Rewrote the retry logic;
  added a breaker*), after a sentence start, a semicolon, a colon, a dash or *then*; or a verb
  in the past after *and* when the sentence's last subject was the candidate (*I said Postgres
  fit and built the cache*), not a group (*the team looked into it and found…*).

When none does, the finding says what the part gives instead: only what *we* or *the team*
did, only what the candidate *would* do, or only what they *usually* do. An empty or placeholder
action is `feedback-star-missing`'s, not this rule's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dayone.documents.checks.feedback.parts import Part, feedback_context
from dayone.documents.checks.feedback.star_missing import PLACEHOLDERS, bare, words
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level

TOKEN = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?|\d[\d,.]*")
PRONOUNS = {"i", "he", "she"}
CONTRACTED = {"i'd": "hypothetical", "he'd": "hypothetical", "she'd": "hypothetical", "they'd": "hypothetical",
              "i'll": "hypothetical", "he'll": "hypothetical", "she'll": "hypothetical",
              "they'll": "hypothetical", "i'm": "be", "he's": "be", "she's": "be", "they're": "be",
              "i've": "have", "they've": "have"}
NAMED = {"candidate", "cand", "c"}  # "the candidate", "Cand", "C" as the notes' shorthand
GROUP = {"we", "we've", "we'd", "we're", "we'll", "team", "teams", "everyone", "everybody", "group", "org",
         "squad", "department", "engineers", "folks", "people", "leadership", "management", "us", "our"}
HYPOTHETICAL = {"would", "could", "might", "should", "may", "can", "will", "shall", "must", "wouldn't",
                "won't", "can't", "cannot", "could've", "would've", "should've", "might've", "ought",
                "want", "wants", "wanted", "wish", "wishes", "hope", "hopes", "hoped", "plan", "plans",
                "intend", "intends", "try", "tries", "going", "gonna", "prefer", "prefers", "like", "likes",
                "love", "loves", "think", "thinks", "believe", "believes", "feel", "feels", "know", "knows",
                "guess", "need", "needs", "aim", "aims", "expect", "expects"}
HEDGED = {"probably", "maybe", "perhaps", "possibly", "mostly", "apparently", "supposedly", "presumably",
          "allegedly", "seemingly", "somehow"}  # "she mostly coordinated": no step told for sure
HABITUAL = {"always", "usually", "generally", "typically", "normally", "often", "sometimes", "never",
            "rarely", "tend", "tends", "tended", "regularly", "frequently", "habitually"}
BE = {"am", "is", "are", "was", "were", "be", "been", "being"}
HAVE = {"have", "has", "had"}
# verbs that report the interview, not the story: always ("she said"), or when what follows is
# the interviewer or what was said ("explained how", "told me", "talked about"); "explained the
# delay to the client", "told the VP", "talked to three sellers" are steps taken
REPORTING = {"said", "says", "say", "mentioned", "mentions", "stated", "states", "claimed", "claims", "thought",
             "thinks", "felt", "believed", "knew"}
REPORTING_IF = {"explained", "explains", "described", "describes", "noted", "notes", "highlighted", "clarified",
                "told", "tells", "tell", "walked", "gave", "gives", "shared", "added", "suggested", "suggests",
                "agreed", "talked", "talks", "spoke", "speaks", "framed", "repeated", "answered", "answers",
                "replied", "replies", "responded", "responds", "admitted", "insisted", "argued", "argues",
                "emphasized", "emphasised", "stressed", "recalled", "remembered"}
TO_LISTENER = {"me", "us", "that", "how", "why", "what", "about", "interviewer"}
ADVERBS = {"then", "also", "first", "finally", "just", "still", "actually", "immediately", "later", "again",
           "alone", "myself", "herself", "himself", "themselves", "personally", "quickly",
           "next", "eventually", "initially", "directly", "both", "only", "even", "once", "soon", "afterwards",
           "subsequently", "manually", "really", "basically", "literally", "proactively", "independently"}
NOT_VERBS = {"and", "or", "but", "the", "a", "an", "of", "to", "in", "on", "at", "for", "with", "from", "by",
             "as", "that", "this", "who", "which", "if", "when", "so", "because", "not", "no", "own", "team",
             "and/or", "their", "her", "his", "my", "our", "was", "it", "its", "than", "too"}
IRREGULAR_PAST = set("""
built wrote rewrote ran led made took set sent found got gave brought drove chose cut put shut began
broke bought caught fought held kept left lost met paid read sold spent stood taught told won split
spun sought dug drew flew grew knew overrode undertook withdrew upheld oversaw forgot forgave hid hit
let quit rode rose saw shook slept sped stole struck swore threw understood woke wound withheld
""".split())
NOT_PAST = {"need", "seed", "feed", "speed", "bed", "red", "shed", "indeed", "hundred", "embed", "proceed",
            "succeed", "exceed", "breed", "deed", "weed", "bleed", "greed", "used", "based", "related",
            "supposed", "interested", "required", "tired", "excited", "scared", "worried"}
# where a clause of notes may open with its verb ("Rewrote X; added Y", "then paged the owner"); not
# after "and", whose verb may be a group's ("the team looked into it and found…")
CLAUSE_START = re.compile(r"(?:^|[.;:!?(—–]|\s-\s|\bthen|\bfirst|\bnext|\bfinally|\bso)\s*$", re.I)
GROUP_IN_PART = re.compile(r"\b(?:we|we've|we'd|we're|team|everyone|group|org|squad)\b", re.I)


def _past(word: str) -> bool:
    return word in IRREGULAR_PAST or (len(word) > 3 and word.endswith("ed") and word not in NOT_PAST)


def _verb_after(tokens: list[str], index: int) -> str | None:
    """What follows a subject at ``index``: "action", "hypothetical", "habitual", "report", "be",
    or None when no verb follows."""
    i = index + 1
    while i < len(tokens) and (tokens[i] in ADVERBS or (tokens[i].endswith("ly") and tokens[i] != "only"
                                                          and tokens[i] not in HABITUAL
                                                          and tokens[i] not in HEDGED
                                                          and tokens[i] not in {"reply", "apply", "supply"})):
        i += 1
    if i >= len(tokens):
        return None
    word = tokens[i]
    if word in HEDGED:
        return "hedged"
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    if word in HABITUAL:
        return "habitual"
    if word in HYPOTHETICAL or word.endswith("'d"):
        return "hypothetical"
    if word == "used" and after == "to":
        return "habitual"
    if word in REPORTING or (word in REPORTING_IF and after in TO_LISTENER):
        return "report"
    if word in BE:
        return "action" if after.endswith("ing") else "be"
    if word in HAVE:
        return "action" if after and (_past(after) or after == "to" or after.endswith("en")) else "be"
    if word in NOT_VERBS or word.isdigit():
        return None
    return "action"


def kinds_in(part: Part) -> set[str]:
    """What the clauses of a part say the candidate did: "action" when one names a step they
    took; else the other kinds found ("group", "hypothetical", "habitual", "report", "be")."""
    found: set[str] = set()
    group_part = bool(GROUP_IN_PART.search(part.doc.source))
    for sentence in part.doc.prose:
        text = sentence.text.replace("’", "'")
        matches = list(TOKEN.finditer(text))
        tokens = [m.group().lower() for m in matches]
        subject = ""  # the sentence's last subject: "personal" or "group"
        for i, (match, word) in enumerate(zip(matches, tokens, strict=True)):
            raw = match.group()
            starts_clause = bool(CLAUSE_START.search(text[:match.start()][-12:]))
            if word in CONTRACTED:
                kind = CONTRACTED[word]
                found.add("action" if kind == "have" and i + 1 < len(tokens) and _past(tokens[i + 1]) else kind)
            elif word in PRONOUNS or (word == "they" and not group_part):
                if word == "i" and raw != "I":
                    continue  # "i" is no word but a pronoun written in capitals
                subject = "personal"
                found.add(_verb_after(tokens, i) or "none")
            elif word in NAMED and (word != "c" or raw == "C"):
                before = tokens[i - 1] if i else ""
                if before in {"the", "a", "this", ""} or raw[0].isupper():
                    subject = "personal"
                    verb = _verb_after(tokens, i)
                    if verb == "action" and word != "candidate":
                        verb = "action" if i + 1 < len(tokens) and _next_past(tokens, i) else None
                    found.add(verb or "none")
            elif word in GROUP:
                subject = "group"
                found.add("group")
            elif word == "and" and subject == "personal" and i + 1 < len(tokens) and _step(tokens, i + 1):
                found.add("action")  # "I said X and built Y": the same subject's next verb
            elif starts_clause and word in HABITUAL:
                found.add("habitual")
            elif starts_clause and (word in HYPOTHETICAL or word == "used"):
                found.add("hypothetical" if word != "used" else "habitual")
            elif starts_clause and _past(word) and word not in SEEMS and word not in HYPOTHETICAL:
                found.add("action" if _step(tokens, i) else "report")
            elif raw[:1].isupper() and i + 1 < len(tokens) and _past(tokens[i + 1]) and _could_be_name(word):
                found.add("action")  # "Priya rewrote": the candidate named
            if "action" in found:
                return found
    return found


def _step(tokens: list[str], i: int) -> bool:
    """Whether ``tokens[i]`` is a verb in the past that tells a step (not a report or a hedge)."""
    word, after = tokens[i], tokens[i + 1] if i + 1 < len(tokens) else ""
    return (_past(word) and word not in SEEMS and word not in HYPOTHETICAL and word not in REPORTING
            and not (word in REPORTING_IF and after in TO_LISTENER))


def _could_be_name(word: str) -> bool:
    """Whether a capitalised word before a verb in the past may name the candidate ("Priya rewrote"),
    not open the sentence with an adverb or a function word ("Probably coordinated")."""
    return not (word in NOT_VERBS or word in GROUP or word in ADVERBS or word in HEDGED or word in HABITUAL
                or word in HYPOTHETICAL or word in SEEMS or word.endswith("ly")
                or word in {"it", "this", "that", "there", "they", "then", "when", "after", "before", "once"})


SEEMS = {"seemed", "seems", "seem", "appeared", "appears"}


def _next_past(tokens: list[str], index: int) -> bool:
    i = index + 1
    while i < len(tokens) and tokens[i] in ADVERBS:
        i += 1
    return i < len(tokens) and _past(tokens[i])


WHAT = {
    "group": "only what `we` or the team did",
    "hypothetical": "only what the candidate would or could do",
    "habitual": "only what the candidate usually does",
    "hedged": "only steps the candidate probably or mostly took",
}
PLACEHOLDER_SET = {bare(p) for p in PLACEHOLDERS}


def check(ctx: Context) -> Iterator[Finding]:
    fb = feedback_context(ctx)
    for principle, parts in fb.notes():
        action = parts["action"]
        if not words(action.text) or bare(action.text) in PLACEHOLDER_SET:
            continue  # nothing to read: feedback-star-missing reports it
        found = kinds_in(action)
        if "action" in found:
            continue
        gives = [WHAT[k] for k in ("group", "hypothetical", "habitual", "hedged") if k in found]
        says = " and ".join(gives) if gives else "no step the candidate took"
        yield fb.on(action, f"{principle}: no concrete example — the action gives {says}, "
                    "not something the candidate did themselves.",
                    "Ask what they did, and write their own steps: \"I rewrote the retry logic and "
                    "paged the owner\", not \"we fixed it\" or \"I would escalate\".")


RULE = Rule("feedback-no-example", Level.WARNING, "a principle's notes name no step the candidate took",
            check, doc_types=frozenset({"feedback"}))
