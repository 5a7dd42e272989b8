"""Opening the workspace for a command, and printing errors in one line.

A command never makes a workspace by accident: run in a folder that holds none (a typo in
DAYONE_HOME, the wrong directory), it asks whether to create one there, or, when nobody can
answer (CI, a script, a pipe), it stops and names `dayone init`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from pydantic import ValidationError

from dayone.errors import UserError
from dayone.settings import Settings

if TYPE_CHECKING:
    from dayone.workspace import Workspace


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"DAYONE_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in exc.errors()
        )
        raise UserError(f"Bad setting: {problems}.") from None


def describe(settings: Settings) -> str:
    """Where the workspace lives, in a few words: its folder (SQLite) or its database (PostgreSQL)."""
    if not settings.database_url:
        return f"{settings.home} (SQLite)"
    from sqlalchemy.engine import make_url

    url = make_url(settings.database_url)
    return f"PostgreSQL database {url.database} on {url.host or 'localhost'}"


def exists(settings: Settings) -> bool:
    """Whether a workspace is already there: the SQLite file, or Day One's tables in the database."""
    if not settings.database_url:
        return (settings.home / "dayone.db").exists()
    from sqlalchemy import inspect
    from sqlalchemy.exc import OperationalError

    from dayone.db.engine import make_engine

    engine = make_engine(settings.database_url)
    try:
        return inspect(engine).has_table("alembic_version")
    except OperationalError:
        return True  # unreachable: opening it explains why, naming the setting
    finally:
        engine.dispose()


def _can_ask() -> bool:
    """A person at a terminal can answer a question (not CI, not a script or a pipe)."""
    ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return not ci and sys.stdin.isatty() and sys.stderr.isatty()


def _missing(settings: Settings) -> None:
    """Ask to create the missing workspace, or refuse naming `dayone init`."""
    where = describe(settings)
    hint = ("run `dayone init` to create one there, or point DAYONE_HOME (or DAYONE_DATABASE_URL) "
            "at the workspace you meant")
    if not _can_ask():
        raise UserError(f"No Day One workspace in {where}: {hint}.")
    import typer

    if not typer.confirm(f"No Day One workspace in {where}. Create one there?", default=False, err=True):
        raise UserError(f"No workspace created: {hint}.")


@contextmanager
def open_workspace(*, create: bool = False) -> Iterator[Workspace]:
    """The workspace for one command, its connections closed when the command ends. Unless
    ``create`` (`dayone init`, `dayone demo`), a missing workspace is not made silently."""
    from dayone.workspace import Workspace  # the database: only for the commands that open it

    settings = load_settings()
    if not create and not exists(settings):
        _missing(settings)
    ws = Workspace.open(settings)
    try:
        yield ws
    finally:
        ws.close()
