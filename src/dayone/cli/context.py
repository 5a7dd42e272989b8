"""Opening the workspace for a command, and printing errors in one line."""

from __future__ import annotations

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


@contextmanager
def open_workspace() -> Iterator[Workspace]:
    """The workspace for one command, its connections closed when the command ends."""
    from dayone.workspace import Workspace  # the database: only for the commands that open it

    ws = Workspace.open(load_settings())
    try:
        yield ws
    finally:
        ws.close()
