"""The rules of goals: what a well-formed goal is, who owns and changes it.

A metric goal names a WBR metric of the workspace, a target of the metric's kind, the
period it is measured over and a date inside its plan's year; an initiative goal has
milestones and is owned by its initiative's single-threaded leader (a finding otherwise).
Bad input is refused with an error naming the field, and nothing changes.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone import audit
from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require_role
from dayone.errors import Conflict, InvalidInput, NotFound
from dayone.findings import Finding, Level, Location
from dayone.goals import plans
from dayone.goals.models import Goal, GoalKind, Period, Plan
from dayone.goals.schemas import GoalCreate, GoalEdit, Milestone
from dayone.metrics.spec import MetricsFile, MetricSpec
from dayone.org.fields import clean_text
from dayone.org.models import Initiative, Person

MAX_ID = plans.MAX_ID
PERCENTILE = re.compile(r"^p(\d{1,2}(\.\d+)?)$")
PERCENT_TARGET = re.compile(r"^\s*([-+]?\d+(\.\d+)?)\s*%\s*$")
METRIC_FIELDS = ("metric", "target", "period", "percentile")


def get(session: Session, goal_id: int) -> Goal:
    """The goal ``goal_id``; NotFound names the id."""
    found = session.get(Goal, goal_id) if 0 < goal_id <= MAX_ID else None
    if found is None:
        raise NotFound(f"No goal with id {goal_id}.")
    return found


def list_all(session: Session, *, plan_id: int | None = None, owner_id: int | None = None) -> list[Goal]:
    """Goals, by plan then id (of one plan, or one owner, when given)."""
    query = select(Goal)
    if plan_id is not None:
        query = query.where(Goal.plan_id == plan_id)
    if owner_id is not None:
        query = query.where(Goal.owner_id == owner_id)
    return list(session.scalars(query.order_by(Goal.plan_id, Goal.id)))


def workspace_metrics(session: Session) -> MetricsFile | None:
    """The workspace's WBR metrics, or None when it has none yet (or its file cannot be read)."""
    from dayone.errors import ValidationFailed
    from dayone.wbr import service as wbr

    try:
        return wbr.load(session)
    except (NotFound, ValidationFailed):
        return None


def _metric(session: Session, name: str | None) -> tuple[MetricSpec, MetricsFile]:
    wanted = (name or "").strip()
    if not wanted:
        raise InvalidInput("metric: a metric goal names a WBR metric.", field="metric")
    metrics = workspace_metrics(session)
    if metrics is None:
        raise InvalidInput(f"metric: the workspace has no WBR metrics to measure {wanted!r} by; an admin sets "
                           "them up on /wbr/metrics first.", field="metric")
    if wanted not in metrics.metrics:
        close = difflib.get_close_matches(wanted, list(metrics.metrics), n=1)
        listed = ", ".join(sorted(metrics.metrics)[:12])
        hint = f" Did you mean {close[0]!r}?" if close else f" The WBR's metrics: {listed}."
        raise InvalidInput(f"metric: the WBR has no metric {wanted!r}.{hint}", field="metric")
    return metrics.metrics[wanted], metrics


def is_rate(metric: MetricSpec) -> bool:
    """Whether the metric is a rate or a share (a percentage target fits it)."""
    return "%" in metric.format or metric.unit.strip() in ("%", "percent") or metric.derived == "ratio" \
        or metric.comparison == "bps"


def parse_target(metric: MetricSpec, value: float | str | None) -> float:
    """The target as a number in the metric's own unit: a plain number, or ``4.5%`` for a rate
    (stored as 0.045). Wrong kinds are named: a percentage for a count, a fraction of a count,
    words, infinity."""
    unit = f" ({metric.unit})" if metric.unit else ""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput(f"target: a metric goal needs a target in {metric.name}'s unit{unit}.", field="target")
    if isinstance(value, bool):
        raise InvalidInput("target: give a number, not true or false.", field="target")
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        percent = PERCENT_TARGET.match(text)
        if percent:
            if not is_rate(metric):
                raise InvalidInput(f"target: {value.strip()} is a percentage, but {metric.name} is not a rate "
                                   f"(it is a {metric.aggregation}{unit}); give a number of its unit, such as 1200.",
                                   field="target")
            number = float(percent.group(1)) / 100
        else:
            try:
                number = float(text)
            except ValueError:
                raise InvalidInput(f"target: {value.strip()!r} is not a number; give the target in "
                                   f"{metric.name}'s unit{unit}, such as 1200" +
                                   (" or 4.5%." if is_rate(metric) else "."), field="target") from None
    else:
        number = float(value)
    if not math.isfinite(number):
        raise InvalidInput("target: give a finite number.", field="target")
    if metric.aggregation in ("count", "count_distinct") and not metric.is_derived and number != int(number):
        raise InvalidInput(f"target: {number:g} is not a whole number, but {metric.name} counts rows; give a whole "
                           "number.", field="target")
    if metric.aggregation in ("count", "count_distinct") and not metric.is_derived and number < 0:
        raise InvalidInput(f"target: a count cannot be negative ({number:g}).", field="target")
    return number


