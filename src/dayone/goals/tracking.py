"""Goals measured, not typed: each metric goal's status computed from the WBR, the owner's
override with a note, every change kept, a green-to-red jump flagged, and the outcome.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from dayone import audit
from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require
from dayone.db.base import utcnow
from dayone.errors import Conflict, InvalidInput, NotFound, UserError
from dayone.goals import plans, service
from dayone.goals.measure import Measurement, calendar_of, judging_week, measure, meets
from dayone.goals.models import Goal, GoalKind, Outcome, Period, Status, StatusChange
from dayone.goals.schemas import OutcomeIn, StatusIn
from dayone.org.fields import clean_text


def measurement(session: Session, goal: Goal, actor: Actor | None = None) -> Measurement | None:
    """The WBR's word on a metric goal today (None for an initiative goal). A goal whose date
    has passed is read from the deck of the last week ending on or before its date."""
    from dayone.wbr import service as wbr

    if goal.kind != GoalKind.METRIC.value or goal.metric is None or goal.target is None or goal.period is None:
        return None
    metrics = service.workspace_metrics(session)
    if metrics is None:
        return Measurement(None, None, None, None, "none", Status.UNKNOWN, "the workspace's WBR cannot be read")
    margin = plans.settings_of(session).goals_yellow_margin
    period = Period(goal.period)
    try:
        numbers = wbr.deck(session, None, actor=actor)
        as_of = date.fromisoformat(str(numbers["week_ending"]))
        judged = judging_week(calendar_of(metrics), period, goal.due)
        passed = judged <= as_of
        if passed and judged != as_of:
            numbers = wbr.deck(session, judged, actor=actor)
    except UserError as exc:
        return Measurement(None, None, None, None, "none", Status.UNKNOWN,
                           f"the WBR could not be computed: {exc.message}")
    return measure(numbers, metrics, metric=goal.metric, period=period, target=goal.target,
                   due=goal.due, margin=margin, passed=passed)


def _change(session: Session, goal: Goal, after: str, *, source: str, note: str, by: str,
            found: Measurement | None = None) -> StatusChange | None:
    goal.status_at = utcnow()
    if after == goal.status and source == "computed":
        return None
    change = StatusChange(goal_id=goal.id, before=goal.status, after=after, source=source, note=note, by=by,
                          value=found.value if found else None, projection=found.projection if found else None,
                          blindside=goal.status == Status.GREEN.value and after == Status.RED.value)
    goal.history.append(change)
    goal.status = after
    return change


def refresh(session: Session, actor: Actor, goal: Goal) -> StatusChange | None:
    """Measure a metric goal again and keep its new status (while its owner has not set one)."""
    found = measurement(session, goal, actor)
    if found is None or goal.outcome is not None:
        return None
    if goal.status_source == "override":  # the owner's word stands until they hand it back
        return None
    change = _change(session, goal, found.status.value, source="computed", note=found.reason, by=actor.label,
                     found=found)
    if change is not None:
        audit.record(session, actor, "status", "goal", goal.id, f"computed {change.before} → {change.after}"
                     + (" (blindside: green straight to red)" if change.blindside else ""))
    if goal.due <= utcnow().date() and found.value is not None and goal.outcome_value is None:
        goal.outcome_value = found.value
    return change


def refresh_plan(session: Session, actor: Actor, plan_id: int) -> list[StatusChange]:
    """Measure every metric goal of a plan again; the changes made."""
    plan = plans.get(session, plan_id)
    made = [refresh(session, actor, g) for g in plan.goals]
    session.flush()
    return [c for c in made if c is not None]


def _owner_who_writes(actor: Actor, goal: Goal) -> bool:
    """The goal's owner, signed in with a role that writes (viewers record nothing)."""
    return actor.person_id is not None and actor.person_id == goal.owner_id and actor.at_least(Role.MEMBER)


