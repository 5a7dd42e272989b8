"""/api/v1/experiments: list with paging and the portfolio, create, update, transition, results in and
out — and bad input answered with the one error shape, changing nothing."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from dayone.auth import service as accounts
from dayone.auth.permissions import CLI_ACTOR
from dayone.web.app import create_app
from dayone.workspace import Workspace
from tests.conftest import People
from tests.experiments.conftest import DESIGN, STATS


def _api(ws: Workspace, email: str) -> TestClient:
    with ws.session() as session:
        secret = accounts.create_token(session, CLI_ACTOR, email).secret
    return TestClient(create_app(ws), headers={"Authorization": f"Bearer {secret}"})


@pytest.fixture
def member(ws: Workspace, people: People) -> TestClient:
    return _api(ws, people.member)


def _create(client: TestClient, **fields: Any) -> dict[str, Any]:
    response = client.post("/api/v1/experiments", json={**DESIGN, **fields})
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_create_list_page_update_and_move(member: TestClient) -> None:
    made = [_create(member, title=f"Idea {i}") for i in range(3)]
    assert made[0]["status"] == "designed" and made[0]["next_statuses"] == ["running"]
    page = member.get("/api/v1/experiments?limit=2&offset=2").json()
    assert page["total"] == 3 and page["limit"] == 2 and [e["title"] for e in page["items"]] == ["Idea 0"]
    assert page["portfolio"]["designed"] == 3
    first = made[0]["id"]
    edited = member.patch(f"/api/v1/experiments/{first}", json={"version": 1, "hypothesis": "Better."}).json()
    assert edited["hypothesis"] == "Better." and edited["version"] == 2
    stale = member.patch(f"/api/v1/experiments/{first}", json={"version": 1, "hypothesis": "Lost."})
    assert stale.status_code == 409 and stale.json()["error"]["details"]["current_version"] == 2
    moved = member.post(f"/api/v1/experiments/{first}/transition", json={"status": "running"}).json()
    assert moved["status"] == "running" and moved["started_at"]
    assert member.get("/api/v1/experiments?status=running").json()["total"] == 1


def test_results_in_as_csv_and_out_as_the_analysis(member: TestClient) -> None:
    made = _create(member)["id"]
    missing = member.get(f"/api/v1/experiments/{made}/results")
    assert missing.status_code == 404 and "has no results yet" in missing.json()["error"]["message"]
    early = member.put(f"/api/v1/experiments/{made}/results", content=STATS, headers={"Content-Type": "text/csv"})
    assert early.status_code == 409 and "Start the experiment" in early.json()["error"]["message"]
    member.post(f"/api/v1/experiments/{made}/transition", json={"status": "running"})
    stored = member.put(f"/api/v1/experiments/{made}/results", content=STATS, headers={"Content-Type": "text/csv"})
    assert stored.status_code == 200, stored.text
    result = member.get(f"/api/v1/experiments/{made}/results").json()
    assert list(result).index("srm") < list(result).index("results")
    assert result["srm"]["passed"] and result["results_source"] == "the statistics sent"
    first = result["results"][0]
    assert {"metric", "variant", "effect", "ci_low", "ci_high", "p_value", "srm_p_value"} <= set(first)
    assert (first["metric"], first["variant"]) == ("conversion", "treatment")
    assert result["reading"]["regressions"] == 1
    bayes = member.get(f"/api/v1/experiments/{made}/results?engine=bayesian").json()
    assert 0.95 < bayes["results"][0]["chance_to_win"] <= 1 and "risk" in bayes["results"][0]
    wrong = member.get(f"/api/v1/experiments/{made}/results?engine=magic")
    assert wrong.status_code == 422 and "engine" in wrong.json()["error"]["message"]


@pytest.mark.parametrize(("body", "message"), [
    ("variant,metric,n,sum,sum_squares\ncontrol,conversion,0,0,0\ntreatment,conversion,10,1,1\n"
     "control,page_load_ms,10,1,1\ntreatment,page_load_ms,10,1,1\n", "has no units"),
    ("variant,metric,n,sum,sum_squares\ncontrol,conversion,-3,0,0\ntreatment,conversion,10,1,1\n", "is negative"),
    ("variant,metric,n,sum,sum_squares\ncontrol,conversion,10,5,1\ntreatment,conversion,10,1,1\n"
     "control,page_load_ms,10,1,1\ntreatment,page_load_ms,10,1,1\n", "sum_squares"),
    ("variant,metric,n,sum,sum_squares\ncontrol,other,10,1,1\ntreatment,other,10,1,1\n",
     "metric 'conversion' (the primary metric) has no rows"),
])
def test_bad_statistics_are_a_422_naming_the_problem_and_keep_the_stored_ones(member: TestClient, body: str,
                                                                              message: str) -> None:
    made = _create(member)["id"]
    member.post(f"/api/v1/experiments/{made}/transition", json={"status": "running"})
    member.put(f"/api/v1/experiments/{made}/results", content=STATS, headers={"Content-Type": "text/csv"})
    before = member.get(f"/api/v1/experiments/{made}/results").json()
    refused = member.put(f"/api/v1/experiments/{made}/results", content=body, headers={"Content-Type": "text/csv"})
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert message in error["message"] + " ".join(str(d.get("message")) for d in error["details"] or [])
    assert member.get(f"/api/v1/experiments/{made}/results").json()["results"] == before["results"]


def test_illegal_moves_and_bad_designs_are_refused_clearly(member: TestClient) -> None:
    made = _create(member)["id"]
    jump = member.post(f"/api/v1/experiments/{made}/transition", json={"status": "decided", "outcome": "launch",
                                                                       "learning": "x"})
    assert jump.status_code == 409
    assert "designed cannot become decided; it can only become running next" in jump.json()["error"]["message"]
    unknown = member.post(f"/api/v1/experiments/{made}/transition", json={"status": "paused"})
    assert unknown.status_code == 422
    weights = member.post("/api/v1/experiments", json={**DESIGN, "variants": [{"name": "a", "weight": 0.6},
                                                                              {"name": "b", "weight": 0.6}]})
    assert weights.status_code == 422 and "they sum to 1.2" in weights.json()["error"]["message"]
    assert member.get("/api/v1/experiments").json()["total"] == 1
    assert member.get("/api/v1/experiments/99999999999").status_code == 404


def test_deciding_through_the_api_links_the_decision(member: TestClient) -> None:
    made = _create(member)["id"]
    for status in ("running", "stopped"):
        member.post(f"/api/v1/experiments/{made}/transition", json={"status": status})
    decided = member.post(f"/api/v1/experiments/{made}/transition", json={
        "status": "decided", "outcome": "launch", "learning": "Customers found the button."}).json()
    assert decided["status"] == "decided" and decided["outcome"] == "launch"
    decision = member.get(f"/api/v1/decisions/{decided['decision']['id']}").json()
    assert decision["status"] == "decided" and decision["choice"] == "launch"
    assert {"kind": "experiment", "target": f"/experiments/{made}"}.items() <= decision["links"][0].items()
    assert "No results were entered." in decision["context"]
    assert member.get("/api/v1/experiments").json()["portfolio"]["launch"] == 1


def test_viewers_read_and_cannot_write(ws: Workspace, people: People, member: TestClient) -> None:
    made = _create(member)["id"]
    viewer = _api(ws, people.viewer)
    assert viewer.get(f"/api/v1/experiments/{made}").status_code == 200
    assert viewer.post("/api/v1/experiments", json=DESIGN).status_code == 403
    refused = viewer.post(f"/api/v1/experiments/{made}/transition", json={"status": "running"})
    assert refused.status_code == 403 and set(refused.json()) == {"error"}


def test_the_results_carry_breakdowns_and_the_timeline(member: TestClient) -> None:
    from tests.experiments.test_experiments_web import SLICED

    api = member
    made = _create(api)["id"]
    api.post(f"/api/v1/experiments/{made}/transition", json={"status": "running"})
    stored = api.put(f"/api/v1/experiments/{made}/results", content=SLICED, headers={"Content-Type": "text/csv"})
    assert stored.status_code == 200, stored.text
    body = api.get(f"/api/v1/experiments/{made}/results").json()
    assert [v["value"] for v in body["breakdowns"][0]["values"]] == ["US", "FR"]
    assert [d["date"] for d in body["timeline"]] == ["2026-11-02", "2026-11-09"]
    assert body["results"][0]["n_control"] == 10000
    bad = SLICED.replace("control,conversion,4000,400,400,country,FR,", "control,conversion,4000,400,400,country,,")
    refused = api.put(f"/api/v1/experiments/{made}/results", content=bad, headers={"Content-Type": "text/csv"})
    assert refused.status_code == 422 and "dimension_value: is empty" in refused.json()["error"]["message"]
    assert api.get(f"/api/v1/experiments/{made}/results").json()["breakdowns"] == body["breakdowns"]  # unchanged


def test_a_market_test_through_the_api(member: TestClient) -> None:
    from tests.experiments.test_experiments_web import _market_panel

    made = _create(member)["id"]
    url = f"/api/v1/experiments/{made}/market"
    early = member.put(f"{url}?treated=north&start=2026-10-19", content=_market_panel(),
                       headers={"Content-Type": "text/csv"})
    assert early.status_code == 409  # still designed
    member.post(f"/api/v1/experiments/{made}/transition", json={"status": "running"})
    assert member.get(url).status_code == 404 and member.get(f"/api/v1/experiments/{made}/results").status_code == 404
    read = member.put(f"{url}?treated=north,east&start=2026-10-19&method=did", content=_market_panel(),
                      headers={"Content-Type": "text/csv"})
    assert read.status_code == 200, read.text
    body = read.json()
    assert body["method"] == "did" and body["treated"] == ["north", "east"] and len(body["controls"]) == 10
    assert body["relative_effect"] == pytest.approx(0.10, abs=0.015) and body["p_value"] == pytest.approx(1 / 11)
    assert member.get(url).json() == body
    assert member.get(f"/api/v1/experiments/{made}/results").json()["market"]["effect"] == body["effect"]
    for query, said in (("treated=north&start=2026-13-01", "start: '2026-13-01' is not a date"),
                        ("treated=north&start=2026-10-19&method=ols", "method: 'ols'"),
                        ("treated=north&start=2026-06-01", "leaves 0 date(s) before")):
        refused = member.put(f"{url}?{query}", content=_market_panel(0.0), headers={"Content-Type": "text/csv"})
        assert refused.status_code == 422 and said in refused.json()["error"]["message"], refused.text
    assert member.get(url).json() == body  # nothing changed


@pytest.mark.parametrize(("bad", "said"), [
    ("variant,metric,n,sum,sum_squares\ncontrol,conversion,0,0,0\ntreatment,conversion,100,10,10\n"
     "control,page_load_ms,100,10,10\ntreatment,page_load_ms,100,10,10\n", "has no units"),
    ("variant,metric,n,sum,sum_squares\ncontrol,conversion,-5,1,1\ntreatment,conversion,100,10,10\n"
     "control,page_load_ms,100,10,10\ntreatment,page_load_ms,100,10,10\n", "is negative"),
    ("variant,metric,n,sum,sum_squares\ncontrol,conversion,100,50,10\ntreatment,conversion,100,10,10\n"
     "control,page_load_ms,100,10,10\ntreatment,page_load_ms,100,10,10\n", "is impossible for sum 50 over n 100"),
    ("variant,metric,n,sum,sum_squares\ncontrol,conversion,100,10,10\ntreatment,conversion,100,10,10\n"
     "control,page_load_ms,100,10,10\n", "metric 'page_load_ms' has no row for variant 'treatment'"),
    ("variant,metric,n,sum,sum_squares\ncontrol,conversion,100,10,10\ntreatment,conversion,100,10,10\n",
     "metric 'page_load_ms' (the guardrail) has no rows"),
])
def test_bad_statistics_are_refused_and_change_nothing(member: TestClient, bad: str, said: str) -> None:
    made = _create(member)["id"]
    member.post(f"/api/v1/experiments/{made}/transition", json={"status": "running"})
    url = f"/api/v1/experiments/{made}/results"
    assert member.put(url, content=STATS, headers={"Content-Type": "text/csv"}).status_code == 200
    before = member.get(url).json()
    refused = member.put(url, content=bad, headers={"Content-Type": "text/csv"})
    assert refused.status_code == 422 and said in refused.json()["error"]["message"] + str(
        refused.json()["error"]["details"]), refused.text
    assert member.get(url).json() == before


def test_weights_that_do_not_sum_to_one_are_refused(member: TestClient) -> None:
    refused = member.post("/api/v1/experiments", json={**DESIGN, "variants": [
        {"name": "control", "weight": 0.6}, {"name": "treatment", "weight": 0.6}]})
    assert refused.status_code == 422 and "they sum to 1.2; they must sum to 1" in refused.json()["error"]["message"]
    assert member.get("/api/v1/experiments").json()["total"] == 0
