"""The one interface: every mechanism that has an ``agenda`` module is registered, and each
provider keeps to the contract a notifier relies on."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from dayone.agenda import registry
from dayone.agenda.items import AgendaItem

SRC = Path(__file__).parents[2] / "src" / "dayone"


def test_every_agenda_module_is_registered() -> None:
    found = {f"dayone.{p.parent.name}.agenda" for p in SRC.glob("*/agenda.py")}
    assert found == set(registry.PROVIDERS), "name each mechanism's agenda module in agenda/registry.py"
    for name, provide in registry.providers():
        assert list(inspect.signature(provide).parameters) == ["session", "person", "now"], name


@pytest.mark.parametrize("bad", [{"url": "https://elsewhere.example/"}, {"url": "//evil.example"},
                                 {"due": __import__("datetime").datetime(2026, 1, 1)}])
def test_an_item_refuses_what_a_notifier_could_not_use(bad: dict[str, object]) -> None:
    from datetime import UTC, datetime

    fields: dict[str, object] = {"kind": "x", "key": "x:1", "person_id": 1, "title": "T", "url": "/x",
                                 "since": datetime(2026, 1, 1, tzinfo=UTC), **bad}
    with pytest.raises(ValueError):
        AgendaItem(**fields)  # type: ignore[arg-type]
