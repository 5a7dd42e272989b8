"""Owners' notes on the WBR deck: one per metric per week."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dayone.db.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from dayone.org.models import Person


class WbrNote(Base):
    """The metric owner's written explanation of their metric's week, shown beside it."""

    __tablename__ = "wbr_notes"
    __table_args__ = (UniqueConstraint("week_ending", "metric"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    week_ending: Mapped[date] = mapped_column(Date, index=True)
    metric: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    author: Mapped[Person | None] = relationship(lazy="joined")


class WbrMetricsFile(Base):
    """One saved version of the workspace's metrics file; the newest is the one in use.
    ``base_dir`` resolves the file's relative source paths."""

    __tablename__ = "wbr_metrics_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(String(255))
    base_dir: Mapped[str] = mapped_column(String(1000))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[Person | None] = relationship(lazy="joined")


class WbrSnapshot(Base):
    """A week's deck as it was when frozen: its numbers and its layout, rendered from this
    alone so that later data or a changed metrics file never alter it."""

    __tablename__ = "wbr_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    week_ending: Mapped[date] = mapped_column(Date, unique=True)
    deck: Mapped[str] = mapped_column(Text)  # JSON: the numbers, with "layout"
    metrics_file_id: Mapped[int | None] = mapped_column(ForeignKey("wbr_metrics_files.id", ondelete="SET NULL"),
                                                        nullable=True)
    taken_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), nullable=True)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    taken_by: Mapped[Person | None] = relationship(lazy="joined")
