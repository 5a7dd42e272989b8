"""Words the command line shares: counts that agree with their number, and the header line of
a listing that says which workspace it read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dayone.cli.context import describe

if TYPE_CHECKING:
    from dayone.workspace import Workspace

IRREGULAR = {"person": "people", "day": "days", "entry": "entries", "finding": "findings"}


def plural(count: int, noun: str, many: str | None = None) -> str:
    """"1 decision", "2 decisions", "0 decisions"; ``many`` for a plural not made with -s."""
    if count == 1:
        return f"1 {noun}"
    word = many or IRREGULAR.get(noun) or (noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou"
                                           else noun + ("es" if noun.endswith(("s", "x", "ch", "sh")) else "s"))
    return f"{count:,} {word}"


def listing_header(ws: Workspace, count: int, noun: str, many: str | None = None) -> str:
    """The line above a listing: how many, and from which workspace (printed plainly, not
    through Rich: a long path must not wrap, nor brackets in it read as markup)."""
    return f"{plural(count, noun, many)} in {describe(ws.settings)}"
