"""Sealed written feedback, and each interviewer's kit.

The seal is a rule of this service, not a setting: a person in a loop sees nobody else's
feedback until their own is submitted (a hiring manager or Bar Raiser who does not interview
sees it once the debrief opens); people outside the loop never see it, hiring staff aside.
A submitted revision never changes: a correction is the next revision, with its reason, and
both stay visible.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone import audit
from dayone.auth.permissions import Actor, require
from dayone.db.base import utcnow
from dayone.errors import Conflict, InvalidInput, PermissionDenied
from dayone.findings import Finding
from dayone.hiring import loops, service
from dayone.hiring.models import Feedback, Interviewer, Loop, LoopState, Principle, Vote
from dayone.hiring.schemas import STAR_PARTS, FeedbackIn, StarNotes
from dayone.org.fields import clean_text

WRITING_STATES = (LoopState.INTERVIEWING.value, LoopState.AWAITING_FEEDBACK.value, LoopState.DEBRIEF.value)
MAX_REASON = 300


def vote_of(value: str | None, field_name: str = "vote") -> Vote:
    """A vote on the four-point scale, or a clear error (there is no neutral)."""
    try:
        return Vote((value or "").strip().lower().replace(" ", "_"))
    except ValueError:
        scale = ", ".join(v.value for v in Vote)
        raise InvalidInput(f"{field_name}: {value!r} is not on the scale; vote one of {scale} (there is no "
                           "neutral: lean one way).", field=field_name) from None


def _mine(loop: Loop, actor: Actor) -> Interviewer:
    found = next((i for i in loop.interviewers if i.person_id == actor.person_id), None)
    if found is None:
        raise PermissionDenied(f"You do not interview on {loops.label(loop)}, so you have no feedback to write there.")
    return found


def _principles(session: Session, ids: list[int]) -> list[Principle]:
    return [service.principle(session, i) for i in ids]


def _clean_notes(session: Session, interviewer: Interviewer, data: FeedbackIn) -> dict[str, Any]:
    assigned = interviewer.principle_ids
    notes: dict[str, Any] = {}
    for principle_id, star in data.notes.items():
        if principle_id not in assigned:
            known = session.get(Principle, principle_id)
            what = f"{known.name!r} (id {principle_id})" if known else f"id {principle_id}"
            yours = ", ".join(p.name for p in _principles(session, assigned)) or "none"
            raise InvalidInput(f"notes: principle {what} is not assigned to you on this loop; write notes only on "
                               f"yours: {yours}.", field="notes")
        notes[str(principle_id)] = {part: clean_text(f"notes.{part}", getattr(star, part),
                                                             max_length=20000) for part in STAR_PARTS}
    return notes


def _reason(text: str) -> str:
    reason = text.strip()
    if "\n" in reason or len(reason) > MAX_REASON:
        raise InvalidInput(f"reason: one line of at most {MAX_REASON} characters; the notes hold the evidence.",
                           field="reason")
    return clean_text("reason", reason, max_length=MAX_REASON)


def revisions(session: Session, loop_id: int, person_id: int) -> list[Feedback]:
    return list(session.scalars(select(Feedback).where(Feedback.loop_id == loop_id, Feedback.person_id == person_id)
                                .order_by(Feedback.revision)))


def latest_submitted(session: Session, loop_id: int, person_id: int) -> Feedback | None:
    done = [f for f in revisions(session, loop_id, person_id) if f.submitted_at is not None]
    return done[-1] if done else None


def _writable(session: Session, actor: Actor, loop_id: int) -> tuple[Loop, Interviewer]:
    loop = loops.get(session, actor, loop_id)
    interviewer = _mine(loop, actor)
    if loop.state not in WRITING_STATES:
        raise Conflict(f"{loops.label(loop)} is in {LoopState(loop.state).label}: feedback is written from the "
                       "interviews until the decision.")
    return loop, interviewer


def _draft(session: Session, loop: Loop, person_id: int) -> Feedback:
    held = revisions(session, loop.id, person_id)
    if held and held[-1].submitted_at is None:
        return held[-1]
    made = Feedback(loop_id=loop.id, person_id=person_id, revision=len(held) + 1, notes={})
    if held:  # a correction starts from what was submitted
        made.notes, made.vote, made.reason = dict(held[-1].notes), held[-1].vote, held[-1].reason
    session.add(made)
    return made


def save_draft(session: Session, actor: Actor, loop_id: int, data: FeedbackIn) -> Feedback:
    """Save the interviewer's draft (what they typed so far); a vote, when given, must be on the scale."""
    loop, interviewer = _writable(session, actor, loop_id)
    notes = _clean_notes(session, interviewer, data)
    vote = vote_of(data.vote).value if data.vote else None
    reason = _reason(data.reason)
    assert actor.person_id is not None
    draft = _draft(session, loop, actor.person_id)
    draft.notes = {**draft.notes, **notes}
    draft.vote, draft.reason, draft.updated_at = vote, reason, utcnow()
    draft.correction_reason = clean_text("correction_reason", data.correction_reason, max_length=5000)
    session.flush()
    return draft


