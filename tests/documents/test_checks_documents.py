"""Document rules on a clean PR/FAQ and on one mutation per rule: each mutation must
produce its rule's finding and nothing else."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dayone.documents.checks import check_markdown

GOOD = (Path(__file__).parent / "fixtures" / "good-prfaq.md").read_text()
TODAY = date(2026, 11, 25)


def codes(text: str, **kw: object) -> list[str]:
    return [f.code for f in check_markdown(text, today=TODAY, **kw).findings]  # type: ignore[arg-type]


def test_the_good_prfaq_is_clean() -> None:
    assert codes(GOOD) == []
    assert codes(GOOD, layout_pages=True) == []


MUTATIONS = {
    "missing-section": [('## Customer quote\n"I reorder our weekly groceries from the train in ten seconds," '
                         'said Dana Brooks, a teacher in Tacoma.\n\n', "")],
    "section-order": [("## Problem\n", "## Solution-tmp\n"), ("## Solution\n", "## Problem\n"),
                      ("## Solution-tmp\n", "## Solution\n")],
    "heading-one-sentence": [("for busy households.", "for busy households. It is great.")],
    "subheading-one-sentence": [("the next morning.", "the next morning. Free.")],
    "dateline": [("SEATTLE, WA — (BUSINESS WIRE) — March 3, 2099 — ", "")],
    "launch-date-past": [("March 3, 2099", "March 3, 2024")],
    "quote-missing": [('"I reorder our weekly groceries from the train in ten seconds," said',
                       "Dana Brooks reorders from the train, said")],
    "internal-faq-coverage": [("It costs $400,000 to build. We expect $2.5 million in extra revenue "
                               "in the first year.", "We will find out."),
                              ("What are the economics?", "What else?")],
}


@pytest.mark.parametrize("code", MUTATIONS)
def test_each_mutation_triggers_only_its_rule(code: str) -> None:
    text = GOOD
    for old, new in MUTATIONS[code]:
        assert old in text
        text = text.replace(old, new)
    assert codes(text) == [code]


def test_missing_faqs_and_an_unwritten_press_release_are_one_finding_each() -> None:
    found = [f.message for f in check_markdown("---\ntype: prfaq\n---\n# Idea\nWe sell tea.\n",
                                               today=TODAY).findings if f.code == "missing-section"]
    assert len(found) == 3
    assert "The press release is not written yet: it has no subheading, problem, solution" in found[2]
    assert "no customer FAQ" in found[0] and "no internal FAQ" in found[1]


def test_positions_point_at_the_words() -> None:
    text = "---\ntype: narrative\n---\n# Plan\n\nSales grew significantly in March 2026.\n"
    (finding,) = check_markdown(text).findings
    loc = finding.location
    assert (finding.code, loc.line, loc.column, loc.end_line, loc.end_column) == (
        "weasel-word", 6, 12, 6, 25)
    assert text.splitlines()[5][loc.column - 1:loc.end_column - 1] == "significantly"


def test_bullets_in_a_narrative_body_but_not_its_appendix() -> None:
    text = ("---\ntype: narrative\nchecks:\n  bullet-in-narrative: {min_item_words: 1}\n---\n# Plan\n\n"
            "We ship in March 2027.\n\n- one thing\n- another thing\n\n# Appendix\n\n- detail\n- other detail\n")
    result = check_markdown(text)
    assert [(f.code, f.location.line) for f in result.findings] == [("bullet-in-narrative", 10)]


ARGUMENT = ("Customers cannot see what their code creates, because one line of it makes two resources and "
            "an execution role that nobody wrote, and they find out only when they read the template "
            "after a failed deployment, which costs them an afternoon each time it happens to them.")


def test_by_default_only_paragraphs_written_as_bullets_are_major() -> None:
    """A list of short items (names, dates, steps) reads well in a narrative: a minor finding;
    a list whose items are paragraphs hides the reasoning between them: a major one
    (docs/writing-checker.md)."""
    def lists(text: str, priority: str = "major") -> list[tuple[int | None, int | None]]:
        return [(f.location.line, f.location.end_line) for f in check_markdown(text).findings
                if f.code == "bullet-in-narrative" and f.priority == priority]

    head = "---\ntype: narrative\n---\n# Plan\n\nWe ship in March 2027.\n\n"
    short = head + "- Ava Chen, author\n- Ben Ode, reviewer\n- Cy Park, approver\n"
    assert lists(short) == [] and lists(short, "minor") == [(8, 10)]
    assert lists(head + f"- {ARGUMENT}\n- {ARGUMENT}\n") == [(8, 9)]
    assert lists(head + f"- {ARGUMENT}\n") == []  # a single item is not a list of points
    assert lists(short.replace("---\n#", "checks:\n  bullet-in-narrative: {min_item_words: 3}\n---\n#")) == [
        (10, 12)]


def test_suppression_on_one_line_and_config_layers() -> None:
    text = ("---\ntype: narrative\nchecks:\n  passive-voice: off\n  sentence-length: {max_words: 5}\n---\n"
            "The plan was approved by Ava on 3 March 2027.\n"
            "We probably have stores. <!-- dayone-ignore: weasel-word -->\n"
            "We probably have stores.\n")
    found = [(f.code, f.location.line) for f in check_markdown(text).findings]
    assert ("passive-voice", 7) not in found
    assert ("sentence-length", 7) in found
    assert ("weasel-word", 8) not in found and ("weasel-word", 9) in found
    workspace = {"weasel-word": "off"}
    assert not [c for c, _ in [(f.code, 0) for f in check_markdown(text, settings=workspace).findings]
                if c == "weasel-word"]


def test_bad_settings_are_findings_with_did_you_mean() -> None:
    text = "---\ntype: narrative\nchecks:\n  weasle-word: off\n  sentence-length: {max_word: 5}\n---\nHi.\n"
    found = {f.code: f for f in check_markdown(text).findings if f.code == "check-config"}
    messages = [f.message + " " + (f.suggestion or "")
                for f in check_markdown(text).findings if f.code == "check-config"]
    assert any("unknown rule `weasle-word`" in m and "did you mean `weasel-word`" in m for m in messages)
    assert any("unknown option `max_word`" in m and "did you mean `max_words`" in m for m in messages)
    assert found


def test_bad_front_matter_and_type() -> None:
    assert "front-matter" in codes("---\ntype: [unclosed\n---\nText.\n")
    assert codes("Text.\n", doc_type="memo") == ["document-type"]


def test_readability_names_the_hardest_paragraphs() -> None:
    hard = ("Notwithstanding organizational considerations, institutional stakeholders "
            "systematically underestimate operational interdependencies. ") * 4
    easy = "We sell tea. It is good. You can buy it here. " * 3
    text = f"---\ntype: narrative\n---\n# Plan\n\n{easy}\n\n{hard}\n"
    (finding,) = [f for f in check_markdown(text).findings if f.code == "readability"]
    assert "Hardest paragraphs: line 8" in finding.message
    assert finding.level.value == "suggestion"


def test_page_limits_by_layout_and_by_estimate() -> None:
    long_pr = GOOD.replace("## Problem\n", "## Problem\n" + ("Families rebuild baskets by hand. " * 150)
                           + "\n\n")
    assert "page-limit" in codes(long_pr)
    assert "page-limit" in codes(long_pr, layout_pages=True)
    body = "\n\n".join(["Our stores sell tea to families in Tacoma on 3 March 2027."] * 260)
    narrative = f"---\ntype: narrative\n---\n# Plan\n\n{body}\n\n# Appendix\n\n{body}\n"
    (finding,) = [f for f in check_markdown(narrative, layout_pages=True).findings
                  if f.code == "page-limit"]
    assert "narrative body runs to" in finding.message and "limit is 6" in finding.message


def test_a_loose_list_is_one_bullet_finding() -> None:
    """A list whose items are a blank line apart (as PEPs and RFCs write them) is one list."""
    text = ("---\ntype: narrative\nchecks:\n  bullet-in-narrative: {min_item_words: 1}\n---\n# Plan\n\n"
            "We ship in March 2027.\n\n- one thing\n\n- another thing\n\n  its second paragraph\n\n"
            "- a third thing\n\nWe then measure it.\n\n1. a second list\n2. its second item\n")
    result = check_markdown(text)
    assert [(f.code, f.location.line, f.location.end_line) for f in result.findings] == [
        ("bullet-in-narrative", 10, 16), ("bullet-in-narrative", 20, 21)]
