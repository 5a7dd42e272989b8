"""Documents, their versions and who they are shared with."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

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


class Document(Base):
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
