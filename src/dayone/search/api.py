"""GET /api/v1/search: the same search as the page, as JSON."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from dayone.auth.permissions import Actor
from dayone.search import service
from dayone.search.schemas import SearchResults
from dayone.web.deps import api_actor, db

router = APIRouter(prefix="/api/v1", tags=["search"])


@router.get("/search", response_model=SearchResults)
def search(q: str = Query(..., description="Words to find; punctuation and operators are ignored, every word "
                          "must match and the last also matches as a prefix."),
           kind: list[str] = Query([], description="document, decision, metric, person, team, initiative or "
                                   "experiment (repeat it, or separate with commas; all when absent)."),
           limit: int = Query(20, description=f"Hits per page, 1 to {service.MAX_LIMIT}."),
           offset: int = Query(0, description="Hits to skip: the previous page's next_offset."),
           actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> SearchResults:
    """Full-text search over what you may read, best matches first, with marked snippets.
    ``total`` and ``counts`` count only what you may read."""
    return service.search(session, actor, q, kind, limit=limit, offset=offset)
