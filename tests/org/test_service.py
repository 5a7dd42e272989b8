"""The organization's rules through the library API, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dayone.audit import AuditEvent
from dayone.auth.models import Role
from dayone.auth.permissions import CLI_ACTOR, Actor
from dayone.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from dayone.org import service
from dayone.org.models import Initiative, Person, Team
from dayone.org.schemas import (
    InitiativeCreate,
    InitiativeUpdate,
    PersonCreate,
    PersonUpdate,
    TeamCreate,
    TeamUpdate,
)
from dayone.workspace import Workspace


def _person(ws: Workspace, name: str, email: str, team_id: int | None = None) -> int:
    with ws.session() as s:
        return service.create_person(s, CLI_ACTOR, PersonCreate(name=name, email=email,
                                                                team_id=team_id)).id


def _team(ws: Workspace, name: str, **kw: object) -> int:
    with ws.session() as s:
        return service.create_team(s, CLI_ACTOR, TeamCreate(name=name, **kw)).id


def _counts(ws: Workspace) -> tuple[int, int, int]:
    with ws.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Person, Team, Initiative))


def test_create_and_read_back(ws: Workspace) -> None:
    team = _team(ws, "Search", mission="Find it in one query.")
    alice = _person(ws, "Alice", "Alice@Example.com", team)
    with ws.session() as s:
        item = service.create_initiative(s, CLI_ACTOR, InitiativeCreate(
            name="Relevance", goal="Fewer empty searches", status="active", team_id=team,
            leader_id=alice))
        assert item.leader.name == "Alice"
    with ws.session() as s:
        person = service.get(s, Person, alice)
        assert person.email == "alice@example.com"  # normalized
        assert person.team.name == "Search"
        assert [p.name for p in service.get(s, Team, team).members] == ["Alice"]


def test_duplicate_email_is_refused_and_nothing_changes(ws: Workspace) -> None:
    _person(ws, "Alice", "alice@example.com")
    before = _counts(ws)
    with pytest.raises(Conflict, match=r"email: 'alice@example\.com' is already used"):
        _person(ws, "Alice Two", "ALICE@example.com")
    assert _counts(ws) == before


@pytest.mark.parametrize(("field", "value", "message"), [
    ("team_id", 999, "team_id: no team with id 999"),
    ("leader_id", 999, "leader_id: no person with id 999"),
    ("co_leader_ids", [998, 999], "co_leader_ids: no person with id 998, 999"),
])
def test_unknown_references_name_the_field(ws: Workspace, field: str, value: object,
                                           message: str) -> None:
    with ws.session() as s, pytest.raises(InvalidInput, match=message) as caught:
        service.create_initiative(s, CLI_ACTOR, InitiativeCreate(name="X", **{field: value}))
    assert caught.value.field == field
    assert _counts(ws) == (0, 0, 0)


def test_two_leaders_are_refused_with_the_reason() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="exactly one single-threaded leader"):
        InitiativeCreate(name="X", leader_id=[1, 2])
    assert InitiativeCreate(name="X", leader_id=[3]).leader_id == 3


def test_leader_cannot_also_be_co_leader(ws: Workspace) -> None:
    alice = _person(ws, "Alice", "alice@example.com")
    with ws.session() as s, pytest.raises(InvalidInput, match="co_leader_ids"):
        service.create_initiative(s, CLI_ACTOR, InitiativeCreate(
            name="X", leader_id=alice, co_leader_ids=[alice]))


def test_promoting_a_co_leader_drops_them_from_co_leaders(ws: Workspace) -> None:
    a, b = _person(ws, "A", "a@example.com"), _person(ws, "B", "b@example.com")
    with ws.session() as s:
        item = service.create_initiative(s, CLI_ACTOR, InitiativeCreate(
            name="X", leader_id=a, co_leader_ids=[b]))
        item = service.update_initiative(s, CLI_ACTOR, item.id,
                                         InitiativeUpdate(version=item.version, leader_id=b))
        assert item.leader_id == b and item.co_leaders == []


def test_stale_edit_is_refused_and_names_who_changed_it(ws: Workspace) -> None:
    team = _team(ws, "Search")
    with ws.session() as s:
        service.update_team(s, CLI_ACTOR, team, TeamUpdate(version=1, mission="First"))
    with ws.session() as s, pytest.raises(Conflict, match=r"changed by cli .* version 1.*version 2"):
        service.update_team(s, CLI_ACTOR, team, TeamUpdate(version=1, mission="Second"))
    with ws.session() as s:
        assert service.get(s, Team, team).mission == "First"


def test_membership_change_moves_the_team_version(ws: Workspace) -> None:
    team = _team(ws, "Search")
    alice = _person(ws, "Alice", "alice@example.com")
    with ws.session() as s:
        updated = service.update_team(s, CLI_ACTOR, team, TeamUpdate(version=1, member_ids=[alice]))
        assert updated.version > 1
    with ws.session() as s:
        assert service.get(s, Person, alice).team_id == team
        service.update_team(s, CLI_ACTOR, team, TeamUpdate(version=updated.version, member_ids=[]))
    with ws.session() as s:
        assert service.get(s, Person, alice).team_id is None


def test_team_cannot_sit_under_itself(ws: Workspace) -> None:
    top = _team(ws, "Top")
    child = _team(ws, "Child", parent_id=top)
    with ws.session() as s, pytest.raises(InvalidInput, match="parent_id: Child is Top itself or one"):
        service.update_team(s, CLI_ACTOR, top, TeamUpdate(version=1, parent_id=child))
    with ws.session() as s, pytest.raises(InvalidInput, match="depend on itself"):
        service.update_team(s, CLI_ACTOR, top, TeamUpdate(version=1, dependency_ids=[top]))


def test_team_with_members_cannot_be_archived(ws: Workspace) -> None:
    from dayone.archive import service as archive
    from dayone.errors import Archived

    team = _team(ws, "Search")
    _person(ws, "Alice", "alice@example.com", team)
    with ws.session() as s, pytest.raises(Conflict, match="1 member"):
        archive.archive(s, CLI_ACTOR, "team", team)
    empty = _team(ws, "Empty")
    with ws.session() as s:
        archive.archive(s, CLI_ACTOR, "team", empty)
    with ws.session() as s, pytest.raises(Archived, match="The team 'Empty' is archived"):
        service.get(s, Team, empty)
    with ws.session() as s, pytest.raises(NotFound):  # an Archived is a NotFound to callers that ask only that
        service.get(s, Team, empty)


def test_over_long_and_control_characters_are_refused(ws: Workspace) -> None:
    with ws.session() as s, pytest.raises(InvalidInput, match="mission: at most 5000"):
        service.create_team(s, CLI_ACTOR, TeamCreate.model_construct(
            name="X", mission="x" * 5001, parent_id=None, dependency_ids=[], member_ids=[]))
    with ws.session() as s, pytest.raises(InvalidInput, match="name: remove control"):
        service.create_team(s, CLI_ACTOR, TeamCreate(name="bad\x00name"))


def test_every_change_is_audited_with_before_and_after(ws: Workspace) -> None:
    team = _team(ws, "Search")
    with ws.session() as s:
        service.update_team(s, CLI_ACTOR, team, TeamUpdate(version=1, mission="New"))
    with ws.session() as s:
        events = s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        assert [(e.action, e.entity_type, e.actor_label) for e in events] == [
            ("create", "team", "cli"), ("update", "team", "cli")]
        assert events[1].before["mission"] == "" and events[1].after["mission"] == "New"


def test_members_edit_what_they_own_viewers_nothing(ws: Workspace) -> None:
    top = _team(ws, "Top")
    sub = _team(ws, "Sub", parent_id=top)
    other = _team(ws, "Other")
    me = _person(ws, "Me", "me@example.com", top)
    member = Actor(user_id=None, person_id=me, role=Role.MEMBER, label="me@example.com")
    viewer = Actor(user_id=None, person_id=me, role=Role.VIEWER, label="me@example.com")
    with ws.session() as s:
        service.update_team(s, member, sub, TeamUpdate(version=1, mission="ok: I manage it"))
        with pytest.raises(PermissionDenied):
            service.update_team(s, member, other, TeamUpdate(version=1, mission="not mine"))
        with pytest.raises(PermissionDenied):
            service.update_team(s, viewer, top, TeamUpdate(version=1, mission="viewer"))
        with pytest.raises(PermissionDenied):
            service.create_team(s, viewer, TeamCreate(name="Nope"))
        with pytest.raises(PermissionDenied):
            service.create_person(s, member, PersonCreate(name="N", email="n@example.com"))
        service.update_person(s, member, me, PersonUpdate(version=1, title="Chief"))
        with pytest.raises(PermissionDenied, match="email"):
            service.update_person(s, member, me, PersonUpdate(version=2, email="new@example.com"))


def test_a_member_cannot_join_a_team_they_cannot_edit(ws: Workspace) -> None:
    mine, theirs = _team(ws, "Mine"), _team(ws, "Theirs")
    me = _person(ws, "Me", "me@example.com", mine)
    member = Actor(user_id=None, person_id=me, role=Role.MEMBER, label="me@example.com")
    with ws.session() as s, pytest.raises(PermissionDenied, match="team_id: only an admin"):
        service.update_person(s, member, me, PersonUpdate(version=1, team_id=theirs))
    with ws.session() as s:
        assert service.get(s, Person, me).team_id == mine
        moved = service.update_person(s, CLI_ACTOR, me, PersonUpdate(version=1, team_id=theirs))
        assert moved.team.name == "Theirs"  # the answer shows the new team at once


def test_an_edit_that_changes_nothing_is_not_recorded(ws: Workspace) -> None:
    team = _team(ws, "Search", mission="m")
    with ws.session() as s:
        same = service.update_team(s, CLI_ACTOR, team, TeamUpdate(version=1, mission="m",
                                                                  member_ids=[]))
        assert same.version == 1
    with ws.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == 1  # the creation


def test_removing_a_leader_is_recorded_on_their_initiatives(ws: Workspace) -> None:
    lead, co = _person(ws, "Lead", "lead@example.com"), _person(ws, "Co", "co@example.com")
    with ws.session() as s:
        item = service.create_initiative(s, CLI_ACTOR, InitiativeCreate(
            name="X", leader_id=lead, co_leader_ids=[co]))
    with ws.session() as s:
        service.delete_person(s, CLI_ACTOR, lead)
    with ws.session() as s:
        after = service.get(s, Initiative, item.id)
        assert after.leader is None and [p.name for p in after.co_leaders] == ["Co"]
        assert after.version == 2
        summaries = s.scalars(select(AuditEvent.summary).where(
            AuditEvent.entity_type == "initiative")).all()
        assert "Lead no longer leads X (removed from the organization)" in summaries


def test_the_last_admin_cannot_be_removed(ws: Workspace) -> None:
    from dayone.auth import service as accounts

    with ws.session() as s:
        user = accounts.add_user(s, CLI_ACTOR, email="boss@example.com", name="Boss",
                                 role="admin", password="long-password-1")
    with ws.session() as s, pytest.raises(Conflict, match="last admin"):
        service.delete_person(s, CLI_ACTOR, user.person_id)
