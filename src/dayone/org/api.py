"""The organization's JSON API: people, teams, initiatives and the findings."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy.orm import Session

from dayone.auth.permissions import Actor
from dayone.org import service
from dayone.org.models import Initiative, Person, Team
from dayone.org.schemas import (
    FindingsOut,
    InitiativeCreate,
    InitiativeOut,
    InitiativeUpdate,
    PersonCreate,
    PersonOut,
    PersonUpdate,
    TeamCreate,
    TeamOut,
    TeamUpdate,
)
from dayone.web.deps import api_actor, db, overview, workspace
from dayone.web.paging import Page, paging

router = APIRouter(prefix="/api/v1", tags=["organization"])
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid API token"},
    403: {"description": "Not allowed for your role"},
    404: {"description": "No such record"},
    409: {"description": "Stale version or duplicate"},
    422: {"description": "A field is wrong; the error names it"},
}


@router.get("/people", response_model=list[PersonOut], responses=ERRORS)
def list_people(actor: Actor = Depends(api_actor), session: Session = Depends(db),
                page: Page = Depends(paging)) -> list[PersonOut]:
    return [PersonOut.of(p) for p in page.of(service.list_people(session))]


@router.post("/people", response_model=PersonOut, status_code=201, responses=ERRORS)
def create_person(body: PersonCreate, actor: Actor = Depends(api_actor),
                  session: Session = Depends(db)) -> PersonOut:
    person = service.create_person(session, actor, body)
    session.commit()
    return PersonOut.of(person)


@router.get("/people/{person_id}", response_model=PersonOut, responses=ERRORS)
def get_person(person_id: int, actor: Actor = Depends(api_actor),
               session: Session = Depends(db)) -> PersonOut:
    return PersonOut.of(service.get(session, Person, person_id))


@router.patch("/people/{person_id}", response_model=PersonOut, responses=ERRORS)
def update_person(person_id: int, body: PersonUpdate, actor: Actor = Depends(api_actor),
                  session: Session = Depends(db)) -> PersonOut:
    person = service.update_person(session, actor, person_id, body)
    session.commit()
    return PersonOut.of(person)


@router.delete("/people/{person_id}", status_code=204, responses=ERRORS)
def delete_person(person_id: int, actor: Actor = Depends(api_actor),
                  session: Session = Depends(db)) -> Response:
    service.delete_person(session, actor, person_id)
    session.commit()
    return Response(status_code=204)


@router.get("/teams", response_model=list[TeamOut], responses=ERRORS)
def list_teams(actor: Actor = Depends(api_actor), session: Session = Depends(db),
               page: Page = Depends(paging)) -> list[TeamOut]:
    return [TeamOut.of(t) for t in page.of(service.list_teams(session))]


@router.post("/teams", response_model=TeamOut, status_code=201, responses=ERRORS)
def create_team(body: TeamCreate, actor: Actor = Depends(api_actor),
                session: Session = Depends(db)) -> TeamOut:
    team = service.create_team(session, actor, body)
    session.commit()
    return TeamOut.of(team)


@router.get("/teams/{team_id}", response_model=TeamOut, responses=ERRORS)
def get_team(team_id: int, actor: Actor = Depends(api_actor),
             session: Session = Depends(db)) -> TeamOut:
    return TeamOut.of(service.get(session, Team, team_id))


@router.patch("/teams/{team_id}", response_model=TeamOut, responses=ERRORS)
def update_team(team_id: int, body: TeamUpdate, actor: Actor = Depends(api_actor),
                session: Session = Depends(db)) -> TeamOut:
    team = service.update_team(session, actor, team_id, body)
    session.commit()
    return TeamOut.of(team)



@router.get("/initiatives", response_model=list[InitiativeOut], responses=ERRORS)
def list_initiatives(request: Request, actor: Actor = Depends(api_actor),
                     session: Session = Depends(db), page: Page = Depends(paging)) -> list[InitiativeOut]:
    return page.of(overview(request).get(session, workspace(request).limits).initiatives)


@router.post("/initiatives", response_model=InitiativeOut, status_code=201, responses=ERRORS)
def create_initiative(body: InitiativeCreate, actor: Actor = Depends(api_actor),
                      session: Session = Depends(db)) -> InitiativeOut:
    item = service.create_initiative(session, actor, body)
    session.commit()
    return InitiativeOut.of(item)


@router.get("/initiatives/{initiative_id}", response_model=InitiativeOut, responses=ERRORS)
def get_initiative(initiative_id: int, actor: Actor = Depends(api_actor),
                   session: Session = Depends(db)) -> InitiativeOut:
    return InitiativeOut.of(service.get(session, Initiative, initiative_id))


@router.patch("/initiatives/{initiative_id}", response_model=InitiativeOut, responses=ERRORS)
def update_initiative(initiative_id: int, body: InitiativeUpdate, actor: Actor = Depends(api_actor),
                      session: Session = Depends(db)) -> InitiativeOut:
    item = service.update_initiative(session, actor, initiative_id, body)
    session.commit()
    return InitiativeOut.of(item)



@router.get("/org/findings", response_model=FindingsOut, responses=ERRORS)
def findings(request: Request, actor: Actor = Depends(api_actor),
                   session: Session = Depends(db)) -> FindingsOut:
    return overview(request).get(session, workspace(request).limits).findings