def submit(session: Session, actor: Actor, loop_id: int, data: FeedbackIn) -> Feedback:
    """Submit the feedback: notes on every assigned principle, a vote and its reason. Once
    submitted it never changes; submitting again is a correction, which needs its reason."""
    loop, interviewer = _writable(session, actor, loop_id)
    notes = _clean_notes(session, interviewer, data)
    vote = vote_of(data.vote)
    reason = _reason(data.reason)
    if not reason:
        raise InvalidInput("reason: say in one line why you vote as you do.", field="reason")
    assert actor.person_id is not None
    draft = _draft(session, loop, actor.person_id)
    merged = {**draft.notes, **notes}
    empty = [p.name for p in _principles(session, interviewer.principle_ids)
             if not any((merged.get(str(p.id)) or {}).get(part, "").strip() for part in STAR_PARTS)]
    if empty:
        raise InvalidInput(f"notes: write what the candidate said on {', '.join(empty)} (situation, task, action, "
                           "result) before submitting.", field="notes")
    correction = clean_text("correction_reason", data.correction_reason or draft.correction_reason,
                                    max_length=5000)
    if draft.revision > 1 and not correction:
        raise InvalidInput("correction_reason: your feedback is already submitted; say what this correction "
                           "changes and why (both revisions stay visible).", field="correction_reason")
    draft.notes, draft.vote, draft.reason, draft.correction_reason = merged, vote.value, reason, correction
    draft.updated_at = draft.submitted_at = utcnow()
    audit.record(session, actor, "submit", "hiring_feedback", loop.id,
                 f"feedback on {loops.label(loop)} submitted (revision {draft.revision})")
    session.flush()
    return draft


def has_submitted(session: Session, loop: Loop, person_id: int | None) -> bool:
    return person_id is not None and latest_submitted(session, loop.id, person_id) is not None


def seal_lifted(session: Session, actor: Actor, loop: Loop) -> bool:
    """Whether the actor may read others' feedback on the loop (see the module's docstring)."""
    if service.is_staff(actor):
        return True
    if not loops.can_read(actor, loop):
        return False
    if has_submitted(session, loop, actor.person_id):
        return True
    interviews = any(i.person_id == actor.person_id for i in loop.interviewers)
    return not interviews and loop.state in (LoopState.DEBRIEF.value, LoopState.DECIDED.value)


def star_notes(session: Session, notes: dict[str, Any]) -> list[StarNotes]:
    out = []
    for key, parts in notes.items():
        known = session.get(Principle, int(key))
        out.append(StarNotes(known.name if known else key, *(str(parts.get(p, "")) for p in STAR_PARTS)))
    return out


def findings_of(session: Session, feedback: Feedback | None) -> list[Finding]:
    if feedback is None:
        return []
    from dayone.documents.checking import check_settings

    return service.feedback_findings(star_notes(session, feedback.notes), feedback.reason, check_settings(session))


@dataclass
class FeedbackView:
    """What the actor may see of a loop's feedback."""

    loop: Loop
    sealed: bool
    mine: list[Feedback]  # the actor's revisions, the draft last
    others: list[Feedback]  # every submitted revision of the others, when the seal is lifted
    submitted_by: list[str]  # who has submitted (names only, never content)
    waiting_on: list[str]
    findings: list[Finding] = field(default_factory=list)


def view(session: Session, actor: Actor, loop_id: int) -> FeedbackView:
    loop = loops.get(session, actor, loop_id)
    sealed = not seal_lifted(session, actor, loop)
    mine = revisions(session, loop.id, actor.person_id) if actor.person_id is not None else []
    everyone = list(session.scalars(select(Feedback).where(Feedback.loop_id == loop.id, Feedback.submitted_at.is_not(
        None)).order_by(Feedback.person_id, Feedback.revision)))
    others = [] if sealed else [f for f in everyone if f.person_id != actor.person_id]
    done = {f.person_id for f in everyone}
    if not sealed and others:
        audit.record(session, actor, "read", "hiring_feedback", loop.id, f"feedback on {loops.label(loop)} read")
    return FeedbackView(loop=loop, sealed=sealed, mine=mine, others=others,
                        submitted_by=[i.person.name for i in loop.interviewers if i.person_id in done],
                        waiting_on=[i.person.name for i in loop.interviewers if i.person_id not in done],
                        findings=findings_of(session, mine[-1] if mine else None))


@dataclass
class KitPrinciple:
    principle: Principle
    questions: list[str]


@dataclass
class Kit:
    """An interviewer's kit: the resume, their principles with the prepared questions, their draft."""

    loop: Loop
    interviewer: Interviewer
    principles: list[KitPrinciple]
    draft: Feedback | None
    submitted: Feedback | None


def kit(session: Session, actor: Actor, loop_id: int) -> Kit:
    loop = loops.get(session, actor, loop_id)
    interviewer = _mine(loop, actor)
    require(actor.person_id is not None, "open an interviewer kit without a person record")
    questions = {n.principle_id: n.questions for n in loop.requisition.role.needs}
    held = revisions(session, loop.id, interviewer.person_id)
    audit.record(session, actor, "read", "hiring_candidate", loop.candidate_id,
                 f"candidate {loop.candidate_id}: interviewer kit")
    return Kit(loop=loop, interviewer=interviewer,
               principles=[KitPrinciple(p, questions.get(p.id, [])) for p in _principles(session,
                                                                                        interviewer.principle_ids)],
               draft=held[-1] if held and held[-1].submitted_at is None else None,
               submitted=latest_submitted(session, loop.id, interviewer.person_id))
