"""Documents, their versions and who they are shared with."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dayone.db.archivable import Archivable
from dayone.db.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from dayone.org.models import Person


class DocumentType(StrEnum):
    PRFAQ = "prfaq"
    NARRATIVE = "narrative"
    ONE_PAGER = "one-pager"


class DocumentState(StrEnum):
    """Where a document is in its life; most PR/FAQs are never approved, and that is fine."""

    DRAFT = "draft"
    IN_REVIEW = "in-review"
    REVISE = "revise"
    APPROVED = "approved"
    PARKED = "parked"
    REJECTED = "rejected"


class Document(Archivable, Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    doc_type: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default=DocumentState.DRAFT.value)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    shared_with_all: Mapped[bool] = mapped_column(default=False)
    latest_version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    author: Mapped[Person] = relationship()
    shares: Mapped[list[DocumentShare]] = relationship(cascade="all, delete-orphan",
                                                       order_by="DocumentShare.id")


class DocumentVersion(Base):
    """An immutable saved text. Every save is a version."""

    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    body: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(String(500), default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"),
                                                  nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[Person | None] = relationship()


class DocumentShare(Base):
    """An explicit grant: this person may read (and, with can_edit, save) the document."""

    __tablename__ = "document_shares"
    __table_args__ = (UniqueConstraint("document_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    can_edit: Mapped[bool] = mapped_column(default=False)

    person: Mapped[Person] = relationship(lazy="joined")


class WorkspaceSetting(Base):
    """Workspace-wide settings stored as JSON, such as the writing checker's rules."""

    __tablename__ = "workspace_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON
    version: Mapped[int] = mapped_column(default=1)


class ReviewState(StrEnum):
    SCHEDULED = "scheduled"
    READING = "reading"  # silent reading: each reader sees only their own comments
    DISCUSSION = "discussion"  # everyone's comments are visible
    ENDED = "ended"


class ReviewOutcome(StrEnum):
    APPROVED = "approved"
    REVISE = "revise"
    PARKED = "parked"
    REJECTED = "rejected"


class Review(Base):
    """A silent-reading meeting on one frozen version of a document."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    version_number: Mapped[int]
    organizer_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"))
    scheduled_for: Mapped[datetime] = mapped_column(UTCDateTime)
    reading_minutes: Mapped[int] = mapped_column(default=20)
    state: Mapped[str] = mapped_column(String(16), default=ReviewState.SCHEDULED.value)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reading_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    outcome_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"),
                                                      nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    document: Mapped[Document] = relationship()
    organizer: Mapped[Person] = relationship(foreign_keys=[organizer_id])
    decided_by: Mapped[Person | None] = relationship(foreign_keys=[decided_by_id])
    invitees: Mapped[list[ReviewInvitee]] = relationship(cascade="all, delete-orphan")


class ReviewInvitee(Base):
    __tablename__ = "review_invitees"
    __table_args__ = (UniqueConstraint("review_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))

    person: Mapped[Person] = relationship(lazy="joined")


class Comment(Base):
    """A margin comment anchored to a quoted passage of one version, or a reply to one."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id", ondelete="SET NULL"),
                                                  nullable=True, index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"),
                                                  nullable=True, index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"),
                                                  nullable=True)
    version_number: Mapped[int]  # the version it is anchored to now (carried forward on saves)
    first_version: Mapped[int]  # the version it was written on
    quote: Mapped[str] = mapped_column(Text, default="")
    anchor_start: Mapped[int | None] = mapped_column(nullable=True)
    anchor_end: Mapped[int | None] = mapped_column(nullable=True)
    line: Mapped[int | None] = mapped_column(nullable=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"),
                                                       nullable=True)

    author: Mapped[Person | None] = relationship(foreign_keys=[author_id])
    replies: Mapped[list[Comment]] = relationship(order_by="Comment.id", cascade="all, delete-orphan")
