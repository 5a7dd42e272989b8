"""Mechanisms and their occurrences."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dayone.db.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from dayone.org.models import Person


class Tool(StrEnum):
    WBR = "wbr"
    DOCUMENT_REVIEW = "document-review"
    HIRING_DEBRIEF = "hiring-debrief"
    DECISION_REVISIT = "decision-revisit"
    GOAL_REVIEW = "goal-review"
    OTHER = "other"


class Mechanism(Base):
    """A tool, its adoption and its inspection: "good intentions don't work, mechanisms do"."""

    __tablename__ = "mechanisms"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), nullable=True)
    cadence: Mapped[str] = mapped_column(String(100))
    tool: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text, default="")
    produces: Mapped[str] = mapped_column(Text, default="")
    builtin: Mapped[str | None] = mapped_column(String(32), unique=True, nullable=True)
    started_on: Mapped[date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    owner: Mapped[Person | None] = relationship()
    occurrences: Mapped[list[Occurrence]] = relationship(cascade="all, delete-orphan",
                                                         order_by="Occurrence.occurred_on")


class Occurrence(Base):
    __tablename__ = "mechanism_occurrences"

    id: Mapped[int] = mapped_column(primary_key=True)
    mechanism_id: Mapped[int] = mapped_column(ForeignKey("mechanisms.id", ondelete="CASCADE"), index=True)
    occurred_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(8))  # auto | manual
    output: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"),
                                                       nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
