"""The kinds of value a rule's option takes, each with its range.

An option's value is checked where it is written (a document's front matter when the
document is saved, the workspace's settings when an admin saves them) and again where
it is read, since a stored value may predate a rule or have been written around the
app: there a bad value becomes a finding and the rule falls back to its default.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Protocol


class Kind(Protocol):
    """What an option accepts: ``allowed`` says it in words for messages."""

    @property
    def allowed(self) -> str: ...

    def accepts(self, value: Any) -> bool: ...


@dataclass(frozen=True)
class Whole:
    """A whole number from ``low`` to ``high``."""

    low: int
    high: int

    @property
    def allowed(self) -> str:
        return f"a whole number from {self.low:,} to {self.high:,}"

    def accepts(self, value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and self.low <= value <= self.high


@dataclass(frozen=True)
class Amount:
    """A number (a whole one or a decimal) from ``low`` to ``high``."""

    low: float
    high: float

    @property
    def allowed(self) -> str:
        return f"a number from {self.low:g} to {self.high:g}"

    def accepts(self, value: Any) -> bool:
        return (isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
                and self.low <= value <= self.high)


@dataclass(frozen=True)
class OneOf:
    """One of a few names, written exactly."""

    choices: tuple[str, ...]

    @property
    def allowed(self) -> str:
        return "one of " + ", ".join(self.choices)

    def accepts(self, value: Any) -> bool:
        return isinstance(value, str) and value in self.choices


@dataclass(frozen=True)
class Words:
    """A list of words or phrases."""

    max_items: int = 1_000
    max_length: int = 100

    @property
    def allowed(self) -> str:
        return (f"a list of at most {self.max_items:,} words or phrases, each of 1 to "
                f"{self.max_length} characters")

    def accepts(self, value: Any) -> bool:
        return (isinstance(value, list) and len(value) <= self.max_items
                and all(isinstance(w, str) and 0 < len(w.strip()) <= self.max_length for w in value))


@dataclass(frozen=True)
class Switch:
    """true or false."""

    @property
    def allowed(self) -> str:
        return "true or false"

    def accepts(self, value: Any) -> bool:
        return isinstance(value, bool)


def shown(value: Any, limit: int = 60) -> str:
    """A value as a message quotes it: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"
