"""Writing goals: a metric goal's fields checked against the WBR and the plan's year, and every
bad input refused with an error that names its field while nothing changes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dayone.auth.permissions import Actor
from dayone.errors import InvalidInput, PermissionDenied
from dayone.goals import plans, service
from dayone.goals.schemas import GoalCreate, GoalEdit
from dayone.org.models import Initiative
from dayone.workspace import Workspace


def _count(ws: Workspace) -> int:
    with ws.session() as session:
        return len(service.list_all(session))


def test_a_metric_goal_is_stored_with_its_fields(metrics_ws: Workspace, make_goal: Callable[..., int]) -> None:
    goal_id = make_goal(target="7,000")
    with metrics_ws.session() as session:
        goal = service.get(session, goal_id)
        assert (goal.metric, goal.target, goal.period, goal.owner.email) == ("orders", 7000.0, "week",
                                                                              "max@example.com")


@pytest.mark.parametrize(("fields", "field", "words"), [
    ({"metric": "ordrs"}, "metric", "Did you mean 'orders'?"),
    ({"metric": ""}, "metric", "names a WBR metric"),
    ({"due": "2025-12-31"}, "due", "before planning year 2026 (2026-01-01 to 2026-12-31)"),
    ({"due": "2027-01-01"}, "due", "after planning year 2026"),
    ({"target": "5%"}, "target", "is a percentage, but orders is not a rate"),
    ({"target": "lots"}, "target", "'lots' is not a number"),
    ({"metric": "order_days", "target": 6.5}, "target", "not a whole number, but order_days counts rows"),
    ({"metric": "order_days", "target": "50%"}, "target", "order_days is not a rate"),
    ({"target": None}, "target", "needs a target"),
    ({"target": "inf"}, "target", "finite"),
    ({"period": None}, "period", "week, month, quarter or ytd"),
    ({"percentile": "p90"}, "percentile", "not a percentile"),
    ({"metric": "latency", "target": 180, "percentile": "p50"}, "percentile", "the p90 of its rows"),
    ({"owner_id": 999999}, "owner_id", "no person with id 999999"),
    ({"kind": "initiative"}, "metric", "an initiative goal has no metric"),
    ({"plan_id": 424242}, "plan_id", "no plan with id 424242"),
])
def test_bad_input_names_the_field_and_changes_nothing(metrics_ws: Workspace, make_goal: Callable[..., int],
                                                       fields: dict, field: str, words: str) -> None:
    before = _count(metrics_ws)
    with pytest.raises(InvalidInput) as caught:
        make_goal(**fields)
    assert caught.value.message.startswith(f"{field}:"), caught.value.message
    assert words in caught.value.message
    assert _count(metrics_ws) == before


def test_a_percentage_target_fits_a_rate_and_a_percentile_is_taken_from_the_metric(
        metrics_ws: Workspace, make_goal: Callable[..., int]) -> None:
    rate = make_goal(metric="conversion", target="12.5%")
    p90 = make_goal(metric="latency", target=180, text="Bring p90 latency to 180 ms by 31 December 2026.")
    with metrics_ws.session() as session:
        assert service.get(session, rate).target == pytest.approx(0.125)
        assert service.get(session, p90).percentile == "p90"


def test_a_viewer_and_an_outsider_cannot_add_goals(metrics_ws: Workspace, actors: dict[str, Actor],
                                                   plan_id: int) -> None:
    data = GoalCreate.model_validate({"plan_id": plan_id, "kind": "initiative", "text": "Ship X by 1 May 2026.",
                                      "due": "2026-05-01"})
    for role in ("viewer", "outsider"):
        with metrics_ws.session() as session, pytest.raises(PermissionDenied):
            service.create(session, actors[role], data)


def test_an_initiative_goal_not_owned_by_its_leader_is_a_finding(metrics_ws: Workspace, actors: dict[str, Actor],
                                                                 plan_id: int) -> None:
    with metrics_ws.session() as session:
        initiative = Initiative(name="Fast checkout", leader_id=actors["admin"].person_id)
        session.add(initiative)
        session.flush()
        goal = service.create(session, actors["member"], GoalCreate.model_validate({
            "plan_id": plan_id, "kind": "initiative",
            "text": "Launch one-click checkout in 3 countries by 1 June 2026.",
            "due": "2026-06-01", "initiative_id": initiative.id,
            "milestones": [{"text": "Beta in one country", "due": "2026-03-01"}]}))
        codes = [f.code for f in service.findings(session, goal)]
        assert "goal-owner-not-leader" in codes
        goal.owner_id = actors["admin"].person_id or 0
        session.flush()
        session.refresh(goal)
        assert "goal-owner-not-leader" not in [f.code for f in service.findings(session, goal)]


def test_a_stale_edit_is_refused_and_an_edit_is_checked_like_a_new_goal(
        metrics_ws: Workspace, actors: dict[str, Actor], make_goal: Callable[..., int]) -> None:
    goal_id = make_goal()
    with metrics_ws.session() as session:
        goal = service.edit(session, actors["member"], goal_id, GoalEdit(version=1, target=7500))
        assert goal.target == 7500
    with metrics_ws.session() as session, pytest.raises(InvalidInput, match=r"^due:"):
        service.edit(session, actors["member"], goal_id, GoalEdit(version=2, due="2030-01-01"))
    with metrics_ws.session() as session:
        assert service.get(session, goal_id).due.isoformat() == "2026-12-31"
        from dayone.errors import Conflict
        with pytest.raises(Conflict):
            service.edit(session, actors["member"], goal_id, GoalEdit(version=1, target=1))


def test_op2_seals_op1_and_the_changes_are_shown(metrics_ws: Workspace, actors: dict[str, Actor],
                                                 make_goal: Callable[..., int], plan_id: int) -> None:
    kept, changed, removed = make_goal(), make_goal(target=6000), make_goal(target=5000)
    with metrics_ws.session() as session:
        plans.start_op2(session, actors["member"], plan_id)
    added = make_goal(target=8000)
    with metrics_ws.session() as session:
        service.edit(session, actors["member"], changed, GoalEdit(version=1, target=6500))
        service.remove(session, actors["member"], removed)
    with metrics_ws.session() as session:
        found = plans.compare(session, plan_id, "OP1", "current")
    assert [g["id"] for g in found["added"]] == [added]
    assert [g["id"] for g in found["removed"]] == [removed]
    assert found["changed"] == [{"id": changed, "text": "Reach 7,000 orders a week by 31 December 2026.",
                                 "fields": {"target": [6000.0, 6500.0]}}]
    assert kept not in [g["id"] for g in found["added"] + found["removed"]]


def test_a_vague_goal_gets_the_wording_checker_s_findings(metrics_ws: Workspace, make_goal: Callable[..., int]
                                                          ) -> None:
    vague, precise = make_goal(text="Improve orders."), make_goal()
    with metrics_ws.session() as session:
        codes = {f.code for f in service.findings(session, service.get(session, vague))}
        assert {"goal-vague-verb", "goal-no-number", "goal-no-date"} <= codes
        assert not {f.code for f in service.findings(session, service.get(session, precise))} & codes


def test_an_owner_who_is_a_viewer_records_nothing_and_only_the_plan_s_team_promotes(
        metrics_ws: Workspace, actors: dict[str, Actor], make_goal: Callable[..., int]) -> None:
    """A viewer who owns a goal may not override its status, record its outcome or drop it (viewers
    record nothing); an owner outside the plan's team may edit their goal but not change the
    plan's S-Team share. Each refusal changes nothing."""
    from dayone.goals import tracking
    from dayone.goals.schemas import OutcomeIn, StatusIn

    with metrics_ws.session() as session:
        viewer_id = actors["viewer"].person_id
        outsider_id = actors["outsider"].person_id
    for_viewer, for_outsider = make_goal(owner_id=viewer_id), make_goal(owner_id=outsider_id)
    with metrics_ws.session() as session:
        with pytest.raises(PermissionDenied, match="not a viewer"):
            tracking.set_status(session, actors["viewer"], for_viewer, StatusIn(status="red", note="n"))
        with pytest.raises(PermissionDenied, match="not a viewer"):
            tracking.record_outcome(session, actors["viewer"], for_viewer,
                                    OutcomeIn(outcome="dropped", reason="r"))
        goal = service.get(session, for_viewer)
        assert goal.outcome is None and goal.status_source == "computed"
        with pytest.raises(PermissionDenied):
            service.edit(session, actors["outsider"], for_outsider, GoalEdit(version=1, s_team=True))
        session.rollback()
        assert service.get(session, for_outsider).s_team is False
        edited = service.edit(session, actors["outsider"], for_outsider,
                                GoalEdit(version=1, text="Reach 7,100 orders a week by 31 December 2026."))
        assert edited.text.startswith("Reach 7,100") and edited.s_team is False
        promoted = service.edit(session, actors["member"], for_outsider, GoalEdit(version=2, s_team=True))
        assert promoted.s_team is True
