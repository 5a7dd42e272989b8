"""Northwind Goods, the demo company: 44 people in 9 teams, 7 initiatives and, on
purpose, a few breaches of the book's rules so the organization page has something
to show. Later mechanisms add their own demo data here."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone.auth import service as accounts
from dayone.auth.models import Role
from dayone.auth.passwords import generate_password
from dayone.auth.permissions import CLI_ACTOR
from dayone.org import service as org
from dayone.org.models import InitiativeStatus, Person, Team
from dayone.org.schemas import InitiativeCreate, PersonCreate, TeamCreate, TeamUpdate
from dayone.workspace import Workspace

DOMAIN = "northwind.example"
ADMIN_EMAIL = f"ava.okafor@{DOMAIN}"

# team: (parent, mission, people)
TEAMS: dict[str, tuple[str | None, str, int]] = {
    "Retail": (None, "Earth's most customer-centric place to buy home goods.", 2),
    "Checkout": ("Retail", "Make paying effortless, on every device.", 12),
    "Search": ("Retail", "Customers find what they want in one query.", 5),
    "Catalog": ("Retail", "Every product page is complete and correct.", 4),
    "Payments": ("Retail", "Every payment method customers ask for, with no fraud.", 5),
    "Fulfillment": (None, "Deliver every order on the promised day.", 6),
    "Platform": (None, "Self-service building blocks for every team.", 2),
    "Identity": ("Platform", "Sign-in that is safe and invisible.", 4),
    "Data Platform": ("Platform", "Every team can answer its own questions with data.", 4),
}
DEPENDENCIES = {
    # Checkout cannot ship alone: the breach the findings page shows.
    "Checkout": ["Search", "Catalog", "Payments", "Identity", "Data Platform"],
    "Search": ["Catalog"],
    "Fulfillment": ["Data Platform"],
    "Payments": ["Identity"],
}
FIRST = ["Ava", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi",
         "Liam", "Maya", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Victor",
         "Wen", "Ximena", "Yusuf", "Zoe", "Aaron", "Bea", "Carlos", "Dana", "Emeka", "Fatima",
         "Gus", "Hana", "Ivan", "Jade", "Kofi", "Lena", "Marco", "Nia", "Omar", "Pia", "Ravi", "Sofia"]
LAST = ["Okafor", "Schmidt", "Dubois", "Patel", "Rossi", "Haddad", "Kim", "Tanaka", "Silva",
        "Berg", "Adeyemi", "Murphy", "Cohen", "Nguyen", "Ivanova", "Sharma", "Lee", "Garcia",
        "Fischer", "Rahman", "Mensah", "Novak", "Zhang", "Lopez", "Demir", "Walsh", "Stone",
        "Moreau", "Vega", "Brooks", "Obi", "Aziz", "Lund", "Sato", "Petrov", "Reyes", "Owusu",
        "Klein", "Bianchi", "Achebe", "Farouk", "Lind", "Iyer", "Costa"]
TITLES = ["Software Development Engineer", "Senior SDE", "Product Manager", "Data Scientist",
          "UX Designer", "Engineering Manager", "Business Analyst", "Technical Program Manager"]

# initiative: (team, status, leader index or None, co-leader indexes, goal)
INITIATIVES = [
    ("One-Click Reorder", "Checkout", "active", "Maya Cohen", [],
     "Reorder a past basket in one click; lift repeat purchase rate by 3 points."),
    ("Same-Day Delivery", "Fulfillment", "active", "Maya Cohen", [],
     "Same-day delivery in the three largest metros by Q3."),
    ("Search Relevance 2.0", "Search", "active", "Priya Sharma", [],
     "Halve the share of searches that end without a click."),
    ("Gift Cards", "Payments", "proposed", None, [],
     "Sell and redeem digital gift cards."),
    ("Unified Identity", "Identity", "active", "Hiro Tanaka", ["Olga Ivanova"],
     "One account across web, app and stores."),
    ("Fraud Screening", "Payments", "active", "Tariq Rahman", [],
     "Block 90% of fraudulent orders before they ship, with under 0.1% false declines."),
    ("Catalog Cleanup", "Catalog", "done", "Ines Silva", [],
     "Every product page has dimensions, weight and three photos."),
]


# the demo logins live apart: My week counts their days, and pages show their times, in these
TIME_ZONES = {ADMIN_EMAIL: "America/New_York", f"maya.cohen@{DOMAIN}": "Europe/Berlin"}


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    member_email: str
    viewer_email: str


def _login_file(ws: Workspace) -> Path:
    return ws.settings.home / "demo-login.txt"


def _save_password(ws: Workspace, password: str) -> None:
    path = _login_file(ws)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(password)


def _people(session: Session) -> dict[str, int]:
    team_ids: dict[str, int] = {}
    for name, (parent, mission, _) in TEAMS.items():
        parent_id = team_ids[parent] if parent else None
        team = org.create_team(session, CLI_ACTOR, TeamCreate(name=name, mission=mission,
                                                              parent_id=parent_id))
        team_ids[name] = team.id
    people: dict[str, int] = {}
    index = 0
    for team_name, (_, _, size) in TEAMS.items():
        for _ in range(size):
            name = f"{FIRST[index]} {LAST[index]}"
            email = f"{FIRST[index].lower()}.{LAST[index].lower()}@{DOMAIN}"
            person = org.create_person(session, CLI_ACTOR, PersonCreate(
                name=name, email=email, title=TITLES[index % len(TITLES)],
                team_id=team_ids[team_name]))
            people[name] = person.id
            index += 1
    for team_name, needs in DEPENDENCIES.items():
        team = org.get(session, Team, team_ids[team_name])
        org.update_team(session, CLI_ACTOR, team.id, TeamUpdate(
            version=team.version, dependency_ids=[team_ids[n] for n in needs]))
    for name, team_name, status, leader, co_leaders, goal in INITIATIVES:
        org.create_initiative(session, CLI_ACTOR, InitiativeCreate(
            name=name, goal=goal, status=InitiativeStatus(status), team_id=team_ids[team_name],
            leader_id=people[leader] if leader else None,
            co_leader_ids=[people[c] for c in co_leaders]))
    return people


DEMO_DOCS = Path(__file__).parent / "documents"
# title, type, state, author, shared with everyone, source file, later edits
DOCUMENTS = [
    ("One-Click Reorder", "prfaq", "approved", "Maya Cohen", True, "one-click-reorder.md", 2),
    ("Same-Day Delivery", "prfaq", "in-review", "Farid Haddad", True, "one-click-reorder.md", 1),
    ("Subscription Boxes", "prfaq", "revise", "Chloe Dubois", True, "one-click-reorder.md", 1),
    ("Voice Ordering", "prfaq", "parked", "Dev Patel", True, "one-click-reorder.md", 0),
    ("Marketplace Ads", "prfaq", "rejected", "Elena Rossi", True, "one-click-reorder.md", 0),
    ("Gift Cards", "prfaq", "draft", "Tariq Rahman", False, None, 0),
    ("Checkout in 2027", "narrative", "draft", "Maya Cohen", False, "checkout-2027.md", 1),
]
# drafts that show search's reading rule: one shared with a few people (Maya, the member
# login, among them), one private to its author; title → (author, file, shared with)
SEARCH_DOCUMENTS = {
    "Returns Without Boxes": ("Farid Haddad", "returns-without-boxes.md", ["Maya Cohen", "Grace Kim"]),
    "Holiday Fraud Rings": ("Tariq Rahman", "holiday-fraud-rings.md", []),
}


def _documents(session: Session) -> None:
    """PR/FAQs in every state and a narrative, some private, with version history."""
    from dayone.documents import service as docs
    from dayone.documents.models import DocumentState, DocumentType
    from dayone.documents.schemas import DocumentCreate, DocumentUpdate, VersionCreate

    people = {p.name: p.id for p in session.scalars(select(Person))}
    for title, kind, state, author, public, source, edits in DOCUMENTS:
        body = (DEMO_DOCS / source).read_text(encoding="utf-8") if source else None
        if body and source == "one-click-reorder.md" and title != "One-Click Reorder":
            body = body.replace("One-Click Reorder", title).replace("Day One Reorder", title)
        doc = docs.create(session, CLI_ACTOR, DocumentCreate(title=title, doc_type=DocumentType(kind),
                                                             body=body), author_id=people[author])
        text = body or docs.template(DocumentType(kind))
        for n in range(edits):
            text = text.replace("on average.", "on average, in our 2026 study.", 1) if n == 0 else \
                text + "\n"
            docs.save(session, CLI_ACTOR, doc.id, VersionCreate(body=text, base_version=doc.latest_version,
                                                                 note=f"revision {n + 1}"))
        docs.update(session, CLI_ACTOR, doc.id, DocumentUpdate(state=DocumentState(state),
                                                               shared_with_all=public))
        if title == "Checkout in 2027":
            docs.share(session, CLI_ACTOR, doc.id, people["Chloe Dubois"], True)


def _search_documents(session: Session) -> None:
    """The drafts of SEARCH_DOCUMENTS, each once (an older demo gains them)."""
    from dayone.documents import service as docs
    from dayone.documents.models import Document, DocumentType
    from dayone.documents.schemas import DocumentCreate

    people = {p.name: p.id for p in session.scalars(select(Person))}
    for title, (author, source, readers) in SEARCH_DOCUMENTS.items():
        if session.scalar(select(Document.id).where(Document.title == title)) is not None:
            continue
        doc = docs.create(session, CLI_ACTOR, DocumentCreate(
            title=title, doc_type=DocumentType.NARRATIVE, body=(DEMO_DOCS / source).read_text(encoding="utf-8")),
            author_id=people[author])
        for reader in readers:
            docs.share(session, CLI_ACTOR, doc.id, people[reader], False)


# document title → (outcome or None for an upcoming review, reason, reviewers, comments)
DemoComment = tuple[str, str, str, str | None, bool]  # who, passage, comment, author's reply, resolved
REVIEWS: dict[str, tuple[str | None, str, list[str], list[DemoComment]]] = {
    "One-Click Reorder": ("approved", "The problem is real and sized; build it.",
                          ["Farid Haddad", "Priya Sharma", "Ava Okafor"],
                          [("Priya Sharma", "14 minutes on average", "How was this measured?",
                            "From 2,400 sessions in March 2026.", True),
                           ("Farid Haddad", "in one click", "What happens when an item is out of stock?",
                            None, False)]),
    "Subscription Boxes": ("revise", "Size the market before we decide.",
                           ["Maya Cohen", "Tariq Rahman"],
                           [("Tariq Rahman", "2.1 million", "Which of these would pay monthly?",
                             None, False)]),
    "Voice Ordering": ("parked", "Customers do not ask for it yet; revisit in 2027.", ["Maya Cohen"], []),
    "Marketplace Ads": ("rejected", "It works against the customer's interest in search.",
                        ["Priya Sharma", "Ava Okafor"], []),
    "Same-Day Delivery": (None, "", ["Maya Cohen", "Grace Kim", "Ava Okafor"], []),
}


def _reviews(session: Session) -> None:
    """Review meetings with comments, replies and outcomes, and one still to come."""
    from datetime import UTC, datetime, timedelta

    from dayone.auth.models import Role as R
    from dayone.auth.permissions import Actor
    from dayone.documents import reviews
    from dayone.documents.models import Document, ReviewOutcome
    from dayone.mechanisms.models import Occurrence

    people = {p.name: p for p in session.scalars(select(Person))}

    def as_(name: str) -> Actor:
        return Actor(user_id=None, person_id=people[name].id, role=R.MEMBER, label=people[name].email)

    when = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(weeks=6)
    for title, (outcome, reason, reviewers, comments) in REVIEWS.items():
        doc = session.scalar(select(Document).where(Document.title == title))
        assert doc is not None
        author = as_(doc.author.name)
        review = reviews.schedule(session, author, doc.id, version=1,
                                  invitee_ids=[people[n].id for n in reviewers],
                                  scheduled_for=when if outcome else datetime.now(UTC) + timedelta(days=3))
        when += timedelta(days=4)
        if outcome is None:
            continue
        reviews.start(session, author, review.id, now=review.scheduled_for)
        for who, quote, text, answer, resolved in comments:
            made = reviews.comment(session, as_(who), review.id, quote, text)
            if answer:
                reviews.reply(session, author, made.id, answer)
            if resolved:
                reviews.resolve(session, author, made.id)
        reviews.record_outcome(session, author, review.id, ReviewOutcome(outcome), reason)
        review.ended_at = review.scheduled_for + timedelta(hours=1)  # the meeting's own date
        held = session.scalar(select(Occurrence).where(Occurrence.link == f"/reviews/{review.id}"))
        if held is not None:
            held.occurred_on = review.ended_at.date()


def _decisions(session: Session) -> None:
    """A decision log with both door types in every status, a two-way door stuck in
    one-way-door process, disagreements with commitments, an escalation and revisits."""
    from datetime import UTC, date, datetime, timedelta

    from dayone.auth.models import Role as R
    from dayone.auth.permissions import Actor
    from dayone.decisions import service as decisions
    from dayone.decisions.models import Decision, DecisionType
    from dayone.decisions.schemas import DecisionCreate, EscalationIn, PositionIn, RevisitIn
    from dayone.documents.models import Document

    people = {p.name: p for p in session.scalars(select(Person))}
    docs = {d.title: d.id for d in session.scalars(select(Document))}

    def as_(name: str) -> Actor:
        return Actor(user_id=None, person_id=people[name].id, role=R.MEMBER, label=people[name].email)

    cheap = {"undo_cost": "cheap", "undo_time": "days", "customers": "some", "legal_or_safety": "no",
             "money_at_risk": 20000}
    heavy = {"undo_cost": "impossible", "undo_time": "months", "customers": "all", "legal_or_safety": "no",
             "money_at_risk": 3000000}
    now = datetime.now(UTC)
    # title, owner, answers, type override, days ago, steps
    entries: list[tuple[str, str, dict[str, object], DecisionType | None, int, list[str]]] = [
        ("Launch One-Click Reorder in the United States", "Maya Cohen", heavy, None, 60,
         ["doc:One-Click Reorder", "approve", "decide", "disagree", "revisit-date"]),
        ("Free returns for orders over $50", "Tariq Rahman", cheap, None, 40, ["decide", "revisit-metric"]),
        ("Move the weekly business review to Mondays", "Ava Okafor", cheap, None, 30, ["decide", "revisit"]),
        ("Show delivery dates on search results", "Priya Sharma", cheap, None, 25, ["decide", "reverse"]),
        ("Rename Catalog Cleanup to Catalog Quality", "Ines Silva", cheap, None, 20, ["decide", "supersede"]),
        ("Change the checkout button colour", "Chloe Dubois", cheap, DecisionType.ONE_WAY, 21,
         ["approvers", "escalate"]),  # a two-way door stuck in heavy process
        ("Enter the Canadian market", "Farid Haddad", heavy, None, 5, ["approvers"]),
        ("Try a weekly summary email for sellers", "Dev Patel", cheap, None, 2, []),
    ]
    made: dict[str, Decision] = {}
    for title, owner, answers, override, days_ago, steps in entries:
        links = [{"kind": "document", "document_id": docs[s.split(":", 1)[1]]}
                 for s in steps if s.startswith("doc:")]
        approvers = [people["Ava Okafor"].id, people["Priya Sharma"].id] if (
            "approve" in steps or "approvers" in steps) else []
        decision = decisions.create(session, as_(owner), DecisionCreate.model_validate({
            "title": title, "type_answers": answers, "decision_type": override,
            "type_justification": "Brand changes go through the brand council." if override else "",
            "context": f"{title}: the question came up in the weekly business review.",
            "options": ["Do it now", "Wait a quarter", "Do not do it"], "choice": "Do it now",
            "reasoning": "The data we have points this way, and waiting costs customers.",
            "consequences": "We will see it in next month's metrics.", "info_percent": 70,
            "approver_ids": approvers, "links": links,
            "revisit_condition": {"metric": "returns rate", "operator": ">", "threshold": 0.08}
            if "revisit-metric" in steps else None}))
        decision.created_at = now - timedelta(days=days_ago)
        made[title] = decision
        for step in steps:
            if step == "approve":
                for name in ("Ava Okafor", "Priya Sharma"):
                    decisions.approve(session, as_(name), decision.id)
            elif step == "decide":
                decisions.decide(session, as_(owner), decision.id)
                decision.decided_at = decision.created_at + timedelta(days=1 if override is None else 9)
            elif step == "disagree":
                decisions.record_position(session, as_("Farid Haddad"), decision.id, PositionIn(
                    stance="disagree", view="Same-day delivery should come first.", commit=True))
                decisions.record_position(session, as_("Priya Sharma"), decision.id,
                                          PositionIn(stance="agree", commit=True))
            elif step == "revisit-date":
                decision.revisit_on = date.today() - timedelta(days=3)  # due now
            elif step in ("revisit", "reverse"):
                decisions.revisit(session, as_(owner), decision.id, RevisitIn(
                    outcome="kept" if step == "revisit" else "reversed",
                    notes="Attendance went up." if step == "revisit" else "Customers found the dates confusing."))
            elif step == "escalate":
                decisions.escalate(session, as_("Maya Cohen"), decision.id, EscalationIn(
                    to_person_id=people["Ava Okafor"].id,
                    reason="This is a two-way door; it has waited three weeks for sign-offs."))
    decisions.supersede(session, as_("Ines Silva"), made["Rename Catalog Cleanup to Catalog Quality"].id,
                        made["Show delivery dates on search results"].id)
    decisions.record_reading(session, as_("Tariq Rahman"), "returns rate", 0.091)


def _mechanisms(session: Session) -> None:
    """Mechanisms with a history of occurrences, lapses included."""
    from datetime import date, timedelta

    from dayone.mechanisms import service as mechanisms
    from dayone.mechanisms.models import Mechanism, Occurrence

    mechanisms.ensure_builtins(session)
    today = date.today()
    start = today - timedelta(weeks=10)
    wbr = session.scalar(select(Mechanism).where(Mechanism.builtin == "wbr"))
    assert wbr is not None
    wbr.started_on = start
    wbr.owner_id = session.scalar(select(Person.id).where(Person.email == ADMIN_EMAIL))
    monday = today - timedelta(days=today.weekday())
    for week in range(1, 10):
        if week in (3, 7):
            continue  # lapses: two weeks without a WBR
        held = monday - timedelta(weeks=week)
        session.add(Occurrence(mechanism_id=wbr.id, occurred_on=held, source="manual",
                               output=f"Deck for the week ending {held - timedelta(days=2)}: 2 anomalies "
                                      "explained, 3 actions with owners."))
    for mech in session.scalars(select(Mechanism).where(Mechanism.builtin.in_(
            ["document-review", "decision-revisit"]))):
        mech.started_on = start
    maya = session.scalar(select(Person).where(Person.email == f"maya.cohen@{DOMAIN}"))
    assert maya is not None
    from dayone.auth.models import Role as R
    from dayone.auth.permissions import Actor

    actor = Actor(user_id=None, person_id=maya.id, role=R.MEMBER, label=maya.email)
    ops = mechanisms.create(session, actor, name="Checkout operations review", cadence="every 2 weeks on Thursday",
                            tool="other", description="A review of checkout incidents and their fixes.",
                            produces="Each incident's cause, fix and owner.", started_on=start)
    for fortnight in (1, 2, 4):
        session.add(Occurrence(mechanism_id=ops.id, occurred_on=today - timedelta(weeks=2 * fortnight),
                               source="manual", output="Incidents reviewed; fixes assigned."))


def _wbr(ws: Workspace) -> None:
    """Three years of daily data and ~40 metrics with owners, and the workspace's WBR set to them."""
    from datetime import date, timedelta

    from dayone.demo import metrics as demo_metrics
    from dayone.documents.models import WorkspaceSetting
    from dayone.wbr import service as wbr

    today = date.today()
    last_saturday = today - timedelta(days=(today.weekday() - 5) % 7 or 7)
    # in the workspace's data folder: the only folder of its home that a metrics file may read
    path = demo_metrics.write(ws.settings.home / "data" / "demo-wbr", last_saturday, domain=DOMAIN)
    older = {str(ws.settings.home / "demo-wbr"), str((ws.settings.home / "demo-wbr").resolve())}
    with ws.session() as session:
        if session.get(WorkspaceSetting, wbr.METRICS_FILE) is None:
            wbr.use(session, CLI_ACTOR, path)
        elif wbr.current_file(session).base_dir in older:  # a demo from before the sandbox: its data moved
            wbr.relocate(session, CLI_ACTOR, path.parent)


