"""The goal wording rules: each reads a goal (reading.Goal, in the document's memo) and
yields at most a few findings. A goal is its own words: a date in the plan's heading or a
unit in the metric's definition is not in them.

- `goal-no-number`: no target figure (a year or a quarter is a date, not a target).
- `goal-no-date`: no deadline or period; a cadence (*weekly*) or a baseline's date is not one.
- `goal-no-unit`: a target figure that says not what it counts (*+233*, *CSAT above 4.1*).
- `goal-no-scope`: a target figure with nothing saying what it applies to: no product,
  place, segment or population (*Reduce p99 latency to 200 ms by Q3*: of what?).
- `goal-vague-verb`: *improve*, *enhance*, *optimize*, *drive*… with no figure measuring it.
- `goal-baseline-missing`: a baseline named but not given (*more than in q4 2026*).
- `goal-many-owners`: more than ``max_owners`` owners (default one).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dayone.documents.checks.goals.deadlines import covered
from dayone.documents.checks.goals.reading import Goal
from dayone.documents.checks.goals.scope import scope_words
from dayone.documents.checks.options import Whole, Words
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level

GOAL = frozenset({"goal"})
VAGUE_VERBS = [
    "improve", "improves", "improved", "improving", "improvement", "improvements",
    "enhance", "enhances", "enhanced", "enhancing", "enhancement", "enhancements",
    "optimize", "optimizes", "optimized", "optimizing", "optimise", "optimises", "optimised", "optimising",
    "optimization", "optimisation", "drive", "drives", "driving", "boost", "boosts", "boosting",
    "strengthen", "strengthens", "strengthening", "streamline", "streamlines", "streamlining",
    "support", "supports", "supporting", "foster", "fosters", "fostering", "advance", "advances",
    "advancing", "promote", "promotes", "promoting", "maximize", "maximise", "help", "helps", "helping",
    "level up", "better",
]
# "self-driving", "in advance", "help desk": the word in another sense
NOT_VAGUE = re.compile(r"(?:-$|\bin\s+$)", re.I)
# "support services", "help desk": the word as a noun's modifier
NOT_VAGUE_AFTER = re.compile(r"^(?:-|\s+(?:desk|center|centre|line|ticket|tickets|team|teams|page|pages|docs|"
                             r"service|services|staff|engineers?|agents?|contracts?|plans?|tiers?)\b)", re.I)
COMPARATIVE = re.compile(
    r"\b(?:more|less|fewer|faster|slower|higher|lower|better|worse|shorter|longer|greater|smaller|larger|"
    r"bigger|cheaper|quicker|above|below)\b[^.;:]{0,80}?\bthan\b(?P<rest>[^.;:]{0,80})", re.I)
NAMED_BASELINE = re.compile(r"\b(?:(?:a|the|our|its|their)\s+baseline|compared\s+(?:to|with)|relative\s+to|"
                            r"current\s+levels?|today'?s\s+levels?|(?:19|20)\d{2}\s+levels?|"
                            r"last\s+(?:year|quarter)'?s?\s+(?:level|levels|figure|number|value)|"
                            r"(?:vs\.?|versus)\s+(?:last|prior|previous))(?P<rest>[^.;:]{0,60})", re.I)


def _goal(ctx: Context) -> Goal:
    goal = ctx.doc.memo["goal"]
    assert isinstance(goal, Goal)
    return goal


def _whole(ctx: Context) -> tuple[int, int]:
    text = ctx.doc.source
    return len(text) - len(text.lstrip()), len(text.rstrip())


def no_number(ctx: Context) -> Iterator[Finding]:
    if not _goal(ctx).figures:
        yield ctx.finding(*_whole(ctx), "The goal has no target figure: nobody can say at its date "
                          "whether it was met.", "Give the number to reach: \"to 95%\", \"6,000 households\", "
                          "\"under 200 ms\".")


def no_date(ctx: Context) -> Iterator[Finding]:
    if not _goal(ctx).deadlines:
        yield ctx.finding(*_whole(ctx), "The goal has no date: it never comes due.",
                          "Say when: \"by Q3 2027\", \"by end of FY26\", \"by December 31\".")


def no_unit(ctx: Context) -> Iterator[Finding]:
    for figure in _goal(ctx).figures:
        if figure.unit is None:
            yield ctx.finding(figure.start, figure.end, f"`{figure.text}` has no unit: the reader "
                              "cannot tell what it counts.", "Say what it counts: \"95%\", \"p99 under "
                              "200 ms\", \"6,000 households\", \"$3M\".")
            return


def no_scope(ctx: Context) -> Iterator[Finding]:
    goal = _goal(ctx)
    if goal.figures and not any(f.counted for f in goal.figures) and not scope_words(goal):
        first = goal.figures[0]
        yield ctx.finding(first.start, first.end, f"`{first.text}` of what? The goal does not say what "
                          "the figure applies to.", "Name the product, region, segment or population: "
                          "\"checkout API p99\", \"for customers in the EU\", \"of new sellers\".")


def vague_verb(ctx: Context) -> Iterator[Finding]:
    goal = _goal(ctx)
    if goal.figures:
        return  # the figure is the measure
    words = ctx.words_option("words")
    if not words:
        return
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+")
                                             for w in sorted(words, key=len, reverse=True)) + r")\b", re.I)
    for match in pattern.finditer(goal.text):
        if NOT_VAGUE.search(goal.text[max(0, match.start() - 3):match.start()]) \
                or NOT_VAGUE_AFTER.match(goal.text[match.end():match.end() + 20]):
            continue
        yield ctx.finding(match.start(), match.end(), f"`{match.group()}` with no measure: any change, "
                          "however small, meets it.", "Say what changes and by how much: \"cut p99 "
                          "latency from 800 to 300 ms\", \"raise the share of … to 60%\".")
        return


def baseline_missing(ctx: Context) -> Iterator[Finding]:
    goal = _goal(ctx)
    if _from_to(goal):
        return  # the starting value is given: "from 31 to 45"
    figures = [(f.start, f.end) for f in goal.figures]
    for pattern in (COMPARATIVE, NAMED_BASELINE):
        for match in pattern.finditer(goal.text):
            rest_start = match.start("rest")
            if covered(figures, rest_start, match.end()):
                continue  # the baseline's value is given: "more than 30 days", "compared to 4.6"
            if pattern is COMPARATIVE and not _a_past_state(goal, rest_start, match.end()):
                continue
            yield ctx.finding(match.start(), match.end(), "The goal names a baseline but does not give it: "
                              "the change cannot be checked.", "Give the starting value: \"from 4.6 to 4.8\", "
                              "\"up from 120 in Q4 2026\".")
            return


def _from_to(goal: Goal) -> bool:
    """A "from X to Y" with X given anywhere in the goal."""
    return any(re.match(r"\s*to\b", goal.text[f.end:f.end + 8])
               and re.search(r"\bfrom\s*$", goal.text[max(0, f.start - 12):f.start]) for f in goal.figures)


# after "than", a past state is a baseline (*than in q4 2026*, *than it was*, *than when we
# left Substack*, *than the existing video*); another segment is a comparison (*than in the US*)
PAST_STATE = re.compile(r"\s*(?:(?:it|they|we|this|that)\s+(?:was|were|did|had)|when|before|ever|last|previously|"
                        r"(?:in|during|at)\s+(?:the\s+)?(?:last|previous|prior|past)|(?:the|our|its|their)\s+"
                        r"(?:existing|current|previous|prior|old|last|original|baseline))\b", re.I)


def _a_past_state(goal: Goal, start: int, end: int) -> bool:
    baselines = [(d.start, d.end) for d in goal.dates if d.baseline]
    return PAST_STATE.match(goal.text, start) is not None or covered(baselines, start, end)


def many_owners(ctx: Context) -> Iterator[Finding]:
    goal = _goal(ctx)
    limit = ctx.option("max_owners")
    owners = [o for o in goal.owners if o.strip()]
    if len(owners) > limit:
        yield ctx.finding(*_whole(ctx), f"The goal has {len(owners)} owners ({', '.join(owners)}): when "
                          "everyone owns it, nobody does.", "Name the one person who answers for it; the "
                          "others help.")
        return
    written = goal.written_owners()
    if written is not None and len(written[2]) > limit:
        start, end, names = written
        yield ctx.finding(start, end, f"The goal names {len(names)} owners ({', '.join(names)}).",
                          "Name the one person who answers for it; the others help.")


RULES = (
    Rule("goal-no-number", Level.WARNING, "goals with no target figure", no_number, doc_types=GOAL),
    Rule("goal-no-date", Level.WARNING, "goals with no date", no_date, doc_types=GOAL),
    Rule("goal-no-unit", Level.WARNING, "goal figures with no unit or percentile", no_unit, doc_types=GOAL),
    Rule("goal-no-scope", Level.WARNING, "goal figures that do not say what they apply to", no_scope,
         doc_types=GOAL),
    Rule("goal-vague-verb", Level.WARNING, "goals that improve or enhance with no measure", vague_verb,
         defaults={"words": VAGUE_VERBS}, doc_types=GOAL, kinds={"words": Words()}),
    Rule("goal-baseline-missing", Level.WARNING, "goals that name a baseline without giving it",
         baseline_missing, doc_types=GOAL),
    Rule("goal-many-owners", Level.WARNING, "goals with more than one owner", many_owners,
         defaults={"max_owners": 1}, doc_types=GOAL, kinds={"max_owners": Whole(1, 20)}),
)
