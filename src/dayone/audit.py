"""Every state change is recorded: who, what, when, and the record before and after."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from dayone.db.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from dayone.auth.permissions import Actor


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    actor_label: Mapped[str] = mapped_column(String(320))
    action: Mapped[str] = mapped_column(String(32))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(nullable=True)
    summary: Mapped[str] = mapped_column(String(500))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: int | None,
    summary: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Add an audit event to the caller's transaction: it commits or rolls back with the change."""
    session.add(
        AuditEvent(
            actor_user_id=actor.user_id,
            actor_label=actor.label,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            summary=summary[:500],
            before=before,
            after=after,
        )
    )


def recent(session: Session, *, limit: int = 200, offset: int = 0,
           entity_type: str | None = None) -> list[AuditEvent]:
    """The newest events first, ``offset`` of them skipped."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit).offset(offset)
    if entity_type:
        query = query.where(AuditEvent.entity_type == entity_type)
    return list(session.scalars(query))


def count(session: Session, *, entity_type: str | None = None) -> int:
    """How many events there are (of one kind of record, when given)."""
    query = select(func.count()).select_from(AuditEvent)
    if entity_type:
        query = query.where(AuditEvent.entity_type == entity_type)
    return int(session.scalar(query) or 0)
