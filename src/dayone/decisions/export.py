"""A decision as a Markdown record (MADR fields) and the log as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from dayone.decisions.models import Decision
from dayone.documents.models import Document


def markdown(d: Decision, readable: Callable[[Document], bool] = lambda doc: True) -> str:
    """MADR-compatible: status, date, deciders, context, options, outcome, consequences."""
    lines = [f"# {d.title}", "",
             f"* Status: {d.status}",
             f"* Type: {d.decision_type}" + (f" (proposed {d.proposed_type}: {d.type_justification})"
                                             if d.decision_type != d.proposed_type else ""),
             f"* Deciders: {d.owner.name}" + "".join(f", {a.person.name}" for a in d.approvers),
             f"* Date: {(d.decided_at or d.created_at):%Y-%m-%d}"]
    if d.info_percent is not None:
        lines.append(f"* Information at hand: {d.info_percent}%")
    lines += ["", "## Context and Problem Statement", "", d.context or "—", "",
              "## Considered Options", ""]
    lines += [f"* {option}" for option in d.options] or ["—"]
    lines += ["", "## Decision Outcome", "", f"Chosen option: \"{d.choice or '—'}\", because "
              f"{d.reasoning or '—'}", "", "### Consequences", "", d.consequences or "—"]
    if d.positions:
        lines += ["", "## Disagree and commit", ""]
        for p in d.positions:
            stance = "agrees" if p.stance == "agree" else f"disagrees: {p.view}"
            lines.append(f"* {p.person.name} {stance}" + ("; commits" if p.committed else "; has not committed"))
    if d.links:
        lines += ["", "## Links", ""]
        lines += [f"* {link.kind}: " + ((link.document.title if readable(link.document) else "a private document")
                                        if link.document else link.target) for link in d.links]
    return "\n".join(lines) + "\n"


def _cell(value: object) -> object:
    """Spreadsheets run cells that start with = + - @ as formulas: quote them."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_log(decisions: list[Decision]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "title", "type", "proposed_type", "status", "owner", "created_at", "decided_at",
                     "info_percent", "choice", "disagreed_and_committed"])
    for d in decisions:
        committed = sum(1 for p in d.positions if p.stance == "disagree" and p.committed)
        writer.writerow([_cell(v) for v in (
            d.id, d.title, d.decision_type, d.proposed_type, d.status, d.owner.name, d.created_at.isoformat(),
            d.decided_at.isoformat() if d.decided_at else "", "" if d.info_percent is None else d.info_percent,
            d.choice, committed)])
    return out.getvalue()
