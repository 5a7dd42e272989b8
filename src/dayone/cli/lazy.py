"""A command group that imports a sub-command's module only when that command runs.

`dayone --help` lists every command with its one-line help, read from the registry
below, so that listing them loads none of their modules (the web framework, the
database, DuckDB, sqlglot…). Running a command, or asking for its own `--help`,
imports its module and builds the real command in its place. A test holds each
entry's help to the real command's, so the listing cannot drift from the commands.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, ClassVar

import typer
from typer.core import TyperGroup


@dataclass(frozen=True)
class LazyCommand:
    """A command known by name and help until it runs.

    ``target`` is ``"module:attribute"``: a `typer.Typer` sub-app or a command function.
    """

    target: str
    help: str

    def load(self, name: str) -> Any:
        """Import the module and build the real click command."""
        module, _, attribute = self.target.partition(":")
        found = getattr(importlib.import_module(module), attribute)
        if isinstance(found, typer.Typer):
            group = typer.main.get_group(found)
            group.name = name
            return group
        single = typer.Typer(add_completion=False)
        single.command(name)(found)
        return typer.main.get_command(single)


class Listed(typer.core.TyperCommand):
    """What stands for a lazy command in the group until it runs: its name and help."""

    def __init__(self, name: str, entry: LazyCommand) -> None:
        super().__init__(name=name, help=entry.help)
        self.entry = entry


class LazyGroup(TyperGroup):
    """A Typer group whose ``lazy`` commands are imported on first use.

    ``order`` lists every command name (eager and lazy) in the order `--help` shows them.
    """

    lazy: ClassVar[dict[str, LazyCommand]] = {}
    order: ClassVar[tuple[str, ...]] = ()

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        for name, entry in self.lazy.items():
            self.commands.setdefault(name, Listed(name, entry))
        rank = {name: i for i, name in enumerate(self.order)}
        ordered = sorted(self.commands.items(), key=lambda item: rank.get(item[0], len(rank)))
        self.commands.clear()
        self.commands.update(ordered)

    def load(self, name: str) -> Any:
        """The real command called `name` (imported now if it was lazy), or None."""
        command = self.commands.get(name)
        if isinstance(command, Listed):
            command = self.commands[name] = command.entry.load(name)
        return command

    def load_all(self) -> dict[str, Any]:
        """Every command, imported: for documentation checks, not for a run."""
        return {name: self.load(name) for name in list(self.commands)}

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        if args:
            self.load(args[0])
        return super().resolve_command(ctx, args)
