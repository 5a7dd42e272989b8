"""Browser sessions live on the server: signing out, a new password, a reset or a
deactivation ends them, wherever the cookie has been copied."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner
from sqlalchemy import event, select, update

from dayone.auth import sessions
from dayone.auth.models import User, UserSession
from dayone.db.base import utcnow
from dayone.org.models import Person
from dayone.web.app import create_app
from dayone.workspace import Workspace
from tests.conftest import People
from tests.helpers import PASSWORD, csrf_of, sign_in

Client = Callable[[str], TestClient]
NEW_PASSWORD = "plum-orchard-telescope"


def copy_of(client: TestClient, ws: Workspace) -> TestClient:
    """Another browser holding a copy of this one's session cookie."""
    thief = TestClient(create_app(ws), base_url="http://testserver")
    thief.cookies.set("dayone_session", client.cookies["dayone_session"])
    return thief


def signed_in(client: TestClient) -> bool:
    return client.get("/org", follow_redirects=False).status_code == 200


def cookie_contents(client: TestClient) -> dict[str, str]:
    raw = TimestampSigner("test-secret").unsign(client.cookies["dayone_session"].encode())
    contents: dict[str, str] = json.loads(base64.b64decode(raw))
    return contents


def user_id(ws: Workspace, email: str) -> int:
    with ws.session() as s:
        found = s.scalar(select(User.id).join(User.person).where(Person.email == email))
        assert found is not None
        return found


def test_a_cookie_copied_before_sign_out_is_refused_after(browser_as: Client, ws: Workspace) -> None:
    member = browser_as("member")
    thief = copy_of(member, ws)
    assert signed_in(thief)
    out = member.post("/sign-out", data={"csrf_token": csrf_of(member, "/org")}, follow_redirects=False)
    assert out.status_code == 303
    assert not signed_in(member)
    assert not signed_in(thief)
    assert thief.post("/teams/new", data={"name": "After sign-out"}).status_code == 401  # and no write


def test_sign_out_ends_only_that_session(browser_as: Client) -> None:
    here, elsewhere = browser_as("member"), browser_as("member")
    here.post("/sign-out", data={"csrf_token": csrf_of(here, "/org")})
    assert not signed_in(here) and signed_in(elsewhere)


def test_the_csrf_token_is_renewed_at_sign_in(browser_as: Client, people: People) -> None:
    client = browser_as("anonymous")
    before = csrf_of(client)
    sign_in(client, people.member)
    after = csrf_of(client, "/account")
    assert after != before
    stale = client.post("/teams/new", data={"csrf_token": before, "name": "With an old token"})
    assert stale.status_code == 403
    assert client.post("/teams/new", data={"csrf_token": after, "name": "Fresh"},
                       follow_redirects=False).status_code == 303


def test_the_cookie_holds_a_random_id_and_the_database_only_its_hash(browser_as: Client,
                                                                     ws: Workspace) -> None:
    member = browser_as("member")
    secret = cookie_contents(member)["sid"]
    assert len(secret) >= 40 and "uid" not in cookie_contents(member)
    owner = user_id(ws, "max@example.com")
    with ws.session() as s:
        rows = s.scalars(select(UserSession)).all()
        assert len(rows) == 1 and rows[0].token_hash == hashlib.sha256(secret.encode()).hexdigest()
        assert rows[0].user_id == owner
        assert rows[0].expires_at - rows[0].created_at == timedelta(seconds=ws.settings.session_max_age)


def test_changing_ones_password_ends_every_other_session_and_keeps_this_one(browser_as: Client,
                                                                            ws: Workspace) -> None:
    here, elsewhere = browser_as("member"), browser_as("member")
    copied = copy_of(here, ws)
    token = csrf_of(here, "/account")
    changed = here.post("/account/password", data={"csrf_token": token, "current_password": PASSWORD,
                                                   "new_password": NEW_PASSWORD,
                                                   "confirm_password": NEW_PASSWORD})
    assert changed.status_code == 200 and "Your password was changed" in changed.text
    assert signed_in(here)
    assert not signed_in(elsewhere) and not signed_in(copied)


def test_an_admin_reset_ends_the_persons_sessions(browser_as: Client, ws: Workspace) -> None:
    member, admin = browser_as("member"), browser_as("admin")
    reset = admin.post(f"/admin/users/{user_id(ws, 'max@example.com')}/reset-password",
                       data={"csrf_token": csrf_of(admin, "/admin/users")})
    assert reset.status_code == 200
    assert not signed_in(member) and signed_in(admin)


