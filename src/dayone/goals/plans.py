"""Plans: a team's or the company's plan for a planning year, its narrative, its versions.

A plan starts as OP1. Starting OP2 seals the goals as they stand into version 1 (OP1) and
goes on with the same goals, so the changes between OP1 and OP2 (goals added, removed,
changed) are always a comparison of two lists of goals.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dayone import audit
from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require, require_role
from dayone.errors import Conflict, InvalidInput, NotFound
from dayone.goals.cycle import PlanningYear, planning_year
from dayone.goals.models import Goal, Plan, PlanVersion
from dayone.goals.schemas import PlanCreate, PlanEdit
from dayone.org.fields import clean_text
from dayone.org.models import Team
from dayone.settings import Settings

MAX_ID = 2**31 - 1
COMPARED = ("kind", "text", "owner", "due", "metric", "target", "period", "percentile", "initiative_id",
            "milestones", "s_team")


def settings_of(session: Session) -> Settings:
    """The workspace's settings (each session carries them in ``info``), else the defaults."""
    found = session.info.get("settings")
    return found if isinstance(found, Settings) else Settings()


def year_of_plan(session: Session, year: int) -> PlanningYear:
    """Planning year ``year`` under the workspace's cycle settings."""
    s = settings_of(session)
    return planning_year(year, start_month=s.goals_year_start_month, op1_due=s.goals_op1_due,
                         op2_due=s.goals_op2_due)


def get(session: Session, plan_id: int) -> Plan:
    """The plan ``plan_id`` with its goals; NotFound names the id."""
    found = session.get(Plan, plan_id, options=[selectinload(Plan.goals).selectinload(Goal.history),
                                                selectinload(Plan.versions)]) if 0 < plan_id <= MAX_ID else None
    if found is None:
        raise NotFound(f"No plan with id {plan_id}.")
    return found


def list_all(session: Session, year: int | None = None) -> list[Plan]:
    """Every plan (of ``year`` when given): newest year first, the company's plan first."""
    query = select(Plan).options(selectinload(Plan.goals), selectinload(Plan.versions))
    if year is not None:
        query = query.where(Plan.year == year)
    return list(session.scalars(query.order_by(Plan.year.desc(), Plan.team_key, Plan.id)))


def may_edit(session: Session, actor: Actor, plan: Plan) -> bool:
    """Admins edit every plan; members edit their own team's (and its sub-teams')."""
    from dayone.org import service as org

    if actor.is_admin:
        return True
    return plan.team is not None and org.can_edit_team(session, actor, plan.team)


def require_editor(session: Session, actor: Actor, plan: Plan, doing: str) -> None:
    """PermissionDenied unless the actor may edit ``plan``."""
    whose = f"the {plan.team.name} team" if plan.team else "the company (admins)"
    require(may_edit(session, actor, plan), f"{doing} in {plan.title!r}: only {whose} may")


def _document(session: Session, actor: Actor, document_id: int | None) -> int | None:
    from dayone.documents import service as documents

    if document_id is None:
        return None
    try:
        if not 0 < document_id <= MAX_ID:
            raise NotFound("out of range")
        documents.get(session, actor, document_id)
    except NotFound:
        raise InvalidInput(f"document_id: no document you can read has id {document_id}; write the plan's "
                           "narrative on /documents first.", field="document_id") from None
    return document_id


def create(session: Session, actor: Actor, data: PlanCreate) -> Plan:
    """A new plan (OP1) for a team, or the company when ``team_id`` is None."""
    require_role(actor, Role.MEMBER, "write plans")
    year_of_plan(session, data.year)  # a year out of range is named
    team = None
    if data.team_id is not None:
        team = session.get(Team, data.team_id) if 0 < data.team_id <= MAX_ID else None
        if team is None:
            raise InvalidInput(f"team_id: no team with id {data.team_id}.", field="team_id")
    plan = Plan(year=data.year, team_id=team.id if team else None, team_key=team.id if team else 0,
                title=clean_text("title", data.title, max_length=200) or
                f"{team.name if team else 'Company'} plan {data.year}")
    plan.team = team
    require_editor(session, actor, plan, "write a plan")
    if session.scalar(select(Plan.id).where(Plan.year == data.year, Plan.team_key == plan.team_key)):
        raise Conflict(f"year: {plan.team.name if team else 'the company'} already has a plan for {data.year}; "  # type: ignore[union-attr]
                       "open it and add goals there, or start its OP2.", details=[{"field": "year"}])
    plan.document_id = _document(session, actor, data.document_id)
    session.add(plan)
    session.flush()
    audit.record(session, actor, "create", "plan", plan.id, f"plan {plan.title!r} ({data.year})")
    return plan


