"""The problems of a metrics file, each at its file, line and field, and the type checks every
field goes through: a value of the wrong type is a problem named at its line, never an exception
further on."""

from __future__ import annotations

import difflib
import math
from datetime import date, datetime
from typing import Any

import yaml

from dayone import yamlfile
from dayone.errors import ValidationFailed
from dayone.findings import Finding, Level, Location


def lines(node: yaml.Node, path: tuple[str, ...] = (), out: dict[tuple[str, ...], int] | None = None
          ) -> dict[tuple[str, ...], int]:
    """Each mapping key's 1-based line, by its path."""
    out = {} if out is None else out
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            here = (*path, _key(key))
            out[here] = key.start_mark.line + 1
            lines(value, here, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            here = (*path, str(i))
            out[here] = item.start_mark.line + 1
            lines(item, here, out)
    return out


def _key(node: yaml.Node) -> str:
    """A key as the parser names it: ``str()`` of its value (``null`` → ``None``, ``0x1F`` → ``31``)."""
    if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:str":
        return str(node.value)
    try:
        return str(yamlfile.construct(node, file=""))
    except ValidationFailed:
        return str(node.value)


class Problems:
    """Every problem found in one file, as findings with their lines."""

    def __init__(self, file: str, lines: dict[tuple[str, ...], int]) -> None:
        self.file, self.lines = file, lines
        self.found: list[Finding] = []

    def add(self, path: tuple[str, ...], message: str, suggestion: str | None = None) -> None:
        line = None
        for cut in range(len(path), 0, -1):
            line = self.lines.get(path[:cut])
            if line:
                break
        self.found.append(Finding(Level.ERROR, "metrics-file", yamlfile.one_line(message),
                                  Location(file=self.file, line=line, field=yamlfile.one_line(".".join(path))),
                                  None if suggestion is None else yamlfile.one_line(suggestion)))

    def choice(self, path: tuple[str, ...], value: Any, allowed: tuple[str, ...] | list[str], what: str) -> bool:
        if value in allowed:
            return True
        close = difflib.get_close_matches(str(value), list(allowed), n=1)
        self.add(path, f"{'.'.join(path)}: {value!r} is not a {what}.",
                 f"did you mean `{close[0]}`?" if close else f"use one of {', '.join(allowed)}")
        return False

    def mapping(self, path: tuple[str, ...], value: Any, example: str) -> dict[Any, Any]:
        """``value`` if it is a mapping; nothing (``{}``) for a missing one; else a problem."""
        if isinstance(value, dict):
            return value
        if value is not None:
            self.add(path, f"{'.'.join(path)}: expected a mapping like {example}, not {kind_of(value)}.")
        return {}

    def text(self, path: tuple[str, ...], value: Any, *, max_length: int = 10_000) -> str | None:
        """``value`` as text (numbers are written as text); None for a missing one or a problem."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.add(path, f"{'.'.join(path)}: expected text, not {kind_of(value)}.")
            return None
        text = str(value)
        if len(text) > max_length or "\x00" in text:
            self.add(path, f"{'.'.join(path)}: expected text of at most {max_length:,} characters (no NUL).")
            return None
        return text

    def flag(self, path: tuple[str, ...], value: Any, default: bool) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.add(path, f"{'.'.join(path)}: expected true or false, not {kind_of(value)}.")
            return default
        return value

    def names(self, path: tuple[str, ...], value: Any) -> tuple[str, ...]:
        """A list of names (``[a, b]``); nothing for a missing one."""
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            self.add(path, f"{'.'.join(path)}: expected a list of metric names like [orders, sessions], "
                     f"not {kind_of(value)}.")
            return ()
        return tuple(value)


def kind_of(value: Any) -> str:
    """How a wrong value reads in a message: ``a list``, ``the number 3``, ``'abc'``."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, datetime | date):
        return f"the date {value.isoformat()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    shown = str(value)
    return repr(shown if len(shown) <= 40 else shown[:40] + "…")


def as_number(value: Any) -> float | None:
    """A finite number (not true/false), or None."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def as_day(value: Any) -> date | None:
    """A date from YAML (a date, a date-time, or text like 2026-11-21), or None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
