"""Plans, their versions (OP1, OP2), goals, each goal's status history, and goal reviews."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Date, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dayone.db.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from dayone.documents.models import Document
    from dayone.org.models import Initiative, Person, Team


class GoalKind(StrEnum):
    METRIC = "metric"  # a WBR metric reaching a target over a period by a date
    INITIATIVE = "initiative"  # build or finish something by a date, with milestones


class Period(StrEnum):
    """What a metric goal is measured over: the WBR's own periods."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YTD = "ytd"


class Status(StrEnum):
    GREEN = "green"  # a staffed plan executing, risks mitigated
    YELLOW = "yellow"  # a blocker without a mitigation yet
    RED = "red"  # missed without a change
    UNKNOWN = "unknown"  # not measured yet (no value, or an initiative without a status)


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not-met"
    DROPPED = "dropped"


class Plan(Base):
    """A team's plan (or the company's, with no team) for one planning year."""

    __tablename__ = "goal_plans"
    __table_args__ = (UniqueConstraint("year", "team_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"), nullable=True)
    team_key: Mapped[int] = mapped_column(default=0)  # team_id or 0: one company plan a year
    title: Mapped[str] = mapped_column(String(200))
    stage: Mapped[str] = mapped_column(String(8), default="OP1")  # OP1 | OP2
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"),
                                                    nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    team: Mapped[Team | None] = relationship()
    document: Mapped[Document | None] = relationship()
    goals: Mapped[list[Goal]] = relationship(back_populates="plan", order_by="Goal.id")
    versions: Mapped[list[PlanVersion]] = relationship(cascade="all, delete-orphan", order_by="PlanVersion.number")

    __mapper_args__ = {"version_id_col": version}


class PlanVersion(Base):
    """The plan's goals as they stood when a version was sealed (OP1 when OP2 starts)."""

    __tablename__ = "goal_plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("goal_plans.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    label: Mapped[str] = mapped_column(String(8))
    goals: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    sealed_by: Mapped[str] = mapped_column(String(320), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Goal(Base):
    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("goal_plans.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    due: Mapped[date] = mapped_column(Date)
    metric: Mapped[str | None] = mapped_column(String(200), nullable=True)
    target: Mapped[float | None] = mapped_column(Float, nullable=True)
    period: Mapped[str | None] = mapped_column(String(8), nullable=True)
    percentile: Mapped[str | None] = mapped_column(String(8), nullable=True)
    initiative_id: Mapped[int | None] = mapped_column(ForeignKey("initiatives.id", ondelete="SET NULL"),
                                                      nullable=True)
    milestones: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    s_team: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(8), default=Status.UNKNOWN.value)
    status_source: Mapped[str] = mapped_column(String(10), default="computed")  # computed | override
    status_note: Mapped[str] = mapped_column(Text, default="")
    status_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    action: Mapped[str] = mapped_column(Text, default="")  # what is being done about a red goal
    outcome: Mapped[str | None] = mapped_column(String(8), nullable=True)
    outcome_reason: Mapped[str] = mapped_column(Text, default="")
    outcome_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    outcome_confirmed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    plan: Mapped[Plan] = relationship(back_populates="goals")
    owner: Mapped[Person] = relationship(lazy="joined")
    initiative: Mapped[Initiative | None] = relationship()
    history: Mapped[list[StatusChange]] = relationship(cascade="all, delete-orphan", order_by="StatusChange.id")

    __mapper_args__ = {"version_id_col": version}


class StatusChange(Base):
    """One change of a goal's status: computed from the data or set by its owner with a note."""

    __tablename__ = "goal_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    before: Mapped[str] = mapped_column(String(8))
    after: Mapped[str] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(String(10))  # computed | override | cleared
    note: Mapped[str] = mapped_column(Text, default="")
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    projection: Mapped[float | None] = mapped_column(Float, nullable=True)
    blindside: Mapped[bool] = mapped_column(default=False)  # green straight to red
    by: Mapped[str] = mapped_column(String(320), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class GoalReview(Base):
    """A quarterly goal review held for a plan: the packet as it was read."""

    __tablename__ = "goal_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("goal_plans.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    packet: Mapped[dict[str, Any]] = mapped_column(JSON)
    held_by: Mapped[str] = mapped_column(String(320), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
