"""Pages of the documents mechanism: the portfolio, the editor with live checks,
history, comparison, sharing and export."""

from __future__ import annotations

import hmac
import json
from collections import Counter
from typing import Any

import yaml
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from dayone import yamlfile
from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require_role
from dayone.documents import checking, printing, reviews, service
from dayone.documents.api import check_out, export_response
from dayone.documents.checks.engine import RULES
from dayone.documents.checks.text import strip_front_matter
from dayone.documents.models import DocumentState, DocumentType
from dayone.documents.review_api import review_out
from dayone.documents.schemas import (
    MAX_CHECK_CHARS,
    DocumentCreate,
    DocumentOut,
    DocumentUpdate,
    VersionCreate,
    VersionOut,
)
from dayone.errors import Conflict, InvalidInput, PermissionDenied, UserError
from dayone.org import service as org
from dayone.web.deps import db, page_actor, page_admin
from dayone.web.forms import is_number, parse_form, read_form, request_body
from dayone.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, actor: Actor = Depends(page_actor),
                         session: Session = Depends(db)) -> Response:
    docs = [DocumentOut.of(d) for d in service.list_visible(session, actor)]
    prfaqs = Counter(d.state.value for d in docs if d.doc_type is DocumentType.PRFAQ)
    return render(request, "documents.html", {
        "documents": docs, "states": [s.value for s in DocumentState], "portfolio": prfaqs})


@router.get("/documents/new", response_class=HTMLResponse)
def new_document_page(request: Request, actor: Actor = Depends(page_actor)) -> Response:
    require_role(actor, Role.MEMBER, "write documents")
    return render(request, "document_new.html", {"types": [t.value for t in DocumentType], "form": {}})


@router.post("/documents/new", response_class=HTMLResponse)
def create_document(request: Request, actor: Actor = Depends(page_actor),
                          session: Session = Depends(db)) -> Response:
    form = read_form(request)
    try:
        doc = service.create(session, actor, parse_form(form, DocumentCreate))
    except UserError as exc:
        session.rollback()
        return render(request, "document_new.html", {"types": [t.value for t in DocumentType],
                                                     "form": {"title": form.get("title")},
                                                     "error": exc}, status_code=exc.status)
    session.commit()
    return RedirectResponse(f"/documents/{doc.id}/edit", status_code=303)


def _document_context(session: Session, actor: Actor, document_id: int) -> dict[str, Any]:
    doc = service.get(session, actor, document_id)
    history = service.versions(session, actor, document_id)
    latest = history[0]
    return {
        "doc": DocumentOut.of(doc), "versions": [VersionOut.of(v) for v in history],
        "html": printing.markdown_to_html(strip_front_matter(latest.body)),
        "can_edit": service.can_edit(actor, doc), "is_author": doc.author_id == actor.person_id,
        "states": [s.value for s in DocumentState],
        "people": [(p.id, p.name) for p in org.list_people(session) if p.id != doc.author_id],
        "reviews": [review_out(r) for r in reviews.list_for(session, actor, document_id)],
    }


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(document_id: int, request: Request, actor: Actor = Depends(page_actor),
                  session: Session = Depends(db)) -> Response:
    context = _document_context(session, actor, document_id)
    result = service.check_version(session, actor, document_id)  # pages laid out: thread pool
    return render(request, "document.html", {**context, "check": check_out(result)})


def _editor(request: Request, session: Session, actor: Actor, document_id: int, *, body: str | None = None,
            base: int | None = None, error: UserError | None = None, status_code: int = 200) -> Response:
    doc = service.get(session, actor, document_id)
    if not service.can_edit(actor, doc):
        raise PermissionDenied(f"You may not edit {doc.title!r}; ask its author to share it with you.")
    latest = service.version(session, actor, document_id, doc.latest_version)
    return render(request, "document_edit.html", {
        "doc": DocumentOut.of(doc), "body": latest.body if body is None else body,
        "base_version": doc.latest_version if base is None else base, "error": error,
    }, status_code=status_code)


@router.get("/documents/{document_id}/edit", response_class=HTMLResponse)
def edit_page(document_id: int, request: Request, actor: Actor = Depends(page_actor),
                    session: Session = Depends(db)) -> Response:
    return _editor(request, session, actor, document_id)


@router.post("/documents/{document_id}/edit", response_class=HTMLResponse)
def save(document_id: int, request: Request, actor: Actor = Depends(page_actor),
               session: Session = Depends(db)) -> Response:
    form = read_form(request)
    try:
        data = parse_form(form, VersionCreate)
        service.save(session, actor, document_id, data)
    except Conflict as exc:
        session.rollback()
        details = exc.details or {}
        # show the merge, based on the newest version, so the next save goes through
        return _editor(request, session, actor, document_id, body=details.get("merged_body"),
                       base=details.get("current_version"), error=exc, status_code=409)
    except UserError as exc:
        session.rollback()
        base = int(form.get("base_version")) if is_number(form.get("base_version")) else 0
        return _editor(request, session, actor, document_id, body=form.get("body"), base=base, error=exc,
                       status_code=exc.status)
    session.commit()
    return RedirectResponse(f"/documents/{document_id}", status_code=303)


