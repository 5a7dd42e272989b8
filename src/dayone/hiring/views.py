"""What the hiring pages and their JSON twins show, built once from the service's records."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dayone.findings import Finding
from dayone.hiring import debrief, feedback, loops
from dayone.hiring.models import Candidate, Feedback, Loop, Principle, Requisition, RoleProfile, Vote


def principle_out(p: Principle) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "description": p.description, "position": p.position}


def role_out(r: RoleProfile) -> dict[str, Any]:
    return {"id": r.id, "title": r.title, "description": r.description,
            "needs": [{"principle_id": n.principle_id, "principle": n.principle.name, "questions": n.questions}
                      for n in r.needs]}


def requisition_out(r: Requisition) -> dict[str, Any]:
    return {"id": r.id, "role": {"id": r.role.id, "title": r.role.title}, "status": r.status,
            "team": {"id": r.team.id, "name": r.team.name} if r.team else None,
            "hiring_manager": {"id": r.hiring_manager.id, "name": r.hiring_manager.name}}


def candidate_out(c: Candidate) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "contact": c.contact, "source": c.source,
            "resume": {"name": c.resume_name, "type": c.resume_type} if c.resume_name else None,
            "created_at": c.created_at.isoformat()}


def finding_out(f: Finding) -> dict[str, Any]:
    return f.to_dict()


def loop_out(session: Session, loop: Loop, *, with_findings: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": loop.id, "state": loop.state, "requisition": requisition_out(loop.requisition),
        "candidate": {"id": loop.candidate.id, "name": loop.candidate.name},
        "bar_raiser": {"id": loop.bar_raiser.id, "name": loop.bar_raiser.name} if loop.bar_raiser else None,
        "interviewers": [{"person_id": i.person_id, "name": i.person.name,
                          "starts_at": i.starts_at.isoformat() if i.starts_at else None,
                          "ends_at": i.ends_at.isoformat() if i.ends_at else None,
                          "principle_ids": i.principle_ids} for i in loop.interviewers],
        "override_reason": loop.override_reason or None, "decision": loop.decision,
        "decision_reason": loop.decision_reason or None, "veto_reason": loop.veto_reason or None,
        "outcome": debrief.summary(loop)}
    if with_findings:
        out["findings"] = [finding_out(f) for f in loops.findings(session, loop)]
    return out


def feedback_out(f: Feedback) -> dict[str, Any]:
    return {"person": {"id": f.person_id, "name": f.person.name}, "revision": f.revision, "notes": f.notes,
            "vote": f.vote, "reason": f.reason, "correction_reason": f.correction_reason or None,
            "submitted_at": f.submitted_at.isoformat() if f.submitted_at else None,
            "updated_at": f.updated_at.isoformat()}


def view_out(v: feedback.FeedbackView) -> dict[str, Any]:
    return {"loop_id": v.loop.id, "sealed": v.sealed, "mine": [feedback_out(f) for f in v.mine],
            "others": [feedback_out(f) for f in v.others], "submitted_by": v.submitted_by,
            "waiting_on": v.waiting_on, "findings": [finding_out(f) for f in v.findings],
            "scale": [vote.value for vote in Vote]}


def kit_out(k: feedback.Kit) -> dict[str, Any]:
    c = k.loop.candidate
    return {"loop_id": k.loop.id, "candidate": {"id": c.id, "name": c.name},
            "resume": f"/api/v1/hiring/candidates/{c.id}/resume" if c.resume_name else None,
            "slot": {"starts_at": k.interviewer.starts_at.isoformat() if k.interviewer.starts_at else None,
                     "ends_at": k.interviewer.ends_at.isoformat() if k.interviewer.ends_at else None},
            "principles": [{"id": p.principle.id, "name": p.principle.name, "description": p.principle.description,
                            "questions": p.questions} for p in k.principles],
            "draft": feedback_out(k.draft) if k.draft else None,
            "submitted": feedback_out(k.submitted) if k.submitted else None}


def board_out(b: debrief.Board) -> dict[str, Any]:
    return {"loop_id": b.loop.id, "state": b.loop.state, "override_reason": b.loop.override_reason or None,
            "principles": [{"principle": p.name, "said": [vars(s) for s in said]} for p, said in b.principles],
            "votes": [{"person_id": v.person_id, "person": v.person, "original": v.original.value,
                       "current": v.current.value,
                       "changes": [{"from": c.from_vote, "to": c.to_vote, "reason": c.reason,
                                    "at": c.at.isoformat()} for c in v.changes]} for v in b.votes],
            "split": b.split, "lone_dissent": b.lone_dissent, "waiting_on": b.waiting_on,
            "decision": b.loop.decision, "decision_reason": b.loop.decision_reason or None,
            "veto_reason": b.loop.veto_reason or None, "outcome": debrief.summary(b.loop)}