def ensure_demo(ws: Workspace) -> DemoLogin:
    """Create the demo company once; later calls reuse it and change nothing. Parts that a
    newer Day One adds to the demo are added to an older demo workspace."""
    login = _ensure_org(ws)
    from dayone.documents.models import Document

    with ws.session() as session:
        if session.scalar(select(Document.id).where(Document.title == DOCUMENTS[0][0])) is None:
            _documents(session)
            session.flush()
            _reviews(session)
        _search_documents(session)
    from dayone.decisions.models import Decision

    with ws.session() as session:
        if session.scalar(select(Decision.id).limit(1)) is None:
            _decisions(session)
            session.flush()
            _mechanisms(session)
    _wbr(ws)
    from dayone.experiments.models import Experiment

    with ws.session() as session:  # after the WBR: an experiment's metrics are the WBR's
        if session.scalar(select(Experiment.id).limit(1)) is None:
            from dayone.demo import experiments

            experiments.add(session)
    from dayone.hiring.models import Loop

    with ws.session() as session:
        if session.scalar(select(Loop.id).limit(1)) is None:
            from dayone.demo import hiring

            hiring.add(session)
    from dayone.goals.models import Plan

    with ws.session() as session:  # after the WBR: metric goals are measured by it
        if session.scalar(select(Plan.id).limit(1)) is None:
            from dayone.demo import goals

            goals.add(session)
    return login


