"""Mechanisms through the API: built-ins from the start, definitions, occurrences, adoption."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from fastapi.testclient import TestClient

Client = Callable[[str], TestClient]


def test_built_in_mechanisms_exist_in_every_workspace(api_as: Client) -> None:
    names = {m["name"]: m for m in api_as("viewer").get("/api/v1/mechanisms").json()}
    assert {"Weekly Business Review", "Document reviews", "Decision revisits"} <= set(names)
    assert names["Weekly Business Review"]["cadence"] == "weekly on Monday"
    assert all(m["builtin"] for m in names.values())


def test_define_record_and_inspect_adoption(api_as: Client) -> None:
    member = api_as("member")
    start = date.today() - timedelta(weeks=6)
    made = member.post("/api/v1/mechanisms", json={
        "name": "Ops review", "cadence": "Weekly on Thursday", "tool": "other",
        "description": "Incidents and fixes.", "produces": "Each incident's owner.",
        "started_on": start.isoformat()}).json()
    assert made["cadence"] == "weekly on Thursday" and made["expected"] >= 5 and made["held"] == 0
    monday = date.today() - timedelta(days=date.today().weekday())
    for weeks_ago in (1, 2, 4):
        member.post(f"/api/v1/mechanisms/{made['id']}/occurrences", json={
            "occurred_on": (monday - timedelta(weeks=weeks_ago)).isoformat(), "output": f"w{weeks_ago}"})
    report = member.get(f"/api/v1/mechanisms/{made['id']}").json()
    assert report["held"] == 3 and len(report["lapses"]) == report["expected"] - 3
    assert report["adoption"] == 3 / report["expected"]
    assert report["due_now"] is not None and report["due_now"]["due"] == (monday + timedelta(days=3)).isoformat()
    assert [p["outputs"] for p in report["periods"] if p["held"]][-1] == ["w1"]


def test_bad_mechanisms_are_explained(api_as: Client) -> None:
    member = api_as("member")
    cases = [({"name": "X", "cadence": "fortnightly-ish", "tool": "wbr"}, "cadence"),
             ({"name": "X", "cadence": "weekly", "tool": "magic"}, "tool"),
             ({"name": "X", "cadence": "weekly", "tool": "other"}, "description")]
    for body, field in cases:
        error = member.post("/api/v1/mechanisms", json=body).json()["error"]
        assert error["details"][0]["field"] == field, error
    mech = member.get("/api/v1/mechanisms").json()[0]
    future = member.post(f"/api/v1/mechanisms/{mech['id']}/occurrences", json={
        "occurred_on": (date.today() + timedelta(days=3)).isoformat(), "output": "x"})
    assert future.status_code == 422
    script = member.post(f"/api/v1/mechanisms/{mech['id']}/occurrences", json={
        "occurred_on": date.today().isoformat(), "output": "x", "link": "javascript:alert(1)"})
    assert script.status_code == 422 and script.json()["error"]["details"][0]["field"] == "link"
