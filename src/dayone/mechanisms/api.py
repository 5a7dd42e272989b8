"""Mechanisms over the API: define, record, inspect."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from dayone.auth.permissions import Actor
from dayone.db.base import utcnow
from dayone.mechanisms import service
from dayone.mechanisms.schemas import MechanismCreate, MechanismOut, OccurrenceCreate
from dayone.web.deps import api_actor, db
from dayone.web.paging import Page, paging

router = APIRouter(prefix="/api/v1", tags=["mechanisms"])


def out(mechanism: object, periods: int = 8) -> MechanismOut:
    return MechanismOut.of(mechanism, service.inspect(mechanism, utcnow().date(), periods))  # type: ignore[arg-type]


@router.get("/mechanisms", response_model=list[MechanismOut])
def list_mechanisms(periods: int = Query(8, ge=1, le=104), actor: Actor = Depends(api_actor),
                    session: Session = Depends(db), page: Page = Depends(paging)) -> list[MechanismOut]:
    found = service.list_all(session)
    session.commit()  # the built-ins, created on first use
    return [out(m, periods) for m in page.of(found)]


@router.post("/mechanisms", response_model=MechanismOut, status_code=201)
def create(body: MechanismCreate, actor: Actor = Depends(api_actor),
                 session: Session = Depends(db)) -> MechanismOut:
    made = service.create(session, actor, name=body.name, cadence=body.cadence, tool=body.tool,
                          produces=body.produces, description=body.description, owner_id=body.owner_id,
                          started_on=body.started_on)
    session.commit()
    return out(service.get(session, made.id))


@router.get("/mechanisms/{mechanism_id}", response_model=MechanismOut)
def get_mechanism(mechanism_id: int, periods: int = Query(8, ge=1, le=104),
                        actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> MechanismOut:
    return out(service.get(session, mechanism_id), periods)


@router.post("/mechanisms/{mechanism_id}/occurrences", response_model=MechanismOut, status_code=201)
def record(mechanism_id: int, body: OccurrenceCreate, actor: Actor = Depends(api_actor),
                 session: Session = Depends(db)) -> MechanismOut:
    service.record(session, actor, mechanism_id, occurred_on=body.occurred_on, output=body.output,
                   link=body.link)
    session.commit()
    return out(service.get(session, mechanism_id))
