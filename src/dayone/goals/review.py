"""Inspecting a plan: the quarterly goal review's packet and its holding, the goal-set report
(inputs or outputs, customers or finance), and the lapses of goals left unattended."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone import audit
from dayone.auth.permissions import Actor
from dayone.db.base import utcnow
from dayone.findings import Finding, Level, Location
from dayone.goals import plans, service, tracking
from dayone.goals.models import Goal, GoalKind, GoalReview, Plan, Status
from dayone.goals.schemas import ReviewIn
from dayone.org.fields import clean_text

FINANCIAL = re.compile(r"\b(revenues?|profits?|profitability|margins?)\b", re.IGNORECASE)
ORDER = {Status.RED.value: 0, Status.YELLOW.value: 1, Status.UNKNOWN.value: 2, Status.GREEN.value: 3}
S_TEAM_SHARE = (0.10, 0.20)  # about one goal in ten is promoted, rarely more than one in five
STALE_DATA_DAYS = 13  # a WBR whose latest complete week is older than this has had no new data


def last_review(session: Session, plan_id: int) -> GoalReview | None:
    """The plan's latest goal review, if one was held."""
    return session.scalars(select(GoalReview).where(GoalReview.plan_id == plan_id)
                           .order_by(GoalReview.held_on.desc(), GoalReview.id.desc()).limit(1)).first()


def reviews(session: Session, plan_id: int) -> list[GoalReview]:
    """The plan's goal reviews, newest first."""
    return list(session.scalars(select(GoalReview).where(GoalReview.plan_id == plan_id)
                                .order_by(GoalReview.held_on.desc(), GoalReview.id.desc())))


def packet(session: Session, plan_id: int, actor: Actor | None = None) -> dict[str, Any]:
    """What the review reads: each goal's status, value and projection, the changes since the
    last review, the notes and actions; red first, then yellow, unmeasured, green."""
    plan = plans.get(session, plan_id)
    previous = last_review(session, plan.id)
    since: datetime | None = previous.created_at if previous else None
    items = []
    for goal in plan.goals:
        found = tracking.measurement(session, goal, actor)
        changes = [{"before": c.before, "after": c.after, "source": c.source, "note": c.note, "by": c.by,
                    "blindside": c.blindside, "at": c.at.isoformat()}
                   for c in goal.history if since is None or c.at > since]
        status = goal.status  # the owner's word, or the data's as measured now (the packet never writes)
        if found is not None and goal.status_source == "computed" and goal.outcome is None:
            status = found.status.value
        items.append({"id": goal.id, "text": goal.text, "kind": goal.kind, "owner": goal.owner.name,
                      "s_team": goal.s_team, "due": goal.due.isoformat(), "status": status,
                      "status_source": goal.status_source, "note": goal.status_note, "action": goal.action,
                      "outcome": goal.outcome, "metric": goal.metric, "target": goal.target,
                      "measurement": found.to_dict() if found else None, "changes": changes})
    items.sort(key=lambda i: (ORDER.get(str(i["status"]), 2), not i["s_team"], i["id"]))
    counts = {s.value: sum(1 for i in items if i["status"] == s.value) for s in Status}
    return {"plan": {"id": plan.id, "title": plan.title, "year": plan.year, "stage": plan.stage},
            "built_at": utcnow().isoformat(), "since": since.isoformat() if since else None,
            "counts": counts, "goals": items}


def hold(session: Session, actor: Actor, plan_id: int, data: ReviewIn) -> GoalReview:
    """Hold the quarterly goal review: statuses measured again, the packet kept as read, and
    the mechanism's occurrence recorded."""
    from dayone.mechanisms.service import record_builtin

    plan = plans.get(session, plan_id)
    plans.require_editor(session, actor, plan, "hold the goal review")
    held_on = data.held_on or utcnow().date()
    if held_on > utcnow().date():
        from dayone.errors import InvalidInput

        raise InvalidInput("held_on: a review cannot be held in the future.", field="held_on")
    tracking.refresh_plan(session, actor, plan.id)
    made = GoalReview(plan_id=plan.id, held_on=held_on, notes=clean_text("notes", data.notes, max_length=20000),
                      packet=packet(session, plan.id, actor), held_by=actor.label)
    session.add(made)
    session.flush()
    counts = made.packet["counts"]
    record_builtin(session, "goal-review", f"{plan.title}: {counts['red']} red, {counts['yellow']} yellow, "
                   f"{counts['green']} green", link=f"/goals/plans/{plan.id}/reviews/{made.id}", on=held_on)
    audit.record(session, actor, "review", "plan", plan.id, f"goal review of {plan.title!r} held on {held_on}")
    return made


@dataclass(frozen=True)
class GoalSetReport:
    """The shape of a plan's goals: how many are on inputs, on customers, on money."""

    goals: int
    metric_goals: int
    input_share: float | None  # of metric goals, those on input metrics
    customer_share: float | None  # of metric goals, those on customer-facing metrics
    financial_goals: list[dict[str, Any]]  # goals whose text names revenue, profit or margin
    s_team: int
    s_team_share: float | None
    findings: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        """As JSON."""
        return asdict(self)


def customer_metrics(session: Session) -> set[str]:
    """The metrics of the WBR deck's customer sections (a section whose title names customers)."""
    from dayone.wbr.deck import ordered_sections

    metrics = service.workspace_metrics(session)
    if metrics is None:
        return set()
    return {m for name, listed in ordered_sections(metrics) if "customer" in name.lower() for m in listed}


