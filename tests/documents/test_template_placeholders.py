"""A document freshly made from its template (`dayone doc new`, the web page, the API)
gives one "replace the placeholder" per part and nothing else about the template's words;
a part the writer has written is checked as usual."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.cli.test_cli import Cli, cli  # noqa: F401  (the fixture)
from tests.helpers import csrf_of

from dayone.documents.checks import check_markdown

Client = Callable[[str], TestClient]
TEMPLATES = Path(__file__).parents[2] / "src" / "dayone" / "documents" / "templates_md"
# the paragraphs a writer replaces: the press release's nine parts, the FAQ answers, the appendix
PLACEHOLDERS = {"prfaq": 15, "narrative": 7, "one-pager": 3}


def _only_placeholders(findings: list[dict], doc_type: str) -> None:
    assert [f["code"] for f in findings] == ["placeholder"] * PLACEHOLDERS[doc_type], findings
    assert all(f["message"].startswith("Replace the placeholder") for f in findings)
    assert len({f["line"] for f in findings}) == len(findings)  # one per part


@pytest.mark.parametrize("doc_type", list(PLACEHOLDERS))
def test_a_template_checked_as_it_is(doc_type: str) -> None:
    text = (TEMPLATES / f"{doc_type}.md").read_text(encoding="utf-8")
    result = check_markdown(text)
    _only_placeholders([{"code": f.code, "message": f.message, "line": f.location.line}
                        for f in result.findings], doc_type)
    summary = next(f for f in result.findings if "`Summary`" in f.message) if doc_type == "prfaq" else None
    assert summary is None or summary.location.line == 13


def test_a_written_part_is_checked_and_the_rest_still_asks_to_be_replaced() -> None:
    text = (TEMPLATES / "prfaq.md").read_text(encoding="utf-8")
    written = text.replace("Describe the customer's problem in their words, with the number that shows how "
                           "big it is.", "Stall owners probably lose sales.")
    codes = [f.code for f in check_markdown(written).findings]
    assert codes.count("placeholder") == PLACEHOLDERS["prfaq"] - 1 and "weasel-word" in codes


def test_a_template_dateline_left_in_a_written_summary_says_to_replace_it() -> None:
    text = (TEMPLATES / "prfaq.md").read_text(encoding="utf-8")
    written = re.sub(r"(CITY, STATE — \(OUTLET\) — Month D, YYYY — ).*",
                     r"\1Acme launched Pay for market stalls on 3 March 2030.", text)
    found = [f for f in check_markdown(written).findings if f.location.line == 13]
    assert [(f.code, f.location.column, f.location.end_column) for f in found] == [("placeholder", 1, 41)]
    assert found[0].message == "Replace the placeholder: this is the template's dateline."


def test_doc_new_from_the_command_line(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    cli("user", "add", "ana@example.com", "--name", "Ana", "--password", "long-password-1")
    for doc_type in PLACEHOLDERS:
        code, out, _ = cli("doc", "new", "Reorder", "--type", doc_type, "--author", "ana@example.com")
        assert code == 0
        exported = tmp_path / f"{doc_type}.md"
        assert cli("doc", "export", out.strip(), "--out", str(exported))[0] == 0
        code, out, _ = cli("check", str(exported), "--format", "json")
        (result,) = json.loads(out)
        _only_placeholders(result["findings"], doc_type)
        assert code == 1  # the document is not written yet


def test_a_document_made_on_the_web_page(browser_as: Client, api_as: Client) -> None:
    page = browser_as("member")
    for doc_type in PLACEHOLDERS:
        made = page.post("/documents/new", data={"title": "Reorder", "doc_type": doc_type,
                                                 "csrf_token": csrf_of(page, "/documents/new")},
                         follow_redirects=False)
        assert made.status_code == 303, made.text
        doc_id = int(made.headers["location"].split("/")[2])
        checked = api_as("member").get(f"/api/v1/documents/{doc_id}/check")
        assert checked.status_code == 200
        _only_placeholders(checked.json()["findings"], doc_type)
        assert "Replace the placeholder" in page.get(f"/documents/{doc_id}").text


def test_a_document_made_through_the_api(api_as: Client) -> None:
    member = api_as("member")
    doc = member.post("/api/v1/documents", json={"title": "Reorder", "doc_type": "prfaq"}).json()
    body = member.get(f"/api/v1/documents/{doc['id']}/versions/1").json()["body"]
    live = member.post(f"/api/v1/documents/{doc['id']}/check", json={"body": body})
    assert live.status_code == 200
    _only_placeholders(live.json()["findings"], "prfaq")
