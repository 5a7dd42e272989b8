"""The debrief: run by the Bar Raiser once every interviewer's feedback is in (or earlier, when the
Bar Raiser says why), feedback read side by side per principle, vote changes kept beside the
original votes, the hiring manager's hire or no-hire and the Bar Raiser's veto. Holding it
records an occurrence of the "Hiring debriefs" mechanism."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone import audit
from dayone.auth.permissions import Actor, require
from dayone.db.base import utcnow
from dayone.errors import Conflict, InvalidInput, PermissionDenied
from dayone.hiring import feedback, loops
from dayone.hiring.models import Feedback, Loop, LoopState, Principle, Vote, VoteChange
from dayone.hiring.schemas import DecisionIn, VetoIn, VoteChangeIn
from dayone.org.fields import clean_text

OPENABLE = (LoopState.INTERVIEWING.value, LoopState.AWAITING_FEEDBACK.value)


def _is_raiser(actor: Actor, loop: Loop) -> bool:
    return actor.person_id is not None and actor.person_id == loop.bar_raiser_id


def _is_manager(actor: Actor, loop: Loop) -> bool:
    return actor.person_id is not None and actor.person_id == loop.requisition.hiring_manager_id


def _cli(actor: Actor) -> bool:
    return actor.user_id is None and actor.person_id is None  # the command line, the machine owner


def missing(session: Session, loop: Loop) -> list[str]:
    """The interviewers whose feedback is not submitted yet."""
    return [i.person.name for i in loop.interviewers if not feedback.has_submitted(session, loop, i.person_id)]


def open_debrief(session: Session, actor: Actor, loop_id: int, override_reason: str = "") -> Loop:
    """Open the debrief: when all feedback is in (the Bar Raiser, the hiring manager or hiring staff),
    or before, by the Bar Raiser's override with its reason."""
    loop = loops.get(session, actor, loop_id)
    require(_is_raiser(actor, loop) or loops.can_manage(actor, loop),
            f"open the debrief of {loops.label(loop)} (its Bar Raiser, hiring manager and recruiters may)")
    if loop.state not in OPENABLE:
        raise Conflict(f"{loops.label(loop)} is in {LoopState(loop.state).label}; the debrief opens after the "
                       "interviews start and before the decision.")
    waiting = missing(session, loop)
    reason = clean_text("reason", override_reason, max_length=5000)
    if waiting:
        if not reason:
            raise Conflict(f"The debrief opens when all feedback is in; still waiting on {', '.join(waiting)}. "
                           "The Bar Raiser may open it now by giving the reason.",
                           details={"waiting_on": waiting})
        if not (_is_raiser(actor, loop) or _cli(actor)):
            raise PermissionDenied("Only the loop's Bar Raiser may open the debrief before all feedback is in.")
        loop.override_reason = reason
    before = loop.state
    loop.state = LoopState.DEBRIEF.value
    audit.record(session, actor, "transition", "hiring_loop", loop.id,
                 f"{loops.label(loop)}: debrief opened" + (f" early: {reason}" if waiting else ""),
                 before={"state": before}, after={"state": loop.state})
    session.flush()
    return loop


@dataclass
class Said:
    """One interviewer's notes on one principle."""

    person: str
    situation: str
    task: str
    action: str
    result: str


@dataclass
class VoteLine:
    person_id: int
    person: str
    original: Vote
    changes: list[VoteChange]

    @property
    def current(self) -> Vote:
        return Vote(self.changes[-1].to_vote) if self.changes else self.original


@dataclass
class Board:
    """The debrief's page: per principle who said what, the votes, and where they disagree."""

    loop: Loop
    principles: list[tuple[Principle, list[Said]]]
    votes: list[VoteLine]
    split: bool  # votes on both sides of the line
    lone_dissent: str | None  # the one person on their side, when there is one
    waiting_on: list[str]


def _current(session: Session, loop: Loop) -> list[Feedback]:
    found = [feedback.latest_submitted(session, loop.id, i.person_id) for i in loop.interviewers]
    return [f for f in found if f is not None]


def _changes(session: Session, loop_id: int) -> list[VoteChange]:
    return list(session.scalars(select(VoteChange).where(VoteChange.loop_id == loop_id).order_by(VoteChange.id)))


def board(session: Session, actor: Actor, loop_id: int) -> Board:
    loop = loops.get(session, actor, loop_id)
    if loop.state not in (LoopState.DEBRIEF.value, LoopState.DECIDED.value):
        raise Conflict(f"{loops.label(loop)} is in {LoopState(loop.state).label}; its debrief has not opened.")
    if not feedback.seal_lifted(session, actor, loop):
        raise PermissionDenied("Submit your own feedback first: the debrief shows everyone's, and yours is sealed "
                               "from theirs until it is in.")
    held = _current(session, loop)
    changes = _changes(session, loop.id)
    rows = []
    for need in loop.requisition.role.needs:
        said = [Said(f.person.name, *(str(f.notes.get(str(need.principle_id), {}).get(p, ""))
                                      for p in ("situation", "task", "action", "result")))
                for f in held if str(need.principle_id) in f.notes]
        rows.append((need.principle, said))
    votes = [VoteLine(f.person_id, f.person.name, Vote(f.vote or ""),
                      [c for c in changes if c.person_id == f.person_id]) for f in held if f.vote]
    hire = [v for v in votes if v.current.hire_side]
    no = [v for v in votes if not v.current.hire_side]
    lone = None
    if len(votes) >= 3 and (len(hire) == 1 or len(no) == 1):
        lone = (hire if len(hire) == 1 else no)[0].person
    audit.record(session, actor, "read", "hiring_feedback", loop.id, f"debrief of {loops.label(loop)} read")
    return Board(loop=loop, principles=rows, votes=votes, split=bool(hire and no), lone_dissent=lone,
                 waiting_on=missing(session, loop))


