"""Pages of one interview loop: its setup with the coverage findings, the interviewer's kit and
feedback form (saved as they type), and the debrief."""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from dayone.auth.permissions import Actor
from dayone.errors import InvalidInput, PermissionDenied, UserError
from dayone.hiring import debrief, feedback, loops, service
from dayone.hiring.api import PageActor, Writing
from dayone.hiring.models import LoopState, Vote
from dayone.hiring.schemas import STAR_PARTS, DecisionIn, FeedbackIn, InterviewerIn, VetoIn, VoteChangeIn
from dayone.web.forms import FormData, is_number, read_form, request_body, validation_message
from dayone.web.render import render

router = APIRouter(include_in_schema=False)
MAX_DRAFT_BYTES = 200_000


def _loop_page(request: Request, session: Session, actor: Actor, loop_id: int, *,
               error: UserError | None = None) -> Response:
    from dayone.org import service as org

    loop = loops.get(session, actor, loop_id)
    names = {p.id: p.name for p in service.principles(session)}
    return render(request, "hiring_loop.html", {
        "lp": loop, "findings": loops.findings(session, loop), "names": names,
        "needs": [(n.principle_id, n.principle.name) for n in loop.requisition.role.needs],
        "can_manage": loops.can_manage(actor, loop), "my_part": loops.role_of(loop, actor.person_id),
        "people": [(p.id, p.name) for p in org.list_people(session)],
        "pool": {b.person_id for b in service.bar_raisers(session)},
        "outcome": debrief.summary(loop), "state_label": LoopState(loop.state).label,
        "next_state": loops.MOVES.get(loop.state), "error": error}, status_code=error.status if error else 200)


@router.get("/hiring/loops/{loop_id}", response_class=HTMLResponse)
def loop_page(loop_id: int, request: Request, actor: PageActor,
              session: Writing) -> Response:
    return _loop_page(request, session, actor, loop_id)


def _act(request: Request, session: Session, actor: Actor, loop_id: int, action: Callable[[], Any],
         page: Callable[..., Response], to: str) -> Response:
    """Run a change; on a user error, roll back and show the page with the error."""
    try:
        action()
    except ValidationError as exc:
        session.rollback()
        return page(request, session, actor, loop_id, error=validation_message(exc))
    except UserError as exc:
        session.rollback()
        if exc.status in (401, 403, 404):
            raise
        return page(request, session, actor, loop_id, error=exc)
    session.commit()
    return RedirectResponse(to, status_code=303)


def _when(form: FormData, name: str) -> datetime | None:
    value = form.get(name).strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{name}: {value!r} is not a date and time; use the picker (YYYY-MM-DDTHH:MM).",
                           field=name) from None


@router.post("/hiring/loops/{loop_id}/interviewers")
def set_interviewer(loop_id: int, request: Request, actor: PageActor,
                    session: Writing) -> Response:
    form = read_form(request)

    def change() -> None:
        if not is_number(form.get("person_id")):
            raise InvalidInput("person_id: choose the interviewer.", field="person_id")
        from dayone import timezones

        zone = timezones.zone(actor.time_zone)
        starts, ends = (_when(form, n) for n in ("starts_at", "ends_at"))
        loops.set_interviewer(session, actor, loop_id, InterviewerIn(
            person_id=int(form.get("person_id")),
            starts_at=starts.replace(tzinfo=zone) if starts and starts.tzinfo is None else starts,
            ends_at=ends.replace(tzinfo=zone) if ends and ends.tzinfo is None else ends,
            principle_ids=[int(v) for v in form.getlist("principle_ids") if is_number(v)]))

    return _act(request, session, actor, loop_id, change, _loop_page, f"/hiring/loops/{loop_id}")


@router.post("/hiring/loops/{loop_id}/interviewers/{person_id}/remove")
def remove_interviewer(loop_id: int, person_id: int, request: Request, actor: PageActor,
                       session: Writing) -> Response:
    read_form(request)
    return _act(request, session, actor, loop_id, lambda: loops.remove_interviewer(session, actor, loop_id, person_id),
                _loop_page, f"/hiring/loops/{loop_id}")


