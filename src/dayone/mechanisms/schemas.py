"""What crosses the boundary of the mechanisms."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from dayone.mechanisms.models import Mechanism
from dayone.mechanisms.service import Inspection
from dayone.org.schemas import Ref


class MechanismCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    cadence: str = Field(max_length=100, description='e.g. "weekly on Monday", "monthly on day 1".')
    tool: str = Field(description="wbr, document-review, hiring-debrief, decision-revisit, goal-review or other.")
    produces: str = Field(default="", max_length=5000)
    description: str = Field(default="", max_length=5000)
    owner_id: int | None = None
    started_on: date | None = None


class OccurrenceCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    occurred_on: date
    output: str = Field(min_length=1, max_length=5000)
    link: str = Field(default="", max_length=500)


class PeriodOut(BaseModel):
    start: date
    end: date
    due: date
    held: bool
    outputs: list[str]


class MechanismOut(BaseModel):
    id: int
    name: str
    owner: Ref | None
    cadence: str
    tool: str
    description: str
    produces: str
    builtin: bool
    adoption: float | None
    held: int
    expected: int
    periods: list[PeriodOut]
    lapses: list[PeriodOut]
    due_now: PeriodOut | None

    @classmethod
    def of(cls, m: Mechanism, report: Inspection) -> MechanismOut:
        def period(r: object) -> PeriodOut:
            return PeriodOut(start=r.period.start, end=r.period.end, due=r.due,  # type: ignore[attr-defined]
                             held=r.held, outputs=r.outputs)  # type: ignore[attr-defined]

        return cls(id=m.id, name=m.name, owner=Ref(id=m.owner.id, name=m.owner.name) if m.owner else None,
                   cadence=m.cadence, tool=m.tool, description=m.description, produces=m.produces,
                   builtin=m.builtin is not None, adoption=report.adoption, held=report.held,
                   expected=report.expected, periods=[period(r) for r in report.periods],
                   lapses=[period(r) for r in report.lapses],
                   due_now=period(report.due_now) if report.due_now else None)
