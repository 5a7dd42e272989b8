"""Decisions, their links, approvers, positions, escalations, revisits; metric readings."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Date, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dayone.db.archivable import Archivable
from dayone.db.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from dayone.documents.models import Document
    from dayone.org.models import Person


class DecisionType(StrEnum):
    ONE_WAY = "type-1"  # consequential, nearly irreversible: decided slowly and carefully
    TWO_WAY = "type-2"  # reversible: decided fast by one person or a small group

    @property
    def label(self) -> str:
        """As people say it, the same on the web and the command line: "One-way door (Type 1)"."""
        return "One-way door (Type 1)" if self is DecisionType.ONE_WAY else "Two-way door (Type 2)"


class DecisionStatus(StrEnum):
    PROPOSED = "proposed"
    DECIDED = "decided"
    REVISITED = "revisited"
    REVERSED = "reversed"
    SUPERSEDED = "superseded"


class Decision(Archivable, Base):
    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    context: Mapped[str] = mapped_column(Text, default="")
    options: Mapped[list[str]] = mapped_column(JSON, default=list)
    choice: Mapped[str] = mapped_column(Text, default="")
    reasoning: Mapped[str] = mapped_column(Text, default="")
    consequences: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    info_percent: Mapped[int | None] = mapped_column(nullable=True)
    decision_type: Mapped[str] = mapped_column(String(8))
    proposed_type: Mapped[str] = mapped_column(String(8))
    type_answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    type_justification: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=DecisionStatus.PROPOSED.value)
    revisit_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    revisit_metric: Mapped[str | None] = mapped_column(String(200), nullable=True)
    revisit_operator: Mapped[str | None] = mapped_column(String(2), nullable=True)
    revisit_threshold: Mapped[float | None] = mapped_column(Float, nullable=True)
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id", ondelete="SET NULL"),
                                                         nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    version: Mapped[int] = mapped_column(default=1)

    owner: Mapped[Person] = relationship()
    links: Mapped[list[DecisionLink]] = relationship(cascade="all, delete-orphan", order_by="DecisionLink.id")
    approvers: Mapped[list[DecisionApprover]] = relationship(cascade="all, delete-orphan",
                                                             order_by="DecisionApprover.id")
    positions: Mapped[list[DecisionPosition]] = relationship(cascade="all, delete-orphan",
                                                             order_by="DecisionPosition.id")
    escalations: Mapped[list[Escalation]] = relationship(cascade="all, delete-orphan",
                                                         order_by="Escalation.id")
    revisits: Mapped[list[Revisit]] = relationship(cascade="all, delete-orphan", order_by="Revisit.id")

    __mapper_args__ = {"version_id_col": version}


class DecisionLink(Base):
    """What a decision rests on: a document of the workspace, a metric, an experiment, a URL."""

    __tablename__ = "decision_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # document | metric | experiment | url
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"),
                                                    nullable=True)
    target: Mapped[str] = mapped_column(String(500), default="")

    document: Mapped[Document | None] = relationship()


class DecisionApprover(Base):
    __tablename__ = "decision_approvers"
    __table_args__ = (UniqueConstraint("decision_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    person: Mapped[Person] = relationship(lazy="joined")


class DecisionPosition(Base):
    """Where a participant stands: agree, or disagree with their view; and whether they commit."""

    __tablename__ = "decision_positions"
    __table_args__ = (UniqueConstraint("decision_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    stance: Mapped[str] = mapped_column(String(16))  # agree | disagree
    view: Mapped[str] = mapped_column(Text, default="")
    committed: Mapped[bool] = mapped_column(default=False)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    person: Mapped[Person] = relationship(lazy="joined")


class Escalation(Base):
    __tablename__ = "decision_escalations"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), index=True)
    to_person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"),
                                                     nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    to_person: Mapped[Person] = relationship(foreign_keys=[to_person_id], lazy="joined")


class Revisit(Base):
    __tablename__ = "decision_revisits"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[str] = mapped_column(String(16))  # kept | changed | reversed
    notes: Mapped[str] = mapped_column(Text, default="")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MetricReading(Base):
    """The latest known value of a metric, recorded by scripts now and by the WBR engine later;
    revisit conditions are evaluated against it."""

    __tablename__ = "metric_readings"

    metric: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[float] = mapped_column(Float)
    observed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DecisionVersion(Base):
    """One version of a proposed decision's text. Written when the decision is first edited
    (version 1, as proposed) and on every edit after, so the history reads in order."""

    __tablename__ = "decision_versions"
    __table_args__ = (UniqueConstraint("decision_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    edited_by: Mapped[str] = mapped_column(String(320), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
