"""Archiving a metric keeps its definition out of the metrics file and restorable: a restore
writes it back (and onto the deck it left); a removal for good forgets it."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from dayone.wbr import edits
from dayone.wbr import service as wbr
from dayone.workspace import Workspace
from tests.wbr.test_metric_edits import FILE, _workspace_file

Client = Callable[[str], TestClient]


def _body(ws: Workspace) -> str:
    with ws.session() as s:
        return wbr.current_file(s).body


def test_archive_then_restore_a_metric_puts_it_back_on_the_deck(api_as: Client, ws: Workspace) -> None:
    _workspace_file(ws)
    admin = api_as("admin")
    archived = admin.post("/api/v1/metrics/refunds/archive")
    assert archived.status_code == 200, archived.text
    assert archived.json()["kind"] == "metric" and archived.json()["ref"] == "refunds"
    assert "refunds" not in _body(ws) and "# the daily export" in _body(ws)  # the rest of the file kept
    assert "refunds" not in admin.get("/api/v1/wbr/2026-11-21").json()["metrics"]
    assert [(e["kind"], e["ref"]) for e in api_as("viewer").get("/api/v1/archive").json()] == [("metric", "refunds")]
    assert api_as("member").post("/api/v1/metrics/refunds/restore").status_code == 403

    restored = admin.post("/api/v1/metrics/refunds/restore")
    assert restored.status_code == 200, restored.text
    body = _body(ws)
    assert edits.fields_of(body, "refunds") == {"source": "d", "column": "refunds"}
    assert "  - metric: refunds\n" in body and "# the daily export" in body
    assert admin.get("/api/v1/wbr/2026-11-21").json()["metrics"]["refunds"]["summary"]["last_week"]["value"] == 7
    assert admin.get("/api/v1/archive").json() == []


def test_a_metric_defined_again_meanwhile_is_not_overwritten(api_as: Client, ws: Workspace) -> None:
    _workspace_file(ws)
    admin = api_as("admin")
    admin.post("/api/v1/metrics/refunds/archive")
    assert admin.post("/api/v1/metrics", json={"name": "refunds", "source": "d", "column": "orders"}).status_code == 201
    clash = admin.post("/api/v1/metrics/refunds/restore")
    assert clash.status_code == 409 and "has a metric 'refunds' again" in clash.json()["error"]["message"]
    assert edits.fields_of(_body(ws), "refunds")["column"] == "orders"
    again = admin.post("/api/v1/metrics/refunds/archive")  # the archive holds one definition per name
    assert again.status_code == 409 and "already in the archive" in again.json()["error"]["message"]


def test_removing_an_archived_metric_for_good(api_as: Client, ws: Workspace) -> None:
    _workspace_file(ws)
    admin = api_as("admin")
    assert admin.delete("/api/v1/metrics/refunds").status_code == 404  # live metrics are archived first
    admin.post("/api/v1/metrics/refunds/archive")
    assert api_as("member").delete("/api/v1/metrics/refunds").status_code == 403
    gone = admin.delete("/api/v1/metrics/refunds")
    assert gone.status_code == 200 and "archived definition" in gone.json()["removed_with_it"][0]
    assert admin.get("/api/v1/archive").json() == []
    assert admin.post("/api/v1/metrics/refunds/restore").status_code == 404


def test_a_deck_item_goes_back_where_the_deck_ends() -> None:
    body = edits.remove_metric(FILE, "refunds")
    restored = edits.insert_deck_item(edits.insert_metric(body, "refunds", {"source": "d", "column": "refunds"}),
                                      "refunds")
    assert restored.endswith("  - metric: conversion\n  - metric: refunds\n")
    flow = edits.insert_deck_item("metrics: {a: {source: d, column: a}}\ndeck: [{metric: b}]\n", "a")
    assert "- metric: a" in flow and "- metric: b" in flow
