"""The documents API: documents, versions, sharing, checks, comparison, export."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from dayone.auth.permissions import Actor
from dayone.documents import printing, service
from dayone.documents.checks import CheckResult
from dayone.documents.checks.text import strip_front_matter
from dayone.documents.schemas import (
    CheckOut,
    CheckRequest,
    CompareOut,
    DocumentCreate,
    DocumentOut,
    DocumentUpdate,
    FindingOut,
    ShareCreate,
    VersionCreate,
    VersionOut,
)
from dayone.web.deps import api_actor, api_admin, db
from dayone.web.paging import Page, paging

router = APIRouter(prefix="/api/v1", tags=["documents"])


def check_out(result: CheckResult, *, preview: str | None = None) -> CheckOut:
    findings = []
    for f in result.findings:
        loc = f.location
        findings.append(FindingOut(code=f.code, level=f.level.value, message=f.message,
                                   suggestion=f.suggestion, line=loc.line, column=loc.column,
                                   end_line=loc.end_line, end_column=loc.end_column,
                                   priority=f.priority or "major"))
    return CheckOut(doc_type=result.doc_type, findings=findings, stats=result.stats,
                    preview_html=preview)


@router.get("/documents", response_model=list[DocumentOut])
def list_documents(actor: Actor = Depends(api_actor), session: Session = Depends(db),
                   page: Page = Depends(paging)) -> list[DocumentOut]:
    return [DocumentOut.of(d) for d in page.of(service.list_visible(session, actor))]


@router.post("/documents", response_model=DocumentOut, status_code=201)
def create_document(body: DocumentCreate, actor: Actor = Depends(api_actor),
                          session: Session = Depends(db)) -> DocumentOut:
    doc = service.create(session, actor, body)
    session.commit()
    return DocumentOut.of(service.get(session, actor, doc.id))


@router.get("/documents/{document_id}", response_model=DocumentOut)
def get_document(document_id: int, actor: Actor = Depends(api_actor),
                       session: Session = Depends(db)) -> DocumentOut:
    return DocumentOut.of(service.get(session, actor, document_id))


@router.patch("/documents/{document_id}", response_model=DocumentOut)
def update_document(document_id: int, body: DocumentUpdate, actor: Actor = Depends(api_actor),
                          session: Session = Depends(db)) -> DocumentOut:
    doc = service.update(session, actor, document_id, body)
    session.commit()
    return DocumentOut.of(doc)


@router.get("/documents/{document_id}/versions", response_model=list[VersionOut])
def list_versions(document_id: int, actor: Actor = Depends(api_actor),
                  session: Session = Depends(db), page: Page = Depends(paging)) -> list[VersionOut]:
    return [VersionOut.of(v) for v in page.of(service.versions(session, actor, document_id))]


@router.post("/documents/{document_id}/versions", response_model=VersionOut, status_code=201)
def save_version(document_id: int, body: VersionCreate, actor: Actor = Depends(api_actor),
                       session: Session = Depends(db)) -> VersionOut:
    saved = service.save(session, actor, document_id, body)
    session.commit()
    return VersionOut.of(saved, with_body=True)


@router.get("/documents/{document_id}/versions/{number}", response_model=VersionOut)
def get_version(document_id: int, number: int, actor: Actor = Depends(api_actor),
                      session: Session = Depends(db)) -> VersionOut:
    return VersionOut.of(service.version(session, actor, document_id, number), with_body=True)


@router.get("/documents/{document_id}/compare", response_model=CompareOut)
def compare(document_id: int, left: int = Query(..., ge=1), right: int = Query(..., ge=1),
                  actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> CompareOut:
    return service.compare(session, actor, document_id, left, right)


@router.get("/documents/{document_id}/check", response_model=CheckOut)
def check_saved(document_id: int, version: int | None = Query(None, ge=1),
                actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> CheckOut:
    # synchronous on purpose: laying pages out takes ~150 ms, so it runs in the thread pool
    return check_out(service.check_version(session, actor, document_id, version))


@router.post("/documents/{document_id}/check", response_model=CheckOut)
def check_draft(document_id: int, body: CheckRequest, actor: Actor = Depends(api_actor),
                      session: Session = Depends(db)) -> CheckOut:
    """Check unsaved text as the editor does (pages estimated), with its rendered preview.
    The text is refused (422) over MAX_CHECK_CHARS characters or MAX_CHECK_LINES lines."""
    result, preview = service.check_draft(session, actor, document_id, body.body,
                                          body.doc_type.value if body.doc_type else None)
    return check_out(result, preview=preview)


@router.post("/documents/{document_id}/shares", response_model=DocumentOut)
def share(document_id: int, body: ShareCreate, actor: Actor = Depends(api_actor),
                session: Session = Depends(db)) -> DocumentOut:
    doc = service.share(session, actor, document_id, body.person_id, body.can_edit)
    session.commit()
    return DocumentOut.of(doc)


@router.delete("/documents/{document_id}/shares/{person_id}", response_model=DocumentOut)
def unshare(document_id: int, person_id: int, actor: Actor = Depends(api_actor),
                  session: Session = Depends(db)) -> DocumentOut:
    doc = service.unshare(session, actor, document_id, person_id)
    session.commit()
    return DocumentOut.of(doc)


@router.get("/documents/{document_id}/export")
def export(document_id: int, format: str = Query("md", pattern="^(md|pdf)$"),
           paper: str = Query("A4", pattern="^(A4|Letter)$"), actor: Actor = Depends(api_actor),
           session: Session = Depends(db)) -> Response:
    return export_response(session, actor, document_id, format, paper)


def export_response(session: Session, actor: Actor, document_id: int, fmt: str, paper: str) -> Response:
    doc = service.get(session, actor, document_id)
    body = service.version(session, actor, document_id, doc.latest_version).body
    if fmt == "pdf":
        body = strip_front_matter(body)
    name = "".join(c if c.isalnum() or c in "-_" else "-" for c in doc.title.lower()).strip("-") or "document"
    if fmt == "pdf":
        pdf = printing.write_pdf(body, title=doc.title, paper=paper)
        return Response(pdf, media_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'})
    return Response(body, media_type="text/markdown; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.md"'})


@router.get("/checks/settings")
def get_check_settings(actor: Actor = Depends(api_actor),
                             session: Session = Depends(db)) -> dict[str, Any]:
    return service.check_settings(session)


@router.put("/checks/settings")
def put_check_settings(body: dict[str, Any], actor: Actor = Depends(api_admin),
                             session: Session = Depends(db)) -> dict[str, Any]:
    saved = service.set_check_settings(session, actor, body)
    session.commit()
    return saved
