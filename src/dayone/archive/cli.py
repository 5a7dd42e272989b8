"""`dayone archive …`, `dayone restore …` and `dayone purge …`."""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.table import Table

from dayone.archive import service
from dayone.auth.permissions import CLI_ACTOR
from dayone.cli.context import open_workspace
from dayone.errors import InvalidInput

archive_app = typer.Typer(help="The archive: archive records, list what it holds.", no_args_is_help=True)
KIND_HELP = "document, initiative, team, decision or metric."


def _out() -> Console:
    return Console(soft_wrap=True)


@archive_app.command("list")
def archive_list() -> None:
    """What the archive holds, newest first."""
    with open_workspace() as ws, ws.session() as session:
        entries = service.list_archived(session, CLI_ACTOR)
        if not entries:
            _out().print("Nothing is archived.")
            return
        table = Table("kind", "id", "title", "archived", "by")
        for e in entries:
            table.add_row(e.kind, e.ref, e.title or "", f"{e.archived_at:%Y-%m-%d %H:%M}" if e.archived_at else "",
                          e.archived_by or "")
        _out().print(table)


def _archive_command(kind: str) -> None:
    what = "NAME" if kind == "metric" else "ID"

    def command(ref: str = typer.Argument(..., metavar=what, help=f"The {kind}'s {what.lower()}.")) -> None:
        with open_workspace() as ws, ws.session() as session:
            entry = service.archive(session, CLI_ACTOR, kind, ref)
            _out().print(f"Archived {kind} {entry.title or entry.ref}; `dayone restore {kind} {entry.ref}` "
                         "brings it back.")

    article = "an" if kind[0] in "aeiou" else "a"
    command.__doc__ = f"Archive {article} {kind}: it leaves every list until restored."
    archive_app.command(kind)(command)


for _kind in service.KIND_NAMES:
    _archive_command(_kind)


def restore(kind: str = typer.Argument(..., help=KIND_HELP),
            ref: str = typer.Argument(..., metavar="REF", help="The id (a metric: its name).")) -> None:
    """Bring an archived record back."""
    with open_workspace() as ws, ws.session() as session:
        entry = service.restore(session, CLI_ACTOR, kind, ref)
        _out().print(f"Restored {entry.kind} {entry.title or entry.ref}.")


def purge(kind: str = typer.Argument(..., help=KIND_HELP),
          ref: str = typer.Argument(..., metavar="REF", help="The id (a metric: its name)."),
          yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation.")) -> None:
    """Remove an archived record for good, after saying what goes with it."""
    with open_workspace() as ws, ws.session() as session:
        plan = service.purge_plan(session, CLI_ACTOR, kind, ref)
        name = plan.entry.title or f"{plan.entry.kind} {plan.entry.ref}"
        if plan.blockers:
            service.purge(session, CLI_ACTOR, kind, ref)  # raises, naming what depends on it
        _out().print(f"Removing {name} for good takes with it: " + "; ".join(plan.effects) + ".")
        if not yes:
            if not sys.stdin.isatty():
                raise InvalidInput("--yes: removal for good cannot be undone; add --yes to confirm it "
                                   "(no terminal to ask on).", field="yes")
            if not typer.confirm("Remove it for good?", default=False):
                raise typer.Exit(1)
        service.purge(session, CLI_ACTOR, kind, ref)
        _out().print(f"Removed {name} for good.")
