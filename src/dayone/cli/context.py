"""Opening the workspace for a command, and printing errors in one line."""

from __future__ import annotations

from pydantic import ValidationError

from dayone.errors import UserError
from dayone.settings import Settings
from dayone.workspace import Workspace


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"DAYONE_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in exc.errors()
        )
        raise UserError(f"Bad setting: {problems}.") from None


def open_workspace() -> Workspace:
    return Workspace.open(load_settings())
