"""Alembic environment: the engine comes from Day One, never from an ini file."""

from __future__ import annotations

from alembic import context

from dayone.db.base import Base
from dayone.db.migrate import include_name
from dayone.models import load_all

load_all()
engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_name=include_name,  # the search index is no model: leave it out of comparisons
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
    )
    context.run_migrations()
