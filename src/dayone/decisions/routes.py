"""Pages of the decision log: record a decision through the door questions, take a
position, decide, revisit; and the log's inspection."""

from __future__ import annotations

import contextlib
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require, require_role
from dayone.db.base import utcnow
from dayone.decisions import doors, export, inspection, service
from dayone.decisions.schemas import (
    DecisionCreate,
    DecisionEdit,
    DecisionOut,
    EscalationIn,
    PositionIn,
    RevisitIn,
)
from dayone.documents import service as documents
from dayone.errors import InvalidInput, NotFound, UserError, ValidationFailed
from dayone.org import service as org
from dayone.web.deps import db, page_actor, workspace
from dayone.web.field_errors import combined
from dayone.web.forms import FormData, is_number, read_form, validation_message
from dayone.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/decisions", response_class=HTMLResponse)
def log_page(request: Request, actor: Actor = Depends(page_actor),
                   session: Session = Depends(db)) -> Response:
    decisions = service.list_all(session)
    stuck = workspace(request).settings.type2_stuck_days
    return render(request, "decisions.html", {
        "decisions": [DecisionOut.of(d, service.readable_by(session, actor)) for d in decisions],
        "stats": inspection.stats(decisions),
        "findings": [f.to_dict() for f in inspection.findings(session, decisions, stuck_days=stuck)],
        "due": service.due_revisits(session, utcnow().date()), "stuck_days": stuck})


def _new_context(session: Session, actor: Actor, form: dict[str, Any]) -> dict[str, Any]:
    return {"form": form, "questions": doors.QUESTIONS,
            "people": [(p.id, p.name) for p in org.list_people(session)],
            "documents": [(d.id, d.title) for d in documents.list_visible(session, actor)]}


@router.get("/decisions/new", response_class=HTMLResponse)
def new_page(request: Request, actor: Actor = Depends(page_actor),
                   session: Session = Depends(db)) -> Response:
    require_role(actor, Role.MEMBER, "record decisions")
    return render(request, "decision_new.html", _new_context(session, actor, {"owner_id": actor.person_id}))


def _from_form(form: FormData, decision_type: str | None) -> DecisionCreate:
    answers: dict[str, Any] = {key: form.get(key) for key in doors.QUESTIONS}
    answers[doors.MONEY_FIELD] = form.get(doors.MONEY_FIELD) or "0"
    # any id typed in, however long, goes to the one check (is_number would drop long ones silently)
    links = [{"kind": "document", "document_id": int(v)} for v in form.getlist("document_ids")
             if v.isascii() and v.isdigit() and len(v) <= 40]
    links += [{"kind": "url", "target": u.strip()} for u in form.get("urls").splitlines() if u.strip()]
    condition = None
    if form.get("revisit_metric").strip():
        condition = {"metric": form.get("revisit_metric"), "operator": form.get("revisit_operator"),
                     "threshold": form.get("revisit_threshold")}
    data = {
        "title": form.get("title"), "context": form.get("context"),
        "options": [o for o in form.get("options").splitlines() if o.strip()],
        "choice": form.get("choice"), "reasoning": form.get("reasoning"),
        "consequences": form.get("consequences"),
        "owner_id": int(form.get("owner_id")) if is_number(form.get("owner_id")) else None,
        "info_percent": form.get("info_percent") or None, "type_answers": answers,
        "decision_type": decision_type, "type_justification": form.get("type_justification"),
        "approver_ids": [int(v) for v in form.getlist("approver_ids") if is_number(v)], "links": links,
        "revisit_on": form.get("revisit_on") or None, "revisit_condition": condition,
        "decide_now": form.get("decide_now") == "on",
    }
    try:
        return DecisionCreate.model_validate(data)
    except ValidationError as exc:
        raise validation_message(exc) from None


@router.post("/decisions/new", response_class=HTMLResponse)
def create(request: Request, actor: Actor = Depends(page_actor),
                 session: Session = Depends(db)) -> Response:
    require_role(actor, Role.MEMBER, "record decisions")
    form = read_form(request)
    values = {k: (v if k.endswith("_ids") else v[-1]) for k, v in form.fields.items()}
    try:
        chosen = form.get("decision_type") or None
        problems: list[UserError] = []  # the door questions' mistakes named with the other fields'
        try:
            proposal = doors.propose({k: form.get(k) for k in [*doors.QUESTIONS, doors.MONEY_FIELD]})
        except ValidationFailed as exc:
            problems.append(exc)
        try:
            data = _from_form(form, chosen)
        except InvalidInput as exc:
            problems.insert(0, exc)
        if problems:
            raise combined(problems)
        if not chosen:  # first pass: show the proposal and its reasons, let the owner confirm
            values["decision_type"] = proposal.proposed.value
            return render(request, "decision_new.html", {**_new_context(session, actor, values),
                                                         "proposal": proposal})
        made = service.create(session, actor, data)
    except UserError as exc:
        session.rollback()
        proposal = None
        with contextlib.suppress(UserError):
            proposal = doors.propose({k: form.get(k) for k in [*doors.QUESTIONS, doors.MONEY_FIELD]})
        return render(request, "decision_new.html", {**_new_context(session, actor, values),
                                                     "proposal": proposal, "error": exc},
                      status_code=exc.status)
    session.commit()
    return RedirectResponse(f"/decisions/{made.id}", status_code=303)


