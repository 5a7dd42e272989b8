"""Pages of the silent-reading review: schedule it, read and comment, discuss, decide."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from dayone import timezones
from dayone.auth.permissions import Actor, require
from dayone.documents import printing, reviews, service
from dayone.documents.checks.text import strip_front_matter
from dayone.documents.models import ReviewOutcome, ReviewState
from dayone.documents.review_api import review_out
from dayone.documents.schemas import CommentOut, DocumentOut
from dayone.errors import InvalidInput, UserError
from dayone.org import service as org
from dayone.web.deps import db, page_actor
from dayone.web.field_errors import combined
from dayone.web.forms import is_number, read_form, require_filled
from dayone.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/reviews", response_class=HTMLResponse)
def reviews_page(request: Request, actor: Actor = Depends(page_actor),
                       session: Session = Depends(db)) -> Response:
    return render(request, "reviews.html", {"reviews": [review_out(r) for r in
                                                        reviews.list_for(session, actor)]})


def _schedule_context(session: Session, actor: Actor, document_id: int) -> dict[str, Any]:
    doc = service.get(session, actor, document_id)
    require(service.can_edit(actor, doc), f"schedule a review of {doc.title!r}")
    return {"doc": DocumentOut.of(doc), "form": {},
            "people": [(p.id, p.name) for p in org.list_people(session) if p.id != doc.author_id]}


@router.get("/documents/{document_id}/reviews/new", response_class=HTMLResponse)
def schedule_page(document_id: int, request: Request, actor: Actor = Depends(page_actor),
                        session: Session = Depends(db)) -> Response:
    return render(request, "review_new.html", _schedule_context(session, actor, document_id))


def _when(value: str, actor: Actor) -> datetime:
    """The time typed in the form, on the wall clock of the organizer's time zone."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput("When must be a date and time such as 2027-03-03 10:00.",
                           field="scheduled_for") from None
    return timezones.from_wall_clock(moment, timezones.zone(actor.time_zone), field="scheduled_for")


@router.post("/documents/{document_id}/reviews/new", response_class=HTMLResponse)
def schedule(document_id: int, request: Request, actor: Actor = Depends(page_actor),
                   session: Session = Depends(db)) -> Response:
    form = read_form(request)
    try:
        require_filled(form, {"scheduled_for": "When", "reading_minutes": "Silent reading"})
        minutes, problems = form.get("reading_minutes", "20"), []
        if not is_number(minutes):
            problems.append(InvalidInput("Silent reading must be a whole number of minutes, such as 20.",
                                         field="reading_minutes"))
        try:
            when = _when(form.get("scheduled_for"), actor)
        except InvalidInput as exc:
            problems.append(exc)
        if problems:
            raise combined(problems)
        review = reviews.schedule(
            session, actor, document_id,
            invitee_ids=[int(v) for v in form.getlist("invitee_ids") if is_number(v)],
            scheduled_for=when, reading_minutes=int(minutes))
    except UserError as exc:
        session.rollback()
        return render(request, "review_new.html", {**_schedule_context(session, actor, document_id),
                                                   "error": exc, "form": {
                                                       "invitee_ids": form.getlist("invitee_ids"),
                                                       "scheduled_for": form.get("scheduled_for"),
                                                       "reading_minutes": form.get("reading_minutes")}},
                      status_code=exc.status)
    session.commit()
    return RedirectResponse(f"/reviews/{review.id}", status_code=303)


@router.get("/reviews/{review_id}", response_class=HTMLResponse)
def review_page(review_id: int, request: Request, actor: Actor = Depends(page_actor),
                      session: Session = Depends(db)) -> Response:
    return render(request, "review.html", _review_context(session, actor, review_id))


