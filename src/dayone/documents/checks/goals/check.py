"""check_goal: a goal's wording, checked by the goal rules at the workspace's settings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from dayone.documents.checks import config
from dayone.documents.checks.front_block import normal
from dayone.documents.checks.goals.reading import read_goal
from dayone.documents.checks.goals.rules import RULES as GOAL_RULES
from dayone.documents.checks.rule import Context
from dayone.documents.checks.text import Doc
from dayone.findings import Finding

GOAL_CODES = tuple(rule.code for rule in GOAL_RULES)


class GoalDoc(Doc):
    """A goal as the rules' context needs it: one plain text, never Markdown or front matter
    (a goal that starts with ``---`` is a goal), with its positions and a memo."""

    def __init__(self, source: str) -> None:
        self.source = normal(source)
        self._line_starts = [0] + [i + 1 for i, c in enumerate(self.source) if c == "\n"]
        self.front_matter = {}
        self.front_matter_error = None
        self.body_start = 0
        self.ignored = {}
        self.memo = {}
        self.type = "goal"


def check_goal(text: str, *, owners: Sequence[str] = (), settings: Mapping[str, Any] | None = None,
               ) -> list[Finding]:
    """The wording findings of one goal: its text, the people who own it, and the workspace's
    rule settings (the same mapping as for documents, ``code → off | on | {option: value}``).
    A bad setting for a goal rule is a ``check-config`` finding, and the rule runs at its
    default; settings of document rules are left to the documents."""
    # the engine registers the goal rules among all rules, so it is imported here, not above
    from dayone.documents.checks.engine import RULES

    doc = GoalDoc(text)
    cleaned, bad = config.clean(settings, RULES, config.WORKSPACE)
    # a goal rule's bad setting (or a misspelt goal rule) is the goal's to report; a document
    # rule's is the documents'
    problems = [f for f in bad if f.location.field == "checks"
                or (f.location.field or "").startswith("checks.goal")]
    doc.memo["goal"] = read_goal(doc.source, tuple(str(o) for o in owners))
    findings: list[Finding] = []
    for rule in GOAL_RULES:
        options = cleaned.get(rule.code, {})
        if options.get("enabled", True) is False:
            continue
        findings.extend(rule.check(Context(doc, rule, options, date.today())))
    findings.sort(key=lambda f: (f.location.line or 0, f.location.column or 0, f.code))
    return problems + findings
