"""One way to page through every list endpoint of the API: ``limit`` and ``offset`` in the
query, the total in ``X-Total-Count``, the next page in a ``Link: <…>; rel="next"`` header.

The body stays the bare JSON list it always was, so scripts written before paging keep
working; without ``limit`` an endpoint answers everything, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from fastapi import Query, Request, Response

T = TypeVar("T")
MAX_LIMIT = 1000
TOTAL_HEADER = "X-Total-Count"


@dataclass
class Page:
    """The part of a list a request asked for, and where its answer's headers go."""

    limit: int | None
    offset: int
    request: Request
    response: Response

    def of(self, items: Sequence[T], total: int | None = None) -> list[T]:
        """The requested slice of ``items`` (the whole list, or from ``offset`` when the items
        given already start there and ``total`` counts them all), with the paging headers set."""
        count = len(items) if total is None else total
        start = self.offset if total is None else 0
        chunk = list(items[start:start + self.limit] if self.limit is not None else items[start:])
        self.response.headers[TOTAL_HEADER] = str(count)
        if self.limit is not None and self.offset + self.limit < count:
            following = self.request.url.include_query_params(limit=self.limit, offset=self.offset + self.limit)
            self.response.headers["Link"] = f'<{following.path}?{following.query}>; rel="next"'
        return chunk


def paging(request: Request, response: Response,
           limit: int | None = Query(None, ge=1, le=MAX_LIMIT,
                                     description=f"At most this many items (1–{MAX_LIMIT}); all when left out."),
           offset: int = Query(0, ge=0, description="Skip this many items first.")) -> Page:
    """The ``limit`` and ``offset`` of a list request (a FastAPI dependency)."""
    return Page(limit, offset, request, response)
