"""My week: a running experiment of yours past its planned duration waits on you to stop and read it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient

from dayone.experiments.models import Experiment
from dayone.workspace import Workspace
from tests.experiments.conftest import DESIGN

Client = Callable[[str], TestClient]


def test_a_running_experiment_past_its_planned_days_waits_on_its_owner(api_as: Client, ws: Workspace) -> None:
    member, admin = api_as("member"), api_as("admin")
    made = {}
    for title, days_ago in (("Overdue button", 15), ("Fresh button", 3), ("Never started", None)):
        made[title] = member.post("/api/v1/experiments", json={**DESIGN, "title": title, "planned_days": 14}).json()
        if days_ago is not None:
            member.post(f"/api/v1/experiments/{made[title]['id']}/transition", json={"status": "running"})
            with ws.session() as s:  # started that many days ago
                e = s.get(Experiment, made[title]["id"])
                assert e is not None and e.started_at is not None
                e.started_at -= timedelta(days=days_ago)
    items = [i for i in member.get("/api/v1/me/agenda").json()["items"] if i["kind"] == "experiment-due"]
    overdue = made["Overdue button"]["id"]
    assert [(i["key"], i["title"], i["url"]) for i in items] == [
        (f"experiment:{overdue}:due", "Stop and read: Overdue button", f"/experiments/{overdue}")]
    assert "Planned for 14 days" in items[0]["detail"]
    assert not [i for i in admin.get("/api/v1/me/agenda").json()["items"] if i["kind"] == "experiment-due"]
    member.post(f"/api/v1/experiments/{overdue}/transition", json={"status": "stopped"})
    assert not [i for i in member.get("/api/v1/me/agenda").json()["items"] if i["kind"] == "experiment-due"]
