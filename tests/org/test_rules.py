"""Each of the book's rules, as findings with reasons; thresholds are configurable."""

from __future__ import annotations

from dayone.auth.permissions import CLI_ACTOR
from dayone.org import rules, service
from dayone.org.rules import OrgLimits
from dayone.org.schemas import InitiativeCreate, PersonCreate, TeamCreate
from dayone.workspace import Workspace


def _codes(ws: Workspace, limits: OrgLimits = OrgLimits()) -> list[tuple[str, str, str | None]]:
    with ws.session() as s:
        return [(f.level.value, f.code, f.location.record_name)
                for f in rules.org_findings(s, limits)]


def _people(ws: Workspace, n: int, team_id: int | None = None, prefix: str = "p") -> list[int]:
    with ws.session() as s:
        return [service.create_person(s, CLI_ACTOR, PersonCreate(
            name=f"{prefix}{i}", email=f"{prefix}{i}@example.com", team_id=team_id)).id
            for i in range(n)]


def test_a_healthy_org_has_no_findings(ws: Workspace) -> None:
    with ws.session() as s:
        team = service.create_team(s, CLI_ACTOR, TeamCreate(name="Search"))
    (leader,) = _people(ws, 1, team.id)
    with ws.session() as s:
        service.create_initiative(s, CLI_ACTOR, InitiativeCreate(
            name="Relevance", status="active", team_id=team.id, leader_id=leader))
    assert _codes(ws) == []


def test_initiative_without_leader_only_while_unfinished(ws: Workspace) -> None:
    with ws.session() as s:
        for status in ("proposed", "active", "paused", "done", "cancelled"):
            service.create_initiative(s, CLI_ACTOR, InitiativeCreate(name=status, status=status))
    assert _codes(ws) == [("error", "initiative-without-leader", n)
                          for n in ("active", "paused", "proposed")]


def test_shared_leadership_is_an_error_naming_everyone(ws: Workspace) -> None:
    a, b = _people(ws, 2)
    with ws.session() as s:
        service.create_initiative(s, CLI_ACTOR, InitiativeCreate(
            name="Identity", leader_id=a, co_leader_ids=[b]))
        (finding,) = rules.org_findings(s, OrgLimits())
    assert finding.code == "initiative-shared-leadership"
    assert "2 leaders (p0, p1)" in finding.message
    assert finding.suggestion


def test_a_leader_of_two_active_initiatives_is_not_single_threaded(ws: Workspace) -> None:
    (maya,) = _people(ws, 1, prefix="maya")
    with ws.session() as s:
        for name, status in (("A", "active"), ("B", "active"), ("C", "proposed")):
            service.create_initiative(s, CLI_ACTOR, InitiativeCreate(
                name=name, status=status, leader_id=maya))
        (finding,) = rules.org_findings(s, OrgLimits())
    assert finding.code == "leader-not-single-threaded"
    assert "leads 2 active initiatives (A, B)" in finding.message


def test_team_size_threshold_is_configurable(ws: Workspace) -> None:
    with ws.session() as s:
        team = service.create_team(s, CLI_ACTOR, TeamCreate(name="Checkout"))
    _people(ws, 11, team.id)
    assert _codes(ws) == [("warning", "team-too-large", "Checkout")]
    assert _codes(ws, OrgLimits(max_team_size=11)) == []


def test_team_dependencies_threshold_is_configurable(ws: Workspace) -> None:
    with ws.session() as s:
        others = [service.create_team(s, CLI_ACTOR, TeamCreate(name=f"T{i}")).id for i in range(4)]
        service.create_team(s, CLI_ACTOR, TeamCreate(name="Checkout", dependency_ids=others))
    assert _codes(ws) == [("warning", "team-not-separable", "Checkout")]
    assert _codes(ws, OrgLimits(max_team_dependencies=4)) == []
    with ws.session() as s:
        (finding,) = rules.org_findings(s, OrgLimits())
    assert "depends on 4 other teams to ship (T0, T1, T2, T3; limit 3)" in finding.message


def test_findings_put_errors_first(ws: Workspace) -> None:
    with ws.session() as s:
        team = service.create_team(s, CLI_ACTOR, TeamCreate(name="Big"))
    _people(ws, 3, team.id)
    with ws.session() as s:
        service.create_initiative(s, CLI_ACTOR, InitiativeCreate(name="Orphan"))
    assert [c[0] for c in _codes(ws, OrgLimits(max_team_size=2))] == ["error", "warning"]


def test_co_leaders_without_a_leader_still_lack_a_leader(ws: Workspace) -> None:
    (co,) = _people(ws, 1, prefix="co")
    with ws.session() as s:
        service.create_initiative(s, CLI_ACTOR, InitiativeCreate(name="X", co_leader_ids=[co]))
        (finding,) = rules.org_findings(s, OrgLimits())
    assert finding.code == "initiative-without-leader"
    assert "(only co-leaders: co0)" in finding.message
