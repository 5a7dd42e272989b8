"""What a goal's figure applies to: a product, a place, a segment, a population.

Read from the goal's words: a name (a capitalised word inside the goal, an acronym that is
not a metric's: *Florida*, *DOI*, *CSM*), a noun for people or things in the plural
(*households*, *tickets*, *videos*) or a population word (*every customer*), or a phrase
that narrows (*for all Normal and High priority tickets*, *in our region*, *of water*). A
metric's own name is no scope (*NPS*, *CSAT*, *latency*): of what?
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dayone.documents.checks.goals.deadlines import covered
from dayone.documents.checks.goals.figures import PURE_UNITS
from dayone.documents.checks.number_unit import MEASURES
from dayone.documents.checks.prose import MONTHS

if TYPE_CHECKING:
    from dayone.documents.checks.goals.reading import Goal

METRIC_ACRONYMS = set("""
NPS CSAT NRR GRR ARR MRR GMV SLA SLAS SLO SLOS KPI KPIS OKR OKRS DAU MAU WAU CAC LTV ROI EBITDA QPS RPS TPS TTFB
MTTR MTTD MTBF FTE FTES YOY QOQ MOM CES AOV ARPU ARPA RPM CPM CPC CTR CVR EPS P&L
""".split())
POPULATION = set("""
customer user team region country market segment product store site app service platform state city school
household account seller buyer member employee student patient citizen resident community business family
partner developer driver merchant visitor veteran child everyone everybody people staff workforce public
""".split())
NARROWING = re.compile(r"\b(?:of|for|in|across|among|on|at|within|from|with|per|throughout|inside)\s+"
                       r"(?:(?:the|a|an|our|all|every|each|their|its|this|these|those|any|both|_all_|\*all\*)\s+)*"
                       r"([A-Za-z][\w'’-]*)", re.I)
NOT_A_SCOPE = set("""
goal goals target targets objective objectives plan plans period baseline time times way method average total
least most start end beginning order place addition line case general particular half term progress track part
sum mind sight hand short fact least last first next whole least it them us me least
""".split())
# verbs in the third person look like plural nouns: "CSAT does not fall", "latency stays"
VERBS = set("""
does goes gets makes takes stays falls rises reaches remains grows keeps needs means lives works runs comes
becomes has was is drops climbs hits lands ships meets exceeds beats holds improves increases decreases
""".split())
WORD = re.compile(r"[A-Za-z][\w&'’-]*")
MONTH = re.compile(rf"^(?:{MONTHS})$", re.I)


# a goal written as a sentence names its scope in its subject when the subject is a thing,
# not a measure: "the monthly growth review is a two hour job" (of the review), against
# "latency stays under 200 ms" (of what?)
SUBJECT = re.compile(r"^\W*((?:[A-Za-z][\w'’-]*\s+){1,6}?)(?:is|are|was|were|does|do|takes|take|stays|stay|"
                     r"goes|go|gets|get|lands|land|reaches|reach|becomes|become|remains|remain|falls|fall)\b", re.I)
METRIC_WORDS = set("""
latency uptime availability score rate time times average median mean share percentage ratio revenue churn
cost costs spend margin conversion retention growth usage traffic speed throughput duration delay wait
backlog count number total volume value satisfaction quality accuracy error errors coverage utilisation
utilization engagement adoption nps csat nrr arr mrr sla p50 p90 p95 p99 the a an our its their this
""".split())


def scope_words(goal: Goal) -> list[str]:
    """The words in ``goal`` that say what its figures apply to (empty: none)."""
    text = goal.text
    subject = SUBJECT.match(text[:200])
    if subject is not None:
        things = [w for w in subject.group(1).split() if w.lower().strip("'’") not in METRIC_WORDS]
        if things:
            return things
    taken = sorted([(d.start, d.end) for d in goal.dates] + [(f.start, f.end) for f in goal.figures])
    found: list[str] = []
    for index, match in enumerate(WORD.finditer(text)):
        word = match.group().rstrip("'’").removesuffix("'s").removesuffix("’s")
        if covered(taken, match.start()) or MONTH.match(word):
            continue
        low = word.lower()
        if word.isupper() and len(word) > 1:
            if word not in METRIC_ACRONYMS and word.rstrip("S") not in METRIC_ACRONYMS:
                found.append(word)
        elif _a_name(text, match.start(), index, word) or _people_or_things(low):
            found.append(word)
    for match in NARROWING.finditer(text):
        head = match.group(1).lower()
        if not covered(taken, match.start(1)) and head not in NOT_A_SCOPE and not head[0].isdigit():
            found.append(match.group(1))
    return found


def _a_name(text: str, start: int, index: int, word: str) -> bool:
    """A capitalised word inside the goal, not opening a sentence: *Florida*, *Clickhouse*."""
    return index > 0 and word[0].isupper() and not _starts_sentence(text, start)


def _people_or_things(word: str) -> bool:
    return word in POPULATION or word.rstrip("s") in POPULATION or _a_plural_thing(word)


def _starts_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 20):start].rstrip(" \t\"“'(*_")
    if not before and start > 20:
        return False
    return not before or before[-1] in ".:!?;—–-\n"


def _a_plural_thing(word: str) -> bool:
    """A noun in the plural that is not a measure: *households*, *videos*, not *sales*, *days*."""
    return (len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous"))
            and word not in MEASURES and word not in PURE_UNITS and word not in VERBS and word.isalpha())
