"""A proposed decision is edited by its owner, each edit kept as a version; a decided one
is not; an edit after sign-off asks the approvers again."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

Client = Callable[[str], TestClient]
CHEAP = {"undo_cost": "cheap", "undo_time": "days", "customers": "few", "legal_or_safety": "no"}


def _member_id(client: TestClient) -> int:
    return next(p["id"] for p in client.get("/api/v1/people").json() if p["email"] == "max@example.com")


def test_edits_are_kept_as_versions_and_clear_sign_offs(api_as: Client) -> None:
    member, outsider = api_as("member"), api_as("outsider")
    made = member.post("/api/v1/decisions", json={"title": "Pricing", "type_answers": CHEAP, "choice": "A",
                                                  "approver_ids": [_member_id(member)]}).json()
    assert member.get(f"/api/v1/decisions/{made['id']}/versions").json() == []
    member.post(f"/api/v1/decisions/{made['id']}/approve")
    assert outsider.patch(f"/api/v1/decisions/{made['id']}", json={"version": made["version"],
                                                                   "choice": "B"}).status_code == 403
    edited = member.patch(f"/api/v1/decisions/{made['id']}", json={"version": made["version"], "choice": "B",
                                                                   "options": ["A", "B"], "note": "B is cheaper"})
    assert edited.status_code == 200, edited.text
    assert edited.json()["choice"] == "B" and edited.json()["approvers"][0]["approved"] is False
    stale = member.patch(f"/api/v1/decisions/{made['id']}", json={"version": made["version"], "choice": "C"})
    assert stale.status_code == 409 and "changed since you loaded it" in stale.json()["error"]["message"]
    versions = member.get(f"/api/v1/decisions/{made['id']}/versions").json()
    assert [(v["number"], v["fields"]["choice"], v["note"]) for v in versions] == [
        (2, "B", "B is cheaper"), (1, "A", "as proposed")]
    same = member.patch(f"/api/v1/decisions/{made['id']}", json={"version": edited.json()["version"], "choice": "B"})
    assert same.status_code == 200 and len(member.get(f"/api/v1/decisions/{made['id']}/versions").json()) == 2
    audit = [e for e in api_as("admin").get("/api/v1/audit").json() if e["action"] == "edit"]
    assert audit[0]["summary"] == "edited options, choice (version 2); sign-off cleared for Max Member"
    assert audit[0]["before"] == {"options": [], "choice": "A"}


def test_a_decided_decision_is_not_edited(api_as: Client) -> None:
    member = api_as("member")
    made = member.post("/api/v1/decisions", json={"title": "Go", "type_answers": CHEAP, "decide_now": True}).json()
    refused = member.patch(f"/api/v1/decisions/{made['id']}", json={"version": made["version"], "title": "No"})
    assert refused.status_code == 409 and "Only a proposed decision can be edited" in refused.json()["error"]["message"]
    empty = member.patch(f"/api/v1/decisions/{made['id']}", json={"version": made["version"], "title": ""})
    assert empty.status_code == 422 and empty.json()["error"]["details"][0]["field"] == "title"


def test_the_edit_page_keeps_what_was_typed_and_shows_versions(browser_as: Client, api_as: Client) -> None:
    made = api_as("member").post("/api/v1/decisions", json={"title": "Pricing", "type_answers": CHEAP}).json()
    page = browser_as("member")
    form = page.get(f"/decisions/{made['id']}/edit").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    assert "<script" not in form.split("</header>", 1)[1]  # (only the header's menu button has a script)
    bad = page.post(f"/decisions/{made['id']}/edit", data={"csrf_token": csrf, "version": str(made["version"]),
                                                           "title": "Pricing", "info_percent": "140",
                                                           "choice": "what I typed"})
    assert bad.status_code == 422 and "what I typed" in bad.text
    saved = page.post(f"/decisions/{made['id']}/edit", data={"csrf_token": csrf, "version": str(made["version"]),
                                                             "title": "Pricing v2", "choice": "B"},
                      follow_redirects=False)
    assert saved.status_code == 303
    shown = page.get(f"/decisions/{made['id']}").text
    assert 'id="decision-versions"' in shown and f'href="/decisions/{made["id"]}/versions/1"' in shown
    first = page.get(f"/decisions/{made['id']}/versions/1")
    assert first.status_code == 200 and "<h1>Pricing <span" in first.text
    assert page.get(f"/decisions/{made['id']}/versions/9").status_code == 404
    assert browser_as("outsider").get(f"/decisions/{made['id']}/edit").status_code == 403