def test_an_admin_resetting_their_own_password_stays_signed_in(browser_as: Client, ws: Workspace) -> None:
    admin, other_tab = browser_as("admin"), browser_as("admin")
    admin.post(f"/admin/users/{user_id(ws, 'ada@example.com')}/reset-password",
               data={"csrf_token": csrf_of(admin, "/admin/users")})
    assert signed_in(admin) and not signed_in(other_tab)


def test_deactivating_an_account_ends_its_sessions_and_tokens(browser_as: Client, api_as: Client,
                                                              ws: Workspace, people: People) -> None:
    member, member_api, admin = browser_as("member"), api_as("member"), api_as("admin")
    target = user_id(ws, people.member)
    off = admin.patch(f"/api/v1/users/{target}", json={"is_active": False})
    assert off.status_code == 200 and off.json()["is_active"] is False
    assert not signed_in(member)
    assert member_api.get("/api/v1/me").status_code == 401
    with TestClient(create_app(ws)) as again:
        refused = again.post("/sign-in", data={"csrf_token": csrf_of(again), "email": people.member,
                                               "password": PASSWORD})
        assert refused.status_code == 401
    on = admin.patch(f"/api/v1/users/{target}", json={"is_active": True})
    assert on.status_code == 200 and on.json()["is_active"] is True
    assert not signed_in(member)  # an old session does not come back
    assert signed_in(sign_in(browser_as("anonymous"), people.member))
    audit = [e["action"] for e in admin.get("/api/v1/audit?entity_type=user").json()]
    assert "deactivate" in audit and "activate" in audit


def test_deactivating_through_the_admin_page(browser_as: Client, ws: Workspace, people: People) -> None:
    viewer, admin = browser_as("viewer"), browser_as("admin")
    page = admin.post(f"/admin/users/{user_id(ws, people.viewer)}/active",
                      data={"csrf_token": csrf_of(admin, "/admin/users"), "active": "no"})
    assert page.status_code == 200 and "Vic Viewer is deactivated" in page.text
    assert not signed_in(viewer)


def test_nobody_deactivates_themselves_or_the_last_admin(api_as: Client, ws: Workspace,
                                                         people: People) -> None:
    admin = api_as("admin")
    own = admin.patch(f"/api/v1/users/{user_id(ws, people.admin)}", json={"is_active": False})
    assert own.status_code == 403 and "deactivate your own account" in own.json()["error"]["message"]
    assert api_as("member").patch(f"/api/v1/users/{user_id(ws, people.viewer)}",
                                  json={"is_active": False}).status_code == 403
    assert admin.patch(f"/api/v1/users/{user_id(ws, people.viewer)}",
                       json={"is_active": "sometimes"}).status_code == 422


def test_an_expired_session_is_refused(browser_as: Client, ws: Workspace) -> None:
    member = browser_as("member")
    with ws.session() as s:
        s.execute(update(UserSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert not signed_in(member)


def test_reading_pages_records_the_visit_at_most_every_few_minutes(browser_as: Client,
                                                                   ws: Workspace) -> None:
    member = browser_as("member")

    def last_seen() -> object:
        with ws.session() as s:
            return s.scalars(select(UserSession.last_seen_at)).one()

    first = last_seen()
    for _ in range(3):
        assert signed_in(member)
    assert last_seen() == first  # reads did not write
    earlier = utcnow() - timedelta(minutes=10)
    with ws.session() as s:
        s.execute(update(UserSession).values(last_seen_at=earlier))
    assert signed_in(member)
    seen = last_seen()
    assert isinstance(seen, type(earlier)) and seen > earlier + timedelta(minutes=9)


def test_a_forged_or_malformed_session_id_is_simply_signed_out(ws: Workspace, people: People) -> None:
    for sid in ("x" * 43, "", "x" * 5000, 12, None, ["a"]):
        payload = base64.b64encode(json.dumps({"sid": sid}).encode())
        cookie = TimestampSigner("test-secret").sign(payload).decode()
        with TestClient(create_app(ws)) as client:
            client.cookies.set("dayone_session", cookie)
            response = client.get("/org", follow_redirects=False)
            assert response.status_code == 303, sid


def test_looking_up_a_session_is_one_query(browser_as: Client, ws: Workspace) -> None:
    secret = cookie_contents(browser_as("member"))["sid"]
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    with ws.read_sessions() as reader:
        reader.connection()  # the transaction's own BEGIN is not the lookup
        event.listen(ws.engine, "before_cursor_execute", count)
        try:
            found = sessions.resolve(reader, secret)
            assert found is not None and found.user.person.email == "max@example.com"
        finally:
            event.remove(ws.engine, "before_cursor_execute", count)
    assert len(statements) == 1, statements
