"""Form bodies decoded strictly, CSRF-checked, and turned into typed inputs.

Starlette silently decodes bad bytes as Latin-1; we refuse them instead and name
the field, so invalid UTF-8 never reaches storage as mojibake.
"""

from __future__ import annotations

import hmac
import re
import secrets
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin
from urllib.parse import unquote_to_bytes

from fastapi import Request
from pydantic import BaseModel, ValidationError

from dayone.errors import InvalidInput, PermissionDenied
from dayone.web.field_errors import invalid_from_errors, labels_of
from dayone.web.limits import BODY_KEY, UPLOAD_KEY

MAX_FORM_BYTES = 1_000_000
T = TypeVar("T", bound=BaseModel)


class FormData:
    """A decoded form: every field's values, in order."""

    def __init__(self, fields: dict[str, list[str]]) -> None:
        self.fields = fields

    def get(self, name: str, default: str = "") -> str:
        values = self.fields.get(name)
        return values[-1] if values else default

    def getlist(self, name: str) -> list[str]:
        return self.fields.get(name, [])

    def __contains__(self, name: str) -> bool:
        return name in self.fields


def decode_urlencoded(body: bytes) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for number, pair in enumerate(body.split(b"&"), start=1):
        if not pair:
            continue
        raw_name, _, raw_value = pair.partition(b"=")
        try:
            name = unquote_to_bytes(raw_name.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput(f"form field #{number}: its name is not valid UTF-8.") from None
        try:
            value = unquote_to_bytes(raw_value.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput(
                f"{name}: the text is not valid UTF-8; retype it or paste it as plain text.",
                field=name,
            ) from None
        fields.setdefault(name, []).append(value.replace("\r\n", "\n"))
    return fields


def is_number(value: str) -> bool:
    """A plain decimal id from a form ("²".isdigit() is true but int("²") fails)."""
    return re.fullmatch(r"[0-9]{1,9}", value or "") is not None


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def request_body(request: Request) -> bytes:
    """The request's body, read (bounded in size and time) by ``RequestLimits`` before the
    route runs, so that routes are plain functions in the thread pool."""
    body = request.scope.get(BODY_KEY)
    if body is None:
        raise InvalidInput("This address takes a request body (POST, PUT or PATCH).", field="body")
    return bytes(body)


def read_form(request: Request) -> FormData:
    """The posted form, after checking its CSRF token against the session's."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip()
    body = request_body(request)
    if len(body) > MAX_FORM_BYTES:
        raise InvalidInput("The form is larger than 1 MB; shorten the text fields.")
    if content_type not in ("application/x-www-form-urlencoded", ""):
        raise InvalidInput(f"Forms must be sent as application/x-www-form-urlencoded, not {content_type}.")
    form = FormData(decode_urlencoded(body))
    expected = request.session.get("csrf")
    sent = form.get("csrf_token")
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        raise PermissionDenied(
            "The form's security token is missing or expired; reload the page and submit again."
        )
    return form


def validation_message(exc: ValidationError, model: type[BaseModel] | None = None) -> InvalidInput:
    """One InvalidInput naming every wrong field of a Pydantic error, by its label."""
    return invalid_from_errors(exc.errors(), labels_of(model) if model is not None else None)


def require_filled(form: FormData, labels: dict[str, str]) -> None:
    """Refuse a form whose required fields (name → label) are empty, naming every one at once."""
    empty = [name for name in labels if not form.get(name).strip()]
    if empty:
        raise invalid_from_errors([{"type": "missing", "loc": (name,)} for name in empty], labels)


def _needs_text(info: Any) -> bool:
    """A text field that may be left out but, when sent, may not be empty (a name on an edit form)."""
    return any((getattr(rule, "min_length", 0) or 0) >= 1 for rule in info.metadata)


def _is_list(annotation: Any) -> bool:
    if get_origin(annotation) is list:
        return True
    return any(get_origin(arg) is list for arg in get_args(annotation))


def parse_form(form: FormData, model: type[T], *, extra: dict[str, Any] | None = None) -> T:
    """Build ``model`` from the form fields it declares; an empty optional field means None."""
    data: dict[str, Any] = dict(extra or {})
    for name, info in model.model_fields.items():
        if name not in form:
            continue
        values = form.getlist(name)
        if _is_list(info.annotation):
            data[name] = [v for v in values if v != ""]
        elif len(values) > 1:
            data[name] = values  # the model says why one value is expected
        elif values[0] == "" and not info.is_required() and info.default is None and not _needs_text(info):
            data[name] = None  # an empty optional field: not given (a required text is named as such)
        else:
            data[name] = values[0]
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_message(exc, model) from None


class UploadedFile:
    """A file sent in a multipart form: where it is on disk and the name the browser gave."""

    def __init__(self, path: Path, filename: str) -> None:
        self.path, self.filename = path, filename


def read_upload(request: Request, field: str = "file") -> tuple[FormData, UploadedFile | None]:
    """A multipart form whose body ``RequestLimits`` spooled to disk (web/limits.py): its text
    fields (CSRF-checked) and the file sent in ``field``, written beside the spooled body.
    The file's name is only ever shown, never used as a path."""
    from python_multipart import FormParser
    from python_multipart.multipart import parse_options_header

    spooled = request.scope.get(UPLOAD_KEY)
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    if spooled is None or content_type != b"multipart/form-data" or not options.get(b"boundary"):
        raise InvalidInput("Send the file from the page's upload form (multipart/form-data).", field=field)
    fields: dict[str, list[str]] = {}
    sent: list[Any] = []
    folder = Path(spooled).parent

    def on_field(item: Any) -> None:
        try:
            name, value = item.field_name.decode(), (item.value or b"").decode()
        except UnicodeDecodeError:
            raise InvalidInput("A form field is not valid UTF-8; retype it.") from None
        fields.setdefault(name, []).append(value)

    def on_file(item: Any) -> None:
        sent.append(item)

    parser = FormParser("multipart/form-data", on_field, on_file, boundary=options[b"boundary"],
                        config={"UPLOAD_DIR": str(folder), "UPLOAD_DELETE_TMP": False, "MAX_MEMORY_FILE_SIZE": 0,
                                "MAX_BODY_SIZE": float("inf")})
    with open(spooled, "rb") as body:
        while chunk := body.read(1 << 20):
            parser.write(chunk)
    parser.finalize()
    form = FormData(fields)
    expected = request.session.get("csrf")
    token = form.get("csrf_token")
    for item in sent:
        item.close()
    chosen = next((item for item in sent if item.field_name.decode(errors="replace") == field and item.size), None)
    for item in sent:  # every other file sent is dropped now
        if item is not chosen and item.actual_file_name:
            Path(item.actual_file_name.decode()).unlink(missing_ok=True)
    if not expected or not token or not hmac.compare_digest(expected, token):
        if chosen is not None:
            Path(chosen.actual_file_name.decode()).unlink(missing_ok=True)
        raise PermissionDenied("The form's security token is missing or expired; reload the page and submit again.")
    if chosen is None:
        return form, None
    filename = (chosen.file_name or b"").decode(errors="replace")
    return form, UploadedFile(Path(chosen.actual_file_name.decode()), Path(filename).name)
