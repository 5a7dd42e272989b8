"""A person whose password someone else reset is told who did it and when."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from dayone.workspace import Workspace
from tests.conftest import People
from tests.helpers import PASSWORD, csrf_of

Client = Callable[[str], TestClient]


def sign_in_to(client: TestClient, email: str, password: str, next_page: str = "/teams") -> str:
    """Sign in through the form; where it sends the browser."""
    response = client.post("/sign-in", data={"csrf_token": csrf_of(client), "email": email,
                                             "password": password, "next": next_page},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["location"]


def test_the_next_sign_in_after_an_admin_reset_says_who_and_when(browser_as: Client, api_as: Client,
                                                                 people: People) -> None:
    admin = browser_as("admin")
    member_api = api_as("member")
    me = member_api.get("/api/v1/me").json()
    assert me["password_reset_at"] is None
    reset = admin.post(f"/admin/users/{me['id']}/reset-password",
                       data={"csrf_token": csrf_of(admin, "/admin/users")})
    shown = re.search(r"max@example.com: (\S+) —", reset.text)
    assert shown, reset.text
    password = shown.group(1)
    member = browser_as("anonymous")
    assert sign_in_to(member, people.member, password) == "/account?reset=1"
    page = member.get("/account?reset=1")
    notice = re.search(r'id="password-reset-notice">(.*?)</div>', page.text, re.S)
    assert notice and "Your password was reset by ada@example.com on <time datetime=\"20" in notice.group(1)
    assert "Choose a new password" in notice.group(1)
    # told once at sign-in; the account page keeps saying it
    assert sign_in_to(browser_as("anonymous"), people.member, password) == "/teams"
    assert "reset by ada@example.com" in member.get("/account").text
    mine = api_as("member").get("/api/v1/me").json()
    assert mine["password_reset_by"] == "ada@example.com" and mine["password_reset_at"]
    audit = [e for e in api_as("admin").get("/api/v1/audit?entity_type=user").json()
             if e["action"] == "reset-password"]
    assert audit and audit[0]["actor"] == "ada@example.com" and audit[0]["entity_id"] == me["id"]


def test_a_command_line_reset_is_shown_too(ws: Workspace, browser_as: Client, people: People) -> None:
    from dayone.auth import service as accounts
    from dayone.auth.permissions import CLI_ACTOR

    with ws.session() as s:
        password = accounts.reset_password(s, CLI_ACTOR, people.viewer)
    viewer = browser_as("anonymous")
    assert sign_in_to(viewer, people.viewer, password) == "/account?reset=1"
    assert "Your password was reset by cli on" in viewer.get("/account").text


def test_ones_own_change_is_no_reset_notice(browser_as: Client, people: People) -> None:
    member = browser_as("member")
    new = "plum-orchard-telescope"
    member.post("/account/password", data={"csrf_token": csrf_of(member, "/account"),
                                           "current_password": PASSWORD, "new_password": new,
                                           "confirm_password": new})
    assert "password-reset-notice" not in member.get("/account").text
    assert sign_in_to(browser_as("anonymous"), people.member, new) == "/teams"