@router.get("/decisions/export.csv")
def export_csv(actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    return Response(export.csv_log(service.list_all(session)), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="decisions.csv"'})


@router.get("/decisions/{decision_id}", response_class=HTMLResponse)
def decision_page(decision_id: int, request: Request, actor: Actor = Depends(page_actor),
                        session: Session = Depends(db)) -> Response:
    decision = service.get(session, decision_id)
    missing = service.missing_for_type1(session, decision) if decision.decision_type == "type-1" else []
    return render(request, "decision.html", {
        "d": DecisionOut.of(decision, service.readable_by(session, actor)), "missing": missing,
        "is_owner": actor.person_id == decision.owner_id,
        "is_approver": any(a.person_id == actor.person_id and a.approved_at is None
                           for a in decision.approvers),
        "people": [(p.id, p.name) for p in org.list_people(session)],
        "answers": decision.type_answers, "questions": doors.QUESTIONS,
        "reading": service.revisit_reading(session, decision),
        "versions": service.versions(session, decision_id)})


def _edit_from_form(form: FormData) -> DecisionEdit:
    info = form.get("info_percent").strip()
    data = {"version": form.get("version") or "0", "title": form.get("title"), "context": form.get("context"),
            "options": [o for o in form.get("options").splitlines() if o.strip()],
            "choice": form.get("choice"), "reasoning": form.get("reasoning"),
            "consequences": form.get("consequences"), "info_percent": info or None,
            "revisit_on": form.get("revisit_on") or None, "note": form.get("note")}
    try:
        return DecisionEdit.model_validate(data)
    except ValidationError as exc:
        raise validation_message(exc, DecisionEdit) from None


@router.get("/decisions/{decision_id}/edit", response_class=HTMLResponse)
def edit_page(decision_id: int, request: Request, actor: Actor = Depends(page_actor),
              session: Session = Depends(db)) -> Response:
    decision = service.get(session, decision_id)
    require(actor.person_id == decision.owner_id, f"edit {decision.title!r}: only its owner may")
    return render(request, "decision_edit.html", {"d": DecisionOut.of(decision), "form": {}})


@router.post("/decisions/{decision_id}/edit", response_class=HTMLResponse)
def edit(decision_id: int, request: Request, actor: Actor = Depends(page_actor),
         session: Session = Depends(db)) -> Response:
    form = read_form(request)
    try:
        service.edit(session, actor, decision_id, _edit_from_form(form))
    except UserError as exc:
        session.rollback()
        values = {k: v[-1] for k, v in form.fields.items()}
        return render(request, "decision_edit.html", {"d": DecisionOut.of(service.get(session, decision_id)),
                                                      "form": values, "error": exc}, status_code=exc.status)
    session.commit()
    return RedirectResponse(f"/decisions/{decision_id}", status_code=303)


@router.get("/decisions/{decision_id}/versions/{number}", response_class=HTMLResponse)
def version_page(decision_id: int, number: int, request: Request, actor: Actor = Depends(page_actor),
                 session: Session = Depends(db)) -> Response:
    found = next((v for v in service.versions(session, decision_id) if v.number == number), None)
    if found is None:
        raise NotFound(f"Decision {decision_id} has no version {number}.")
    return render(request, "decision_version.html", {"d": service.get(session, decision_id), "v": found})


@router.get("/decisions/{decision_id}/export.md")
def export_md(decision_id: int, actor: Actor = Depends(page_actor),
                    session: Session = Depends(db)) -> Response:
    text = export.markdown(service.get(session, decision_id), service.readable_by(session, actor))
    return Response(text, media_type="text/markdown; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="decision-{decision_id}.md"'})


def _act(request: Request, decision_id: int, session: Session, action: Any) -> Response:
    form = read_form(request)
    try:
        action(form)
    except ValidationError as exc:
        raise validation_message(exc) from None
    session.commit()
    return RedirectResponse(f"/decisions/{decision_id}", status_code=303)


@router.post("/decisions/{decision_id}/decide")
def decide(decision_id: int, request: Request, actor: Actor = Depends(page_actor),
                 session: Session = Depends(db)) -> Response:
    return _act(request, decision_id, session, lambda f: service.decide(session, actor, decision_id))


@router.post("/decisions/{decision_id}/approve")
def approve(decision_id: int, request: Request, actor: Actor = Depends(page_actor),
                  session: Session = Depends(db)) -> Response:
    return _act(request, decision_id, session, lambda f: service.approve(session, actor, decision_id))


@router.post("/decisions/{decision_id}/position")
def position(decision_id: int, request: Request, actor: Actor = Depends(page_actor),
                   session: Session = Depends(db)) -> Response:
    return _act(request, decision_id, session, lambda f: service.record_position(
        session, actor, decision_id, PositionIn(stance=f.get("stance"), view=f.get("view"),
                                                commit=f.get("commit") == "on")))


@router.post("/decisions/{decision_id}/escalate")
def escalate(decision_id: int, request: Request, actor: Actor = Depends(page_actor),
                   session: Session = Depends(db)) -> Response:
    def run(f: FormData) -> None:
        if not is_number(f.get("to_person_id")):
            raise InvalidInput("to_person_id: choose who to escalate to.", field="to_person_id")
        service.escalate(session, actor, decision_id,
                         EscalationIn(to_person_id=int(f.get("to_person_id")), reason=f.get("reason")))

    return _act(request, decision_id, session, run)


@router.post("/decisions/{decision_id}/revisit")
def revisit(decision_id: int, request: Request, actor: Actor = Depends(page_actor),
                  session: Session = Depends(db)) -> Response:
    return _act(request, decision_id, session, lambda f: service.revisit(
        session, actor, decision_id, RevisitIn(outcome=f.get("outcome"), notes=f.get("notes"))))