def change_vote(session: Session, actor: Actor, loop_id: int, data: VoteChangeIn) -> VoteChange:
    """An interviewer changes their vote after the discussion; the original stays beside it."""
    loop = loops.get(session, actor, loop_id)
    if loop.state != LoopState.DEBRIEF.value:
        raise Conflict(f"{loops.label(loop)} is in {LoopState(loop.state).label}; votes change only in the debrief.")
    mine = feedback.latest_submitted(session, loop.id, actor.person_id) if actor.person_id is not None else None
    if mine is None or mine.vote is None:
        raise PermissionDenied("Only an interviewer whose feedback is submitted changes their vote in the debrief.")
    to = feedback.vote_of(data.vote)
    previous = [c for c in _changes(session, loop.id) if c.person_id == actor.person_id]
    now = previous[-1].to_vote if previous else mine.vote
    if to.value == now:
        raise InvalidInput(f"vote: your vote is already {to.label}.", field="vote")
    change = VoteChange(loop_id=loop.id, person_id=mine.person_id, from_vote=now, to_vote=to.value,
                        reason=clean_text("reason", data.reason, max_length=2000, required=True))
    session.add(change)
    audit.record(session, actor, "vote-change", "hiring_loop", loop.id,
                 f"vote changed in the debrief of {loops.label(loop)}: {now} → {to.value}")
    session.flush()
    return change


def _held(session: Session, loop: Loop, what: str) -> None:
    from dayone.mechanisms.service import record_builtin

    record_builtin(session, "hiring-debrief", f"Debrief of {loops.label(loop)}: {what}",
                   link=f"/hiring/loops/{loop.id}/debrief")


def decide(session: Session, actor: Actor, loop_id: int, data: DecisionIn) -> Loop:
    """The hiring manager records hire or no hire, with the reason; the loop is decided."""
    loop = loops.get(session, actor, loop_id)
    require(_is_manager(actor, loop) or _cli(actor),
            f"decide {loops.label(loop)} (its hiring manager decides, the Bar Raiser may veto)")
    if loop.state != LoopState.DEBRIEF.value:
        raise Conflict(f"{loops.label(loop)} is in {LoopState(loop.state).label}; the decision is made in the debrief.")
    loop.decision = data.decision
    loop.decision_reason = clean_text("reason", data.reason, max_length=5000, required=True)
    loop.decided_at = utcnow()
    loop.state = LoopState.DECIDED.value
    audit.record(session, actor, "decide", "hiring_loop", loop.id, f"{loops.label(loop)}: {data.decision}")
    _held(session, loop, data.decision.replace("_", " "))
    session.flush()
    return loop


def veto(session: Session, actor: Actor, loop_id: int, data: VetoIn) -> Loop:
    """The Bar Raiser vetoes a hire, with the reason: the outcome is no hire, and the veto is recorded."""
    loop = loops.get(session, actor, loop_id)
    require(_is_raiser(actor, loop) or _cli(actor), f"veto {loops.label(loop)} (only its Bar Raiser may)")
    if loop.state not in (LoopState.DEBRIEF.value, LoopState.DECIDED.value):
        raise Conflict(f"{loops.label(loop)} is in {LoopState(loop.state).label}; a veto is cast in the debrief.")
    if loop.vetoed_at is not None:
        raise Conflict(f"{loops.label(loop)} is already vetoed.")
    if loop.state == LoopState.DECIDED.value and loop.decision != "hire":
        raise Conflict(f"{loops.label(loop)} is already decided no hire; there is nothing to veto.")
    loop.veto_reason = clean_text("reason", data.reason, max_length=5000, required=True)
    loop.vetoed_at = utcnow()
    first = loop.state == LoopState.DEBRIEF.value
    loop.state = LoopState.DECIDED.value
    audit.record(session, actor, "veto", "hiring_loop", loop.id, f"{loops.label(loop)}: vetoed by the Bar Raiser")
    if first:
        _held(session, loop, "vetoed by the Bar Raiser")
    session.flush()
    return loop


def summary(loop: Loop) -> str:
    """The outcome in words: "hire", "no hire", "no hire (vetoed)", or the state."""
    if loop.vetoed_at is not None:
        return "no hire (vetoed)"
    return loop.decision.replace("_", " ") if loop.decision else LoopState(loop.state).label

