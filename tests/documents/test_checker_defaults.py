"""The rules' defaults as calibrated on real prose (docs/writing-checker.md) decide which
findings are major; the rest of what the thorough settings find is listed as minor, never
hidden; options set by a workspace or a document make a rule report exactly what they ask."""

from __future__ import annotations

from typing import Any

import pytest

from dayone.documents.checks import check_markdown

HEAD = "---\ntype: narrative\n---\n# Plan\n\n"


def found(body: str, code: str, settings: Any = None, priority: str = "major") -> list[str]:
    """The messages of one rule's findings of one priority on a narrative."""
    return [f.message for f in check_markdown(HEAD + body, settings=settings).findings
            if f.code == code and f.priority == priority]


def minor(body: str, code: str) -> list[str]:
    return found(body, code, priority="minor")


LONG = ("The team that runs the checkout service for the grocery stores in Tacoma and in Seattle "
        "reviews every change to the payment page with the finance team before it ships to customers.")


def test_sentence_length_flags_what_loses_the_reader_not_every_third_sentence() -> None:
    assert len(LONG.split()) == 32
    assert found(LONG + "\n", "sentence-length") == []
    assert minor(LONG + "\n", "sentence-length") == ["This sentence has 32 words (limit 20); readers lose the thread."]
    assert found(LONG + "\n", "sentence-length", {"sentence-length": {"max_words": 20}}) == [
        "This sentence has 32 words (limit 20); readers lose the thread."]
    longer = LONG[:-1] + ", and the finance team answers within two days of the request."
    assert found(longer + "\n", "sentence-length") == [
        "This sentence has 43 words (limit 36); readers lose the thread."]
    assert minor(longer + "\n", "sentence-length") == []  # once, as major


MOSTLY_PASSIVE = ("Support for pipelines can be added later. When it is added, the images are not rebuilt. "
                  "They are replicated to each stage. The team owns the plan.\n")


def test_passive_voice_is_minor_unless_a_workspace_asks_for_it() -> None:
    """On real prose a passive paragraph mostly describes what a system does (3 of 13 worth a
    rewrite): every passive is listed as minor; a workspace that sets the rule's options gets
    the paragraphs written mostly in the passive, or every passive, as major."""
    one = "The tax rules were changed in March. The team updated the invoices.\n"
    assert found(one, "passive-voice") == []
    assert minor(one, "passive-voice") == ["`were changed` is passive: the reader cannot tell who acts."]
    assert found(MOSTLY_PASSIVE, "passive-voice") == []
    assert len(minor(MOSTLY_PASSIVE, "passive-voice")) == 4  # each passive, where it stands
    density = {"passive-voice": {"min_sentences": 3, "min_share": 0.75}}
    (message,) = found(MOSTLY_PASSIVE, "passive-voice", density)
    assert message.startswith("3 of the paragraph's 4 sentences are passive (`be added`, `is added`, "
                              "`are not rebuilt`, `are replicated`)")
    every = {"passive-voice": {"min_sentences": 1, "min_share": 0}}  # every passive where it stands
    assert found(one, "passive-voice", every) == ["`were changed` is passive: the reader cannot tell who acts."]
    half = {"passive-voice": {"min_sentences": 1, "min_share": 0.5}}
    assert found(one, "passive-voice", half) == [
        "1 of the paragraph's 2 sentences is passive (`were changed`): the reader cannot tell who acts."]


@pytest.mark.parametrize(("code", "text"), [
    ("vague-time", "We will eventually merge the two teams.\n"),
    ("number-without-unit", "Sales grew 15 last quarter.\n"),
])
def test_vague_time_and_bare_numbers_are_minor_unless_a_workspace_switches_them_on(code: str, text: str) -> None:
    """3 of 16 vague times and 0 of 9 bare numbers on real prose were worth a rewrite."""
    assert found(text, code) == []
    assert len(minor(text, code)) == 1
    assert len(found(text, code, {code: "on"})) == 1


