"""The `dayone` command through its real entry point, on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from dayone import __version__
from dayone.cli.main import run
from dayone.settings import Settings
from dayone.web.app import create_app
from dayone.workspace import Workspace
from tests.helpers import run_cli

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(settings: Settings, ws: Workspace, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run `dayone ARGS…` in-process against the test workspace: (exit code, stdout, stderr)."""
    monkeypatch.setenv("DAYONE_HOME", str(settings.home))
    monkeypatch.setenv("DAYONE_SECRET_KEY", "test-secret")
    monkeypatch.setenv("COLUMNS", "200")
    if settings.database_url:
        monkeypatch.setenv("DAYONE_DATABASE_URL", settings.database_url)

    def call(*args: str) -> tuple[int, str, str]:
        return run_cli(capsys, *args)

    return call


def test_version_from_a_real_process() -> None:
    result = subprocess.run([sys.executable, "-m", "dayone", "--version"], capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == f"dayone {__version__}"


def test_user_lifecycle(cli: Cli) -> None:
    assert cli("user", "add", "ana@example.com", "--name", "Ana", "--role", "admin",
               "--password", "long-password-1")[0] == 0
    code, out, _ = cli("user", "list")
    assert code == 0 and "ana@example.com" in out and "admin" in out
    assert cli("user", "add", "bo@example.com", "--name", "Bo", "--password", "long-password-2")[0] == 0
    code, out, _ = cli("user", "set-role", "bo@example.com", "viewer")
    assert code == 0 and "bo@example.com is now viewer" in out
    code, out, _ = cli("user", "reset-password", "bo@example.com")
    assert code == 0 and "New password for bo@example.com: " in out


@pytest.mark.parametrize(("args", "message"), [
    (("user", "add", "ana@example.com", "--name", "A", "--password", "long-password-1"),
     "already has an account"),
    (("user", "add", "x@example.com", "--name", "X", "--role", "boss", "--password", "long-password-1"),
     "role: 'boss' is not a role; choose one of viewer, member, recruiter, admin"),
    (("user", "add", "y@example.com", "--name", "Y", "--password", "short"),
     "password: use at least 10 characters"),
    (("user", "add", "not-an-email", "--name", "Y", "--password", "long-password-1"),
     "email: 'not-an-email' is not a valid email address"),
    (("user", "set-role", "nobody@example.com", "admin"), "No account with email nobody@example.com"),
    (("user", "set-role", "ana@example.com", "viewer"), "this is the last admin"),
    (("token", "revoke", "12345"), "No API token '12345'"),
])
def test_bad_input_is_one_line_and_exit_1(cli: Cli, args: tuple[str, ...], message: str) -> None:
    cli("user", "add", "ana@example.com", "--name", "Ana", "--role", "admin",
        "--password", "long-password-1")
    code, _out, err = cli(*args)
    assert code == 1
    assert err.startswith("error: ") and message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_token_create_authenticates_then_revoke_stops_it(cli: Cli, ws: Workspace) -> None:
    cli("user", "add", "ana@example.com", "--name", "Ana", "--password", "long-password-1")
    code, out, _ = cli("token", "create", "--user", "ana@example.com", "--name", "ci")
    secret = out.strip()
    assert code == 0 and secret.startswith("d1_")
    client = TestClient(create_app(ws))
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/me", headers=headers).json()["email"] == "ana@example.com"
    code, out, _ = cli("token", "list", "--user", "ana@example.com")
    assert code == 0 and secret[:10] in out
    code, out, _ = cli("token", "revoke", secret[:10])
    assert code == 0 and "Revoked token" in out
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_db_upgrade_is_idempotent(cli: Cli) -> None:
    code, out, _ = cli("db", "upgrade")
    assert code == 0 and "already current" in out


def test_org_findings_exit_status(cli: Cli) -> None:
    code, out, _ = cli("org", "findings")
    assert code == 0 and "No findings." in out
    cli("demo", "--no-serve")
    code, out, _ = cli("org", "findings", "--json")
    assert code == 1 and '"initiative-without-leader"' in out


def test_bad_setting_is_named(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                              tmp_path: object) -> None:
    monkeypatch.setenv("DAYONE_HOME", str(tmp_path))
    monkeypatch.setenv("DAYONE_MAX_TEAM_SIZE", "lots")
    with pytest.raises(SystemExit) as exit_:
        run(["user", "list"])
    assert exit_.value.code == 1
    assert "DAYONE_MAX_TEAM_SIZE" in capsys.readouterr().err


def test_unreachable_database_is_explained(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str], tmp_path: object) -> None:
    monkeypatch.setenv("DAYONE_HOME", str(tmp_path))
    monkeypatch.setenv("DAYONE_DATABASE_URL", "postgresql+psycopg://u:secret@127.0.0.1:1/none")
    with pytest.raises(SystemExit):
        run(["user", "list"])
    err = capsys.readouterr().err
    assert "Cannot reach the database" in err and "DAYONE_DATABASE_URL" in err
    assert "secret" not in err


def test_serve_refuses_a_busy_port(cli: Cli) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, _, err = cli("serve", "--port", str(port))
    assert code == 1 and f"Port {port} on 127.0.0.1 is already in use" in err
