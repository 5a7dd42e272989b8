"""Pages of hiring's setup: the hiring home (your loops; for recruiters and admins the forms to
open requisitions, add candidates and set up loops), the principles, the role profiles, the Bar
Raiser pool and a candidate's record. The loop's own pages are in loop_routes.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from pydantic import ValidationError
from sqlalchemy.orm import Session

from dayone.auth.permissions import Actor
from dayone.errors import InvalidInput, UserError
from dayone.hiring import calibration, charts, debrief, loop_routes, loops, privacy, service
from dayone.hiring.api import PageActor, Writing, resume_response
from dayone.hiring.schemas import CandidateIn, LoopIn, PrincipleIn, RequisitionIn, RoleIn
from dayone.web.forms import FormData, is_number, parse_form, read_form, read_upload, validation_message
from dayone.web.render import render

router = APIRouter(include_in_schema=False)
router.include_router(loop_routes.router)


def _home(request: Request, session: Session, actor: Actor, *, error: UserError | None = None,
          form: dict[str, Any] | None = None) -> Response:
    from dayone.org import service as org

    staff = service.is_staff(actor)
    context: dict[str, Any] = {
        "loops": [(loop, loops.role_of(loop, actor.person_id), debrief.summary(loop))
                  for loop in loops.visible(session, actor)],
        "staff": staff, "error": error, "form": form or {}}
    if staff:
        context.update({
            "roles": [(r.id, r.title) for r in service.roles(session)],
            "people": [(p.id, p.name) for p in org.list_people(session)],
            "teams": [(t.id, t.name) for t in org.list_teams(session)],
            "requisitions": [(r.id, f"#{r.id} {r.role.title} ({r.hiring_manager.name})")
                             for r in service.requisitions(session)],
            "candidates": [(c.id, c.name) for c in service.candidates(session, actor)],
            "bar_raisers": service.bar_raisers(session),
            "pool_options": [(b.person_id, b.person.name) for b in service.bar_raisers(session)]})
    return render(request, "hiring.html", context, status_code=error.status if error else 200)


@router.get("/hiring", response_class=HTMLResponse)
def home(request: Request, actor: PageActor, session: Writing) -> Response:
    return _home(request, session, actor)


def _number(form: FormData, name: str, label: str, *, required: bool = True) -> int | None:
    value = form.get(name).strip()
    if not value and not required:
        return None
    if not is_number(value):
        raise InvalidInput(f"{name}: choose the {label}.", field=name)
    return int(value)


def _on_home(request: Request, session: Session, actor: Actor, form: FormData, action: Callable[[], Any],
             to: Callable[[Any], str] = lambda made: "/hiring") -> Response:
    """Run a setup change; on a user error, show the hiring home with it and the form as typed."""
    try:
        made = action()
    except ValidationError as exc:
        session.rollback()
        return _home(request, session, actor, error=validation_message(exc),
                     form={k: v[-1] for k, v in form.fields.items()})
    except UserError as exc:
        session.rollback()
        if exc.status in (401, 403, 404):
            raise
        return _home(request, session, actor, error=exc, form={k: v[-1] for k, v in form.fields.items()})
    session.commit()
    return RedirectResponse(to(made), status_code=303)


@router.post("/hiring/requisitions")
def new_requisition(request: Request, actor: PageActor, session: Writing) -> Response:
    form = read_form(request)
    return _on_home(request, session, actor, form, lambda: service.create_requisition(session, actor, RequisitionIn(
        role_id=_number(form, "role_id", "role profile") or 0, team_id=_number(form, "team_id", "team", required=False),
        hiring_manager_id=_number(form, "hiring_manager_id", "hiring manager") or 0)))


@router.post("/hiring/candidates")
def new_candidate(request: Request, actor: PageActor, session: Writing) -> Response:
    """A candidate with their resume (multipart); a file that is neither PDF nor text changes nothing."""
    form, sent = read_upload(request)
    try:
        resume = (sent.filename, sent.path.read_bytes()) if sent is not None else None
    finally:
        if sent is not None:
            sent.path.unlink(missing_ok=True)

    def make() -> Any:
        service.require_staff(actor, "add candidates")
        return service.create_candidate(session, actor, CandidateIn(
            name=form.get("name"), contact=form.get("contact"), source=form.get("source")), resume)

    return _on_home(request, session, actor, form, make, lambda made: f"/hiring/candidates/{made.id}")


@router.post("/hiring/loops")
def new_loop(request: Request, actor: PageActor, session: Writing) -> Response:
    form = read_form(request)
    return _on_home(request, session, actor, form, lambda: loops.create(session, actor, LoopIn(
        requisition_id=_number(form, "requisition_id", "requisition") or 0,
        candidate_id=_number(form, "candidate_id", "candidate") or 0,
        bar_raiser_id=_number(form, "bar_raiser_id", "Bar Raiser", required=False))),
        lambda made: f"/hiring/loops/{made.id}")


@router.post("/hiring/bar-raisers")
def bar_raiser(request: Request, actor: PageActor, session: Writing) -> Response:
    form = read_form(request)
    return _on_home(request, session, actor, form, lambda: service.set_bar_raiser(
        session, actor, _number(form, "person_id", "person") or 0, form.get("trained") != "no"))


def _candidate_page(request: Request, session: Session, actor: Actor, candidate_id: int, *,
                    error: UserError | None = None, typed: str = "") -> Response:
    found = service.candidate(session, actor, candidate_id)
    their = [loop for loop in loops.visible(session, actor) if loop.candidate_id == found.id]
    session.commit()  # the read is in the audit log
    return render(request, "hiring_candidate.html", {
        "c": found, "loops": their, "staff": service.is_staff(actor), "deleted": privacy.is_deleted(found),
        "error": error, "typed": typed}, status_code=error.status if error else 200)


@router.get("/hiring/candidates/{candidate_id}", response_class=HTMLResponse)
def candidate_page(candidate_id: int, request: Request, actor: PageActor,
                   session: Writing) -> Response:
    return _candidate_page(request, session, actor, candidate_id)


@router.get("/hiring/candidates/{candidate_id}/export")
def export_candidate(candidate_id: int, actor: PageActor, session: Writing, format: str = "json") -> Response:
    """The candidate's record for the candidate: JSON, or PDF with ``?format=pdf``."""
    from dayone.hiring.api import export_candidate as api_export

    if format not in ("json", "pdf"):
        raise InvalidInput("format: json or pdf.", field="format")
    return api_export(candidate_id, actor, session, format)