def test_weasel_words_default_to_hedges_and_a_workspace_adds_the_rest() -> None:
    text = "Many customers will probably use it, and we should possibly ask them.\n"
    assert [m.split("`")[1] for m in found(text, "weasel-word")] == ["probably"]
    assert [m.split("`")[1] for m in minor(text, "weasel-word")] == ["Many", "should", "possibly"]
    wider = {"weasel-word": {"extra_words": ["many", "should"]}}
    assert [m.split("`")[1] for m in found(text, "weasel-word", wider)] == ["Many", "probably", "should"]


def test_comparatives_are_minor_until_switched_on() -> None:
    text = "The new checkout is faster.\n"
    assert found(text, "comparative-without-baseline") == []
    assert len(minor(text, "comparative-without-baseline")) == 1
    for on in ("on", {"enabled": True}):
        assert len(found(text, "comparative-without-baseline", {"comparative-without-baseline": on})) == 1
    front = "---\ntype: narrative\nchecks:\n  comparative-without-baseline: on\n---\n# Plan\n\n" + text
    assert [f.code for f in check_markdown(front).findings] == ["comparative-without-baseline"]


def test_acronyms_skip_computing_words_and_two_character_labels() -> None:
    text = "The API sends SSE events to the V1 client, and QA checks the JSON.\n"
    assert [m.split("`")[1] for m in found(text, "acronym-undefined")] == ["SSE"]
    assert [m.split("`")[1] for m in minor(text, "acronym-undefined")] == ["API", "V1", "QA", "JSON"]
    assert [m.split("`")[1] for m in found(text, "acronym-undefined",
                                           {"acronym-undefined": {"min_length": 2}})] == ["SSE", "V1", "QA"]
    team = {"acronym-undefined": {"extra_known": ["SSE"]}}
    assert found(text, "acronym-undefined", team) == []


@pytest.mark.parametrize(("settings", "field", "says"), [
    ({"passive-voice": {"min_share": 1.5}}, "checks.passive-voice.min_share", "a number from 0 to 1"),
    ({"passive-voice": {"min_sentences": "three"}}, "checks.passive-voice.min_sentences",
     "a whole number from 1 to 100"),
    ({"acronym-undefined": {"min_length": 1}}, "checks.acronym-undefined.min_length",
     "a whole number from 2 to 20"),
    ({"bullet-in-narrative": {"min_item_words": -4}}, "checks.bullet-in-narrative.min_item_words",
     "a whole number from 1 to 1,000"),
    ({"comparative-without-baseline": {"enabled": "yes please"}},
     "checks.comparative-without-baseline.enabled", "true or false"),
])
def test_a_bad_value_for_a_new_option_is_a_finding(settings: Any, field: str, says: str) -> None:
    result = check_markdown(HEAD + MOSTLY_PASSIVE, settings=settings)
    (problem,) = [f for f in result.findings if f.code == "check-config"]
    assert problem.location.field == field and says in problem.message
    assert "passive-voice" in [f.code for f in result.findings]  # the rule runs with its default


@pytest.mark.parametrize("text", [
    "Python 3.9 could be called Python 3.20 since it is released in October '20.",  # a year
    "That is, the character v, U+0075, followed by the version.",  # a code point
    "After the release of Python 3.X.0, the 3.X series is maintained for five years.",  # a pattern
    "Feature work on 3.(X+1).0 starts when 3.X.0 reaches its first beta.",
    "Before 1.0, there was a big clean-up of the standard library.",  # a version as a milestone
    "Rust 2015 (a.k.a 1.0) was all about stability.",
])
def test_numbers_that_are_not_counts_in_real_prose(text: str) -> None:
    assert found(text + "\n", "number-without-unit") == minor(text + "\n", "number-without-unit") == []


def test_a_bare_number_is_still_reported() -> None:
    assert minor("The ratio fell to 1.5.\n", "number-without-unit") == [
        "`1.5` has no unit: the reader cannot tell what it counts."]
    assert minor("Latency fell from 300 to 120.\n", "number-without-unit")
