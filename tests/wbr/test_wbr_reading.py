"""Reading never writes: viewers and members opening past weeks (pages, API, PDF, SQL, notes)
create no snapshot and no row of any kind; only an admin's explicit freeze keeps a deck."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from dayone.db.base import Base
from dayone.models import load_all
from dayone.wbr.models import WbrSnapshot
from dayone.workspace import Workspace
from tests.cli.test_cli import Cli, cli  # noqa: F401
from tests.wbr.test_wbr_workspace import WEEK, wbr  # noqa: F401

Client = Callable[[str], TestClient]


def _rows(ws: Workspace) -> dict[str, int]:
    load_all()
    with ws.session() as session:
        return {t.name: session.scalar(select(func.count()).select_from(t)) or 0 for t in Base.metadata.sorted_tables}


def _past_weeks(n: int) -> list[str]:
    return [(date.fromisoformat(WEEK) - timedelta(weeks=i)).isoformat() for i in range(1, n + 1)]


def test_viewers_and_members_opening_past_weeks_write_nothing(api_as: Client, browser_as: Client, ws: Workspace,
                                                             wbr: Path) -> None:  # noqa: F811
    readers = [(api_as(role), browser_as(role)) for role in ("viewer", "member")]
    before = _rows(ws)
    for api, page in readers:
        for week in _past_weeks(25):
            deck = api.get(f"/api/v1/wbr/{week}")
            assert deck.status_code == 200 and deck.json()["snapshot"] is None
            assert page.get(f"/wbr/{week}").status_code == 200
        week = _past_weeks(1)[0]
        for path in (f"/api/v1/wbr/{week}/sql/orders", f"/api/v1/wbr/{week}/notes", "/api/v1/wbr/snapshots",
                     f"/api/v1/wbr/{week}?live=true", "/api/v1/wbr/latest", f"/api/v1/wbr/{week}/pdf"):
            assert api.get(path).status_code == 200, path
        for path in (f"/wbr/{week}/pdf", f"/wbr/{week}/sql/orders", "/wbr/metrics", "/wbr"):
            assert page.get(path, follow_redirects=False).status_code in (200, 303), path
    assert _rows(ws) == before
    with ws.session() as session:
        assert session.scalar(select(func.count()).select_from(WbrSnapshot)) == 0


def test_only_an_explicit_freeze_keeps_a_deck(cli: Cli, api_as: Client, wbr: Path) -> None:  # noqa: F811
    code, out, _ = cli("wbr", "freeze")  # no week named: the last complete week
    assert code == 0 and f"Froze the deck for the week ending {WEEK}" in out
    earlier = _past_weeks(2)[1]
    code, out, _ = cli("wbr", "freeze", "--week-ending", earlier)
    assert code == 0 and earlier in out
    assert api_as("viewer").get("/api/v1/wbr/snapshots").json() == [WEEK, earlier]
    assert api_as("viewer").get(f"/api/v1/wbr/{earlier}").json()["snapshot"]["taken_by"] is None  # the CLI
