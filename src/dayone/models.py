"""Imports every table module so the metadata is complete (for Alembic and tests)."""

from __future__ import annotations


def load_all() -> None:
    import dayone.audit  # noqa: F401
    import dayone.auth.models  # noqa: F401
    import dayone.org.models  # noqa: F401
