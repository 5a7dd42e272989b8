"""Check one interviewer's written feedback: each principle's STAR notes and the vote's reason."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from dayone.documents.checks import config
from dayone.documents.checks.feedback import no_example, opinion, star_missing, weasel
from dayone.documents.checks.feedback.parts import FeedbackContext, StarLike, parts_of
from dayone.documents.checks.rule import Rule
from dayone.documents.checks.text import Doc
from dayone.findings import Finding

DOC_TYPE = "feedback"
FEEDBACK_RULES: dict[str, Rule] = {rule.code: rule for rule in (
    star_missing.RULE, no_example.RULE, weasel.RULE, opinion.RULE)}
PART_ORDER = ("situation", "task", "action", "result", "vote_reason")


def check_feedback(notes: Sequence[StarLike], vote_reason: str, *,
                   settings: Mapping[str, Any] | None = None) -> list[Finding]:
    """The findings on one interviewer's feedback: ``notes`` (one per principle, each with
    ``principle, situation, task, action, result``) and the vote's one-line reason.

    ``settings`` are the workspace's writing-rule settings, the same mapping as for documents
    (``{"feedback-opinion": {"extra_phrases": ["superb human"]}, "feedback-weasel-word": "off"}``).
    A bad setting for a feedback rule is a ``check-config`` finding and the rule runs with its
    default; settings of the document rules are left to the documents. Each finding's
    ``location.field`` names the part (``notes[Ownership].action``, ``vote_reason``) and its line
    and column count within that part's text. Never raises on any text.
    """
    from dayone.documents.checks.engine import RULES  # the engine lists these rules too

    cleaned, problems = config.clean(settings, RULES, config.WORKSPACE)
    problems = [p for p in problems if _about_feedback(p)]
    parts = parts_of(notes, vote_reason)
    enabled = frozenset(code for code, rule in FEEDBACK_RULES.items()
                        if cleaned.get(code, {}).get("enabled", rule.defaults.get("enabled", True)) is not False)
    blank = Doc("", doc_type=DOC_TYPE)
    findings: list[Finding] = []
    for code in sorted(enabled):
        rule = FEEDBACK_RULES[code]
        ctx = FeedbackContext(blank, rule, cleaned.get(code, {}), date.today(), parts=parts, enabled=enabled,
                              settings=cleaned)
        findings.extend(rule.check(ctx))
    order = {part.field: index for index, part in enumerate(parts)}
    findings.sort(key=lambda f: (order.get(f.location.field or "", len(order)), f.location.line or 0,
                                 f.location.column or 0, f.code))
    return problems + findings


def _about_feedback(problem: Finding) -> bool:
    field = problem.location.field or ""  # the settings as a whole, or a feedback rule's
    return field == "checks" or field.startswith("checks.feedback-")
