"""Every page of the app, from its routes: the GET routes that answer HTML, with their path
parameters filled from the demo company. A route that is neither a page here nor skipped
with a reason fails the tests that use this list, so a new page cannot be missed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from sqlalchemy import select

from dayone.workspace import Workspace

# GET routes that are not pages a person reads, each with its reason
NOT_PAGES: dict[str, str] = {
    "/": "redirects to the home page",
    "/favicon.ico": "redirects to the icon",
    "/-/health": "JSON for load balancers",
    "/sign-in": "visited by every test that signs in (and redirects once signed in)",
    "/wbr": "redirects to the latest week, which is visited",
    "/decisions/export.csv": "a CSV download",
    "/decisions/{decision_id}/export.md": "a Markdown download",
    "/documents/{document_id}/export": "a Markdown download",
    "/wbr/metrics/download": "a YAML download",
    "/wbr/{week_ending}/pdf": "a PDF download (WeasyPrint, ~15 s)",
    "/hiring/candidates/{candidate_id}/resume": "a file download",
    "/goals/plans/{plan_id}/goals.csv": "a CSV download",
    "/goals/plans/{plan_id}/goals.md": "a Markdown download",
    "/goals/plans/{plan_id}/review/pdf": "a PDF download",
    "/goals/plans/{plan_id}/reviews/{goal_review_id}/pdf": "a PDF download",
    "/hiring/candidates/{candidate_id}/export": "a JSON or PDF download (tests/hiring/test_calibration.py)",
}
# pages only a document's author may open (admins get no key to others' documents):
# visited as the demo member, who wrote the document they are filled with
AUTHOR_PAGES = {"/documents/{document_id}/edit", "/documents/{document_id}/reviews/new",
                "/documents/{document_id}/archive", "/decisions/{decision_id}/edit"}
EXTRA_PAGES = ["/api/v1/docs"]  # an API route that is a page
QUERIES = {"/documents/{document_id}/compare": "?left=1&right=2"}
PENDING_UPLOAD = "everypage"  # a pending upload the walk writes for /wbr/data/{name}


@dataclass(frozen=True)
class PageUrl:
    route: str
    url: str
    as_author: bool


def page_routes(app: FastAPI) -> list[str]:
    """The GET routes outside the API, plus the API routes that are pages, in the app's order."""
    found: list[str] = []
    for context in iter_route_contexts(app.routes):
        if "GET" in (context.methods or ()) and not context.path.startswith("/api/") \
                and context.path not in found:
            found.append(context.path)
    return found + EXTRA_PAGES


def _admin_token(ws: Workspace) -> int:
    """An API token of the demo admin's, for /account/tokens/{token_id}/revoke (made once)."""
    from dayone.auth import service as accounts
    from dayone.auth.models import ApiToken
    from dayone.auth.permissions import CLI_ACTOR
    from dayone.demo.company import ADMIN_EMAIL

    with ws.session() as s:
        found = s.scalar(select(ApiToken.id).where(ApiToken.name == "every-page walk"))
        return found or accounts.create_token(s, CLI_ACTOR, ADMIN_EMAIL, "every-page walk").token.id


def _walk_records(ws: Workspace) -> dict[str, dict[str, Any]]:
    """Records some pages need that the demo has none of (made once): a proposed decision of the
    demo member's, edited once (its edit page, its version 2), and an archived initiative (the
    page that asks before removing it for good)."""
    from dayone.archive import service as archive
    from dayone.auth.models import Role
    from dayone.auth.permissions import CLI_ACTOR, Actor
    from dayone.decisions import service as decisions
    from dayone.decisions.models import Decision
    from dayone.decisions.schemas import DecisionCreate, DecisionEdit
    from dayone.org import service as org
    from dayone.org.models import Initiative, Person
    from dayone.org.schemas import InitiativeCreate

    with ws.session() as s:
        decision_id = s.scalar(select(Decision.id).where(Decision.title == "Every-page walk"))
        if decision_id is None:
            maya = s.scalar(select(Person).where(Person.email.like("maya.cohen@%")))
            assert maya is not None
            owner = Actor(user_id=None, person_id=maya.id, role=Role.MEMBER, label=maya.email)
            made = decisions.create(s, owner, DecisionCreate.model_validate({
                "title": "Every-page walk", "type_answers": {
                    "undo_cost": "cheap", "undo_time": "days", "customers": "few", "legal_or_safety": "no"}}))
            decisions.edit(s, CLI_ACTOR, made.id, DecisionEdit(version=made.version, choice="Edited."))
            decision_id = made.id
        initiative_id = s.scalar(select(Initiative.id).where(Initiative.name == "Every-page walk"))
        if initiative_id is None:
            initiative_id = org.create_initiative(s, CLI_ACTOR, InitiativeCreate(name="Every-page walk")).id
            archive.archive(s, CLI_ACTOR, "initiative", initiative_id)
        from dayone.goals.models import GoalReview

        held = s.scalars(select(GoalReview).order_by(GoalReview.id)).first()
        assert held is not None, "the demo holds a quarterly goal review"
    edited = {"decision_id": decision_id, "number": 2}
    return {"/decisions/{decision_id}/edit": edited, "/decisions/{decision_id}/versions/{number}": edited,
            "/archive/{kind}/{ref}/purge": {"kind": "initiative", "ref": initiative_id},
            "/wbr/data/{name}": {"name": PENDING_UPLOAD},
            "/goals/plans/{plan_id}/reviews/{goal_review_id}": {"plan_id": held.plan_id, "goal_review_id": held.id}}


