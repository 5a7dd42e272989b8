"""Hiring over the API: principles, role profiles, the Bar Raiser pool, requisitions, candidates,
loops (`/api/v1/loops`), their sealed feedback (`…/feedback`) and the debrief (`…/debrief`).
Every endpoint asks the service, which checks who is asking."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from dayone import audit
from dayone.auth.permissions import Actor
from dayone.hiring import calibration, debrief, feedback, loops, privacy, service, views
from dayone.hiring.schemas import (
    BarRaiserIn,
    CandidateIn,
    DecisionIn,
    FeedbackIn,
    InterviewerIn,
    LoopIn,
    PrincipleIn,
    RequisitionIn,
    RoleIn,
    TransitionIn,
    VetoIn,
    VoteChangeIn,
)
from dayone.web.deps import api_actor, page_actor, workspace
from dayone.web.forms import request_body
from dayone.web.paging import Page, paging

router = APIRouter(prefix="/api/v1", tags=["hiring"])
Out = dict[str, Any]


def write_db(request: Request) -> Iterator[Session]:
    """A writing session even for GET: reading a candidate's record writes the audit log, and on
    SQLite a read transaction cannot safely turn into a write (db/engine.py)."""
    session = workspace(request).sessions()
    try:
        yield session
    finally:
        session.close()


Writing = Annotated[Session, Depends(write_db)]
ApiActor = Annotated[Actor, Depends(api_actor)]
PageActor = Annotated[Actor, Depends(page_actor)]


class TrainedIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    trained: bool


class OpenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    override_reason: str = ""


class SlotIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    starts_at: str | None = None
    ends_at: str | None = None
    principle_ids: list[int] = []


@router.get("/hiring/principles")
def list_principles(actor: ApiActor, session: Writing, page: Page = Depends(paging)) -> list[Out]:
    """The workspace's leadership principles (readable by everyone signed in)."""
    found = [views.principle_out(p) for p in service.principles(session)]
    session.commit()  # a workspace emptied of them gets the defaults back
    return page.of(found)


@router.post("/hiring/principles", status_code=201)
def add_principle(body: PrincipleIn, actor: ApiActor, session: Writing) -> Out:
    made = service.save_principle(session, actor, body)
    session.commit()
    return views.principle_out(made)


@router.put("/hiring/principles/{principle_id}")
def edit_principle(principle_id: int, body: PrincipleIn, actor: ApiActor,
                   session: Writing) -> Out:
    made = service.save_principle(session, actor, body, principle_id)
    session.commit()
    return views.principle_out(made)


@router.get("/hiring/roles")
def list_roles(actor: ApiActor, session: Writing, page: Page = Depends(paging)) -> list[Out]:
    return page.of([views.role_out(r) for r in service.roles(session)])


@router.post("/hiring/roles", status_code=201)
def add_role(body: RoleIn, actor: ApiActor, session: Writing) -> Out:
    made = service.create_role(session, actor, body)
    session.commit()
    return views.role_out(made)


@router.get("/hiring/bar-raisers")
def list_bar_raisers(actor: ApiActor, session: Writing, page: Page = Depends(paging)) -> list[Out]:
    return page.of([{"person_id": b.person_id, "name": b.person.name} for b in service.bar_raisers(session)])


@router.put("/hiring/bar-raisers/{person_id}")
def set_bar_raiser(person_id: int, body: TrainedIn, actor: ApiActor,
                   session: Writing) -> Out:
    """Mark a person as a trained Bar Raiser (``trained: true``) or take the mark away."""
    service.set_bar_raiser(session, actor, person_id, body.trained)
    session.commit()
    return {"person_id": person_id, "trained": body.trained}


@router.get("/hiring/requisitions")
def list_requisitions(actor: ApiActor, session: Writing, page: Page = Depends(paging)) -> list[Out]:
    service.require_staff(actor, "list requisitions")
    return page.of([views.requisition_out(r) for r in service.requisitions(session)])


@router.post("/hiring/requisitions", status_code=201)
def add_requisition(body: RequisitionIn, actor: ApiActor, session: Writing) -> Out:
    made = service.create_requisition(session, actor, body)
    session.commit()
    return views.requisition_out(made)


