"""Every setting the checker reads — each rule's options, `enabled`, the word-list extras,
and the front matter's `type`, `launch_date` and `checks` — is checked for type and range.
Whatever value arrives (hypothesis draws them), the check runs: a bad value is a finding
that names the field, the value and what is allowed, and the rule falls back."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dayone.documents.checks import check_markdown
from dayone.documents.checks.engine import RULES
from dayone.documents.checks.front_matter import DOC_TYPES, launch_date
from dayone.documents.checks.text import Doc

OPTIONS = sorted((code, name) for code, rule in RULES.items() for name in rule.options())
SCALARS = (st.none() | st.booleans() | st.integers(min_value=-10**30, max_value=10**30)
           | st.floats() | st.text(max_size=12) | st.dates()
           | st.sampled_from(["abc", "2026-04-31", "A4", "Letter", "off", "on", "", " ", "20", "1e3"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=8)
BODY = "# Plan\n\nWe sell tea to 40 families in Tacoma. Sales grew significantly in March 2026.\n"


def _front(front: dict[str, Any]) -> str:
    return "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + BODY


def _config_findings(result: Any, field: str) -> list[str]:
    return [f.message for f in result.findings
            if f.code in ("check-config", "front-matter") and f.location.field == field]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(OPTIONS), VALUES)
def test_any_option_value_in_front_matter_is_checked_or_reported(option: tuple[str, str], value: Any) -> None:
    code, name = option
    text = _front({"type": "narrative", "checks": {code: {name: value}}})
    result = check_markdown(text)  # never raises
    loaded = Doc(text).front_matter["checks"][code][name]
    messages = _config_findings(result, f"checks.{code}.{name}")
    kind = RULES[code].options()[name]
    if kind.accepts(loaded):
        assert messages == []
    else:
        (message,) = messages
        assert message.startswith(f"front matter: checks.{code}.{name}: ")
        assert kind.allowed in message and "is not allowed" in message


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(OPTIONS), VALUES)
def test_any_option_value_in_workspace_settings_is_checked_or_reported(option: tuple[str, str],
                                                                      value: Any) -> None:
    code, name = option
    result = check_markdown(BODY, doc_type="narrative", settings={code: {name: value}})
    messages = _config_findings(result, f"checks.{code}.{name}")
    kind = RULES[code].options()[name]
    if kind.accepts(value):
        assert messages == []
    else:
        (message,) = messages
        assert message.startswith(f"workspace settings: checks.{code}.{name}: ")
        assert kind.allowed in message and "/admin/checks" in (result.findings[0].suggestion or "")


@settings(max_examples=200, deadline=None)
@given(VALUES, VALUES)
def test_any_rule_value_and_any_layer_shape_is_reported_not_raised(rule_value: Any, layer: Any) -> None:
    code = sorted(RULES)[hash(repr(rule_value)) % len(RULES)]
    check_markdown(BODY, doc_type="narrative", settings={code: rule_value})
    check_markdown(BODY, doc_type="narrative", settings=layer)
    check_markdown(_front({"type": "narrative", "checks": layer}))
    check_markdown(_front({"type": "narrative", "checks": {code: rule_value}}))


@settings(max_examples=200, deadline=None)
@given(VALUES)
def test_any_type_and_launch_date_in_front_matter(value: Any) -> None:
    for key in ("type", "launch_date"):
        text = _front({key: value})
        result = check_markdown(text, doc_type="prfaq", today=date(2026, 11, 25))
        loaded = Doc(text).front_matter[key]
        valid = loaded is None or (
            isinstance(loaded, str) and loaded.lower() in DOC_TYPES if key == "type"
            else launch_date({"launch_date": loaded}) is not None)
        messages = _config_findings(result, key)
        assert (messages == []) == valid, (key, loaded, messages)
    check_markdown(_front({"type": value}))  # read as the document's type: never raises


@pytest.mark.parametrize(("matter", "field", "says"), [
    ("checks:\n  sentence-length: {max_words: abc}\n", "checks.sentence-length.max_words",
     "'abc' is not allowed; use a whole number from 1 to 500"),
    ("checks:\n  sentence-length: {max_words: 0}\n", "checks.sentence-length.max_words", "0 is not allowed"),
    ("checks:\n  readability: {max_grade: .nan}\n", "checks.readability.max_grade", "a number from 0 to 30"),
    ("checks:\n  page-limit: {paper: A5}\n", "checks.page-limit.paper", "use one of A4, Letter"),
    ("checks:\n  page-limit: {narrative_pages: .inf}\n", "checks.page-limit.narrative_pages", "from 0.5 to 100"),
    ("checks:\n  weasel-word: {extra_words: [1, 2]}\n", "checks.weasel-word.extra_words", "a list of at most"),
    ("checks:\n  weasel-word: {allow: many}\n", "checks.weasel-word.allow", "'many' is not allowed"),
    ("checks:\n  passive-voice: {allow: [was]}\n", "checks.passive-voice.allow", "unknown option `allow`"),
    ("checks:\n  sentence-length: {enabled: maybe}\n", "checks.sentence-length.enabled", "true or false"),
    ("checks:\n  sentence-length: 25\n", "checks.sentence-length", "use off, on or a mapping"),
    ("checks: [sentence-length]\n", "checks", "is not a mapping of rule codes"),
    ("launch_date: someday\n", "launch_date", "'someday' is not allowed; use a date such as 2027-03-03"),
    ("launch_date: 1066-10-14\n", "launch_date", "in the years 1900 to 2999"),
])
def test_each_bad_value_names_the_field_value_and_what_is_allowed(matter: str, field: str, says: str) -> None:
    text = f"---\ntype: narrative\n{matter}---\n{BODY}"
    (message,) = _config_findings(check_markdown(text), field)
    assert says in message


def test_a_bad_value_falls_back_to_the_workspace_value_then_the_default() -> None:
    long = "---\ntype: narrative\nchecks:\n  sentence-length: {max_words: abc}\n---\n" + \
        "We sell tea to families in Tacoma and in Seattle and in Portland every week of the year.\n"
    codes = [f.code for f in check_markdown(long).findings]
    assert "sentence-length" not in codes  # 17 words: under the default of 36
    strict = check_markdown(long, settings={"sentence-length": {"max_words": 10}})
    assert "sentence-length" in [f.code for f in strict.findings]  # the workspace's 10 applies


def test_an_impossible_date_anywhere_in_front_matter_is_a_finding() -> None:
    result = check_markdown("---\ntype: prfaq\nlaunch_date: 2026-04-31\n---\n" + BODY)
    (finding,) = [f for f in result.findings if f.code == "front-matter"]
    assert "2026-04-31" in finding.message
