"""Plans and goals over the API: /api/v1/plans and /api/v1/goals."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from dayone.auth.permissions import Actor
from dayone.goals import interchange, plans, review, service, tracking
from dayone.goals.schemas import (
    GoalCreate,
    GoalEdit,
    GoalOut,
    OutcomeIn,
    PlanCreate,
    PlanEdit,
    PlanOut,
    ReviewIn,
    StatusIn,
)
from dayone.web.deps import api_actor, db
from dayone.web.forms import request_body
from dayone.web.paging import Page, paging

router = APIRouter(prefix="/api/v1", tags=["goals"])


def goal_out(session: Session, actor: Actor, goal_id: int) -> GoalOut:
    """A goal with the WBR's measurement of it and its findings."""
    goal = service.get(session, goal_id)
    found = tracking.measurement(session, goal, actor)
    out = GoalOut.of(goal, found.to_dict() if found else None)
    out.findings = [f.to_dict() for f in service.findings(session, goal)]
    return out


@router.get("/plans", response_model=list[PlanOut])
def list_plans(year: int | None = None, actor: Actor = Depends(api_actor), session: Session = Depends(db),
               page: Page = Depends(paging)) -> list[PlanOut]:
    return [PlanOut.of(p) for p in page.of(plans.list_all(session, year))]


@router.post("/plans", response_model=PlanOut, status_code=201)
def create_plan(body: PlanCreate, actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> PlanOut:
    made = plans.create(session, actor, body)
    session.commit()
    return PlanOut.of(plans.get(session, made.id))


@router.get("/plans/{plan_id}", response_model=PlanOut)
def get_plan(plan_id: int, actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> PlanOut:
    return PlanOut.of(plans.get(session, plan_id))


@router.patch("/plans/{plan_id}", response_model=PlanOut)
def edit_plan(plan_id: int, body: PlanEdit, actor: Actor = Depends(api_actor),
              session: Session = Depends(db)) -> PlanOut:
    plans.edit(session, actor, plan_id, body)
    session.commit()
    return PlanOut.of(plans.get(session, plan_id))


@router.post("/plans/{plan_id}/op2", response_model=PlanOut)
def start_op2(plan_id: int, actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> PlanOut:
    """Seal the goals as OP1 and go on with them as OP2."""
    plans.start_op2(session, actor, plan_id)
    session.commit()
    return PlanOut.of(plans.get(session, plan_id))


@router.get("/plans/{plan_id}/compare")
def compare(plan_id: int, left: str = "OP1", right: str = "current", actor: Actor = Depends(api_actor),
            session: Session = Depends(db)) -> dict[str, Any]:
    """Goals added, removed and changed between two versions (``OP1``, ``current``)."""
    return plans.compare(session, plan_id, left, right)


@router.post("/plans/{plan_id}/refresh")
def refresh(plan_id: int, actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> dict[str, Any]:
    """Measure every metric goal again from the WBR; the status changes made."""
    plans.require_editor(session, actor, plans.get(session, plan_id), "measure the goals")
    changes = tracking.refresh_plan(session, actor, plan_id)
    session.commit()
    return {"changes": [{"goal_id": c.goal_id, "before": c.before, "after": c.after, "blindside": c.blindside}
                        for c in changes]}


@router.get("/plans/{plan_id}/report")
def goal_set_report(plan_id: int, actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> dict[str, Any]:
    """The goal-set report (inputs, customers, money) and the lapses."""
    plan = plans.get(session, plan_id)
    return {**review.report(session, plan).to_dict(), "lapses": review.lapses(session, plan)}


@router.get("/plans/{plan_id}/packet")
def review_packet(plan_id: int, actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> dict[str, Any]:
    """The quarterly review's packet as it stands now: red first."""
    return review.packet(session, plan_id, actor)


@router.post("/plans/{plan_id}/reviews", status_code=201)
def hold_review(plan_id: int, body: ReviewIn, actor: Actor = Depends(api_actor),
                session: Session = Depends(db)) -> dict[str, Any]:
    """Hold the quarterly goal review: recorded as the mechanism's occurrence."""
    made = review.hold(session, actor, plan_id, body)
    session.commit()
    return {"id": made.id, "held_on": made.held_on.isoformat(), "packet": made.packet}


@router.get("/plans/{plan_id}/goals.csv")
def export_csv(plan_id: int, actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> Response:
    return Response(interchange.to_csv(plans.get(session, plan_id)), media_type="text/csv; charset=utf-8")


@router.get("/plans/{plan_id}/goals.md")
def export_md(plan_id: int, actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> Response:
    return Response(interchange.to_markdown(plans.get(session, plan_id)), media_type="text/markdown; charset=utf-8")


@router.post("/plans/{plan_id}/import", status_code=201)
def import_goals(plan_id: int, request: Request, name: str = "goals.csv", actor: Actor = Depends(api_actor),
                 session: Session = Depends(db)) -> dict[str, Any]:
    """Goals from a CSV (Day One's, Betterworks', PeopleCues', Mirro's) or YAML body; all or none."""
    made = interchange.import_text(session, actor, plan_id, request_body(request).decode("utf-8", "replace"),
                                   file=name)
    session.commit()
    return {"created": [g.id for g in made]}


@router.get("/goals", response_model=list[GoalOut])
def list_goals(plan_id: int | None = None, owner_id: int | None = None, actor: Actor = Depends(api_actor),
               session: Session = Depends(db), page: Page = Depends(paging)) -> list[GoalOut]:
    return [GoalOut.of(g) for g in page.of(service.list_all(session, plan_id=plan_id, owner_id=owner_id))]


@router.post("/goals", response_model=GoalOut, status_code=201)
def create_goal(body: GoalCreate, actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> GoalOut:
    made = service.create(session, actor, body)
    session.commit()
    return goal_out(session, actor, made.id)


@router.get("/goals/{goal_id}", response_model=GoalOut)
def get_goal(goal_id: int, actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> GoalOut:
    """The goal, the WBR's measurement of it (value, projection, computed status) and its findings."""
    return goal_out(session, actor, goal_id)


@router.patch("/goals/{goal_id}", response_model=GoalOut)
def edit_goal(goal_id: int, body: GoalEdit, actor: Actor = Depends(api_actor),
              session: Session = Depends(db)) -> GoalOut:
    service.edit(session, actor, goal_id, body)
    session.commit()
    return goal_out(session, actor, goal_id)


@router.delete("/goals/{goal_id}", status_code=204)
def remove_goal(goal_id: int, actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> Response:
    service.remove(session, actor, goal_id)
    session.commit()
    return Response(status_code=204)


@router.post("/goals/{goal_id}/status", response_model=GoalOut)
def set_status(goal_id: int, body: StatusIn, actor: Actor = Depends(api_actor),
               session: Session = Depends(db)) -> GoalOut:
    """The owner's status with a note, or ``computed`` to hand it back to the data."""
    tracking.set_status(session, actor, goal_id, body)
    session.commit()
    return goal_out(session, actor, goal_id)


@router.post("/goals/{goal_id}/outcome", response_model=GoalOut)
def record_outcome(goal_id: int, body: OutcomeIn, actor: Actor = Depends(api_actor),
                   session: Session = Depends(db)) -> GoalOut:
    tracking.record_outcome(session, actor, goal_id, body)
    session.commit()
    return goal_out(session, actor, goal_id)
