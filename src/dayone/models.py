"""Imports every table module so the metadata is complete (for Alembic and tests)."""

from __future__ import annotations


def load_all() -> None:
    import dayone.archive.models
    import dayone.audit
    import dayone.auth.models
    import dayone.decisions.models
    import dayone.documents.models
    import dayone.experiments.models
    import dayone.goals.models
    import dayone.hiring.models
    import dayone.mechanisms.models
    import dayone.notify.models
    import dayone.org.models
    import dayone.wbr.models  # noqa: F401
