"""Small helpers the tests share: signing in through the real form."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

PASSWORD = "correct-horse-battery"


def csrf_of(client: TestClient, path: str = "/sign-in") -> str:
    page = client.get(path)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> TestClient:
    token = csrf_of(client)
    response = client.post("/sign-in", data={"csrf_token": token, "email": email,
                                             "password": password, "next": "/org"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return client


def empty_database(engine: Engine) -> None:
    """Drop every table of the workspace's database, models' and migrations' own (the search
    index has no model), so a test can migrate it again from an old revision."""
    from dayone.db.base import Base
    from dayone.models import load_all

    load_all()
    with engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        conn.execute(text("DROP TABLE IF EXISTS search_index"))


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``dayone ARGS`` in this process: (exit code, stdout, stderr) of that command alone."""
    from dayone.cli.main import run

    capsys.readouterr()
    try:
        run(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def rounded(deck: Any, digits: int) -> Any:
    """A deck (nested dicts and lists) with every float to ``digits`` significant digits: two
    engines may add or interpolate in another order."""
    if isinstance(deck, dict):
        return {k: rounded(v, digits) for k, v in deck.items()}
    if isinstance(deck, list):
        return [rounded(v, digits) for v in deck]
    return float(f"{deck:.{digits}g}") if isinstance(deck, float) else deck
