"""GET /api/v1/me/agenda: what waits on the token's owner."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from dayone.agenda import service
from dayone.agenda.schemas import AgendaOut
from dayone.auth.permissions import Actor
from dayone.web.deps import api_actor, db

router = APIRouter(prefix="/api/v1", tags=["agenda"])


@router.get("/me/agenda", response_model=AgendaOut)
def my_agenda(actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> AgendaOut:
    """Every item that waits on you across the mechanisms, oldest first, each with the page where
    it is done. Times are UTC; ``due_words`` counts days on your own calendar (your time zone)."""
    return AgendaOut.of(service.agenda(session, actor))
