"""Field rules shared by every face: each error names the field and what to do."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from dayone.errors import InvalidInput


def clean_text(field: str, value: str | None, *, max_length: int, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InvalidInput(f"{field}: this field is required.", field=field)
    if len(text) > max_length:
        raise InvalidInput(
            f"{field}: at most {max_length} characters (got {len(text)}); shorten it.", field=field
        )
    if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in text):
        raise InvalidInput(f"{field}: remove control characters.", field=field)
    return text


def normalize_email(value: str | None, field: str = "email") -> str:
    text = clean_text(field, value, max_length=320, required=True)
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise InvalidInput(f"{field}: {text!r} is not a valid email address ({exc}).",
                           field=field) from None
