"""Moving people between teams through a team's member list follows the per-person rule:
a member may move only themselves; admins may move anyone. Through the API and the forms,
on both databases."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.helpers import csrf_of

Client = Callable[[str], TestClient]


def _ids(client: TestClient) -> dict[str, int]:
    return {p["name"]: p["id"] for p in client.get("/api/v1/people").json()}


def _team_of(client: TestClient) -> dict[str, str | None]:
    return {p["name"]: (p["team"] or {}).get("name") for p in client.get("/api/v1/people").json()}


def _refused(response: object, *names: str) -> str:
    assert response.status_code == 403, response.text
    error = response.json()["error"]
    assert error["code"] == "permission_denied"
    for name in names:
        assert name in error["message"]
    assert error["details"][0]["field"] == "member_ids"
    return str(error["message"])


def test_a_member_cannot_put_an_admin_or_anyone_else_in_a_new_team(api_as: Client) -> None:
    member, admin = api_as("member"), api_as("admin")
    ids = _ids(admin)
    before = _team_of(admin)
    message = _refused(member.post("/api/v1/teams", json={
        "name": "Takeover", "member_ids": [ids["Ada Admin"], ids["Otto Outsider"]]}),
        "Ada Admin", "Otto Outsider")
    assert "Max Member" not in message
    assert "Takeover" not in [t["name"] for t in admin.get("/api/v1/teams").json()]
    assert _team_of(admin) == before


def test_a_member_cannot_pull_someone_out_of_another_team(api_as: Client) -> None:
    member, admin = api_as("member"), api_as("admin")
    ids = _ids(admin)
    ops = admin.post("/api/v1/teams", json={"name": "Ops", "member_ids": [ids["Otto Outsider"]]})
    assert ops.status_code == 201
    _refused(member.post("/api/v1/teams", json={"name": "Search", "member_ids": [ids["Otto Outsider"]]}),
             "Otto Outsider")
    assert _team_of(admin)["Otto Outsider"] == "Ops"


def test_a_member_cannot_add_or_remove_others_in_a_team_they_edit(api_as: Client) -> None:
    member, admin = api_as("member"), api_as("admin")
    ids = _ids(admin)
    core = next(t for t in member.get("/api/v1/teams").json() if t["name"] == "Core")
    current = [m["id"] for m in core["members"]]
    assert ids["Vic Viewer"] in current and ids["Max Member"] in current
    _refused(member.patch(f"/api/v1/teams/{core['id']}", json={
        "version": core["version"], "member_ids": [*current, ids["Ada Admin"]]}), "Ada Admin")
    _refused(member.patch(f"/api/v1/teams/{core['id']}", json={
        "version": core["version"], "member_ids": [ids["Max Member"]]}), "Vic Viewer")
    after = member.get(f"/api/v1/teams/{core['id']}").json()
    assert sorted(m["id"] for m in after["members"]) == sorted(current)
    assert after["version"] == core["version"]  # nothing was stored


def test_a_member_may_move_themselves_and_an_admin_may_move_anyone(api_as: Client) -> None:
    member, admin = api_as("member"), api_as("admin")
    ids = _ids(admin)
    mine = member.post("/api/v1/teams", json={"name": "Search", "member_ids": [ids["Max Member"]]})
    assert mine.status_code == 201, mine.text
    assert _team_of(admin)["Max Member"] == "Search"
    left = member.patch(f"/api/v1/teams/{mine.json()['id']}",
                        json={"version": mine.json()["version"], "member_ids": []})
    assert left.status_code == 200, left.text
    assert _team_of(admin)["Max Member"] is None
    core = next(t for t in admin.get("/api/v1/teams").json() if t["name"] == "Core")
    moved = admin.patch(f"/api/v1/teams/{core['id']}", json={
        "version": core["version"], "member_ids": [ids["Ada Admin"], ids["Otto Outsider"]]})
    assert moved.status_code == 200, moved.text
    teams = _team_of(admin)
    assert teams["Ada Admin"] == teams["Otto Outsider"] == "Core" and teams["Vic Viewer"] is None


def test_the_forms_refuse_moving_others_and_keep_the_typed_values(browser_as: Client,
                                                                   api_as: Client) -> None:
    member, admin = browser_as("member"), api_as("admin")
    ids = _ids(admin)
    before = _team_of(admin)
    token = csrf_of(member, "/teams/new")
    created = member.post("/teams/new", data={"csrf_token": token, "name": "Takeover",
                                               "mission": "typed mission",
                                               "member_ids": ["", str(ids["Ada Admin"])]},
                          follow_redirects=False)
    assert created.status_code == 403
    assert "you may not move Ada Admin into or out of Takeover" in created.text
    assert "typed mission" in created.text
    core = next(t for t in admin.get("/api/v1/teams").json() if t["name"] == "Core")
    token = csrf_of(member, f"/teams/{core['id']}")
    edited = member.post(f"/teams/{core['id']}", data={
        "csrf_token": token, "version": str(core["version"]), "name": "Core", "mission": "",
        "member_ids": ["", str(ids["Max Member"])]}, follow_redirects=False)
    assert edited.status_code == 403
    assert "Vic Viewer" in edited.text
    assert _team_of(admin) == before
    same = member.post(f"/teams/{core['id']}", data={  # the unchanged list saves other edits
        "csrf_token": token, "version": str(core["version"]), "name": "Core", "mission": "Ours",
        "member_ids": ["", *[str(m["id"]) for m in core["members"]]]}, follow_redirects=False)
    assert same.status_code == 303
    assert _team_of(admin) == before
