"""Experiments in the archive: an archived experiment leaves the list, the portfolio, search, My week and
the WBR deck's running line; lookups and edits answer 410; its owner (or an admin) restores it and it
comes back everywhere; only an admin removes it for good, and only once archived."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient

from dayone.db.base import utcnow
from dayone.experiments import service as experiments
from dayone.experiments.models import Experiment
from dayone.workspace import Workspace
from tests.experiments.conftest import DESIGN, STATS

Client = Callable[[str], TestClient]


def _running_and_due(ws: Workspace, client: TestClient) -> int:
    """An experiment of the member's, running past its planned days, with statistics; its id."""
    made = client.post("/api/v1/experiments", json={**DESIGN, "title": "Zebra striped button",
                                                    "planned_days": 7})
    assert made.status_code == 201, made.text
    ref = int(made.json()["id"])
    assert client.post(f"/api/v1/experiments/{ref}/transition", json={"status": "running"}).status_code == 200
    stored = client.put(f"/api/v1/experiments/{ref}/results", content=STATS, headers={"Content-Type": "text/csv"})
    assert stored.status_code == 200, stored.text
    with ws.session() as session:
        found = session.get(Experiment, ref)
        assert found is not None
        found.started_at = utcnow() - timedelta(days=30)
        session.commit()
    return ref


def _seen(ws: Workspace, client: TestClient, ref: int) -> dict[str, bool]:
    agenda = client.get("/api/v1/me/agenda").json()["items"]
    hits = client.get("/api/v1/search?q=zebra").json()["hits"]
    with ws.session() as session:
        running = experiments.running_by_metric(session)
    return {"list": ref in [e["id"] for e in client.get("/api/v1/experiments").json()["items"]],
            "portfolio": client.get("/api/v1/experiments").json()["portfolio"]["running"] == 1,
            "search": any(h["kind"] == "experiment" and h["id"] == ref for h in hits),
            "my week": any(i["key"] == f"experiment:{ref}:due" for i in agenda),
            "wbr": [e["id"] for e in running.get("conversion", [])] == [ref]}


def test_an_archived_experiment_leaves_everything_and_a_restore_brings_it_back(ws: Workspace,
                                                                               api_as: Client) -> None:
    member, viewer, admin = api_as("member"), api_as("viewer"), api_as("admin")
    ref = _running_and_due(ws, member)
    everywhere = {"list": True, "portfolio": True, "search": True, "my week": True, "wbr": True}
    assert _seen(ws, member, ref) == everywhere
    assert viewer.post(f"/api/v1/experiments/{ref}/archive").status_code == 403  # not the owner's team
    done = member.post(f"/api/v1/experiments/{ref}/archive")
    assert done.status_code == 200, done.text
    assert done.json()["kind"] == "experiment" and done.json()["title"] == "Zebra striped button"
    assert _seen(ws, member, ref) == dict.fromkeys(everywhere, False)
    for response in (viewer.get(f"/api/v1/experiments/{ref}"), viewer.get(f"/api/v1/experiments/{ref}/results"),
                     member.patch(f"/api/v1/experiments/{ref}", json={"version": 1, "hypothesis": "x"}),
                     member.post(f"/api/v1/experiments/{ref}/transition", json={"status": "stopped"})):
        assert response.status_code == 410, response.text
        assert response.json()["error"]["details"]["restore"] == f"/api/v1/experiments/{ref}/restore"
    assert [(e["kind"], e["ref"]) for e in viewer.get("/api/v1/archive").json()] == [("experiment", str(ref))]
    assert member.post(f"/api/v1/experiments/{ref}/archive").status_code == 409  # already archived
    assert viewer.post(f"/api/v1/experiments/{ref}/restore").status_code == 403
    back = member.post(f"/api/v1/experiments/{ref}/restore")
    assert back.status_code == 200 and back.json()["archived_at"] is None
    assert _seen(ws, member, ref) == everywhere
    assert viewer.get(f"/api/v1/experiments/{ref}/results").status_code == 200  # its statistics were kept
    actions = [(e["action"], e["entity_type"]) for e in admin.get("/api/v1/audit").json()]
    assert ("archive", "experiment") in actions and ("restore", "experiment") in actions


def test_only_an_admin_removes_an_archived_experiment_for_good(ws: Workspace, api_as: Client) -> None:
    member, admin = api_as("member"), api_as("admin")
    ref = _running_and_due(ws, member)
    live = admin.delete(f"/api/v1/experiments/{ref}")
    assert live.status_code == 409 and "archive it first" in live.json()["error"]["message"]
    assert member.post(f"/api/v1/experiments/{ref}/archive").status_code == 200
    assert member.delete(f"/api/v1/experiments/{ref}").status_code == 403
    gone = admin.delete(f"/api/v1/experiments/{ref}")
    assert gone.status_code == 200, gone.text
    assert gone.json()["removed_with_it"] == ["its design, status and what it taught", "its 2 variants' statistics"]
    assert admin.get(f"/api/v1/experiments/{ref}").status_code == 404
    assert admin.get("/api/v1/archive").json() == []
    with ws.session() as session:
        assert session.get(Experiment, ref) is None


def test_the_experiment_page_offers_the_archive_to_its_owner_only(ws: Workspace, api_as: Client,
                                                                   browser_as: Client) -> None:
    ref = _running_and_due(ws, api_as("member"))
    page = browser_as("member").get(f"/experiments/{ref}")
    assert f'href="/experiments/{ref}/archive"' in page.text
    assert f'href="/experiments/{ref}/archive"' not in browser_as("viewer").get(f"/experiments/{ref}").text
    confirm = browser_as("member").get(f"/experiments/{ref}/archive")
    assert confirm.status_code == 200 and "Zebra striped button" in confirm.text