@router.post("/hiring/loops/{loop_id}/bar-raiser")
def set_bar_raiser(loop_id: int, request: Request, actor: PageActor,
                   session: Writing) -> Response:
    form = read_form(request)
    chosen = int(form.get("bar_raiser_id")) if is_number(form.get("bar_raiser_id")) else None
    return _act(request, session, actor, loop_id, lambda: loops.set_bar_raiser(session, actor, loop_id, chosen),
                _loop_page, f"/hiring/loops/{loop_id}")


@router.post("/hiring/loops/{loop_id}/transition")
def transition(loop_id: int, request: Request, actor: PageActor,
               session: Writing) -> Response:
    form = read_form(request)
    return _act(request, session, actor, loop_id, lambda: loops.move(session, actor, loop_id, form.get("state")),
                _loop_page, f"/hiring/loops/{loop_id}")


# feedback ------------------------------------------------------------------------------------

def _feedback_page(request: Request, session: Session, actor: Actor, loop_id: int, *,
                   error: UserError | None = None, typed: dict[str, Any] | None = None) -> Response:
    loop = loops.get(session, actor, loop_id)
    interviews = any(i.person_id == actor.person_id for i in loop.interviewers)
    kit = feedback.kit(session, actor, loop_id) if interviews else None
    seen = feedback.view(session, actor, loop_id)
    names = {p.id: p.name for p in service.principles(session)}
    current = (kit.draft or kit.submitted) if kit else None
    session.commit()  # the reads are in the audit log
    return render(request, "hiring_feedback.html", {
        "lp": loop, "kit": kit, "view": seen, "names": names, "current": current, "typed": typed,
        "parts": STAR_PARTS, "scale": list(Vote), "writable": kit is not None and loop.state in feedback.WRITING_STATES,
        "error": error}, status_code=error.status if error else 200)


@router.get("/hiring/loops/{loop_id}/feedback", response_class=HTMLResponse)
def feedback_page(loop_id: int, request: Request, actor: PageActor,
                  session: Writing) -> Response:
    return _feedback_page(request, session, actor, loop_id)


def _feedback_in(fields: dict[str, str]) -> FeedbackIn:
    """The form's fields (``notes-<principle id>-<part>``, vote, reason) as the service's input."""
    notes: dict[int, dict[str, str]] = {}
    for key, value in fields.items():
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == "notes" and is_number(parts[1]) and parts[2] in STAR_PARTS:
            notes.setdefault(int(parts[1]), {})[parts[2]] = value
    try:
        return FeedbackIn.model_validate({"notes": notes, "vote": fields.get("vote") or None,
                                          "reason": fields.get("reason", ""),
                                          "correction_reason": fields.get("correction_reason", "")})
    except ValidationError as exc:
        raise validation_message(exc, FeedbackIn) from None


@router.post("/hiring/loops/{loop_id}/feedback")
def save_feedback(loop_id: int, request: Request, actor: PageActor,
                  session: Writing) -> Response:
    """Save the draft, or submit (the button pressed says which)."""
    form = read_form(request)
    fields = {k: v[-1] for k, v in form.fields.items()}
    try:
        data = _feedback_in(fields)
        if form.get("action") == "submit":
            feedback.submit(session, actor, loop_id, data)
        else:
            feedback.save_draft(session, actor, loop_id, data)
    except UserError as exc:
        session.rollback()
        if exc.status in (401, 403, 404):
            raise
        return _feedback_page(request, session, actor, loop_id, error=exc, typed=fields)
    session.commit()
    return RedirectResponse(f"/hiring/loops/{loop_id}/feedback", status_code=303)


