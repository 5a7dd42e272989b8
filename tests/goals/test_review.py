"""Inspecting a plan: the review packet red first with the changes since the last review, the
goal-set report and its warnings, the lapses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from dayone.auth.permissions import Actor
from dayone.db.base import utcnow
from dayone.goals import plans, review, service, tracking
from dayone.goals.schemas import GoalEdit, ReviewIn, StatusIn
from dayone.workspace import Workspace


def test_the_packet_puts_red_first_and_shows_changes_since_the_last_review(
        metrics_ws: Workspace, actors: dict[str, Actor], plan_id: int, make_goal: Callable[..., int]) -> None:
    green, red = make_goal(target=6000), make_goal(target=9000)
    with metrics_ws.session() as session:
        first = review.hold(session, actors["member"], plan_id, ReviewIn(notes="Q1"))
        assert [g["id"] for g in first.packet["goals"]] == [red, green]
        assert first.packet["counts"]["red"] == 1
    with metrics_ws.session() as session:
        tracking.set_status(session, actors["member"], green, StatusIn(status="yellow", note="Staffing."))
    with metrics_ws.session() as session:
        found = review.packet(session, plan_id)
        changes = {g["id"]: g["changes"] for g in found["goals"]}
        assert [(c["before"], c["after"]) for c in changes[green]] == [("green", "yellow")]
        assert changes[red] == []  # measured at the first review, unchanged since


def test_the_goal_set_report_warns_when_outputs_and_money_dominate(
        metrics_ws: Workspace, plan_id: int, make_goal: Callable[..., int]) -> None:
    make_goal(text="Grow revenue: 7,000 orders a week by 31 December 2026.")
    make_goal(text="Lift profit margin with 7,000 orders a week by 31 December 2026.")
    make_goal(metric="sessions", target=70000, text="Reach 70,000 sessions a week by 31 December 2026.")
    with metrics_ws.session() as session:
        found = review.report(session, plans.get(session, plan_id))
    assert found.input_share == pytest.approx(1 / 3)
    assert [g["words"] for g in found.financial_goals] == [["revenue"], ["margin", "profit"]]
    assert {f["code"] for f in found.findings} >= {"goals-mostly-outputs", "goals-mostly-financial"}


def test_an_s_team_share_outside_ten_to_twenty_percent_is_said(
        metrics_ws: Workspace, plan_id: int, make_goal: Callable[..., int]) -> None:
    make_goal(s_team=True)
    make_goal()
    with metrics_ws.session() as session:
        found = review.report(session, plans.get(session, plan_id))
    assert found.s_team_share == 0.5 and "s-team-share" in {f["code"] for f in found.findings}


def test_lapses_stale_status_stale_data_and_red_without_action(
        metrics_ws: Workspace, actors: dict[str, Actor], plan_id: int, make_goal: Callable[..., int]) -> None:
    red = make_goal(target=9000)
    with metrics_ws.session() as session:
        tracking.refresh(session, actors["member"], service.get(session, red))
    today = utcnow().date()
    with metrics_ws.session() as session:
        codes = {(x["goal_id"], x["code"]) for x in review.lapses(session, plans.get(session, plan_id), today)}
        assert (red, "red-without-action") in codes and (red, "status-not-updated") not in codes
        later = {(x["goal_id"], x["code"]) for x in review.lapses(session, plans.get(session, plan_id),
                                                                  today + timedelta(days=40))}
        assert {(red, "status-not-updated"), (red, "no-new-data")} <= later
        service.edit(session, actors["member"], red, GoalEdit(version=service.get(session, red).version,
                                                              action="Two more couriers from 1 December."))
        codes = {(x["goal_id"], x["code"]) for x in review.lapses(session, plans.get(session, plan_id), today)}
        assert (red, "red-without-action") not in codes
