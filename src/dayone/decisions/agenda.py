"""My week, from the decision log: approvals asked of a person, their own proposed decisions
to decide, their decisions due for a revisit (on its date, within the week ahead, or when its
metric condition holds), and escalations raised to them while the decision is open."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone import timezones
from dayone.agenda.items import AgendaItem
from dayone.auth.models import Role
from dayone.auth.permissions import Actor
from dayone.decisions import service
from dayone.decisions.models import Decision, DecisionApprover, DecisionStatus, DecisionType, Escalation

AHEAD = timedelta(days=7)  # a dated revisit shows from a week before its day
DOORS = {DecisionType.ONE_WAY.value: "One-way door (Type 1)", DecisionType.TWO_WAY.value: "Two-way door (Type 2)"}


def label(decision_type: str) -> str:
    """A door's name as the pages write it."""
    return DOORS.get(decision_type, decision_type)


def agenda_items(session: Session, person: Actor, now: datetime) -> list[AgendaItem]:
    """The decisions that wait on ``person`` (a member or admin: viewers neither decide nor approve)."""
    me = person.person_id
    if me is None or not person.at_least(Role.MEMBER):
        return []
    where = timezones.zone(person.time_zone)
    today = timezones.local_day(now, where)
    proposed = DecisionStatus.PROPOSED.value
    items = []
    asked = select(Decision).join(DecisionApprover).where(
        DecisionApprover.person_id == me, DecisionApprover.approved_at.is_(None), Decision.status == proposed,
        Decision.archived_at.is_(None))
    for d in session.scalars(asked):
        items.append(AgendaItem(kind="decision-approval", key=f"decision:{d.id}:approve", person_id=me,
                                title=f"Approve: {d.title}", url=f"/decisions/{d.id}", since=d.created_at,
                                detail=f"{label(d.decision_type)}; owner {d.owner.name}."))
    stuck_days = _stuck_days(session)
    for d in session.scalars(select(Decision).where(Decision.owner_id == me, Decision.status == proposed,
                                                 Decision.archived_at.is_(None))):
        two_way = d.decision_type == DecisionType.TWO_WAY.value
        missing = [] if two_way else service.missing_for_type1(session, d)
        items.append(AgendaItem(
            kind="decision-decide", key=f"decision:{d.id}:decide", person_id=me, title=f"Decide: {d.title}",
            url=f"/decisions/{d.id}", since=d.created_at, due=d.created_at + timedelta(days=stuck_days) if two_way
            else None, detail=(f"{label(d.decision_type)}: decide it fast; it can be changed." if two_way else
                               f"{label(d.decision_type)}; still needs " + "; ".join(missing) + "." if missing
                               else f"{label(d.decision_type)}: ready to decide.")))
    for d, reason in service.due_revisits(session, today + AHEAD, owner_id=me):
        dated = d.revisit_on is not None and d.revisit_on <= today + AHEAD
        items.append(AgendaItem(
            kind="decision-revisit", key=f"decision:{d.id}:revisit", person_id=me, title=f"Revisit: {d.title}",
            url=f"/decisions/{d.id}", since=d.decided_at or d.created_at,
            due=timezones.start_of_day(d.revisit_on, where) if dated and d.revisit_on else None,
            detail=f"Revisit on {d.revisit_on:%d %B %Y}: keep, change or reverse it." if dated and d.revisit_on
            else f"Revisit now: {reason}."))
    raised = select(Escalation, Decision).join(Decision).where(Escalation.to_person_id == me,
                                                               Decision.status == proposed,
                                                               Decision.archived_at.is_(None))
    for e, d in session.execute(raised):
        items.append(AgendaItem(kind="decision-escalation", key=f"decision:{d.id}:escalation:{e.id}", person_id=me,
                                title=f"Escalated to you: {d.title}", url=f"/decisions/{d.id}", since=e.raised_at,
                                detail=e.reason))
    return items


def _stuck_days(session: Session) -> int:
    """How long a two-way door may wait (DAYONE_TYPE2_STUCK_DAYS), from the workspace's settings."""
    from dayone.settings import Settings

    settings = session.info.get("settings")
    return (settings if isinstance(settings, Settings) else Settings()).type2_stuck_days
