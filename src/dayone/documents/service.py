"""The rules of the documents mechanism: who may read and write, versions, merges,
sharing, checks, comparisons and exports.

Drafts are private: a document is visible to its author, to the people it is shared
with, and to everyone only once the author shares it with the whole workspace.
Admins get no special view of private drafts.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from dayone import audit
from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require, require_role
from dayone.documents import printing
from dayone.documents.checking import check_settings as check_settings
from dayone.documents.checking import (
    check_text,
    require_checkable,
    require_valid_front_matter,
)
from dayone.documents.checking import set_check_settings as set_check_settings
from dayone.documents.checking import too_long_to_check as too_long_to_check
from dayone.documents.checks import CheckResult
from dayone.documents.checks.text import strip_front_matter
from dayone.documents.diff import MAX_DIFF_LINES, line_opcodes, too_long
from dayone.documents.merge import merge3
from dayone.documents.models import (
    Document,
    DocumentShare,
    DocumentType,
    DocumentVersion,
)
from dayone.documents.schemas import (
    CompareOut,
    CompareRow,
    DocumentCreate,
    DocumentUpdate,
    VersionCreate,
)
from dayone.errors import Conflict, InvalidInput, NotFound
from dayone.org.fields import clean_text
from dayone.org.models import Person

TEMPLATES = Path(__file__).parent / "templates_md"


def template(doc_type: DocumentType) -> str:
    return (TEMPLATES / f"{doc_type.value}.md").read_text(encoding="utf-8")


def _system(actor: Actor) -> bool:
    """The command line acts for the machine's owner, who holds the database anyway."""
    return actor.user_id is None and actor.person_id is None


def can_read(actor: Actor, doc: Document, session: Session | None = None) -> bool:
    """Author, explicit shares, everyone once shared with all — and a review's invitees."""
    if _system(actor) or doc.shared_with_all or doc.author_id == actor.person_id:
        return True
    if any(s.person_id == actor.person_id for s in doc.shares):
        return True
    if session is None or actor.person_id is None:
        return False
    from dayone.documents.models import Review, ReviewInvitee

    invited = select(Review.id).join(ReviewInvitee).where(
        Review.document_id == doc.id, ReviewInvitee.person_id == actor.person_id)
    return session.scalar(invited.limit(1)) is not None


def can_edit(actor: Actor, doc: Document) -> bool:
    if _system(actor):
        return True
    if not actor.at_least(Role.MEMBER):
        return False
    return doc.author_id == actor.person_id or any(
        s.person_id == actor.person_id and s.can_edit for s in doc.shares)


def get(session: Session, actor: Actor, document_id: int) -> Document:
    """The document, or NotFound — also when it exists but is private to others."""
    doc = session.get(Document, document_id, options=[selectinload(Document.shares),
                                                     joinedload(Document.author)])
    if doc is None or not can_read(actor, doc, session):
        raise NotFound(f"No document with id {document_id} that you can see.")
    if doc.archived_at is not None:  # said only to those who may read it: a private draft stays unknown
        from dayone.db.archivable import archived_error

        raise archived_error("document", doc.id, doc.title, doc, "documents")
    return doc


def readable_ids(actor: Actor) -> Select[int] | None:
    """The ids of the documents the actor may read, as a subquery (None: every document).
    The same rule as ``can_read``, for queries that filter many documents at once (the
    portfolio, search)."""
    if _system(actor):
        return None
    from dayone.documents.models import Review, ReviewInvitee

    shared = select(DocumentShare.document_id).where(DocumentShare.person_id == actor.person_id)
    invited = select(Review.document_id).join(ReviewInvitee).where(
        ReviewInvitee.person_id == actor.person_id)
    return select(Document.id).where(or_(Document.shared_with_all, Document.author_id == actor.person_id,
                                         Document.id.in_(shared), Document.id.in_(invited)))


def list_visible(session: Session, actor: Actor) -> list[Document]:
    query = (select(Document).options(joinedload(Document.author), selectinload(Document.shares))
             .where(Document.archived_at.is_(None)))
    readable = readable_ids(actor)
    if readable is not None:
        query = query.where(Document.id.in_(readable))
    return list(session.scalars(query.order_by(Document.updated_at.desc(), Document.id.desc())))


