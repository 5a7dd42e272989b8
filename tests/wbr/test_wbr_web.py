"""The workspace's WBR through the API and the CLI: the demo's deck, errors named."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dayone.demo import metrics as demo_metrics
from dayone.workspace import Workspace
from tests.cli.test_cli import Cli, cli  # noqa: F401

Client = Callable[[str], TestClient]


def test_no_metrics_file_yet_is_explained(api_as: Client) -> None:
    response = api_as("viewer").get("/api/v1/wbr/latest")
    assert response.status_code == 404 and "/wbr/data" in response.json()["error"]["message"]


def test_the_demo_deck_through_the_api(api_as: Client, ws: Workspace) -> None:
    from datetime import date

    from dayone.auth.permissions import CLI_ACTOR
    from dayone.wbr import service

    path = demo_metrics.write(ws.settings.home / "data" / "wbr", date(2026, 11, 21), domain="northwind.example")
    with ws.session() as session:
        service.use(session, CLI_ACTOR, path)
    viewer = api_as("viewer")
    metrics = viewer.get("/api/v1/metrics").json()
    assert len(metrics) >= 35 and {"orders", "conversion"} <= {m["name"] for m in metrics}
    deck = viewer.get("/api/v1/wbr/latest").json()
    assert deck["week_ending"] == "2026-11-21"
    assert deck["metrics"]["support_contacts"]["anomaly"]  # the demo's real anomalies are flagged
    conversion = deck["metrics"]["conversion"]  # a rate: judged in bps, against the same week's expectation
    assert conversion["anomaly"].startswith("Expected ") and " bps" in conversion["anomaly"]
    assert conversion["anomaly_check"]["score"] < -conversion["anomaly_check"]["threshold"]
    bad = viewer.get("/api/v1/wbr/2026-11-20")
    assert bad.status_code == 422 and "2026-11-14" in bad.json()["error"]["message"]


def test_wbr_use_validates_the_file(cli: Cli, ws: Workspace, tmp_path: Path) -> None:  # noqa: F811
    broken = tmp_path / "m.yaml"
    broken.write_text("metrics: {a: {source: nowhere}}\n")
    code, _, err = cli("wbr", "use", str(broken))
    assert code == 1 and "m.yaml:1:" in err and "'nowhere' is not a source" in err
    outside = demo_metrics.write(tmp_path / "ok", __import__("datetime").date(2026, 11, 21), domain="x.example")
    code, _, err = cli("wbr", "use", str(outside))  # the workspace's file reads only its data folders
    assert code == 1 and "outside the folders" in err and "DAYONE_WBR_DATA_DIRS" in err
    good = demo_metrics.write(ws.settings.home / "data" / "ok", __import__("datetime").date(2026, 11, 21),
                              domain="x.example")
    code, out, _ = cli("wbr", "use", str(good))
    assert code == 0 and "metrics)" in out


@pytest.mark.parametrize("week", ["2026-11-21"])
def test_demo_data_is_written_once(tmp_path: Path, week: str) -> None:
    from datetime import date

    first = demo_metrics.write(tmp_path, date.fromisoformat(week), domain="x.example")
    stamp = first.stat().st_mtime_ns
    assert demo_metrics.write(tmp_path, date.fromisoformat(week), domain="x.example").stat().st_mtime_ns == stamp


def test_owners_write_notes_on_their_metrics(api_as: Client, ws: Workspace) -> None:
    from datetime import date

    from dayone.auth.permissions import CLI_ACTOR
    from dayone.wbr import service

    path = demo_metrics.write(ws.settings.home / "data" / "wbr", date(2026, 11, 21), domain="example.com")
    text = path.read_text().replace("owner: maya.cohen@example.com", "owner: max@example.com")
    path.write_text(text)
    with ws.session() as session:
        service.use(session, CLI_ACTOR, path)
    member, outsider, viewer = api_as("member"), api_as("outsider"), api_as("viewer")
    note = "/api/v1/wbr/2026-11-21/notes/orders"
    ok = member.put(note, json={"body": "The checkout outage on Thursday.", "based_on": None})
    assert ok.status_code == 200
    assert outsider.put(note, json={"body": "x", "based_on": None}).status_code == 403
    assert viewer.put(note, json={"body": "x", "based_on": None}).status_code == 403
    assert member.put("/api/v1/wbr/2026-11-21/notes/nope", json={"body": "x", "based_on": None}).status_code == 404
    notes = viewer.get("/api/v1/wbr/2026-11-21/notes").json()
    assert notes["orders"]["author"] == "Max Member" and notes["orders"]["body"] == "The checkout outage on Thursday."
    assert notes["orders"]["updated_at"] == ok.json()["updated_at"]


def test_a_note_update_names_the_version_it_replaces(api_as: Client, browser_as: Client, ws: Workspace) -> None:
    from datetime import date

    from dayone.auth.permissions import CLI_ACTOR
    from dayone.wbr import service
    from tests.helpers import csrf_of

    path = demo_metrics.write(ws.settings.home / "data" / "wbr", date(2026, 11, 21), domain="example.com")
    path.write_text(path.read_text().replace("owner: maya.cohen@example.com", "owner: max@example.com"))
    with ws.session() as session:
        service.use(session, CLI_ACTOR, path)
    member, admin = api_as("member"), api_as("admin")
    note = "/api/v1/wbr/2026-11-21/notes/orders"
    missing = member.put(note, json={"body": "First."})
    assert missing.status_code == 422 and missing.json()["error"]["details"][0]["field"] == "based_on"
    first = member.put(note, json={"body": "First.", "based_on": None}).json()["updated_at"]
    again = member.put(note, json={"body": "Again.", "based_on": None})  # it had none: now it has one
    assert again.status_code == 409 and again.json()["error"]["details"]["current"]["body"] == "First."
    admins = admin.put(note, json={"body": "The admin's.", "based_on": first})
    assert admins.status_code == 200
    stale = member.put(note, json={"body": "Mine.", "based_on": first})  # the admin saved since
    assert stale.status_code == 409 and "Ada Admin saved it at" in stale.json()["error"]["message"]
    bad = member.put(note, json={"body": "Mine.", "based_on": "yesterday"})
    assert bad.status_code == 422 and "based_on" in bad.json()["error"]["message"]
    assert member.put(note, json={"body": "Mine.", "based_on": admins.json()["updated_at"]}).status_code == 200
    # the page's form sends the version it showed; without it, nothing is saved
    page = browser_as("member")
    html = page.get("/wbr/2026-11-21").text
    shown = html.split('action="/wbr/2026-11-21/notes/orders"')[1].split('name="based_on" value="')[1].split('"')[0]
    csrf = csrf_of(page, "/wbr/2026-11-21")
    refused = page.post("/wbr/2026-11-21/notes/orders", data={"csrf_token": csrf, "body": "From the page."})
    assert refused.status_code == 422 and "based_on" in refused.text
    saved = page.post("/wbr/2026-11-21/notes/orders", data={"csrf_token": csrf, "body": "From the page.",
                                                             "based_on": shown}, follow_redirects=False)
    assert saved.status_code == 303
    stale_page = page.post("/wbr/2026-11-21/notes/orders", data={"csrf_token": csrf, "body": "Twice.",
                                                                 "based_on": shown})
    assert stale_page.status_code == 409 and "changed since you opened it" in stale_page.text
