"""The rules of the organization mechanism: who may change what, and how.

Every change checks the actor, validates references (naming the field), refuses
stale versions, and records an audit event in the same transaction.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from dayone import audit
from dayone.auth.models import Role, User
from dayone.auth.permissions import Actor, require, require_role
from dayone.db.archivable import archived_error
from dayone.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from dayone.org.fields import clean_text, normalize_email
from dayone.org.models import Initiative, Person, Team
from dayone.org.schemas import (
    InitiativeCreate,
    InitiativeUpdate,
    PersonCreate,
    PersonUpdate,
    TeamCreate,
    TeamUpdate,
)

M = TypeVar("M", Person, Team, Initiative)
_KIND = {Person: "person", Team: "team", Initiative: "initiative"}


def get(session: Session, model: type[M], record_id: int) -> M:
    """The live record, NotFound when there is none, Archived when it is in the archive."""
    record = session.get(model, record_id)
    if record is None:
        raise NotFound(f"No {_KIND[model]} with id {record_id}.")
    if _archived(model, record):
        raise archived_error(_KIND[model], record.id, record.name, record, f"{_KIND[model]}s")
    return record


def _archived(model: type[M], record: M) -> bool:
    return not isinstance(record, Person) and record.archived_at is not None


def _ref(session: Session, model: type[M], record_id: int | None, field: str) -> M | None:
    if record_id is None:
        return None
    record = session.get(model, record_id)
    if record is None:
        raise InvalidInput(f"{field}: no {_KIND[model]} with id {record_id}.", field=field)
    if _archived(model, record):
        raise InvalidInput(f"{field}: the {_KIND[model]} {record.name!r} is archived; restore it first "
                           "or choose another.", field=field)
    return record


def _refs(session: Session, model: type[M], ids: list[int], field: str) -> list[M]:
    unique = list(dict.fromkeys(ids))
    found = {r.id: r for r in session.scalars(select(model).where(model.id.in_(unique)))}
    missing = [i for i in unique if i not in found]
    if missing:
        raise InvalidInput(
            f"{field}: no {_KIND[model]} with id {', '.join(map(str, missing))}.", field=field
        )
    archived = [found[i].name for i in unique if _archived(model, found[i])]
    if archived:
        raise InvalidInput(f"{field}: {', '.join(archived)} {'is' if len(archived) == 1 else 'are'} archived; "
                           "restore first or choose another.", field=field)
    return [found[i] for i in unique]


def _check_version(session: Session, record: M, submitted: int) -> None:
    if record.version == submitted:
        return
    kind = _KIND[type(record)]
    last = session.scalar(
        select(audit.AuditEvent)
        .where(audit.AuditEvent.entity_type == kind, audit.AuditEvent.entity_id == record.id)
        .order_by(audit.AuditEvent.id.desc())
        .limit(1)
    )
    who = f" by {last.actor_label} at {last.at:%Y-%m-%d %H:%M} UTC" if last else ""
    raise Conflict(
        f"This {kind} was changed{who} since you loaded it (you edited version {submitted}, "
        f"it is now at version {record.version}). Reload it and apply your edit again.",
        details={"current_version": record.version, "your_version": submitted},
    )


def _snapshot(record: Person | Team | Initiative) -> dict[str, Any]:
    if isinstance(record, Person):
        return {"name": record.name, "email": record.email, "title": record.title,
                "team_id": record.team_id}
    if isinstance(record, Team):
        return {"name": record.name, "mission": record.mission, "parent_id": record.parent_id,
                "dependency_ids": [t.id for t in record.depends_on],
                "member_ids": [p.id for p in record.members]}
    return {"name": record.name, "goal": record.goal, "status": record.status,
            "team_id": record.team_id, "leader_id": record.leader_id,
            "co_leader_ids": [p.id for p in record.co_leaders]}


def _unique(session: Session, model: type[M], column: Any, value: str, field: str,
            exclude_id: int | None = None) -> None:
    query = select(model).where(func.lower(column) == value.lower())
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    holder = session.scalars(query.limit(1)).first()
    if holder is not None:
        message = f"{field}: {value!r} is already used by another {_KIND[model]}."
        if _archived(model, holder):
            message = (f"{field}: {value!r} is the name of an archived {_KIND[model]}; restore it from the "
                       "archive (/archive) or choose another name.")
        raise Conflict(message, details=[{"field": field, "message": message}])


# --- who owns what -----------------------------------------------------------------

def _team_line(team: Team | None) -> set[int]:
    """The team and every team above it."""
    seen: set[int] = set()
    while team is not None and team.id not in seen:
        seen.add(team.id)
        team = team.parent
    return seen


def _actor_teams(session: Session, actor: Actor) -> set[int]:
    if actor.person_id is None:
        return set()
    person = session.get(Person, actor.person_id)
    return {person.team_id} if person and person.team_id else set()


def can_edit_person(session: Session, actor: Actor, person: Person) -> bool:
    return actor.is_admin or (actor.at_least(Role.MEMBER) and actor.person_id == person.id)


def can_edit_team(session: Session, actor: Actor, team: Team) -> bool:
    if actor.is_admin:
        return True
    return actor.at_least(Role.MEMBER) and bool(_actor_teams(session, actor) & _team_line(team))


def _require_membership_rights(session: Session, actor: Actor, team_name: str,
                               moved: list[Person]) -> None:
    """Joining or leaving a team through its member list is an edit of each person moved:
    the per-person rule applies to every one of them, so a member cannot move others
    (admins included) between teams."""
    refused = [p for p in moved if not can_edit_person(session, actor, p)]
    if refused:
        names = ", ".join(p.name for p in refused)
        message = (f"member_ids: you may not move {names} into or out of {team_name}; only an "
                   "admin, or each person for themselves, may change whose team someone is in.")
        raise PermissionDenied(message, details=[{"field": "member_ids", "message": message,
                                                  "person_ids": [p.id for p in refused]}])


def can_edit_initiative(session: Session, actor: Actor, item: Initiative) -> bool:
    if actor.is_admin:
        return True
    if not actor.at_least(Role.MEMBER):
        return False
    if actor.person_id is not None and (
        item.leader_id == actor.person_id or any(p.id == actor.person_id for p in item.co_leaders)
    ):
        return True
    return bool(_actor_teams(session, actor) & _team_line(item.team))


# --- people -----------------------------------------------------------------------

def list_people(session: Session) -> list[Person]:
    return list(session.scalars(select(Person).options(joinedload(Person.team)).order_by(Person.name)))


def count_people(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Person)) or 0


def create_person(session: Session, actor: Actor, data: PersonCreate) -> Person:
    require_role(actor, Role.ADMIN, "add people")
    email = normalize_email(data.email)
    _unique(session, Person, Person.email, email, "email")
    person = Person(
        name=clean_text("name", data.name, max_length=200, required=True),
        email=email,
        title=clean_text("title", data.title, max_length=200),
        team=_ref(session, Team, data.team_id, "team_id"),
    )
    session.add(person)
    session.flush()
    audit.record(session, actor, "create", "person", person.id, f"added {person.name} <{email}>",
                 after=_snapshot(person))
    return person


def update_person(session: Session, actor: Actor, person_id: int, data: PersonUpdate) -> Person:
    person = get(session, Person, person_id)
    require(can_edit_person(session, actor, person), f"edit {person.name}")
    _check_version(session, person, data.version)
    before = _snapshot(person)
    fields = data.model_fields_set
    if "name" in fields:
        person.name = clean_text("name", data.name, max_length=200, required=True)
    if "email" in fields and normalize_email(data.email) != person.email:
        require(actor.is_admin, "change an email address (ask an admin)")
        email = normalize_email(data.email)
        _unique(session, Person, Person.email, email, "email", exclude_id=person.id)
        person.email = email
    if "title" in fields:
        person.title = clean_text("title", data.title, max_length=200)
    if "team_id" in fields and data.team_id != person.team_id:
        team = _ref(session, Team, data.team_id, "team_id")
        # Membership grants edit rights over the team, so joining one needs them already.
        if team is not None and not can_edit_team(session, actor, team):
            raise PermissionDenied(
                f"team_id: only an admin or someone who can edit {team.name} may add people to it."
            )
        person.team = team
    session.flush()
    _audit_update(session, actor, "person", person, before, f"edited {person.name}")
    return person


def _audit_update(session: Session, actor: Actor, kind: str, record: Person | Team | Initiative,
                  before: dict[str, Any], summary: str) -> None:
    """Record an edit, unless it changed nothing."""
    after = _snapshot(record)
    if after != before:
        audit.record(session, actor, "update", kind, record.id, summary, before=before, after=after)


def _require_no_records(session: Session, person: Person) -> None:
    """Documents, decisions and reviews keep their author, owner and organizer: reassign first."""
    from dayone.decisions.models import Decision
    from dayone.documents.models import Document, Review
    from dayone.experiments.models import Experiment

    held = [(what, session.scalar(select(func.count()).select_from(model).where(column == person.id)) or 0)
            for what, model, column in (("document(s) as author", Document, Document.author_id),
                                        ("decision(s) as owner", Decision, Decision.owner_id),
                                        ("review(s) as organizer", Review, Review.organizer_id),
                                        ("experiment(s) as owner", Experiment, Experiment.owner_id))]
    held = [(what, n) for what, n in held if n]
    if held:
        raise Conflict(f"{person.name} holds " + ", ".join(f"{n} {what}" for what, n in held)
                       + ": give them another owner first.")


def delete_person(session: Session, actor: Actor, person_id: int) -> None:
    require_role(actor, Role.ADMIN, "remove people")
    person = get(session, Person, person_id)
    if person.id == actor.person_id:
        raise Conflict("You cannot remove yourself; ask another admin.")
    account = session.scalar(select(User).where(User.person_id == person.id))
    if account is not None and account.role == Role.ADMIN.value and session.scalar(
        select(func.count()).select_from(User).where(User.role == Role.ADMIN.value)
    ) == 1:
        raise Conflict(f"{person.name} is the last admin; make someone else admin first.")
    _require_no_records(session, person)
    led = session.scalars(select(Initiative).options(*INITIATIVE_LOADS).where(
        or_(Initiative.leader_id == person.id, Initiative.co_leaders.any(Person.id == person.id))
    )).all()
    for item in led:  # say so on each initiative: it may now have no leader
        before = _snapshot(item)
        if item.leader_id == person.id:
            item.leader = None
        item.co_leaders = [p for p in item.co_leaders if p.id != person.id]
        session.flush()
        _audit_update(session, actor, "initiative", item, before,
                      f"{person.name} no longer leads {item.name} (removed from the organization)")
    audit.record(session, actor, "delete", "person", person.id, f"removed {person.name}",
                 before=_snapshot(person))
    session.delete(person)
    session.flush()


# --- teams ------------------------------------------------------------------------

TEAM_LOADS = (joinedload(Team.parent), selectinload(Team.members), selectinload(Team.depends_on))
INITIATIVE_LOADS = (joinedload(Initiative.team), joinedload(Initiative.leader),
                    selectinload(Initiative.co_leaders))


def list_teams(session: Session) -> list[Team]:
    """The live teams (archived ones are left out, as in every list)."""
    query = select(Team).options(*TEAM_LOADS).where(Team.archived_at.is_(None)).order_by(Team.name)
    return list(session.scalars(query))


def list_team_summaries(session: Session) -> list[Team]:
    """Teams with their dependencies but not their members (see ``team_sizes``)."""
    query = (select(Team).options(selectinload(Team.depends_on)).where(Team.archived_at.is_(None))
             .order_by(Team.name))
    return list(session.scalars(query))


def team_sizes(session: Session) -> dict[int, int]:
    query = select(Person.team_id, func.count()).where(Person.team_id.is_not(None)).group_by(Person.team_id)
    return {team_id: count for team_id, count in session.execute(query) if team_id is not None}


def _check_parent(session: Session, team: Team | None, parent_id: int | None) -> Team | None:
    parent = _ref(session, Team, parent_id, "parent_id")
    if team is not None and parent is not None and team.id in _team_line(parent):
        raise InvalidInput(
            f"parent_id: {parent.name} is {team.name} itself or one of its sub-teams; "
            "a team cannot sit under itself.", field="parent_id")
    return parent


def _check_dependencies(session: Session, team_id: int | None, ids: list[int]) -> list[Team]:
    if team_id is not None and team_id in ids:
        raise InvalidInput("dependency_ids: a team cannot depend on itself.", field="dependency_ids")
    return _refs(session, Team, ids, "dependency_ids")


def create_team(session: Session, actor: Actor, data: TeamCreate) -> Team:
    require_role(actor, Role.MEMBER, "create teams")
    name = clean_text("name", data.name, max_length=200, required=True)
    _unique(session, Team, Team.name, name, "name")
    team = Team(name=name, mission=clean_text("mission", data.mission, max_length=5000))
    team.parent = _check_parent(session, None, data.parent_id)
    team.depends_on = _check_dependencies(session, None, data.dependency_ids)
    members = _refs(session, Person, data.member_ids, "member_ids")
    _require_membership_rights(session, actor, name, members)
    session.add(team)
    session.flush()
    for person in members:
        person.team_id = team.id
    session.flush()
    session.refresh(team)
    audit.record(session, actor, "create", "team", team.id, f"created team {name}",
                 after=_snapshot(team))
    return team


def update_team(session: Session, actor: Actor, team_id: int, data: TeamUpdate) -> Team:
    team = get(session, Team, team_id)
    require(can_edit_team(session, actor, team), f"edit team {team.name}")
    _check_version(session, team, data.version)
    before = _snapshot(team)
    fields = data.model_fields_set
    if "name" in fields:
        name = clean_text("name", data.name, max_length=200, required=True)
        _unique(session, Team, Team.name, name, "name", exclude_id=team.id)
        team.name = name
    if "mission" in fields:
        team.mission = clean_text("mission", data.mission, max_length=5000)
    if "parent_id" in fields:
        team.parent = _check_parent(session, team, data.parent_id)
    if "dependency_ids" in fields:
        team.depends_on = _check_dependencies(session, team.id, data.dependency_ids or [])
    if "member_ids" in fields:
        wanted = _refs(session, Person, data.member_ids or [], "member_ids")
        wanted_ids = {p.id for p in wanted}
        current_ids = {p.id for p in team.members}
        if wanted_ids != current_ids:
            _require_membership_rights(
                session, actor, team.name,
                [p for p in team.members if p.id not in wanted_ids]
                + [p for p in wanted if p.id not in current_ids])
            for person in list(team.members):
                if person.id not in wanted_ids:
                    person.team_id = None
            for person in wanted:
                person.team_id = team.id
            team.version += 1  # membership lives on people; the team's version must still move
    session.flush()
    session.expire(team, ["members"])
    _audit_update(session, actor, "team", team, before, f"edited team {team.name}")
    return team


def team_blockers(session: Session, team: Team) -> list[str]:
    """What keeps a team from leaving the organization: its members, its live sub-teams and
    its live initiatives (they would be left pointing at a team nobody sees)."""
    children = session.scalars(select(Team.name).where(Team.parent_id == team.id,
                                                       Team.archived_at.is_(None))).all()
    initiatives = session.scalars(select(Initiative.name).where(Initiative.team_id == team.id,
                                                                Initiative.archived_at.is_(None))).all()
    blockers = []
    if team.members:
        blockers.append(f"{len(team.members)} member(s)")
    if children:
        blockers.append("sub-teams " + ", ".join(children))
    if initiatives:
        blockers.append("initiatives " + ", ".join(initiatives))
    return blockers


# --- initiatives ------------------------------------------------------------------

def list_initiatives(session: Session) -> list[Initiative]:
    query = (select(Initiative).options(*INITIATIVE_LOADS).where(Initiative.archived_at.is_(None))
             .order_by(Initiative.name))
    return list(session.scalars(query))


def _co_leaders(session: Session, leader_id: int | None, ids: list[int]) -> list[Person]:
    if leader_id is not None and leader_id in ids:
        raise InvalidInput("co_leader_ids: the leader is already the leader; list only others.",
                           field="co_leader_ids")
    return _refs(session, Person, ids, "co_leader_ids")


def create_initiative(session: Session, actor: Actor, data: InitiativeCreate) -> Initiative:
    require_role(actor, Role.MEMBER, "create initiatives")
    name = clean_text("name", data.name, max_length=200, required=True)
    _unique(session, Initiative, Initiative.name, name, "name")
    item = Initiative(
        name=name,
        goal=clean_text("goal", data.goal, max_length=5000),
        status=data.status.value,
        team=_ref(session, Team, data.team_id, "team_id"),
        leader=_ref(session, Person, data.leader_id, "leader_id"),
    )
    item.co_leaders = _co_leaders(session, data.leader_id, data.co_leader_ids)
    session.add(item)
    session.flush()
    audit.record(session, actor, "create", "initiative", item.id, f"created initiative {name}",
                 after=_snapshot(item))
    return item


def update_initiative(
    session: Session, actor: Actor, initiative_id: int, data: InitiativeUpdate
) -> Initiative:
    item = get(session, Initiative, initiative_id)
    require(can_edit_initiative(session, actor, item), f"edit initiative {item.name}")
    _check_version(session, item, data.version)
    before = _snapshot(item)
    fields = data.model_fields_set
    if "name" in fields:
        name = clean_text("name", data.name, max_length=200, required=True)
        _unique(session, Initiative, Initiative.name, name, "name", exclude_id=item.id)
        item.name = name
    if "goal" in fields:
        item.goal = clean_text("goal", data.goal, max_length=5000)
    if "status" in fields and data.status is not None:
        item.status = data.status.value
    if "team_id" in fields:
        item.team = _ref(session, Team, data.team_id, "team_id")
    if "leader_id" in fields:
        item.leader = _ref(session, Person, data.leader_id, "leader_id")
    if "co_leader_ids" in fields or "leader_id" in fields:
        leader_id = item.leader.id if item.leader else None
        if "co_leader_ids" in fields:
            ids = data.co_leader_ids or []
        else:  # a co-leader promoted to leader leaves the co-leader list
            ids = [p.id for p in item.co_leaders if p.id != leader_id]
        item.co_leaders = _co_leaders(session, leader_id, ids)
    session.flush()
    _audit_update(session, actor, "initiative", item, before, f"edited initiative {item.name}")
    return item
