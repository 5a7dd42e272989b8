"""What crosses the boundary of the organization mechanism: API bodies and page contexts."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from dayone.org.models import Initiative, InitiativeStatus, Person, Team

_ONE_LEADER = (
    "an initiative has exactly one single-threaded leader: give one person id "
    "(record shared leadership in co_leader_ids, which the organization page flags)"
)


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PersonCreate(_Input):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=1, max_length=320)
    title: str = Field(default="", max_length=200)
    team_id: int | None = None


class PersonUpdate(_Input):
    version: int = Field(description="The version you loaded; a stale one is refused (409).")
    name: str | None = Field(default=None, min_length=1, max_length=200)
    email: str | None = Field(default=None, min_length=1, max_length=320)
    title: str | None = Field(default=None, max_length=200)
    team_id: int | None = None


class TeamCreate(_Input):
    name: str = Field(min_length=1, max_length=200)
    mission: str = Field(default="", max_length=5000)
    parent_id: int | None = None
    dependency_ids: list[int] = Field(default_factory=list, max_length=500)
    member_ids: list[int] = Field(default_factory=list, max_length=5000)


class TeamUpdate(_Input):
    version: int
    name: str | None = Field(default=None, min_length=1, max_length=200)
    mission: str | None = Field(default=None, max_length=5000)
    parent_id: int | None = None
    dependency_ids: list[int] | None = Field(default=None, max_length=500)
    member_ids: list[int] | None = Field(default=None, max_length=5000)


def _single_leader(value: Any) -> Any:
    if isinstance(value, list | tuple):
        if len(value) > 1:
            raise ValueError(_ONE_LEADER)
        return value[0] if value else None
    return value


class InitiativeCreate(_Input):
    name: str = Field(min_length=1, max_length=200)
    goal: str = Field(default="", max_length=5000)
    status: InitiativeStatus = InitiativeStatus.PROPOSED
    team_id: int | None = None
    leader_id: int | None = None
    co_leader_ids: list[int] = Field(default_factory=list, max_length=50)

    _leader = field_validator("leader_id", mode="before")(_single_leader)


class InitiativeUpdate(_Input):
    version: int
    name: str | None = Field(default=None, min_length=1, max_length=200)
    goal: str | None = Field(default=None, max_length=5000)
    status: InitiativeStatus | None = None
    team_id: int | None = None
    leader_id: int | None = None
    co_leader_ids: list[int] | None = Field(default=None, max_length=50)

    _leader = field_validator("leader_id", mode="before")(_single_leader)


class Ref(BaseModel):
    id: int
    name: str


class PersonOut(BaseModel):
    id: int
    name: str
    email: str
    title: str
    team: Ref | None
    version: int

    @classmethod
    def of(cls, person: Person) -> PersonOut:
        team = Ref(id=person.team.id, name=person.team.name) if person.team else None
        return cls(id=person.id, name=person.name, email=person.email, title=person.title,
                   team=team, version=person.version)


class TeamOut(BaseModel):
    id: int
    name: str
    mission: str
    parent: Ref | None
    size: int
    members: list[Ref]
    depends_on: list[Ref]
    version: int

    @classmethod
    def of(cls, team: Team) -> TeamOut:
        return cls(
            id=team.id, name=team.name, mission=team.mission,
            parent=Ref(id=team.parent.id, name=team.parent.name) if team.parent else None,
            size=len(team.members),
            members=[Ref(id=p.id, name=p.name) for p in team.members],
            depends_on=[Ref(id=t.id, name=t.name) for t in team.depends_on],
            version=team.version,
        )


class InitiativeOut(BaseModel):
    id: int
    name: str
    goal: str
    status: InitiativeStatus
    team: Ref | None
    leader: Ref | None
    co_leaders: list[Ref]
    version: int

    @classmethod
    def of(cls, item: Initiative) -> InitiativeOut:
        return cls(
            id=item.id, name=item.name, goal=item.goal, status=InitiativeStatus(item.status),
            team=Ref(id=item.team.id, name=item.team.name) if item.team else None,
            leader=Ref(id=item.leader.id, name=item.leader.name) if item.leader else None,
            co_leaders=[Ref(id=p.id, name=p.name) for p in item.co_leaders],
            version=item.version,
        )


class FindingOut(BaseModel):
    level: str
    code: str
    message: str
    location: dict[str, Any]
    suggestion: str | None


class FindingsOut(BaseModel):
    findings: list[FindingOut]
    counts: dict[str, int]
