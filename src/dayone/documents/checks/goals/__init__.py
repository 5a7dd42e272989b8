"""Goal wording rules: a goal is few words, with one owner, a number, a unit or percentile, a
scope and a date (docs/writing-checker.md, "Goal rules"). ``check_goal`` is the entry point."""

from dayone.documents.checks.goals.check import check_goal
from dayone.documents.checks.goals.rules import RULES

__all__ = ["RULES", "check_goal"]