@router.post("/documents/{document_id}/live-check")
def live_check(document_id: int, request: Request, actor: Actor = Depends(page_actor),
                     session: Session = Depends(db)) -> Response:
    """The editor's checks as you type: JSON in, findings and preview out."""
    expected = request.session.get("csrf", "")
    if not hmac.compare_digest(expected, request.headers.get("x-csrf-token", "")) or not expected:
        raise PermissionDenied("The page's security token is missing or expired; reload the page.")
    raw = request_body(request)
    if len(raw) > 6 * MAX_CHECK_CHARS:  # JSON spends at most six bytes on a character
        raise service.too_long_to_check(f"a request of {len(raw):,} bytes")
    try:
        payload = json.loads(raw)
        body = payload["body"]
        if not isinstance(body, str):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise InvalidInput('body: send {"body": "<markdown>"} as JSON.', field="body") from None
    result, preview = service.check_draft(session, actor, document_id, body)  # a second at most: capped
    out = check_out(result, preview=preview)
    return JSONResponse(out.model_dump())


@router.get("/documents/{document_id}/versions/{number}", response_class=HTMLResponse)
def version_page(document_id: int, number: int, request: Request,
                       actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    doc = service.get(session, actor, document_id)
    saved = service.version(session, actor, document_id, number)
    return render(request, "document_version.html", {
        "doc": DocumentOut.of(doc), "version": VersionOut.of(saved, with_body=True),
        "html": printing.markdown_to_html(strip_front_matter(saved.body))})


@router.get("/documents/{document_id}/compare", response_class=HTMLResponse)
def compare_page(document_id: int, request: Request, left: int = Query(..., ge=1),
                       right: int = Query(..., ge=1), actor: Actor = Depends(page_actor),
                       session: Session = Depends(db)) -> Response:
    doc = service.get(session, actor, document_id)
    return render(request, "document_compare.html", {
        "doc": DocumentOut.of(doc), "diff": service.compare(session, actor, document_id, left, right)})


@router.post("/documents/{document_id}/settings", response_class=HTMLResponse)
def settings(document_id: int, request: Request, actor: Actor = Depends(page_actor),
                   session: Session = Depends(db)) -> Response:
    form = read_form(request)
    data = parse_form(form, DocumentUpdate)
    service.update(session, actor, document_id, data)
    session.commit()
    return RedirectResponse(f"/documents/{document_id}", status_code=303)


@router.post("/documents/{document_id}/share", response_class=HTMLResponse)
def share(document_id: int, request: Request, actor: Actor = Depends(page_actor),
                session: Session = Depends(db)) -> Response:
    form = read_form(request)
    if not is_number(form.get("person_id")):
        raise InvalidInput("person_id: choose a person to share with.", field="person_id")
    service.share(session, actor, document_id, int(form.get("person_id")), form.get("can_edit") == "on")
    session.commit()
    return RedirectResponse(f"/documents/{document_id}", status_code=303)


@router.post("/documents/{document_id}/unshare/{person_id}", response_class=HTMLResponse)
def unshare(document_id: int, person_id: int, request: Request, actor: Actor = Depends(page_actor),
                  session: Session = Depends(db)) -> Response:
    read_form(request)
    service.unshare(session, actor, document_id, person_id)
    session.commit()
    return RedirectResponse(f"/documents/{document_id}", status_code=303)


@router.get("/documents/{document_id}/export")
def export(document_id: int, format: str = Query("md", pattern="^(md|pdf)$"),
           paper: str = Query("A4", pattern="^(A4|Letter)$"), actor: Actor = Depends(page_actor),
           session: Session = Depends(db)) -> Response:
    return export_response(session, actor, document_id, format, paper)


@router.get("/admin/checks", response_class=HTMLResponse)
def checks_page(request: Request, actor: Actor = Depends(page_admin),
                      session: Session = Depends(db)) -> Response:
    problems = checking.settings_problems(session)  # stored before a rule changed, or around the app
    notice = ("The saved rules have problems; documents are checked as if these were not set: "
              + " ".join(p.message for p in problems)) if problems else None
    return _checks(request, yaml.safe_dump(service.check_settings(session), sort_keys=True) or "",
                   notice=notice)


def _checks(request: Request, text: str, *, error: UserError | None = None, notice: str | None = None,
            status_code: int = 200) -> Response:
    rules = [(r.code, r.level.value, r.summary, r.defaults, sorted(r.doc_types)) for r in RULES.values()]
    return render(request, "admin_checks.html", {"text": text, "rules": rules, "error": error,
                                                 "notice": notice}, status_code=status_code)


@router.post("/admin/checks", response_class=HTMLResponse)
def save_checks(request: Request, actor: Actor = Depends(page_admin),
                      session: Session = Depends(db)) -> Response:
    form = read_form(request)
    text = form.get("settings")
    try:
        loaded = yamlfile.load(text, file="settings", limits=yamlfile.SETTINGS) if text.strip() else {}
        if isinstance(loaded, dict):
            loaded = {str(k): v for k, v in loaded.items()}
        if not isinstance(loaded, dict):
            raise InvalidInput("settings: write a mapping of rule codes, e.g. `passive-voice: off`.",
                               field="settings")
        service.set_check_settings(session, actor, loaded)
    except UserError as exc:
        session.rollback()
        return _checks(request, text, error=exc, status_code=exc.status)
    session.commit()
    return _checks(request, text, notice="Saved: every document is now checked with these rules.")
