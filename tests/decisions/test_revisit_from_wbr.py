"""A decision's metric condition reads the WBR's own numbers — the latest complete week, or
the period it names — and the decision page says the value, where it came from and when it
was read; a metric the WBR does not have still uses the readings posted to the API."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date, timedelta

from fastapi.testclient import TestClient

from dayone.auth.permissions import CLI_ACTOR
from dayone.wbr import service as wbr
from dayone.workspace import Workspace

Client = Callable[[str], TestClient]
CHEAP = {"undo_cost": "cheap", "undo_time": "days", "customers": "few", "legal_or_safety": "no"}


def _wbr(ws: Workspace) -> None:
    """Orders: 10 a day, every day for 400 days up to Saturday 2026-11-21 (70 a week)."""
    folder = ws.settings.home / "data"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "d.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "orders"])
        for i in range(400):
            writer.writerow([date(2026, 11, 21) - timedelta(days=i), 10])
    (folder / "m.yaml").write_text("sources: {d: {csv: d.csv, date_column: date}}\n"
                                   "metrics: {orders: {source: d, column: orders}}\n")
    with ws.session() as session:
        wbr.use(session, CLI_ACTOR, folder / "m.yaml")


def _decide(client: TestClient, title: str, metric: str, operator: str, threshold: float) -> int:
    made = client.post("/api/v1/decisions", json={
        "title": title, "type_answers": CHEAP, "decide_now": True,
        "revisit_condition": {"metric": metric, "operator": operator, "threshold": threshold}})
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def test_a_condition_on_a_wbr_metric_reads_the_wbr(api_as: Client, browser_as: Client, ws: Workspace) -> None:
    _wbr(ws)
    member = api_as("member")
    week = _decide(member, "Cheaper shipping", "orders", "<", 100)  # 70 last week: due
    mtd = _decide(member, "Bigger cart", "orders:mtd", ">", 1000)  # 21 days of November: 210, not due
    posted = _decide(member, "New hero image", "conversion", "<", 0.03)  # not a WBR metric
    member.post("/api/v1/metric-readings", json={"metric": "orders", "value": 5000})  # the WBR wins
    member.post("/api/v1/metric-readings", json={"metric": "conversion", "value": 0.02})
    due = {d["decision_id"]: d["why"] for d in member.get("/api/v1/decisions/inspection").json()["due_revisits"]}
    assert set(due) == {week, posted}
    assert due[week] == "orders is 70 (the WBR, week ending 2026-11-21), < 100"
    assert due[posted] == "conversion is 0.02 (a reading posted to the API), < 0.03"

    page = browser_as("viewer").get(f"/decisions/{mtd}")
    assert "Revisit when orders:mtd &gt; 1000." in page.text
    assert ("Latest value: <strong>210</strong>, from the WBR, week ending 2026-11-21 (MTD), "
            'read <time datetime="20') in page.text


def test_without_a_wbr_the_posted_readings_decide(api_as: Client, browser_as: Client) -> None:
    member = api_as("member")
    decision = _decide(member, "Cheaper shipping", "orders", "<", 100)
    assert "No value known yet" in browser_as("viewer").get(f"/decisions/{decision}").text
    member.post("/api/v1/metric-readings", json={"metric": "orders", "value": 50})
    due = {d["decision_id"]: d["why"] for d in member.get("/api/v1/decisions/inspection").json()["due_revisits"]}
    assert due == {decision: "orders is 50 (a reading posted to the API), < 100"}
    assert "Latest value: <strong>50</strong>, from a reading posted to the API" in \
        browser_as("viewer").get(f"/decisions/{decision}").text
