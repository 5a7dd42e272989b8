"""The workspace's WBR: which metrics file it uses, and its deck for a week."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from dayone import audit
from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require_role
from dayone.documents.models import WorkspaceSetting
from dayone.errors import InvalidInput, NotFound
from dayone.metrics import spec
from dayone.metrics.compute import Engine

METRICS_FILE = "wbr_metrics_file"


def metrics_file(session: Session) -> Path:
    row = session.get(WorkspaceSetting, METRICS_FILE)
    if row is None:
        raise NotFound("This workspace has no metrics file yet: `dayone wbr use FILE` sets one.")
    return Path(row.value)


def use(session: Session, actor: Actor, path: Path) -> spec.MetricsFile:
    """Point the workspace at a metrics file, after validating it."""
    require_role(actor, Role.ADMIN, "choose the workspace's metrics file")
    resolved = path.expanduser().resolve()
    if not resolved.is_file():
        raise InvalidInput(f"{path}: no such file.", field="path")
    parsed = spec.load(resolved)
    row = session.get(WorkspaceSetting, METRICS_FILE) or WorkspaceSetting(key=METRICS_FILE, value="")
    row.value = str(resolved)
    session.add(row)
    audit.record(session, actor, "update", "settings", None, f"WBR metrics file: {resolved.name}")
    return parsed


def load(session: Session) -> spec.MetricsFile:
    return spec.load(metrics_file(session))


def deck(session: Session, week_ending: date | None = None) -> tuple[dict[str, Any], spec.MetricsFile]:
    metrics = load(session)
    try:
        return Engine(metrics).compute(week_ending), metrics
    except ValueError as exc:  # the calendar names the nearest valid week-ending dates
        raise InvalidInput(f"week_ending: {exc}", field="week_ending") from None
