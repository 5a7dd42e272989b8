"""The organization page's read model, kept until the next audited change.

Every change in Day One goes through a service that writes an audit event in the
same transaction, so the newest audit event id is a change counter: while it
stays the same, the overview computed for it is still exact. Each server process
checks it with one indexed query per request.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dayone.audit import AuditEvent
from dayone.findings import Finding, Level
from dayone.org import rules, service
from dayone.org.schemas import FindingsOut, InitiativeOut


@dataclass(frozen=True)
class TeamNode:
    id: int
    name: str
    parent_id: int | None
    size: int


@dataclass(frozen=True)
class OrgOverview:
    stamp: int
    teams: tuple[TeamNode, ...]
    initiatives: tuple[InitiativeOut, ...]
    findings: FindingsOut
    people_count: int

    def children(self) -> dict[int | None, list[TeamNode]]:
        tree: dict[int | None, list[TeamNode]] = {}
        for team in self.teams:
            tree.setdefault(team.parent_id, []).append(team)
        return tree


def findings_out(found: list[Finding]) -> FindingsOut:
    """The findings with counts per level, as the page and the API show them."""
    counts = {level.value: sum(1 for f in found if f.level == level) for level in Level}
    return FindingsOut.model_validate({"findings": [f.to_dict() for f in found], "counts": counts})


def change_stamp(session: Session) -> int:
    return session.scalar(select(func.max(AuditEvent.id))) or 0


def build(session: Session, limits: rules.OrgLimits, stamp: int) -> OrgOverview:
    teams = service.list_team_summaries(session)
    sizes = service.team_sizes(session)
    initiatives = service.list_initiatives(session)
    return OrgOverview(
        stamp=stamp,
        teams=tuple(TeamNode(t.id, t.name, t.parent_id, sizes.get(t.id, 0)) for t in teams),
        initiatives=tuple(InitiativeOut.of(i) for i in initiatives),
        findings=findings_out(rules.findings_for(initiatives, teams, sizes, limits)),
        people_count=service.count_people(session),
    )


class OverviewCache:
    """One overview per process, rebuilt when the change stamp moves."""

    def __init__(self) -> None:
        self._value: OrgOverview | None = None
        self._lock = threading.Lock()

    def get(self, session: Session, limits: rules.OrgLimits) -> OrgOverview:
        stamp = change_stamp(session)
        value = self._value
        if value is not None and value.stamp == stamp:
            return value
        value = build(session, limits, stamp)
        with self._lock:
            if self._value is None or self._value.stamp <= stamp:
                self._value = value
        return value