def _percentile(metric: MetricSpec, given: str | None) -> str | None:
    own = metric.aggregation if PERCENTILE.match(metric.aggregation or "") else None
    text = (given or "").strip().lower()
    if not text:
        return own
    if own is None:
        raise InvalidInput(f"percentile: {metric.name} is a {metric.aggregation}, not a percentile; leave "
                           "percentile empty.", field="percentile")
    if text != own:
        raise InvalidInput(f"percentile: {metric.name} is the {own} of its rows, not the {text}; use {own} or "
                           "another metric.", field="percentile")
    return own


def _person(session: Session, person_id: int | None, field: str) -> Person:
    person = session.get(Person, person_id) if person_id is not None and 0 < person_id <= MAX_ID else None
    if person is None:
        raise InvalidInput(f"{field}: no person with id {person_id}; a goal has one owner, a person.", field=field)
    return person


def _initiative(session: Session, initiative_id: int | None) -> Initiative | None:
    if initiative_id is None:
        return None
    found = session.get(Initiative, initiative_id) if 0 < initiative_id <= MAX_ID else None
    if found is None:
        raise InvalidInput(f"initiative_id: no initiative with id {initiative_id}.", field="initiative_id")
    return found


def _check_due(session: Session, plan: Plan, due: Any) -> None:
    year = plans.year_of_plan(session, plan.year)
    if due < year.start:
        raise InvalidInput(f"due: {due.isoformat()} is before planning year {plan.year} "
                           f"({year.start.isoformat()} to {year.end.isoformat()}); give a date in it.", field="due")
    if due > year.end:
        raise InvalidInput(f"due: {due.isoformat()} is after planning year {plan.year} "
                           f"({year.start.isoformat()} to {year.end.isoformat()}); give a date in it, or put the "
                           "goal in next year's plan.", field="due")


def _milestones(items: Sequence[Milestone]) -> list[dict[str, Any]]:
    return [{"text": clean_text("milestones", m.text, max_length=500, required=True),
             "due": m.due.isoformat() if m.due else None, "done": m.done} for m in items]


def _apply(session: Session, goal: Goal, plan: Plan, fields: dict[str, Any]) -> None:
    """Check every field of a goal as it will be and set it; the first fault is raised, naming its field."""
    _check_due(session, plan, fields["due"])
    goal.text = clean_text("text", fields["text"], max_length=2000, required=True)
    goal.owner_id = _person(session, fields["owner_id"], "owner_id").id
    goal.due = fields["due"]
    goal.s_team = bool(fields["s_team"])
    if goal.kind == GoalKind.METRIC.value:
        if fields.get("initiative_id") is not None or fields.get("milestones"):
            raise InvalidInput("initiative_id: a metric goal has no initiative or milestones; write an initiative "
                               "goal for those.", field="initiative_id")
        metric, _ = _metric(session, fields["metric"])
        if not fields.get("period"):
            raise InvalidInput("period: say what the value is measured over: week, month, quarter or ytd.",
                               field="period")
        goal.metric, goal.period = metric.name, Period(fields["period"]).value
        goal.target = parse_target(metric, fields["target"])
        goal.percentile = _percentile(metric, fields.get("percentile"))
        goal.initiative_id, goal.milestones = None, []
    else:
        sent = [f for f in METRIC_FIELDS if fields.get(f) not in (None, "")]
        if sent:
            raise InvalidInput(f"{sent[0]}: an initiative goal has no {', '.join(sent)}; write a metric goal to be "
                               "measured by a WBR metric.", field=sent[0])
        initiative = _initiative(session, fields.get("initiative_id"))
        goal.initiative_id = initiative.id if initiative else None
        goal.milestones = _milestones(fields.get("milestones") or [])


def _require_goal_editor(session: Session, actor: Actor, goal: Goal, doing: str) -> None:
    if actor.person_id is not None and actor.person_id == goal.owner_id and actor.at_least(Role.MEMBER):
        return
    plans.require_editor(session, actor, goal.plan, doing)


