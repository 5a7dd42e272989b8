"""Documentation beside the code: a setting or a command without a doc fails here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from dayone.cli.main import app
from dayone.settings import Settings

ROOT = Path(__file__).parents[1]


def _command_paths(group: Any, prefix: str = "dayone") -> list[str]:
    paths = []
    # the root group imports its sub-commands when they run; load them all to read them
    commands = group.load_all() if hasattr(group, "load_all") else group.commands
    for name, command in commands.items():
        path = f"{prefix} {name}"
        if hasattr(command, "commands"):  # a group (typer ships its own click)
            paths += _command_paths(command, path)
        else:
            paths.append(path)
    return paths


def test_every_setting_is_documented() -> None:
    text = (ROOT / "docs" / "settings.md").read_text()
    missing = [f"DAYONE_{name.upper()}" for name in Settings.model_fields
               if f"`DAYONE_{name.upper()}`" not in text]
    assert missing == []


def test_every_command_and_option_is_documented() -> None:
    text = (ROOT / "docs" / "cli.md").read_text()
    root: Any = typer.main.get_command(app)
    paths = _command_paths(root)
    assert len(paths) >= 11
    assert [p for p in paths if f"### {p}\n" not in text] == []
    for path in paths:
        command = root
        for part in path.split()[1:]:
            command = command.commands[part]
        section = text.split(f"### {path}\n", 1)[1].split("\n### ", 1)[0]
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help":
                    assert opt in section, f"{path}: {opt} is not documented"


def test_readme_quickstart_names_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "dayone demo" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()