def report(session: Session, plan: Plan) -> GoalSetReport:
    """The goal-set report of a plan, with a warning when outputs or money dominate."""
    goals = list(plan.goals)
    metrics = service.workspace_metrics(session)
    on_metrics = [g for g in goals if g.kind == GoalKind.METRIC.value and g.metric]
    kinds = {g.id: metrics.metrics[g.metric].kind for g in on_metrics
             if metrics is not None and g.metric in metrics.metrics}
    customers = customer_metrics(session)
    inputs = sum(1 for k in kinds.values() if k == "input")
    financial = [{"id": g.id, "text": g.text, "words": sorted({w.lower() for w in FINANCIAL.findall(g.text)})}
                 for g in goals if FINANCIAL.search(g.text)]
    promoted = sum(1 for g in goals if g.s_team)
    found: list[Finding] = []
    if on_metrics and inputs * 2 < len(on_metrics):
        found.append(Finding(Level.WARNING, "goals-mostly-outputs", f"{len(on_metrics) - inputs} of {len(on_metrics)} "
                             "metric goals are on output metrics: most goals should be on inputs the team "
                             "controls.", Location(field="goals"), "Set goals on the inputs that drive these outputs."))
    if goals and len(financial) * 2 >= len(goals):
        found.append(Finding(Level.WARNING, "goals-mostly-financial", f"{len(financial)} of {len(goals)} goals name "
                             "revenue, profit or margin.", Location(field="goals"),
                             "Goal the customer experience and the inputs that lead to the financial results."))
    share = promoted / len(goals) if goals else None
    if share is not None and promoted and not S_TEAM_SHARE[0] <= share <= S_TEAM_SHARE[1]:
        found.append(Finding(Level.SUGGESTION, "s-team-share", f"{promoted} of {len(goals)} goals ({share:.0%}) are "
                             "S-Team goals; about 10–20% is usual.", Location(field="s_team")))
    return GoalSetReport(len(goals), len(on_metrics), inputs / len(on_metrics) if on_metrics else None,
                         sum(1 for g in on_metrics if g.metric in customers) / len(on_metrics) if on_metrics else None,
                         financial, promoted, share, [f.to_dict() for f in found])


def lapses(session: Session, plan: Plan, today: date | None = None) -> list[dict[str, Any]]:
    """Goals left unattended: a status not updated on the plan's cadence, a metric goal whose
    WBR has no new data, a red goal with no action written."""
    from dayone.wbr import service as wbr

    today = today or utcnow().date()
    days = plans.settings_of(session).goals_status_days
    latest: date | None = None
    if any(g.kind == GoalKind.METRIC.value for g in plan.goals):
        try:
            latest = date.fromisoformat(str(wbr.deck(session, None)["week_ending"]))
        except Exception:  # the WBR's own failures are shown on its pages; here: no new data
            latest = None
    found = []
    for goal in plan.goals:
        if goal.outcome is not None:
            continue
        updated = goal.status_at.date() if goal.status_at else goal.created_at.date()
        if today - updated > timedelta(days=days):
            found.append(_lapse(goal, "status-not-updated", f"status not updated since {updated.isoformat()} "
                                f"(the cadence is {days} days)"))
        if goal.kind == GoalKind.METRIC.value and (latest is None or (today - latest).days > STALE_DATA_DAYS):
            found.append(_lapse(goal, "no-new-data", f"{goal.metric} has no new data" +
                                (f" since the week ending {latest.isoformat()}" if latest else "")))
        if goal.status == Status.RED.value and not goal.action.strip():
            found.append(_lapse(goal, "red-without-action", "red, and no action is written"))
    return found


def _lapse(goal: Goal, code: str, message: str) -> dict[str, Any]:
    return {"goal_id": goal.id, "text": goal.text, "owner": goal.owner.name, "code": code, "message": message}


def packet_markdown(packet: dict[str, Any], *, held_on: date | None = None, notes: str = "") -> str:
    """The packet as Markdown, for its PDF: the counts, the notes, then each goal red first."""
    plan = packet["plan"]
    counts = packet["counts"]
    when = f"held on {held_on.isoformat()}" if held_on else f"as of {packet['built_at'][:10]}"
    lines = [f"# {plan['title']}: quarterly goal review", "", f"{plan['stage']}, {when}. {counts['red']} red, "
             f"{counts['yellow']} yellow, {counts['green']} green, {counts['unknown']} not measured.", ""]
    if notes:
        lines += [notes, ""]
    lines += ["| Status | Goal | Owner | Value → projection | Changes, note, action |", "|---|---|---|---|---|"]
    for g in packet["goals"]:
        found = g.get("measurement") or {}
        numbers = "—"
        if found.get("value") is not None:
            projected = found.get("projection")
            numbers = f"{found['value']:g} → {'—' if projected is None else f'{projected:g}'} (target {g['target']:g})"
        changes = "; ".join(f"{c['before']} → {c['after']}" + (" (blindside)" if c["blindside"] else "")
                            for c in g["changes"])
        extra = "; ".join(x for x in (changes, g["note"] and f"note: {g['note']}",
                                       g["action"] and f"action: {g['action']}") if x)
        cells = [g["status"].upper(), g["text"] + (" (S-Team)" if g["s_team"] else ""), g["owner"], numbers, extra]
        lines.append("| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    return "\n".join(lines) + "\n"