@router.get("/hiring/candidates")
def list_candidates(actor: ApiActor, session: Writing, page: Page = Depends(paging)) -> list[Out]:
    """The candidates you may read: all for recruiters and admins, your loops' for the rest
    (only the page's candidates are read, so only they are in the audit log)."""
    found = page.of(service.candidates(session, actor))
    for c in found:
        audit.record(session, actor, "read", "hiring_candidate", c.id, f"candidate {c.id}: listed")
    session.commit()
    return [views.candidate_out(c) for c in found]


@router.post("/hiring/candidates", status_code=201)
def add_candidate(body: CandidateIn, actor: ApiActor, session: Writing) -> Out:
    """A candidate without a resume; PUT the file to …/resume."""
    made = service.create_candidate(session, actor, body)
    session.commit()
    return views.candidate_out(made)


@router.get("/hiring/candidates/{candidate_id}")
def get_candidate(candidate_id: int, actor: ApiActor, session: Writing) -> Out:
    found = service.candidate(session, actor, candidate_id)
    session.commit()  # the read is in the audit log
    return views.candidate_out(found)


@router.put("/hiring/candidates/{candidate_id}/resume")
def put_resume(candidate_id: int, request: Request, actor: ApiActor, session: Writing,
               filename: str = Query("resume", max_length=255)) -> Out:
    """The resume file as the body: a PDF or UTF-8 text of at most 5 MB; anything else changes nothing."""
    found = service.attach_resume(session, actor, candidate_id, filename, request_body(request))
    session.commit()
    return views.candidate_out(found)


@router.get("/hiring/candidates/{candidate_id}/resume", response_class=Response)
def get_resume(candidate_id: int, actor: ApiActor, session: Writing) -> Response:
    name, kind, data = service.resume_of(session, actor, candidate_id)
    session.commit()
    return resume_response(name, kind, data)


class DeleteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    confirm: str


