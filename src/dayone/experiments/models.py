"""Experiment records and their stored statistics (one row per variant and metric)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, BigInteger, Date, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dayone.db.archivable import Archivable
from dayone.db.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from dayone.decisions.models import Decision
    from dayone.documents.models import Document
    from dayone.org.models import Person


class ExperimentStatus(StrEnum):
    DESIGNED = "designed"
    RUNNING = "running"
    STOPPED = "stopped"
    DECIDED = "decided"


class Outcome(StrEnum):
    """What the decision the experiment fed chose."""

    LAUNCH = "launch"
    ITERATE = "iterate"
    STOP = "stop"


class Experiment(Archivable, Base):
    """A tested idea; archivable like the other records (``dayone.archive``)."""

    __tablename__ = "experiments"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    hypothesis: Mapped[str] = mapped_column(Text, default="")
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"), nullable=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    # [{"name": "control", "weight": 0.5}, …]: the first is the control
    variants: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    primary_metric: Mapped[str] = mapped_column(String(200))
    # [{"metric": "page_load_ms", "bad_direction": "up"}, …]
    guardrails: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    minimum_effect: Mapped[float] = mapped_column(Float)
    engine: Mapped[str] = mapped_column(String(16), default="frequentist")
    alpha: Mapped[float] = mapped_column(Float, default=0.05)
    planned_days: Mapped[int | None] = mapped_column(nullable=True)
    baseline_mean: Mapped[float | None] = mapped_column(Float, nullable=True)
    baseline_sd: Mapped[float | None] = mapped_column(Float, nullable=True)
    planned_sample_size: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # a data file in the workspace's data folder: a variant column and one column per metric
    data_file: Mapped[str | None] = mapped_column(String(500), nullable=True)
    # or a source of the workspace's metrics file (CSV, Parquet, or a PostgreSQL table: source_table
    # for a query source), read on its engine (experiments/sourcedata.py)
    source: Mapped[str | None] = mapped_column(String(200), nullable=True)
    source_table: Mapped[str | None] = mapped_column(String(200), nullable=True)
    variant_column: Mapped[str | None] = mapped_column(String(200), nullable=True)
    metric_columns: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default=ExperimentStatus.DESIGNED.value)
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    learning: Mapped[str] = mapped_column(Text, default="")
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id", ondelete="SET NULL"), nullable=True)
    # a market test: {"treated", "start", "method", "metric", "source", "regions", "dates", "values"}
    market: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    results_source: Mapped[str | None] = mapped_column(String(500), nullable=True)
    results_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    version: Mapped[int] = mapped_column(default=1)

    owner: Mapped[Person] = relationship()
    document: Mapped[Document | None] = relationship()
    decision: Mapped[Decision | None] = relationship()
    statistics: Mapped[list[ExperimentStatistic]] = relationship(cascade="all, delete-orphan",
                                                                order_by="ExperimentStatistic.id")
    slices: Mapped[list[ExperimentSliceStatistic]] = relationship(cascade="all, delete-orphan",
                                                                 order_by="ExperimentSliceStatistic.id")


class ExperimentStatistic(Base):
    """One variant's sufficient statistics for one metric, as `dayone experiment analyze` reads them."""

    __tablename__ = "experiment_statistics"
    __table_args__ = (UniqueConstraint("experiment_id", "variant", "metric"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    experiment_id: Mapped[int] = mapped_column(ForeignKey("experiments.id", ondelete="CASCADE"), index=True)
    variant: Mapped[str] = mapped_column(String(200))
    metric: Mapped[str] = mapped_column(String(200))
    n: Mapped[int] = mapped_column(BigInteger)
    sum: Mapped[float] = mapped_column(Float)
    sum_squares: Mapped[float] = mapped_column(Float)
    denominator_sum: Mapped[float | None] = mapped_column(Float, nullable=True)
    denominator_sum_squares: Mapped[float | None] = mapped_column(Float, nullable=True)
    cross_sum: Mapped[float | None] = mapped_column(Float, nullable=True)
    pre_sum: Mapped[float | None] = mapped_column(Float, nullable=True)
    pre_sum_squares: Mapped[float | None] = mapped_column(Float, nullable=True)
    pre_cross_sum: Mapped[float | None] = mapped_column(Float, nullable=True)


class ExperimentSliceStatistic(Base):
    """One variant's statistics for one metric within a dimension's value (a breakdown) or up to a date
    (cumulative: the interval over time); the whole experiment's are `ExperimentStatistic`."""

    __tablename__ = "experiment_slice_statistics"

    id: Mapped[int] = mapped_column(primary_key=True)
    experiment_id: Mapped[int] = mapped_column(ForeignKey("experiments.id", ondelete="CASCADE"), index=True)
    dimension: Mapped[str] = mapped_column(String(200), default="")
    dimension_value: Mapped[str] = mapped_column(String(200), default="")
    day: Mapped[date | None] = mapped_column(Date, nullable=True)
    variant: Mapped[str] = mapped_column(String(200))
    metric: Mapped[str] = mapped_column(String(200))
    n: Mapped[int] = mapped_column(BigInteger)
    sum: Mapped[float] = mapped_column(Float)
    sum_squares: Mapped[float] = mapped_column(Float)
    denominator_sum: Mapped[float | None] = mapped_column(Float, nullable=True)
    denominator_sum_squares: Mapped[float | None] = mapped_column(Float, nullable=True)
    cross_sum: Mapped[float | None] = mapped_column(Float, nullable=True)
    pre_sum: Mapped[float | None] = mapped_column(Float, nullable=True)
    pre_sum_squares: Mapped[float | None] = mapped_column(Float, nullable=True)
    pre_cross_sum: Mapped[float | None] = mapped_column(Float, nullable=True)
