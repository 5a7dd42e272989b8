"""Field cases about PR/FAQ structure (tests/documents/cases/checker/, copied from the shared
cases): each is checked through `dayone check FILE --format json`, as the case states its
right result, and then the kind of fault around it is tried."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.documents.test_checker_cases import check_json

from dayone.documents.checks import check_markdown

CASES = Path(__file__).parent / "cases" / "checker"


def _check_json(capsys: pytest.CaptureFixture[str], path: Path) -> list[dict]:
    code, result = check_json(path, capsys)
    assert code == (1 if any(f["level"] == "error" for f in result["findings"]) else 0)
    return result["findings"]


def _codes(text: str, today: date = date(2026, 11, 30), **kw: object) -> list[str]:
    return [f.code for f in check_markdown(text, today=today, **kw).findings]  # type: ignore[arg-type]


# --- appendices-heading: a list under "## Appendices" is in the appendix -------------------------

def test_case_appendices_heading(capsys: pytest.CaptureFixture[str]) -> None:
    findings = _check_json(capsys, CASES / "appendices-heading.md")
    assert [f for f in findings if f["code"] == "bullet-in-narrative"] == []


# a paragraph written as a bullet (45 words): a list any setting of the rule reports in a body
ITEM = " ".join(["Our stores in Tacoma sell loose tea to families who order it every two weeks."] * 3)


@pytest.mark.parametrize("title", ["Appendices", "Appendix", "Appendix A", "Appendix A: costs",
                                   "Appendix 2 — Staffing", "Annex", "APPENDICES"])
def test_any_appendix_heading_holds_lists_and_is_not_counted(title: str) -> None:
    body = "Our stores sell tea to families in Tacoma on 3 March 2027.\n\n" * 3
    text = (f"---\ntype: narrative\n---\n# Plan\n\n{body}- {ITEM}\n- {ITEM}\n\n"
            f"## {title}\n\n- {ITEM}\n- {ITEM}\n")
    found = [(f.code, f.location.line) for f in check_markdown(text).findings]
    assert found == [("bullet-in-narrative", 12)]  # the body's list only
    long_appendix = text + "\n".join(["Families reorder tea every two weeks in 2027."] * 2000) + "\n"
    assert "page-limit" not in _codes(long_appendix)  # the appendix is not counted


# --- dateline-non-ascii-city: ZÜRICH is a city ---------------------------------------------------

def test_case_dateline_non_ascii_city(capsys: pytest.CaptureFixture[str]) -> None:
    findings = _check_json(capsys, CASES / "dateline-non-ascii-city.md")
    assert [f for f in findings if f["code"] == "dateline"] == []
    assert [f for f in findings if f["code"] == "acronym-undefined" and f["line"] == 14] == []


def test_case_dateline_is_still_checked_without_a_date() -> None:
    text = (CASES / "dateline-non-ascii-city.md").read_text()
    broken = text.replace("ZÜRICH, Switzerland — (BUSINESS WIRE) — March 3, 2030 — ", "")
    (finding,) = [f for f in check_markdown(broken).findings if f.code == "dateline"]
    assert finding.location.line == 14


# --- launch-date-datetime: a date-time in front matter is a launch date --------------------------

def test_case_launch_date_datetime(capsys: pytest.CaptureFixture[str]) -> None:
    findings = _check_json(capsys, CASES / "launch-date-datetime.md")
    assert [f for f in findings if f["code"] in ("launch-date-past", "front-matter")] == []


@pytest.mark.parametrize("value", ["2030-03-03 10:00:00", "2030-03-03T10:00:00Z", "2030-03-03 10:00",
                                   '"2030-03-03T10:00:00+01:00"', '"March 3rd, 2030"',
                                   '"March 3, 2030 10:00 AM"', '"Tuesday, 3 March 2030"',
                                   '"3rd of March 2030"', "2030-03-03"])
def test_launch_dates_and_date_times_in_front_matter(value: str) -> None:
    text = (CASES / "launch-date-datetime.md").read_text().replace("2030-03-03 10:00:00", value)
    assert "front-matter" not in _codes(text)
    assert "launch-date-past" not in _codes(text, today=date(2030, 3, 3))
    assert "launch-date-past" in _codes(text, today=date(2030, 3, 4))


@pytest.mark.parametrize("value", ['"03/04/2030"', '"March 2030"', '"2030-02-30"', '"soon"'])
def test_a_launch_date_that_is_not_one_date_is_a_front_matter_error(value: str) -> None:
    text = (CASES / "launch-date-datetime.md").read_text().replace("2030-03-03 10:00:00", value)
    (finding,) = [f for f in check_markdown(text).findings if f.code == "front-matter"]
    assert finding.location.line == 3 and "launch_date" in finding.message


# --- quote-british-single: quotes in single quotation marks ----------------------------------------

def test_case_quote_british_single(capsys: pytest.CaptureFixture[str]) -> None:
    findings = _check_json(capsys, CASES / "quote-british-single.md")
    assert [f for f in findings if f["code"] == "quote-missing"] == []


LEADER = "‘We built this for stall owners who lose sales every day,’ said Ana Lopes, head of Acme Pay."


@pytest.mark.parametrize("quote", [
    "'We built this for stall owners who lose sales every day,' said Ana Lopes, head of Acme Pay.",
    "\"We built this for stall owners who lose sales every day,\" said Ana Lopes, head of Acme Pay.",
    "“We built this for stall owners who lose sales every day,” said Ana Lopes, head of Acme Pay.",
    "«We built this for stall owners who lose sales every day», said Ana Lopes, head of Acme Pay.",
    "„We built this for stall owners who lose sales every day“, said Ana Lopes, head of Acme Pay.",
    "> We built this for stall owners who lose sales every day.\n>\n> — Ana Lopes, head of Acme Pay",
])
def test_a_quote_in_any_marks_or_a_block_quote_is_a_quote(quote: str) -> None:
    text = (CASES / "quote-british-single.md").read_text().replace(LEADER, quote)
    assert "quote-missing" not in _codes(text)


@pytest.mark.parametrize("words", [
    "Ana Lopes, head of Acme Pay, says the customers' stalls lose sales every day.",
    "We built this for stall owners who lose sales every day, said Ana Lopes, head of Acme Pay.",
    "It's the stall owners' choice, and we think it's the right one for them.",
])
def test_words_without_quotation_marks_are_no_quote(words: str) -> None:
    text = (CASES / "quote-british-single.md").read_text().replace(LEADER, words)
    assert _codes(text).count("quote-missing") == 1


@pytest.mark.parametrize("title", ["**Appendix**", "**Appendices**", "__Appendix A: costs__"])
def test_a_bold_line_appendix_holds_lists_too(title: str) -> None:
    text = ("---\ntype: narrative\n---\n# Plan\n\nWe sell tea to families in Tacoma from 3 March 2027.\n\n"
            f"{title}\n\n- {ITEM}\n- {ITEM}\n")
    assert "bullet-in-narrative" not in _codes(text)
    assert "bullet-in-narrative" in _codes(text.replace(title, "Some detail"))


def test_a_quote_attributed_after_a_dash_is_found_by_its_place() -> None:
    text = (Path(__file__).parent / "fixtures" / "prfaq-shapes" / "markdown-headings.md").read_text()
    text = text.replace("“I stopped turning buyers away,” said Joe Smith, who sells cheese in Leeds.",
                        "“I stopped turning buyers away.” — Joe Smith, who sells cheese in Leeds")
    assert "missing-section" not in _codes(text)


def test_a_past_launch_date_in_front_matter_points_at_its_key() -> None:
    text = (CASES / "launch-date-datetime.md").read_text().replace("2030-03-03 10:00:00", "2020-03-03 10:00")
    (finding,) = [f for f in check_markdown(text, today=date(2026, 11, 30)).findings
                  if f.code == "launch-date-past"]
    assert finding.location.line == 3 and "03 March 2020" in finding.message
