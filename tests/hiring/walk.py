"""Fresh interview loops in any state, for the access walks (tests/web/test_access.py and
tests/hiring/test_hiring_access.py), and the hiring routes' entries in the general walk."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from dayone.auth.models import Role
from dayone.auth.permissions import CLI_ACTOR, Actor
from dayone.hiring import debrief, feedback, loops, service
from dayone.hiring.models import RoleProfile
from dayone.hiring.schemas import (
    CandidateIn,
    DecisionIn,
    FeedbackIn,
    InterviewerIn,
    LoopIn,
    RequisitionIn,
    RoleIn,
)
from dayone.workspace import Workspace

NEEDS = ("Customer Obsession", "Dive Deep", "Earn Trust")
STAR = {"situation": "An outage", "task": "Restore billing", "action": "She rolled back", "result": "Fixed in 1 h"}
STATES = ("planning", "interviewing", "override", "debrief", "decided")


def _as(person_id: int) -> Actor:
    return Actor(user_id=None, person_id=person_id, role=Role.MEMBER, label=f"person {person_id}")


def make_loop(ws: Workspace, who: dict[str, int], state: str,
              submitted: tuple[str, ...] = ("after",)) -> dict[str, Any]:
    """A loop with interviewers ``before`` (two principles) and ``after`` (one), Bar Raiser
    ``raiser`` and hiring manager ``manager`` (person ids), moved to ``state``: planning;
    interviewing with ``submitted``'s feedback in; override (the debrief opened early by the Bar
    Raiser, ``submitted`` in); debrief (all in); decided (hire)."""
    with ws.session() as s:
        role = s.scalar(select(RoleProfile).where(RoleProfile.title == "Walk role")) or service.create_role(
            s, CLI_ACTOR, RoleIn.model_validate({"title": "Walk role", "needs": [
                {"principle": n, "questions": [f"About {n}?"]} for n in NEEDS]}))
        p = [n.principle_id for n in role.needs]
        req = service.create_requisition(s, CLI_ACTOR, RequisitionIn(role_id=role.id,
                                                                     hiring_manager_id=who["manager"]))
        cand = service.create_candidate(s, CLI_ACTOR, CandidateIn(name="Walk Candidate"), ("cv.txt", b"A resume"))
        if not service.is_bar_raiser(s, who["raiser"]):
            service.set_bar_raiser(s, CLI_ACTOR, who["raiser"], True)
        loop = loops.create(s, CLI_ACTOR, LoopIn(requisition_id=req.id, candidate_id=cand.id,
                                                 bar_raiser_id=who["raiser"]))
        assigned = {"before": p[:2], "after": p[2:]}
        for name, principles in assigned.items():
            loops.set_interviewer(s, CLI_ACTOR, loop.id, InterviewerIn(person_id=who[name], principle_ids=principles))
        if state != "planning":
            loops.move(s, CLI_ACTOR, loop.id, "interviewing")
            done = ("before", "after") if state in ("debrief", "decided") else submitted
            for name in done:
                feedback.submit(s, _as(who[name]), loop.id, FeedbackIn.model_validate({
                    "notes": {i: STAR for i in assigned[name]}, "vote": "inclined", "reason": "Strong owner."}))
            if state in ("override", "debrief", "decided"):
                debrief.open_debrief(s, _as(who["raiser"]), loop.id,
                                     "On leave" if state == "override" else "")
            if state == "decided":
                debrief.decide(s, _as(who["manager"]), loop.id, DecisionIn(decision="hire", reason="Strong"))
        return {"loop_id": loop.id, "candidate_id": cand.id, "principles": p, "assigned": assigned}


def feedback_body(ctx: dict[str, Any], name: str, **more: Any) -> dict[str, Any]:
    return {"notes": {str(i): STAR for i in ctx["assigned"][name]}, "vote": "inclined", "reason": "Owner.", **more}


def general_cases(case: Callable[..., Any]) -> dict[tuple[str, str], Any]:
    """The hiring routes for the general walk (anonymous, viewer, outsider, member, admin). None of
    the walk's people is in the loops made here: the loop's routes answer 404 to them (a loop or
    candidate they may not see does not exist for them), and admins, hiring staff, pass."""
    def crew(t: Any) -> dict[str, int]:
        """Four people of no team (so the Bar Raiser is outside the manager's chain), once per walk."""
        if not hasattr(t, "hiring_crew"):
            from dayone.org import service as org
            from dayone.org.schemas import PersonCreate

            with t.ws.session() as s:
                t.hiring_crew = {name: org.create_person(s, CLI_ACTOR, PersonCreate(
                    name=f"Hiring {name}", email=f"hiring-{name}@example.com")).id
                    for name in ("before", "after", "raiser", "manager")}
        made: dict[str, int] = t.hiring_crew
        return made

    def loop(state: str) -> Callable[[Any], dict[str, Any]]:
        def build(t: Any) -> dict[str, Any]:
            ctx = make_loop(t.ws, crew(t), state)
            return {"loop_id": ctx["loop_id"], "candidate_id": ctx["candidate_id"], "person_id": crew(t)["before"],
                    "_ctx": ctx}
        return build

    def principle(t: Any) -> dict[str, Any]:
        with t.ws.session() as s:
            last = service.principles(s)[-1]
            return {"principle_id": last.id, "name": last.name}

    def person(t: Any) -> dict[str, Any]:
        return {"person_id": t.new_person()}

    def ids(t: Any) -> dict[str, Any]:
        ctx = make_loop(t.ws, crew(t), "planning")
        with t.ws.session() as s:
            req = service.requisitions(s)[0].id
            role = service.roles(s)[0].id
        return {"requisition_id": req, "role_id": role, "candidate_id": ctx["candidate_id"]}

    n = iter(range(1, 10**6))
    scoped = {"denied": 404}  # outsiders never learn a loop or a candidate exists
    return {
        ("GET", "/hiring"): case("read"),
        ("GET", "/hiring/principles"): case("read"),
        ("POST", "/hiring/principles/{principle_id}"): case("admin", principle, body=lambda t, p: {
            "name": p["name"], "description": "Edited."}, ok=(303,)),
        ("GET", "/hiring/roles"): case("read"),
        ("POST", "/hiring/roles"): case("admin", principle, body=lambda t, p: {
            "title": f"Page role {next(n)}", "principle_ids": str(p["principle_id"])}, ok=(303,)),
        ("POST", "/hiring/requisitions"): case("admin", ids, body=lambda t, p: {
            "role_id": str(p["role_id"]), "hiring_manager_id": str(t.member_person())}, ok=(303,)),
        ("POST", "/hiring/candidates"): case("admin", upload=True, upload_text="A plain text resume", ok=(303,)),
        ("POST", "/hiring/loops"): case("admin", ids, body=lambda t, p: {
            "requisition_id": str(p["requisition_id"]), "candidate_id": str(p["candidate_id"])}, ok=(303,)),
        ("POST", "/hiring/bar-raisers"): case("admin", person, body=lambda t, p: {
            "person_id": str(p["person_id"]), "trained": "yes"}, ok=(303,)),
        ("GET", "/hiring/candidates/{candidate_id}"): case("admin", loop("planning"), **scoped),
        ("GET", "/hiring/candidates/{candidate_id}/resume"): case("admin", loop("planning"), **scoped),
        ("GET", "/hiring/candidates/{candidate_id}/export"): case("admin", loop("planning"), **scoped),
        ("POST", "/hiring/candidates/{candidate_id}/delete"): case("admin", loop("planning"), body=lambda t, p: {
            "confirm": "Walk Candidate"}, ok=(303,), **scoped),
        ("GET", "/hiring/calibration"): case("read"),
        ("GET", "/hiring/loops/{loop_id}"): case("admin", loop("planning"), **scoped),
        ("POST", "/hiring/loops/{loop_id}/interviewers"): case("admin", loop("planning"), body=lambda t, p: {
            "person_id": str(p["person_id"]), "principle_ids": str(p["_ctx"]["principles"][0])}, ok=(303,), **scoped),
        ("POST", "/hiring/loops/{loop_id}/interviewers/{person_id}/remove"): case(
            "admin", loop("planning"), body=lambda t, p: {}, ok=(303,), **scoped),
        ("POST", "/hiring/loops/{loop_id}/bar-raiser"): case("admin", loop("planning"), body=lambda t, p: {
            "bar_raiser_id": ""}, ok=(303,), **scoped),
        ("POST", "/hiring/loops/{loop_id}/transition"): case("admin", loop("planning"), body=lambda t, p: {
            "state": "interviewing"}, ok=(303,), **scoped),
        # feedback is written by the loop's interviewers only: an admin reads it but writes none
        ("GET", "/hiring/loops/{loop_id}/feedback"): case("admin", loop("interviewing"), **scoped),
        ("POST", "/hiring/loops/{loop_id}/feedback"): case("admin", loop("interviewing"), body=lambda t, p: {
            "action": "save", "reason": "x"}, ok=(403,), **scoped),
        ("POST", "/hiring/loops/{loop_id}/feedback/draft"): case("admin", loop("interviewing"), body=lambda t, p: {
            "reason": "x"}, ok=(403,), json_page=True, **scoped),
        ("GET", "/hiring/loops/{loop_id}/debrief"): case("admin", loop("debrief"), **scoped),
        ("POST", "/hiring/loops/{loop_id}/debrief/open"): case("admin", loop("interviewing"), body=lambda t, p: {
            "override_reason": "x"}, ok=(403,), **scoped),
        ("POST", "/hiring/loops/{loop_id}/debrief/vote-change"): case("admin", loop("debrief"), body=lambda t, p: {
            "vote": "not_inclined", "reason": "x"}, ok=(403,), **scoped),
        ("POST", "/hiring/loops/{loop_id}/debrief/decision"): case("admin", loop("debrief"), body=lambda t, p: {
            "decision": "hire", "reason": "x"}, ok=(403,), **scoped),
        ("POST", "/hiring/loops/{loop_id}/debrief/veto"): case("admin", loop("debrief"), body=lambda t, p: {
            "reason": "x"}, ok=(403,), **scoped),
        # the API
        ("GET", "/api/v1/hiring/principles"): case("read"),
        ("POST", "/api/v1/hiring/principles"): case("admin", body=lambda t, p: {"name": f"Principle {next(n)}"},
                                                    ok=(201,)),
        ("PUT", "/api/v1/hiring/principles/{principle_id}"): case("admin", principle, body=lambda t, p: {
            "name": p["name"], "description": "Edited."}),
        ("GET", "/api/v1/hiring/roles"): case("read"),
        ("POST", "/api/v1/hiring/roles"): case("admin", body=lambda t, p: {
            "title": f"Api role {next(n)}", "needs": [{"principle": "Dive Deep"}]}, ok=(201,)),
        ("GET", "/api/v1/hiring/bar-raisers"): case("read"),
        ("PUT", "/api/v1/hiring/bar-raisers/{person_id}"): case("admin", person, body=lambda t, p: {"trained": True}),
        ("GET", "/api/v1/hiring/requisitions"): case("admin"),
        ("POST", "/api/v1/hiring/requisitions"): case("admin", ids, body=lambda t, p: {
            "role_id": p["role_id"], "hiring_manager_id": t.member_person()}, ok=(201,)),
        ("GET", "/api/v1/hiring/candidates"): case("read"),
        ("POST", "/api/v1/hiring/candidates"): case("admin", body=lambda t, p: {"name": "Api Walker"}, ok=(201,)),
        ("GET", "/api/v1/hiring/candidates/{candidate_id}"): case("admin", loop("planning"), **scoped),
        ("PUT", "/api/v1/hiring/candidates/{candidate_id}/resume"): case("admin", loop("planning"), upload=True,
                                                                        upload_text="A new resume"),
        ("GET", "/api/v1/hiring/candidates/{candidate_id}/resume"): case("admin", loop("planning"), **scoped),
        ("GET", "/api/v1/hiring/candidates/{candidate_id}/export"): case("admin", loop("planning"), **scoped),
        ("POST", "/api/v1/hiring/candidates/{candidate_id}/delete"): case("admin", loop("planning"), body=lambda t, p: {
            "confirm": "Walk Candidate"}, **scoped),
        ("GET", "/api/v1/hiring/calibration"): case("read"),
        ("GET", "/api/v1/loops"): case("read"),
        ("POST", "/api/v1/loops"): case("admin", ids, body=lambda t, p: {
            "requisition_id": p["requisition_id"], "candidate_id": p["candidate_id"]}, ok=(201,)),
        ("GET", "/api/v1/loops/{loop_id}"): case("admin", loop("planning"), **scoped),
        ("PUT", "/api/v1/loops/{loop_id}/interviewers/{person_id}"): case("admin", loop("planning"), body=lambda t, p: {
            "principle_ids": p["_ctx"]["principles"]}, **scoped),
        ("DELETE", "/api/v1/loops/{loop_id}/interviewers/{person_id}"): case("admin", loop("planning"), **scoped),
        ("PUT", "/api/v1/loops/{loop_id}/bar-raiser"): case("admin", loop("planning"), body=lambda t, p: {
            "person_id": None}, **scoped),
        ("POST", "/api/v1/loops/{loop_id}/transition"): case("admin", loop("planning"), body=lambda t, p: {
            "state": "interviewing"}, **scoped),
        ("GET", "/api/v1/loops/{loop_id}/kit"): case("admin", loop("interviewing"), ok=(403,), **scoped),
        ("GET", "/api/v1/loops/{loop_id}/feedback"): case("admin", loop("interviewing"), **scoped),
        ("PUT", "/api/v1/loops/{loop_id}/feedback/draft"): case("admin", loop("interviewing"), body=lambda t, p: {
            "reason": "x"}, ok=(403,), **scoped),
        ("POST", "/api/v1/loops/{loop_id}/feedback"): case("admin", loop("interviewing"), body=lambda t, p: {
            "reason": "x"}, ok=(403,), **scoped),
        ("GET", "/api/v1/loops/{loop_id}/debrief"): case("admin", loop("debrief"), **scoped),
        ("POST", "/api/v1/loops/{loop_id}/debrief"): case("admin", loop("interviewing"), body=lambda t, p: {
            "override_reason": "x"}, ok=(403,), **scoped),
        ("POST", "/api/v1/loops/{loop_id}/debrief/vote-changes"): case("admin", loop("debrief"), body=lambda t, p: {
            "vote": "not_inclined", "reason": "x"}, ok=(403,), **scoped),
        ("POST", "/api/v1/loops/{loop_id}/debrief/decision"): case("admin", loop("debrief"), body=lambda t, p: {
            "decision": "hire", "reason": "x"}, ok=(403,), **scoped),
        ("POST", "/api/v1/loops/{loop_id}/debrief/veto"): case("admin", loop("debrief"), body=lambda t, p: {
            "reason": "x"}, ok=(403,), **scoped),
    }
