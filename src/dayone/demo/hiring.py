"""The demo company's hiring: two role profiles, a pool of trained Bar Raisers, two
requisitions and loops in every state, from a planning loop with coverage findings to a hire
the Bar Raiser vetoed. The candidates are fictional."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone.auth.models import Role
from dayone.auth.permissions import CLI_ACTOR, Actor
from dayone.db.base import utcnow
from dayone.org.models import Person, Team

ROLES = {
    "Software Development Engineer": ("Customer Obsession", "Dive Deep", "Deliver Results", "Earn Trust"),
    "Product Manager": ("Customer Obsession", "Think Big", "Invent and Simplify",
                        "Have Backbone; Disagree and Commit"),
}
QUESTIONS = {
    "Customer Obsession": ["Tell me about a time you changed a plan because of what a customer told you."],
    "Dive Deep": ["Walk me through a problem you solved by going three levels below the dashboard."],
    "Deliver Results": ["Tell me about a deadline you met despite losing something you counted on."],
    "Earn Trust": ["Tell me about a mistake of yours you had to tell others about."],
    "Think Big": ["Describe the boldest direction you proposed, and how people came to back it."],
    "Invent and Simplify": ["Tell me about a process you made shorter. What did you remove?"],
    "Have Backbone; Disagree and Commit": ["Tell me about a decision you argued against, then committed to."],
}
BAR_RAISERS = ("Carlos Vega", "Kofi Owusu", "Omar Farouk", "Ben Schmidt")  # Ben sits above Checkout
# title → (team, hiring manager)
REQUISITIONS = {"Software Development Engineer": ("Checkout", "Chloe Dubois"),
                "Product Manager": ("Search", "Olga Ivanova")}


@dataclass(frozen=True)
class DemoLoop:
    role: str
    candidate: str
    source: str
    bar_raiser: str
    interviewers: tuple[tuple[str, tuple[int, ...], str | None], ...]  # name, principle indexes, vote if in
    state: str
    decision: str | None = None
    veto: str | None = None
    change: tuple[str, str, str] | None = None  # who, new vote, why
    late: str | None = None  # who wrote their feedback three days after their interview


LOOPS = (
    DemoLoop("Software Development Engineer", "Jordan Blake", "referral", "Ben Schmidt",
             (("Dev Patel", (0, 1), None), ("Elena Rossi", (2,), None)), "planning"),
    DemoLoop("Software Development Engineer", "Riley Chen", "job board", "Kofi Owusu",
             (("Maya Cohen", (0, 1), None), ("Farid Haddad", (2,), "inclined"), ("Grace Kim", (3,), None)),
             "interviewing"),
    DemoLoop("Product Manager", "Casey Morgan", "agency", "Omar Farouk",
             (("Priya Sharma", (0, 1), "strongly_inclined"), ("Quinn Lee", (2,), "inclined"),
              ("Tariq Rahman", (3,), None)), "awaiting_feedback"),
    DemoLoop("Software Development Engineer", "Morgan Ellis", "referral", "Carlos Vega",
             (("Hiro Tanaka", (0, 1), "inclined"), ("Ines Silva", (2,), "not_inclined"),
              ("Maya Cohen", (3,), "inclined")), "debrief"),
    DemoLoop("Product Manager", "Avery Santos", "job board", "Kofi Owusu",
             (("Rosa Garcia", (0, 1), "strongly_inclined"), ("Sam Fischer", (2,), "inclined"),
              ("Uma Mensah", (3,), "inclined")), "decided", decision="hire"),
    DemoLoop("Software Development Engineer", "Drew Hollis", "agency", "Omar Farouk",
             (("Jonas Berg", (0, 1), "inclined"), ("Kemi Adeyemi", (2,), "not_inclined"),
              ("Liam Murphy", (3,), "inclined")), "decided", decision="hire",
             veto="Every example of Earn Trust was about others' mistakes; none of the candidate's own. "
                  "The bar for this team is higher than the loop's votes.",
             change=("Kemi Adeyemi", "inclined", "The rollback story showed the ownership I had missed.")),
    # decided history for the calibration charts: lone dissents on both sides, a change, late feedback
    DemoLoop("Software Development Engineer", "Parker Quinn", "job board", "Carlos Vega",
             (("Dev Patel", (0, 1), "not_inclined"), ("Elena Rossi", (2,), "strongly_not_inclined"),
              ("Maya Cohen", (3,), "inclined")), "decided", decision="no_hire", late="Elena Rossi"),
    DemoLoop("Product Manager", "Sydney Park", "referral", "Omar Farouk",
             (("Priya Sharma", (0, 1), "strongly_inclined"), ("Quinn Lee", (2,), "inclined"),
              ("Tariq Rahman", (3,), "not_inclined")), "decided", decision="hire",
             change=("Tariq Rahman", "inclined", "Priya's notes had the numbers I had not asked for.")),
    DemoLoop("Software Development Engineer", "Taylor Brooks", "agency", "Kofi Owusu",
             (("Hiro Tanaka", (0, 1), "not_inclined"), ("Farid Haddad", (2,), "not_inclined"),
              ("Grace Kim", (3,), "strongly_not_inclined")), "decided", decision="no_hire", late="Hiro Tanaka"),
)


def _star(principle: str, hire_side: bool) -> dict[str, str]:
    if hire_side:
        return {"situation": f"Asked about {principle}: the checkout page timed out for one in twenty "
                             "customers during a sale.",
                "task": "She owned the fix for the payment step her team ran.",
                "action": "She read the slow-request logs herself, found a retry loop and shipped a guard "
                          "behind a flag within the day.",
                "result": "Time-outs fell to one in a thousand; she wrote the correction-of-error document."}
    return {"situation": f"Asked about {principle}: a migration of the order database.",
            "task": "The team had to move it without downtime.",
            "action": "He described what the team decided; asked twice, he did not say what he did himself.",
            "result": "The migration finished late; no numbers given."}


def _actor(person: Person) -> Actor:
    return Actor(user_id=None, person_id=person.id, role=Role.MEMBER, label=person.email)


def add(session: Session) -> None:
    """Add the demo's hiring (once: the caller checks)."""
    from dayone.hiring import debrief, feedback, loops, service
    from dayone.hiring.models import Vote
    from dayone.hiring.schemas import (
        CandidateIn,
        DecisionIn,
        FeedbackIn,
        InterviewerIn,
        LoopIn,
        RequisitionIn,
        RoleIn,
        VetoIn,
        VoteChangeIn,
    )

    people = {p.name: p for p in session.scalars(select(Person))}
    teams = {t.name: t.id for t in session.scalars(select(Team))}
    for name in BAR_RAISERS:
        service.set_bar_raiser(session, CLI_ACTOR, people[name].id, True)
    reqs = {}
    for title, needs in ROLES.items():
        role = service.create_role(session, CLI_ACTOR, RoleIn.model_validate({
            "title": title, "needs": [{"principle": n, "questions": QUESTIONS[n]} for n in needs]}))
        team, manager = REQUISITIONS[title]
        reqs[title] = (service.create_requisition(session, CLI_ACTOR, RequisitionIn(
            role_id=role.id, team_id=teams[team], hiring_manager_id=people[manager].id)), needs)
    for demo in LOOPS:
        req, needs = reqs[demo.role]
        first = demo.candidate.split()[0].lower()
        resume = (f"{demo.candidate}\n{first}@mail.example\n\nExperience\n- Eight years building web shops.\n"
                  "- Led the move of a payment service to a new provider.\n").encode()
        cand = service.create_candidate(session, CLI_ACTOR, CandidateIn(
            name=demo.candidate, contact=f"{first}@mail.example", source=demo.source),
            (f"{first}-resume.txt", resume))
        loop = loops.create(session, CLI_ACTOR, LoopIn(requisition_id=req.id, candidate_id=cand.id,
                                                       bar_raiser_id=people[demo.bar_raiser].id))
        principle_ids = [service.principle(session, n).id for n in needs]
        now = utcnow()
        for name, indexes, _ in demo.interviewers:
            ends = None  # decided loops have their slots: calibration counts late feedback and time to decide
            if demo.state == "decided":
                ends = now - (timedelta(days=3) if name == demo.late else timedelta(hours=2))
            loops.set_interviewer(session, CLI_ACTOR, loop.id, InterviewerIn(
                person_id=people[name].id, principle_ids=[principle_ids[i] for i in indexes],
                starts_at=ends - timedelta(hours=1) if ends else None, ends_at=ends))
        if demo.state == "planning":
            continue
        loops.move(session, CLI_ACTOR, loop.id, "interviewing")
        for name, indexes, vote in demo.interviewers:
            if vote is None:
                continue
            hire = Vote(vote).hire_side
            feedback.submit(session, _actor(people[name]), loop.id, FeedbackIn.model_validate({
                "notes": {principle_ids[i]: _star(needs[i], hire) for i in indexes}, "vote": vote,
                "reason": "Clear ownership with numbers." if hire else "No action of his own in any example."}))
        if demo.state == "interviewing":
            continue
        loops.move(session, CLI_ACTOR, loop.id, "awaiting_feedback")
        if demo.state == "awaiting_feedback":
            continue
        raiser = _actor(people[demo.bar_raiser])
        debrief.open_debrief(session, raiser, loop.id)
        if demo.change:
            who, vote, why = demo.change
            debrief.change_vote(session, _actor(people[who]), loop.id, VoteChangeIn(vote=vote, reason=why))
        if demo.decision:
            deciding = people[REQUISITIONS[demo.role][1]]
            debrief.decide(session, _actor(deciding), loop.id, DecisionIn.model_validate({
                "decision": demo.decision, "reason": "Strong on every principle the role needs."
                if demo.decision == "hire" else "No example of the candidate's own actions on two principles."}))
        if demo.veto:
            debrief.veto(session, raiser, loop.id, VetoIn(reason=demo.veto))
    session.flush()
