"""Notification tables: each person's delivery per kind, and the ledger of what was mailed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dayone.db.base import Base, UTCDateTime, utcnow


class NotificationPreference(Base):
    """A person's choice for one kind: immediate, digest or off (a kind without a row gets its
    default, ``kinds.default``)."""

    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("person_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    delivery: Mapped[str] = mapped_column(String(16))


class NotificationSent(Base):
    """One item mailed to one person (its agenda key, or ``digest:<day>`` for a digest), so it is
    mailed once. For a review invitation, the calendar state sent: the start and SEQUENCE of the
    last .ics, and whether it was cancelled."""

    __tablename__ = "notifications_sent"
    __table_args__ = (UniqueConstraint("person_id", "item_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    item_key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    via: Mapped[str] = mapped_column(String(16))  # immediate | digest
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    calendar_start: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    calendar_sequence: Mapped[int] = mapped_column(default=0)
    calendar_cancelled: Mapped[bool] = mapped_column(default=False)
