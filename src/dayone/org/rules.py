"""Where the organization breaks the book's rules, each as a Finding with a reason.

- every initiative that is not finished has exactly one single-threaded leader;
- a single-threaded leader leads one active initiative: the role is a sole focus;
- a team is small enough to feed with two pizzas;
- a team is separable: it does not depend on many other teams to ship.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from dayone.findings import Finding, Level, Location
from dayone.org.models import Initiative, InitiativeStatus, Person, Team
from dayone.org.service import list_initiatives, list_team_summaries, team_sizes

UNFINISHED = {InitiativeStatus.PROPOSED, InitiativeStatus.ACTIVE, InitiativeStatus.PAUSED}


@dataclass(frozen=True)
class OrgLimits:
    max_team_size: int = 10
    max_team_dependencies: int = 3


def _where(kind: str, record: Person | Team | Initiative) -> Location:
    return Location(record_type=kind, record_id=record.id, record_name=record.name)


def initiative_findings(initiatives: list[Initiative]) -> list[Finding]:
    findings = []
    for item in initiatives:
        if InitiativeStatus(item.status) not in UNFINISHED:
            continue
        if item.leader is None:
            only = (f" (only co-leaders: {', '.join(p.name for p in item.co_leaders)})"
                    if item.co_leaders else "")
            findings.append(Finding(
                Level.ERROR, "initiative-without-leader",
                f"Initiative {item.name} has no single-threaded leader{only}: nobody wakes up "
                "every day thinking only about it.",
                _where("initiative", item),
                "Name one leader whose sole job is this initiative.",
            ))
        elif item.co_leaders:
            names = [p.name for p in ([item.leader] if item.leader else []) + item.co_leaders]
            findings.append(Finding(
                Level.ERROR, "initiative-shared-leadership",
                f"Initiative {item.name} has {len(names)} leaders ({', '.join(names)}): "
                "shared ownership means no one is accountable.",
                _where("initiative", item),
                "Keep one single-threaded leader and remove the co-leaders.",
            ))
    return findings


def leader_findings(initiatives: list[Initiative]) -> list[Finding]:
    led: dict[int, list[Initiative]] = defaultdict(list)
    people: dict[int, Person] = {}
    for item in initiatives:
        if item.status != InitiativeStatus.ACTIVE.value:
            continue
        for person in ([item.leader] if item.leader else []) + item.co_leaders:
            led[person.id].append(item)
            people[person.id] = person
    findings = []
    for person_id, items in sorted(led.items(), key=lambda kv: people[kv[0]].name):
        if len(items) > 1:
            person = people[person_id]
            findings.append(Finding(
                Level.WARNING, "leader-not-single-threaded",
                f"{person.name} leads {len(items)} active initiatives "
                f"({', '.join(i.name for i in items)}): a single-threaded leader has one focus.",
                _where("person", person),
                "Give each initiative its own leader, or pause all but one.",
            ))
    return findings


def team_findings(teams: list[Team], sizes: dict[int, int], limits: OrgLimits) -> list[Finding]:
    """``sizes`` maps team id to head count (teams with nobody may be absent)."""
    findings = []
    for team in teams:
        size = sizes.get(team.id, 0)
        if size > limits.max_team_size:
            findings.append(Finding(
                Level.WARNING, "team-too-large",
                f"Team {team.name} has {size} people, more than two pizzas feed "
                f"(limit {limits.max_team_size}).",
                _where("team", team),
                "Split it into separable teams, each with its own mission.",
            ))
        deps = team.depends_on
        if len(deps) > limits.max_team_dependencies:
            findings.append(Finding(
                Level.WARNING, "team-not-separable",
                f"Team {team.name} depends on {len(deps)} other teams to ship "
                f"({', '.join(t.name for t in deps)}; limit {limits.max_team_dependencies}).",
                _where("team", team),
                "Move the work or the people in-house, or offer the dependency as a self-service API.",
            ))
    return findings


def org_findings(session: Session, limits: OrgLimits) -> list[Finding]:
    """Every breach in the workspace, errors first."""
    return findings_for(list_initiatives(session), list_team_summaries(session),
                        team_sizes(session), limits)


def findings_for(initiatives: list[Initiative], teams: list[Team], sizes: dict[int, int],
                 limits: OrgLimits) -> list[Finding]:
    """The same, on records already loaded (the organization page has them)."""
    findings = initiative_findings(initiatives) + leader_findings(initiatives)
    findings += team_findings(teams, sizes, limits)
    order = {Level.ERROR: 0, Level.WARNING: 1, Level.SUGGESTION: 2}
    return sorted(findings, key=lambda f: order[f.level])
