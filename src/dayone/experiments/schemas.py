"""What crosses the boundary of the experiment records: API bodies, the CLI's and pages' contexts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from dayone.documents.models import Document
from dayone.experiments.models import Experiment, ExperimentStatus, Outcome
from dayone.org.schemas import Ref

Engine = Literal["frequentist", "bayesian", "sequential"]
Direction = Literal["up", "down"]
NAME = Field(min_length=1, max_length=200)


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class VariantIn(_Input):
    name: str = Field(min_length=1, max_length=100)
    weight: float = Field(allow_inf_nan=False, description="Share of the traffic; all weights sum to 1.")


class GuardrailIn(_Input):
    metric: str = NAME
    bad_direction: Direction | None = Field(default=None, description="The direction that is a regression. "
                                            "Default: against the WBR metric's good direction (else down).")


class MetricColumnsIn(_Input):
    """Where a metric's per-unit values are in the experiment's data file."""

    column: str = NAME
    denominator: str | None = Field(default=None, max_length=200, description="A ratio metric's denominator.")
    pre: str | None = Field(default=None, max_length=200, description="The pre-period value, for CUPED.")


class _Design(_Input):
    """The fields both create and update take (update: each optional)."""

    hypothesis: str | None = Field(default=None, max_length=20000)
    document_id: int | None = Field(default=None, description="The PR/FAQ or narrative the experiment tests.")
    variants: list[VariantIn] | None = Field(default=None, min_length=2, max_length=20,
                                             description="The control first; weights sum to 1.")
    primary_metric: str | None = Field(default=None, min_length=1, max_length=200)
    guardrails: list[GuardrailIn] | None = Field(default=None, max_length=20)
    minimum_effect: float | None = Field(default=None, allow_inf_nan=False,
                                         description="The smallest relative effect worth detecting (0.02 = 2%).")
    engine: Engine | None = None
    alpha: float | None = Field(default=None, gt=0, lt=0.5)
    planned_days: int | None = Field(default=None, ge=1, le=3650)
    baseline_mean: float | None = Field(default=None, allow_inf_nan=False,
                                        description="The primary metric's mean per unit (a rate for conversions).")
    baseline_sd: float | None = Field(default=None, allow_inf_nan=False, ge=0,
                                      description="Its standard deviation per unit; omit for a rate.")
    compute_sample_size: bool = Field(default=False, description="Compute planned_sample_size from the power "
                                      "library: the baseline, minimum_effect, alpha and 80% power.")
    data_file: str | None = Field(default=None, max_length=500,
                                  description="A CSV or Parquet file in the workspace's data folder.")
    source: str | None = Field(default=None, max_length=200,
                               description="A source of the workspace's metrics file (instead of data_file): "
                                           "CSV, Parquet or a PostgreSQL table, one row per unit.")
    source_table: str | None = Field(default=None, max_length=200,
                                     description="For a SQL source given as a query: its table of units.")
    variant_column: str | None = Field(default=None, max_length=200)
    metric_columns: dict[str, str | MetricColumnsIn] | None = Field(default=None, max_length=50)


class ExperimentCreate(_Design):
    title: str = NAME
    hypothesis: str | None = Field(default="", max_length=20000)
    owner_id: int | None = Field(default=None, description="Default: you.")
    variants: list[VariantIn] | None = Field(default=None, min_length=2, max_length=20,
                                             description="The control first; weights sum to 1. "
                                             "Default: control and treatment, half each.")
    primary_metric: str = NAME
    minimum_effect: float = Field(allow_inf_nan=False,
                                  description="The smallest relative effect worth detecting (0.02 = 2%).")


class ExperimentUpdate(_Design):
    version: int = Field(description="The version you loaded; a stale one is refused (409).")
    title: str | None = Field(default=None, min_length=1, max_length=200)
    owner_id: int | None = Field(default=None, description="Hand the experiment to another person.")


class TransitionIn(_Input):
    status: Literal["running", "stopped", "decided"]
    outcome: Outcome | None = Field(default=None, description="To decide: launch, iterate or stop.")
    learning: str = Field(default="", max_length=20000, description="To decide: what the test taught.")


class ExperimentOut(BaseModel):
    id: int
    title: str
    hypothesis: str
    document: dict[str, Any] | None
    owner: Ref
    variants: list[dict[str, Any]]
    primary_metric: str
    guardrails: list[dict[str, Any]]
    minimum_effect: float
    engine: str
    alpha: float
    planned_days: int | None
    baseline_mean: float | None
    baseline_sd: float | None
    planned_sample_size: int | None
    data_file: str | None
    source: str | None
    source_table: str | None
    variant_column: str | None
    metric_columns: dict[str, Any]
    status: ExperimentStatus
    next_statuses: list[str]
    outcome: Outcome | None
    learning: str
    decision: dict[str, Any] | None
    results_source: str | None
    results_at: datetime | None
    created_at: datetime
    started_at: datetime | None
    stopped_at: datetime | None
    decided_at: datetime | None
    version: int

    @classmethod
    def of(cls, e: Experiment, readable: Callable[[Document], bool] = lambda doc: True) -> ExperimentOut:
        """``readable`` hides the title of a linked document the viewer may not see."""
        from dayone.experiments.service import NEXT

        doc = None
        if e.document is not None:
            doc = ({"id": e.document.id, "title": e.document.title, "kind": e.document.doc_type}
                   if readable(e.document) else {"id": None, "title": "a private document", "kind": None})
        return cls(
            id=e.id, title=e.title, hypothesis=e.hypothesis, document=doc, owner=Ref(id=e.owner.id, name=e.owner.name),
            variants=list(e.variants), primary_metric=e.primary_metric, guardrails=list(e.guardrails),
            minimum_effect=e.minimum_effect, engine=e.engine, alpha=e.alpha, planned_days=e.planned_days,
            baseline_mean=e.baseline_mean, baseline_sd=e.baseline_sd, planned_sample_size=e.planned_sample_size,
            data_file=e.data_file, source=e.source, source_table=e.source_table,
            variant_column=e.variant_column, metric_columns=dict(e.metric_columns or {}),
            status=ExperimentStatus(e.status), next_statuses=list(NEXT[ExperimentStatus(e.status)]),
            outcome=Outcome(e.outcome) if e.outcome else None, learning=e.learning,
            decision={"id": e.decision.id, "title": e.decision.title, "status": e.decision.status}
            if e.decision is not None else None,
            results_source=e.results_source, results_at=e.results_at, created_at=e.created_at,
            started_at=e.started_at, stopped_at=e.stopped_at, decided_at=e.decided_at, version=e.version)


class ExperimentPage(BaseModel):
    """One page of the list, with the whole portfolio's counts."""

    items: list[ExperimentOut]
    total: int
    limit: int
    offset: int
    portfolio: dict[str, int]