def create(session: Session, actor: Actor, data: GoalCreate) -> Goal:
    """A new goal in a plan (the plan's team or an admin writes it)."""
    require_role(actor, Role.MEMBER, "write goals")
    try:
        plan = plans.get(session, data.plan_id)
    except NotFound:
        raise InvalidInput(f"plan_id: no plan with id {data.plan_id}.", field="plan_id") from None
    plans.require_editor(session, actor, plan, "add goals")
    goal = Goal(kind=data.kind, milestones=[], status_source="computed", status="unknown")
    fields = data.model_dump()
    fields["owner_id"] = data.owner_id or actor.person_id
    fields["milestones"] = data.milestones
    with session.no_autoflush:
        _apply(session, goal, plan, fields)  # nothing is added to the session until every field is right
    goal.plan_id = plan.id
    session.add(goal)
    session.flush()
    audit.record(session, actor, "create", "goal", goal.id, f"{goal.kind} goal in {plan.title!r}: {goal.text[:200]}")
    return goal


def _fields_of(goal: Goal) -> dict[str, Any]:
    return {"text": goal.text, "owner_id": goal.owner_id, "due": goal.due, "metric": goal.metric,
            "target": goal.target, "period": goal.period, "percentile": goal.percentile,
            "initiative_id": goal.initiative_id,
            "milestones": [Milestone.model_validate(m) for m in goal.milestones or []], "s_team": goal.s_team}


def edit(session: Session, actor: Actor, goal_id: int, data: GoalEdit) -> Goal:
    """Change a goal (its owner or its plan's team); a stale version is refused."""
    goal = get(session, goal_id)
    _require_goal_editor(session, actor, goal, "edit the goal")
    if data.version != goal.version:
        raise Conflict(f"This goal was changed since you loaded it (you edited version {data.version}, it is now "
                       f"at version {goal.version}). Reload it and apply your edit again.",
                       details={"current_version": goal.version, "your_version": data.version})
    before = plans.snapshot(goal)
    fields = _fields_of(goal)
    for name in data.model_fields_set - {"version", "action"}:
        fields[name] = getattr(data, name)
    if fields["s_team"] is None:
        fields["s_team"] = goal.s_team
    if bool(fields["s_team"]) != goal.s_team:  # it changes the plan's S-Team share: the plan's team decides
        plans.require_editor(session, actor, goal.plan, "promote a goal to S-Team or take it back")
    with session.no_autoflush:
        _apply(session, goal, goal.plan, fields)
        if "action" in data.model_fields_set:
            goal.action = clean_text("action", data.action, max_length=5000)
    session.flush()
    after = plans.snapshot(goal)
    changed = [k for k in after if before[k] != after[k]]
    audit.record(session, actor, "edit", "goal", goal.id, f"edited {', '.join(changed) or 'nothing'}",
                 before={k: before[k] for k in changed}, after={k: after[k] for k in changed})
    return goal


def remove(session: Session, actor: Actor, goal_id: int) -> None:
    """Take a goal out of its plan (while planning; a goal given up during the year is dropped instead)."""
    goal = get(session, goal_id)
    plans.require_editor(session, actor, goal.plan, "remove goals")
    audit.record(session, actor, "delete", "goal", goal.id, f"removed goal {goal.text[:200]!r}")
    session.delete(goal)
    session.flush()


def goal_wording_findings(text: str, *, owners: Sequence[str] = (), settings: Any = None) -> list[Finding]:
    """The writing checker's goal rules on a goal's text (no number, no date, a vague verb…)."""
    from dayone.documents.checks.goals import check_goal

    return list(check_goal(text, owners=owners, settings=settings))


def findings(session: Session, goal: Goal) -> list[Finding]:
    """What to fix in a goal: its wording, and an initiative goal not owned by its single-threaded leader."""
    found = goal_wording_findings(goal.text, owners=[goal.owner.name])
    where = Location(field="owner_id")
    if goal.kind == GoalKind.INITIATIVE.value:
        initiative = goal.initiative
        if initiative is None:
            found.append(Finding(Level.WARNING, "goal-no-initiative", "This initiative goal names no initiative, so "
                                 "no single-threaded leader is accountable for it.", Location(field="initiative_id"),
                                 "Choose the initiative it belongs to."))
        elif initiative.leader_id is None:
            found.append(Finding(Level.WARNING, "goal-initiative-no-leader", f"The initiative {initiative.name!r} has "
                                 "no single-threaded leader to own this goal.", where,
                                 "Name the initiative's leader, then make them the goal's owner."))
        elif initiative.leader_id != goal.owner_id:
            leader = initiative.leader.name if initiative.leader else "its leader"
            found.append(Finding(Level.WARNING, "goal-owner-not-leader", f"{goal.owner.name} owns this goal, but "
                                 f"{initiative.name!r} is led by {leader}: an initiative goal is owned by its "
                                 "single-threaded leader.", where, f"Make {leader} the owner."))
    return found
