"""Inputs of the hiring service, and the STAR notes the feedback checker reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

STAR_PARTS = ("situation", "task", "action", "result")


@dataclass(frozen=True)
class StarNotes:
    """An interviewer's notes on one principle, in STAR form: what the feedback checker reads."""

    principle: str
    situation: str
    task: str
    action: str
    result: str


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PrincipleIn(_In):
    name: str = Field(min_length=1, max_length=100)
    description: str = Field(default="", max_length=2000)


class NeedIn(_In):
    """A principle a role needs, by id or name, and its prepared questions."""

    principle: int | str
    questions: list[str] = Field(default_factory=list, max_length=20)


class RoleIn(_In):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=5000)
    needs: list[NeedIn] = Field(default_factory=list, max_length=16)


class RequisitionIn(_In):
    role_id: int
    team_id: int | None = None
    hiring_manager_id: int


class CandidateIn(_In):
    name: str = Field(min_length=1, max_length=200)
    contact: str = Field(default="", max_length=500)
    source: str = Field(default="", max_length=200)


class LoopIn(_In):
    requisition_id: int
    candidate_id: int
    bar_raiser_id: int | None = None


class InterviewerIn(_In):
    person_id: int
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    principle_ids: list[int] = Field(default_factory=list, max_length=16)


class BarRaiserIn(_In):
    person_id: int | None


class TransitionIn(_In):
    state: str
    reason: str = Field(default="", max_length=5000)


class StarIn(_In):
    """One principle's notes; each part at most 5,000 characters (about 800 words), which bounds
    the writing checker's work on every autosave."""

    situation: str = Field(default="", max_length=5000)
    task: str = Field(default="", max_length=5000)
    action: str = Field(default="", max_length=5000)
    result: str = Field(default="", max_length=5000)


class FeedbackIn(_In):
    """Notes per assigned principle (keyed by principle id), the vote and its one-line reason.
    The vote is a string here so that a vote off the scale gets the service's own message."""

    notes: dict[int, StarIn] = Field(default_factory=dict, max_length=16)
    vote: str | None = None
    reason: str = Field(default="", max_length=500)
    correction_reason: str = Field(default="", max_length=5000)


class VoteChangeIn(_In):
    vote: str
    reason: str = Field(min_length=1, max_length=2000)


class DecisionIn(_In):
    decision: Literal["hire", "no_hire"]
    reason: str = Field(min_length=1, max_length=5000)


class VetoIn(_In):
    reason: str = Field(min_length=1, max_length=5000)
