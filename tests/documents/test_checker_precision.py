"""Precision matters more than count: every sentence rule keeps precision ≥ 0.9 on the
labelled corpus (tests/documents/corpus/sentences.yaml, written independently of the rules)."""

from __future__ import annotations

from pathlib import Path

from dayone.documents.checks import quality

CORPUS = Path(__file__).parent / "corpus" / "sentences.yaml"


def test_corpus_is_big_and_balanced() -> None:
    items = quality.load(CORPUS)
    assert len(items) >= 300
    for code in quality.SENTENCE_RULES:
        assert sum(code in (i.get("flags") or []) for i in items) >= 20, code
    assert sum(not i.get("flags") for i in items) >= 100


def test_every_sentence_rule_is_precise() -> None:
    scores, mistakes = quality.evaluate(quality.load(CORPUS))
    table = quality.report(scores)
    false_positives = "\n".join(f"  {m.code}: {m.text}" for m in mistakes if m.kind == "false positive")
    assert all(s.precision >= 0.9 for s in scores.values()), f"\n{table}\n{false_positives}"
    # recall is reported, not required, but a rule that finds nothing is broken
    assert all(s.recall >= 0.5 for s in scores.values()), f"\n{table}"
