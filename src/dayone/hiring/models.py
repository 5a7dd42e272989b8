"""Hiring tables: principles, role profiles, the Bar Raiser pool, requisitions, candidates,
loops with their interviewers, sealed feedback (every revision kept) and debrief vote changes."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dayone.db.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from dayone.org.models import Person, Team


class LoopState(StrEnum):
    PLANNING = "planning"
    INTERVIEWING = "interviewing"
    AWAITING_FEEDBACK = "awaiting_feedback"
    DEBRIEF = "debrief"
    DECIDED = "decided"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class Vote(StrEnum):
    """The four-point scale: no neutral, so every interviewer leans one way."""

    STRONGLY_INCLINED = "strongly_inclined"
    INCLINED = "inclined"
    NOT_INCLINED = "not_inclined"
    STRONGLY_NOT_INCLINED = "strongly_not_inclined"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")

    @property
    def hire_side(self) -> bool:
        return self in (Vote.STRONGLY_INCLINED, Vote.INCLINED)


class Principle(Base):
    __tablename__ = "hiring_principles"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class BarRaiser(Base):
    """A person trained as a Bar Raiser: only they may hold a loop's Bar Raiser seat."""

    __tablename__ = "hiring_bar_raisers"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    trained_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    person: Mapped[Person] = relationship(lazy="joined")


class RoleProfile(Base):
    __tablename__ = "hiring_roles"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    needs: Mapped[list[RolePrinciple]] = relationship(cascade="all, delete-orphan", order_by="RolePrinciple.id",
                                                      lazy="selectin")


class RolePrinciple(Base):
    """A principle a role needs, and the prepared behavioural questions to probe it."""

    __tablename__ = "hiring_role_principles"
    __table_args__ = (UniqueConstraint("role_id", "principle_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("hiring_roles.id", ondelete="CASCADE"), index=True)
    principle_id: Mapped[int] = mapped_column(ForeignKey("hiring_principles.id", ondelete="RESTRICT"))
    questions: Mapped[list[str]] = mapped_column(JSON, default=list)

    principle: Mapped[Principle] = relationship(lazy="joined")


class Requisition(Base):
    __tablename__ = "hiring_requisitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("hiring_roles.id", ondelete="RESTRICT"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"), nullable=True)
    hiring_manager_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    role: Mapped[RoleProfile] = relationship(lazy="joined")
    team: Mapped[Team | None] = relationship(lazy="joined")
    hiring_manager: Mapped[Person] = relationship(lazy="joined")


class Candidate(Base):
    """A candidate and their resume, stored in the workspace's database (never indexed for search)."""

    __tablename__ = "hiring_candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str] = mapped_column(String(500), default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    resume_name: Mapped[str | None] = mapped_column(String(255), nullable=True)
    resume_type: Mapped[str | None] = mapped_column(String(64), nullable=True)  # application/pdf | text/plain
    resume: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # personal data deleted


class Loop(Base):
    __tablename__ = "hiring_loops"

    id: Mapped[int] = mapped_column(primary_key=True)
    requisition_id: Mapped[int] = mapped_column(ForeignKey("hiring_requisitions.id", ondelete="RESTRICT"),
                                                index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("hiring_candidates.id", ondelete="CASCADE"), index=True)
    bar_raiser_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), nullable=True)
    state: Mapped[str] = mapped_column(String(24), default=LoopState.PLANNING.value)
    override_reason: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str | None] = mapped_column(String(16), nullable=True)  # hire | no_hire
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    veto_reason: Mapped[str] = mapped_column(Text, default="")
    vetoed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    requisition: Mapped[Requisition] = relationship(lazy="joined")
    candidate: Mapped[Candidate] = relationship(lazy="joined")
    bar_raiser: Mapped[Person | None] = relationship(lazy="joined")
    interviewers: Mapped[list[Interviewer]] = relationship(cascade="all, delete-orphan",
                                                           order_by="Interviewer.id", lazy="selectin")

    @property
    def outcome(self) -> str | None:
        """hire, no_hire, or None while undecided; a veto makes it no_hire."""
        if self.vetoed_at is not None:
            return "no_hire"
        return self.decision


class Interviewer(Base):
    __tablename__ = "hiring_interviewers"
    __table_args__ = (UniqueConstraint("loop_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    loop_id: Mapped[int] = mapped_column(ForeignKey("hiring_loops.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    principle_ids: Mapped[list[int]] = mapped_column(JSON, default=list)

    person: Mapped[Person] = relationship(lazy="joined")


class Feedback(Base):
    """One revision of an interviewer's feedback. The draft is the revision not yet submitted;
    a submitted revision never changes (a correction is the next revision)."""

    __tablename__ = "hiring_feedback"
    __table_args__ = (UniqueConstraint("loop_id", "person_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    loop_id: Mapped[int] = mapped_column(ForeignKey("hiring_loops.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    notes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # str(principle_id) → STAR parts
    vote: Mapped[str | None] = mapped_column(String(32), nullable=True)
    reason: Mapped[str] = mapped_column(String(300), default="")
    correction_reason: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    person: Mapped[Person] = relationship(lazy="joined")


class VoteChange(Base):
    """A vote changed in the debrief after discussion, kept beside the original."""

    __tablename__ = "hiring_vote_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    loop_id: Mapped[int] = mapped_column(ForeignKey("hiring_loops.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    from_vote: Mapped[str] = mapped_column(String(32))
    to_vote: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    person: Mapped[Person] = relationship(lazy="joined")
