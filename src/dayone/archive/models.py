"""Archived metrics: a metric lives in the workspace's metrics file, not in a table, so its
definition is kept here while it is archived, ready to be written back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from dayone.db.base import Base, UTCDateTime, utcnow


class ArchivedMetric(Base):
    """A metric taken out of the metrics file, with its definition as it was written."""

    __tablename__ = "archived_metrics"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    in_deck: Mapped[bool] = mapped_column(default=False)
    archived_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    archived_by: Mapped[str] = mapped_column(String(320), default="")
    metrics_file_id: Mapped[int | None] = mapped_column(nullable=True)  # the version it left