@router.get("/hiring/candidates/{candidate_id}/export", response_class=Response)
def export_candidate(candidate_id: int, actor: ApiActor, session: Writing,
                     format: str = Query("json", pattern="^(json|pdf)$")) -> Response:
    """The candidate's record for the candidate, as JSON or PDF (recruiters and admins; audited)."""
    if format == "pdf":
        pdf = privacy.export_pdf(session, actor, candidate_id)
        session.commit()
        return Response(pdf, media_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="candidate-{candidate_id}.pdf"'})
    data = privacy.export(session, actor, candidate_id)
    session.commit()
    return Response(json.dumps(data, ensure_ascii=False, indent=1), media_type="application/json", headers={
        "Content-Disposition": f'attachment; filename="candidate-{candidate_id}.json"'})


@router.post("/hiring/candidates/{candidate_id}/delete")
def delete_candidate(candidate_id: int, body: DeleteIn, actor: ApiActor, session: Writing) -> Out:
    """Delete the candidate's personal data on request (``confirm``: their name typed again)."""
    found = privacy.delete(session, actor, candidate_id, body.confirm)
    session.commit()
    return views.candidate_out(found)


@router.get("/hiring/calibration")
def get_calibration(actor: ApiActor, session: Writing) -> Out:
    """Calibration per interviewer and Bar Raiser: every row for recruiters and admins, else your own."""
    return calibration.as_json(calibration.for_actor(session, actor))


def resume_response(name: str, kind: str, data: bytes) -> Response:
    """The file, as an attachment (never shown inline from our origin)."""
    from urllib.parse import quote

    media = "text/plain; charset=utf-8" if kind == "text/plain" else kind
    return Response(data, media_type=media, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}", "X-Content-Type-Options": "nosniff"})


@router.get("/loops")
def list_loops(actor: ApiActor, session: Writing, page: Page = Depends(paging)) -> list[Out]:
    """The loops you are part of (all of them for recruiters and admins), newest first."""
    return [views.loop_out(session, loop, with_findings=False) for loop in page.of(loops.visible(session, actor))]


@router.post("/loops", status_code=201)
def add_loop(body: LoopIn, actor: ApiActor, session: Writing) -> Out:
    made = loops.create(session, actor, body)
    session.commit()
    return views.loop_out(session, made)


@router.get("/loops/{loop_id}")
def get_loop(loop_id: int, actor: ApiActor, session: Writing) -> Out:
    """The loop and its findings: coverage and the Bar Raiser, each with its fix."""
    return views.loop_out(session, loops.get(session, actor, loop_id))


@router.put("/loops/{loop_id}/interviewers/{person_id}")
def set_interviewer(loop_id: int, person_id: int, body: SlotIn, actor: ApiActor,
                    session: Writing) -> Out:
    """Add an interviewer, or change their slot (ISO times) and assigned principles."""
    data = InterviewerIn.model_validate({"person_id": person_id, **body.model_dump()})
    loop = loops.set_interviewer(session, actor, loop_id, data)
    session.commit()
    return views.loop_out(session, loop)


@router.delete("/loops/{loop_id}/interviewers/{person_id}")
def remove_interviewer(loop_id: int, person_id: int, actor: ApiActor,
                       session: Writing) -> Out:
    loop = loops.remove_interviewer(session, actor, loop_id, person_id)
    session.commit()
    return views.loop_out(session, loop)


@router.put("/loops/{loop_id}/bar-raiser")
def set_loop_bar_raiser(loop_id: int, body: BarRaiserIn, actor: ApiActor,
                        session: Writing) -> Out:
    loop = loops.set_bar_raiser(session, actor, loop_id, body.person_id)
    session.commit()
    return views.loop_out(session, loop)


@router.post("/loops/{loop_id}/transition")
def transition(loop_id: int, body: TransitionIn, actor: ApiActor,
               session: Writing) -> Out:
    """planning → interviewing (refused while the loop has error findings) → awaiting_feedback."""
    loop = loops.move(session, actor, loop_id, body.state)
    session.commit()
    return views.loop_out(session, loop)


@router.get("/loops/{loop_id}/kit")
def kit(loop_id: int, actor: ApiActor, session: Writing) -> Out:
    """Your interviewer kit: the resume, your principles with the prepared questions, your draft."""
    found = feedback.kit(session, actor, loop_id)
    session.commit()
    return views.kit_out(found)


@router.get("/loops/{loop_id}/feedback")
def get_feedback(loop_id: int, actor: ApiActor, session: Writing) -> Out:
    """Your feedback, and the others' once yours is submitted (``sealed`` says which)."""
    found = feedback.view(session, actor, loop_id)
    session.commit()
    return views.view_out(found)


@router.put("/loops/{loop_id}/feedback/draft")
def save_draft(loop_id: int, body: FeedbackIn, actor: ApiActor,
               session: Writing) -> Out:
    """Save your draft (autosave): notes keyed by principle id, STAR parts; vote and reason optional."""
    found = feedback.save_draft(session, actor, loop_id, body)
    session.commit()
    return {**views.feedback_out(found),
            "findings": [f.to_dict() for f in feedback.findings_of(session, found)]}


@router.post("/loops/{loop_id}/feedback", status_code=201)
def submit(loop_id: int, body: FeedbackIn, actor: ApiActor, session: Writing) -> Out:
    """Submit your feedback; once in it never changes, and submitting again is a correction
    (``correction_reason`` required) kept as a new revision."""
    found = feedback.submit(session, actor, loop_id, body)
    session.commit()
    return views.feedback_out(found)


@router.get("/loops/{loop_id}/debrief")
def get_debrief(loop_id: int, actor: ApiActor, session: Writing) -> Out:
    found = debrief.board(session, actor, loop_id)
    session.commit()
    return views.board_out(found)


@router.post("/loops/{loop_id}/debrief")
def open_debrief(loop_id: int, body: OpenIn, actor: ApiActor,
                 session: Writing) -> Out:
    """Open the debrief: once all feedback is in, or earlier by the Bar Raiser with ``override_reason``."""
    loop = debrief.open_debrief(session, actor, loop_id, body.override_reason)
    session.commit()
    return views.loop_out(session, loop, with_findings=False)


@router.post("/loops/{loop_id}/debrief/vote-changes", status_code=201)
def change_vote(loop_id: int, body: VoteChangeIn, actor: ApiActor,
                session: Writing) -> Out:
    made = debrief.change_vote(session, actor, loop_id, body)
    session.commit()
    return {"from": made.from_vote, "to": made.to_vote, "reason": made.reason}


@router.post("/loops/{loop_id}/debrief/decision")
def decide(loop_id: int, body: DecisionIn, actor: ApiActor, session: Writing) -> Out:
    loop = debrief.decide(session, actor, loop_id, body)
    session.commit()
    return views.loop_out(session, loop, with_findings=False)


@router.post("/loops/{loop_id}/debrief/veto")
def veto(loop_id: int, body: VetoIn, actor: ApiActor, session: Writing) -> Out:
    loop = debrief.veto(session, actor, loop_id, body)
    session.commit()
    return views.loop_out(session, loop, with_findings=False)
