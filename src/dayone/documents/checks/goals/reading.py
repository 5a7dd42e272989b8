"""A goal read once for all its rules: its dates, its figures, its owners."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dayone.documents.checks.goals.deadlines import DateSpan, find_dates
from dayone.documents.checks.goals.figures import Figure, find_figures

# names joined in a bracket: "(Brian + Jonah)", "(Marcus & Steven)", "(Tim and James)"
_NAME = r"[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*)?"
NAMES_IN_BRACKET = re.compile(rf"\(\s*({_NAME}(?:\s*(?:\+|&|,|\band\b)\s*{_NAME})+)\s*\)")
OWNER_LINE = re.compile(r"\bowners?\s*:\s*([^\n;]+)", re.I)
NAME_SPLIT = re.compile(r"\s*(?:\+|&|,|\band\b)\s*")


@dataclass(frozen=True)
class Goal:
    """The goal's text and what the rules read in it."""

    text: str
    owners: tuple[str, ...]  # given with the goal
    dates: tuple[DateSpan, ...]
    figures: tuple[Figure, ...]

    @property
    def deadlines(self) -> list[DateSpan]:
        return [d for d in self.dates if not d.baseline]

    def written_owners(self) -> tuple[int, int, list[str]] | None:
        """Owners named together in the goal's words (a bracket or an ``Owners:`` line)."""
        for pattern in (NAMES_IN_BRACKET, OWNER_LINE):
            for match in pattern.finditer(self.text):
                names = [n for n in NAME_SPLIT.split(match.group(1).strip()) if n.strip()]
                if len(names) > 1:
                    return match.start(), match.end(), names
        return None


# a link's address and a bare URL say nothing of the goal: blanked (offsets kept) before reading
ADDRESS = re.compile(r"(?<=\])\([^)\s]*\)|\bhttps?://\S+|\[[^\]\s]*\]\[[^\]\s]*\]")


def read_goal(text: str, owners: tuple[str, ...] = ()) -> Goal:
    """Read ``text`` once: the rules share the result."""
    plain = ADDRESS.sub(lambda m: " " * len(m.group()), text)
    dates = find_dates(plain)
    return Goal(plain, owners, tuple(dates), tuple(find_figures(plain, dates)))
