"""PR/FAQs as people write them: the press release found by its shape (no template
headings, a bold-line headline, block-quoted quotes, a plain first line), the FAQ halves
and the appendix under the names people use, and each part checked where it stands."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dayone.documents.checks import check_markdown
from dayone.documents.checks.prfaq import layout
from dayone.documents.checks.text import Doc

FIXTURES = Path(__file__).parent / "fixtures"
SHAPES = FIXTURES / "prfaq-shapes"
TODAY = date(2026, 11, 30)
STRUCTURE = {"missing-section", "section-order", "heading-one-sentence", "subheading-one-sentence",
             "dateline", "launch-date-past", "quote-missing", "internal-faq-coverage", "page-limit",
             "bullet-in-narrative", "placeholder", "document-type"}


def _read(name: str) -> str:
    return (SHAPES / name).read_text(encoding="utf-8")


def _structure(text: str, today: date = TODAY) -> list[tuple[str, int | None]]:
    """The structure findings (the sentence rules are other tests' business)."""
    return [(f.code, f.location.line) for f in check_markdown(text, today=today).findings
            if f.code in STRUCTURE]


def _parts(text: str) -> dict[str, list[int]]:
    return {part.id: [b.line for b in part.blocks] for part in layout(Doc(text)).parts.values()}


def _divisions(text: str) -> dict[str, tuple[int, int]]:
    found = layout(Doc(text))
    return {d.kind: (d.line, d.end_line) for d in (found.press_release, found.external_faq,
                                                    found.internal_faq, found.appendix) if d is not None}


# --- three shapes, each complete: every part found, nothing to say about structure ------------------

def test_markdown_headings_of_the_writer_s_own() -> None:
    text = _read("markdown-headings.md")
    assert Doc(text).type == "prfaq"
    assert _parts(text) == {"heading": [1], "subheading": [3], "summary": [5], "problem": [7],
                            "solution": [9], "leader-quote": [11], "getting-started": [13],
                            "customer-quote": [15], "call-to-action": [17]}
    assert _divisions(text) == {"press-release": (1, 18), "external-faq": (19, 24),
                                "internal-faq": (25, 42), "appendix": (43, 47)}
    assert _structure(text) == []


def test_bold_line_headline_block_quotes_and_bold_faq_titles() -> None:
    text = _read("bold-lines.md")
    assert Doc(text).type == "prfaq"
    assert _parts(text) == {"heading": [1], "subheading": [3], "summary": [5], "problem": [7],
                            "solution": [9], "leader-quote": [11, 13], "getting-started": [15],
                            "customer-quote": [17, 19], "call-to-action": [21]}
    assert _divisions(text) == {"press-release": (1, 22), "external-faq": (23, 26),
                                "internal-faq": (27, 36), "appendix": (37, 41)}
    assert _structure(text) == []


def test_a_plain_first_line_and_faq_halves_under_a_plain_faq_heading() -> None:
    text = _read("plain-lines.md")
    assert Doc(text).type == "prfaq"
    assert _parts(text) == {"heading": [6], "summary": [8], "problem": [10], "solution": [12],
                            "getting-started": [14], "customer-quote": [16], "call-to-action": [18]}
    assert _divisions(text) == {"press-release": (4, 19), "external-faq": (20, 27),
                                "internal-faq": (28, 45), "appendix": (46, 49)}
    # what a reader misses, once each: the subheading, and a leader's word
    found = [f for f in check_markdown(text, today=TODAY).findings if f.code in STRUCTURE]
    assert [(f.code, f.location.line) for f in found] == [("missing-section", 4)] * 2
    assert "no subheading" in found[0].message and "no quote from a leader" in found[1].message


def test_a_leader_quoted_twice_no_subheading_and_q_and_a_lines() -> None:
    text = _read("two-quotes-by-the-leader.md")
    assert _parts(text) == {"heading": [1], "summary": [3], "problem": [5], "solution": [7, 9],
                            "leader-quote": [11, 13], "getting-started": [15], "customer-quote": [17],
                            "call-to-action": [19]}
    assert _divisions(text) == {"press-release": (1, 20), "external-faq": (21, 28),
                                "internal-faq": (29, 38)}
    found = [f for f in check_markdown(text, today=TODAY).findings if f.code in STRUCTURE]
    assert [(f.code, f.location.line) for f in found] == [("missing-section", 1)]
    assert "no subheading" in found[0].message


def test_deeper_headings_a_bold_dateline_and_single_quotes() -> None:
    text = _read("deep-headings.md")
    assert _parts(text) == {"heading": [6], "subheading": [8], "summary": [10], "problem": [12],
                            "solution": [14], "leader-quote": [16], "getting-started": [18],
                            "customer-quote": [20], "call-to-action": [22]}
    assert _structure(text) == []  # "How many patients" is the market's size


def test_our_own_prfaq_is_read_part_by_part() -> None:
    """The project's PR/FAQ (shared/PRFAQ.md): a bold headline, an italic subheading, one quote."""
    text = (FIXTURES / "day-one-prfaq.md").read_text(encoding="utf-8")
    # no leader speaks; the closing "To get started: install it…" is how to start and where to get it
    assert _parts(text) == {"heading": [9], "subheading": [14], "summary": [17], "problem": [23],
                            "solution": [32, 34, 41, 48, 51, 54, 57, 60], "getting-started": [68],
                            "customer-quote": [63], "call-to-action": [68]}
    found = _structure(text)
    assert ("missing-section", 7) in found and found.count(("missing-section", 7)) == 1
    assert ("dateline", 17) in found  # the summary has no dateline: true of our release
    assert ("heading-one-sentence", 9) in found  # the bold headline holds two sentences


# --- each part is checked where it stands ------------------------------------------------------

def test_a_missing_dateline_is_reported_on_a_summary_found_by_its_place() -> None:
    text = _read("markdown-headings.md").replace(
        "ZÜRICH, Switzerland — (BUSINESS WIRE) — March 3rd, 2030 — ", "")
    assert _structure(text) == [("dateline", 5)]


def test_a_past_launch_date_is_reported_on_the_date_itself() -> None:
    text = _read("bold-lines.md")
    (finding,) = [f for f in check_markdown(text, today=date(2100, 1, 1)).findings
                  if f.code == "launch-date-past"]
    line = text.splitlines()[4]
    assert line[finding.location.column - 1:finding.location.end_column - 1] == "Tuesday, March 3, 2099"


def test_a_missing_customer_quote_is_one_finding_saying_what_the_reader_misses() -> None:
    text = _read("bold-lines.md").replace(
        "> I reorder our weekly groceries from the train in ten seconds.\n>\n"
        "> — Dana Brooks, a teacher in Tacoma\n\n", "")
    found = [f for f in check_markdown(text, today=TODAY).findings if f.code in STRUCTURE]
    assert [(f.code, f.location.line) for f in found] == [("missing-section", 1)]
    assert "no quote from a customer" in found[0].message


def test_a_lone_quote_is_the_leader_s_unless_a_customer_speaks() -> None:
    text = _read("markdown-headings.md").replace(
        "“I stopped turning buyers away,” said Joe Smith, who sells cheese in Leeds.\n\n", "")
    found = [f for f in check_markdown(text, today=TODAY).findings if f.code == "missing-section"]
    assert len(found) == 1 and "no quote from a customer" in found[0].message
    text = _read("markdown-headings.md").replace(
        "“We built this for stall owners who lose sales every day,” said Ana Lopes, head of Acme Pay.\n\n", "")
    found = [f for f in check_markdown(text, today=TODAY).findings if f.code == "missing-section"]
    assert len(found) == 1 and "no quote from a leader" in found[0].message


def test_the_internal_faq_s_areas_are_read_under_a_bold_line_title() -> None:
    text = _read("bold-lines.md").replace(
        "**What are the economics?** It costs $400,000 to build and brings $2.5 million in revenue in the "
        "first year.", "**What else?** We will see.")
    assert _structure(text) == [("internal-faq-coverage", 27)]


def test_a_sentence_that_mentions_a_date_is_not_a_dateline() -> None:
    text = _read("markdown-headings.md").replace(
        "ZÜRICH, Switzerland — (BUSINESS WIRE) — March 3rd, 2030 — Acme today launched",
        "Acme launched on March 3, 2030 — today it brings")
    assert _structure(text) == [("dateline", 5)]


def test_template_headings_still_name_their_parts_and_their_order() -> None:
    text = (FIXTURES / "good-prfaq.md").read_text(encoding="utf-8")
    assert set(_parts(text)) == {"heading", "subheading", "summary", "problem", "solution",
                                 "leader-quote", "getting-started", "customer-quote", "call-to-action"}
    empty = text.replace("One-Click Reorder keeps every past basket. A shopper opens the basket, changes "
                         "what they want, and orders it again in one click.\n", "")
    (finding,) = [f for f in check_markdown(empty, today=TODAY).findings if f.code == "missing-section"]
    assert finding.location.line == 19 and "Solution section is empty" in finding.message


# --- the FAQ halves under the names people use -----------------------------------------------------

PRESS = _read("markdown-headings.md").split("## Frequently asked questions")[0]
CUSTOMER = "### How much does it cost?\n\nIt costs 1.5% of each payment.\n\n"
INTERNAL = ("### Who is the customer?\n\nMarket stall owners: 120,000 of them.\n\n### What do we assume?\n\n"
            "We assume buyers carry cards.\n\n### What are the economics?\n\nEach payment earns 0.6%.\n\n"
            "### What are the dependencies?\n\nWe depend on the card networks.\n")


@pytest.mark.parametrize("external", ["FAQ", "FAQs", "Frequently asked questions", "Customer FAQ",
                                      "External FAQs", "FAQ — customers", "Customer questions",
                                      "Frequently Asked Questions (customers)", "**Customer FAQ**"])
@pytest.mark.parametrize("internal", ["Internal FAQ", "Stakeholder FAQ", "FAQ — internal",
                                      "Internal FAQs", "Stakeholder questions", "**Internal FAQ**"])
def test_faq_halves_under_the_names_people_use(external: str, internal: str) -> None:
    def title(name: str) -> str:
        return name if name.startswith("**") else f"## {name}"

    text = f"{PRESS}{title(external)}\n\n{CUSTOMER}{title(internal)}\n\n{INTERNAL}"
    assert _structure(text) == []
    found = _divisions(text)
    assert found["external-faq"][0] < found["internal-faq"][0]


def test_a_narrative_that_closes_with_a_plain_faq_stays_a_narrative() -> None:
    text = ("# Plan\n\nWe sell tea to families in Tacoma from 3 March 2027.\n\n## FAQ\n\n"
            "### Why tea?\n\nFamilies ask for it every week.\n")
    assert Doc(text).type == "narrative"


# --- any arrangement of blocks is read without error, parts inside the press release ------------

BLOCKS = st.sampled_from([
    "# Acme launches Pay", "## FAQ", "## Internal FAQ", "**Customer FAQ**", "## Appendix A", "### Why?",
    "## Summary", "## Customer quote", "**Acme launches Pay for stalls**", "*For stall owners.*",
    "ZÜRICH — (WIRE) — March 3rd, 2030 — Acme launched Pay.", "Today owners lose sales by hand.",
    "Acme Pay now turns a phone into a reader.", "\u201cWe built it,\u201d said Ana Lopes, head of Pay.",
    "'I sell more,' said Joe, who sells cheese.", "> We built it for you.\n>\n> \u2014 Ana Lopes",
    "To get started, download the app.", "Visit acme.example today.", "- one\n- two", "| a |\n|---|\n| 1 |",
    "```\ncode\n```", "Plain words here.", "> quoted", "---", "",
])


@settings(max_examples=150, deadline=None)
@given(blocks=st.lists(BLOCKS, max_size=24), typed=st.booleans())
def test_any_arrangement_is_read_without_error(blocks: list[str], typed: bool) -> None:
    text = ("---\ntype: prfaq\n---\n" if typed else "") + "\n\n".join(blocks) + "\n"
    doc = Doc(text)
    found = layout(doc)
    lines = text.count("\n") + 1
    for part in found.parts.values():
        assert found.press_release is not None
        inside = [found.press_release.line <= b.line <= found.press_release.end_line for b in part.blocks]
        assert all(inside) or (part.id in ("heading", "subheading") and part.line < found.press_release.line)
    for faq in (found.external_faq, found.internal_faq):
        assert faq is None or 1 <= faq.line <= faq.end_line <= lines
    result = check_markdown(text, today=TODAY)
    assert all(1 <= (f.location.line or 1) <= lines for f in result.findings)
    missing = [f.message for f in result.findings if f.code == "missing-section"]
    absent = [m for m in missing if m.startswith("The press release has no")]
    assert len(absent) <= 3 and len(set(absent)) == len(absent)  # once each; four or more: one finding
    assert sum(m.startswith("The press release is not written yet") for m in missing) <= (not absent)


def test_short_paragraphs_before_the_dateline_are_the_headline_and_subheading() -> None:
    text = ("Acme Pay lets market stalls take cards.\n\nStall owners take card payments. No reader to buy.\n\n"
            + _read("markdown-headings.md").split("\n\n", 2)[2])
    parts = _parts(text)
    assert parts["heading"] == [1] and parts["subheading"] == [3] and parts["summary"] == [5]
    assert [c for c, _ in _structure(text)] == ["subheading-one-sentence"]


LEAD = """---
type: prfaq
---
# Construct Hub

A hub for finding and sharing construct libraries.

## Working Backwards

### PRESS RELEASE

SEATTLE — March 3, 2030 — Acme today launched Construct Hub, a website to find constructs.
To get started, visit constructs.example.

Today developers search four registries by hand to find a construct.

"We built the hub so nobody searches four registries again," said Ana Lopes, head of Construct Hub.

"I found the construct I needed in a minute," said Joe Smith, a developer at a bank.

Construct Hub is open to everyone today.

## FAQ

### What does it cost?

Nothing.

## Internal FAQ

### Who are the customers, what do we assume, what does it cost, what do we depend on?

Developers: 200,000 of them. We assume they use npm. It costs $10,000 a year. We depend on npm.
"""


def test_a_product_name_and_tagline_above_the_press_release_are_its_headline() -> None:
    parts = _parts(LEAD)
    assert parts["heading"] == [4] and parts["subheading"] == [6] and parts["summary"] == [12]
    assert parts["getting-started"] == [12]  # the summary ends with how to start
    found = [f for f in check_markdown(LEAD, today=TODAY).findings if f.code in STRUCTURE]
    assert [(f.code, f.location.line) for f in found] == [("missing-section", 10)]
    assert "no solution" in found[0].message


def test_a_byline_list_under_the_title_is_not_the_subheading() -> None:
    text = _read("markdown-headings.md").replace(
        "## Stall owners take card payments with the phone they already carry, from 3 March 2030\n\n",
        "* **Author**: @ana\n* **Tracking issue**: #886\n\n")
    parts = _parts(text)
    assert parts["heading"] == [1] and "subheading" not in parts and parts["summary"] == [6]
    assert [c for c, _ in _structure(text)] == ["missing-section"]


def test_the_words_that_tell_a_part_may_be_wrapped_over_lines() -> None:
    text = LEAD.replace("To get started, visit", "To get\nstarted, visit")
    assert _parts(text)["getting-started"] == [12]


@pytest.mark.parametrize("title", ["## Press release: Acme Pay takes cards",
                                   "## Press release: Acme Pay lets market stalls take cards",
                                   "## DRAFT PRESS RELEASE — Acme Pay lets market stalls take cards"])
def test_a_press_release_heading_may_hold_the_headline(title: str) -> None:
    text = _read("markdown-headings.md").replace("# Acme Pay lets market stalls take card payments with a phone",
                                                 title)
    parts = _parts(text)
    assert parts["heading"] == [1] and parts["subheading"] == [3] and parts["summary"] == [5]
    assert _structure(text) == []
    assert _divisions(text)["press-release"][0] == 1


# --- the summary is the first paragraph that reads as prose --------------------------------------

SUMMARY = ("ZÜRICH, Switzerland — March 3rd, 2030 — Acme today launched Acme Pay, which lets market "
           "stalls take card payments with the phone they already carry.")
NOT_A_SUMMARY = [
    # a tagline under the subheading: short phrases, no sentence end (asf-subversion-incubator)
    "Award-Winning Open Source Version Control and Software Configuration\n"
    "Management Tool to Benefit from Stewardship, Technology, and Community\nSynergies",
    # a contact block (asf-incorporation-1999)
    "Contact: Sally Khudairi<br></br>ZOT Group<br></br>1.617.818.0177\n&lt;sk@zotgroup.com&gt;",
    "For Immediate Release",
    "Media contact: Ana Lopes, press@acme.example, +41 44 000 00 00",
    "Acme Pay — payments for market stalls",
]


def _release(*paragraphs: str) -> str:
    body = "\n\n".join(paragraphs)
    return ("---\ntype: prfaq\n---\n\n# Acme Pay lets market stalls take card payments\n\n"
            "## Stall owners take cards with the phone they carry\n\n" + body +
            "\n\nStall owners lose sales today because they cannot take cards.\n\n"
            "Get Acme Pay at acme.example from 3 March 2030.\n")


@pytest.mark.parametrize("lead", NOT_A_SUMMARY)
def test_a_tagline_contact_block_or_newsroom_line_is_not_the_summary(lead: str) -> None:
    text = _release(lead, SUMMARY)
    summary_line = text.splitlines().index(SUMMARY.splitlines()[0]) + 1
    assert _parts(text)["summary"] == [summary_line]
    assert "dateline" not in [c for c, _ in _structure(text)]


def test_a_summary_without_a_dateline_is_still_the_first_paragraph_of_prose() -> None:
    prose = "Acme today launched Acme Pay, which lets market stalls take cards with a phone."
    text = _release(NOT_A_SUMMARY[0], prose)
    line = text.splitlines().index(prose) + 1
    assert _parts(text)["summary"] == [line]
    assert ("dateline", line) in _structure(text)  # reported on the summary, not on the tagline


phrase = st.lists(st.sampled_from(["Open", "Source", "Version", "Control", "Tool", "to", "Benefit",
                                   "from", "Stewardship", "and", "Community", "Synergies", "Fast"]),
                  min_size=1, max_size=14).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(lines=st.lists(phrase, min_size=1, max_size=3))
def test_lines_without_a_sentence_end_never_push_out_the_dateline_s_paragraph(lines: list[str]) -> None:
    """Any run of label-like paragraphs (no full stop) above the dateline's paragraph: the
    dateline's paragraph is the summary, whatever they say."""
    text = _release(*lines, SUMMARY)
    summary_line = text.splitlines().index(SUMMARY) + 1
    assert _parts(text)["summary"] == [summary_line]
    assert "dateline" not in [c for c, _ in _structure(text)]


# --- a launch blog post quoted in a design document is its press release -----------------------

BLOG_RFC = """---
type: prfaq
---

# Making Hotswap Faster

* **Tracking Issue**: #886

Currently hotswap is fast for the resources it supports, however we think we can make it faster.

## Working Backwards

### Blog post

#### Hotswap Deployments Are Now 25% Faster

{byline}

Today, we are announcing improvements to hotswap that cut deployment times by a quarter.

Today developers wait minutes for each change because most resources need a full deployment.

The new engine now updates those resources directly, in seconds, through the service APIs.

"Developers told us every second counts," said Ana Lopes, who leads the CDK team.

Run `cdk deploy --hotswap` to get started with the new engine.

"We ship ten times a day now," said Raj Nair, who builds apps at a bakery.

Upgrade the CDK CLI today to get the faster deploys.

---

Ticking the box below signs off the public API of this RFC.

## Public FAQ

### What are we launching?

Faster hotswap.

## Internal FAQ

### Why are we doing this?

Deploys are slow: it costs each developer an hour a day, a risk to adoption; no dependency.
"""


@pytest.mark.parametrize("title", ["Blog post", "BLOG POST", "Launch blog post", "Announcement"])
@pytest.mark.parametrize("byline", ["March 18, 2030 · AWS CDK Team", "By Ana Lopes, 18 March 2030"])
def test_a_blog_post_under_working_backwards_is_the_press_release(title: str, byline: str) -> None:
    text = BLOG_RFC.format(byline=byline).replace("### Blog post", f"### {title}")
    parts = _parts(text)
    assert parts["heading"] == [15] and parts["summary"] == [19]  # not the RFC's introduction (line 9)
    assert "subheading" not in parts and parts["call-to-action"] == [31]  # it ends at the rule
    assert _divisions(text)["press-release"] == (13, 32)
    found = _structure(text, today=date(2030, 3, 1))
    assert [c for c, _ in found if c in ("dateline", "missing-section", "launch-date-past")] == []
    assert ("launch-date-past", 17) in _structure(text, today=date(2030, 3, 20))  # the byline's date


def test_a_blog_post_without_a_byline_has_no_dateline() -> None:
    text = BLOG_RFC.format(byline="").replace("\n\n\n\n", "\n\n")
    assert ("dateline", 17) in _structure(text, today=date(2030, 3, 1))


def test_a_byline_does_not_date_a_press_release_that_is_not_a_blog_post() -> None:
    text = _release("March 18, 2030 · Acme press office",
                    "Acme today launched Acme Pay, which lets market stalls take cards with a phone.")
    parts = _parts(text)
    assert "subheading" in parts and parts["summary"] == [11]  # the byline is neither
    assert ("dateline", 11) in _structure(text)  # a press release names its city

