"""One-way or two-way door? A short set of questions proposes the type, with reasons.

A decision is a one-way door (Type 1) when undoing it is costly or slow, when it
reaches every customer with real money at stake, when a lot of money is at risk, or
when it carries legal or safety exposure. Everything else is a two-way door
(Type 2): decide it fast, by one person, and change it if it turns out wrong.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from dayone.decisions.models import DecisionType
from dayone.errors import ValidationFailed

QUESTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "undo_cost": ("How costly is it to undo?", ("cheap", "moderate", "expensive", "impossible")),
    "undo_time": ("How long would undoing take?", ("hours", "days", "weeks", "months")),
    "customers": ("How many customers does it affect?", ("few", "some", "many", "all")),
    "legal_or_safety": ("Is there legal or safety exposure?", ("no", "yes")),
}
MONEY_FIELD = "money_at_risk"  # in the workspace's currency, a number ≥ 0


@dataclass(frozen=True)
class TypeProposal:
    proposed: DecisionType
    reasons: list[str]


def validate(answers: dict[str, Any]) -> dict[str, Any]:
    """Every question answered with one of its choices, and money as a number ≥ 0."""
    problems = []
    clean: dict[str, Any] = {}
    for key, (question, choices) in QUESTIONS.items():
        value = str(answers.get(key, "")).strip().lower()
        if value not in choices:
            problems.append({"field": f"type_answers.{key}",
                             "message": f"{question} Answer one of: {', '.join(choices)}."})
        clean[key] = value
    try:
        money = float(answers.get(MONEY_FIELD, 0) or 0)
        if money < 0 or not math.isfinite(money):
            raise ValueError
        clean[MONEY_FIELD] = money
    except (TypeError, ValueError):
        problems.append({"field": f"type_answers.{MONEY_FIELD}",
                         "message": "Money at risk: give an amount of 0 or more."})
    if problems:
        raise ValidationFailed("; ".join(p["message"] for p in problems), details=problems)
    return clean


def propose(answers: dict[str, Any]) -> TypeProposal:
    a = validate(answers)
    reasons = []
    if a["undo_cost"] in ("expensive", "impossible"):
        reasons.append(f"undoing it is {a['undo_cost']}")
    if a["undo_time"] == "months":
        reasons.append("undoing it would take months")
    if a["legal_or_safety"] == "yes":
        reasons.append("it carries legal or safety exposure")
    if a[MONEY_FIELD] >= 1_000_000:
        reasons.append(f"{a[MONEY_FIELD]:,.0f} is at risk")
    if a["customers"] == "all" and a[MONEY_FIELD] >= 100_000:
        reasons.append(f"it reaches every customer with {a[MONEY_FIELD]:,.0f} at stake")
    if reasons:
        return TypeProposal(DecisionType.ONE_WAY, reasons)
    return TypeProposal(DecisionType.TWO_WAY, [
        f"undoing it is {a['undo_cost']} and takes {a['undo_time']}",
        f"it affects {a['customers']} customers with {a[MONEY_FIELD]:,.0f} at risk and no legal or "
        "safety exposure"])
