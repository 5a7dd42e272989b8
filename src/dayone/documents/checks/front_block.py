"""The YAML block at the top of a document (front matter): where the body starts, its
values, and where its YAML breaks when it cannot be read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from dayone import yamlfile
from dayone.errors import ValidationFailed

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.S)
# A block between two `---` lines is front matter when its YAML is a mapping, or when it
# cannot be read but opens with `key:`, a name without spaces (a broken mapping); else it is
# Markdown: a thematic break, prose ("We ship: soon"), another thematic break.
YAML_KEY = re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\n)*[ \t]*(?:[\w-]+|\"[^\"\n]*\"|'[^'\n]*')[ \t]*:(?:[ \t]|$)", re.M)
BOM = "\ufeff"


@dataclass(frozen=True)
class FrontMatter:
    """The YAML block at the top of a document, if there is one."""

    end: int = 0  # offset where the body starts (0: no front matter)
    values: dict[str, Any] = field(default_factory=dict)
    error: str | None = None  # why the YAML cannot be read
    error_line: int | None = None  # the line of the document where it breaks
    error_column: int | None = None
    error_fix: str | None = None  # what to do about it


def read_front_matter(source: str) -> FrontMatter:
    """The front matter of a text with ``\\n`` line ends and no byte-order mark."""
    match = FRONT_MATTER.match(source)
    if match is None:
        return FrontMatter()
    try:
        loaded = yamlfile.load(match.group(1), file="front matter", limits=yamlfile.FRONT_MATTER)
    except ValidationFailed as exc:
        if not YAML_KEY.match(match.group(1)):
            return FrontMatter()  # prose between thematic breaks, not YAML
        message, line, column = _front_matter_problem(exc)
        fix = (exc.details or [{}])[0].get("suggestion")
        return FrontMatter(match.end(), {}, message, line, column, fix)
    if not isinstance(loaded, dict):
        return FrontMatter() if loaded is not None else FrontMatter(match.end())
    return FrontMatter(match.end(), loaded)


def normal(source: str) -> str:
    """The text with ``\\n`` line ends and no byte-order mark, as the checker reads it."""
    return source.replace("\r\n", "\n").removeprefix(BOM)


def strip_front_matter(source: str) -> str:
    """The Markdown without its YAML front matter (and byte-order mark), for rendering and export."""
    source = normal(source)
    return source[read_front_matter(source).end:]


def front_matter_of(source: str) -> tuple[dict[str, Any], str | None]:
    """A document's front matter and its YAML problem, read as a Doc reads them, without
    parsing the body."""
    found = read_front_matter(normal(source))
    return found.values, found.error


def _front_matter_problem(exc: ValidationFailed) -> tuple[str, int | None, int | None]:
    """The YAML problem, and its line and column in the document (the YAML starts on line 2)."""
    found = (exc.details or [{}])[0]
    location = found.get("location", {})
    line, column = location.get("line"), location.get("column")
    message = str(found.get("message", exc.message)).removeprefix("not valid YAML: ")
    return message, line + 1 if line else None, column
