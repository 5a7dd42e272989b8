"""A workspace sets the goal rules where it sets the document rules: the API and the
Writing rules page take and refuse their settings, and check_goal reads what is stored."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from tests.helpers import csrf_of

from dayone.documents.checks.goals import check_goal

Client = Callable[[str], TestClient]
GOAL = "Raise onboarding NPS to 50 (Ava + Ben)"


def test_goal_rules_are_set_and_refused_like_document_rules(api_as: Client, browser_as: Client) -> None:
    admin = api_as("admin")
    assert {f.code for f in check_goal(GOAL)} >= {"goal-no-date", "goal-many-owners"}
    saved = admin.put("/api/v1/checks/settings", json={"goal-no-date": "off", "goal-many-owners": {"max_owners": 2}})
    assert saved.status_code == 200, saved.text
    stored = admin.get("/api/v1/checks/settings").json()
    assert {f.code for f in check_goal(GOAL, settings=stored)} & {"goal-no-date", "goal-many-owners"} == set()
    refused = admin.put("/api/v1/checks/settings", json={"goal-many-owners": {"max_owners": 0}})
    assert refused.status_code == 422
    assert "checks.goal-many-owners.max_owners" in refused.json()["error"]["message"]
    page = browser_as("admin")
    listed = page.get("/admin/checks")
    assert listed.status_code == 200 and "goal-vague-verb" in listed.text
    token = csrf_of(page, "/admin/checks")
    typo = page.post("/admin/checks", data={"csrf_token": token, "settings": "goal-no-scpe: off\n"})
    assert typo.status_code == 422 and "did you mean `goal-no-scope`" in typo.text
