"""Reviews and comments over the API."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from dayone.auth.permissions import Actor
from dayone.documents import reviews
from dayone.documents.schemas import (
    CommentCreate,
    CommentOut,
    OutcomeCreate,
    ReplyCreate,
    ReviewCreate,
    ReviewMove,
    ReviewOut,
)
from dayone.web.deps import api_actor, db
from dayone.web.paging import Page, paging

router = APIRouter(prefix="/api/v1", tags=["reviews"])


def review_out(review: object) -> ReviewOut:
    return ReviewOut.of(review, reviews.effective_state(review))  # type: ignore[arg-type]


@router.get("/reviews", response_model=list[ReviewOut])
def list_reviews(document_id: int | None = Query(None), actor: Actor = Depends(api_actor),
                 session: Session = Depends(db), page: Page = Depends(paging)) -> list[ReviewOut]:
    return [review_out(r) for r in page.of(reviews.list_for(session, actor, document_id))]


@router.post("/reviews", response_model=ReviewOut, status_code=201)
def schedule(body: ReviewCreate, actor: Actor = Depends(api_actor),
                   session: Session = Depends(db)) -> ReviewOut:
    review = reviews.schedule(session, actor, body.document_id, invitee_ids=body.invitee_ids,
                              scheduled_for=body.scheduled_for, reading_minutes=body.reading_minutes,
                              version=body.version)
    session.commit()
    return review_out(reviews.get(session, actor, review.id))


@router.get("/reviews/{review_id}", response_model=ReviewOut)
def get_review(review_id: int, actor: Actor = Depends(api_actor),
                     session: Session = Depends(db)) -> ReviewOut:
    return review_out(reviews.get(session, actor, review_id))


@router.post("/reviews/{review_id}/reschedule", response_model=ReviewOut)
def reschedule(review_id: int, body: ReviewMove, actor: Actor = Depends(api_actor),
               session: Session = Depends(db)) -> ReviewOut:
    """Move a review that has not started (organizer only); invitees' calendars follow."""
    review = reviews.reschedule(session, actor, review_id, body.scheduled_for)
    session.commit()
    return review_out(review)


@router.post("/reviews/{review_id}/start", response_model=ReviewOut)
def start(review_id: int, actor: Actor = Depends(api_actor),
                session: Session = Depends(db)) -> ReviewOut:
    review = reviews.start(session, actor, review_id)
    session.commit()
    return review_out(review)


@router.post("/reviews/{review_id}/end-reading", response_model=ReviewOut)
def end_reading(review_id: int, actor: Actor = Depends(api_actor),
                      session: Session = Depends(db)) -> ReviewOut:
    review = reviews.end_reading(session, actor, review_id)
    session.commit()
    return review_out(review)


@router.post("/reviews/{review_id}/outcome", response_model=ReviewOut)
def outcome(review_id: int, body: OutcomeCreate, actor: Actor = Depends(api_actor),
                  session: Session = Depends(db)) -> ReviewOut:
    review = reviews.record_outcome(session, actor, review_id, body.outcome, body.reason,
                                    decided_by_id=body.decided_by_id)
    session.commit()
    return review_out(review)


@router.get("/reviews/{review_id}/comments", response_model=list[CommentOut])
def list_comments(review_id: int, actor: Actor = Depends(api_actor),
                  session: Session = Depends(db), page: Page = Depends(paging)) -> list[CommentOut]:
    review = reviews.get(session, actor, review_id)
    return [CommentOut.of(c) for c in page.of(reviews.comments(session, actor, review.document_id,
                                                               review_id=review_id))]


@router.post("/reviews/{review_id}/comments", response_model=CommentOut, status_code=201)
def add_comment(review_id: int, body: CommentCreate, actor: Actor = Depends(api_actor),
                      session: Session = Depends(db)) -> CommentOut:
    made = reviews.comment(session, actor, review_id, body.quote, body.body, occurrence=body.occurrence)
    session.commit()
    return CommentOut.of(made)


@router.post("/comments/{comment_id}/replies", response_model=CommentOut, status_code=201)
def add_reply(comment_id: int, body: ReplyCreate, actor: Actor = Depends(api_actor),
                    session: Session = Depends(db)) -> CommentOut:
    made = reviews.reply(session, actor, comment_id, body.body)
    session.commit()
    return CommentOut.of(made)


@router.post("/comments/{comment_id}/resolve", response_model=CommentOut)
def resolve(comment_id: int, actor: Actor = Depends(api_actor),
                  session: Session = Depends(db)) -> CommentOut:
    made = reviews.resolve(session, actor, comment_id)
    session.commit()
    return CommentOut.of(made)


@router.get("/documents/{document_id}/comments", response_model=list[CommentOut])
def document_comments(document_id: int, actor: Actor = Depends(api_actor),
                      session: Session = Depends(db), page: Page = Depends(paging)) -> list[CommentOut]:
    return [CommentOut.of(c) for c in page.of(reviews.comments(session, actor, document_id))]
