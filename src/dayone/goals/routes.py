"""Pages of the goals mechanism under /goals: plans, goals, their status, the quarterly review."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require_role
from dayone.errors import NotFound, UserError
from dayone.goals import interchange, plans, review, service, tracking
from dayone.goals.models import GoalReview
from dayone.goals.schemas import GoalCreate, OutcomeIn, PlanCreate, PlanOut, ReviewIn, StatusIn
from dayone.web.deps import db, page_actor
from dayone.web.forms import FormData, is_number, read_form, validation_message
from dayone.web.render import render

router = APIRouter(include_in_schema=False)


def _validated(model: Any, data: dict[str, Any]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_message(exc, model) from None


@router.get("/goals", response_class=HTMLResponse)
def plans_page(request: Request, actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    return _plans(request, actor, session, {})


def _plans(request: Request, actor: Actor, session: Session, form: dict[str, Any], error: UserError | None = None
           ) -> Response:
    from dayone.documents import service as documents
    from dayone.org import service as org

    return render(request, "goals.html", {
        "plans": [PlanOut.of(p) for p in plans.list_all(session)], "form": form, "error": error,
        "teams": [(t.id, t.name) for t in org.list_teams(session)],
        "documents": [(d.id, d.title) for d in documents.list_visible(session, actor)]},
        status_code=error.status if error else 200)


@router.post("/goals/plans", response_class=HTMLResponse)
def create_plan(request: Request, actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    form = read_form(request)
    try:
        data = _validated(PlanCreate, {
            "year": form.get("year") or None, "title": form.get("title"),
            "team_id": int(form.get("team_id")) if is_number(form.get("team_id")) else None,
            "document_id": int(form.get("document_id")) if is_number(form.get("document_id")) else None})
        made = plans.create(session, actor, data)
    except UserError as exc:
        session.rollback()
        return _plans(request, actor, session, {k: v[-1] for k, v in form.fields.items()}, exc)
    session.commit()
    return RedirectResponse(f"/goals/plans/{made.id}", status_code=303)


def _plan_context(session: Session, actor: Actor, plan_id: int) -> dict[str, Any]:
    from dayone.org import service as org

    plan = plans.get(session, plan_id)
    metrics = service.workspace_metrics(session)
    return {"plan": plan, "out": PlanOut.of(plan), "may_edit": plans.may_edit(session, actor, plan),
            "report": review.report(session, plan), "lapses": review.lapses(session, plan),
            "year": plans.year_of_plan(session, plan.year), "reviews": review.reviews(session, plan.id),
            "people": [(p.id, p.name) for p in org.list_people(session)],
            "initiatives": [(i.id, i.name) for i in org.list_initiatives(session)],
            "metrics": sorted(metrics.metrics) if metrics else [], "share": review.S_TEAM_SHARE}


@router.get("/goals/plans/{plan_id}", response_class=HTMLResponse)
def plan_page(plan_id: int, request: Request, actor: Actor = Depends(page_actor),
              session: Session = Depends(db)) -> Response:
    return render(request, "goals_plan.html", {**_plan_context(session, actor, plan_id), "form": {}})


def _goal_from_form(plan_id: int, form: FormData) -> GoalCreate:
    kind = form.get("kind") or "metric"
    metric = kind == "metric"
    return _validated(GoalCreate, {  # type: ignore[no-any-return]
        "plan_id": plan_id, "kind": kind, "text": form.get("text"), "due": form.get("due") or None,
        "owner_id": int(form.get("owner_id")) if is_number(form.get("owner_id")) else None,
        "metric": form.get("metric") or None if metric else None,
        "target": form.get("target") or None if metric else None,
        "period": form.get("period") or None if metric else None,
        "initiative_id": int(form.get("initiative_id"))
        if not metric and is_number(form.get("initiative_id")) else None,
        "milestones": [{"text": line.strip()} for line in form.get("milestones").splitlines() if line.strip()]
        if not metric else [], "s_team": form.get("s_team") == "on"})


@router.post("/goals/plans/{plan_id}/goals", response_class=HTMLResponse)
def create_goal(plan_id: int, request: Request, actor: Actor = Depends(page_actor),
                session: Session = Depends(db)) -> Response:
    require_role(actor, Role.MEMBER, "write goals")
    form = read_form(request)
    try:
        made = service.create(session, actor, _goal_from_form(plan_id, form))
    except UserError as exc:
        session.rollback()
        return render(request, "goals_plan.html", {**_plan_context(session, actor, plan_id), "error": exc,
                                                   "form": {k: v[-1] for k, v in form.fields.items()}},
                      status_code=exc.status)
    session.commit()
    return RedirectResponse(f"/goals/{made.id}", status_code=303)


def _plan_action(request: Request, session: Session, plan_id: int, action: Any) -> Response:
    read_form(request)
    action()
    session.commit()
    return RedirectResponse(f"/goals/plans/{plan_id}", status_code=303)


@router.post("/goals/plans/{plan_id}/op2")
def start_op2(plan_id: int, request: Request, actor: Actor = Depends(page_actor),
              session: Session = Depends(db)) -> Response:
    return _plan_action(request, session, plan_id, lambda: plans.start_op2(session, actor, plan_id))


@router.post("/goals/plans/{plan_id}/measure")
def measure(plan_id: int, request: Request, actor: Actor = Depends(page_actor),
            session: Session = Depends(db)) -> Response:
    def run() -> None:
        plans.require_editor(session, actor, plans.get(session, plan_id), "measure the goals")
        tracking.refresh_plan(session, actor, plan_id)

    return _plan_action(request, session, plan_id, run)


@router.get("/goals/plans/{plan_id}/compare", response_class=HTMLResponse)
def compare_page(plan_id: int, request: Request, left: str = "OP1", right: str = "current",
                 actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    return render(request, "goals_compare.html", {"plan": plans.get(session, plan_id),
                                                  "diff": plans.compare(session, plan_id, left, right)})


@router.get("/goals/plans/{plan_id}/review", response_class=HTMLResponse)
def review_page(plan_id: int, request: Request, actor: Actor = Depends(page_actor),
                session: Session = Depends(db)) -> Response:
    plan = plans.get(session, plan_id)
    return render(request, "goals_review.html", {"plan": plan, "packet": review.packet(session, plan_id, actor),
                                                 "held": None, "may_edit": plans.may_edit(session, actor, plan)})


@router.post("/goals/plans/{plan_id}/review")
def hold_review(plan_id: int, request: Request, actor: Actor = Depends(page_actor),
                session: Session = Depends(db)) -> Response:
    form = read_form(request)
    made = review.hold(session, actor, plan_id, _validated(ReviewIn, {"notes": form.get("notes")}))
    session.commit()
    return RedirectResponse(f"/goals/plans/{plan_id}/reviews/{made.id}", status_code=303)


def _held(session: Session, plan_id: int, goal_review_id: int) -> GoalReview:
    plan = plans.get(session, plan_id)
    held = session.get(GoalReview, goal_review_id) if 0 < goal_review_id <= plans.MAX_ID else None
    if held is None or held.plan_id != plan.id:
        raise NotFound(f"{plan.title!r} has no goal review {goal_review_id}.")
    return held


@router.get("/goals/plans/{plan_id}/reviews/{goal_review_id}", response_class=HTMLResponse)
def held_review_page(plan_id: int, goal_review_id: int, request: Request, actor: Actor = Depends(page_actor),
                     session: Session = Depends(db)) -> Response:
    plan = plans.get(session, plan_id)
    held = _held(session, plan_id, goal_review_id)
    return render(request, "goals_review.html", {"plan": plan, "packet": held.packet, "held": held,
                                                 "may_edit": False})


def _pdf(markdown: str, name: str) -> Response:
    from dayone.documents import printing

    return Response(printing.write_pdf(markdown, title=name), media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'})


@router.get("/goals/plans/{plan_id}/review/pdf")
def review_pdf(plan_id: int, actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    """The packet as it stands now, as a PDF."""
    return _pdf(review.packet_markdown(review.packet(session, plan_id, actor)), f"plan-{plan_id}-goal-review")


@router.get("/goals/plans/{plan_id}/reviews/{goal_review_id}/pdf")
def held_review_pdf(plan_id: int, goal_review_id: int, actor: Actor = Depends(page_actor),
                    session: Session = Depends(db)) -> Response:
    """A held review's packet, as it was read, as a PDF."""
    held = _held(session, plan_id, goal_review_id)
    return _pdf(review.packet_markdown(held.packet, held_on=held.held_on, notes=held.notes),
                f"plan-{plan_id}-goal-review-{held.held_on.isoformat()}")


