"""The goals pages and API through HTTP: a plan, a goal written on the page with its findings,
its computed status, an override with a note, the quarterly review held; bad input answered
on the page and in the API's error shape."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from dayone.workspace import Workspace
from tests.helpers import csrf_of


def test_a_goal_written_on_the_page_shows_its_measurement_and_findings(
        metrics_ws: Workspace, plan_id: int, browser_as: Callable[..., Any]) -> None:
    page = browser_as("member")
    csrf = csrf_of(page, f"/goals/plans/{plan_id}")
    sent = page.post(f"/goals/plans/{plan_id}/goals", data={
        "csrf_token": csrf, "kind": "metric", "text": "Reach 7,000 orders a week by 31 December 2026.",
        "due": "2026-12-31", "metric": "orders", "target": "6900", "period": "week"}, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    shown = page.get(sent.headers["location"])
    assert 'id="computed-status">green' in shown.text
    assert "7000" in shown.text


def test_bad_input_on_the_page_names_the_field_and_keeps_what_was_typed(
        metrics_ws: Workspace, plan_id: int, browser_as: Callable[..., Any]) -> None:
    page = browser_as("member")
    csrf = csrf_of(page, f"/goals/plans/{plan_id}")
    sent = page.post(f"/goals/plans/{plan_id}/goals", data={
        "csrf_token": csrf, "kind": "metric", "text": "Grow orders.", "due": "2026-12-31", "metric": "orderz",
        "target": "10", "period": "week"})
    assert sent.status_code == 422
    assert "Did you mean" in sent.text and "orderz" in sent.text and "Grow orders." in sent.text


def test_the_api_refuses_bad_input_with_the_error_shape(metrics_ws: Workspace, plan_id: int,
                                                       api_as: Callable[..., Any]) -> None:
    api = api_as("member")
    base = {"plan_id": plan_id, "kind": "metric", "text": "Reach 7,000 orders a week by 31 December 2026.",
            "metric": "orders", "target": 7000, "period": "week", "due": "2026-12-31"}
    for change, field in (({"metric": "nope"}, "metric"), ({"due": "2025-06-01"}, "due"),
                          ({"target": "5%"}, "target"), ({"target": "many"}, "target")):
        answer = api.post("/api/v1/goals", json={**base, **change})
        assert answer.status_code == 422, answer.text
        assert answer.json()["error"]["message"].startswith(f"{field}:")
    assert api.get("/api/v1/goals").json() == []
    made = api.post("/api/v1/goals", json=base)
    assert made.status_code == 201
    body = made.json()
    assert body["measurement"]["value"] == 7000 and body["measurement"]["status"] == "green"
    status = api.post(f"/api/v1/goals/{body['id']}/status", json={"status": "red"})
    assert status.status_code == 422 and status.json()["error"]["message"].startswith("note:")
    status = api.post(f"/api/v1/goals/{body['id']}/status", json={"status": "red", "note": "Peak not staffed."})
    assert status.json()["status"] == "red" and status.json()["history"][-1]["note"] == "Peak not staffed."


def test_the_quarterly_review_is_held_and_recorded_as_the_mechanism_s_occurrence(
        metrics_ws: Workspace, plan_id: int, make_goal: Callable[..., int], browser_as: Callable[..., Any]) -> None:
    green, red = make_goal(target=6000), make_goal(target=9000)
    page = browser_as("member")
    packet = page.get(f"/goals/plans/{plan_id}/review")
    assert packet.status_code == 200
    csrf = csrf_of(page, f"/goals/plans/{plan_id}/review")
    held = page.post(f"/goals/plans/{plan_id}/review", data={"csrf_token": csrf, "notes": "Red first."},
                     follow_redirects=True)
    assert held.status_code == 200
    assert held.text.index(f'href="/goals/{red}"') < held.text.index(f'href="/goals/{green}"')  # red first
    from dayone.mechanisms import service as mechanisms

    with metrics_ws.session() as session:
        found = next(x for x in mechanisms.list_all(session) if x.builtin == "goal-review")
        assert [o.link for o in found.occurrences] == [f"/goals/plans/{plan_id}/reviews/1"]


def test_the_deck_draws_a_metric_s_goal_on_its_chart_and_in_its_summary_box(
        metrics_ws: Workspace, make_goal: Callable[..., int], browser_as: Callable[..., Any]) -> None:
    week, month = make_goal(target=7300), make_goal(period="month", target=31000)
    page = browser_as("viewer").get("/wbr/2026-11-28")
    assert page.status_code == 200
    card = page.text.split('id="metric-orders"', 1)[1].split('class="metric', 1)[0]
    assert f'href="/goals/{week}">7,300 (week) by 2026-12-31</a> · unknown' in card
    assert f'href="/goals/{month}">31,000 (month) by 2026-12-31</a>' in card
    assert card.count('class="goal"') >= 12 + 6  # the week goal's dots on 6 weeks, the month goal's on 12 months
    hovers = set(re.findall(r"goal: ([^<]*)</title>", card))  # each point says its value on hover
    assert hovers == {"7300", "31K"}, hovers  # the axis labels of each panel
    other = page.text.split('id="metric-sessions"', 1)[1].split('class="metric', 1)[0]
    assert 'class="goal"' not in other


def test_the_printed_deck_shows_the_goals_the_page_shows(
        metrics_ws: Workspace, make_goal: Callable[..., int], browser_as: Callable[..., Any],
        api_as: Callable[..., Any]) -> None:
    """The page's "Download PDF" and the API's PDF draw the same goals as the page (they once
    left them out, so the PDF pre-rendered while the page was read was never the one served)."""
    import io

    from pypdf import PdfReader

    make_goal(target=7300)
    for pdf in (browser_as("viewer").get("/wbr/2026-11-28/pdf"), api_as("viewer").get("/api/v1/wbr/2026-11-28/pdf")):
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
        assert "7,300 (week) by 2026-12-31" in text, text[:500]


def test_the_review_packet_prints_as_a_pdf_red_first(metrics_ws: Workspace, plan_id: int,
                                                      make_goal: Callable[..., int],
                                                      browser_as: Callable[..., Any]) -> None:
    import io

    from pypdf import PdfReader

    make_goal(target=6000, text="Keep orders at 6,000 a week through 2026.")
    make_goal(target=9000, text="Reach 9,000 orders a week by 31 December 2026.")
    answer = browser_as("viewer").get(f"/goals/plans/{plan_id}/review/pdf")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages)
    assert "quarterly goal review" in text
    assert text.index("9,000 orders") < text.index("6,000 a week")  # red first
