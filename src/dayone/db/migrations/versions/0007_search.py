"""the search index (SQLite FTS5; PostgreSQL tsvector + GIN), filled from the existing records

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from sqlalchemy.orm import Session

    from dayone.search import events, index

    bind = op.get_bind()
    index.create(bind)
    # the backfill reads the records as the search package does today, without the archive's
    # columns (0009 adds them; nothing is archived before it)
    events.rebuild(Session(bind=bind), live_only=False)


def downgrade() -> None:
    from dayone.search import index

    index.drop(op.get_bind())
