"""Labelled goals (tests/documents/goal_corpus/) and the goal rules' precision and recall on
them: used by the test that holds each rule to its precision and by
benchmarks/goal_checker.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dayone import yamlfile
from dayone.documents.checks.goals.check import GOAL_CODES, check_goal

FIELDS = ("id", "text", "source", "licence", "retrieved", "fires")
SAMPLE = 10  # a precision over fewer findings says little: one call moves it by a tenth or more


class CorpusError(ValueError):
    """A goal in the corpus lacks a field or labels a rule that does not exist."""


@dataclass(frozen=True)
class LabelledGoal:
    file: str
    id: str
    text: str
    owners: tuple[str, ...]
    fires: frozenset[str]  # the rules that should fire; the others should not


@dataclass
class RuleTally:
    code: str
    hits: int = 0  # fired, and should
    false_alarms: int = 0  # fired, and should not
    missed: int = 0  # did not fire, and should

    @property
    def fired(self) -> int:
        return self.hits + self.false_alarms

    @property
    def precision(self) -> float:
        return self.hits / self.fired if self.fired else 1.0

    @property
    def recall(self) -> float:
        should = self.hits + self.missed
        return self.hits / should if should else 1.0


@dataclass
class Outcome:
    tallies: dict[str, RuleTally]
    misses: list[str] = field(default_factory=list)


def load_goals(folder: Path) -> list[LabelledGoal]:
    """Every goal of every ``*.yaml`` file in ``folder``; a bad entry raises CorpusError
    naming the file, the goal and the field."""
    goals: list[LabelledGoal] = []
    for path in sorted(folder.glob("*.yaml")):
        data = yamlfile.load(path.read_text(encoding="utf-8"), file=path.name)
        for n, entry in enumerate(data.get("goals") or [], 1):
            where = f"{path.name}: goal {entry.get('id', n)}"
            missing = [f for f in FIELDS if f not in entry or (f != "fires" and not str(entry[f]).strip())]
            if missing:
                raise CorpusError(f"{where}: missing {', '.join(missing)}")
            unknown = set(entry["fires"] or ()) - set(GOAL_CODES)
            if unknown:
                raise CorpusError(f"{where}: fires: unknown rule {', '.join(sorted(unknown))}; "
                                  f"use {', '.join(GOAL_CODES)}")
            goals.append(LabelledGoal(path.stem, str(entry["id"]), str(entry["text"]),
                                      tuple(entry.get("owners") or ()), frozenset(entry["fires"] or ())))
    return goals


def evaluate(goals: list[LabelledGoal], settings: dict[str, object] | None = None) -> Outcome:
    """Check every goal and compare what fired with its labels, rule by rule."""
    outcome = Outcome({code: RuleTally(code) for code in GOAL_CODES})
    for goal in goals:
        fired = {f.code for f in check_goal(goal.text, owners=goal.owners, settings=settings)}
        for code, tally in outcome.tallies.items():
            should, did = code in goal.fires, code in fired
            if did and should:
                tally.hits += 1
            elif did:
                tally.false_alarms += 1
                outcome.misses.append(f"false alarm  {code:22} {goal.id}: {goal.text[:90]}")
            elif should:
                tally.missed += 1
                outcome.misses.append(f"missed       {code:22} {goal.id}: {goal.text[:90]}")
    return outcome


def report(outcome: Outcome) -> str:
    """A table: per rule, findings, right ones, precision and recall; rules that fired fewer
    than SAMPLE times are marked."""
    lines = [f"{'rule':24} {'fired':>5} {'right':>5} {'missed':>6} {'precision':>9} {'recall':>6}"]
    for t in outcome.tallies.values():
        mark = "" if t.fired >= SAMPLE else f"  (fired < {SAMPLE}: not held to the bar)"
        lines.append(f"{t.code:24} {t.fired:5} {t.hits:5} {t.missed:6} {t.precision:9.2f} {t.recall:6.2f}{mark}")
    return "\n".join(lines)
