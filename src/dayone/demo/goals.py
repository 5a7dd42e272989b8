"""The demo company's goals: this planning year's company plan and two team plans (Checkout,
Fulfillment), each written as a narrative with its goals in the appendix, sealed at OP1 and
refreshed as OP2. About 40 goals, a few promoted to S-Team; metric goals on the demo's WBR
metrics in every status (targets set from the WBR's own projections, so the statuses hold on
any day the demo is built), one green goal that went straight to red, a goal missed at its
date, an owner's override, and a quarterly review held."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone.auth.models import Role
from dayone.auth.permissions import CLI_ACTOR, Actor
from dayone.db.base import utcnow
from dayone.goals import interchange, plans, review, service, tracking
from dayone.goals.cycle import year_of
from dayone.goals.models import Goal, Plan
from dayone.goals.schemas import GoalCreate, OutcomeIn, PlanCreate, ReviewIn, StatusIn
from dayone.org.models import Initiative, Person, Team

FACTORS = {"green": 0.97, "yellow": 1.03, "red": 1.25}  # target ÷ projection, for an up-is-good metric
PERIOD_WORDS = {"week": "a week", "month": "in a month", "quarter": "this quarter", "ytd": "this year to date"}


@dataclass(frozen=True)
class DemoGoal:
    plan: str  # "Company" or a team
    metric: str
    period: str
    status: str  # what its target is set to give: green, yellow, red
    owner: str  # a person's name
    s_team: bool = False


METRIC_GOALS = [
    DemoGoal("Company", "orders", "ytd", "green", "Maya Cohen", True),
    DemoGoal("Company", "revenue", "ytd", "yellow", "Ava Okafor"),
    DemoGoal("Company", "new_customers", "month", "red", "Maya Cohen", True),
    DemoGoal("Company", "repeat_customers", "quarter", "green", "Maya Cohen"),
    DemoGoal("Company", "on_time_rate", "month", "yellow", "Farid Haddad", True),
    DemoGoal("Company", "page_load_ms", "week", "green", "Hiro Tanaka"),
    DemoGoal("Company", "contacts_per_order", "month", "red", "Grace Kim"),
    DemoGoal("Company", "catalog_items_live", "month", "green", "Ines Silva"),
    DemoGoal("Checkout", "conversion", "month", "green", "Maya Cohen", True),
    DemoGoal("Checkout", "add_to_cart_rate", "month", "yellow", "Chloe Dubois"),
    DemoGoal("Checkout", "orders", "week", "red", "Dev Patel"),
    DemoGoal("Checkout", "average_order_value", "quarter", "green", "Elena Rossi"),
    DemoGoal("Checkout", "app_share", "month", "green", "Liam Murphy"),
    DemoGoal("Checkout", "units_per_order", "quarter", "yellow", "Noah Nguyen"),
    DemoGoal("Checkout", "sessions", "ytd", "green", "Jonas Berg"),
    DemoGoal("Checkout", "search_click_rate", "month", "red", "Kemi Adeyemi"),
    DemoGoal("Checkout", "repeat_share", "month", "green", "Maya Cohen"),
    DemoGoal("Checkout", "refund_rate", "quarter", "yellow", "Ines Silva"),
    DemoGoal("Fulfillment", "deliveries", "ytd", "green", "Carlos Vega"),
    DemoGoal("Fulfillment", "deliveries_on_time", "month", "yellow", "Dana Brooks"),
    DemoGoal("Fulfillment", "returns", "month", "green", "Emeka Obi"),
    DemoGoal("Fulfillment", "return_rate", "quarter", "red", "Fatima Aziz"),
    DemoGoal("Fulfillment", "on_time_rate", "week", "green", "Gus Lund"),
    DemoGoal("Fulfillment", "support_contacts", "month", "yellow", "Hana Sato"),
    DemoGoal("Fulfillment", "out_of_stock_rate", "quarter", "green", "Carlos Vega"),
]
# plan, text, owner, initiative (its leader owns it, but for one whose owner is not the leader)
INITIATIVE_GOALS = [
    ("Company", "Launch same-day delivery in the three largest metros by 30 September.", "Maya Cohen",
     "Same-Day Delivery"),
    ("Company", "Ship one account across web, app and stores by 31 October.", "Hiro Tanaka", "Unified Identity"),
    ("Checkout", "Release one-click reorder to all customers by 30 June.", "Maya Cohen", "One-Click Reorder"),
    ("Checkout", "Offer three new payment methods at checkout by 31 August.", "Elena Rossi", None),
    ("Checkout", "Move the checkout page to the new design system by 30 November.", "Chloe Dubois", None),
    ("Checkout", "Screen every order for fraud before it ships by 31 July.", "Dev Patel", "Fraud Screening"),
    ("Fulfillment", "Open the second sorting center by 31 October.", "Carlos Vega", None),
    ("Fulfillment", "Offer box-free returns at 200 partner counters by 30 September.", "Dana Brooks", None),
    ("Fulfillment", "Give every courier the new route planner by 31 May.", "Emeka Obi", None),
    ("Company", "Complete the catalog cleanup of 180,000 product pages by 31 March.", "Ines Silva", "Catalog Cleanup"),
    ("Fulfillment", "Publish delivery promises per postcode on every product page by 30 June.", "Gus Lund", None),
    ("Company", "Sell and redeem digital gift cards in all stores by 30 November.", "Tariq Rahman", "Gift Cards"),
]


def _person(session: Session, name: str) -> Person:
    found = session.scalar(select(Person).where(Person.name == name))
    assert found is not None, name
    return found


def _actor(person: Person, role: Role = Role.MEMBER) -> Actor:
    return Actor(user_id=None, person_id=person.id, role=role, label=person.email)


def _text(metric: str, period: str, target: float, due: date, rate: bool) -> str:
    shown = f"{target:.2%}" if rate else f"{target:,.0f}"
    words = metric.replace("_", " ")
    return f"Reach {shown} {words} {PERIOD_WORDS[period]} by {due.day} {due:%B} {due.year}."


def _metric_goal(session: Session, plan: Plan, spec: DemoGoal, due: date) -> Goal:
    """A metric goal whose target sits where its wanted status falls against the WBR's projection."""
    metrics = service.workspace_metrics(session)
    assert metrics is not None
    metric = metrics.metrics[spec.metric]
    owner = _person(session, spec.owner)
    goal = service.create(session, CLI_ACTOR, GoalCreate.model_validate({
        "plan_id": plan.id, "kind": "metric", "text": "(set below)", "metric": spec.metric, "target": 1,
        "period": spec.period, "due": due, "owner_id": owner.id, "s_team": spec.s_team}))
    found = tracking.measurement(session, goal)
    projection = found.projection if found and found.projection is not None else 1.0
    factor = FACTORS[spec.status] if metric.direction != "down" else 2 - FACTORS[spec.status]
    rate = service.is_rate(metric)
    goal.target = round(projection * factor, 4 if rate else 0)
    goal.text = _text(spec.metric, spec.period, goal.target, due, rate)
    return goal


