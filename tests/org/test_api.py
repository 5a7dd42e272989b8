"""The organization API end to end: JSON in, JSON out, one error shape."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

Client = Callable[[str], TestClient]


def _error(response: object, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


def test_create_read_update_archive_and_remove_initiative(api_as: Client) -> None:
    admin = api_as("admin")
    team = admin.post("/api/v1/teams", json={"name": "Search", "mission": "Find"}).json()
    alice = admin.post("/api/v1/people", json={"name": "Alice", "email": "alice@example.com",
                                               "team_id": team["id"]}).json()
    created = admin.post("/api/v1/initiatives", json={
        "name": "Relevance", "status": "active", "team_id": team["id"], "leader_id": alice["id"]})
    assert created.status_code == 201
    item = created.json()
    assert item["leader"] == {"id": alice["id"], "name": "Alice"} and item["version"] == 1
    patched = admin.patch(f"/api/v1/initiatives/{item['id']}",
                          json={"version": 1, "goal": "Halve empty searches"})
    assert patched.json()["goal"] == "Halve empty searches" and patched.json()["version"] == 2
    assert admin.get(f"/api/v1/initiatives/{item['id']}").json()["goal"] == "Halve empty searches"
    assert admin.post(f"/api/v1/initiatives/{item['id']}/archive").status_code == 200
    _error(admin.get(f"/api/v1/initiatives/{item['id']}"), 410, "archived")
    assert admin.delete(f"/api/v1/initiatives/{item['id']}").status_code == 200
    _error(admin.get(f"/api/v1/initiatives/{item['id']}"), 404, "not_found")


def test_stale_patch_is_a_conflict_and_keeps_the_newer_text(api_as: Client) -> None:
    admin = api_as("admin")
    team = admin.post("/api/v1/teams", json={"name": "Search"}).json()
    first = admin.patch(f"/api/v1/teams/{team['id']}", json={"version": 1, "mission": "Mine"})
    assert first.status_code == 200
    error = _error(admin.patch(f"/api/v1/teams/{team['id']}", json={"version": 1, "mission": "Theirs"}),
                   409, "conflict")
    assert error["details"] == {"current_version": 2, "your_version": 1}
    assert admin.get(f"/api/v1/teams/{team['id']}").json()["mission"] == "Mine"


def test_bad_input_names_the_field_and_changes_nothing(api_as: Client) -> None:
    admin = api_as("admin")
    admin.post("/api/v1/people", json={"name": "Alice", "email": "alice@example.com"})
    before = admin.get("/api/v1/people").json()

    dup = _error(admin.post("/api/v1/people", json={"name": "A2", "email": "ALICE@example.com"}),
                 409, "conflict")
    assert "email" in dup["message"]
    bad_email = _error(admin.post("/api/v1/people", json={"name": "B", "email": "not-an-email"}),
                       422, "invalid_input")
    assert bad_email["details"][0]["field"] == "email"
    long = _error(admin.post("/api/v1/people", json={"name": "x" * 201, "email": "b@example.com"}),
                  422, "invalid_input")
    assert long["details"][0]["field"] == "name"
    unknown = _error(admin.post("/api/v1/people", json={"name": "B", "email": "b@example.com",
                                                        "team_id": 42}), 422, "invalid_input")
    assert unknown["message"] == "team_id: no team with id 42."
    extra = _error(admin.post("/api/v1/people", json={"name": "B", "email": "b@example.com",
                                                      "tean_id": 1}), 422, "invalid_input")
    assert extra["details"][0]["field"] == "tean_id"
    not_json = _error(admin.post("/api/v1/people", content=b"{name:",
                                 headers={"content-type": "application/json"}), 422, "invalid_input")
    assert "not valid JSON" in not_json["message"]
    bad_utf8 = admin.post("/api/v1/people", content=b'{"name": "\xff\xfe", "email": "c@example.com"}',
                          headers={"content-type": "application/json"})
    assert bad_utf8.status_code == 422
    assert admin.get("/api/v1/people").json() == before


def test_two_leaders_are_refused(api_as: Client) -> None:
    admin = api_as("admin")
    a = admin.post("/api/v1/people", json={"name": "A", "email": "a@example.com"}).json()["id"]
    b = admin.post("/api/v1/people", json={"name": "B", "email": "b@example.com"}).json()["id"]
    error = _error(admin.post("/api/v1/initiatives", json={"name": "X", "leader_id": [a, b]}),
                   422, "invalid_input")
    assert error["details"][0]["field"] == "leader_id"
    assert "exactly one single-threaded leader" in error["message"]
    assert admin.get("/api/v1/initiatives").json() == []


def test_malformed_and_revoked_tokens(api_as: Client, ws: object) -> None:
    anonymous = api_as("anonymous")
    cases = {
        "": "Send an API token",
        "Basic abc": "must be 'Bearer <token>'",
        "Bearer nope": "Malformed API token",
        "Bearer d1_" + "x" * 40: "not recognised or revoked",
    }
    for header, message in cases.items():
        response = anonymous.get("/api/v1/people", headers={"Authorization": header} if header else {})
        error = _error(response, 401, "not_authenticated")
        assert message in error["message"]
        assert response.headers["www-authenticate"] == "Bearer"


def test_findings_endpoint(api_as: Client) -> None:
    viewer = api_as("viewer")
    admin = api_as("admin")
    admin.post("/api/v1/initiatives", json={"name": "Orphan", "status": "active"})
    body = viewer.get("/api/v1/org/findings").json()
    assert body["counts"] == {"error": 1, "warning": 0, "suggestion": 0}
    (finding,) = body["findings"]
    assert finding["code"] == "initiative-without-leader"
    assert finding["location"]["record_name"] == "Orphan"
    assert finding["suggestion"]


def test_openapi_document_lists_the_api(api_as: Client) -> None:
    spec = api_as("anonymous").get("/api/v1/openapi.json").json()
    for path in ("/api/v1/people", "/api/v1/teams", "/api/v1/initiatives", "/api/v1/org/findings"):
        assert path in spec["paths"]
    assert not any(not p.startswith("/api/v1/") for p in spec["paths"])


def test_findings_follow_every_change_even_from_another_process(api_as: Client, ws: object) -> None:
    from fastapi.testclient import TestClient

    from dayone.web.app import create_app

    admin = api_as("admin")
    other_process = TestClient(create_app(ws), headers=dict(admin.headers))  # its own cache
    assert other_process.get("/api/v1/org/findings").json()["counts"]["error"] == 0
    item = admin.post("/api/v1/initiatives", json={"name": "Orphan", "status": "active"}).json()
    assert other_process.get("/api/v1/org/findings").json()["counts"]["error"] == 1
    leader = admin.post("/api/v1/people", json={"name": "L", "email": "l@example.com"}).json()
    admin.patch(f"/api/v1/initiatives/{item['id']}", json={"version": 1, "leader_id": leader["id"]})
    assert other_process.get("/api/v1/org/findings").json()["counts"]["error"] == 0
    other_process.close()
