"""Pages of the organization mechanism. They render the same typed views as the API."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require_role
from dayone.errors import UserError
from dayone.org import service
from dayone.org.models import Initiative, InitiativeStatus, Person, Team
from dayone.org.schemas import (
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
from dayone.web.deps import db, overview, page_actor, workspace
from dayone.web.forms import FormData, parse_form, read_form
from dayone.web.render import render

router = APIRouter(include_in_schema=False)


def _choices(session: Session) -> dict[str, Any]:
    return {
        "all_people": [(p.id, p.name) for p in service.list_people(session)],
        "all_teams": [(t.id, t.name) for t in service.list_teams(session)],
        "statuses": [(s.value, s.value) for s in InitiativeStatus],
    }


def _redo(request: Request, session: Session, template: str, exc: UserError, form: FormData,
          **context: Any) -> Response:
    """Show the form again with what was typed and the error, nothing stored."""
    session.rollback()
    values = {name: [v for v in vals if v] if name.endswith("_ids") else vals[-1]
              for name, vals in form.fields.items()}
    return render(request, template, {**_choices(session), **context, "error": exc, "form": values},
                  status_code=exc.status)


@router.get("/org", response_class=HTMLResponse)
def org_page(request: Request, actor: Actor = Depends(page_actor),
                   session: Session = Depends(db)) -> Response:
    ws = workspace(request)
    view = overview(request).get(session, ws.limits)
    return render(request, "org.html", {
        "findings": view.findings, "tree": view.children(), "initiatives": view.initiatives,
        "people_count": view.people_count, "limits": ws.limits,
    })


# --- people -----------------------------------------------------------------------

@router.get("/people", response_class=HTMLResponse)
def people_page(request: Request, actor: Actor = Depends(page_actor),
                session: Session = Depends(db)) -> Response:
    return render(request, "people.html", {"people": [PersonOut.of(p) for p in service.list_people(session)]})


@router.get("/people/new", response_class=HTMLResponse)
def new_person_page(request: Request, actor: Actor = Depends(page_actor),
                    session: Session = Depends(db)) -> Response:
    require_role(actor, Role.ADMIN, "add people")
    return render(request, "person_new.html", {**_choices(session), "form": {}})


@router.post("/people/new", response_class=HTMLResponse)
def create_person(request: Request, actor: Actor = Depends(page_actor),
                        session: Session = Depends(db)) -> Response:
    form = read_form(request)
    try:
        person = service.create_person(session, actor, parse_form(form, PersonCreate))
    except UserError as exc:
        return _redo(request, session, "person_new.html", exc, form)
    session.commit()
    return RedirectResponse(f"/people/{person.id}", status_code=303)


def _person_context(session: Session, actor: Actor, person: Person) -> dict[str, Any]:
    return {**_choices(session), "person": PersonOut.of(person),
            "can_edit": service.can_edit_person(session, actor, person),
            "leads": [InitiativeOut.of(i) for i in service.list_initiatives(session)
                      if i.leader_id == person.id or person in i.co_leaders]}


@router.get("/people/{person_id}", response_class=HTMLResponse)
def person_page(person_id: int, request: Request, actor: Actor = Depends(page_actor),
                session: Session = Depends(db)) -> Response:
    person = service.get(session, Person, person_id)
    return render(request, "person.html", {**_person_context(session, actor, person), "form": {}})


@router.post("/people/{person_id}", response_class=HTMLResponse)
def update_person(person_id: int, request: Request, actor: Actor = Depends(page_actor),
                        session: Session = Depends(db)) -> Response:
    form = read_form(request)
    person = service.get(session, Person, person_id)
    try:
        service.update_person(session, actor, person_id, parse_form(form, PersonUpdate))
    except UserError as exc:
        session.rollback()
        person = service.get(session, Person, person_id)
        return _redo(request, session, "person.html", exc, form,
                     **_person_context(session, actor, person))
    session.commit()
    return RedirectResponse(f"/people/{person_id}", status_code=303)


@router.post("/people/{person_id}/delete")
def delete_person(person_id: int, request: Request, actor: Actor = Depends(page_actor),
                        session: Session = Depends(db)) -> Response:
    read_form(request)
    service.delete_person(session, actor, person_id)
    session.commit()
    return RedirectResponse("/people", status_code=303)


# --- teams ------------------------------------------------------------------------

@router.get("/teams", response_class=HTMLResponse)
def teams_page(request: Request, actor: Actor = Depends(page_actor),
               session: Session = Depends(db)) -> Response:
    return render(request, "teams.html", {"teams": [TeamOut.of(t) for t in service.list_teams(session)],
                                          "limits": workspace(request).limits})


@router.get("/teams/new", response_class=HTMLResponse)
def new_team_page(request: Request, actor: Actor = Depends(page_actor),
                  session: Session = Depends(db)) -> Response:
    require_role(actor, Role.MEMBER, "create teams")
    return render(request, "team_new.html", {**_choices(session), "form": {}})


@router.post("/teams/new", response_class=HTMLResponse)
def create_team(request: Request, actor: Actor = Depends(page_actor),
                      session: Session = Depends(db)) -> Response:
    form = read_form(request)
    try:
        team = service.create_team(session, actor, parse_form(form, TeamCreate))
    except UserError as exc:
        return _redo(request, session, "team_new.html", exc, form)
    session.commit()
    return RedirectResponse(f"/teams/{team.id}", status_code=303)


def _team_context(session: Session, actor: Actor, team: Team) -> dict[str, Any]:
    return {**_choices(session), "team": TeamOut.of(team),
            "can_edit": service.can_edit_team(session, actor, team),
            "initiatives": [InitiativeOut.of(i) for i in service.list_initiatives(session)
                            if i.team_id == team.id]}


@router.get("/teams/{team_id}", response_class=HTMLResponse)
def team_page(team_id: int, request: Request, actor: Actor = Depends(page_actor),
              session: Session = Depends(db)) -> Response:
    team = service.get(session, Team, team_id)
    return render(request, "team.html", {**_team_context(session, actor, team), "form": {}})


@router.post("/teams/{team_id}", response_class=HTMLResponse)
def update_team(team_id: int, request: Request, actor: Actor = Depends(page_actor),
                      session: Session = Depends(db)) -> Response:
    form = read_form(request)
    service.get(session, Team, team_id)
    try:
        service.update_team(session, actor, team_id, parse_form(form, TeamUpdate))
    except UserError as exc:
        session.rollback()
        team = service.get(session, Team, team_id)
        return _redo(request, session, "team.html", exc, form, **_team_context(session, actor, team))
    session.commit()
    return RedirectResponse(f"/teams/{team_id}", status_code=303)



# --- initiatives ------------------------------------------------------------------

@router.get("/initiatives", response_class=HTMLResponse)
def initiatives_page(request: Request, actor: Actor = Depends(page_actor),
                     session: Session = Depends(db)) -> Response:
    items = [InitiativeOut.of(i) for i in service.list_initiatives(session)]
    return render(request, "initiatives.html", {"initiatives": items})


@router.get("/initiatives/new", response_class=HTMLResponse)
def new_initiative_page(request: Request, actor: Actor = Depends(page_actor),
                        session: Session = Depends(db)) -> Response:
    require_role(actor, Role.MEMBER, "create initiatives")
    return render(request, "initiative_new.html", {**_choices(session), "form": {}})


@router.post("/initiatives/new", response_class=HTMLResponse)
def create_initiative(request: Request, actor: Actor = Depends(page_actor),
                            session: Session = Depends(db)) -> Response:
    form = read_form(request)
    try:
        item = service.create_initiative(session, actor, parse_form(form, InitiativeCreate))
    except UserError as exc:
        return _redo(request, session, "initiative_new.html", exc, form)
    session.commit()
    return RedirectResponse(f"/initiatives/{item.id}", status_code=303)


def _initiative_context(session: Session, actor: Actor, item: Initiative) -> dict[str, Any]:
    return {**_choices(session), "item": InitiativeOut.of(item),
            "can_edit": service.can_edit_initiative(session, actor, item)}


@router.get("/initiatives/{initiative_id}", response_class=HTMLResponse)
def initiative_page(initiative_id: int, request: Request, actor: Actor = Depends(page_actor),
                    session: Session = Depends(db)) -> Response:
    item = service.get(session, Initiative, initiative_id)
    return render(request, "initiative.html", {**_initiative_context(session, actor, item), "form": {}})


@router.post("/initiatives/{initiative_id}", response_class=HTMLResponse)
def update_initiative(initiative_id: int, request: Request, actor: Actor = Depends(page_actor),
                            session: Session = Depends(db)) -> Response:
    form = read_form(request)
    service.get(session, Initiative, initiative_id)
    try:
        service.update_initiative(session, actor, initiative_id, parse_form(form, InitiativeUpdate))
    except UserError as exc:
        session.rollback()
        item = service.get(session, Initiative, initiative_id)
        return _redo(request, session, "initiative.html", exc, form,
                     **_initiative_context(session, actor, item))
    session.commit()
    return RedirectResponse(f"/initiatives/{initiative_id}", status_code=303)

