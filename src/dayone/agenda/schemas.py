"""My week's page context and its JSON twin: one typed value for both."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, Field

from dayone.agenda.items import AgendaItem
from dayone.agenda.service import Agenda, due_words


class AgendaItemOut(BaseModel):
    kind: str = Field(description="What sort of item: wbr-note, review-invitation, review-reading, review-start, "
                      "review-outcome, decision-approval, decision-decide, decision-revisit, decision-escalation, "
                      "mechanism-due, mechanism-lapsed.")
    key: str = Field(description="The item's name, the same on every request while it waits.")
    title: str
    detail: str
    url: str = Field(description="The page where it is done (a path of this app).")
    due: datetime | None = Field(description="When it is due, in UTC; null when nothing sets a date.")
    since: datetime = Field(description="When it began to wait, in UTC.")
    due_words: str = Field(description="When it is due on the person's own calendar: \"due today\", "
                           "\"overdue by 2 days\", \"waiting 5 days\".")

    @classmethod
    def of(cls, item: AgendaItem, agenda: Agenda) -> AgendaItemOut:
        return cls(kind=item.kind, key=item.key, title=item.title, detail=item.detail, url=item.url,
                   due=item.due.astimezone(UTC) if item.due else None, since=item.since.astimezone(UTC),
                   due_words=due_words(item, agenda.now, agenda.time_zone))


class AgendaOut(BaseModel):
    person_id: int
    time_zone: str = Field(description="The person's time zone: the day \"today\" is. Times here are UTC.")
    generated_at: datetime
    count: int
    items: list[AgendaItemOut] = Field(description="Oldest first: by due date, else by how long it has waited.")

    @classmethod
    def of(cls, agenda: Agenda) -> AgendaOut:
        return cls(person_id=agenda.person_id, time_zone=agenda.time_zone, generated_at=agenda.now.astimezone(UTC),
                   count=len(agenda.items), items=[AgendaItemOut.of(i, agenda) for i in agenda.items])