def demo_values(ws: Workspace) -> dict[str, Any]:
    """A value for every path parameter, from the demo company (``ensure_demo``)."""
    from dayone.decisions.models import Decision
    from dayone.documents.models import Document, Review
    from dayone.experiments.models import Experiment
    from dayone.goals.models import Goal, Plan
    from dayone.hiring.models import Loop
    from dayone.mechanisms.models import Mechanism
    from dayone.org.models import Initiative, Person, Team

    today = date.today()
    token_id = _admin_token(ws)
    with ws.read_sessions() as s:
        return {
            "person_id": s.scalar(select(Person.id).order_by(Person.id)),
            "team_id": s.scalar(select(Team.id).order_by(Team.id)),
            "initiative_id": s.scalar(select(Initiative.id).order_by(Initiative.id)),
            # Maya Cohen's (the demo member's) PR/FAQ, with versions 1 to 3 and reviews
            "document_id": s.scalar(select(Document.id).where(Document.title == "One-Click Reorder")),
            "number": 1,
            "review_id": s.scalar(select(Review.id).order_by(Review.id)),
            "decision_id": s.scalar(select(Decision.id).order_by(Decision.id)),
            "mechanism_id": s.scalar(select(Mechanism.id).order_by(Mechanism.id)),
            # a stopped experiment: its page carries the decision form
            "experiment_id": s.scalar(select(Experiment.id).where(Experiment.status == "stopped")
                                     .order_by(Experiment.id)),
            "week_ending": (today - timedelta(days=(today.weekday() - 5) % 7 or 7)).isoformat(),
            "metric": "orders",
            "name": "orders",
            "token_id": token_id,
            # a loop in its debrief (every hiring page has something to show), and its candidate
            "loop_id": s.scalar(select(Loop.id).where(Loop.state == "debrief")),
            "candidate_id": s.scalar(select(Loop.candidate_id).where(Loop.state == "debrief")),
            # the Checkout team's plan (the demo member's team: its page carries the goal form)
            "plan_id": s.scalar(select(Plan.id).join(Team, Plan.team_id == Team.id).where(Team.name == "Checkout")),
            "goal_id": s.scalar(select(Goal.id).where(Goal.kind == "metric").order_by(Goal.id)),
        }


def fill(route: str, values: dict[str, Any]) -> str:
    """The route's URL with its parameters filled in."""
    url = route.replace(":path}", "}").format(**values)
    return url + QUERIES.get(route, "")


def every_page(app: FastAPI, ws: Workspace) -> list[PageUrl]:
    """Every page to visit; raises if a route is neither a page nor skipped with a reason."""
    values, special = demo_values(ws), _walk_records(ws)
    pages = []
    for route in page_routes(app):
        if route in NOT_PAGES:
            continue
        route_values = {**values, **special.get(route, {})}
        pages.append(PageUrl(route, fill(route, route_values), route in AUTHOR_PAGES))
    stale = set(NOT_PAGES) - set(page_routes(app))
    assert not stale, f"NOT_PAGES names routes that no longer exist: {stale}"
    return pages


def write_pending_upload(ws: Workspace) -> None:
    """A pending upload for /wbr/data/{name} (a CSV the demo's data could have come from)."""
    from dayone.wbr import uploads

    folder = uploads.folder(ws.settings)
    folder.mkdir(parents=True, exist_ok=True)
    rows = "".join(f"{date(2026, 1, 1) + timedelta(days=i)},{10 + i % 7}\n" for i in range(60))
    (folder / f".pending-{PENDING_UPLOAD}.csv").write_text("date,visits\n" + rows)


def remove_pending_upload(ws: Workspace) -> None:
    from dayone.wbr import uploads

    (uploads.folder(ws.settings) / f".pending-{PENDING_UPLOAD}.csv").unlink(missing_ok=True)
