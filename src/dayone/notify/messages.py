"""The words of each message, built only from AgendaItems (whose title and detail are safe for
the person they wait on), the person's own name and the workspace's address."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from dayone.agenda.items import AgendaItem
from dayone.agenda.service import due_words
from dayone.notify.kinds import KINDS


@dataclass(frozen=True)
class Reader:
    """Who a message is for."""

    person_id: int
    name: str
    email: str
    time_zone: str


def label(kind: str) -> str:
    return KINDS[kind][0] if kind in KINDS else kind


def _footer(public_url: str) -> str:
    return f"\n--\nChoose what Day One mails you, and when: {public_url}/account#notifications\n"


def item_message(reader: Reader, item: AgendaItem, now: datetime, public_url: str, *,
                 moved: bool = False) -> tuple[str, str]:
    """(subject, text) of one item, mailed when it arrives (or when its review moves)."""
    subject = f"{'Moved: ' if moved else ''}{item.title}"
    lines = [f"Hello {reader.name},", "", item.title]
    if item.detail:
        lines.append(item.detail)
    lines += [due_words(item, now, reader.time_zone).capitalize() + ".", "", f"Open it: {public_url}{item.url}"]
    if moved:
        lines.insert(2, "This review has moved; the attached invitation updates your calendar.")
    return subject, "\n".join(lines) + "\n" + _footer(public_url)


def cancel_message(reader: Reader, public_url: str) -> tuple[str, str]:
    """(subject, text) of a cancelled review invitation: it names nothing, since the reader may
    no longer be allowed to read the document."""
    text = (f"Hello {reader.name},\n\nA review you were invited to is cancelled, or you are no longer "
            "invited; the attached cancellation removes it from your calendar.\n\n"
            f"What waits on you: {public_url}/agenda\n")
    return "Review cancelled", text + _footer(public_url)


def digest_message(reader: Reader, items: Sequence[AgendaItem], new: set[str], now: datetime,
                   public_url: str) -> tuple[str, str]:
    """(subject, text) of the daily digest: the items grouped by kind, new ones marked."""
    count = len(items)
    fresh = sum(1 for i in items if i.key in new)
    subject = f"Your day: {count} item{'s' if count != 1 else ''} waiting" + (f" ({fresh} new)" if fresh else "")
    lines = [f"Hello {reader.name},", "", "What waits on you today:"]
    for kind in [*KINDS, *sorted({i.kind for i in items} - set(KINDS))]:
        group = [i for i in items if i.kind == kind]
        if not group:
            continue
        lines += ["", f"{label(kind)} ({len(group)})"]
        for item in group:
            mark = "[new] " if item.key in new else ""
            lines.append(f"- {mark}{item.title} ({due_words(item, now, reader.time_zone)})")
            lines.append(f"  {public_url}{item.url}")
    lines += ["", f"All of it: {public_url}/agenda"]
    return subject, "\n".join(lines) + "\n" + _footer(public_url)
