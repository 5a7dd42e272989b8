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
    assert response.status_code == 404 and "dayone wbr use FILE" in response.json()["error"]["message"]


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
    assert deck["metrics"]["conversion"]["anomaly"].endswith("its usual change")
    assert "bps" in deck["metrics"]["conversion"]["anomaly"]
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
    ok = member.put("/api/v1/wbr/2026-11-21/notes/orders", json={"body": "The checkout outage on Thursday."})
    assert ok.status_code == 200
    assert outsider.put("/api/v1/wbr/2026-11-21/notes/orders", json={"body": "x"}).status_code == 403
    assert viewer.put("/api/v1/wbr/2026-11-21/notes/orders", json={"body": "x"}).status_code == 403
    assert member.put("/api/v1/wbr/2026-11-21/notes/nope", json={"body": "x"}).status_code == 404
    notes = viewer.get("/api/v1/wbr/2026-11-21/notes").json()
    assert notes["orders"]["author"] == "Max Member" and notes["orders"]["body"] == "The checkout outage on Thursday."