@router.post("/hiring/candidates/{candidate_id}/delete")
def delete_candidate(candidate_id: int, request: Request, actor: PageActor, session: Writing) -> Response:
    """Delete the candidate's personal data, confirmed by their name typed again."""
    form = read_form(request)
    try:
        privacy.delete(session, actor, candidate_id, form.get("confirm"))
    except UserError as exc:
        session.rollback()
        if exc.status in (401, 403, 404):
            raise
        return _candidate_page(request, session, actor, candidate_id, error=exc, typed=form.get("confirm"))
    session.commit()
    return RedirectResponse(f"/hiring/candidates/{candidate_id}", status_code=303)


@router.get("/hiring/calibration", response_class=HTMLResponse)
def calibration_page(request: Request, actor: PageActor, session: Writing) -> Response:
    """Calibration charts and table: every person for recruiters and admins, else your own row."""
    rows = calibration.for_actor(session, actor)
    return render(request, "hiring_calibration.html", {
        "rows": rows, "staff": service.is_staff(actor), "late_after": calibration.LATE_AFTER_HOURS,
        "interviewer_chart": Markup(charts.interviewer_chart(rows)),  # built from escaped parts
        "raiser_chart": Markup(charts.bar_raiser_chart(rows))})


@router.get("/hiring/candidates/{candidate_id}/resume")
def resume(candidate_id: int, request: Request, actor: PageActor,
           session: Writing) -> Response:
    name, kind, data = service.resume_of(session, actor, candidate_id)
    session.commit()
    return resume_response(name, kind, data)


