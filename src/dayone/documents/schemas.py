"""What crosses the boundary of the documents mechanism."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from dayone.documents.models import Document, DocumentState, DocumentType, DocumentVersion
from dayone.org.schemas import Ref

MAX_BODY = 400_000  # characters: far beyond six pages plus an appendix


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
