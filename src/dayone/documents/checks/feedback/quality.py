"""Precision and recall of the feedback rules on a labelled set of interview notes.

A corpus folder holds YAML lists of items (tests/documents/feedback_corpus/README.md): one
principle's STAR notes and a vote reason each, with ``expect`` — every finding that should be
given, as ``"<rule> <part>"`` (``star-missing result``, ``opinion vote_reason``) — and
``wrong``, findings that would be wrong. A finding is counted once per rule and part: a
true positive when expected, a false positive otherwise, and an expected one not found is a
false negative.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dayone import yamlfile
from dayone.documents.checks.feedback.checker import FEEDBACK_RULES, check_feedback
from dayone.documents.checks.feedback.parts import STAR, VOTE_REASON, Note, StarLike
from dayone.findings import Finding

PARTS = (*STAR, VOTE_REASON)
SHORT = {code.removeprefix("feedback-"): code for code in FEEDBACK_RULES}
Checker = Callable[[Sequence[StarLike], str], list[Finding]]


@dataclass(frozen=True)
class Item:
    """One labelled note: where it comes from, the note, and its labels as (rule code, part)."""

    id: str
    file: str
    note: Note
    vote_reason: str
    expect: frozenset[tuple[str, str]]
    wrong: frozenset[tuple[str, str]]


@dataclass
class RuleScore:
    code: str
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    traps_avoided: int = 0  # findings labelled wrong that the rule did not give

    @property
    def precision(self) -> float:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


@dataclass(frozen=True)
class Mistake:
    item: str
    code: str
    part: str
    kind: str  # "false positive" or "false negative"
    text: str  # the part's text


@dataclass
class Outcome:
    scores: dict[str, RuleScore] = field(default_factory=dict)
    mistakes: list[Mistake] = field(default_factory=list)


class CorpusError(ValueError):
    """A corpus file that cannot be read as labelled notes; the message names the file and item."""


def load(folder: Path) -> list[Item]:
    """Every item of every ``*.yaml`` file in ``folder``, labels checked."""
    items: list[Item] = []
    seen: set[str] = set()
    for path in sorted(folder.glob("*.yaml")):
        data = yamlfile.load(path.read_text(encoding="utf-8"), file=path.name)
        if not isinstance(data, list):
            raise CorpusError(f"{path.name}: expected a list of notes")
        for index, raw in enumerate(data, start=1):
            item = _item(path.name, index, raw)
            if item.id in seen:
                raise CorpusError(f"{path.name}: item {index}: id {item.id!r} is used twice; give each note its own")
            seen.add(item.id)
            items.append(item)
    return items


def _item(file: str, index: int, raw: Any) -> Item:
    where = f"{file}: item {index}"
    if not isinstance(raw, Mapping):
        raise CorpusError(f"{where}: expected a mapping with id, principle, the STAR parts and labels")
    where = f"{file}: {raw.get('id') or f'item {index}'}"
    texts = {}
    for name in ("id", "principle", *PARTS):
        value = raw.get(name, "")
        if not isinstance(value, str):
            raise CorpusError(f"{where}: `{name}` must be text, not {type(value).__name__}")
        texts[name] = value
    if not texts["id"]:
        raise CorpusError(f"{where}: needs an `id`")
    expect, wrong = _labels(where, raw, "expect"), _labels(where, raw, "wrong")
    if both := expect & wrong:
        raise CorpusError(f"{where}: {sorted(both)} is both expected and wrong; keep one")
    note = Note(texts["principle"], texts["situation"], texts["task"], texts["action"], texts["result"])
    return Item(texts["id"], file, note, texts[VOTE_REASON], expect, wrong)


def _labels(where: str, raw: Mapping[str, Any], key: str) -> frozenset[tuple[str, str]]:
    values = raw.get(key)
    if values is None:
        raise CorpusError(f"{where}: needs `{key}` (a list, [] when none)")
    if not isinstance(values, list):
        raise CorpusError(f"{where}: `{key}` must be a list of \"<rule> <part>\"")
    labels = set()
    for value in values:
        rule, _, part = str(value).partition(" ")
        if rule not in SHORT or part not in PARTS:
            raise CorpusError(f"{where}: `{key}` has {value!r}; write \"<rule> <part>\" with a rule from "
                              f"{', '.join(SHORT)} and a part from {', '.join(PARTS)}")
        labels.add((SHORT[rule], part))
    return frozenset(labels)


def found_labels(findings: Sequence[Finding]) -> set[tuple[str, str]]:
    """The (rule code, part) of each feedback finding."""
    labels = set()
    for f in findings:
        if f.code in FEEDBACK_RULES and f.location.field:
            labels.add((f.code, f.location.field.rsplit(".", 1)[-1]))
    return labels


def _default(notes: Sequence[StarLike], vote_reason: str) -> list[Finding]:
    return check_feedback(notes, vote_reason)


def evaluate(items: Sequence[Item], checker: Checker = _default) -> Outcome:
    """Score each rule on ``items`` (with ``checker``, check_feedback unless given)."""
    outcome = Outcome({code: RuleScore(code) for code in FEEDBACK_RULES})
    for item in items:
        found = found_labels(checker([item.note], item.vote_reason))
        for code, score in outcome.scores.items():
            for part in PARTS:
                label = (code, part)
                text = getattr(item.note, part, item.vote_reason) if part != VOTE_REASON else item.vote_reason
                if label in found and label in item.expect:
                    score.true_positives += 1
                elif label in found:
                    score.false_positives += 1
                    outcome.mistakes.append(Mistake(item.id, code, part, "false positive", text))
                elif label in item.expect:
                    score.false_negatives += 1
                    outcome.mistakes.append(Mistake(item.id, code, part, "false negative", text))
                elif label in item.wrong:
                    score.traps_avoided += 1
    return outcome


FLOOR = 0.8  # the precision every rule keeps on the labelled notes


def imprecise(outcome: Outcome, floor: float = FLOOR) -> list[str]:
    """The rules whose precision on the labelled notes is below ``floor``."""
    return sorted(code for code, score in outcome.scores.items() if score.precision < floor)


def report(outcome: Outcome) -> str:
    lines = [f"{'rule':24} {'precision':>9} {'recall':>7} {'TP':>4} {'FP':>4} {'FN':>4} {'traps avoided':>14}"]
    for s in outcome.scores.values():
        lines.append(f"{s.code:24} {s.precision:>9.3f} {s.recall:>7.3f} {s.true_positives:>4} "
                     f"{s.false_positives:>4} {s.false_negatives:>4} {s.traps_avoided:>14}")
    return "\n".join(lines)
