"""What crosses the boundary of the goals mechanism: inputs, and the records as JSON."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from dayone.goals.models import Goal, Plan, PlanVersion, StatusChange


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlanCreate(_Input):
    year: int = Field(description="The planning year, named by the calendar year it ends in.")
    team_id: int | None = Field(default=None, description="The team whose plan it is; none: the company's plan.")
    title: str = Field(default="", max_length=200, description="Default: '<team> plan <year>'.")
    document_id: int | None = Field(default=None, description="The plan's narrative (a document you can read).")


class PlanEdit(_Input):
    title: str | None = Field(default=None, max_length=200)
    document_id: int | None = None


class Milestone(_Input):
    text: str = Field(min_length=1, max_length=500)
    due: date | None = None
    done: bool = False


class GoalCreate(_Input):
    plan_id: int
    kind: Literal["metric", "initiative"]
    text: str = Field(min_length=1, max_length=2000, description="The goal as written in the plan's appendix.")
    owner_id: int | None = Field(default=None, description="One person; default: you.")
    due: date = Field(description="The date by which the goal is met; inside the plan's year.")
    metric: str | None = Field(default=None, max_length=200, description="Metric goals: the WBR metric.")
    target: float | str | None = Field(default=None, description="Metric goals: a number in the metric's unit, "
                                       "or a percentage such as '4.5%' for a rate.")
    period: Literal["week", "month", "quarter", "ytd"] | None = Field(
        default=None, description="Metric goals: what the value is measured over.")
    percentile: str | None = Field(default=None, max_length=8, description="pNN, when the metric is a percentile.")
    initiative_id: int | None = Field(default=None, description="Initiative goals: the initiative.")
    milestones: list[Milestone] = Field(default_factory=list, max_length=50)
    s_team: bool = False


class GoalEdit(_Input):
    """Only the fields sent change. ``version``: the goal's version you edited (409 if stale)."""

    version: int
    text: str | None = Field(default=None, min_length=1, max_length=2000)
    owner_id: int | None = None
    due: date | None = None
    metric: str | None = Field(default=None, max_length=200)
    target: float | str | None = None
    period: Literal["week", "month", "quarter", "ytd"] | None = None
    percentile: str | None = Field(default=None, max_length=8)
    initiative_id: int | None = None
    milestones: list[Milestone] | None = Field(default=None, max_length=50)
    s_team: bool | None = None
    action: str | None = Field(default=None, max_length=5000, description="What is being done about a red goal.")


class StatusIn(_Input):
    """The owner's status, with the note saying why; ``status: computed`` hands it back to the data."""

    status: Literal["green", "yellow", "red", "computed"]
    note: str = Field(default="", max_length=5000)


class OutcomeIn(_Input):
    outcome: Literal["met", "not-met", "dropped"]
    reason: str = Field(default="", max_length=5000, description="Required when dropped.")


class ReviewIn(_Input):
    notes: str = Field(default="", max_length=20000)
    held_on: date | None = None


class StatusChangeOut(BaseModel):
    before: str
    after: str
    source: str
    note: str
    value: float | None
    projection: float | None
    blindside: bool
    by: str
    at: datetime

    @classmethod
    def of(cls, change: StatusChange) -> StatusChangeOut:
        return cls(before=change.before, after=change.after, source=change.source, note=change.note,
                   value=change.value, projection=change.projection, blindside=change.blindside, by=change.by,
                   at=change.at)


class GoalOut(BaseModel):
    id: int
    plan_id: int
    kind: str
    text: str
    owner: dict[str, Any]
    due: date
    metric: str | None
    target: float | None
    period: str | None
    percentile: str | None
    initiative_id: int | None
    milestones: list[dict[str, Any]]
    s_team: bool
    status: str
    status_source: str
    status_note: str
    status_at: datetime | None
    action: str
    outcome: str | None
    outcome_reason: str
    outcome_value: float | None
    outcome_confirmed: bool
    version: int
    history: list[StatusChangeOut]
    measurement: dict[str, Any] | None = None
    findings: list[dict[str, Any]] = []

    @classmethod
    def of(cls, goal: Goal, measurement: dict[str, Any] | None = None) -> GoalOut:
        return cls(id=goal.id, plan_id=goal.plan_id, kind=goal.kind, text=goal.text,
                   owner={"id": goal.owner.id, "name": goal.owner.name}, due=goal.due, metric=goal.metric,
                   target=goal.target, period=goal.period, percentile=goal.percentile,
                   initiative_id=goal.initiative_id, milestones=list(goal.milestones or []), s_team=goal.s_team,
                   status=goal.status, status_source=goal.status_source, status_note=goal.status_note,
                   status_at=goal.status_at, action=goal.action, outcome=goal.outcome,
                   outcome_reason=goal.outcome_reason, outcome_value=goal.outcome_value,
                   outcome_confirmed=goal.outcome_confirmed, version=goal.version,
                   history=[StatusChangeOut.of(c) for c in goal.history], measurement=measurement)


class PlanOut(BaseModel):
    id: int
    year: int
    team: dict[str, Any] | None
    title: str
    stage: str
    document_id: int | None
    version: int
    goals: int
    s_team_goals: int
    s_team_share: float | None
    versions: list[dict[str, Any]]

    @classmethod
    def of(cls, plan: Plan) -> PlanOut:
        goals = list(plan.goals)
        promoted = sum(1 for g in goals if g.s_team)
        return cls(id=plan.id, year=plan.year, title=plan.title, stage=plan.stage, document_id=plan.document_id,
                   team={"id": plan.team.id, "name": plan.team.name} if plan.team else None, version=plan.version,
                   goals=len(goals), s_team_goals=promoted, s_team_share=promoted / len(goals) if goals else None,
                   versions=[version_summary(v) for v in plan.versions])


def version_summary(version: PlanVersion) -> dict[str, Any]:
    """A sealed version as listed: its number, label, size and when."""
    return {"number": version.number, "label": version.label, "goals": len(version.goals),
            "sealed_by": version.sealed_by, "created_at": version.created_at.isoformat()}
