"""My week, from document reviews: the reviews a person is invited to (and the silent reading
under way now), and, for the organizer, a review to start or an outcome to record. A review of
a document the person may not read is never shown (not even its title)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from dayone.agenda.items import AgendaItem
from dayone.auth.permissions import Actor
from dayone.documents import service as documents
from dayone.documents.models import Review, ReviewInvitee, ReviewState
from dayone.documents.reviews import effective_state


def agenda_items(session: Session, person: Actor, now: datetime) -> list[AgendaItem]:
    """The open reviews that wait on ``person``."""
    me = person.person_id
    if me is None:
        return []
    invited = select(ReviewInvitee.review_id).where(ReviewInvitee.person_id == me)
    query = (select(Review).options(selectinload(Review.invitees), selectinload(Review.document))
             .where(Review.state != ReviewState.ENDED.value,
                    or_(Review.organizer_id == me, Review.id.in_(invited))))
    items = []
    for review in session.scalars(query):
        if review.document.archived_at is not None or not documents.can_read(person, review.document, session):
            continue
        item = _item(review, me, effective_state(review, now), now)
        if item is not None:
            items.append(item)
    return items


def _item(review: Review, me: int, state: ReviewState, now: datetime) -> AgendaItem | None:
    doc = review.document

    def item(kind: str, title: str, due: datetime | None, detail: str) -> AgendaItem:
        return AgendaItem(kind=kind, key=f"review:{review.id}:{kind.removeprefix('review-')}", person_id=me,
                          title=title, url=f"/reviews/{review.id}", since=review.created_at, due=due, detail=detail)

    if review.organizer_id == me:
        if state is ReviewState.SCHEDULED and review.scheduled_for <= now:
            return item("review-start", f"Start the review of {doc.title}", review.scheduled_for,
                        f"Version {review.version_number}; {len(review.invitees)} invited.")
        if state is ReviewState.DISCUSSION:
            return item("review-outcome", f"Record the outcome of the review of {doc.title}",
                        review.reading_ends_at, "The reading is over: discuss, then decide.")
        return None
    if state is ReviewState.SCHEDULED:
        return item("review-invitation", f"Review of {doc.title}", review.scheduled_for,
                    f"You are invited: {review.reading_minutes} minutes of silent reading of version "
                    f"{review.version_number}, then the discussion.")
    if state is ReviewState.READING:
        return item("review-reading", f"Read {doc.title} now", review.reading_ends_at,
                    "The silent reading is under way: read and comment before it ends.")
    return None