def _principles_page(request: Request, session: Session, *, error: UserError | None = None,
                     failed: int | None = None, typed: dict[str, str] | None = None) -> Response:
    """The principles; after a refused edit, that principle's form open again with what was typed."""
    return render(request, "hiring_principles.html", {"principles": service.principles(session), "error": error,
                                                      "failed": failed, "typed": typed or {}},
                  status_code=error.status if error else 200)


@router.get("/hiring/principles", response_class=HTMLResponse)
def principles_page(request: Request, actor: PageActor, session: Writing) -> Response:
    response = _principles_page(request, session)
    session.commit()  # a workspace emptied of them gets the defaults back
    return response


@router.post("/hiring/principles/{principle_id}")
def edit_principle(principle_id: int, request: Request, actor: PageActor,
                   session: Writing) -> Response:
    form = read_form(request)
    typed = {"name": form.get("name"), "description": form.get("description")}
    try:
        service.save_principle(session, actor, parse_form(form, PrincipleIn), principle_id)
    except UserError as exc:
        session.rollback()
        if exc.status in (401, 403, 404):
            raise
        return _principles_page(request, session, error=exc, failed=principle_id, typed=typed)
    session.commit()
    return RedirectResponse("/hiring/principles", status_code=303)


def _roles_page(request: Request, session: Session, actor: Actor, *, error: UserError | None = None,
                form: dict[str, Any] | None = None) -> Response:
    return render(request, "hiring_roles.html", {
        "roles": service.roles(session), "staff": service.is_staff(actor), "form": form or {},
        "principles": [(p.id, p.name) for p in service.principles(session)], "error": error},
        status_code=error.status if error else 200)


@router.get("/hiring/roles", response_class=HTMLResponse)
def roles_page(request: Request, actor: PageActor, session: Writing) -> Response:
    return _roles_page(request, session, actor)


def _needs(form: FormData, names: dict[int, str]) -> list[dict[str, Any]]:
    """The chosen principles, and the questions typed as "Principle: question" lines."""
    questions: dict[str, list[str]] = {}
    for number, line in enumerate(form.get("questions").splitlines(), start=1):
        if line.strip():
            name, sep, question = line.partition(":")
            if not sep or not question.strip():
                raise InvalidInput(f"questions, line {number}: write the principle, a colon, then the question, e.g. "
                                   "Dive Deep: Tell me about a time the numbers and the anecdotes disagreed.",
                                   field="questions")
            if name.strip().lower() not in {n.lower() for n in names.values()}:
                raise InvalidInput(f"questions, line {number}: no principle named {name.strip()!r}.", field="questions")
            questions.setdefault(name.strip().lower(), []).append(question.strip())
    chosen = [int(v) for v in form.getlist("principle_ids") if is_number(v)]
    return [{"principle": p, "questions": questions.get(names.get(p, "").lower(), [])} for p in chosen]


@router.post("/hiring/roles")
def new_role(request: Request, actor: PageActor, session: Writing) -> Response:
    form = read_form(request)
    try:
        names = {p.id: p.name for p in service.principles(session)}
        service.create_role(session, actor, RoleIn.model_validate({
            "title": form.get("title"), "description": form.get("description"), "needs": _needs(form, names)}))
    except ValidationError as exc:
        session.rollback()
        return _roles_page(request, session, actor, error=validation_message(exc, RoleIn),
                           form={k: v[-1] for k, v in form.fields.items()})
    except UserError as exc:
        session.rollback()
        if exc.status in (401, 403, 404):
            raise
        return _roles_page(request, session, actor, error=exc, form={k: v[-1] for k, v in form.fields.items()})
    session.commit()
    return RedirectResponse("/hiring/roles", status_code=303)
