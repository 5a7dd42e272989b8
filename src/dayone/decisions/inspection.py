"""Inspecting the decision log: how long decisions take by type, and where the process
fails the way the book warns — two-way doors stuck in one-way-door process, and one-way
doors decided without their document, review or approvals."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from dayone.db.base import utcnow
from dayone.decisions.models import Decision, DecisionStatus, DecisionType
from dayone.decisions.service import missing_for_type1
from dayone.findings import Finding, Level, Location


@dataclass(frozen=True)
class TypeStats:
    decision_type: str
    decided: int
    open: int
    median_days: float | None
    p90_days: float | None


def _days(decision: Decision) -> float | None:
    if decision.decided_at is None:
        return None
    return (decision.decided_at - decision.created_at).total_seconds() / 86400


def stats(decisions: list[Decision]) -> list[TypeStats]:
    out = []
    for kind in DecisionType:
        mine = [d for d in decisions if d.decision_type == kind.value]
        days = sorted(x for d in mine if (x := _days(d)) is not None)
        p90 = statistics.quantiles(days, n=10, method="inclusive")[8] if len(days) >= 2 else (
            days[0] if days else None)
        out.append(TypeStats(kind.value, len(days),
                             sum(d.status == DecisionStatus.PROPOSED.value for d in mine),
                             round(statistics.median(days), 1) if days else None,
                             round(p90, 1) if p90 is not None else None))
    return out


def findings(session: Session, decisions: list[Decision], *, stuck_days: int,
             now: datetime | None = None) -> list[Finding]:
    now = now or utcnow()
    found = []
    for d in decisions:
        where = Location(record_type="decision", record_id=d.id, record_name=d.title)
        waited = (now - d.created_at).total_seconds() / 86400
        # the failure mode the book warns about: a reversible decision waiting on process
        reversible = DecisionType.TWO_WAY.value in (d.decision_type, d.proposed_type)
        if reversible and d.status == DecisionStatus.PROPOSED.value and waited > stuck_days:
            heavy = d.decision_type == DecisionType.ONE_WAY.value
            how = " but runs through one-way-door process" if heavy else ""
            found.append(Finding(
                Level.WARNING, "two-way-door-waiting",
                f"{d.title} is a two-way door{how} and has waited {waited:.0f} days for a decision "
                f"(limit {stuck_days}): reversible decisions made slowly are how organizations slow down.",
                where, f"{d.owner.name} decides it now; it can be changed if it turns out wrong."))
            continue
        if d.decision_type == DecisionType.ONE_WAY.value:
            missing = missing_for_type1(session, d)
            if missing:
                level = Level.ERROR if d.status != DecisionStatus.PROPOSED.value else Level.WARNING
                verb = "was decided without" if level is Level.ERROR else "still needs"
                found.append(Finding(level, "one-way-door-unprepared",
                                     f"{d.title} is a one-way door and {verb} " + "; ".join(missing) + ".",
                                     where, "Write the narrative, review it, and get the approvers' sign-off."))
    return found