def set_status(session: Session, actor: Actor, goal_id: int, data: StatusIn) -> Goal:
    """The owner's status with a note (required), or ``computed`` to hand it back to the data."""
    goal = service.get(session, goal_id)
    require(_owner_who_writes(actor, goal) or actor.is_admin,
            f"set the status of goal {goal.id}: only its owner may (a member, not a viewer)")
    note = clean_text("note", data.note, max_length=5000)
    if data.status == "computed":
        goal.status_source, goal.status_note = "computed", note
        found = measurement(session, goal, actor)
        after = found.status.value if found else Status.UNKNOWN.value
        if goal.kind == GoalKind.INITIATIVE.value:
            raise InvalidInput("status: an initiative goal's status is its owner's; choose green, yellow or red.",
                               field="status")
        _change(session, goal, after, source="cleared", note=note or "handed back to the data", by=actor.label,
                found=found)
    else:
        if not note:
            raise InvalidInput("note: say why the status is " + data.status + "; the note is kept with the change.",
                               field="note")
        goal.status_source = "override" if goal.kind == GoalKind.METRIC.value else "owner"
        goal.status_note = note
        change = _change(session, goal, data.status, source="override", note=note, by=actor.label,
                         found=measurement(session, goal, actor))
        if change is not None and change.blindside:
            audit.record(session, actor, "blindside", "goal", goal.id, "green straight to red")
    audit.record(session, actor, "status", "goal", goal.id, f"status {goal.status} set: {note[:200]}")
    session.flush()
    return goal


def record_outcome(session: Session, actor: Actor, goal_id: int, data: OutcomeIn) -> Goal:
    """Met or not met at the goal's date (for a metric goal: the WBR's verdict, confirmed by the
    owner), or dropped at any time with a reason."""
    goal = service.get(session, goal_id)
    require(_owner_who_writes(actor, goal) or actor.is_admin,
            f"record the outcome of goal {goal.id}: only its owner may (a member, not a viewer)")
    reason = clean_text("reason", data.reason, max_length=5000)
    if goal.outcome is not None:
        raise Conflict(f"Goal {goal.id} is {goal.outcome} already.")
    if data.outcome == Outcome.DROPPED.value:
        if not reason:
            raise InvalidInput("reason: say why the goal is dropped; the reason is kept.", field="reason")
    elif goal.kind == GoalKind.METRIC.value:
        found = measurement(session, goal, actor)
        if goal.due > utcnow().date() or found is None or found.method != "actual":
            raise Conflict(f"outcome: the goal's date ({goal.due.isoformat()}) has not come, or the WBR has no week "
                           "after it yet; record met or not met then, or drop it with a reason.")
        if found.value is None or goal.target is None:
            raise Conflict(f"outcome: the WBR has no value for the goal's period: {found.reason}.")
        computed = Outcome.MET if meets(found.value, goal.target, _direction(session, goal)) else Outcome.NOT_MET
        if data.outcome != computed.value:
            raise InvalidInput(f"outcome: the WBR says {computed.value} ({goal.metric} is {found.value:g} against "
                               f"{goal.target:g}); confirm {computed.value}, or drop the goal with a reason.",
                               field="outcome")
        goal.outcome_value = found.value
    elif data.outcome == Outcome.NOT_MET.value and goal.due > utcnow().date():
        raise InvalidInput(f"outcome: the goal's date ({goal.due.isoformat()}) has not come; drop it with a reason "
                           "if it is given up.", field="outcome")
    goal.outcome, goal.outcome_reason, goal.outcome_confirmed = data.outcome, reason, True
    audit.record(session, actor, "outcome", "goal", goal.id,
                 f"outcome {data.outcome}" + (f": {reason}" if reason else ""))
    session.flush()
    return goal


def _direction(session: Session, goal: Goal) -> str:
    metrics = service.workspace_metrics(session)
    if metrics is None or goal.metric not in metrics.metrics:
        raise NotFound(f"The WBR has no metric {goal.metric!r} any more.")
    return metrics.metrics[goal.metric].direction


def with_goals(session: Session, deck: dict[str, Any]) -> dict[str, Any]:
    """The deck with each metric's open goals (``report["goals"]``: target, period, date,
    status), for its chart and summary box; the deck given is not changed (it is shared)."""
    from sqlalchemy import select

    found: dict[str, list[dict[str, Any]]] = {}
    goals = session.scalars(select(Goal).where(Goal.kind == GoalKind.METRIC.value, Goal.outcome.is_(None))
                            .order_by(Goal.due, Goal.id))
    for goal in goals:
        if goal.metric is not None and goal.metric in deck.get("metrics", {}):
            found.setdefault(goal.metric, []).append({"id": goal.id, "target": goal.target, "period": goal.period,
                                                      "due": goal.due.isoformat(), "status": goal.status})
    if not found:
        return deck
    return {**deck, "metrics": {name: {**m, "goals": found[name]} if name in found else m
                                for name, m in deck["metrics"].items()}}
