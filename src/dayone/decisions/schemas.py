"""What crosses the boundary of the decision log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from dayone.decisions.models import Decision, DecisionLink, DecisionStatus, DecisionType
from dayone.documents.models import Document
from dayone.org.schemas import Ref


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LinkIn(_Input):
    kind: Literal["document", "metric", "experiment", "url"]
    document_id: int | None = None
    target: str = Field(default="", max_length=500)


class RevisitCondition(_Input):
    metric: str = Field(min_length=1, max_length=200)
    operator: Literal["<", "<=", ">", ">="]
    threshold: float


class DecisionCreate(_Input):
    title: str = Field(min_length=1, max_length=200)
    context: str = Field(default="", max_length=20000)
    options: list[str] = Field(default_factory=list, max_length=20)
    choice: str = Field(default="", max_length=5000)
    reasoning: str = Field(default="", max_length=20000)
    consequences: str = Field(default="", max_length=20000)
    owner_id: int | None = Field(default=None, description="Default: you.")
    info_percent: int | None = Field(default=None, ge=0, le=100,
                                     description="How much of the wanted information was at hand.")
    type_answers: dict[str, Any]
    decision_type: DecisionType | None = Field(default=None, description="Default: the proposed type; "
                                               "overriding it needs type_justification.")
    type_justification: str = Field(default="", max_length=5000)
    approver_ids: list[int] = Field(default_factory=list, max_length=20)
    links: list[LinkIn] = Field(default_factory=list, max_length=50)
    revisit_on: date | None = None
    revisit_condition: RevisitCondition | None = None
    decide_now: bool = Field(default=False, description="Type 2 only: the owner decides at once.")


class DecisionEdit(_Input):
    """An edit of a proposed decision's text. ``version``: the decision's version you edited
    (a newer one gives 409). Only the fields sent change."""

    version: int
    title: str | None = Field(default=None, min_length=1, max_length=200)
    context: str | None = Field(default=None, max_length=20000)
    options: list[str] | None = Field(default=None, max_length=20)
    choice: str | None = Field(default=None, max_length=5000)
    reasoning: str | None = Field(default=None, max_length=20000)
    consequences: str | None = Field(default=None, max_length=20000)
    info_percent: int | None = Field(default=None, ge=0, le=100)
    revisit_on: date | None = None
    note: str = Field(default="", max_length=500, description="What changed, for the history.")


class DecisionVersionOut(BaseModel):
    number: int
    fields: dict[str, Any]
    edited_by: str
    note: str
    created_at: datetime


class PositionIn(_Input):
    stance: Literal["agree", "disagree"]
    view: str = Field(default="", max_length=5000)
    commit: bool = True


class EscalationIn(_Input):
    to_person_id: int
    reason: str = Field(min_length=1, max_length=5000)


class RevisitIn(_Input):
    outcome: Literal["kept", "changed", "reversed"]
    notes: str = Field(default="", max_length=5000)


class SupersedeIn(_Input):
    by_decision_id: int


class ReadingIn(_Input):
    metric: str = Field(min_length=1, max_length=200)
    value: float = Field(allow_inf_nan=False)


def _open(link: DecisionLink, readable: Callable[[Document], bool]) -> bool:
    return link.document is not None and readable(link.document)


class PositionOut(BaseModel):
    person: Ref
    stance: str
    view: str
    committed: bool


class DecisionOut(BaseModel):
    id: int
    title: str
    status: DecisionStatus
    decision_type: DecisionType
    proposed_type: DecisionType
    type_justification: str
    owner: Ref
    context: str
    options: list[str]
    choice: str
    reasoning: str
    consequences: str
    info_percent: int | None
    links: list[dict[str, Any]]
    approvers: list[dict[str, Any]]
    positions: list[PositionOut]
    escalations: list[dict[str, Any]]
    revisits: list[dict[str, Any]]
    revisit_on: date | None
    revisit_condition: str | None
    superseded_by: int | None
    created_at: datetime
    decided_at: datetime | None
    version: int

    @classmethod
    def of(cls, d: Decision, readable: Callable[[Document], bool] = lambda doc: True) -> DecisionOut:
        """``readable`` hides the titles of linked documents the viewer may not see."""
        condition = (f"{d.revisit_metric} {d.revisit_operator} {d.revisit_threshold:g}"
                     if d.revisit_metric and d.revisit_threshold is not None else None)
        return cls(
            id=d.id, title=d.title, status=DecisionStatus(d.status), decision_type=DecisionType(d.decision_type),
            proposed_type=DecisionType(d.proposed_type), type_justification=d.type_justification,
            owner=Ref(id=d.owner.id, name=d.owner.name), context=d.context, options=list(d.options or []),
            choice=d.choice, reasoning=d.reasoning, consequences=d.consequences, info_percent=d.info_percent,
            links=[{"kind": link.kind, "document_id": link.document_id if _open(link, readable) else None,
                    "target": link.target,
                    "label": (link.document.title + (" (archived)" if link.document.archived_at else "")
                              if _open(link, readable) else "a private document")
                    if link.document else link.target} for link in d.links],
            approvers=[{"person": {"id": a.person.id, "name": a.person.name},
                        "approved": a.approved_at is not None} for a in d.approvers],
            positions=[PositionOut(person=Ref(id=p.person.id, name=p.person.name), stance=p.stance,
                                   view=p.view, committed=p.committed) for p in d.positions],
            escalations=[{"to": {"id": e.to_person.id, "name": e.to_person.name}, "reason": e.reason,
                          "raised_at": e.raised_at.isoformat()} for e in d.escalations],
            revisits=[{"outcome": r.outcome, "notes": r.notes, "at": r.at.isoformat()} for r in d.revisits],
            revisit_on=d.revisit_on, revisit_condition=condition, superseded_by=d.superseded_by_id,
            created_at=d.created_at, decided_at=d.decided_at, version=d.version)
