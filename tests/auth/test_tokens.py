"""API tokens expire, and a new password revokes them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from dayone.auth import service as accounts
from dayone.auth.models import ApiToken
from dayone.auth.permissions import CLI_ACTOR
from dayone.db.base import utcnow
from dayone.errors import InvalidInput
from dayone.web.app import create_app
from dayone.workspace import Workspace
from tests.conftest import People
from tests.helpers import PASSWORD, csrf_of

Client = Callable[[str], TestClient]


def bearer(ws: Workspace, secret: str) -> TestClient:
    return TestClient(create_app(ws), headers={"Authorization": f"Bearer {secret}"})


def test_a_token_lives_90_days_unless_told_otherwise(ws: Workspace, people: People) -> None:
    with ws.session() as s:
        default = accounts.create_token(s, CLI_ACTOR, people.member).token
        week = accounts.create_token(s, CLI_ACTOR, people.member, days=7).token
    assert default.expires_at - default.created_at == timedelta(days=90)
    assert week.expires_at - week.created_at == timedelta(days=7)


@pytest.mark.parametrize("days", [0, -1, 367])
def test_a_lifetime_out_of_range_is_refused(ws: Workspace, people: People, days: int) -> None:
    with ws.session() as s, pytest.raises(InvalidInput, match="days: a token lives 1 to 366 days"):
        accounts.create_token(s, CLI_ACTOR, people.member, days=days)


def test_an_expired_token_gets_401_saying_so(ws: Workspace, people: People) -> None:
    with ws.session() as s:
        issued = accounts.create_token(s, CLI_ACTOR, people.member, days=1)
        token_id, prefix = issued.token.id, issued.token.prefix
    client = bearer(ws, issued.secret)
    assert client.get("/api/v1/me").status_code == 200
    with ws.session() as s:
        s.execute(update(ApiToken).where(ApiToken.id == token_id).values(expires_at=utcnow() - timedelta(minutes=1)))
    expired = client.get("/api/v1/me")
    assert expired.status_code == 401 and expired.headers["www-authenticate"] == "Bearer"
    message = expired.json()["error"]["message"]
    assert f"API token {prefix}… expired on" in message and "dayone token create" in message


def test_changing_ones_password_revokes_ones_tokens(ws: Workspace, people: People, api_as: Client,
                                                    browser_as: Client) -> None:
    member_api, viewer_api = api_as("member"), api_as("viewer")
    member = browser_as("member")
    new = "plum-orchard-telescope"
    changed = member.post("/account/password", data={"csrf_token": csrf_of(member, "/account"),
                                                     "current_password": PASSWORD, "new_password": new,
                                                     "confirm_password": new})
    assert changed.status_code == 200 and "API tokens have ended" in changed.text
    assert member_api.get("/api/v1/me").status_code == 401
    assert viewer_api.get("/api/v1/me").status_code == 200  # someone else's token is untouched
    with ws.session() as s:
        fresh = accounts.create_token(s, CLI_ACTOR, people.member)
    assert bearer(ws, fresh.secret).get("/api/v1/me").status_code == 200


def test_an_admin_reset_revokes_the_persons_tokens(api_as: Client) -> None:
    member_api, admin = api_as("member"), api_as("admin")
    target = member_api.get("/api/v1/me").json()["id"]
    assert admin.post(f"/api/v1/users/{target}/password-reset").status_code == 200
    assert member_api.get("/api/v1/me").status_code == 401
    assert admin.get("/api/v1/me").status_code == 200
    revoked = [e for e in admin.get("/api/v1/audit?entity_type=api_token").json() if e["action"] == "revoke"]
    assert revoked and "password reset" in revoked[0]["summary"]