def _ensure_org(ws: Workspace) -> DemoLogin:
    member = f"maya.cohen@{DOMAIN}"
    viewer = f"sam.fischer@{DOMAIN}"
    with ws.session() as session:
        exists = session.scalar(select(Person.id).where(Person.email == ADMIN_EMAIL))
    if exists and _login_file(ws).exists():
        password = _login_file(ws).read_text().strip()
        return DemoLogin(ADMIN_EMAIL, password, member, viewer)
    password = generate_password()  # passes the strength check the sign-up forms apply
    with ws.session() as session:
        if exists:  # the password file was lost: issue a new password rather than guess
            accounts.reset_password(session, CLI_ACTOR, ADMIN_EMAIL, password)
            accounts.reset_password(session, CLI_ACTOR, member, password)
            accounts.reset_password(session, CLI_ACTOR, viewer, password)
        else:
            _people(session)
            for email, role in ((ADMIN_EMAIL, Role.ADMIN), (member, Role.MEMBER),
                                (viewer, Role.VIEWER)):
                person = session.scalar(select(Person).where(Person.email == email))
                assert person is not None
                accounts.add_user(session, CLI_ACTOR, email=email, name=person.name, role=role,
                                  password=password)
                person.time_zone = TIME_ZONES.get(email, "UTC")
    _save_password(ws, password)
    return DemoLogin(ADMIN_EMAIL, password, member, viewer)
