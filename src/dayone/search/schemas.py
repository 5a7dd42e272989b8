"""Search results as the page, the API and the command line show them."""

from __future__ import annotations

from pydantic import BaseModel, Field

KIND_LABELS = {"document": "Documents", "decision": "Decisions", "metric": "Metrics", "person": "People",
               "team": "Teams", "initiative": "Initiatives", "experiment": "Experiments"}

KIND_SINGULAR = {"document": "Document", "decision": "Decision", "metric": "Metric", "person": "Person",
                 "team": "Team", "initiative": "Initiative", "experiment": "Experiment"}


class SearchHit(BaseModel):
    kind: str = Field(description="document, decision, metric, person, team, initiative or experiment")
    id: int | None = Field(description="the record's id (none for a metric: see key)")
    key: str | None = Field(None, description="a metric's name")
    title: str
    title_html: str = Field(description="the title, HTML-escaped, matched words in <mark>")
    snippet_html: str = Field(description="a passage of the text, HTML-escaped, matched words in <mark>")
    url: str


class SearchResults(BaseModel):
    query: str
    words: list[str] = Field(description="the words searched for (operators and punctuation are ignored)")
    kinds: list[str] = Field(description="the kinds searched (all when none was asked for)")
    total: int = Field(description="matches you may read, of the kinds searched")
    counts: dict[str, int] = Field(description="matches you may read, per kind (whatever the kind filter)")
    limit: int
    offset: int
    next_offset: int | None = Field(description="the offset of the next page, or none on the last")
    hits: list[SearchHit]
