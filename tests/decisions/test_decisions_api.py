"""The decision log through the API: door questions, process by type, disagree and
commit, escalation, revisits (by date and by metric), inspection and export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from fastapi.testclient import TestClient

Client = Callable[[str], TestClient]
CHEAP = {"undo_cost": "cheap", "undo_time": "days", "customers": "some", "legal_or_safety": "no",
         "money_at_risk": 5000}
HEAVY = {"undo_cost": "impossible", "undo_time": "months", "customers": "all", "legal_or_safety": "yes",
         "money_at_risk": 2_000_000}


def _ids(client: TestClient) -> dict[str, int]:
    return {p["email"]: p["id"] for p in client.get("/api/v1/people").json()}


def test_the_questions_propose_a_type_with_reasons(api_as: Client) -> None:
    member = api_as("member")
    two = member.post("/api/v1/decisions/propose-type", json=CHEAP).json()
    assert two["proposed_type"] == "type-2" and "cheap" in two["reasons"][0]
    one = member.post("/api/v1/decisions/propose-type", json=HEAVY).json()
    assert one["proposed_type"] == "type-1"
    assert {"undoing it is impossible", "undoing it would take months",
            "it carries legal or safety exposure"} <= set(one["reasons"])
    bad = member.post("/api/v1/decisions/propose-type", json={**CHEAP, "customers": "lots"})
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "type_answers.customers"


def test_a_two_way_door_is_decided_at_once_by_its_owner(api_as: Client) -> None:
    member, outsider = api_as("member"), api_as("outsider")
    made = member.post("/api/v1/decisions", json={"title": "Weekly payouts", "type_answers": CHEAP,
                                                  "info_percent": 70, "options": ["weekly", "monthly"],
                                                  "choice": "weekly"}).json()
    assert made["decision_type"] == "type-2" and made["status"] == "proposed"
    assert outsider.post(f"/api/v1/decisions/{made['id']}/decide").status_code == 403
    decided = member.post(f"/api/v1/decisions/{made['id']}/decide").json()
    assert decided["status"] == "decided" and decided["decided_at"]
    again = member.post(f"/api/v1/decisions/{made['id']}/decide")
    assert again.status_code == 409


def test_overriding_the_type_needs_a_justification(api_as: Client) -> None:
    member = api_as("member")
    refused = member.post("/api/v1/decisions", json={"title": "Logo", "type_answers": CHEAP,
                                                     "decision_type": "type-1"})
    assert refused.status_code == 422 and "type_justification" in refused.json()["error"]["message"]
    kept = member.post("/api/v1/decisions", json={"title": "Logo", "type_answers": CHEAP,
                                                  "decision_type": "type-1",
                                                  "type_justification": "Brand council rule."}).json()
    assert kept["decision_type"] == "type-1" and kept["proposed_type"] == "type-2"


def test_a_one_way_door_needs_a_reviewed_document_and_every_sign_off(api_as: Client) -> None:
    member, admin, viewer = api_as("member"), api_as("admin"), api_as("viewer")
    ids = _ids(member)
    made = member.post("/api/v1/decisions", json={"title": "Leave the EU", "type_answers": HEAVY,
                                                  "approver_ids": [ids["ada@example.com"]]}).json()
    refused = member.post(f"/api/v1/decisions/{made['id']}/decide")
    assert refused.status_code == 409
    assert refused.json()["error"]["details"]["missing"] == [
        "a linked narrative or PR/FAQ", "sign-off from Ada Admin"]
    assert viewer.post(f"/api/v1/decisions/{made['id']}/approve").status_code == 403
    # write the narrative, review it, then link it in a new record of the decision
    doc = member.post("/api/v1/documents", json={"title": "EU exit", "doc_type": "narrative",
                                                 "body": "We leave the EU market in 2027.\n"}).json()
    review = member.post("/api/v1/reviews", json={"document_id": doc["id"],
                                                  "scheduled_for": "2027-01-05T10:00:00Z"}).json()
    member.post(f"/api/v1/reviews/{review['id']}/start")
    member.post(f"/api/v1/reviews/{review['id']}/outcome", json={"outcome": "approved", "reason": "Clear."})
    linked = member.post("/api/v1/decisions", json={
        "title": "Leave the EU, reviewed", "type_answers": HEAVY, "approver_ids": [ids["ada@example.com"]],
        "links": [{"kind": "document", "document_id": doc["id"]}]}).json()
    still = member.post(f"/api/v1/decisions/{linked['id']}/decide").json()["error"]["details"]["missing"]
    assert still == ["sign-off from Ada Admin"]
    assert admin.post(f"/api/v1/decisions/{linked['id']}/approve").status_code == 200
    assert member.post(f"/api/v1/decisions/{linked['id']}/decide").json()["status"] == "decided"


def test_disagree_and_commit_and_escalate(api_as: Client) -> None:
    member, outsider, viewer = api_as("member"), api_as("outsider"), api_as("viewer")
    made = member.post("/api/v1/decisions", json={"title": "Same-day first", "type_answers": CHEAP}).json()
    no_view = outsider.post(f"/api/v1/decisions/{made['id']}/positions", json={"stance": "disagree"})
    assert no_view.status_code == 422 and no_view.json()["error"]["details"][0]["field"] == "view"
    outsider.post(f"/api/v1/decisions/{made['id']}/positions",
                  json={"stance": "disagree", "view": "Reorder first.", "commit": True})
    after = member.post(f"/api/v1/decisions/{made['id']}/positions", json={"stance": "agree"}).json()
    assert [(p["person"]["name"], p["stance"], p["view"], p["committed"]) for p in after["positions"]] == [
        ("Otto Outsider", "disagree", "Reorder first.", True), ("Max Member", "agree", "", True)]
    assert viewer.post(f"/api/v1/decisions/{made['id']}/positions", json={"stance": "agree"}).status_code == 403
    ids = _ids(member)
    escalated = outsider.post(f"/api/v1/decisions/{made['id']}/escalations",
                              json={"to_person_id": ids["ada@example.com"], "reason": "We disagree."}).json()
    assert escalated["escalations"][0]["to"]["name"] == "Ada Admin"
    md = member.get(f"/api/v1/decisions/{made['id']}/export.md").text
    assert "## Disagree and commit" in md and "Otto Outsider disagrees: Reorder first.; commits" in md
    assert "* Status: proposed" in md and "## Considered Options" in md


def test_revisits_by_date_and_by_metric_and_the_mechanism_sees_them(api_as: Client) -> None:
    member = api_as("member")
    past = (date.today() - timedelta(days=1)).isoformat()
    by_date = member.post("/api/v1/decisions", json={"title": "Free returns", "type_answers": CHEAP,
                                                     "revisit_on": past, "decide_now": True}).json()
    by_metric = member.post("/api/v1/decisions", json={
        "title": "Bigger images", "type_answers": CHEAP, "decide_now": True,
        "revisit_condition": {"metric": "conversion", "operator": "<", "threshold": 0.031}}).json()
    due = {d["decision_id"] for d in member.get("/api/v1/decisions/inspection").json()["due_revisits"]}
    assert due == {by_date["id"]}
    member.post("/api/v1/metric-readings", json={"metric": "conversion", "value": 0.029})
    due = {d["decision_id"]: d["why"] for d in member.get("/api/v1/decisions/inspection").json()["due_revisits"]}
    assert set(due) == {by_date["id"], by_metric["id"]} and "conversion is 0.029" in due[by_metric["id"]]
    revisited = member.post(f"/api/v1/decisions/{by_metric['id']}/revisits",
                            json={"outcome": "reversed", "notes": "Conversion fell."}).json()
    assert revisited["status"] == "reversed"
    mechanisms = {m["name"]: m for m in member.get("/api/v1/mechanisms").json()}
    revisits = mechanisms["Decision revisits"]
    assert any("Bigger images" in out for p in revisits["periods"] for out in p["outputs"])


def test_inspection_flags_waiting_two_way_doors_and_counts_time_to_decide(api_as: Client, ws: object) -> None:
    from datetime import UTC, datetime

    from dayone.decisions.models import Decision

    member = api_as("member")
    slow = member.post("/api/v1/decisions", json={"title": "Button colour", "type_answers": CHEAP,
                                                  "decision_type": "type-1",
                                                  "type_justification": "Brand council."}).json()
    with ws.session() as s:  # type: ignore[attr-defined]
        s.get(Decision, slow["id"]).created_at = datetime.now(UTC) - timedelta(days=12)
    member.post("/api/v1/decisions", json={"title": "Quick", "type_answers": CHEAP, "decide_now": True})
    report = member.get("/api/v1/decisions/inspection").json()
    (flag,) = [f for f in report["findings"] if f["code"] == "two-way-door-waiting"]
    assert "runs through one-way-door process" in flag["message"] and "waited 12 days" in flag["message"]
    stats = {s["decision_type"]: s for s in report["stats"]}
    assert stats["type-2"]["decided"] == 1 and stats["type-1"]["open"] == 1
    csv = member.get("/api/v1/decisions/export.csv").text.splitlines()
    assert csv[0].startswith("id,title,type,proposed_type,status") and len(csv) == 3


def test_bad_input_is_named(api_as: Client) -> None:
    member = api_as("member")
    for body, field in (({"title": "", "type_answers": CHEAP}, "title"),
                        ({"title": "X", "type_answers": CHEAP, "owner_id": 999}, "owner_id"),
                        ({"title": "X", "type_answers": CHEAP, "approver_ids": [999]}, "approver_ids"),
                        ({"title": "X", "type_answers": CHEAP, "info_percent": 140}, "info_percent"),
                        ({"title": "X", "type_answers": CHEAP, "links": [{"kind": "document",
                                                                          "document_id": 999}]}, "links")):
        error = member.post("/api/v1/decisions", json=body).json()["error"]
        assert field in str(error["details"]) or field in error["message"], (field, error)
    assert member.get("/api/v1/decisions").json() == []


def test_a_private_document_stays_private_through_decisions_and_mechanisms(api_as: Client) -> None:
    member, outsider = api_as("member"), api_as("outsider")
    doc = member.post("/api/v1/documents", json={"title": "Secret Plan", "doc_type": "narrative",
                                                 "body": "We buy a competitor.\n"}).json()
    made = member.post("/api/v1/decisions", json={"title": "Buy", "type_answers": HEAVY,
                                                  "links": [{"kind": "document", "document_id": doc["id"]}]}).json()
    assert made["links"][0]["label"] == "Secret Plan"
    seen = outsider.get(f"/api/v1/decisions/{made['id']}").json()
    assert seen["links"] == [{"kind": "document", "document_id": None, "target": "",
                              "label": "a private document"}]
    assert "Secret Plan" not in outsider.get(f"/api/v1/decisions/{made['id']}/export.md").text
    probe = outsider.post("/api/v1/decisions", json={"title": "Probe", "type_answers": CHEAP,
                                                     "links": [{"kind": "document", "document_id": doc["id"]}]})
    assert probe.status_code == 422
    review = member.post("/api/v1/reviews", json={"document_id": doc["id"],
                                                  "scheduled_for": "2027-01-05T10:00:00Z"}).json()
    member.post(f"/api/v1/reviews/{review['id']}/start")
    member.post(f"/api/v1/reviews/{review['id']}/outcome", json={"outcome": "parked", "reason": "Too risky."})
    outputs = [o for m in outsider.get("/api/v1/mechanisms").json() for p in m["periods"] for o in p["outputs"]]
    assert f"Review {review['id']}: parked" in outputs
    assert not any("Secret Plan" in o or "Too risky" in o for o in outputs)
