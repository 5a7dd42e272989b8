"""Precision and recall of the sentence rules on a labelled corpus.

A corpus is a YAML list of ``{text, flags}``: each sentence is checked as a
document of its own and ``flags`` names the rules that should fire on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dayone import yamlfile
from dayone.documents.checks.engine import THOROUGH, check_markdown

SENTENCE_RULES = ("weasel-word", "comparative-without-baseline", "vague-time", "sentence-length",
                  "passive-voice", "acronym-undefined", "number-without-unit")


@dataclass
class RuleScore:
    code: str
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


@dataclass
class Mistake:
    text: str
    code: str
    kind: str  # "false positive" or "false negative"


# The rules at their strictest, as they were before their defaults were calibrated on real
# prose: every weasel word, every passive, sentences over 20 words, every acronym of two
# letters or more, every list in a narrative. The labelled corpus tests each rule's logic
# at this strictness (its labels were written for it); the real-prose corpus
# (judgments.py) tests the defaults, which flag what is worth a writer's time.
STRICT_SETTINGS: dict[str, Any] = THOROUGH  # what the rules report at unless set (engine.THOROUGH)
LABELLED_SETTINGS: dict[str, Any] = {
    **STRICT_SETTINGS, "readability": "off", "page-limit": "off", "bullet-in-narrative": "off"}


def load(path: Path) -> list[dict[str, Any]]:
    items = yamlfile.load(path.read_text(encoding="utf-8"), file=path.name)
    if not isinstance(items, list):
        raise ValueError(f"{path}: expected a list of {{text, flags}}")
    return items


def evaluate(items: list[dict[str, Any]]) -> tuple[dict[str, RuleScore], list[Mistake]]:
    scores = {code: RuleScore(code) for code in SENTENCE_RULES}
    mistakes = []
    for item in items:
        expected = set(item.get("flags") or [])
        settings = LABELLED_SETTINGS
        found = {f.code for f in check_markdown(item["text"], doc_type="narrative",
                                                settings=settings).findings}
        for code, score in scores.items():
            if code in found and code in expected:
                score.true_positives += 1
            elif code in found:
                score.false_positives += 1
                mistakes.append(Mistake(item["text"], code, "false positive"))
            elif code in expected:
                score.false_negatives += 1
                mistakes.append(Mistake(item["text"], code, "false negative"))
    return scores, mistakes


def report(scores: dict[str, RuleScore]) -> str:
    lines = [f"{'rule':30} {'precision':>9} {'recall':>7} {'TP':>4} {'FP':>4} {'FN':>4}"]
    for s in scores.values():
        lines.append(f"{s.code:30} {s.precision:>9.3f} {s.recall:>7.3f} {s.true_positives:>4} "
                     f"{s.false_positives:>4} {s.false_negatives:>4}")
    return "\n".join(lines)
