"""The archive in the browser's pages: a confirmation before anything is archived or removed
for good (plain forms, no script), the archive page with its Restore buttons, and a link to
an archived record that says so."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.helpers import csrf_of

Client = Callable[[str], TestClient]


def _initiative(api: TestClient, name: str) -> int:
    core = next(t["id"] for t in api.get("/api/v1/teams").json() if t["name"] == "Core")
    return int(api.post("/api/v1/initiatives", json={"name": name, "team_id": core}).json()["id"])


def test_archive_confirm_then_restore_from_the_archive_page(browser_as: Client, api_as: Client) -> None:
    item = _initiative(api_as("member"), "Launch")
    page = browser_as("member")
    assert f'href="/initiatives/{item}/archive"' in page.get(f"/initiatives/{item}").text
    confirm = page.get(f"/initiatives/{item}/archive")
    assert confirm.status_code == 200 and "Archive initiative Launch?" in confirm.text
    assert "<script" not in confirm.text.split("</header>", 1)[1] and "restore it from the archive" in confirm.text
    csrf = csrf_of(page, f"/initiatives/{item}/archive")
    done = page.post(f"/initiatives/{item}/archive", data={"csrf_token": csrf}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/archive?archived=initiative:{item}"
    archive = page.get(done.headers["location"]).text
    assert "Initiative Launch is in the archive. Restore it below" in archive
    assert f'action="/initiatives/{item}/restore"' in archive
    assert "Launch" not in page.get("/initiatives").text and "Launch" not in page.get("/org").text
    gone = browser_as("viewer").get(f"/initiatives/{item}")
    assert gone.status_code == 410 and "<h1>Archived</h1>" in gone.text
    assert "is archived (by max@example.com" in gone.text
    viewer_archive = browser_as("viewer").get("/archive").text
    assert "Launch" in viewer_archive and "/restore" not in viewer_archive  # viewers see, but do not restore
    back = page.post(f"/initiatives/{item}/restore", data={"csrf_token": csrf}, follow_redirects=False)
    assert back.status_code == 303 and back.headers["location"] == f"/initiatives/{item}"
    assert "Launch" in page.get("/initiatives").text


def test_removal_for_good_says_what_goes_and_asks_first(browser_as: Client, api_as: Client) -> None:
    item = _initiative(api_as("member"), "Old")
    api_as("member").post(f"/api/v1/initiatives/{item}/archive")
    admin = browser_as("admin")
    assert f'href="/archive/initiative/{item}/purge"' in admin.get("/archive").text
    confirm = admin.get(f"/archive/initiative/{item}/purge")
    assert "Remove initiative Old for good?" in confirm.text and "This cannot be undone" in confirm.text
    assert "its name, goal and status" in confirm.text and "<script" not in confirm.text.split("</header>", 1)[1]
    assert browser_as("member").get(f"/archive/initiative/{item}/purge").status_code == 403
    csrf = csrf_of(admin, "/archive")
    done = admin.post(f"/archive/initiative/{item}/purge", data={"csrf_token": csrf}, follow_redirects=False)
    assert done.status_code == 303
    assert f"Removed the initiative {item} for good." in admin.get(done.headers["location"]).text
    assert admin.get(f"/initiatives/{item}").status_code == 404


def test_a_team_that_cannot_be_archived_says_why_without_a_button(browser_as: Client, api_as: Client) -> None:
    core = next(t["id"] for t in api_as("member").get("/api/v1/teams").json() if t["name"] == "Core")
    confirm = browser_as("member").get(f"/teams/{core}/archive").text
    assert 'id="blocked"' in confirm and "2 member(s)" in confirm and 'id="confirm-archive"' not in confirm


def test_a_document_is_archived_by_its_author_from_its_page(browser_as: Client, api_as: Client) -> None:
    doc = api_as("member").post("/api/v1/documents", json={"title": "Plan", "doc_type": "narrative"}).json()
    page = browser_as("member")
    assert f'href="/documents/{doc["id"]}/archive"' in page.get(f"/documents/{doc['id']}").text
    csrf = csrf_of(page, f"/documents/{doc['id']}/archive")
    page.post(f"/documents/{doc['id']}/archive", data={"csrf_token": csrf})
    assert "Plan" not in page.get("/documents").text
    assert page.get(f"/documents/{doc['id']}").status_code == 410
    assert browser_as("admin").get(f"/documents/{doc['id']}").status_code == 404  # private: not even archived


def test_the_archive_page_lists_nothing_when_empty(browser_as: Client) -> None:
    page = browser_as("viewer").get("/archive")
    assert page.status_code == 200 and 'id="archive-empty"' in page.text
    assert re.search(r"<h1>Archive</h1>", page.text)
