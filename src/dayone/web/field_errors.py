"""Validation errors in words a person would use, naming each field by its label.

Pydantic says "String should have at least 1 character"; a form says "Name is required."
One message per field in error, all of them at once; the API carries the same messages in
``details`` (with ``field`` for scripts), and the form shows each beside its field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel

from dayone.errors import DayOneError, InvalidInput

# words for the parts of a name that read badly as they are
_WORDS = {"id": "", "ids": "", "url": "URL", "urls": "URLs", "csv": "CSV", "sql": "SQL", "wbr": "WBR"}


def label_of(name: str) -> str:
    """A field's name as a person reads it: "team_id" → "Team", "scheduled_for" → "Scheduled for"."""
    words = [_WORDS.get(w, w) for w in name.replace("-", "_").split("_")]
    text = " ".join(w for w in words if w) or name
    return text[0].upper() + text[1:]


def labels_of(model: type[BaseModel]) -> dict[str, str]:
    """Each field's label: its ``title`` if the model gives one, else its name made readable."""
    return {name: info.title or label_of(name) for name, info in model.model_fields.items()}


def _choices(ctx: Mapping[str, Any]) -> str:
    expected = str(ctx.get("expected", ""))
    return expected.replace("'", "")


def problem(error: Mapping[str, Any]) -> str:
    """What is wrong with the value, as the end of a sentence that starts with the label."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("missing", "string_too_short") and ctx.get("min_length", 1) <= 1:
        return "is required"
    if kind == "string_too_short":
        return f"needs at least {ctx['min_length']} characters"
    if kind == "string_too_long":
        return f"is too long: at most {ctx['max_length']:,} characters"
    if kind in ("too_short",):
        return f"needs at least {ctx.get('min_length')} choices"
    if kind in ("too_long",):
        return f"takes at most {ctx.get('max_length')} choices"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "must be a whole number, such as 12"
    if kind in ("float_parsing", "float_type", "finite_number"):
        return "must be a number, such as 2.5"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
        words = {"greater_than_equal": "at least", "greater_than": "more than",
                 "less_than_equal": "at most", "less_than": "less than"}[kind]
        return f"must be {words} {bound}"
    if kind.startswith("date_") or kind == "date_type":
        return "must be a date such as 2026-11-02"
    if kind.startswith("datetime_") or kind == "datetime_type":
        return "must be a date and time such as 2026-11-02 10:00"
    if kind in ("enum", "literal_error"):
        return f"must be one of: {_choices(ctx)}"
    if kind in ("bool_parsing", "bool_type"):
        return "must be yes or no"
    if kind == "extra_forbidden":
        return "is not a field this form or endpoint takes; check its spelling"
    if kind in ("list_type", "string_type", "dict_type", "model_type", "model_attributes_type"):
        wanted = {"list_type": "a list", "string_type": "text", "dict_type": "an object",
                  "model_type": "an object", "model_attributes_type": "an object"}[kind]
        return f"must be {wanted}"
    message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
    return f"is not valid: {message}" if kind != "value_error" else message


def invalid_from_errors(errors: Iterable[Mapping[str, Any]], labels: Mapping[str, str] | None = None) -> InvalidInput:
    """One InvalidInput naming every wrong field, each in a sentence that starts with its label."""
    details = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
        field = ".".join(loc) or "body"
        top = loc[0] if loc else "body"
        label = (labels or {}).get(top) or label_of(top)
        if len(loc) > 1:
            label += " (" + " ".join(label_of(p) if not p.isdigit() else f"#{int(p) + 1}" for p in loc[1:]) + ")"
        said = problem(error)
        message = f"{label}: {said}" if error.get("type") == "value_error" else f"{label} {said}"
        details.append({"field": field, "label": label, "message": message[0].upper() + message[1:] + "."
                        if not message.endswith((".", "?", ")")) else message[0].upper() + message[1:]})
    summary = " ".join(d["message"] for d in details)
    first = details[0]["field"] if details else None
    return InvalidInput(summary, field=first, details=details)


def combined(errors: Iterable[DayOneError]) -> DayOneError:
    """Several field errors as one, so that a form names every field in error at once."""
    found = list(errors)
    if len(found) == 1:
        return found[0]
    details = [d for e in found for d in (e.details if isinstance(e.details, list) else [])]
    first = details[0]["field"] if details else None
    return InvalidInput(" ".join(e.message for e in found), field=first, details=details)


def field_message(error: Any, name: str, label: str) -> str | None:
    """The message to show beside the form field ``name`` (labelled ``label``), or None.
    The server's name for the field gives way to the form's label; a message that names
    neither is prefixed with the label, so each message says which field it is about."""
    if not isinstance(error, DayOneError) or not isinstance(error.details, list):
        return None
    shown = label.split(" (")[0].strip()
    for detail in error.details:
        parts = str(detail.get("field", "")).split(".") if isinstance(detail, Mapping) else []
        if name not in (parts[:1] + parts[-1:]):  # "title", or "type_answers.money_at_risk"
            continue
        message = str(detail.get("message", ""))
        said = str(detail.get("label") or "")
        if said and message.startswith(said):
            message = shown + message[len(said):]
        elif message.lower().startswith(f"{name}:"):
            message = f"{shown}:{message[len(name) + 1:]}"
        if shown.lower() not in message.lower():
            message = f"{shown}: {message}"
        return message
    return None
