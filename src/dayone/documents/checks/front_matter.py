"""The front matter keys the checker reads, each checked for type and range.

    ---
    type: prfaq               # prfaq, narrative or one-pager
    launch_date: 2027-03-03   # a date (or "March 3, 2027")
    checks:                   # rule settings, as on the Writing rules page
      sentence-length: {max_words: 25}
    ---

Other keys (``title``, notes of the writer's own) are kept and not read. The same
problems are refused when a document is saved and are findings when one is read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from dayone.documents.checks import config
from dayone.documents.checks.dates import parse_date
from dayone.documents.checks.front_block import BOM, FRONT_MATTER
from dayone.documents.checks.options import shown
from dayone.documents.checks.rule import Rule
from dayone.findings import Finding, Level, Location

DOC_TYPES = ("prfaq", "narrative", "one-pager")
YEARS = (1900, 2999)  # a launch date outside them is a typo
DATE_ALLOWED = (f"a date such as 2027-03-03, March 3, 2027 or 2027-03-03 10:00, in the years {YEARS[0]} "
                f"to {YEARS[1]}")


def launch_date(front: Mapping[Any, Any]) -> date | None:
    """The declared launch date, or None when there is none or it is not a date."""
    value = front.get("launch_date")
    if isinstance(value, datetime):
        value = value.date()
    elif isinstance(value, str):
        value = parse_date(value)
    if isinstance(value, date) and YEARS[0] <= value.year <= YEARS[1]:
        return value
    return None


def key_line(source: str, key: str) -> int:
    """The line of a top-level key in the front matter (1, the opening ---, if not found)."""
    found = re.search(rf"^{re.escape(key)}[ \t]*:", source[:source.find("\n---", 3) + 1], re.M)
    return source.count("\n", 0, found.start()) + 1 if found else 1


def problems(front: Mapping[Any, Any], source: str, rules: Mapping[str, Rule], *, file: str | None = None,
             check_type: bool = True) -> tuple[config.Layer, list[Finding]]:
    """The front matter's rule settings, cleaned, and a finding for each value that is wrong.
    ``check_type``: whether ``type`` is read (not when the document's type is known)."""
    found: list[Finding] = []

    def problem(key: str, message: str) -> None:
        found.append(Finding(Level.ERROR, "front-matter", f"front matter: {key}: {message}",
                             Location(file=file, line=key_line(source, key), field=key), None))

    kind = front.get("type")
    if check_type and kind is not None and not (isinstance(kind, str) and kind.lower() in DOC_TYPES):
        problem("type", f"{shown(kind)} is not allowed; use one of {', '.join(DOC_TYPES)}.")
    if front.get("launch_date") is not None and launch_date(front) is None:
        problem("launch_date", f"{shown(front['launch_date'])} is not allowed; use {DATE_ALLOWED}.")
    lines: dict[str, int] = {}
    if front.get("checks") is not None:
        head = FRONT_MATTER.match(source.removeprefix(BOM))
        lines = config.field_lines(head.group(1), first_line=2) if head else {}
    settings, bad = config.clean(front.get("checks"), rules, config.Source(
        "front matter", file=file, line=key_line(source, "checks"), lines=lines))
    return settings, found + bad
