"""People, teams (with parents and dependencies) and initiatives.

Relationships load lazily by default; list queries in service.py say exactly what
they eager-load, so a list of initiatives never drags in the whole org chart."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dayone.db.archivable import Archivable
from dayone.db.base import Base, UTCDateTime, utcnow

team_dependencies = Table(
    "team_dependencies",
    Base.metadata,
    Column("team_id", ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
    Column("depends_on_id", ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
)

initiative_co_leaders = Table(
    "initiative_co_leaders",
    Base.metadata,
    Column("initiative_id", ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
)


class InitiativeStatus(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    PAUSED = "paused"
    DONE = "done"
    CANCELLED = "cancelled"


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), nullable=True, index=True
    )
    # an IANA name (dayone/timezones.py): pages show times, and count days, in it
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    team: Mapped[Team | None] = relationship(back_populates="members")

    __mapper_args__ = {"version_id_col": version}


class Team(Archivable, Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    mission: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), nullable=True, index=True
    )
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    parent: Mapped[Team | None] = relationship(remote_side=[id])
    members: Mapped[list[Person]] = relationship(
        back_populates="team", order_by="Person.name"
    )
    depends_on: Mapped[list[Team]] = relationship(
        secondary=team_dependencies,
        primaryjoin=lambda: Team.id == team_dependencies.c.team_id,
        secondaryjoin=lambda: Team.id == team_dependencies.c.depends_on_id,
        order_by=lambda: Team.name,
    )

    __mapper_args__ = {"version_id_col": version}


class Initiative(Archivable, Base):
    __tablename__ = "initiatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    goal: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=InitiativeStatus.PROPOSED.value)
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), nullable=True, index=True
    )
    leader_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), nullable=True, index=True
    )
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    team: Mapped[Team | None] = relationship()
    leader: Mapped[Person | None] = relationship()
    co_leaders: Mapped[list[Person]] = relationship(
        secondary=initiative_co_leaders, order_by=lambda: Person.name
    )

    __mapper_args__ = {"version_id_col": version}
