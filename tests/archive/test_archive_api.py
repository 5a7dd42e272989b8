"""The archive through the API: archived records leave lists and lookups (410, not 404),
come back on restore, and only an admin removes an archived one for good — saying what
goes with it, or refusing while other records depend on it."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

Client = Callable[[str], TestClient]
CHEAP = {"undo_cost": "cheap", "undo_time": "days", "customers": "few", "legal_or_safety": "no"}


def _core(client: TestClient) -> int:
    return next(t["id"] for t in client.get("/api/v1/teams").json() if t["name"] == "Core")


def test_an_archived_initiative_leaves_lists_says_archived_and_comes_back(api_as: Client) -> None:
    member, viewer, admin = api_as("member"), api_as("viewer"), api_as("admin")
    made = member.post("/api/v1/initiatives", json={"name": "Launch", "team_id": _core(member)}).json()
    done = member.post(f"/api/v1/initiatives/{made['id']}/archive")
    assert done.status_code == 200, done.text
    assert done.json()["kind"] == "initiative" and done.json()["archived_by"] == "max@example.com"
    assert "Launch" not in [i["name"] for i in viewer.get("/api/v1/initiatives").json()]
    gone = viewer.get(f"/api/v1/initiatives/{made['id']}")
    assert gone.status_code == 410
    error = gone.json()["error"]
    assert error["code"] == "archived" and "'Launch' is archived (by max@example.com" in error["message"]
    assert error["details"]["restore"] == f"/api/v1/initiatives/{made['id']}/restore"
    # edits of an archived record are refused with the same answer
    assert member.patch(f"/api/v1/initiatives/{made['id']}", json={"version": 2, "goal": "x"}).status_code == 410
    listed = viewer.get("/api/v1/archive").json()
    assert [(e["kind"], e["title"], e["may_restore"], e["may_purge"]) for e in listed] == [
        ("initiative", "Launch", False, False)]
    assert member.post(f"/api/v1/initiatives/{made['id']}/archive").status_code == 409  # already archived
    assert viewer.post(f"/api/v1/initiatives/{made['id']}/restore").status_code == 403
    back = member.post(f"/api/v1/initiatives/{made['id']}/restore")
    assert back.status_code == 200 and back.json()["archived_at"] is None
    assert viewer.get(f"/api/v1/initiatives/{made['id']}").json()["name"] == "Launch"
    assert viewer.get("/api/v1/archive").json() == []
    actions = [(e["action"], e["entity_type"]) for e in admin.get("/api/v1/audit").json()]
    assert ("archive", "initiative") in actions and ("restore", "initiative") in actions


def test_a_name_held_by_an_archived_record_says_so(api_as: Client) -> None:
    member = api_as("member")
    made = member.post("/api/v1/initiatives", json={"name": "Launch", "team_id": _core(member)}).json()
    assert member.post(f"/api/v1/initiatives/{made['id']}/archive").status_code == 200
    again = member.post("/api/v1/initiatives", json={"name": "launch"})
    assert again.status_code == 409
    assert "is the name of an archived initiative; restore it" in again.json()["error"]["message"]


def test_a_team_with_members_is_not_archived_and_children_wait_for_their_parent(api_as: Client) -> None:
    member, admin = api_as("member"), api_as("admin")
    core = _core(member)
    refused = member.post(f"/api/v1/teams/{core}/archive")
    assert refused.status_code == 409
    assert refused.json()["error"]["message"].startswith("The team 'Core' cannot be archived while 2 member(s)")
    parent = member.post("/api/v1/teams", json={"name": "Parent", "parent_id": core}).json()
    child = member.post("/api/v1/teams", json={"name": "Child", "parent_id": parent["id"]}).json()
    blocked = member.post(f"/api/v1/teams/{parent['id']}/archive")
    assert blocked.status_code == 409 and "sub-teams Child" in blocked.json()["error"]["message"]
    assert member.post(f"/api/v1/teams/{child['id']}/archive").status_code == 200
    assert member.post(f"/api/v1/teams/{parent['id']}/archive").status_code == 200
    # a record cannot point at an archived team
    made = member.post("/api/v1/teams", json={"name": "New", "parent_id": parent["id"]})
    assert made.status_code == 422 and "the team 'Parent' is archived" in made.json()["error"]["message"]
    waits = admin.post(f"/api/v1/teams/{child['id']}/restore")
    assert waits.status_code == 409 and "its parent team Parent is archived" in waits.json()["error"]["message"]
    assert admin.post(f"/api/v1/teams/{parent['id']}/restore").status_code == 200
    assert admin.post(f"/api/v1/teams/{child['id']}/restore").status_code == 200


def test_only_an_admin_removes_for_good_and_only_what_is_archived(api_as: Client) -> None:
    member, admin = api_as("member"), api_as("admin")
    team = member.post("/api/v1/teams", json={"name": "Gone", "parent_id": _core(member)}).json()
    item = member.post("/api/v1/initiatives", json={"name": "Old", "team_id": team["id"]}).json()
    live = admin.delete(f"/api/v1/initiatives/{item['id']}")
    assert live.status_code == 409 and "archive it first" in live.json()["error"]["message"]
    member.post(f"/api/v1/initiatives/{item['id']}/archive")
    assert member.delete(f"/api/v1/initiatives/{item['id']}").status_code == 403
    member.post(f"/api/v1/teams/{team['id']}/archive")
    # the archived initiative still belongs to the team: the team is not removed under it
    held = admin.delete(f"/api/v1/teams/{team['id']}")
    assert held.status_code == 409
    assert "initiatives Old belong to it (archived ones included)" in held.json()["error"]["message"]
    purged = admin.delete(f"/api/v1/initiatives/{item['id']}")
    assert purged.status_code == 200
    assert purged.json() == {"kind": "initiative", "ref": str(item["id"]),
                             "removed_with_it": ["its name, goal and status"]}
    assert admin.get(f"/api/v1/initiatives/{item['id']}").status_code == 404
    assert admin.delete(f"/api/v1/teams/{team['id']}").status_code == 200
    assert admin.get("/api/v1/archive").json() == []
    purges = [e for e in admin.get("/api/v1/audit").json() if e["action"] == "purge"]
    assert [e["entity_type"] for e in purges] == ["team", "initiative"]


def test_documents_are_archived_by_their_author_and_private_ones_stay_private(api_as: Client) -> None:
    member, outsider, admin = api_as("member"), api_as("outsider"), api_as("admin")
    shared = member.post("/api/v1/documents", json={"title": "Shared plan", "doc_type": "narrative"}).json()
    member.patch(f"/api/v1/documents/{shared['id']}", json={"shared_with_all": True})
    private = member.post("/api/v1/documents", json={"title": "Secret draft", "doc_type": "prfaq"}).json()
    assert outsider.post(f"/api/v1/documents/{shared['id']}/archive").status_code == 403
    assert admin.post(f"/api/v1/documents/{shared['id']}/archive").status_code == 403  # the author's call
    for doc in (shared, private):
        assert member.post(f"/api/v1/documents/{doc['id']}/archive").status_code == 200
    assert member.get("/api/v1/documents").json() == []
    assert outsider.get(f"/api/v1/documents/{shared['id']}").status_code == 410
    assert outsider.get(f"/api/v1/documents/{private['id']}").status_code == 404  # not even "archived"
    assert [e["title"] for e in outsider.get("/api/v1/archive").json()] == ["Shared plan"]
    seen_by_admin = {e["ref"]: e for e in admin.get("/api/v1/archive").json()}
    assert seen_by_admin[str(private["id"])]["title"] is None  # that it exists, not what it says
    assert seen_by_admin[str(shared["id"])]["title"] == "Shared plan"
    assert admin.post(f"/api/v1/documents/{private['id']}/restore").status_code == 200
    assert [d["title"] for d in member.get("/api/v1/documents").json()] == ["Secret draft"]


def test_a_document_a_decision_rests_on_is_not_removed_under_it(api_as: Client) -> None:
    member, admin = api_as("member"), api_as("admin")
    doc = member.post("/api/v1/documents", json={"title": "Evidence", "doc_type": "narrative"}).json()
    member.patch(f"/api/v1/documents/{doc['id']}", json={"shared_with_all": True})
    decision = member.post("/api/v1/decisions", json={"title": "Go", "type_answers": CHEAP, "links": [
        {"kind": "document", "document_id": doc["id"]}]}).json()
    member.post(f"/api/v1/documents/{doc['id']}/archive")
    shown = member.get(f"/api/v1/decisions/{decision['id']}").json()["links"][0]
    assert shown["label"] == "Evidence (archived)"
    refused = admin.delete(f"/api/v1/documents/{doc['id']}")
    assert refused.status_code == 409 and f"decision {decision['id']} links to it" in refused.json()["error"]["message"]
    member.post(f"/api/v1/decisions/{decision['id']}/archive")
    assert member.get("/api/v1/decisions").json() == []
    assert admin.delete(f"/api/v1/decisions/{decision['id']}").status_code == 200
    purged = admin.delete(f"/api/v1/documents/{doc['id']}")
    assert purged.status_code == 200 and purged.json()["removed_with_it"] == ["its 1 version"]


def test_reviews_of_an_archived_document_leave_the_review_list(api_as: Client) -> None:
    member = api_as("member")
    doc = member.post("/api/v1/documents", json={"title": "Plan", "doc_type": "narrative"}).json()
    review = member.post("/api/v1/reviews", json={"document_id": doc["id"],
                                                  "scheduled_for": "2027-03-03T10:00:00Z"}).json()
    assert len(member.get("/api/v1/reviews").json()) == 1
    member.post(f"/api/v1/documents/{doc['id']}/archive")
    assert member.get("/api/v1/reviews").json() == []
    assert member.get(f"/api/v1/reviews/{review['id']}").status_code == 410


def test_bad_references_get_a_clear_answer(api_as: Client) -> None:
    admin = api_as("admin")
    assert admin.post("/api/v1/initiatives/999999/archive").status_code == 404
    wrong = admin.post("/api/v1/initiatives/abc/archive")
    assert wrong.status_code == 422 and "initiative_id" in wrong.text
    assert admin.delete("/api/v1/metrics/nothing").json()["error"]["message"].startswith("No archived metric")
