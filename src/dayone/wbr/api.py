"""The metrics and the WBR deck over the API."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field
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


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    body: str = Field(min_length=1, max_length=5000)


def _week(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"week_ending: {value!r}; use YYYY-MM-DD.", field="week_ending") from None


@router.get("/wbr/{week_ending}/notes")
async def list_notes(week_ending: str, actor: Actor = Depends(api_actor),
                     session: Session = Depends(db)) -> dict[str, Any]:
    return {m: {"author": n.author.name if n.author else None, "body": n.body, "updated_at": n.updated_at.isoformat()}
            for m, n in service.notes(session, _week(week_ending)).items()}


@router.put("/wbr/{week_ending}/notes/{metric}")
async def put_note(week_ending: str, metric: str, body: NoteIn, actor: Actor = Depends(api_actor),
                   session: Session = Depends(db)) -> dict[str, Any]:
    note = service.write_note(session, actor, _week(week_ending), metric, body.body)
    session.commit()
    return {"metric": note.metric, "week_ending": note.week_ending.isoformat(), "body": note.body}
