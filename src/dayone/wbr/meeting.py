"""Holding the WBR: the week's deck frozen as the meeting saw it, and the WBR mechanism's
occurrence recorded with what the meeting had (metrics, flags, the owners' notes on them)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require_role
from dayone.wbr import service


def hold(session: Session, actor: Actor, week_ending: date | None = None) -> dict[str, Any]:
    """Hold the WBR of a week (the latest complete one if none is named): freeze its deck
    (:func:`service.freeze`: a complete week inside the data only) and record an occurrence of
    the built-in *Weekly Business Review* mechanism, linked to the deck. Returns the frozen deck."""
    from dayone.mechanisms.service import record_builtin

    require_role(actor, Role.ADMIN, "hold the WBR")
    frozen = service.freeze(session, actor, week_ending)
    week = date.fromisoformat(frozen["week_ending"])
    flagged = [name for name, m in frozen["metrics"].items() if m.get("anomaly")]
    written = service.notes(session, week)
    explained = [name for name in flagged if name in written]
    output = (f"The deck for the week ending {week} reviewed: {len(frozen['metrics'])} metrics, "
              f"{len(flagged)} flagged, {len(explained)} of them explained by their owners.")
    record_builtin(session, "wbr", output, link=f"/wbr/{week}")
    return frozen
