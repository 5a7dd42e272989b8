"""The decision log over the API."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from dayone.auth.permissions import Actor
from dayone.db.base import utcnow
from dayone.decisions import doors, export, inspection, service
from dayone.decisions.schemas import (
    DecisionCreate,
    DecisionEdit,
    DecisionOut,
    DecisionVersionOut,
    EscalationIn,
    PositionIn,
    ReadingIn,
    RevisitIn,
    SupersedeIn,
)
from dayone.web.deps import api_actor, db, workspace
from dayone.web.paging import Page, paging

router = APIRouter(prefix="/api/v1", tags=["decisions"])


@router.get("/decisions", response_model=list[DecisionOut])
def list_decisions(actor: Actor = Depends(api_actor), session: Session = Depends(db),
                   page: Page = Depends(paging)) -> list[DecisionOut]:
    return [DecisionOut.of(d, service.readable_by(session, actor)) for d in page.of(service.list_all(session))]


@router.post("/decisions", response_model=DecisionOut, status_code=201)
def create(body: DecisionCreate, actor: Actor = Depends(api_actor),
                 session: Session = Depends(db)) -> DecisionOut:
    made = service.create(session, actor, body)
    session.commit()
    return DecisionOut.of(service.get(session, made.id), service.readable_by(session, actor))


@router.post("/decisions/propose-type")
def propose_type(answers: dict[str, Any], actor: Actor = Depends(api_actor)) -> dict[str, Any]:
    """The questions' proposal, with its reasons, before anything is stored."""
    proposal = doors.propose(answers)
    return {"proposed_type": proposal.proposed.value, "reasons": proposal.reasons}


@router.get("/decisions/inspection")
def inspect(request: Request, actor: Actor = Depends(api_actor),
                  session: Session = Depends(db)) -> dict[str, Any]:
    decisions = service.list_all(session)
    stuck = workspace(request).settings.type2_stuck_days
    return {"stats": [s.__dict__ for s in inspection.stats(decisions)],
            "findings": [f.to_dict() for f in inspection.findings(session, decisions, stuck_days=stuck)],
            "due_revisits": [{"decision_id": d.id, "title": d.title, "why": why}
                             for d, why in service.due_revisits(session, utcnow().date())]}


@router.get("/decisions/export.csv")
def export_csv(actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> Response:
    return Response(export.csv_log(service.list_all(session)), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="decisions.csv"'})


@router.post("/metric-readings", status_code=201)
def record_reading(body: ReadingIn, actor: Actor = Depends(api_actor),
                         session: Session = Depends(db)) -> dict[str, Any]:
    reading = service.record_reading(session, actor, body.metric, body.value)
    session.commit()
    return {"metric": reading.metric, "value": reading.value, "observed_at": reading.observed_at.isoformat()}


@router.get("/decisions/{decision_id}", response_model=DecisionOut)
def get_decision(decision_id: int, actor: Actor = Depends(api_actor),
                       session: Session = Depends(db)) -> DecisionOut:
    return DecisionOut.of(service.get(session, decision_id), service.readable_by(session, actor))


@router.patch("/decisions/{decision_id}", response_model=DecisionOut)
def edit(decision_id: int, body: DecisionEdit, actor: Actor = Depends(api_actor),
         session: Session = Depends(db)) -> DecisionOut:
    """Edit a proposed decision's text (its owner); each edit is kept as a version, and
    sign-offs given before it are cleared. `version`: the version you edited (409 if stale)."""
    service.edit(session, actor, decision_id, body)
    return _done(session, actor, decision_id)


@router.get("/decisions/{decision_id}/versions", response_model=list[DecisionVersionOut])
def versions(decision_id: int, actor: Actor = Depends(api_actor),
             session: Session = Depends(db), page: Page = Depends(paging)) -> list[DecisionVersionOut]:
    """The decision's versions, newest first; empty until its first edit."""
    return [DecisionVersionOut(number=v.number, fields=v.fields, edited_by=v.edited_by, note=v.note,
                               created_at=v.created_at) for v in page.of(service.versions(session, decision_id))]


@router.get("/decisions/{decision_id}/export.md")
def export_md(decision_id: int, actor: Actor = Depends(api_actor),
                    session: Session = Depends(db)) -> Response:
    return Response(export.markdown(service.get(session, decision_id), service.readable_by(session, actor)),
                    media_type="text/markdown; charset=utf-8")


def _done(session: Session, actor: Actor, decision_id: int) -> DecisionOut:
    session.commit()
    return DecisionOut.of(service.get(session, decision_id), service.readable_by(session, actor))


@router.post("/decisions/{decision_id}/decide", response_model=DecisionOut)
def decide(decision_id: int, actor: Actor = Depends(api_actor),
                 session: Session = Depends(db)) -> DecisionOut:
    service.decide(session, actor, decision_id)
    return _done(session, actor, decision_id)


@router.post("/decisions/{decision_id}/approve", response_model=DecisionOut)
def approve(decision_id: int, actor: Actor = Depends(api_actor),
                  session: Session = Depends(db)) -> DecisionOut:
    service.approve(session, actor, decision_id)
    return _done(session, actor, decision_id)


@router.post("/decisions/{decision_id}/positions", response_model=DecisionOut)
def position(decision_id: int, body: PositionIn, actor: Actor = Depends(api_actor),
                   session: Session = Depends(db)) -> DecisionOut:
    service.record_position(session, actor, decision_id, body)
    return _done(session, actor, decision_id)


@router.post("/decisions/{decision_id}/escalations", response_model=DecisionOut)
def escalate(decision_id: int, body: EscalationIn, actor: Actor = Depends(api_actor),
                   session: Session = Depends(db)) -> DecisionOut:
    service.escalate(session, actor, decision_id, body)
    return _done(session, actor, decision_id)


@router.post("/decisions/{decision_id}/revisits", response_model=DecisionOut)
def revisit(decision_id: int, body: RevisitIn, actor: Actor = Depends(api_actor),
                  session: Session = Depends(db)) -> DecisionOut:
    service.revisit(session, actor, decision_id, body)
    return _done(session, actor, decision_id)


@router.post("/decisions/{decision_id}/supersede", response_model=DecisionOut)
def supersede(decision_id: int, body: SupersedeIn, actor: Actor = Depends(api_actor),
                    session: Session = Depends(db)) -> DecisionOut:
    service.supersede(session, actor, decision_id, body.by_decision_id)
    return _done(session, actor, decision_id)