@router.get("/goals/plans/{plan_id}/goals.csv")
def export_csv(plan_id: int, actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    return Response(interchange.to_csv(plans.get(session, plan_id)), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="plan-{plan_id}-goals.csv"'})


@router.get("/goals/plans/{plan_id}/goals.md")
def export_md(plan_id: int, actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    return Response(interchange.to_markdown(plans.get(session, plan_id)), media_type="text/markdown; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="plan-{plan_id}-goals.md"'})


def _goal_context(session: Session, actor: Actor, goal_id: int) -> dict[str, Any]:
    goal = service.get(session, goal_id)
    found = tracking.measurement(session, goal, actor)
    return {"goal": goal, "measurement": found, "findings": [f.to_dict() for f in service.findings(session, goal)],
            "is_owner": actor.person_id == goal.owner_id or actor.is_admin,
            "may_edit": actor.person_id == goal.owner_id or plans.may_edit(session, actor, goal.plan)}


@router.get("/goals/{goal_id}", response_class=HTMLResponse)
def goal_page(goal_id: int, request: Request, actor: Actor = Depends(page_actor),
              session: Session = Depends(db)) -> Response:
    return render(request, "goal.html", _goal_context(session, actor, goal_id))


def _goal_action(request: Request, actor: Actor, session: Session, goal_id: int, action: Any) -> Response:
    form = read_form(request)
    try:
        action(form)
    except UserError as exc:
        session.rollback()
        return render(request, "goal.html", {**_goal_context(session, actor, goal_id), "error": exc,
                                             "form": {k: v[-1] for k, v in form.fields.items()}},
                      status_code=exc.status)
    session.commit()
    return RedirectResponse(f"/goals/{goal_id}", status_code=303)


@router.post("/goals/{goal_id}/status", response_class=HTMLResponse)
def set_status(goal_id: int, request: Request, actor: Actor = Depends(page_actor),
               session: Session = Depends(db)) -> Response:
    return _goal_action(request, actor, session, goal_id, lambda f: tracking.set_status(
        session, actor, goal_id, _validated(StatusIn, {"status": f.get("status"), "note": f.get("note")})))


@router.post("/goals/{goal_id}/outcome", response_class=HTMLResponse)
def record_outcome(goal_id: int, request: Request, actor: Actor = Depends(page_actor),
                   session: Session = Depends(db)) -> Response:
    return _goal_action(request, actor, session, goal_id, lambda f: tracking.record_outcome(
        session, actor, goal_id, _validated(OutcomeIn, {"outcome": f.get("outcome"), "reason": f.get("reason")})))


@router.post("/goals/{goal_id}/action", response_class=HTMLResponse)
def write_action(goal_id: int, request: Request, actor: Actor = Depends(page_actor),
                 session: Session = Depends(db)) -> Response:
    from dayone.goals.schemas import GoalEdit

    def run(f: FormData) -> None:
        version = int(f.get("version")) if is_number(f.get("version")) else 0
        service.edit(session, actor, goal_id, _validated(GoalEdit, {"version": version, "action": f.get("action")}))

    return _goal_action(request, actor, session, goal_id, run)
