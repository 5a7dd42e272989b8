"""The one interface between the mechanisms and My week: the item that waits on a person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

from dayone.auth.permissions import Actor


@dataclass(frozen=True)
class AgendaItem:
    """One thing that waits on one person.

    ``key`` names the item the same way on every run (``decision:12:approve``), so a notifier
    can tell a new item from one it has announced already. ``title`` and ``detail`` are safe
    for ``person_id`` to read (they pass the same permission checks as the pages); ``url`` is
    the path of the page where it is done. ``due`` is when it is due (UTC; None when nothing
    sets a date), ``since`` when it began to wait.
    """

    kind: str  # e.g. "wbr-note", "review-invitation", "decision-approval": a notifier's per-kind choice
    key: str
    person_id: int
    title: str
    url: str
    since: datetime
    due: datetime | None = None
    detail: str = ""

    @property
    def when(self) -> datetime:
        """What orders the list, oldest first: the due date, else when it began to wait."""
        return self.due or self.since

    def __post_init__(self) -> None:
        for name in ("since", "due"):
            moment = getattr(self, name)
            if moment is not None and moment.tzinfo is None:
                raise ValueError(f"AgendaItem.{name}: give a timezone-aware time (UTC)")
        if not self.url.startswith("/") or self.url.startswith("//"):
            raise ValueError(f"AgendaItem.url: give a path of this app, such as /decisions/3 (got {self.url!r})")


class Provider(Protocol):
    """What each mechanism's ``agenda`` module offers: the items waiting on ``person`` at ``now``
    (``person.time_zone`` says which day "today" is)."""

    def __call__(self, session: Session, person: Actor, now: datetime) -> list[AgendaItem]: ...
