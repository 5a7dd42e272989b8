"""Pages through the real forms: sign-in, CSRF, strict UTF-8, errors shown on the page."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from dayone.workspace import Workspace
from tests.helpers import PASSWORD, csrf_of, sign_in

Client = Callable[[str], TestClient]


def test_anonymous_pages_redirect_to_sign_in_and_back(browser_as: Client) -> None:
    client = browser_as("anonymous")
    response = client.get("/teams?x=1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=/teams%3Fx%3D1"


def test_sign_in_sets_a_hardened_cookie_and_sign_out_ends_it(browser_as: Client, people: object) -> None:
    client = browser_as("anonymous")
    token = csrf_of(client)
    response = client.post("/sign-in", data={"csrf_token": token, "email": "ADA@example.com",
                                             "password": PASSWORD, "next": "/teams"},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/teams"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert client.get("/org").status_code == 200
    out = client.post("/sign-out", data={"csrf_token": csrf_of(client, "/org")}, follow_redirects=False)
    assert out.status_code == 303
    assert client.get("/org", follow_redirects=False).status_code == 303


def test_sign_in_refuses_open_redirects(browser_as: Client, people: object) -> None:
    client = browser_as("anonymous")
    token = csrf_of(client)
    response = client.post("/sign-in", data={"csrf_token": token, "email": "ada@example.com",
                                             "password": PASSWORD, "next": "//evil.example/"},
                           follow_redirects=False)
    assert response.headers["location"] == "/agenda"


def test_wrong_password_then_slowed_down(browser_as: Client, people: object) -> None:
    client = browser_as("anonymous")
    token = csrf_of(client)
    form = {"csrf_token": token, "email": "ada@example.com", "password": "wrong-password"}
    for _ in range(5):
        response = client.post("/sign-in", data=form)
        assert response.status_code == 401
        assert "Email or password is wrong." in response.text
    locked = client.post("/sign-in", data=form)  # the 6th failure locks for a while
    assert locked.status_code == 401
    refused = client.post("/sign-in", data={**form, "password": PASSWORD})
    assert refused.status_code == 429
    assert re.search(r"try again in \d+ seconds", refused.text)
    assert refused.headers["retry-after"]


def test_post_without_csrf_is_refused(browser_as: Client) -> None:
    admin = browser_as("admin")
    response = admin.post("/teams/new", data={"name": "Sneaky"})
    assert response.status_code == 403
    assert "security token" in response.text
    assert "Sneaky" not in admin.get("/teams").text


def test_invalid_utf8_in_a_form_names_the_field(browser_as: Client) -> None:
    admin = browser_as("admin")
    token = csrf_of(admin, "/teams/new")
    body = f"csrf_token={token}&name=Caf%C3%A9&mission=%FF%FEbroken".encode()
    response = admin.post("/teams/new", content=body,
                          headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 422
    assert "mission: the text is not valid UTF-8" in response.text
    assert "Café" not in admin.get("/teams").text


def test_form_errors_keep_what_was_typed(browser_as: Client) -> None:
    admin = browser_as("admin")
    token = csrf_of(admin, "/teams/new")
    response = admin.post("/teams/new", data={"csrf_token": token, "name": "Core",
                                              "mission": "typed text"})
    assert response.status_code == 409
    assert "name: &#39;Core&#39; is already used by another team" in response.text
    assert "typed text" in response.text


def test_two_leader_fields_in_a_form_are_refused(browser_as: Client, ws: Workspace) -> None:
    admin = browser_as("admin")
    token = csrf_of(admin, "/initiatives/new")
    body = f"csrf_token={token}&name=Dual&status=active&leader_id=1&leader_id=2".encode()
    response = admin.post("/initiatives/new", content=body,
                          headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 422
    assert "exactly one single-threaded leader" in response.text
    assert "Dual" not in admin.get("/initiatives").text


def test_create_team_and_initiative_through_forms(browser_as: Client) -> None:
    member = browser_as("member")
    token = csrf_of(member, "/teams/new")
    created = member.post("/teams/new", data={"csrf_token": token, "name": "Search",
                                              "mission": "Find it", "member_ids": ["", "2"]},
                          follow_redirects=False)
    assert created.status_code == 303
    team_page = member.get(created.headers["location"])
    assert "Find it" in team_page.text and "Max Member" in team_page.text
    team_id = created.headers["location"].rsplit("/", 1)[1]
    made = member.post("/initiatives/new", data={
        "csrf_token": token, "name": "Relevance", "status": "active", "team_id": team_id,
        "leader_id": "2", "co_leader_ids": [""]}, follow_redirects=False)
    assert made.status_code == 303
    assert "Relevance" in member.get("/org").text


def test_stale_form_edit_shows_a_conflict(browser_as: Client) -> None:
    admin = browser_as("admin")
    token = csrf_of(admin, "/teams/1")
    first = admin.post("/teams/1", data={"csrf_token": token, "version": "1", "mission": "A"},
                       follow_redirects=False)
    assert first.status_code == 303
    stale = admin.post("/teams/1", data={"csrf_token": token, "version": "1", "mission": "B"})
    assert stale.status_code == 409
    assert "Reload it and apply your edit again" in stale.text
    assert ">A<" in admin.get("/teams/1").text


def test_admin_adds_account_sets_role_and_resets_password(browser_as: Client) -> None:
    admin = browser_as("admin")
    token = csrf_of(admin, "/admin/users")
    added = admin.post("/admin/users", data={"csrf_token": token, "name": "Nia New",
                                             "email": "nia@example.com", "role": "viewer",
                                             "password": "a-long-password"})
    assert added.status_code == 200 and "Added Nia New as viewer" in added.text
    dup = admin.post("/admin/users", data={"csrf_token": token, "name": "Nia Again",
                                           "email": "nia@example.com", "role": "viewer",
                                           "password": "a-long-password"})
    assert dup.status_code == 409 and "already has an account" in dup.text
    user_id = re.search(r'/admin/users/(\d+)/role"[^>]*>\s*<input[^>]*>\s*<select name="role" '
                        r'aria-label="Role of Nia New"', added.text)
    assert user_id
    promoted = admin.post(f"/admin/users/{user_id.group(1)}/role",
                          data={"csrf_token": token, "role": "member"})
    assert "Nia New is now member" in promoted.text
    reset = admin.post(f"/admin/users/{user_id.group(1)}/reset-password", data={"csrf_token": token})
    new_password = re.search(r"nia@example.com: (\S+) —", reset.text).group(1)
    sign_in(browser_as("anonymous"), "nia@example.com", new_password)
    assert "reset-password" in admin.get("/admin/audit").text


def test_change_own_password_ends_other_sessions(browser_as: Client) -> None:
    here, elsewhere = browser_as("member"), browser_as("member")
    token = csrf_of(here, "/account")
    wrong = here.post("/account/password", data={"csrf_token": token, "current_password": "nope",
                                                 "new_password": "new-password-1",
                                                 "confirm_password": "new-password-1"})
    assert wrong.status_code == 422 and "not your current password" in wrong.text
    ok = here.post("/account/password", data={"csrf_token": token, "current_password": PASSWORD,
                                              "new_password": "new-password-1",
                                              "confirm_password": "new-password-1"})
    assert ok.status_code == 200 and "Your password was changed" in ok.text
    assert here.get("/org", follow_redirects=False).status_code == 200
    assert elsewhere.get("/org", follow_redirects=False).status_code == 303


def test_pages_carry_security_headers(browser_as: Client) -> None:
    response = browser_as("viewer").get("/org")
    assert response.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_unknown_page_is_a_readable_404(browser_as: Client) -> None:
    viewer = browser_as("viewer")
    assert viewer.get("/teams/9999").status_code == 404
    assert "No team with id 9999" in viewer.get("/teams/9999").text
    missing = viewer.get("/nowhere")
    assert missing.status_code == 404 and "Traceback" not in missing.text
