"""The metrics and the WBR deck over the API."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from dayone.auth.permissions import Actor
from dayone.errors import InvalidInput
from dayone.wbr import service
from dayone.web.deps import api_actor, db

router = APIRouter(prefix="/api/v1", tags=["wbr"])


@router.get("/metrics")
async def list_metrics(actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> list[dict[str, Any]]:
    metrics = service.load(session)
    return [{"name": m.name, "kind": m.kind, "owner": m.owner, "unit": m.unit, "direction": m.direction,
             "comparison": m.comparison, "aggregation": None if m.is_derived else m.aggregation,
             "derived": m.derived, "of": list(m.of), "drives": list(m.drives)} for m in metrics.metrics.values()]


@router.get("/wbr/{week_ending}")
async def wbr(week_ending: str, actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> dict[str, Any]:
    """The deck's numbers (the JSON contract of WBR-SEMANTICS.md); `latest` for the last complete week."""
    when = None
    if week_ending != "latest":
        try:
            when = date.fromisoformat(week_ending)
        except ValueError:
            raise InvalidInput(f"week_ending: {week_ending!r}; use YYYY-MM-DD or latest.", field="week_ending") \
                from None
    deck, _ = await run_in_threadpool(service.deck, session, when)
    return deck
