"""Calibration: how each interviewer's and each Bar Raiser's judgement compares with the outcomes.

Counted over decided loops only (a loop whose outcome is hire, no hire or vetoed), including the
loops of candidates deleted on request: deletion keeps the votes, times and outcomes and drops
everything that names or describes the candidate (privacy.py). The definitions (docs/hiring.md):

- a person's **sealed vote** on a loop is the vote of their latest submitted feedback revision, the
  vote written before hearing anyone else; changes in the debrief are counted apart;
- the vote **agrees** with the outcome when it is on the same side of the line: inclined or strongly
  inclined on a hire, not inclined or strongly not inclined on a no hire (a vetoed hire is a no hire);
- a **lone dissent**: at least three sealed votes on the loop and the person alone on their side;
- **late** feedback: first submitted more than ``LATE_AFTER_HOURS`` after the end of the person's
  interview slot (feedback of a slot without an end time is never late);
- **time to decision**: from the end of the loop's last interview slot (or the loop's creation when
  no slot has an end) to the decision, or to the veto when that came first; the median is shown.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from statistics import median
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone.auth.permissions import Actor
from dayone.hiring import service
from dayone.hiring.models import Feedback, Loop, LoopState, Vote, VoteChange
from dayone.org.models import Person

LATE_AFTER_HOURS = 24


@dataclass
class Row:
    """One person's calibration, as interviewer and as Bar Raiser."""

    person_id: int
    name: str
    votes: int = 0  # sealed votes on decided loops
    agreed: int = 0
    disagreed: int = 0
    by_vote: dict[str, dict[str, int]] = field(default_factory=dict)  # vote → outcome → count
    lone_dissents: int = 0
    vote_changes: int = 0
    late: int = 0
    submitted: int = 0
    hours_to_decision: list[float] = field(default_factory=list)
    raised: int = 0  # decided loops as Bar Raiser
    vetoes: int = 0
    raised_hours_to_decision: list[float] = field(default_factory=list)

    @property
    def agreement(self) -> float | None:
        return self.agreed / self.votes if self.votes else None

    @property
    def median_hours(self) -> float | None:
        return median(self.hours_to_decision) if self.hours_to_decision else None

    @property
    def raised_median_hours(self) -> float | None:
        return median(self.raised_hours_to_decision) if self.raised_hours_to_decision else None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        del out["hours_to_decision"], out["raised_hours_to_decision"]
        out.update(agreement=self.agreement, median_hours_to_decision=self.median_hours,
                   bar_raiser_median_hours_to_decision=self.raised_median_hours)
        return out


def _decided_at(loop: Loop) -> datetime | None:
    times = [t for t in (loop.decided_at, loop.vetoed_at) if t is not None]
    return min(times) if times else None


def _started(loop: Loop) -> datetime:
    ends = [i.ends_at for i in loop.interviewers if i.ends_at is not None]
    return max(ends) if ends else loop.created_at


def _hours(start: datetime, end: datetime) -> float:
    return round((end - start).total_seconds() / 3600, 1)


def compute(session: Session) -> list[Row]:
    """Every person's calibration row (people with no decided loop are left out), by name."""
    rows: dict[int, Row] = {}
    names = {p.id: p.name for p in session.scalars(select(Person))}

    def row(person_id: int) -> Row:
        if person_id not in rows:
            rows[person_id] = Row(person_id, names.get(person_id, f"person {person_id}"))
        return rows[person_id]

    decided = [lp for lp in session.scalars(select(Loop).where(Loop.state == LoopState.DECIDED.value)
                                            .order_by(Loop.id)) if lp.outcome is not None]
    for loop in decided:
        outcome = loop.outcome or ""
        when = _decided_at(loop)
        hours = _hours(_started(loop), when) if when is not None else None
        revisions = list(session.scalars(select(Feedback).where(Feedback.loop_id == loop.id,
                                                                Feedback.submitted_at.is_not(None))
                                         .order_by(Feedback.revision)))
        sealed: dict[int, Vote] = {}
        first_in: dict[int, datetime] = {}
        for f in revisions:
            if f.vote:
                sealed[f.person_id] = Vote(f.vote)
            if f.submitted_at is not None and f.person_id not in first_in:
                first_in[f.person_id] = f.submitted_at
        hire_side = [p for p, v in sealed.items() if v.hire_side]
        no_side = [p for p, v in sealed.items() if not v.hire_side]
        lone = None
        if len(sealed) >= 3 and (len(hire_side) == 1 or len(no_side) == 1):
            lone = (hire_side if len(hire_side) == 1 else no_side)[0]
        for interviewer in loop.interviewers:
            pid = interviewer.person_id
            r = row(pid)
            if hours is not None:
                r.hours_to_decision.append(hours)
            if pid in first_in:
                r.submitted += 1
                end = interviewer.ends_at
                if end is not None and _hours(end, first_in[pid]) > LATE_AFTER_HOURS:
                    r.late += 1
            vote = sealed.get(pid)
            if vote is None:
                continue
            r.votes += 1
            if vote.hire_side == (outcome == "hire"):
                r.agreed += 1
            else:
                r.disagreed += 1
            r.by_vote.setdefault(vote.value, {}).setdefault(outcome, 0)
            r.by_vote[vote.value][outcome] += 1
            if pid == lone:
                r.lone_dissents += 1
        if loop.bar_raiser_id is not None:
            r = row(loop.bar_raiser_id)
            r.raised += 1
            if loop.vetoed_at is not None:
                r.vetoes += 1
            if hours is not None:
                r.raised_hours_to_decision.append(hours)
    ids = {lp.id for lp in decided}
    for change in session.scalars(select(VoteChange)):
        if change.loop_id in ids:
            row(change.person_id).vote_changes += 1
    return sorted(rows.values(), key=lambda r: (r.name.lower(), r.person_id))


def for_actor(session: Session, actor: Actor) -> list[Row]:
    """What the actor may see: every row for recruiters and admins, else only their own row."""
    rows = compute(session)
    if service.is_staff(actor):
        return rows
    return [r for r in rows if actor.person_id is not None and r.person_id == actor.person_id]


def as_json(rows: list[Row]) -> dict[str, Any]:
    return {"late_after_hours": LATE_AFTER_HOURS, "people": [r.to_dict() for r in rows]}