def _narrative(session: Session, plan: Plan, author: Person) -> None:
    """The plan's narrative: an assessment of the year and its goals in the appendix."""
    from dayone.documents import service as documents
    from dayone.documents.models import DocumentType
    from dayone.documents.schemas import DocumentCreate, DocumentUpdate

    owner = _actor(author)
    body = (f"# {plan.title}\n\n## Where we stand\n\nLast year we met most of our input goals; the misses were "
            "on delivery speed, where staffing lagged demand by a quarter.\n\n## What we commit to\n\nFewer, "
            "sharper goals on the inputs we control, each with one owner.\n\n## Appendix: goals\n\n"
            + interchange.to_markdown(plan).split("\n", 2)[2])
    doc = documents.create(session, owner, DocumentCreate(title=f"{plan.title} (narrative)",
                                                          doc_type=DocumentType.NARRATIVE, body=body))
    documents.update(session, owner, doc.id, DocumentUpdate(shared_with_all=True))
    plan.document_id = doc.id


def add(session: Session) -> None:
    """Create the demo's plans and goals (once: the caller checks there are none)."""
    today = utcnow().date()
    year = year_of(today, start_month=plans.settings_of(session).goals_year_start_month)
    cycle = plans.year_of_plan(session, year)
    due = min(cycle.end, max(today + timedelta(days=1), cycle.end))
    made: dict[str, Plan] = {}
    for name in ("Company", "Checkout", "Fulfillment"):
        team = session.scalar(select(Team).where(Team.name == name))
        made[name] = plans.create(session, CLI_ACTOR, PlanCreate(year=year, team_id=team.id if team else None))
    for spec in METRIC_GOALS:
        _metric_goal(session, made[spec.plan], spec, due)
    for plan_name, text, owner, initiative_name in INITIATIVE_GOALS:
        initiative = session.scalar(select(Initiative).where(Initiative.name == initiative_name)) \
            if initiative_name else None
        month_end = _due_in(text, cycle.start, cycle.end)
        service.create(session, CLI_ACTOR, GoalCreate.model_validate({
            "plan_id": made[plan_name].id, "kind": "initiative", "text": text, "due": month_end,
            "owner_id": _person(session, owner).id, "initiative_id": initiative.id if initiative else None,
            "milestones": [{"text": "Plan reviewed", "done": True}, {"text": "Beta with 5% of customers"},
                           {"text": "Launched to all"}], "s_team": False}))
    session.flush()
    for plan in made.values():
        session.refresh(plan)
        tracking.refresh_plan(session, CLI_ACTOR, plan.id)
    _history(session, made, cycle.start, due)
    for name, plan in made.items():
        author = _person(session, {"Company": "Ava Okafor", "Checkout": "Maya Cohen"}.get(name, "Carlos Vega"))
        _narrative(session, plan, author)
        plans.start_op2(session, CLI_ACTOR, plan.id)
    _op2_changes(session, made["Checkout"], due)
    held = review.hold(session, CLI_ACTOR, made["Company"].id, ReviewIn(
        notes="Red first: new customers and contacts per order. Same-day delivery is staffed again.",
        held_on=today - timedelta(days=14)))
    held.held_by = "ava.okafor (demo)"