@router.post("/hiring/loops/{loop_id}/feedback/draft")
def autosave(loop_id: int, request: Request, actor: PageActor,
             session: Writing) -> Response:
    """The feedback form saving itself as the interviewer types: JSON in (the form's fields), the
    time saved and the writing checker's findings out. Nothing is submitted here."""
    expected = request.session.get("csrf", "")
    if not expected or not hmac.compare_digest(expected, request.headers.get("x-csrf-token", "")):
        raise PermissionDenied("The page's security token is missing or expired; reload the page.")
    raw = request_body(request)
    if len(raw) > MAX_DRAFT_BYTES:
        raise InvalidInput(f"The draft is larger than {MAX_DRAFT_BYTES:,} bytes; shorten the notes.", field="body")
    try:
        fields = json.loads(raw)
        if not isinstance(fields, dict) or not all(isinstance(v, str) for v in fields.values()):
            raise TypeError
    except (ValueError, TypeError):
        raise InvalidInput("Send the form's fields as a JSON object of strings.", field="body") from None
    saved = feedback.save_draft(session, actor, loop_id, _feedback_in(fields))
    found = feedback.findings_of(session, saved)
    session.commit()
    return JSONResponse({"saved_at": saved.updated_at.isoformat(), "revision": saved.revision,
                         "findings": [f.to_dict() for f in found]})


# the debrief ---------------------------------------------------------------------------------

def _debrief_page(request: Request, session: Session, actor: Actor, loop_id: int, *,
                  error: UserError | None = None) -> Response:
    loop = loops.get(session, actor, loop_id)
    board = None
    if loop.state in (LoopState.DEBRIEF.value, LoopState.DECIDED.value) and feedback.seal_lifted(session, actor, loop):
        board = debrief.board(session, actor, loop_id)
    session.commit()
    mine = next((v for v in board.votes if v.person_id == actor.person_id), None) if board else None
    return render(request, "hiring_debrief.html", {
        "lp": loop, "board": board, "mine": mine, "scale": list(Vote), "outcome": debrief.summary(loop),
        "waiting": debrief.missing(session, loop), "state_label": LoopState(loop.state).label,
        "is_raiser": actor.person_id is not None and actor.person_id == loop.bar_raiser_id,
        "is_manager": actor.person_id == loop.requisition.hiring_manager_id,
        "can_open": loop.state in debrief.OPENABLE, "error": error}, status_code=error.status if error else 200)


@router.get("/hiring/loops/{loop_id}/debrief", response_class=HTMLResponse)
def debrief_page(loop_id: int, request: Request, actor: PageActor,
                 session: Writing) -> Response:
    return _debrief_page(request, session, actor, loop_id)


def _debrief_act(loop_id: int, request: Request, actor: Actor, session: Session,
                 action: Callable[[FormData], Any]) -> Response:
    form = read_form(request)
    return _act(request, session, actor, loop_id, lambda: action(form), _debrief_page,
                f"/hiring/loops/{loop_id}/debrief")


@router.post("/hiring/loops/{loop_id}/debrief/open")
def open_debrief(loop_id: int, request: Request, actor: PageActor,
                 session: Writing) -> Response:
    return _debrief_act(loop_id, request, actor, session, lambda form: debrief.open_debrief(
        session, actor, loop_id, form.get("override_reason")))


@router.post("/hiring/loops/{loop_id}/debrief/vote-change")
def change_vote(loop_id: int, request: Request, actor: PageActor,
                session: Writing) -> Response:
    return _debrief_act(loop_id, request, actor, session, lambda form: debrief.change_vote(
        session, actor, loop_id, VoteChangeIn(vote=form.get("vote"), reason=form.get("reason"))))


@router.post("/hiring/loops/{loop_id}/debrief/decision")
def decide(loop_id: int, request: Request, actor: PageActor,
           session: Writing) -> Response:
    return _debrief_act(loop_id, request, actor, session, lambda form: debrief.decide(
        session, actor, loop_id, DecisionIn.model_validate({"decision": form.get("decision"),
                                                            "reason": form.get("reason")})))


@router.post("/hiring/loops/{loop_id}/debrief/veto")
def veto(loop_id: int, request: Request, actor: PageActor,
         session: Writing) -> Response:
    return _debrief_act(loop_id, request, actor, session, lambda form: debrief.veto(
        session, actor, loop_id, VetoIn(reason=form.get("reason"))))
