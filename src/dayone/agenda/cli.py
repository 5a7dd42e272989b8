"""`dayone agenda`: what waits on a person, as on their My week page."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from dayone.cli.context import open_workspace

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from dayone.auth.models import User


def agenda(
    as_user: str | None = typer.Option(None, "--as", help="Email of the person (optional when the "
                                       "workspace has one account)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (the API's answer, times in UTC)."),
) -> None:
    """What waits on a person across the mechanisms, oldest first (times in their time zone)."""
    from dayone import timezones
    from dayone.agenda import service
    from dayone.agenda.schemas import AgendaOut
    from dayone.auth import service as accounts

    with open_workspace() as ws, ws.session() as session:
        user = accounts.get_user_by_email(session, as_user) if as_user else _only_account(session)
        person = accounts.actor_for(user)
        out = AgendaOut.of(service.agenda(session, person))
        name = user.person.name
    if as_json:
        print(json.dumps(out.model_dump(mode="json"), indent=2))
        return
    console = Console(soft_wrap=True)
    if not out.items:
        console.print(f"Nothing waits on {name}.")
        return
    where = timezones.zone(out.time_zone)
    table = Table("due", "when", "what", "where", title=f"{name}'s week ({out.time_zone})")
    for item in out.items:
        due = f"{timezones.local(item.due, where):%a %d %b %H:%M}" if item.due else ""
        table.add_row(due, item.due_words, item.title, item.url)
    console.print(table)
    console.print(f"{len(out.items)} item{'s' if len(out.items) != 1 else ''}.")


def _only_account(session: Session) -> User:
    """The workspace's one account, for a workspace of one; otherwise a clear error."""
    from sqlalchemy import func, select

    from dayone.auth.models import User
    from dayone.errors import InvalidInput

    count = session.scalar(select(func.count()).select_from(User).where(User.is_active.is_(True))) or 0
    if count != 1:
        raise InvalidInput("--as: whose agenda? Give --as EMAIL (`dayone user list` shows the accounts)."
                           if count else "--as: this workspace has no accounts yet; add one with `dayone user add`.",
                           field="as")
    return session.scalars(select(User).where(User.is_active.is_(True))).one()
