"""The goal wording rules through check_goal: what each one flags and leaves alone, the
workspace settings they share with the document rules, and any text at all."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dayone.documents.checks import check_markdown
from dayone.documents.checks.goals import RULES, check_goal
from dayone.findings import Level

GOOD = "Cut checkout API p99 latency for EU customers from 800 ms to 300 ms by Q3 2027"


def codes(text: str, **kwargs: Any) -> set[str]:
    return {f.code for f in check_goal(text, **kwargs)}


def test_a_precise_goal_has_no_finding() -> None:
    assert check_goal(GOOD, owners=["Ava Chen"]) == []


def test_every_goal_rule_runs_under_the_doc_type_goal() -> None:
    assert {r.code for r in RULES} == {"goal-no-number", "goal-no-date", "goal-no-unit", "goal-no-scope",
                                       "goal-vague-verb", "goal-baseline-missing", "goal-many-owners"}
    assert all(r.doc_types == frozenset({"goal"}) for r in RULES)


@pytest.mark.parametrize("when", ["by Q3 2027", "by end of FY26", "in 2027", "by December 31",
                                  "by September 30, 2025", "by the end of the quarter", "by the mid-2020s",
                                  "in the 2024-2025 school year", "by 2023/24", "within 90 days", "by 1H27"])
def test_dates_in_the_forms_goals_use(when: str) -> None:
    assert "goal-no-date" not in codes(f"Raise the share of EU customers on annual plans to 40% {when}")


@pytest.mark.parametrize("text", [
    "Raise the share of EU customers on annual plans to 40%",
    "Publish changelog videos for the product every two weeks",  # a cadence is not a deadline
    "Keep support CSAT above 4.6 (4.5 at start of Q3)",  # the date of the baseline
    "Serve 20% more sellers than in October",
])
def test_no_deadline_is_a_finding(text: str) -> None:
    assert "goal-no-date" in codes(text)


@pytest.mark.parametrize("unit", ["p99 latency under 200", "90th percentile latency under 200 ms", "95%",
                                  "$3M", "1,200 customers", "14 days", "200ms", "2x"])
def test_units_and_percentiles(unit: str) -> None:
    assert "goal-no-unit" not in codes(f"Reach {unit} for the checkout API in Germany by Q3 2027")


def test_a_bare_figure_has_no_unit_and_the_finding_points_at_it() -> None:
    [finding] = [f for f in check_goal("Raise onboarding NPS for new sellers to 50 by Q3 2027")
                 if f.code == "goal-no-unit"]
    assert finding.location.column == 41 and finding.location.end_column == 43
    assert "`50`" in finding.message and finding.level is Level.WARNING
    # a range shares its unit; a name's digits and a year are no figures
    assert "goal-no-unit" not in codes("Raise the share of paid seats in the EU from 30 to 45% by 2027")
    assert codes("Pass the SOC 2 Type 2 audit for the EU region by Q3 2027") == {"goal-no-number"}


def test_no_number() -> None:
    assert "goal-no-number" in codes("Ship a Java SDK by Q3 2027")
    assert "goal-no-number" not in codes("Connect six million rural households to broadband by 2027")
    assert "goal-no-number" not in codes("Cut the gap in reading scores between schools in half by 2030")


@pytest.mark.parametrize("text", ["Reduce p99 latency to 200 ms by Q3 2027", "Increase NPS to 50 by end of FY26",
                                  "Keep uptime at 99.95% through 2027",
                                  "Average latency stays under 200 ms through 2027"])
def test_a_figure_with_nothing_it_applies_to_has_no_scope(text: str) -> None:
    assert "goal-no-scope" in codes(text)


@pytest.mark.parametrize("text", ["Reduce p99 latency of the checkout API to 200 ms by Q3 2027",
                                  "Raise the share of Florida residents with a degree to 60% by 2025",
                                  "Connect 6,250,000 households to broadband by 2027",
                                  "Answer 80% of tickets from enterprise accounts within 4 hours by Q2 2027",
                                  "The monthly growth review is a two hour job by Q3 2027"])
def test_a_product_place_segment_or_population_is_a_scope(text: str) -> None:
    assert "goal-no-scope" not in codes(text)


def test_a_vague_verb_without_a_measure() -> None:
    [finding] = [f for f in check_goal("Improve SDK standardization by Q4 2027") if f.code == "goal-vague-verb"]
    assert (finding.location.column, finding.location.end_column) == (1, 8)
    for text in ("Enhance community safety", "Drive up housing supply", "Optimize the onboarding flow",
                 "Better reporting on content performance"):
        assert "goal-vague-verb" in codes(text), text
    # a measure makes the verb precise; another sense of the word is no aim
    assert "goal-vague-verb" not in codes("Improve the share of trials that convert to 30% by Q3 2027")
    assert "goal-vague-verb" not in codes("Launch the self-driving mode for fleet customers")
    assert "goal-vague-verb" not in codes("Create affordable housing and support services for residents")


def test_a_baseline_named_but_not_given() -> None:
    for text in ("Certified skills get used more in q1 2027 than in q4 2026",
                 "Time to a first deck is shorter than it was in October",
                 "Cut onboarding time by 30% compared to a baseline from the start of the quarter"):
        assert "goal-baseline-missing" in codes(text), text
    for text in ("No customer goes more than 30 days without contact", "Raise NPS from 31 to 45 by 2027",
                 "Sell more seats in the EU than in the US by Q3 2027"):
        assert "goal-baseline-missing" not in codes(text), text


def test_more_than_one_owner() -> None:
    assert "goal-many-owners" in codes(GOOD, owners=["Ava Chen", "Ben Ode"])
    assert "goal-many-owners" in codes("Expand ad platforms to 5 networks by Q3 2027 (Brian + Jonah)")
    assert "goal-many-owners" not in codes(GOOD, owners=["Ava Chen"])
    assert "goal-many-owners" not in codes("Hit CSM net revenue retention of 120% by Q4 2027 (CSMs)")
    assert "goal-many-owners" not in codes(GOOD, owners=["Ava Chen", "Ben Ode"],
                                           settings={"goal-many-owners": {"max_owners": 2}})


def test_workspace_settings_switch_and_tune_goal_rules_as_for_documents() -> None:
    assert "goal-no-date" not in codes("Ship a Java SDK", settings={"goal-no-date": "off"})
    assert "goal-vague-verb" in codes("Revamp the billing page",
                                      settings={"goal-vague-verb": {"extra_words": ["revamp"]}})
    assert "goal-vague-verb" not in codes("Improve the billing page",
                                          settings={"goal-vague-verb": {"allow": ["improve"]}})
    # the settings of document rules are the documents' business, and the reverse
    assert check_goal(GOOD, settings={"passive-voice": "off"}) == []
    doc = check_markdown("---\ntype: narrative\n---\n# Plan\n\nWe ship in March 2027.\n",
                         settings={"goal-no-scope": "off", "goal-many-owners": {"max_owners": 2}})
    assert not [f for f in doc.findings if f.code == "check-config"]
    assert not [f for f in doc.findings if f.code.startswith("goal-")]


def test_a_bad_goal_setting_is_a_finding_and_the_rule_keeps_its_default() -> None:
    found = check_goal("Ship a Java SDK (Ava + Ben)", settings={"goal-many-owners": {"max_owners": 0},
                                                                "goal-no-dat": "off"})
    problems = [f for f in found if f.code == "check-config"]
    assert [p.location.field for p in problems] == ["checks.goal-many-owners.max_owners", "checks.goal-no-dat"]
    assert "did you mean `goal-no-date`" in (problems[1].suggestion or "")
    assert {"goal-many-owners", "goal-no-date"} <= {f.code for f in found}
    assert [f.code for f in check_goal(GOOD, settings=["not", "a", "mapping"])] == ["check-config"]


def test_a_goal_is_plain_text_even_when_it_starts_like_front_matter() -> None:
    assert "goal-no-number" in codes("---\ntype: narrative\n---\nShip the SDK")
    assert check_goal("") != [] and check_goal("   \n") != []


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.lists(st.text(max_size=20), max_size=4))
def test_any_text_is_checked_without_an_error(text: str, owners: list[str]) -> None:
    for finding in check_goal(text, owners=owners):
        assert finding.code.startswith("goal-") and finding.location.line is not None


GOALISH = st.lists(st.sampled_from(["Improve", "Reduce", "p99", "latency", "to", "200", "ms", "by", "Q3",
                                    "2027", "FY26", "than", "in", "October", "(Ava", "+", "Ben)", "$5k", "50%",
                                    "customers", "December", "31,", "-", "x", "2x", "of", "the", "EU", "baseline",
                                    "more", "one", "half", "[a](http://x/1)", "=", "SOC", "2"]), max_size=40)


@settings(max_examples=300, deadline=None)
@given(GOALISH)
def test_goal_like_text_is_checked_without_an_error(words: list[str]) -> None:
    text = " ".join(words)
    for finding in check_goal(text):
        loc = finding.location
        assert loc.column is not None and loc.end_column is not None and loc.column <= loc.end_column + len(text)


@pytest.mark.parametrize("unit", ["5 more ", "Improve 2027 than in Q3 2026 of the EU (Ava + Ben) ", "1,", "2027 "])
def test_a_long_text_is_checked_with_sound_findings(unit: str) -> None:
    """A pasted page is not a goal, but it must not hang the form: every step reads a span
    once (the first version took minutes on 140,000 characters of "5 more"). A quadratic
    regression shows as a slow suite; `python benchmarks/goal_checker.py` prints the time of
    these shapes. Timings are never asserted here."""
    text = unit * (100_000 // len(unit))
    for finding in check_goal(text):
        loc = finding.location
        assert loc.column is not None and 0 <= loc.column <= len(text)
