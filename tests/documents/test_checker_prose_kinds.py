"""Kinds of words that real prose uses in a sense the rules must not flag, and the shapes of
real press releases the PR/FAQ reader must read (found on tests/documents/real_prose)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dayone.documents.checks import check_markdown

NARRATIVE = "---\ntype: narrative\n---\n# Plan\n\n"


def codes(body: str, code: str, *, head: str = NARRATIVE, settings: Any = None, every: bool = True) -> list[str]:
    """The words one rule flags (with ``every``, its minor findings too)."""
    source = head + body
    result = check_markdown(source, settings=settings)
    found = [f for f in result.findings if f.code == code and (every or f.priority == "major")]
    lines = source.split("\n")
    return [lines[f.location.line - 1][f.location.column - 1:f.location.end_column - 1] for f in found]


@pytest.mark.parametrize("text", [
    "Nearly 300 members and 2,000 committers work on it.",
    "For nearly a decade, the two communities have shared feedback.",
    "It is almost a thousand lines of code.",
    "SAM covers a relatively small set of structures, while CDK covers all of them.",
    "The book is kept relatively up to date, although the reference is not.",
    "It does not substantially change the state of the documentation.",
    "We need it without bundling them into the library and significantly impacting its size.",
    "If the feature substantially changes the best way to solve a problem, say so.",
])
def test_weasel_words_in_a_sense_that_claims_no_vague_size(text: str) -> None:
    assert codes(text + "\n", "weasel-word") == []


@pytest.mark.parametrize(("text", "word"), [
    ("The work is nearly done.", "nearly"),
    ("The champion is expected to be relatively versed in the library.", "relatively"),
    ("The reference is substantially out of date.", "substantially"),
    ("This RFC will be enhanced significantly later.", "significantly"),
])
def test_weasel_words_that_hedge_a_size_are_still_major(text: str, word: str) -> None:
    assert codes(text + "\n", "weasel-word", every=False) == [word]


@pytest.mark.parametrize("text", [
    "IBM will provide code and a team of programmers.",
    "Contact: Sally Khudairi, ZOT Group, for interviews.",
    "The OASIS Technical Committee co-chairs welcomed it.",
    "It may be hard to implement [RFC 193][RFC193] compatibly.",
    "The KPIs are TBD until the review.",
])
def test_names_household_words_and_link_labels_are_not_undefined_acronyms(text: str) -> None:
    assert codes(text + "\n", "acronym-undefined", every=False) == []


def test_an_acronym_a_reader_must_decode_is_still_flagged() -> None:
    assert codes("Tuscany supports the Open CSA specifications and DWR.\n", "acronym-undefined",
                 every=False) == ["CSA", "DWR"]


def test_a_link_label_is_not_read_as_prose() -> None:
    assert codes("It is hard to implement [the change][QZX193] compatibly.\n", "acronym-undefined") == []
    assert codes("It is hard to implement the QZX193 change compatibly.\n", "acronym-undefined") == ["QZX193"]


PRESS = "---\ntype: prfaq\n---\n# Acme Pay takes cards\n\nShops take cards on their phones.\n\n"


def test_a_datelines_words_are_not_counted_in_its_sentence() -> None:
    body = ("FOREST HILL, MD — 3 March, 2030 — Acme today announced the graduation of the Pay project from "
            "its incubator as a product of its own, signifying that the project's community and its code have "
            "been well run under the company's process.\n")
    assert codes(body, "sentence-length", head=PRESS, every=False) == []  # 34 words after the dateline
    longer = body.replace("its code", "its code and its many users in more than twenty countries")
    (flagged,) = codes(longer, "sentence-length", head=PRESS, every=False)
    assert flagged.startswith("FOREST HILL")


@pytest.mark.parametrize("address", ["http://subversion.tigris.org.", "[https://www.netcraft.com/survey/]."])
def test_an_address_ending_a_sentence_does_not_join_it_to_the_next(address: str) -> None:
    first = "CollabNet will continue to host the project for its many users and the vendors who ship it at " + address
    second = (" In addition, certified binaries of the system will continue to be available from CollabNet, as "
              "well as from other vendors, during the incubation period.\n")
    assert codes(first + second, "sentence-length", every=False) == []


RELEASE = ("SEATTLE — March 3, 2030 — Acme today launched Pay, which lets shops take cards on a phone.\n\n"
           "Today shops turn away card customers because a terminal costs 400 euros a year.\n\n"
           "Pay turns any phone into a terminal, and the money reaches the shop's account the next day.\n\n"
           "\"Shops asked us for this for years,\" said Jo Lee, CEO of Acme.\n\n"
           "To get started, shops download the Pay app and sign in with their bank.\n\n"
           "\"I took my first card payment in five minutes,\" said Ana Ruiz, who sells cheese in Tacoma.\n\n"
           "Visit acme.example to start.\n")


def test_a_written_press_release_without_any_faq_is_told_once_as_minor() -> None:
    """A press release on its own (a PR/FAQ's first step, or one published as such): the
    FAQs it has not started are one minor finding, not an error per FAQ."""
    result = check_markdown(PRESS + RELEASE)
    missing = [(f.priority, f.message.split(":")[0]) for f in result.findings if f.code == "missing-section"]
    assert missing == [("minor", "The press release stands alone")]
    with_faq = check_markdown(PRESS + RELEASE + "\n# Customer FAQ\n\n## Does it cost?\n\nNo.\n")
    assert [(f.priority, f.message) for f in with_faq.findings if f.code == "missing-section"] == [
        ("major", "This PR/FAQ has no internal FAQ: the questions are where the thinking shows.")]


def test_the_newsrooms_contact_line_is_not_the_summary() -> None:
    body = ("Contact: Sally Khudairi, ZOT Group, 1.617.818.0177\n\n"
            "SEATTLE — March 3, 2030 — Acme today launched Pay, which lets shops take cards on a phone.\n\n"
            "Pay provides card payments on any phone, with the money in the shop's account the next day.\n\n"
            "\"Shops asked for this,\" said Jo Lee, CEO of Acme.\n\nVisit acme.example to start.\n")
    result = check_markdown(PRESS + body)
    assert [f.code for f in result.findings if f.code == "dateline"] == []
    missing = [f.message for f in result.findings if f.code == "missing-section"]
    assert not any("no solution" in m for m in missing), missing  # "Pay provides …" is the solution


# --- a bold run-in head is a label, not part of the sentence's length -----------------------------


def _length_findings(text: str) -> list[str]:
    return [f.message for f in check_markdown(text).findings
            if f.code == "sentence-length" and f.priority != "minor"]  # at the default limit, 36


@settings(max_examples=40, deadline=None)
@given(head=st.integers(1, 12), body=st.integers(20, 36),
       shape=st.sampled_from(["* **{h}:** {b}", "- **{h}**: {b}", "**{h}:** {b}", "1. __{h}__ — {b}"]))
def test_a_bold_run_in_head_does_not_count_in_the_sentence(head: int, body: int, shape: str) -> None:
    words = " ".join(["word"] * (body - 1)) + " end."
    line = shape.format(h=" ".join(["Label"] * head), b=words)
    text = f"---\ntype: narrative\n---\n\n# Notes\n\nA plain opening line.\n\n{line}\n"
    assert _length_findings(text) == []  # the body alone is within the limit
    longer = line.replace(" end.", " more end.")
    if body + 1 > 36:
        assert [m for m in _length_findings(text.replace(line, longer)) if "has 37 words" in m]


def test_bold_words_inside_a_sentence_still_count() -> None:
    words = " ".join(["word"] * 31)
    text = f"---\ntype: narrative\n---\n\n# Notes\n\nThe plan **really matters here:** {words} end.\n"
    assert any("has 37 words" in m for m in _length_findings(text))
    long_head = " ".join(["Label"] * 13)
    body = " ".join(["word"] * 24)
    text = f"---\ntype: narrative\n---\n\n# Notes\n\n**{long_head}:** {body} end.\n"  # too long for a label
    assert any("has 38 words" in m for m in _length_findings(text))