def _author(session: Session, actor: Actor, author_id: int | None) -> int:
    if author_id is not None:
        if session.get(Person, author_id) is None:
            raise InvalidInput(f"author_id: no person with id {author_id}.", field="author_id")
        return author_id
    if actor.person_id is None:
        raise InvalidInput("author: name the author (--author EMAIL) when acting from the command line.",
                           field="author_id")
    return actor.person_id


def create(session: Session, actor: Actor, data: DocumentCreate, *,
           author_id: int | None = None) -> Document:
    require_role(actor, Role.MEMBER, "write documents")
    doc = Document(title=clean_text("title", data.title, max_length=200, required=True),
                   doc_type=data.doc_type.value, author_id=_author(session, actor, author_id))
    session.add(doc)
    session.flush()
    body = data.body if data.body is not None else template(data.doc_type)
    _add_version(session, doc, body, doc.author_id, "created")
    audit.record(session, actor, "create", "document", doc.id, f"created {doc.doc_type} {doc.id}")
    session.refresh(doc)
    return doc


def _add_version(session: Session, doc: Document, body: str, author_id: int | None,
                 note: str) -> DocumentVersion:
    if "\x00" in body:
        raise InvalidInput("body: remove the NUL characters.", field="body")
    require_valid_front_matter(body)
    doc.latest_version += 1
    version = DocumentVersion(document_id=doc.id, number=doc.latest_version, body=body,
                              author_id=author_id, note=note)
    session.add(version)
    session.flush()
    return version


def version(session: Session, actor: Actor, document_id: int, number: int) -> DocumentVersion:
    get(session, actor, document_id)
    found = session.scalar(select(DocumentVersion).where(
        DocumentVersion.document_id == document_id, DocumentVersion.number == number))
    if found is None:
        raise NotFound(f"Document {document_id} has no version {number}.")
    return found


def versions(session: Session, actor: Actor, document_id: int) -> list[DocumentVersion]:
    get(session, actor, document_id)
    return list(session.scalars(select(DocumentVersion).options(joinedload(DocumentVersion.author))
                                .where(DocumentVersion.document_id == document_id)
                                .order_by(DocumentVersion.number.desc())))


def save(session: Session, actor: Actor, document_id: int, data: VersionCreate) -> DocumentVersion:
    """Save a new version. A save based on an older version is refused with a merge of the
    two texts, so nobody's words are lost."""
    doc = get(session, actor, document_id)
    require(can_edit(actor, doc), f"edit {doc.title!r}")
    # lock the row: two simultaneous saves must meet as a merge, not as a duplicate version number
    session.execute(select(Document.id).where(Document.id == doc.id).with_for_update())
    session.refresh(doc, attribute_names=["latest_version"])
    if data.base_version != doc.latest_version:
        base = version(session, actor, document_id, data.base_version).body \
            if 0 < data.base_version <= doc.latest_version else ""
        latest = version(session, actor, document_id, doc.latest_version)
        merged = merge3(base, data.body, latest.body)
        who = latest.author.name if latest.author else "someone"
        raise Conflict(
            f"{who} saved version {doc.latest_version} while you edited version {data.base_version}. "
            + ("Both changes merge cleanly: review the merge and save it." if not merged.conflicts else
               f"The texts are too long to merge line by line (over {MAX_DIFF_LINES:,} lines): both "
               "are kept whole between conflict markers; keep what you want and save."
               if merged.too_long else
               f"{merged.conflicts} passage(s) changed on both sides: resolve the marked conflicts "
               "and save."),
            details={"current_version": doc.latest_version, "your_version": data.base_version,
                     "merged_body": merged.text, "conflicts": merged.conflicts})
    note = clean_text("note", data.note, max_length=500)
    saved = _add_version(session, doc, data.body, actor.person_id, note)
    from dayone.documents.reviews import carry_forward

    carry_forward(session, doc, data.body, saved.number)
    audit.record(session, actor, "save", "document", doc.id, f"saved version {saved.number}")
    return saved