def _review_context(session: Session, actor: Actor, review_id: int) -> dict[str, Any]:
    review = reviews.get(session, actor, review_id)
    state = reviews.effective_state(review)
    body = service.version(session, actor, review.document_id, review.version_number).body
    doc = service.get(session, actor, review.document_id)
    threads = reviews.comments(session, actor, review.document_id, review_id=review_id)
    return {
        "review": review_out(review), "doc": DocumentOut.of(doc), "form": {},
        "html": printing.markdown_to_html(strip_front_matter(body)),
        "threads": [CommentOut.of(c) for c in threads],
        "is_organizer": actor.person_id == review.organizer_id,
        "is_author": actor.person_id == doc.author_id,
        "is_participant": actor.person_id in reviews.participant_ids(review),
        "outcomes": [o.value for o in ReviewOutcome],
        "reading": state is ReviewState.READING, "state": state.value,
    }


@router.post("/reviews/{review_id}/reschedule", response_class=HTMLResponse)
def reschedule(review_id: int, request: Request, actor: Actor = Depends(page_actor),
               session: Session = Depends(db)) -> Response:
    """Move a review still to come, the new time read on the organizer's clock like the
    scheduling form's; a bad time shows beside the field with what was typed kept."""
    form = read_form(request)
    try:
        require_filled(form, {"scheduled_for": "New time"})
        reviews.reschedule(session, actor, review_id, _when(form.get("scheduled_for"), actor))
    except InvalidInput as exc:
        session.rollback()
        return render(request, "review.html", {**_review_context(session, actor, review_id), "error": exc,
                                               "form": {"scheduled_for": form.get("scheduled_for")}},
                      status_code=exc.status)
    session.commit()
    return RedirectResponse(f"/reviews/{review_id}", status_code=303)


def _act(request: Request, review_id: int, session: Session, action: Any) -> Response:
    read_form(request)
    action()
    session.commit()
    return RedirectResponse(f"/reviews/{review_id}", status_code=303)


@router.post("/reviews/{review_id}/start")
def start(review_id: int, request: Request, actor: Actor = Depends(page_actor),
                session: Session = Depends(db)) -> Response:
    return _act(request, review_id, session, lambda: reviews.start(session, actor, review_id))


@router.post("/reviews/{review_id}/end-reading")
def end_reading(review_id: int, request: Request, actor: Actor = Depends(page_actor),
                      session: Session = Depends(db)) -> Response:
    return _act(request, review_id, session, lambda: reviews.end_reading(session, actor, review_id))


@router.post("/reviews/{review_id}/outcome")
def outcome(review_id: int, request: Request, actor: Actor = Depends(page_actor),
                  session: Session = Depends(db)) -> Response:
    form = read_form(request)
    try:
        chosen = ReviewOutcome(form.get("outcome"))
    except ValueError:
        raise InvalidInput("outcome: choose approved, revise, parked or rejected.", field="outcome") from None
    reviews.record_outcome(session, actor, review_id, chosen, form.get("reason"))
    session.commit()
    return RedirectResponse(f"/reviews/{review_id}", status_code=303)


@router.post("/reviews/{review_id}/comments")
def add_comment(review_id: int, request: Request, actor: Actor = Depends(page_actor),
                      session: Session = Depends(db)) -> Response:
    form = read_form(request)
    reviews.comment(session, actor, review_id, form.get("quote"), form.get("body"))
    session.commit()
    return RedirectResponse(f"/reviews/{review_id}#comments", status_code=303)


@router.post("/comments/{comment_id}/reply")
def add_reply(comment_id: int, request: Request, actor: Actor = Depends(page_actor),
                    session: Session = Depends(db)) -> Response:
    form = read_form(request)
    made = reviews.reply(session, actor, comment_id, form.get("body"))
    session.commit()
    return RedirectResponse(f"/reviews/{made.review_id}#comment-{comment_id}"
                            if made.review_id else f"/documents/{made.document_id}", status_code=303)


@router.post("/comments/{comment_id}/resolve")
def resolve(comment_id: int, request: Request, actor: Actor = Depends(page_actor),
                  session: Session = Depends(db)) -> Response:
    read_form(request)
    made = reviews.resolve(session, actor, comment_id)
    session.commit()
    return RedirectResponse(f"/reviews/{made.review_id}#comment-{comment_id}"
                            if made.review_id else f"/documents/{made.document_id}", status_code=303)
