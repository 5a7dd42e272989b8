"""Silent-reading reviews: schedule a meeting on a frozen version, read in silence
for a set time with comments anchored to the text, then discuss; record the outcome.

While the reading lasts each reader sees only their own comments, so nobody anchors
on the loudest voice. The reading ends when its time is up or when the organizer
ends it; then every comment is visible and threads open for replies.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dayone import audit
from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require, require_role
from dayone.db.base import utcnow
from dayone.documents import service as documents
from dayone.documents.models import (
    Comment,
    Document,
    DocumentState,
    Review,
    ReviewInvitee,
    ReviewOutcome,
    ReviewState,
)
from dayone.errors import Conflict, InvalidInput, NotFound
from dayone.org.fields import clean_text
from dayone.org.models import Person


def effective_state(review: Review, now: datetime | None = None) -> ReviewState:
    """The state now: a reading whose time is up is a discussion."""
    state = ReviewState(review.state)
    now = now or utcnow()
    if state is ReviewState.READING and review.reading_ends_at and now >= review.reading_ends_at:
        return ReviewState.DISCUSSION
    return state


def participant_ids(review: Review) -> set[int]:
    return {review.organizer_id, review.document.author_id} | {i.person_id for i in review.invitees}


def _load(session: Session, review_id: int) -> Review:
    review = session.get(Review, review_id, options=[selectinload(Review.invitees)])
    if review is None:
        raise NotFound(f"No review with id {review_id}.")
    return review


def get(session: Session, actor: Actor, review_id: int) -> Review:
    review = _load(session, review_id)
    documents.get(session, actor, review.document_id)  # NotFound unless the reader may see it
    return review


def list_for(session: Session, actor: Actor, document_id: int | None = None) -> list[Review]:
    query = select(Review).options(selectinload(Review.invitees)).order_by(Review.scheduled_for.desc())
    if document_id is not None:
        query = query.where(Review.document_id == document_id)
    reviews = list(session.scalars(query))
    visible = []
    for review in reviews:
        try:
            documents.get(session, actor, review.document_id)
        except NotFound:
            continue
        visible.append(review)
    return visible


def schedule(session: Session, actor: Actor, document_id: int, *, invitee_ids: list[int],
             scheduled_for: datetime, reading_minutes: int = 20, version: int | None = None) -> Review:
    require_role(actor, Role.MEMBER, "schedule reviews")
    doc = documents.get(session, actor, document_id)
    # invitees gain read access: only the author decides who reads a private draft
    require(doc.author_id == actor.person_id or (actor.user_id is None and actor.person_id is None),
            "schedule a review: only the document's author may")
    number = version or doc.latest_version
    documents.version(session, actor, document_id, number)
    if not 1 <= reading_minutes <= 180:
        raise InvalidInput("reading_minutes: give between 1 and 180 minutes (20 is usual).",
                           field="reading_minutes")
    if scheduled_for.tzinfo is None:
        raise InvalidInput("scheduled_for: give a time zone (e.g. 2027-03-03T10:00:00Z).",
                           field="scheduled_for")
    people = {p.id for p in session.scalars(select(Person).where(Person.id.in_(invitee_ids)))}
    missing = sorted(set(invitee_ids) - people)
    if missing:
        raise InvalidInput(f"invitee_ids: no person with id {', '.join(map(str, missing))}.",
                           field="invitee_ids")
    organizer = actor.person_id if actor.person_id is not None else doc.author_id
    review = Review(document_id=doc.id, version_number=number, organizer_id=organizer,
                    scheduled_for=scheduled_for, reading_minutes=reading_minutes)
    review.invitees = [ReviewInvitee(person_id=p) for p in dict.fromkeys(invitee_ids)
                       if p not in (organizer, doc.author_id)]
    session.add(review)
    if doc.state in (DocumentState.DRAFT.value, DocumentState.REVISE.value):
        doc.state = DocumentState.IN_REVIEW.value
    session.flush()
    audit.record(session, actor, "schedule", "review", review.id,
                 f"review of document {doc.id} v{number} with {len(review.invitees)} invitee(s)")
    return review


def reschedule(session: Session, actor: Actor, review_id: int, scheduled_for: datetime) -> Review:
    """Move a review that has not started to another time (organizer only); the invitees'
    calendars follow at the next `dayone notify send`."""
    review = get(session, actor, review_id)
    _organizer_only(actor, review, "reschedule the review")
    if review.state != ReviewState.SCHEDULED.value:
        raise Conflict(f"This review has already started (it is {effective_state(review).value}); "
                       "only a review still to come can move.")
    if scheduled_for.tzinfo is None:
        raise InvalidInput("scheduled_for: give a time zone (e.g. 2027-03-03T10:00:00Z).", field="scheduled_for")
    before = review.scheduled_for
    review.scheduled_for = scheduled_for
    audit.record(session, actor, "reschedule", "review", review.id,
                 f"{before.isoformat()} -> {scheduled_for.isoformat()}")
    return review


def _organizer_only(actor: Actor, review: Review, doing: str) -> None:
    require(actor.person_id == review.organizer_id or (actor.user_id is None and actor.person_id is None),
            f"{doing}: only the organizer may")


def start(session: Session, actor: Actor, review_id: int, *, now: datetime | None = None) -> Review:
    review = get(session, actor, review_id)
    _organizer_only(actor, review, "start the review")
    if review.state != ReviewState.SCHEDULED.value:
        raise Conflict(f"This review has already started (it is {effective_state(review).value}).")
    now = now or utcnow()
    review.state = ReviewState.READING.value
    review.started_at = now
    review.reading_ends_at = now + timedelta(minutes=review.reading_minutes)
    audit.record(session, actor, "start", "review", review.id,
                 f"silent reading for {review.reading_minutes} min")
    return review


def end_reading(session: Session, actor: Actor, review_id: int, *, now: datetime | None = None) -> Review:
    review = get(session, actor, review_id)
    _organizer_only(actor, review, "end the reading")
    if effective_state(review, now) is not ReviewState.READING:
        raise Conflict("The silent reading is not under way.")
    review.reading_ends_at = now or utcnow()
    review.state = ReviewState.DISCUSSION.value
    audit.record(session, actor, "end-reading", "review", review.id, "reading ended; discussion open")
    return review


def record_outcome(session: Session, actor: Actor, review_id: int, outcome: ReviewOutcome, reason: str,
                   *, decided_by_id: int | None = None) -> Review:
    review = get(session, actor, review_id)
    _organizer_only(actor, review, "record the outcome")
    if review.state == ReviewState.ENDED.value:
        raise Conflict(f"The outcome was already recorded: {review.outcome}.")
    if review.state == ReviewState.SCHEDULED.value:
        raise Conflict("The review has not started; start it and read first.")
    reason = clean_text("reason", reason, max_length=5000, required=True)
    decider = decided_by_id or actor.person_id or review.organizer_id
    if session.get(Person, decider) is None:
        raise InvalidInput(f"decided_by_id: no person with id {decider}.", field="decided_by_id")
    review.state = ReviewState.ENDED.value
    review.ended_at = utcnow()
    review.outcome = outcome.value
    review.outcome_reason = reason
    review.decided_by_id = decider
    doc = session.get(Document, review.document_id)
    assert doc is not None
    doc.state = outcome.value  # the states share their names
    audit.record(session, actor, "outcome", "review", review.id, f"outcome {outcome.value}")
    from dayone.mechanisms.service import record_builtin

    # the inspection page is seen by everyone, and a document may turn private later:
    # the stored summary names neither the document nor the reasons
    summary = f"Review {review.id}: {outcome.value}"
    record_builtin(session, "document-review", summary, link=f"/reviews/{review.id}",
                   on=review.ended_at.date())
    return review


# --- comments ----------------------------------------------------------------------

def locate(body: str, quote: str, occurrence: int = 0) -> tuple[int, int] | None:
    """Where the quoted passage is in the Markdown source, ignoring markup and spacing."""
    words = re.findall(r"\w+", quote)
    if not words:
        return None
    pattern = re.compile(r"[^\w]+".join(map(re.escape, words)))
    matches = list(pattern.finditer(body))
    if len(matches) <= occurrence:
        return None
    return matches[occurrence].start(), matches[occurrence].end()


def comment(session: Session, actor: Actor, review_id: int, quote: str, text: str,
            *, occurrence: int = 0) -> Comment:
    require_role(actor, Role.MEMBER, "comment in reviews")
    review = get(session, actor, review_id)
    require(actor.person_id in participant_ids(review), "comment: only the review's participants may")
    if effective_state(review) not in (ReviewState.READING, ReviewState.DISCUSSION):
        raise Conflict("Comments open when the review starts and close when it ends.")
    text = clean_text("body", text, max_length=5000, required=True)
    quote = clean_text("quote", quote, max_length=2000, required=True)
    body = documents.version(session, actor, review.document_id, review.version_number).body
    where = locate(body, quote, occurrence)
    if where is None:
        raise InvalidInput("quote: that passage is not in the version under review; select text "
                           "within one paragraph.", field="quote")
    made = Comment(document_id=review.document_id, review_id=review.id, author_id=actor.person_id,
                   version_number=review.version_number, first_version=review.version_number,
                   quote=body[where[0]:where[1]], anchor_start=where[0], anchor_end=where[1],
                   line=body.count("\n", 0, where[0]) + 1, body=text)
    session.add(made)
    session.flush()
    audit.record(session, actor, "comment", "review", review.id, f"comment {made.id}")
    return made


def _visible(actor: Actor, review: Review | None, root: Comment) -> bool:
    if review is None or effective_state(review) is not ReviewState.READING:
        return True
    return root.author_id == actor.person_id  # silent reading: only your own


def comments(session: Session, actor: Actor, document_id: int, *,
             review_id: int | None = None) -> list[Comment]:
    """Root comments the actor may see, with their replies, in reading order."""
    documents.get(session, actor, document_id)
    query = (select(Comment).options(selectinload(Comment.replies))
             .where(Comment.document_id == document_id, Comment.parent_id.is_(None))
             .order_by(Comment.anchor_start, Comment.id))
    if review_id is not None:
        query = query.where(Comment.review_id == review_id)
    roots = list(session.scalars(query))
    reviews = {r.id: r for r in session.scalars(select(Review).where(
        Review.id.in_({c.review_id for c in roots if c.review_id})))}
    return [c for c in roots if _visible(actor, reviews.get(c.review_id or -1), c)]


def _root(session: Session, actor: Actor, comment_id: int) -> Comment:
    found = session.get(Comment, comment_id)
    if found is None or found.parent_id is not None:
        raise NotFound(f"No comment thread with id {comment_id}.")
    review = session.get(Review, found.review_id) if found.review_id else None
    documents.get(session, actor, found.document_id)
    if not _visible(actor, review, found):
        raise NotFound(f"No comment thread with id {comment_id}.")
    return found


def reply(session: Session, actor: Actor, comment_id: int, text: str) -> Comment:
    require_role(actor, Role.MEMBER, "reply to comments")
    root = _root(session, actor, comment_id)
    review = session.get(Review, root.review_id) if root.review_id else None
    if review is not None and effective_state(review) is ReviewState.READING:
        raise Conflict("Replies open when the silent reading ends.")
    if review is not None:
        require(actor.person_id in participant_ids(review), "reply: only the review's participants may")
    made = Comment(document_id=root.document_id, review_id=root.review_id, parent_id=root.id,
                   author_id=actor.person_id, version_number=root.version_number,
                   first_version=root.first_version,
                   body=clean_text("body", text, max_length=5000, required=True))
    session.add(made)
    session.flush()
    audit.record(session, actor, "reply", "comment", root.id, f"reply to comment {root.id}")
    return made


def resolve(session: Session, actor: Actor, comment_id: int) -> Comment:
    root = _root(session, actor, comment_id)
    doc = session.get(Document, root.document_id)
    assert doc is not None
    require(doc.author_id == actor.person_id or (actor.user_id is None and actor.person_id is None),
            "resolve comments: only the document's author may")
    if root.resolved_at is None:
        root.resolved_at = utcnow()
        root.resolved_by_id = actor.person_id
        audit.record(session, actor, "resolve", "comment", root.id, f"resolved comment {root.id}")
    return root


def carry_forward(session: Session, doc: Document, new_body: str, new_number: int) -> int:
    """Move open comments to the new version where their passage still exists; return how many."""
    moved = 0
    query = select(Comment).where(Comment.document_id == doc.id, Comment.parent_id.is_(None),
                                  Comment.resolved_at.is_(None),
                                  Comment.version_number == new_number - 1)
    for open_comment in session.scalars(query):
        where = locate(new_body, open_comment.quote)
        if where is not None:
            open_comment.version_number = new_number
            open_comment.anchor_start, open_comment.anchor_end = where
            open_comment.line = new_body.count("\n", 0, where[0]) + 1
            moved += 1
    return moved


