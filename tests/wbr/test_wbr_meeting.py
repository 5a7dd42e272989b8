"""Holding the WBR freezes the week's deck and records the WBR mechanism's occurrence; only a
complete week inside the data can be frozen or held."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from tests.cli.test_cli import Cli, cli  # noqa: F401
from tests.helpers import csrf_of
from tests.wbr.test_wbr_workspace import EARLIER, WEEK, wbr  # noqa: F401

Client = Callable[[str], TestClient]


def _wbr_mechanism(client: TestClient) -> dict[str, object]:
    return next(m for m in client.get("/api/v1/mechanisms").json() if m["name"] == "Weekly Business Review")


def test_holding_the_wbr_freezes_the_deck_and_records_the_meeting(api_as: Client, browser_as: Client,
                                                                   wbr: Path) -> None:  # noqa: F811
    admin, viewer = api_as("admin"), api_as("viewer")
    before = sum(len(p["outputs"]) for p in _wbr_mechanism(viewer)["periods"])  # type: ignore[union-attr]
    held = admin.post("/api/v1/wbr/latest/hold")
    assert held.status_code == 200, held.text
    assert held.json()["week_ending"] == WEEK and held.json()["snapshot"]["taken_by"] == "Ada Admin"
    assert viewer.get(f"/api/v1/wbr/{WEEK}").json()["snapshot"] is not None
    outputs = [o for p in _wbr_mechanism(viewer)["periods"] for o in p["outputs"]]  # type: ignore[union-attr]
    assert len(outputs) == before + 1
    assert outputs[-1].startswith(f"The deck for the week ending {WEEK} reviewed: 3 metrics, ")

    page = browser_as("admin")
    deck = page.get(f"/wbr/{EARLIER}")
    assert "Hold the WBR (freeze it and record the meeting)" in deck.text
    answer = page.post(f"/wbr/{EARLIER}/hold", data={"csrf_token": csrf_of(page, f"/wbr/{EARLIER}")},
                       follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == f"/wbr/{EARLIER}"
    assert viewer.get(f"/api/v1/wbr/{EARLIER}").json()["snapshot"] is not None
    assert "Hold the WBR" not in browser_as("viewer").get(f"/wbr/{EARLIER}").text
    assert api_as("member").post(f"/api/v1/wbr/{WEEK}/hold").status_code == 403


def test_only_a_complete_week_inside_the_data_is_frozen(api_as: Client, cli: Cli, wbr: Path) -> None:  # noqa: F811
    admin = api_as("admin")
    for week, says in (("2026-11-28", "is not complete in the data; the latest complete week ends 2026-11-21"),
                       ("2020-01-04", "before the data begins")):
        for action in ("freeze", "hold"):
            answer = admin.post(f"/api/v1/wbr/{week}/{action}")
            assert answer.status_code == 422, (week, action, answer.text)
            assert says in answer.json()["error"]["message"]
    assert admin.get("/api/v1/wbr/snapshots").json() == []
    code, out, err = cli("wbr", "hold")
    assert code == 0 and f"Held the WBR of the week ending {WEEK}" in out
    code, out, err = cli("wbr", "hold", "--week-ending", "2026-11-28")
    assert code == 1 and "not complete in the data" in err
