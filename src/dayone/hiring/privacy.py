"""A candidate's record for the candidate, and its deletion on request (recruiters and admins).

The export (JSON, or a PDF laid out like the documents' print, documents/printing.py) holds the
candidate's details, resume, loops, feedback notes, votes and decisions; it is a read of the
record, so it is in the audit log. Deletion keeps the candidate's row and loops for calibration but
empties everything that names or describes the candidate: name, contact, source, resume, feedback
notes and reasons, vote-change reasons, the debrief's override, decision and veto reasons. What
stays is anonymous: votes, times, states and outcomes. The confirmation is the candidate's name
typed again; the audit log records the deletion by id, without the name."""

from __future__ import annotations

import base64
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone import audit
from dayone.auth.permissions import Actor
from dayone.db.base import utcnow
from dayone.errors import Conflict, InvalidInput, NotFound
from dayone.hiring import debrief, service
from dayone.hiring.models import Candidate, Feedback, Loop, VoteChange

DELETED_NAME = "Deleted candidate"
REMOVED = ""


def is_deleted(candidate: Candidate) -> bool:
    """Whether the candidate's personal data were deleted on request (``deleted_at`` is set)."""
    return candidate.deleted_at is not None


def _record(session: Session, actor: Actor, candidate_id: int, purpose: str, *, read: bool = True) -> Candidate:
    """The candidate (404 for whoever may not read it), then only for hiring staff (403 otherwise)."""
    seen = session.get(Candidate, candidate_id)
    if seen is None or not service.can_read_candidate(session, actor, seen):
        raise NotFound(f"No candidate with id {candidate_id} that you may read.")
    service.require_staff(actor, f"{purpose} a candidate's record")
    if not read:  # the deletion writes its own audit event
        return seen
    return service.candidate(session, actor, candidate_id, purpose=purpose)  # the read is audited


def export(session: Session, actor: Actor, candidate_id: int) -> dict[str, Any]:
    """The candidate's whole record as data (recruiters and admins; the read is audited)."""
    found = _record(session, actor, candidate_id, "export")
    resume = None
    if found.resume is not None:
        resume = {"name": found.resume_name, "type": found.resume_type,
                  "base64": base64.b64encode(found.resume).decode("ascii")}
    out_loops = []
    for loop in session.scalars(select(Loop).where(Loop.candidate_id == found.id).order_by(Loop.id)):
        feedback = [{"interviewer": f.person.name, "revision": f.revision, "vote": f.vote, "reason": f.reason,
                     "notes": f.notes, "submitted_at": f.submitted_at.isoformat() if f.submitted_at else None}
                    for f in session.scalars(select(Feedback).where(Feedback.loop_id == loop.id,
                                                                    Feedback.submitted_at.is_not(None))
                                             .order_by(Feedback.person_id, Feedback.revision))]
        changes = [{"interviewer": c.person.name, "from": c.from_vote, "to": c.to_vote, "reason": c.reason}
                   for c in session.scalars(select(VoteChange).where(VoteChange.loop_id == loop.id))]
        out_loops.append({"loop": loop.id, "role": loop.requisition.role.title, "state": loop.state,
                          "outcome": debrief.summary(loop), "decision_reason": loop.decision_reason,
                          "veto_reason": loop.veto_reason, "feedback": feedback, "vote_changes": changes})
    return {"candidate": {"id": found.id, "name": found.name, "contact": found.contact, "source": found.source,
                          "added": found.created_at.isoformat()},
            "resume": resume, "loops": out_loops}


def _md(text: Any) -> str:
    """Plain text made inert for Markdown: every punctuation mark escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~])", r"\\\1", str(text or "—")).replace("\n", " ")


def export_pdf(session: Session, actor: Actor, candidate_id: int) -> bytes:
    """The export laid out as a PDF (the documents' print, WeasyPrint)."""
    from dayone.documents.printing import write_pdf

    data = export(session, actor, candidate_id)
    c = data["candidate"]
    lines = [f"# {_md(c['name'])}", "", f"Contact: {_md(c['contact'])}  ", f"Source: {_md(c['source'])}  ",
             f"Added: {_md(c['added'])}  ",
             f"Resume: {_md(data['resume']['name']) if data['resume'] else '—'}", ""]
    for loop in data["loops"]:
        lines += [f"## Loop {loop['loop']}: {_md(loop['role'])}", "", f"Outcome: {_md(loop['outcome'])}  ",
                  f"Decision reason: {_md(loop['decision_reason'])}", ""]
        for f in loop["feedback"]:
            lines += [f"### {_md(f['interviewer'])}, revision {f['revision']}: {_md(f['vote'])}", "",
                      _md(f["reason"]), ""]
            for notes in f["notes"].values():
                lines += [f"- {part}: {_md(notes.get(part, ''))}" for part in ("situation", "task", "action",
                                                                              "result")] + [""]
    return write_pdf("\n".join(lines), title=f"Candidate {c['id']}")


def delete(session: Session, actor: Actor, candidate_id: int, confirm: str) -> Candidate:
    """Delete a candidate's personal data on request; ``confirm`` must be their name typed again.
    Votes, times and outcomes stay, anonymous, for calibration."""
    found = _record(session, actor, candidate_id, "delete", read=False)
    if is_deleted(found):
        raise Conflict(f"Candidate {found.id} is already deleted.")
    if " ".join(confirm.split()).casefold() != " ".join(found.name.split()).casefold():
        raise InvalidInput("confirm: type the candidate's name exactly as it is on their record to confirm the "
                           "deletion; nothing was deleted.", field="confirm")
    found.name, found.contact, found.source = DELETED_NAME, REMOVED, REMOVED
    found.deleted_at = utcnow()
    found.resume, found.resume_name, found.resume_type = None, None, None
    for loop in session.scalars(select(Loop).where(Loop.candidate_id == found.id)):
        loop.decision_reason = loop.veto_reason = loop.override_reason = REMOVED
        for f in session.scalars(select(Feedback).where(Feedback.loop_id == loop.id)):
            f.notes, f.reason, f.correction_reason = {}, REMOVED, REMOVED
        for c in session.scalars(select(VoteChange).where(VoteChange.loop_id == loop.id)):
            c.reason = REMOVED
    audit.record(session, actor, "delete", "hiring_candidate", found.id,
                 f"candidate {found.id}: personal data deleted on request")
    session.flush()
    return found
