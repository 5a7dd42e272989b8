"""`dayone user` and `dayone token`: strong passwords, token lifetimes, deactivation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from dayone.db.base import utcnow
from dayone.web.app import create_app
from dayone.workspace import Workspace
from tests.cli.test_cli import Cli, cli  # noqa: F401  (the fixture)
from tests.helpers import csrf_of

STRONG = "plum-orchard-telescope"


@pytest.mark.parametrize("args", [
    ("user", "add", "wes@example.com", "--name", "Wes", "--password", "password1234"),
    ("user", "reset-password", "ana@example.com", "--password", "qwertyuiop123"),
])
def test_weak_passwords_are_refused_in_one_line(cli: Cli, args: tuple[str, ...]) -> None:  # noqa: F811
    cli("user", "add", "ana@example.com", "--name", "Ana", "--role", "admin", "--password", STRONG)
    code, _out, err = cli(*args)
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert err.startswith("error: password: this password is too easy to guess.")


def test_token_lifetime_is_set_listed_and_checked(cli: Cli, ws: Workspace) -> None:  # noqa: F811
    cli("user", "add", "ana@example.com", "--name", "Ana", "--password", STRONG)
    code, out, _ = cli("token", "create", "--user", "ana@example.com", "--days", "7")
    assert code == 0 and out.strip().startswith("d1_")
    code, listing, _ = cli("token", "list")
    assert code == 0 and f"{utcnow() + timedelta(days=7):%Y-%m-%d}" in listing
    code, _out, err = cli("token", "create", "--user", "ana@example.com", "--days", "0")
    assert code == 1 and "days: a token lives 1 to 366 days (got 0)" in err


def test_deactivate_ends_sessions_and_activate_lets_back_in(cli: Cli, ws: Workspace) -> None:  # noqa: F811
    cli("user", "add", "ana@example.com", "--name", "Ana", "--role", "admin", "--password", STRONG)
    cli("user", "add", "bo@example.com", "--name", "Bo", "--password", STRONG)
    browser = TestClient(create_app(ws))
    assert browser.post("/sign-in", data={"csrf_token": csrf_of(browser), "email": "bo@example.com",
                                          "password": STRONG}, follow_redirects=False).status_code == 303
    code, out, _ = cli("user", "deactivate", "bo@example.com")
    assert code == 0 and "bo@example.com is deactivated" in out
    assert browser.get("/org", follow_redirects=False).status_code == 303
    code, out, _ = cli("user", "list")
    assert "bo@example.com" in out and "no" in out
    code, _out, err = cli("user", "deactivate", "ana@example.com")
    assert code == 1 and "last active admin" in err
    code, out, _ = cli("user", "activate", "bo@example.com")
    assert code == 0 and "bo@example.com is active" in out
