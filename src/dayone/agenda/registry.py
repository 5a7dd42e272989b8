"""The providers of My week, named in one place. A new mechanism adds its ``agenda`` module
here (a test fails when a mechanism package has an ``agenda.py`` that is not listed)."""

from __future__ import annotations

import importlib
from typing import cast

from dayone.agenda.items import Provider

PROVIDERS: tuple[str, ...] = (
    "dayone.wbr.agenda",
    "dayone.documents.agenda",
    "dayone.decisions.agenda",
    "dayone.mechanisms.agenda",
    "dayone.experiments.agenda",
)


def providers() -> list[tuple[str, Provider]]:
    """Each provider's module name and its ``agenda_items`` function, imported now."""
    return [(name, cast(Provider, importlib.import_module(name).agenda_items)) for name in PROVIDERS]
