"""The hiring tests' company: a recruiter, a hiring manager, two interviewers, trained Bar
Raisers inside and outside the manager's chain, and a loop set up for a candidate."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from dayone.auth import service as accounts
from dayone.auth.permissions import CLI_ACTOR, Actor
from dayone.hiring import loops, service
from dayone.hiring.schemas import CandidateIn, InterviewerIn, LoopIn, RequisitionIn, RoleIn
from dayone.org import service as org
from dayone.org.schemas import TeamCreate
from dayone.workspace import Workspace
from tests.conftest import People
from tests.helpers import PASSWORD

NEEDS = ("Customer Obsession", "Dive Deep", "Earn Trust")
RESUME = b"Jo Candidate\nBuilt the billing system at Acme.\n"


@dataclass
class Crew:
    """Emails of the hiring people, and the ids of the loop set up for them."""

    recruiter: str = "rita@example.com"
    manager: str = "hank@example.com"
    ivy: str = "ivy@example.com"  # interviewer: Customer Obsession, Dive Deep
    ian: str = "ian@example.com"  # interviewer: Earn Trust
    raiser: str = "bea@example.com"  # trained Bar Raiser, another part of the org
    insider: str = "carl@example.com"  # trained Bar Raiser in the manager's team's sub-team
    loop_id: int = 0
    candidate_id: int = 0
    role_id: int = 0
    requisition_id: int = 0
    principle_ids: tuple[int, ...] = ()

    def actor(self, ws: Workspace, who: str) -> Actor:
        with ws.read_sessions() as session:
            return accounts.actor_for(accounts.get_user_by_email(session, getattr(self, who)))

    def person(self, ws: Workspace, who: str) -> int:
        with ws.read_sessions() as session:
            return accounts.get_user_by_email(session, getattr(self, who)).person_id


@pytest.fixture
def crew(ws: Workspace, people: People) -> Crew:
    """The loop is set up and covers every principle; it is still in planning."""
    c = Crew()
    with ws.session() as session:
        ids = {}
        for who, name, role in (("recruiter", "Rita Recruiter", "recruiter"), ("manager", "Hank Manager", "member"),
                                ("ivy", "Ivy Interviewer", "member"), ("ian", "Ian Interviewer", "member"),
                                ("raiser", "Bea Raiser", "member"), ("insider", "Carl Insider", "member")):
            ids[who] = accounts.add_user(session, CLI_ACTOR, email=getattr(c, who), name=name, role=role,
                                         password=PASSWORD).person_id
        session.flush()
        sales = org.create_team(session, CLI_ACTOR, TeamCreate(name="Sales", member_ids=[ids["manager"]]))
        org.create_team(session, CLI_ACTOR, TeamCreate(name="Sales East", parent_id=sales.id,
                                                        member_ids=[ids["insider"]]))
        org.create_team(session, CLI_ACTOR, TeamCreate(name="Platform", member_ids=[ids["raiser"], ids["ivy"]]))
        for who in ("raiser", "insider"):
            service.set_bar_raiser(session, CLI_ACTOR, ids[who], True)
        role = service.create_role(session, CLI_ACTOR, RoleIn.model_validate({
            "title": "Account Executive", "needs": [{"principle": n, "questions": [f"Tell me about {n}."]}
                                                    for n in NEEDS]}))
        req = service.create_requisition(session, CLI_ACTOR, RequisitionIn(
            role_id=role.id, team_id=sales.id, hiring_manager_id=ids["manager"]))
        cand = service.create_candidate(session, CLI_ACTOR, CandidateIn(name="Jo Candidate", contact="jo@x.test",
                                                                        source="referral"), ("jo.txt", RESUME))
        loop = loops.create(session, CLI_ACTOR, LoopIn(requisition_id=req.id, candidate_id=cand.id,
                                                       bar_raiser_id=ids["raiser"]))
        p = [service.principle(session, n).id for n in NEEDS]
        loops.set_interviewer(session, CLI_ACTOR, loop.id, InterviewerIn(person_id=ids["ivy"], principle_ids=p[:2]))
        loops.set_interviewer(session, CLI_ACTOR, loop.id, InterviewerIn(person_id=ids["ian"], principle_ids=p[2:]))
        c.loop_id, c.candidate_id, c.role_id, c.requisition_id = loop.id, cand.id, role.id, req.id
        c.principle_ids = tuple(p)
    return c
