"""each person's time zone

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


# Plain ALTER TABLE, not a batch (copy-and-move) operation: SQLite 3.35+ adds and drops a
# column in place, while a batch copy of `people` fails on the foreign keys that point at it
# once other tables hold rows.


def upgrade() -> None:
    # everyone starts in UTC, the zone every page showed until now
    op.add_column('people', sa.Column('time_zone', sa.String(length=64), server_default='UTC', nullable=False))


def downgrade() -> None:
    op.drop_column('people', 'time_zone')
