"""The writing checker in the workspace: its stored settings, the caps on a live check,
and the front matter a save must get right.

Settings are validated where they are written: an admin's save of the workspace's rules
and a writer's save of a document are refused (422) with each bad key, its value and what
is allowed. What is already stored is read without trust: a bad value (written before a
rule changed, or around the app) becomes a finding on every document checked, and the
rule runs with its default, so one bad value never breaks a page.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from dayone import audit
from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require_role
from dayone.documents.checks import CheckResult, check_markdown, config
from dayone.documents.checks import front_matter as front
from dayone.documents.checks.engine import RULES
from dayone.documents.checks.text import front_matter_of
from dayone.documents.models import WorkspaceSetting
from dayone.documents.schemas import MAX_CHECK_CHARS, MAX_CHECK_LINES
from dayone.errors import InvalidInput, ValidationFailed
from dayone.findings import Finding, Level, Location

CHECK_SETTINGS = "checks"


# --- the workspace's settings ------------------------------------------------------

def stored_settings(session: Session) -> tuple[dict[str, Any], list[Finding]]:
    """The stored settings as written, and a finding when they cannot be read at all."""
    row = session.get(WorkspaceSetting, CHECK_SETTINGS)
    if row is None:
        return {}, []
    try:
        value = json.loads(row.value)
    except (ValueError, RecursionError):
        value = None
    if isinstance(value, dict):
        return value, []
    return {}, [Finding(Level.ERROR, "check-config",
                        "workspace settings: the stored rules cannot be read (not a mapping of rule "
                        "codes); every rule runs with its defaults.",
                        Location(field="checks"), config.WORKSPACE.fix)]


def check_settings(session: Session) -> dict[str, Any]:
    """The workspace's rule settings as stored (``{}`` when unreadable)."""
    return stored_settings(session)[0]


def settings_problems(session: Session) -> list[Finding]:
    """What is wrong with the stored settings, for the admin's page."""
    values, unreadable = stored_settings(session)
    return unreadable + config.clean(values, RULES, config.WORKSPACE)[1]


def _refuse(problems: list[Finding]) -> ValidationFailed:
    return ValidationFailed("; ".join(p.message + (f" ({p.suggestion})" if p.suggestion else "")
                                      for p in problems),
                            details=[p.to_dict() for p in problems])


def set_check_settings(session: Session, actor: Actor, settings: dict[str, Any]) -> dict[str, Any]:
    """Replace the workspace's rules; any bad rule, option or value refuses the whole save."""
    require_role(actor, Role.ADMIN, "change the workspace's writing rules")
    problems = config.clean(settings, RULES, config.Source("settings"))[1]
    if problems:
        raise _refuse(problems)
    row = session.get(WorkspaceSetting, CHECK_SETTINGS)
    before = stored_settings(session)[0]
    if row is None:
        row = WorkspaceSetting(key=CHECK_SETTINGS, value="{}")
        session.add(row)
    row.value = json.dumps(settings, sort_keys=True)
    audit.record(session, actor, "update", "settings", None, "changed the writing checker's rules",
                 before=before, after=settings)
    return settings


# --- documents -----------------------------------------------------------------------

def require_valid_front_matter(body: str) -> None:
    """Refuse a body whose front matter gives a bad type, launch date or rule setting.
    (YAML the reader cannot read at all is left to the check, which reports it.)"""
    values, _ = front_matter_of(body)
    problems = front.problems(values, body.replace("\r\n", "\n"), RULES)[1]
    if problems:
        raise _refuse(problems)


def check_text(session: Session, body: str, doc_type: str | None, *, layout_pages: bool) -> CheckResult:
    """Check a text with the workspace's settings; a stored setting that is bad is a finding."""
    values, unreadable = stored_settings(session)
    result = check_markdown(body, doc_type=doc_type, settings=values, layout_pages=layout_pages)
    result.findings[:0] = unreadable
    return result


# --- the live check's caps -----------------------------------------------------------

def line_count(text: str) -> int:
    """Lines as Markdown counts them: a CR, an LF or a CRLF ends one."""
    return text.count("\n") + text.count("\r") - text.count("\r\n") + 1


def too_long_to_check(size: str) -> InvalidInput:
    """The refusal of a live check over its caps (``size`` says how big the text was)."""
    return InvalidInput(
        f"body: {size} is too long to check as you type; the live check takes at most "
        f"{MAX_CHECK_CHARS:,} characters and {MAX_CHECK_LINES:,} lines. Save it and read the "
        "findings on the document's page, or move detail to another document.",
        details=[{"field": "body", "message": "too long to check as you type",
                  "max_characters": MAX_CHECK_CHARS, "max_lines": MAX_CHECK_LINES}])


def require_checkable(body: str) -> None:
    """Refuse a live check over its caps, with what to do instead."""
    chars, lines = len(body), line_count(body)
    if chars > MAX_CHECK_CHARS or lines > MAX_CHECK_LINES:
        raise too_long_to_check(f"{chars:,} characters in {lines:,} lines")
