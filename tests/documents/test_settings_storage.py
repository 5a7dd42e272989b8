"""Settings are refused where they are written (a document saved through the API, the
editor or the CLI; the workspace's rules through the API or the admin page), and a bad
value already stored (written here straight into the database) is a finding on the
document, never a 500 — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update
from tests.cli.test_cli import Cli, cli  # noqa: F401  (the fixture)
from tests.documents.test_check_settings import OPTIONS, VALUES
from tests.helpers import csrf_of

from dayone.documents.models import DocumentVersion, WorkspaceSetting
from dayone.workspace import Workspace

Client = Callable[[str], TestClient]
BODY = "# Plan\n\nWe sell tea to families in Tacoma.\n"
BAD = "---\ntype: narrative\nchecks:\n  sentence-length: {max_words: abc}\n---\n" + BODY
HYPOTHESIS = settings(max_examples=15, deadline=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _doc(client: TestClient, body: str = BODY) -> dict:
    response = client.post("/api/v1/documents", json={"title": "Tea", "doc_type": "narrative", "body": body})
    assert response.status_code == 201, response.text
    return response.json()


def _refused(response: Any, *says: str) -> dict:
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    for text in says:
        assert text in error["message"]
    return dict(error)


@pytest.mark.parametrize(("matter", "says"), [
    ("checks:\n  sentence-length: {max_words: abc}\n",
     ("checks.sentence-length.max_words", "'abc'", "a whole number from 1 to 500")),
    ("checks:\n  page-limit: {paper: A5, narrative_pages: -1}\n",
     ("checks.page-limit.paper", "'A5'", "one of A4, Letter", "checks.page-limit.narrative_pages")),
    ("type: memo\n", ("type", "'memo'", "one of prfaq, narrative, one-pager")),
    ("launch_date: someday\n", ("launch_date", "'someday'", "a date such as 2027-03-03")),
    ("checks:\n  weasle-word: off\n", ("unknown rule `weasle-word`", "did you mean `weasel-word`")),
])
def test_saving_bad_front_matter_through_the_api_is_refused(api_as: Client, matter: str,
                                                             says: tuple[str, ...]) -> None:
    member = api_as("member")
    doc = _doc(member)
    body = f"---\n{matter}---\n{BODY}"
    _refused(member.post(f"/api/v1/documents/{doc['id']}/versions", json={"body": body, "base_version": 1}),
             "front matter", *says)
    _refused(member.post("/api/v1/documents", json={"title": "T", "doc_type": "narrative", "body": body}),
             *says)
    assert [v["number"] for v in member.get(f"/api/v1/documents/{doc['id']}/versions").json()] == [1]
    good = body.replace(matter, "type: narrative\nchecks:\n  sentence-length: {max_words: 25}\n")
    assert member.post(f"/api/v1/documents/{doc['id']}/versions",
                       json={"body": good, "base_version": 1}).status_code == 201


def test_saving_bad_front_matter_in_the_editor_keeps_the_text(api_as: Client, browser_as: Client) -> None:
    doc = _doc(api_as("member"))
    member = browser_as("member")
    token = csrf_of(member, f"/documents/{doc['id']}/edit")
    page = member.post(f"/documents/{doc['id']}/edit",
                       data={"csrf_token": token, "body": BAD, "base_version": "1"})
    assert page.status_code == 422
    assert "checks.sentence-length.max_words: &#39;abc&#39; is not allowed" in page.text
    assert "max_words: abc" in page.text  # the text typed is still in the editor


def test_saving_bad_front_matter_from_the_command_line_names_the_line(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    cli("user", "add", "ana@example.com", "--name", "Ana", "--password", "long-password-1")
    code, out, _ = cli("doc", "new", "Tea", "--author", "ana@example.com", "--type", "narrative")
    text = tmp_path / "bad.md"
    text.write_text(BAD)
    code, _, err = cli("doc", "save", out.strip(), str(text), "--as", "ana@example.com")
    (problem, summary) = err.strip().splitlines()  # each problem at its line, then the error
    assert code == 1 and summary.startswith("error: front matter: checks.sentence-length.max_words")
    assert problem.startswith(f"{text}:4: front matter: checks.sentence-length.max_words: 'abc' is not allowed")
    code, _, err = cli("doc", "new", "Bad", "--author", "ana@example.com", "--from", str(text))
    assert code == 1 and "'abc' is not allowed" in err


def test_bad_workspace_rules_are_refused_through_the_api_and_the_page(api_as: Client,
                                                                      browser_as: Client) -> None:
    admin = api_as("admin")
    _refused(admin.put("/api/v1/checks/settings", json={"sentence-length": {"max_words": "abc"}}),
             "checks.sentence-length.max_words", "'abc'", "a whole number from 1 to 500")
    _refused(admin.put("/api/v1/checks/settings", content=b'{"readability": {"max_grade": Infinity}}',
                       headers={"content-type": "application/json"}), "checks.readability.max_grade")
    page = browser_as("admin")
    token = csrf_of(page, "/admin/checks")
    refused = page.post("/admin/checks", data={"csrf_token": token,
                                               "settings": "page-limit: {paper: A5}\n"})
    assert refused.status_code == 422 and "&#39;A5&#39; is not allowed; use one of A4, Letter" in refused.text
    assert admin.get("/api/v1/checks/settings").json() == {}


def _store_body(ws: Workspace, document_id: int, body: str) -> None:
    with ws.session() as session:  # around the app: as an old version, or a hand edit, would be
        session.execute(update(DocumentVersion).where(DocumentVersion.document_id == document_id)
                        .values(body=body))
        session.commit()


def _store_rules(ws: Workspace, value: str) -> None:
    with ws.session() as session:
        row = session.get(WorkspaceSetting, "checks")
        if row is None:
            session.add(WorkspaceSetting(key="checks", value=value))
        else:
            row.value = value
        session.commit()


@pytest.mark.parametrize(("matter", "field"), [
    ("checks:\n  sentence-length: {max_words: abc}\n", "checks.sentence-length.max_words"),
    ("launch_date: 2026-04-31\n", None),
    ("launch_date: [1, 2]\n", "launch_date"),
    ("checks: off\n", "checks"),
])
def test_a_stored_document_with_bad_front_matter_still_opens_for_every_reader(
        api_as: Client, browser_as: Client, ws: Workspace, matter: str, field: str | None) -> None:
    member = api_as("member")
    doc = _doc(member)
    member.patch(f"/api/v1/documents/{doc['id']}", json={"shared_with_all": True})
    _store_body(ws, doc["id"], f"---\ntype: narrative\n{matter}---\n{BODY}")
    for role in ("member", "viewer", "outsider"):
        page = browser_as(role).get(f"/documents/{doc['id']}")
        assert page.status_code == 200, page.text
        assert "front matter" in page.text.lower()
    checked = api_as("viewer").get(f"/api/v1/documents/{doc['id']}/check")
    assert checked.status_code == 200
    codes = {f["code"] for f in checked.json()["findings"]}
    assert codes & {"front-matter", "check-config"}
    if field:
        assert any(field in f["message"] for f in checked.json()["findings"])
    assert browser_as("member").get(f"/documents/{doc['id']}/export?format=pdf").status_code == 200


@pytest.mark.parametrize("stored", [
    json.dumps({"sentence-length": {"max_words": "abc"}, "readability": {"max_grade": -5}}),
    json.dumps({"no-such-rule": "off", "page-limit": {"paper": "A5"}}),
    json.dumps(["sentence-length"]),
    "{not json",
    "",
])
def test_stored_bad_workspace_rules_are_a_finding_on_every_document(
        api_as: Client, browser_as: Client, ws: Workspace, stored: str) -> None:
    member = api_as("member")
    doc = _doc(member)
    _store_rules(ws, stored)
    page = browser_as("member").get(f"/documents/{doc['id']}")
    assert page.status_code == 200 and "workspace settings" in page.text
    checked = member.get(f"/api/v1/documents/{doc['id']}/check")
    assert checked.status_code == 200
    (first, *_) = [f for f in checked.json()["findings"] if f["code"] == "check-config"]
    assert first["message"].startswith("workspace settings: ") and "/admin/checks" in first["suggestion"]
    live = member.post(f"/api/v1/documents/{doc['id']}/check", json={"body": BODY})
    assert live.status_code == 200
    admin_page = browser_as("admin").get("/admin/checks")
    assert admin_page.status_code == 200 and "The saved rules have problems" in admin_page.text
    assert api_as("admin").get("/api/v1/checks/settings").status_code == 200


@HYPOTHESIS
@given(option=st.sampled_from(OPTIONS), value=VALUES)
def test_any_front_matter_value_saved_through_the_api_is_201_or_422(api_as: Client, option: tuple[str, str],
                                                                     value: Any) -> None:
    member = api_as("member")
    code, name = option
    body = "---\n" + yaml.safe_dump({"type": "narrative", "checks": {code: {name: value}}}) + "---\n" + BODY
    saved = member.post("/api/v1/documents", json={"title": "T", "doc_type": "narrative", "body": body})
    assert saved.status_code in (201, 422), saved.text
    if saved.status_code == 422:
        assert f"checks.{code}.{name}" in saved.json()["error"]["message"]
    else:
        assert member.get(f"/api/v1/documents/{saved.json()['id']}/check").status_code == 200


@HYPOTHESIS
@given(option=st.sampled_from(OPTIONS), value=VALUES)
def test_any_workspace_value_put_through_the_api_is_200_or_422(api_as: Client, option: tuple[str, str],
                                                               value: Any) -> None:
    admin = api_as("admin")
    code, name = option
    sent = json.dumps({code: {name: value}}, default=str)  # NaN and Infinity too, as Python writes them
    put = admin.put("/api/v1/checks/settings", content=sent.encode(), headers={"content-type": "application/json"})
    assert put.status_code in (200, 422), put.text
    doc = _doc(admin)
    assert admin.get(f"/api/v1/documents/{doc['id']}/check").status_code == 200
