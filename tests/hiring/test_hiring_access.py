"""Walk every hiring page and endpoint as each person a loop knows: anonymous, a member outside
the loop, each interviewer before and after submitting, the Bar Raiser, the hiring manager, a
recruiter and an admin. The seal is checked by content, not only by status."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dayone.auth import service as accounts
from dayone.auth.permissions import CLI_ACTOR
from dayone.web.app import create_app
from dayone.workspace import Workspace
from tests.conftest import People
from tests.helpers import csrf_of, sign_in
from tests.hiring.conftest import Crew
from tests.hiring.walk import feedback_body, make_loop

PERSONAS = ("anonymous", "outsider", "before", "after", "raiser", "manager", "recruiter", "admin")
SIGNED = frozenset(PERSONAS) - {"anonymous"}
STAFF = frozenset({"recruiter", "admin"})
PART = frozenset({"before", "after", "raiser", "manager"})
INTERVIEWERS = frozenset({"before", "after"})
MANAGE = STAFF | {"manager"}


@dataclass
class Walk:
    method: str
    path: str
    allowed: frozenset[str]
    ok: int = 200
    state: str | None = None  # the loop it needs: planning, interviewing, override, debrief
    body: Callable[[dict[str, Any], str], dict[str, Any]] | None = None
    scoped: bool = True  # a member outside the loop gets 404: the loop does not exist for them
    kind: str = "json"  # json | form | json_page | upload | raw


def _w(method: str, path: str, allowed: frozenset[str], ok: int = 200, state: str | None = None,
       body: Callable[[dict[str, Any], str], dict[str, Any]] | None = None, **more: Any) -> Walk:
    kind = more.pop("kind", "form" if method == "POST" and not path.startswith("/api/") else "json")
    return Walk(method, path, allowed, ok, state, body, kind=kind, **more)


def _empty(ctx: dict[str, Any], who: str) -> dict[str, Any]:
    return {}


WALKS = [
    _w("GET", "/hiring", SIGNED, scoped=False),
    _w("GET", "/hiring/principles", SIGNED, scoped=False),
    _w("GET", "/hiring/roles", SIGNED, scoped=False),
    _w("POST", "/hiring/principles/{principle_id}", frozenset({"admin"}), 303, "planning", lambda c, w: {
        "name": "Dive Deep", "description": "Edited."}, scoped=False),
    _w("POST", "/hiring/roles", STAFF, 303, "planning", lambda c, w: {
        "title": f"Role by {w} {c['loop_id']}", "principle_ids": str(c["principles"][0])}, scoped=False),
    _w("POST", "/hiring/requisitions", STAFF, 303, "planning", lambda c, w: {
        "role_id": str(c["role_id"]), "hiring_manager_id": str(c["who"]["manager"])}, scoped=False),
    _w("POST", "/hiring/candidates", STAFF, 303, kind="upload", scoped=False),
    _w("POST", "/hiring/loops", STAFF, 303, "planning", lambda c, w: {
        "requisition_id": str(c["requisition_id"]), "candidate_id": str(c["candidate_id"])}, scoped=False),
    _w("POST", "/hiring/bar-raisers", STAFF, 303, "planning", lambda c, w: {
        "person_id": str(c["who"]["raiser"]), "trained": "yes"}, scoped=False),
    _w("GET", "/hiring/candidates/{candidate_id}", PART | STAFF, state="planning"),
    _w("GET", "/hiring/candidates/{candidate_id}/resume", PART | STAFF, state="planning"),
    _w("GET", "/hiring/candidates/{candidate_id}/export", STAFF, state="planning"),
    _w("POST", "/hiring/candidates/{candidate_id}/delete", STAFF, 303, "planning", lambda c, w: {
        "confirm": "Walk Candidate"}),
    _w("GET", "/hiring/calibration", SIGNED, scoped=False),
    _w("GET", "/hiring/loops/{loop_id}", PART | STAFF, state="planning"),
    _w("POST", "/hiring/loops/{loop_id}/interviewers", MANAGE, 303, "planning", lambda c, w: {
        "person_id": str(c["who"]["before"]), "principle_ids": str(c["principles"][0])}),
    _w("POST", "/hiring/loops/{loop_id}/interviewers/{before_id}/remove", MANAGE, 303, "planning", _empty),
    _w("POST", "/hiring/loops/{loop_id}/bar-raiser", MANAGE, 303, "planning", lambda c, w: {"bar_raiser_id": ""}),
    _w("POST", "/hiring/loops/{loop_id}/transition", MANAGE, 303, "planning", lambda c, w: {"state": "interviewing"}),
    _w("GET", "/hiring/loops/{loop_id}/feedback", PART | STAFF, state="interviewing"),
    _w("POST", "/hiring/loops/{loop_id}/feedback", INTERVIEWERS, 303, "interviewing", lambda c, w: {
        "action": "save", "reason": "Draft."}),
    _w("POST", "/hiring/loops/{loop_id}/feedback/draft", INTERVIEWERS, 200, "interviewing",
       lambda c, w: {"reason": "Draft."}, kind="json_page"),
    _w("GET", "/hiring/loops/{loop_id}/debrief", PART | STAFF, state="override"),
    _w("POST", "/hiring/loops/{loop_id}/debrief/open", frozenset({"raiser"}), 303, "interviewing", lambda c, w: {
        "override_reason": "On leave"}),
    _w("POST", "/hiring/loops/{loop_id}/debrief/vote-change", INTERVIEWERS, 303, "debrief", lambda c, w: {
        "vote": "not_inclined", "reason": "Heard the others"}),
    _w("POST", "/hiring/loops/{loop_id}/debrief/decision", frozenset({"manager"}), 303, "debrief", lambda c, w: {
        "decision": "hire", "reason": "Strong"}),
    _w("POST", "/hiring/loops/{loop_id}/debrief/veto", frozenset({"raiser"}), 303, "debrief", lambda c, w: {
        "reason": "Bar not met"}),
    # the API
    _w("GET", "/api/v1/hiring/principles", SIGNED, scoped=False),
    _w("POST", "/api/v1/hiring/principles", frozenset({"admin"}), 201, "planning", lambda c, w: {
        "name": f"Principle {c['loop_id']}"}, scoped=False),
    _w("PUT", "/api/v1/hiring/principles/{principle_id}", frozenset({"admin"}), 200, "planning", lambda c, w: {
        "name": "Dive Deep"}, scoped=False),
    _w("GET", "/api/v1/hiring/roles", SIGNED, scoped=False),
    _w("POST", "/api/v1/hiring/roles", STAFF, 201, "planning", lambda c, w: {
        "title": f"Api role {w} {c['loop_id']}", "needs": [{"principle": "Dive Deep"}]}, scoped=False),
    _w("GET", "/api/v1/hiring/bar-raisers", SIGNED, scoped=False),
    _w("PUT", "/api/v1/hiring/bar-raisers/{raiser_id}", STAFF, 200, "planning", lambda c, w: {"trained": True},
       scoped=False),
    _w("GET", "/api/v1/hiring/requisitions", STAFF, scoped=False),
    _w("POST", "/api/v1/hiring/requisitions", STAFF, 201, "planning", lambda c, w: {
        "role_id": c["role_id"], "hiring_manager_id": c["who"]["manager"]}, scoped=False),
    _w("GET", "/api/v1/hiring/candidates", SIGNED, scoped=False),
    _w("POST", "/api/v1/hiring/candidates", STAFF, 201, "planning", lambda c, w: {"name": "Api Candidate"},
       scoped=False),
    _w("GET", "/api/v1/hiring/candidates/{candidate_id}", PART | STAFF, state="planning"),
    _w("PUT", "/api/v1/hiring/candidates/{candidate_id}/resume", STAFF, 200, "planning", kind="raw", scoped=False),
    _w("GET", "/api/v1/hiring/candidates/{candidate_id}/resume", PART | STAFF, state="planning"),
    _w("GET", "/api/v1/hiring/candidates/{candidate_id}/export", STAFF, state="planning"),
    _w("POST", "/api/v1/hiring/candidates/{candidate_id}/delete", STAFF, 200, "planning", lambda c, w: {
        "confirm": "Walk Candidate"}),
    _w("GET", "/api/v1/hiring/calibration", SIGNED, scoped=False),
    _w("GET", "/api/v1/loops", SIGNED, scoped=False),
    _w("POST", "/api/v1/loops", STAFF, 201, "planning", lambda c, w: {
        "requisition_id": c["requisition_id"], "candidate_id": c["candidate_id"]}, scoped=False),
    _w("GET", "/api/v1/loops/{loop_id}", PART | STAFF, state="planning"),
    _w("PUT", "/api/v1/loops/{loop_id}/interviewers/{before_id}", MANAGE, 200, "planning", lambda c, w: {
        "principle_ids": c["principles"]}),
    _w("DELETE", "/api/v1/loops/{loop_id}/interviewers/{before_id}", MANAGE, 200, "planning"),
    _w("PUT", "/api/v1/loops/{loop_id}/bar-raiser", MANAGE, 200, "planning", lambda c, w: {"person_id": None}),
    _w("POST", "/api/v1/loops/{loop_id}/transition", MANAGE, 200, "planning", lambda c, w: {"state": "interviewing"}),
    _w("GET", "/api/v1/loops/{loop_id}/kit", INTERVIEWERS, state="interviewing"),
    _w("GET", "/api/v1/loops/{loop_id}/feedback", PART | STAFF, state="interviewing"),
    _w("PUT", "/api/v1/loops/{loop_id}/feedback/draft", INTERVIEWERS, 200, "interviewing", lambda c, w: {
        "reason": "Draft."}),
    _w("POST", "/api/v1/loops/{loop_id}/feedback", INTERVIEWERS, 201, "interviewing", lambda c, w: feedback_body(
        c, w if w in INTERVIEWERS else "before", correction_reason="Clearer notes")),
    _w("GET", "/api/v1/loops/{loop_id}/debrief", (PART | STAFF) - {"before"}, state="override"),
    _w("POST", "/api/v1/loops/{loop_id}/debrief", frozenset({"raiser"}), 200, "interviewing", lambda c, w: {
        "override_reason": "On leave"}),
    _w("POST", "/api/v1/loops/{loop_id}/debrief/vote-changes", INTERVIEWERS, 201, "debrief", lambda c, w: {
        "vote": "not_inclined", "reason": "Heard the others"}),
    _w("POST", "/api/v1/loops/{loop_id}/debrief/decision", frozenset({"manager"}), 200, "debrief", lambda c, w: {
        "decision": "hire", "reason": "Strong"}),
    _w("POST", "/api/v1/loops/{loop_id}/debrief/veto", frozenset({"raiser"}), 200, "debrief", lambda c, w: {
        "reason": "Bar not met"}),
]
# what each person sees of the feedback on a loop where only the "after" interviewer has submitted
SEALED = {"before": True, "after": False, "raiser": True, "manager": True, "recruiter": False, "admin": False}


def test_the_walk_covers_every_hiring_route(ws: Workspace) -> None:
    from fastapi.routing import iter_route_contexts

    routes = {(m, c.path) for c in iter_route_contexts(create_app(ws).routes) for m in c.methods or ()
              if m != "HEAD" and (c.path.startswith(("/hiring", "/api/v1/hiring", "/api/v1/loops")))}
    walked = {(w.method, w.path.replace("{before_id}", "{person_id}").replace("{raiser_id}", "{person_id}"))
              for w in WALKS}
    assert routes == walked


class Loops:
    """Fresh loops with the crew in their seats: one per change, shared by the reads."""

    def __init__(self, ws: Workspace, crew: Crew, who: dict[str, int]) -> None:
        self.ws, self.crew, self.who = ws, crew, who
        self.shared: dict[str, dict[str, Any]] = {}

    def get(self, state: str | None, fresh: bool) -> dict[str, Any]:
        if state is None:
            return {"who": self.who}
        if not fresh and state in self.shared:
            return self.shared[state]
        ctx = make_loop(self.ws, self.who, state)
        ctx.update(who=self.who, before_id=self.who["before"], raiser_id=self.who["raiser"],
                   role_id=self.crew.role_id, requisition_id=self.crew.requisition_id,
                   principle_id=ctx["principles"][1])
        if not fresh:
            self.shared[state] = ctx
        return ctx


@pytest.mark.parametrize("first", ["ivy", "ian"], ids=["ivy-submits-first", "ian-submits-first"])
def test_every_person_of_a_loop_gets_the_right_answer(ws: Workspace, people: People, crew: Crew, first: str) -> None:
    """Run twice, so that each interviewer is walked before and after submitting."""
    second = "ian" if first == "ivy" else "ivy"
    emails = {"outsider": people.outsider, "before": getattr(crew, second), "after": getattr(crew, first),
              "raiser": crew.raiser, "manager": crew.manager, "recruiter": crew.recruiter, "admin": people.admin}
    who = {k: crew.person(ws, {"before": second, "after": first, "raiser": "raiser", "manager": "manager"}[k])
           for k in ("before", "after", "raiser", "manager")}
    app = create_app(ws)
    pages, apis, csrf = {"anonymous": TestClient(app)}, {"anonymous": TestClient(app)}, {}
    for persona, email in emails.items():
        pages[persona] = sign_in(TestClient(app), email)
        csrf[persona] = csrf_of(pages[persona], "/account")
        with ws.session() as s:
            secret = accounts.create_token(s, CLI_ACTOR, email).secret
        apis[persona] = TestClient(app, headers={"Authorization": f"Bearer {secret}"})
    csrf["anonymous"] = csrf_of(pages["anonymous"], "/sign-in")
    made = Loops(ws, crew, who)
    wrong = []
    for walk in WALKS:
        is_api = walk.path.startswith("/api/")
        for persona in PERSONAS:
            ctx = made.get(walk.state, fresh=walk.method != "GET")
            url = walk.path.format(**ctx)
            client = (apis if is_api else pages)[persona]
            kwargs: dict[str, Any] = {}
            body = walk.body(ctx, persona) if walk.body else None
            if walk.kind == "form":
                kwargs = {"data": {**(body or {}), "csrf_token": csrf[persona]}}
            elif walk.kind == "json_page":
                kwargs = {"json": body, "headers": {"X-CSRF-Token": csrf[persona]}}
            elif walk.kind == "upload":
                kwargs = {"files": {"file": ("cv.txt", b"A resume", "text/plain")},
                          "data": {"csrf_token": csrf[persona], "name": "Uploaded"}}
            elif walk.kind == "raw":
                kwargs = {"content": b"A new resume", "headers": {"Content-Type": "text/plain"}}
            elif body is not None:
                kwargs = {"json": body}
            answer = client.request(walk.method, url, follow_redirects=False, **kwargs)
            if persona in walk.allowed:
                expected = walk.ok
            elif persona == "anonymous":
                expected = 401 if is_api or walk.method != "GET" else 303
            elif persona == "outsider" and walk.scoped:
                expected = 404
            else:
                expected = 403
            if answer.status_code != expected:
                wrong.append(f"{walk.method} {url} as {persona}: {answer.status_code}, expected {expected} — "
                             f"{answer.text[:160]}")
            elif (walk.method, walk.path) == ("GET", "/api/v1/loops/{loop_id}/feedback") and persona in SEALED:
                seen = answer.json()
                if seen["sealed"] is not SEALED[persona] or (seen["sealed"] and seen["others"]):
                    wrong.append(f"feedback as {persona}: sealed is {seen['sealed']}, others {seen['others']}")
            elif (walk.method, walk.path) == ("GET", "/hiring/loops/{loop_id}/feedback") and persona in SEALED and (
                    ('id="sealed-notice"' in answer.text) is not SEALED[persona]
                    or (SEALED[persona] and "Strong owner." in answer.text)):
                wrong.append(f"the feedback page as {persona} shows the wrong side of the seal")
    for client in (*pages.values(), *apis.values()):
        client.close()
    assert wrong == []
