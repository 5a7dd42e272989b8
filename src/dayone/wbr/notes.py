"""Whose note answers a flag: a metric's owner writes its note, or a delegate the owner names
(someone who runs the metric day to day); an admin may write one too, but it is shown as the
admin's and the flag still waits for the owner's answer.

Delegates are kept as a workspace setting (owner's email → delegates' emails)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone import audit
from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require
from dayone.documents.models import WorkspaceSetting
from dayone.errors import InvalidInput
from dayone.org.models import Person
from dayone.wbr.models import WbrNote

DELEGATES = "wbr_note_delegates"
MAX_DELEGATES = 10


def delegates(session: Session) -> dict[str, list[str]]:
    """Every owner's delegates: owner email → delegate emails (lower case)."""
    row = session.get(WorkspaceSetting, DELEGATES)
    if row is None:
        return {}
    stored = json.loads(row.value)
    return {str(k): [str(v) for v in vs] for k, vs in stored.items()} if isinstance(stored, dict) else {}


def _email(session: Session, actor: Actor) -> str | None:
    person = session.get(Person, actor.person_id) if actor.person_id else None
    return person.email.lower() if person is not None and person.email else None


def set_delegates(session: Session, actor: Actor, emails: list[str]) -> list[str]:
    """The people who may write notes for the metrics ``actor`` owns (replacing the list).
    Raises InvalidInput naming an email that is no one in the workspace, or the owner."""
    require(actor.at_least(Role.MEMBER), "name who writes your WBR notes")
    owner = _email(session, actor)
    if owner is None:
        raise InvalidInput("Only a person of the workspace owns metrics and names delegates.", field="delegates")
    wanted = sorted({e.strip().lower() for e in emails if e.strip()})
    if len(wanted) > MAX_DELEGATES:
        raise InvalidInput(f"delegates: name at most {MAX_DELEGATES} people.", field="delegates")
    known = {p.email.lower() for p in session.scalars(select(Person)) if p.email}
    for email in wanted:
        if email == owner:
            raise InvalidInput("delegates: you write your own notes already; name someone else.", field="delegates")
        if email not in known:
            raise InvalidInput(f"delegates: {email!r} is no one in the workspace.", field="delegates")
    everyone = delegates(session)
    if wanted:
        everyone[owner] = wanted
    else:
        everyone.pop(owner, None)
    row = session.get(WorkspaceSetting, DELEGATES) or WorkspaceSetting(key=DELEGATES, value="{}")
    row.value = json.dumps(everyone, sort_keys=True)
    session.add(row)
    session.flush()
    audit.record(session, actor, "update", "settings", None,
                 f"WBR note delegates of {owner}: {', '.join(wanted) or 'none'}")
    return wanted


def writes_for(session: Session, actor: Actor, owner: str | None,
               table: dict[str, list[str]] | None = None) -> str | None:
    """How ``actor`` may write the note of a metric owned by ``owner``: "owner", "delegate",
    "admin", or None (may not)."""
    if not actor.at_least(Role.MEMBER):
        return None
    email = _email(session, actor)
    owner = (owner or "").lower()
    if email and owner and email == owner:
        return "owner"
    if email and owner and email in (table if table is not None else delegates(session)).get(owner, []):
        return "delegate"
    return "admin" if actor.is_admin else None


def shown(session: Session, week_ending: date, owners: dict[str, str | None]) -> dict[str, dict[str, Any]]:
    """The week's notes as the deck shows them: metric → {author, body, updated_at, answers,
    written_as}. ``answers``: written by the metric's owner or a delegate of theirs (``owners``:
    metric → owner email, as the deck says)."""
    table = delegates(session)
    out = {}
    for note in session.scalars(select(WbrNote).where(WbrNote.week_ending == week_ending)):
        author = note.author.email.lower() if note.author and note.author.email else None
        owner = (owners.get(note.metric) or "").lower()
        written_as = ("owner" if author and author == owner else
                      "delegate" if author and author in table.get(owner, []) else "other")
        out[note.metric] = {"author": note.author.name if note.author else "someone", "body": note.body,
                            "updated_at": note.updated_at.isoformat(), "answers": written_as != "other",
                            "written_as": written_as}
    return out