def edit(session: Session, actor: Actor, plan_id: int, data: PlanEdit) -> Plan:
    """Change a plan's title or its narrative."""
    plan = get(session, plan_id)
    require_editor(session, actor, plan, "edit the plan")
    if "title" in data.model_fields_set and data.title is not None:
        plan.title = clean_text("title", data.title, max_length=200, required=True)
    if "document_id" in data.model_fields_set:
        plan.document_id = _document(session, actor, data.document_id)
    audit.record(session, actor, "edit", "plan", plan.id, f"edited plan {plan.title!r}")
    session.flush()
    return plan


def snapshot(goal: Goal) -> dict[str, Any]:
    """A goal as a version keeps it."""
    return {"id": goal.id, "kind": goal.kind, "text": goal.text, "owner": goal.owner.name,
            "due": goal.due.isoformat(), "metric": goal.metric, "target": goal.target, "period": goal.period,
            "percentile": goal.percentile, "initiative_id": goal.initiative_id,
            "milestones": list(goal.milestones or []), "s_team": goal.s_team}


def start_op2(session: Session, actor: Actor, plan_id: int) -> Plan:
    """Seal the goals as they stand as OP1 (version 1) and go on with them as OP2."""
    plan = get(session, plan_id)
    require_editor(session, actor, plan, "start OP2")
    if plan.stage != "OP1":
        raise Conflict(f"{plan.title!r} is at {plan.stage} already; compare its versions on its page.")
    plan.versions.append(PlanVersion(number=len(plan.versions) + 1, label="OP1",
                                     goals=[snapshot(g) for g in plan.goals], sealed_by=actor.label))
    plan.stage = "OP2"
    audit.record(session, actor, "op2", "plan", plan.id, f"OP1 of {plan.title!r} sealed; OP2 started")
    session.flush()
    return plan


def goals_of(plan: Plan, version: str) -> tuple[str, list[dict[str, Any]]]:
    """A version's goals: ``current`` (the live ones) or a sealed version's number or label."""
    if version in ("current", plan.stage):
        return f"{plan.stage} (current)", [snapshot(g) for g in plan.goals]
    for sealed in plan.versions:
        if version in (str(sealed.number), sealed.label):
            return sealed.label, list(sealed.goals)
    raise NotFound(f"{plan.title!r} has no version {version!r}; its versions are "
                   f"{', '.join([*(v.label for v in plan.versions), 'current'])}.")


def diff(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Goals added, removed and changed (with each changed field's before and after)."""
    old, new = {g["id"]: g for g in before}, {g["id"]: g for g in after}
    changed = []
    for goal_id in old.keys() & new.keys():
        fields = {k: [old[goal_id].get(k), new[goal_id].get(k)] for k in COMPARED
                  if old[goal_id].get(k) != new[goal_id].get(k)}
        if fields:
            changed.append({"id": goal_id, "text": new[goal_id]["text"], "fields": fields})
    return {"added": [new[i] for i in sorted(new.keys() - old.keys())],
            "removed": [old[i] for i in sorted(old.keys() - new.keys())],
            "changed": sorted(changed, key=lambda c: c["id"])}


def compare(session: Session, plan_id: int, left: str = "OP1", right: str = "current") -> dict[str, Any]:
    """The changes from version ``left`` to ``right`` of a plan."""
    plan = get(session, plan_id)
    left_label, before = goals_of(plan, left)
    right_label, after = goals_of(plan, right)
    return {"left": left_label, "right": right_label, **diff(before, after)}
