"""The two columns that put a record in the archive: when, and by whom.

An archived record leaves every list and lookup; it stays in the database (and in the
audit log) until an admin removes it for good. See ``dayone.archive``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from dayone.db.base import UTCDateTime


class Archivable:
    """Mixin for tables whose rows can be archived and restored."""

    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, default=None)
    archived_by: Mapped[str | None] = mapped_column(String(320), nullable=True, default=None)
