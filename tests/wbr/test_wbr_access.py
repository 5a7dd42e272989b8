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
from tests.cli.test_cli import Cli, cli  # noqa: F401
from tests.conftest import People
from tests.helpers import csrf_of

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


UPLOAD = "date,n\n" + "".join(f"{date(2026, 11, 21) - timedelta(days=i)},3\n" for i in range(60))


def test_an_admin_lets_a_member_upload_without_making_them_an_admin(api_as: Client, browser_as: Client,
                                                                     people: People, cli: Cli) -> None:  # noqa: F811
    """Uploads are for admins and the members an admin allows: on the page, the API and the CLI.
    A member without the right and a viewer get 403 saying why; viewers are never allowed."""
    csv_body = {"content": UPLOAD, "headers": {"Content-Type": "text/csv"}}
    member, outsider, viewer, admin = api_as("member"), api_as("outsider"), api_as("viewer"), api_as("admin")
    refused = member.put("/api/v1/wbr/data/d", **csv_body)
    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == (
        "Only admins and the members an admin allows may upload data for the WBR: ask an admin to allow you to upload "
        "WBR data (on /wbr/data, or `dayone wbr uploaders --add EMAIL`).")
    assert "viewers never do (you are a viewer)" in viewer.put("/api/v1/wbr/data/d", **csv_body).json()["error"][
        "message"]
    # the admin allows the member (not the outsider, not a viewer, not someone unknown)
    assert admin.get("/api/v1/wbr/uploaders").json() == {"uploaders": []}
    for who, says in ((people.viewer, "is a viewer; viewers never upload"), ("nobody@example.com", "has no account")):
        bad = admin.put("/api/v1/wbr/uploaders", json={"uploaders": [who]})
        assert bad.status_code == 422 and says in bad.json()["error"]["message"], who
    assert member.put("/api/v1/wbr/uploaders", json={"uploaders": [people.member]}).status_code == 403
    allowed = admin.put("/api/v1/wbr/uploaders", json={"uploaders": [people.member.upper()]})
    assert allowed.status_code == 200 and allowed.json() == {"uploaders": [people.member]}
    sent = member.put("/api/v1/wbr/data/d", **csv_body)
    assert sent.status_code == 201 and sent.json()["preview"]["rows"] == 60
    assert member.get("/api/v1/wbr/data/d/preview").status_code == 200
    starter = member.post("/api/v1/wbr/data/d/starter", json={"metrics": ["n"]})
    assert starter.status_code == 200 and "source: d" in starter.json()["body"]
    used = member.post("/api/v1/wbr/data/d/starter", json={"metrics": ["n"], "use": True})
    assert used.status_code == 403  # the metrics file stays with admins
    assert member.post("/api/v1/wbr/data/d/accept").status_code == 200
    assert [u["name"] for u in member.get("/api/v1/wbr/data").json()] == ["d"]
    assert outsider.put("/api/v1/wbr/data/e", **csv_body).status_code == 403  # a member without the right
    # on the page: the admin sees who may upload and revokes it; the member sees no such form
    page = browser_as("member").get("/wbr/data")
    assert page.status_code == 200 and "Who may upload" not in page.text
    assert "Create the metrics file" not in browser_as("member").get("/wbr/data/d").text
    admin_page = browser_as("admin")
    shown = admin_page.get("/wbr/data")
    assert "Who may upload" in shown.text and f'value="{people.member}" id="up-' in shown.text
    assert f'value="{people.viewer}"' not in shown.text  # viewers are not offered
    revoked = admin_page.post("/wbr/data/uploaders", data={"csrf_token": csrf_of(admin_page, "/wbr/data")})
    assert revoked.status_code == 200 and "Only admins may upload WBR data now." in revoked.text
    again = browser_as("member").get("/wbr/data")
    assert again.status_code == 403 and "ask an admin to allow you" in again.text
    # and from the command line
    code, out, _ = cli("wbr", "uploaders", "--add", people.outsider)
    assert code == 0 and out.strip() == f"Members who may upload WBR data: {people.outsider}"
    assert outsider.put("/api/v1/wbr/data/e", **csv_body).status_code == 201
    code, _, err = cli("wbr", "uploaders", "--add", people.viewer)
    assert code == 1 and "viewers never upload" in err
    code, out, _ = cli("wbr", "uploaders", "--remove", people.outsider)
    assert code == 0 and out.strip() == "Only admins may upload WBR data."
    assert outsider.put("/api/v1/wbr/data/e", **csv_body).status_code == 403