def update(session: Session, actor: Actor, document_id: int, data: DocumentUpdate) -> Document:
    require_role(actor, Role.MEMBER, "change documents")
    doc = get(session, actor, document_id)
    fields = data.model_fields_set
    if "shared_with_all" in fields or "state" in fields:
        require(_system(actor) or doc.author_id == actor.person_id,
                "change the state or the sharing of someone else's document")
    else:
        require(can_edit(actor, doc), f"edit {doc.title!r}")
    before = {"title": doc.title, "state": doc.state, "shared_with_all": doc.shared_with_all}
    if data.title is not None:
        doc.title = clean_text("title", data.title, max_length=200, required=True)
    if data.state is not None:
        doc.state = data.state.value
    if data.shared_with_all is not None:
        doc.shared_with_all = data.shared_with_all
    after = {"title": doc.title, "state": doc.state, "shared_with_all": doc.shared_with_all}
    if after != before:
        audit.record(session, actor, "update", "document", doc.id, "edited title, state or sharing",
                     before={k: v for k, v in before.items() if k != "title"},
                     after={k: v for k, v in after.items() if k != "title"})
    session.flush()
    return doc


def share(session: Session, actor: Actor, document_id: int, person_id: int, can_edit_it: bool) -> Document:
    require_role(actor, Role.MEMBER, "share documents")
    doc = get(session, actor, document_id)
    require(_system(actor) or doc.author_id == actor.person_id, "share someone else's document")
    person = session.get(Person, person_id)
    if person is None:
        raise InvalidInput(f"person_id: no person with id {person_id}.", field="person_id")
    if person.id == doc.author_id:
        raise InvalidInput("person_id: the author can already read and edit it.", field="person_id")
    existing = next((s for s in doc.shares if s.person_id == person_id), None)
    if existing is None:
        doc.shares.append(DocumentShare(person_id=person_id, can_edit=can_edit_it))
    else:
        existing.can_edit = can_edit_it
    audit.record(session, actor, "share", "document", doc.id,
                 f"shared with {person.name}" + (" (can edit)" if can_edit_it else ""))
    session.flush()
    session.refresh(doc)
    return doc


def unshare(session: Session, actor: Actor, document_id: int, person_id: int) -> Document:
    require_role(actor, Role.MEMBER, "share documents")
    doc = get(session, actor, document_id)
    require(_system(actor) or doc.author_id == actor.person_id, "change who sees someone else's document")
    existing = next((s for s in doc.shares if s.person_id == person_id), None)
    if existing is None:
        raise NotFound(f"Document {document_id} is not shared with person {person_id}.")
    doc.shares.remove(existing)
    audit.record(session, actor, "unshare", "document", doc.id, f"unshared from person {person_id}")
    session.flush()
    return doc


def compare(session: Session, actor: Actor, document_id: int, left: int, right: int) -> CompareOut:
    """Two versions side by side, line by line (each at most ``MAX_DIFF_LINES`` lines)."""
    a = version(session, actor, document_id, left).body.splitlines()
    b = version(session, actor, document_id, right).body.splitlines()
    for number, lines in ((left, a), (right, b)):
        if too_long(lines):
            raise InvalidInput(
                f"Version {number} has {len(lines):,} lines; versions are compared only up to "
                f"{MAX_DIFF_LINES:,} lines each. Export both (Markdown) and compare them with a diff tool.",
                details={"version": number, "lines": len(lines), "max_lines": MAX_DIFF_LINES})
    rows: list[CompareRow] = []
    for tag, i1, i2, j1, j2 in line_opcodes(a, b):
        for k in range(max(i2 - i1, j2 - j1)):
            li, rj = i1 + k, j1 + k
            rows.append(CompareRow(
                kind=tag,
                left_number=li + 1 if li < i2 else None, left=a[li] if li < i2 else None,
                right_number=rj + 1 if rj < j2 else None, right=b[rj] if rj < j2 else None))
    return CompareOut(left_version=left, right_version=right, rows=rows)


# --- checks (the settings and caps are in checking.py) --------------------------------

def check_draft(session: Session, actor: Actor, document_id: int, body: str,
                doc_type: str | None = None) -> tuple[CheckResult, str]:
    """The editor's check of unsaved text (pages estimated) and its rendered preview."""
    doc = get(session, actor, document_id)
    require_checkable(body)
    result = check_text(session, body, doc_type or doc.doc_type, layout_pages=False)
    return result, printing.markdown_to_html(strip_front_matter(body))


def check_version(session: Session, actor: Actor, document_id: int, number: int | None = None,
                  *, layout_pages: bool = True) -> CheckResult:
    doc = get(session, actor, document_id)
    saved = version(session, actor, document_id, number or doc.latest_version)
    return check_text(session, saved.body, doc.doc_type, layout_pages=layout_pages)
