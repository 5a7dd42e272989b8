"""Who sees where the data lives: the metrics file names folders and the server's connections,
so its text is for admins; everyone who reads the deck sees the metrics, their definitions and
the SQL behind a number, never a folder or a database."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dayone.auth.permissions import CLI_ACTOR
from dayone.settings import Settings
from dayone.wbr import service
from dayone.workspace import Workspace

Client = Callable[[str], TestClient]
WEEK = "2026-11-21"
SECRETS = ("private-finance", "ledger", "exports-2026", "sqlite:")


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    """A named connection to a SQLite file of its own, and two more data folders."""
    return settings.model_copy(update={
        "wbr_connections": {"ledger": f"sqlite:///{tmp_path / 'private-finance' / 'ledger.db'}"},
        "wbr_data_dirs": (tmp_path / "exports-2026", tmp_path / "private-finance")})


@pytest.fixture
def elsewhere(ws: Workspace, tmp_path: Path) -> Path:
    """The workspace's metrics file reading that database and a CSV in that folder."""
    days = [(date(2026, 11, 21) - timedelta(days=i)).isoformat() for i in range(400)]
    (tmp_path / "private-finance").mkdir()
    with sqlite3.connect(tmp_path / "private-finance" / "ledger.db") as con:
        con.execute("CREATE TABLE sales (day TEXT, amount INTEGER)")
        con.executemany("INSERT INTO sales VALUES (?, ?)", [(day, 5) for day in days])
    (tmp_path / "exports-2026").mkdir()
    with (tmp_path / "exports-2026" / "d.csv").open("w", newline="") as handle:
        csv.writer(handle).writerows([("date", "n"), *((day, 1) for day in days)])
    config = ws.settings.home / "data" / "m.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f"sources:\n  s: {{table: sales, database: ledger, date_column: day}}\n"
                      f"  e: {{csv: '{tmp_path / 'exports-2026' / 'd.csv'}', date_column: date}}\n"
                      "metrics: {revenue: {source: s, column: amount}, exported: {source: e, column: n}}\n")
    with ws.session() as session:
        service.use(session, CLI_ACTOR, config)
    return config


@pytest.mark.parametrize("role", ["viewer", "member"])
def test_non_admins_never_see_where_the_data_lives(api_as: Client, browser_as: Client, elsewhere: Path,
                                                   role: str) -> None:
    api, page = api_as(role), browser_as(role)
    assert api.get("/api/v1/metrics/file").status_code == 403
    assert page.get("/wbr/metrics/download").status_code == 403
    shown = [api.get("/api/v1/metrics"), page.get("/wbr/metrics"), page.get(f"/wbr/{WEEK}"),
             api.get(f"/api/v1/wbr/{WEEK}")]
    for metric in ("revenue", "exported"):
        shown += [api.get(f"/api/v1/wbr/{WEEK}/sql/{metric}"), page.get(f"/wbr/{WEEK}/sql/{metric}")]
    for response in shown:
        assert response.status_code == 200, response.text
        assert not [s for s in SECRETS if s in response.text], response.url
    assert api.get(f"/api/v1/wbr/{WEEK}/sql/revenue").json()["location"] == 'SELECT * FROM "sales"'
    assert api.get(f"/api/v1/wbr/{WEEK}/sql/exported").json()["location"] == "d.csv"
    assert "revenue" in page.get("/wbr/metrics").text  # the metrics and their definitions are for everyone


def test_admins_see_the_file_and_its_connections(api_as: Client, browser_as: Client, elsewhere: Path) -> None:
    admin, page = api_as("admin"), browser_as("admin")
    body = admin.get("/api/v1/metrics/file").json()["body"]
    assert "database: ledger" in body and "exports-2026" in body
    assert "exports-2026" in page.get("/wbr/metrics/download").text
    assert admin.get(f"/api/v1/wbr/{WEEK}/sql/revenue").json()["location"] == 'ledger · SELECT * FROM "sales"'
    assert "exports-2026" in page.get("/wbr/metrics").text  # in the editor
