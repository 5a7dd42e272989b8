"""Bad input found by review: each gets a clear 4xx, never a 500, and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient

from tests.helpers import csrf_of

Client = Callable[[str], TestClient]
CHEAP = {"undo_cost": "cheap", "undo_time": "days", "customers": "some", "legal_or_safety": "no"}


def test_out_of_range_ids_and_numbers(api_as: Client) -> None:
    member = api_as("member")
    assert member.get("/api/v1/documents/99999999999999999999").status_code in (404, 422)
    assert member.get("/api/v1/teams/99999999999999999999").status_code in (404, 422)
    nan = member.post("/api/v1/metric-readings", content=b'{"metric": "m", "value": NaN}',
                      headers={"content-type": "application/json"})
    assert nan.status_code == 422
    money = member.post("/api/v1/decisions", json={"title": "X", "type_answers": {**CHEAP, "money_at_risk": "nan"}})
    assert money.status_code == 422


def test_non_ascii_digits_in_forms(browser_as: Client) -> None:
    member = browser_as("member")
    token = csrf_of(member, "/decisions/new")
    response = member.post("/decisions/new", data={"csrf_token": token, "title": "X", **CHEAP,
                                                   "owner_id": "²", "decision_type": "type-2"})
    assert response.status_code < 500


def test_mechanism_dates_and_links(api_as: Client) -> None:
    member = api_as("member")
    far = member.post("/api/v1/mechanisms", json={"name": "Late", "cadence": "weekly", "tool": "wbr",
                                                  "started_on": "9999-12-31"})
    assert far.status_code == 422 and far.json()["error"]["details"][0]["field"] == "started_on"
    assert member.get("/api/v1/mechanisms").status_code == 200
    mech = member.get("/api/v1/mechanisms").json()[0]["id"]
    sneaky = member.post(f"/api/v1/mechanisms/{mech}/occurrences",
                         json={"occurred_on": "2026-11-02", "output": "x", "link": "//evil.example/login"})
    assert sneaky.status_code == 422


def test_csv_export_neutralizes_formulas(api_as: Client) -> None:
    member = api_as("member")
    member.post("/api/v1/decisions", json={"title": '=HYPERLINK("https://evil.example","x")', "type_answers": CHEAP})
    csv = member.get("/api/v1/decisions/export.csv").text
    assert "'=HYPERLINK" in csv


def test_live_check_refuses_huge_bodies(browser_as: Client, api_as: Client) -> None:
    doc = api_as("member").post("/api/v1/documents", json={"title": "T", "doc_type": "narrative"}).json()
    member = browser_as("member")
    token = csrf_of(member, "/account")
    huge = member.post(f"/documents/{doc['id']}/live-check", json={"body": "x" * 2_000_000},
                       headers={"X-CSRF-Token": token})
    assert huge.status_code == 422 and "at most" in huge.json()["error"]["message"]


def test_removing_someone_who_holds_records_asks_to_reassign(api_as: Client) -> None:
    member, admin = api_as("member"), api_as("admin")
    member.post("/api/v1/documents", json={"title": "T", "doc_type": "narrative"})
    me = member.get("/api/v1/me").json()["person_id"]
    refused = admin.delete(f"/api/v1/people/{me}")
    assert refused.status_code == 409 and "1 document(s) as author" in refused.json()["error"]["message"]


def test_simultaneous_saves_meet_as_a_merge(api_as: Client) -> None:
    member = api_as("member")
    doc = member.post("/api/v1/documents", json={"title": "T", "doc_type": "narrative", "body": "a\nb\n"}).json()
    clients = [api_as("member") for _ in range(4)]

    def save(i: int) -> int:
        return clients[i].post(f"/api/v1/documents/{doc['id']}/versions",
                               json={"body": f"a\nb{i}\n", "base_version": 1}).status_code

    with ThreadPoolExecutor(max_workers=4) as pool:
        codes = sorted(pool.map(save, range(4)))
    assert codes == [201, 409, 409, 409]
