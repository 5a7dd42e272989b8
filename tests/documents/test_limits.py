"""The heavy document requests have input caps: the live check (web and API), version
comparison and the line-by-line merge of a stale save. Over a cap the answer says what
the cap is and what to do; at the cap the work is done."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from tests.helpers import csrf_of

from dayone.documents.diff import MAX_DIFF_LINES
from dayone.documents.merge import MINE, THEIRS
from dayone.documents.schemas import MAX_CHECK_CHARS, MAX_CHECK_LINES

Client = Callable[[str], TestClient]
PROSE = "We sell tea to families in Tacoma. "


def _doc(client: TestClient, body: str = "# Plan\n\nWe sell tea.\n") -> dict:
    response = client.post("/api/v1/documents", json={"title": "T", "doc_type": "narrative", "body": body})
    assert response.status_code == 201, response.text
    return response.json()


def _chars(n: int) -> str:
    return (PROSE * (n // len(PROSE) + 1))[:n]


def _lines(n: int) -> str:
    return "\n".join(["Tea."] * n)


def _too_long(response: object) -> str:
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    message = str(error["message"])
    assert "too long to check as you type" in message
    assert f"{MAX_CHECK_CHARS:,} characters and {MAX_CHECK_LINES:,} lines" in message
    assert error["details"][0]["field"] == "body"
    return message


def test_the_api_check_refuses_text_over_the_caps_and_checks_text_at_them(api_as: Client) -> None:
    member = api_as("member")
    doc = _doc(member)
    url = f"/api/v1/documents/{doc['id']}/check"
    message = _too_long(member.post(url, json={"body": _chars(MAX_CHECK_CHARS + 1)}))
    assert f"{MAX_CHECK_CHARS + 1:,} characters in 1 lines" in message
    _too_long(member.post(url, json={"body": _lines(MAX_CHECK_LINES + 1)}))
    _too_long(member.post(url, json={"body": "a\r" * MAX_CHECK_LINES}))  # a lone CR ends a line too
    for body in (_chars(MAX_CHECK_CHARS), _lines(MAX_CHECK_LINES)):
        at_cap = member.post(url, json={"body": body})
        assert at_cap.status_code == 200, at_cap.text
        assert at_cap.json()["preview_html"]


def test_the_editor_live_check_refuses_text_over_the_caps(browser_as: Client, api_as: Client) -> None:
    doc = _doc(api_as("member"))
    member = browser_as("member")
    token = csrf_of(member, f"/documents/{doc['id']}/edit")
    url = f"/documents/{doc['id']}/live-check"
    headers = {"X-CSRF-Token": token}
    _too_long(member.post(url, json={"body": _chars(MAX_CHECK_CHARS + 1)}, headers=headers))
    _too_long(member.post(url, json={"body": _lines(MAX_CHECK_LINES + 1)}, headers=headers))
    message = _too_long(member.post(url, json={"body": "x" * 2_000_000}, headers=headers))
    assert "bytes" in message
    at_cap = member.post(url, json={"body": _chars(MAX_CHECK_CHARS)}, headers=headers)
    assert at_cap.status_code == 200 and "We sell tea" in at_cap.json()["preview_html"]


def test_comparing_a_version_over_the_line_cap_is_refused_by_name(api_as: Client,
                                                                 browser_as: Client) -> None:
    member = api_as("member")
    doc = _doc(member, _lines(MAX_DIFF_LINES))
    saved = member.post(f"/api/v1/documents/{doc['id']}/versions",
                        json={"body": _lines(MAX_DIFF_LINES + 1), "base_version": 1})
    assert saved.status_code == 201
    refused = member.get(f"/api/v1/documents/{doc['id']}/compare?left=1&right=2")
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert f"Version 2 has {MAX_DIFF_LINES + 1:,} lines" in error["message"]
    assert f"up to {MAX_DIFF_LINES:,} lines" in error["message"]
    assert error["details"]["version"] == 2
    page = browser_as("member").get(f"/documents/{doc['id']}/compare?left=2&right=1")
    assert page.status_code == 422 and f"Version 2 has {MAX_DIFF_LINES + 1:,} lines" in page.text
    at_cap = member.get(f"/api/v1/documents/{doc['id']}/compare?left=1&right=1")
    assert at_cap.status_code == 200 and len(at_cap.json()["rows"]) == MAX_DIFF_LINES


def test_comparing_long_repetitive_versions_is_quick_and_exact(api_as: Client) -> None:
    member = api_as("member")
    base = ["same line"] * MAX_DIFF_LINES
    doc = _doc(member, "\n".join(base))
    changed = [line if i % 97 else "changed" for i, line in enumerate(base)]
    member.post(f"/api/v1/documents/{doc['id']}/versions", json={"body": "\n".join(changed), "base_version": 1})
    rows = member.get(f"/api/v1/documents/{doc['id']}/compare?left=1&right=2").json()["rows"]
    assert [r["right"] for r in rows if r["right"] is not None] == changed
    assert [r["left"] for r in rows if r["left"] is not None] == base


def test_a_stale_save_over_the_line_cap_keeps_both_texts_whole(api_as: Client) -> None:
    member = api_as("member")
    long = _lines(MAX_DIFF_LINES + 1)
    doc = _doc(member, long)
    theirs = member.post(f"/api/v1/documents/{doc['id']}/versions",
                         json={"body": long + "\ntheirs", "base_version": 1})
    assert theirs.status_code == 201
    stale = member.post(f"/api/v1/documents/{doc['id']}/versions",
                        json={"body": "mine\n" + long, "base_version": 1})
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert f"too long to merge line by line (over {MAX_DIFF_LINES:,} lines)" in error["message"]
    merged = error["details"]["merged_body"]
    assert merged.startswith(MINE + "\nmine\n") and merged.endswith("theirs\n" + THEIRS + "\n")
    assert error["details"]["conflicts"] == 1
