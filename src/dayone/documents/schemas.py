"""What crosses the boundary of the documents mechanism."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from dayone.documents.models import (
    Comment,
    Document,
    DocumentState,
    DocumentType,
    DocumentVersion,
    Review,
    ReviewOutcome,
    ReviewState,
)
from dayone.org.schemas import Ref

MAX_BODY = 400_000  # characters: far beyond six pages plus an appendix
# The editor's live check runs on every pause in typing: it takes a text this long at most
# (about fifteen pages), so one check costs a second or two at worst whatever it holds
# (benchmarks/documents.py); a saved version is checked whole on its page.
MAX_CHECK_CHARS = 50_000
MAX_CHECK_LINES = 3_000


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocumentCreate(_Input):
    title: str = Field(min_length=1, max_length=200)
    doc_type: DocumentType
    body: str | None = Field(default=None, max_length=MAX_BODY,
                             description="Markdown; the type's template when omitted.")


class DocumentUpdate(_Input):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    state: DocumentState | None = None
    shared_with_all: bool | None = None


class VersionCreate(_Input):
    body: str = Field(max_length=MAX_BODY)
    base_version: int = Field(description="The version you edited; a stale one is refused (409) "
                              "with a merge of both texts.")
    note: str = Field(default="", max_length=500)


class ShareCreate(_Input):
    person_id: int
    can_edit: bool = False


class CheckRequest(_Input):
    body: str = Field(max_length=MAX_BODY)
    doc_type: DocumentType | None = None


class VersionOut(BaseModel):
    number: int
    note: str
    author: Ref | None
    created_at: datetime
    body: str | None = None

    @classmethod
    def of(cls, version: DocumentVersion, *, with_body: bool = False) -> VersionOut:
        author = Ref(id=version.author.id, name=version.author.name) if version.author else None
        return cls(number=version.number, note=version.note, author=author,
                   created_at=version.created_at, body=version.body if with_body else None)


class ShareOut(BaseModel):
    person: Ref
    can_edit: bool


class DocumentOut(BaseModel):
    id: int
    title: str
    doc_type: DocumentType
    state: DocumentState
    author: Ref
    shared_with_all: bool
    shares: list[ShareOut]
    latest_version: int
    updated_at: datetime

    @classmethod
    def of(cls, doc: Document) -> DocumentOut:
        return cls(
            id=doc.id, title=doc.title, doc_type=DocumentType(doc.doc_type),
            state=DocumentState(doc.state), author=Ref(id=doc.author.id, name=doc.author.name),
            shared_with_all=doc.shared_with_all,
            shares=[ShareOut(person=Ref(id=s.person.id, name=s.person.name), can_edit=s.can_edit)
                    for s in doc.shares],
            latest_version=doc.latest_version, updated_at=doc.updated_at)


class FindingOut(BaseModel):
    code: str
    level: str
    message: str
    suggestion: str | None
    line: int | None
    column: int | None
    end_line: int | None
    end_column: int | None
    priority: str = Field("major", description="major: worth the writer's time on real prose; minor: the rest "
                          "of what the rule finds (docs/writing-checker.md)")


class CheckOut(BaseModel):
    doc_type: str
    findings: list[FindingOut]
    stats: dict[str, Any]
    preview_html: str | None = None


class CompareRow(BaseModel):
    kind: str  # equal | insert | delete | replace
    left_number: int | None
    left: str | None
    right_number: int | None
    right: str | None


class CompareOut(BaseModel):
    left_version: int
    right_version: int
    rows: list[CompareRow]


class ReviewCreate(_Input):
    document_id: int
    invitee_ids: list[int] = Field(default_factory=list, max_length=100)
    scheduled_for: datetime
    reading_minutes: int = Field(default=20, ge=1, le=180)
    version: int | None = Field(default=None, ge=1, description="Default: the latest version.")


class ReviewMove(_Input):
    scheduled_for: datetime = Field(description="The new time, ISO 8601 with an offset "
                                                "(e.g. 2027-03-04T10:00:00Z).")


class OutcomeCreate(_Input):
    outcome: ReviewOutcome
    reason: str = Field(min_length=1, max_length=5000)
    decided_by_id: int | None = None


class CommentCreate(_Input):
    quote: str = Field(min_length=1, max_length=2000, description="The passage commented on.")
    body: str = Field(min_length=1, max_length=5000)
    occurrence: int = Field(default=0, ge=0, description="Which occurrence of the passage (0: first).")


class ReplyCreate(_Input):
    body: str = Field(min_length=1, max_length=5000)


class CommentOut(BaseModel):
    id: int
    author: Ref | None
    body: str
    quote: str
    line: int | None
    version_number: int
    first_version: int
    created_at: datetime
    resolved: bool
    replies: list[CommentOut] = Field(default_factory=list)

    @classmethod
    def of(cls, c: Comment) -> CommentOut:
        return cls(id=c.id, author=Ref(id=c.author.id, name=c.author.name) if c.author else None,
                   body=c.body, quote=c.quote, line=c.line, version_number=c.version_number,
                   first_version=c.first_version, created_at=c.created_at,
                   resolved=c.resolved_at is not None,
                   replies=[CommentOut.of(r) for r in c.replies] if c.parent_id is None else [])


class ReviewOut(BaseModel):
    id: int
    document: Ref
    version_number: int
    organizer: Ref
    invitees: list[Ref]
    scheduled_for: datetime
    reading_minutes: int
    state: ReviewState
    started_at: datetime | None
    reading_ends_at: datetime | None
    outcome: ReviewOutcome | None
    outcome_reason: str
    decided_by: Ref | None

    @classmethod
    def of(cls, r: Review, state: ReviewState) -> ReviewOut:
        return cls(
            id=r.id, document=Ref(id=r.document.id, name=r.document.title),
            version_number=r.version_number, organizer=Ref(id=r.organizer.id, name=r.organizer.name),
            invitees=[Ref(id=i.person.id, name=i.person.name) for i in r.invitees],
            scheduled_for=r.scheduled_for, reading_minutes=r.reading_minutes, state=state,
            started_at=r.started_at, reading_ends_at=r.reading_ends_at,
            outcome=ReviewOutcome(r.outcome) if r.outcome else None, outcome_reason=r.outcome_reason,
            decided_by=Ref(id=r.decided_by.id, name=r.decided_by.name) if r.decided_by else None)