def _due_in(text: str, start: date, end: date) -> date:
    """The date an initiative goal's text names ("by 30 June"), in the planning year."""
    day_month = text.rsplit(" by ", 1)[1].rstrip(".")
    day, month = day_month.split(" ", 1)
    number = list(calendar.month_name).index(month)
    for year in (start.year, end.year):
        found = date(year, number, int(day))
        if start <= found <= end:
            return found
    return end


def _history(session: Session, made: dict[str, Plan], start: date, due: date) -> None:
    """A blindside (green straight to red), a missed goal at its date, and an owner's override."""
    checkout = made["Checkout"]
    red = next(g for g in checkout.goals if g.metric == "orders" and g.period == "week")
    for change in red.history:
        change.at = utcnow() - timedelta(days=3)
    red.status = "green"  # what it was at the last measurement: the history shows it
    red.history[-1].after = "green"
    tracking.refresh(session, CLI_ACTOR, red)
    red.history[-1].at = utcnow() - timedelta(days=1)
    fulfillment = made["Fulfillment"]
    mid = min(due - timedelta(days=60), start + timedelta(days=180))
    month_end = date(mid.year, mid.month, calendar.monthrange(mid.year, mid.month)[1])
    missed = _metric_goal(session, fulfillment, DemoGoal("Fulfillment", "deliveries", "month", "red", "Dana Brooks"),
                          month_end)
    session.flush()
    tracking.refresh(session, CLI_ACTOR, missed)
    owner = _person(session, "Dana Brooks")
    found = tracking.measurement(session, missed)
    if found is not None and found.value is not None and found.method == "actual":
        missed.target = round(found.value * 1.1)
        missed.text = _text("deliveries", "month", missed.target, month_end, False)
        session.flush()
        tracking.record_outcome(session, _actor(owner), missed.id, OutcomeIn(outcome="not-met"))
    override = next(g for g in made["Company"].goals if g.metric == "orders")
    tracking.set_status(session, _actor(override.owner), override.id, StatusIn(
        status="yellow", note="On track in the WBR, but the holiday peak's couriers are not hired yet."))
    words = {"green": "Staffed, on plan; the risks have owners.", "yellow": "A blocker without a mitigation yet."}
    for n, goal in enumerate(g for plan in made.values() for g in plan.goals if g.kind == "initiative"):
        status = "green" if n % 3 else "yellow"
        tracking.set_status(session, _actor(goal.owner), goal.id,
                            StatusIn.model_validate({"status": status, "note": words[status]}))
    for goal in made["Company"].goals:
        if goal.status == "red":
            goal.action = "Weekly review with the owner; a recovery plan at the next WBR."
            break


def _op2_changes(session: Session, plan: Plan, due: date) -> None:
    """OP2: one goal added, one target raised, one goal removed since OP1."""
    from dayone.goals.schemas import GoalEdit

    raised = next(g for g in plan.goals if g.metric == "app_share")
    target = round((raised.target or 0) * 1.02, 4)
    service.edit(session, CLI_ACTOR, raised.id, GoalEdit(version=raised.version, target=target, text=_text(
        "app_share", "month", target, raised.due, True)))
    removed = next(g for g in plan.goals if g.kind == "initiative" and "design system" in g.text)
    service.remove(session, CLI_ACTOR, removed.id)
    service.create(session, CLI_ACTOR, GoalCreate.model_validate({
        "plan_id": plan.id, "kind": "initiative", "text": "Offer pay-later at checkout in two countries by "
        f"{due.day} {due:%B} {due.year}.", "due": due, "owner_id": _person(session, "Elena Rossi").id}))
