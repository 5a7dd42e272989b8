"""Measured, not typed: a metric goal's value is the WBR's number, its status follows the
projection and changes with the data, the owner's override needs a note, green straight to
red is flagged, and the outcome is the WBR's verdict confirmed by the owner."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from dayone.auth.permissions import Actor
from dayone.errors import Conflict, InvalidInput, PermissionDenied
from dayone.goals import service, tracking
from dayone.goals.schemas import OutcomeIn, StatusIn
from dayone.wbr import service as wbr
from dayone.workspace import Workspace
from tests.goals.conftest import write_data


def _measured(ws: Workspace, goal_id: int) -> tracking.Measurement:
    with ws.session() as session:
        found = tracking.measurement(session, service.get(session, goal_id))
        assert found is not None
        return found


def test_the_value_is_the_wbr_deck_s_own_number(metrics_ws: Workspace, make_goal: Callable[..., int]) -> None:
    week, quarter = make_goal(period="week"), make_goal(period="quarter", target=100000)
    with metrics_ws.session() as session:
        deck = wbr.deck(session, None)
    summary = deck["metrics"]["orders"]["summary"]
    assert _measured(metrics_ws, week).value == summary["last_week"]["value"] == 7000
    assert _measured(metrics_ws, quarter).value == summary["qtd"]["value"]
    assert _measured(metrics_ws, week).week_ending == "2026-11-28"


@pytest.mark.parametrize(("target", "status"), [(6900, "green"), (7000, "green"), (7300, "yellow"), (8000, "red")])
def test_status_follows_the_projection_against_the_target(metrics_ws: Workspace, make_goal: Callable[..., int],
                                                          target: int, status: str) -> None:
    found = _measured(metrics_ws, make_goal(target=target))
    assert found.projection == pytest.approx(7000)  # a flat trend
    assert found.status.value == status


def test_a_lower_is_better_metric_is_judged_the_other_way(metrics_ws: Workspace,
                                                          make_goal: Callable[..., int]) -> None:
    assert _measured(metrics_ws, make_goal(metric="latency", target=250)).status.value == "green"
    assert _measured(metrics_ws, make_goal(metric="latency", target=150)).status.value == "red"


def test_the_plan_gives_the_trajectory_when_the_metric_has_one(metrics_ws: Workspace,
                                                               make_goal: Callable[..., int]) -> None:
    # November's plan is 100 a day, December's 200: a week on plan now (700) is projected to 1,400
    found = _measured(metrics_ws, make_goal(metric="signups", period="week", target=1000))
    assert (found.method, found.projection, found.status.value) == ("plan", pytest.approx(1400), "green")
    # October, the last complete month, has no plan: the trend of the months holds it flat
    flat = _measured(metrics_ws, make_goal(metric="signups", period="month", target=3100))
    assert (flat.method, flat.status.value) == ("trend", "yellow")
    ytd = _measured(metrics_ws, make_goal(metric="signups", period="ytd", target=36000))
    assert ytd.method == "run rate"
    assert ytd.projection == pytest.approx(100 * 365)


def test_the_status_changes_with_the_data_and_every_change_is_kept(
        metrics_ws: Workspace, actors: dict[str, Actor], make_goal: Callable[..., int]) -> None:
    goal_id = make_goal(target=7000)
    with metrics_ws.session() as session:
        assert tracking.refresh(session, actors["member"], service.get(session, goal_id)).after == "green"  # type: ignore[union-attr]
    write_data(metrics_ws.settings.home / "data", orders=lambda d: 500.0 if d >= date(2026, 11, 1) else 1000.0)
    with metrics_ws.session() as session:
        change = tracking.refresh(session, actors["member"], service.get(session, goal_id))
        assert change is not None and (change.before, change.after, change.blindside) == ("green", "red", True)
        assert change.value == 3500
    with metrics_ws.session() as session:
        goal = service.get(session, goal_id)
        assert [(c.before, c.after) for c in goal.history] == [("unknown", "green"), ("green", "red")]
        assert tracking.refresh(session, actors["member"], goal) is None  # no change, no new entry


def test_the_owner_overrides_with_a_note_and_hands_it_back(metrics_ws: Workspace, actors: dict[str, Actor],
                                                           make_goal: Callable[..., int]) -> None:
    goal_id = make_goal(target=7000)
    with metrics_ws.session() as session, pytest.raises(InvalidInput, match=r"^note:"):
        tracking.set_status(session, actors["member"], goal_id, StatusIn(status="yellow"))
    with metrics_ws.session() as session, pytest.raises(PermissionDenied):
        tracking.set_status(session, actors["outsider"], goal_id, StatusIn(status="yellow", note="Mine."))
    with metrics_ws.session() as session:
        goal = tracking.set_status(session, actors["member"], goal_id,
                                   StatusIn(status="yellow", note="The holiday peak is not staffed yet."))
        assert (goal.status, goal.status_source) == ("yellow", "override")
        assert tracking.refresh(session, actors["member"], goal) is None  # the owner's word stands
    with metrics_ws.session() as session:
        goal = tracking.set_status(session, actors["member"], goal_id, StatusIn(status="computed"))
        assert (goal.status, goal.status_source) == ("green", "computed")
        assert [c.source for c in goal.history] == ["override", "cleared"]


def test_the_outcome_waits_for_the_date_and_a_drop_needs_a_reason(
        metrics_ws: Workspace, actors: dict[str, Actor], make_goal: Callable[..., int]) -> None:
    goal_id = make_goal(target=7000)
    with metrics_ws.session() as session, pytest.raises(Conflict, match="has not come"):
        tracking.record_outcome(session, actors["member"], goal_id, OutcomeIn(outcome="met"))
    with metrics_ws.session() as session, pytest.raises(InvalidInput, match=r"^reason:"):
        tracking.record_outcome(session, actors["member"], goal_id, OutcomeIn(outcome="dropped"))
    with metrics_ws.session() as session:
        goal = tracking.record_outcome(session, actors["member"], goal_id,
                                       OutcomeIn(outcome="dropped", reason="The market closed."))
        assert (goal.outcome, goal.outcome_reason) == ("dropped", "The market closed.")


def test_a_passed_goal_s_outcome_is_the_wbr_s_verdict(metrics_ws: Workspace, actors: dict[str, Actor],
                                                      make_goal: Callable[..., int]) -> None:
    missed = make_goal(target=7500, due="2026-10-31")
    with metrics_ws.session() as session:
        found = tracking.measurement(session, service.get(session, missed))
        assert found is not None and found.method == "actual" and found.week_ending == "2026-10-31"
        assert found.status.value == "red"
        with pytest.raises(InvalidInput, match="the WBR says not-met"):
            tracking.record_outcome(session, actors["member"], missed, OutcomeIn(outcome="met"))
    with metrics_ws.session() as session:
        goal = tracking.record_outcome(session, actors["member"], missed, OutcomeIn(outcome="not-met"))
        assert (goal.outcome, goal.outcome_value, goal.outcome_confirmed) == ("not-met", 7000, True)


def test_a_month_goal_is_judged_on_the_whole_month_its_date_falls_in(metrics_ws: Workspace,
                                                                     make_goal: Callable[..., int]) -> None:
    found = _measured(metrics_ws, make_goal(period="month", target=31000, due="2026-06-30"))
    # the deck of the first week ending after 30 June holds June whole: 30 days of 1,000 orders
    assert (found.value, found.method, found.week_ending, found.span) == (30000, "actual", "2026-07-04",
                                                                         "2026-06-01..2026-06-30")
    assert found.status.value == "red"
