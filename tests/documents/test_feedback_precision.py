"""Every interview-feedback rule keeps precision ≥ 0.8 on the labelled notes
(tests/documents/feedback_corpus/, written by us), and the gate catches a rule that flags
everything or a corpus whose labels cannot be read."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from dayone.documents.checks.feedback import FEEDBACK_RULES, StarLike, check_feedback, quality
from dayone.findings import Finding, Level, Location

CORPUS = Path(__file__).parent / "feedback_corpus"


def test_corpus_is_big_varied_and_says_where_it_comes_from() -> None:
    items = quality.load(CORPUS)
    assert len(items) >= 120
    assert {"engineers.yaml", "product.yaml", "operations.yaml", "sales.yaml"} <= {i.file for i in items}
    for code in FEEDBACK_RULES:
        assert sum(code in {c for c, _ in i.expect} for i in items) >= 15, code
        assert sum(code in {c for c, _ in i.wrong} for i in items) >= 8, code  # hard cases for each rule
    assert sum(not i.expect for i in items) >= 40
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert "Written by us" in readme and "no real candidate data" in readme and "licence" in readme


def test_every_feedback_rule_is_precise() -> None:
    outcome = quality.evaluate(quality.load(CORPUS))
    mistakes = "\n".join(f"  {m.kind}: {m.item} {m.code} {m.part}: {m.text}" for m in outcome.mistakes)
    assert quality.imprecise(outcome) == [], f"\n{quality.report(outcome)}\n{mistakes}"
    # recall is reported, not required, but a rule that finds little is broken
    assert all(s.recall >= 0.5 for s in outcome.scores.values()), quality.report(outcome)


def _everywhere(code: str) -> quality.Checker:
    """check_feedback, with rule ``code`` flagging every part."""
    def checker(notes: Sequence[StarLike], vote_reason: str) -> list[Finding]:
        found = [f for f in check_feedback(notes, vote_reason) if f.code != code]
        fields = [f"notes[{n.principle}].{part}" for n in notes for part in quality.STAR] + ["vote_reason"]
        return found + [Finding(Level.WARNING, code, "flagged", Location(field=field)) for field in fields]
    return checker


@pytest.mark.parametrize("code", sorted(FEEDBACK_RULES))
def test_the_gate_fails_a_rule_that_flags_everything(code: str) -> None:
    outcome = quality.evaluate(quality.load(CORPUS), _everywhere(code))
    assert quality.imprecise(outcome) == [code]


def test_the_gate_fails_a_rule_that_misses_its_own_kind() -> None:
    """A checker that reports opinions on the wrong part is all false positives and misses."""
    def shifted(notes: Sequence[StarLike], vote_reason: str) -> list[Finding]:
        found = check_feedback(notes, vote_reason)
        return [Finding(f.level, f.code, f.message, Location(field="notes[x].situation"))
                if f.code == "feedback-opinion" else f for f in found]
    outcome = quality.evaluate(quality.load(CORPUS), shifted)
    assert "feedback-opinion" in quality.imprecise(outcome)


@pytest.mark.parametrize(("text", "says"), [
    ("- id: a\n  principle: P\n  expect: [opinion vote]\n  wrong: []\n", "a: `expect` has 'opinion vote'"),
    ("- id: a\n  principle: P\n  expect: [tone action]\n  wrong: []\n", "write \"<rule> <part>\""),
    ("- id: a\n  principle: P\n  expect: []\n", "a: needs `wrong`"),
    ("- id: a\n  principle: P\n  expect: [opinion task]\n  wrong: [opinion task]\n", "both expected and wrong"),
    ("- id: a\n  principle: P\n  action: 3\n  expect: []\n  wrong: []\n", "`action` must be text"),
    ("- id: a\n  expect: []\n  wrong: []\n- id: a\n  expect: []\n  wrong: []\n", "id 'a' is used twice"),
    ("id: a\n", "expected a list of notes"),
])
def test_a_corpus_file_that_cannot_be_read_names_the_file_and_item(tmp_path: Path, text: str, says: str) -> None:
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(quality.CorpusError) as error:
        quality.load(tmp_path)
    assert str(error.value).startswith("bad.yaml: ") and says in str(error.value)
