"""The one exception tree of Day One.

::

    DayOneError
    ├── UserError            something the person asking can fix; shown to them
    │   ├── NotFound             the record named does not exist        (404)
    │   │   └── Archived         it exists, but in the archive           (410)
    │   ├── NotAuthenticated     sign in or send a valid API token      (401)
    │   ├── PermissionDenied     signed in, but not allowed             (403)
    │   ├── InvalidInput         a field's value is wrong               (422)
    │   ├── ValidationFailed     several findings at once               (422)
    │   ├── Conflict             stale edit or duplicate                (409)
    │   └── TooManyAttempts      slowed down after failures             (429)
    └── InternalError        our fault; logged with a traceback, never shown

Faces (web, API, CLI) turn a UserError into a page, a JSON error body
``{"error": {"code", "message", "details"}}`` or a one-line CLI message.
"""

from __future__ import annotations

from typing import Any


class DayOneError(Exception):
    """Base of every error Day One raises on purpose."""

    code = "error"
    status = 500

    def __init__(self, message: str, *, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


class UserError(DayOneError):
    code = "user_error"
    status = 400


class NotFound(UserError):
    code = "not_found"
    status = 404


class Archived(NotFound):
    """The record is in the archive: gone from lists and lookups until restored. A NotFound,
    so code that treats a missing record as missing treats an archived one the same way."""

    code = "archived"
    status = 410


class NotAuthenticated(UserError):
    code = "not_authenticated"
    status = 401


class PermissionDenied(UserError):
    code = "permission_denied"
    status = 403


class InvalidInput(UserError):
    """A field's value is wrong; ``field`` names it for forms and API bodies."""

    code = "invalid_input"
    status = 422

    def __init__(self, message: str, *, field: str | None = None, details: Any = None) -> None:
        if details is None and field is not None:
            details = [{"field": field, "message": message}]
        super().__init__(message, details=details)
        self.field = field


class ValidationFailed(UserError):
    code = "validation_failed"
    status = 422


class Conflict(UserError):
    code = "conflict"
    status = 409


class TooManyAttempts(UserError):
    code = "too_many_attempts"
    status = 429

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, details={"retry_after_seconds": retry_after})
        self.retry_after = retry_after


class InternalError(DayOneError):
    code = "internal_error"
    status = 500
