"""The two columns that put a record in the archive: when, and by whom.

An archived record leaves every list and lookup; it stays in the database (and in the
audit log) until an admin removes it for good. See ``dayone.archive``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from dayone.db.base import UTCDateTime
from dayone.errors import Archived


class Archivable:
    """Mixin for tables whose rows can be archived and restored."""

    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, default=None)
    archived_by: Mapped[str | None] = mapped_column(String(320), nullable=True, default=None)


def archived_error(kind: str, record_id: int, name: str, record: Any, path: str) -> Archived:
    """What a lookup of an archived record answers: that it is archived, by whom and when,
    and where it is restored (instead of a bare 404)."""
    when = f" on {record.archived_at:%Y-%m-%d}" if record.archived_at else ""
    return Archived(
        f"The {kind} {name!r} is archived (by {record.archived_by or 'someone'}{when}). An admin or its "
        "owner can restore it from the archive (/archive).",
        details={"kind": kind, "id": record_id,
                 "archived_at": record.archived_at.isoformat() if record.archived_at else None,
                 "archived_by": record.archived_by, "restore": f"/api/v1/{path}/{record_id}/restore"})
