"""experiments join the archive: archived_at/archived_by on experiments

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import dayone.db.base

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ALTER TABLE, as 0009 did: nothing is archived yet, every existing experiment stays live
    op.add_column('experiments', sa.Column('archived_at', dayone.db.base.UTCDateTime(timezone=True), nullable=True))
    op.add_column('experiments', sa.Column('archived_by', sa.String(length=320), nullable=True))


def downgrade() -> None:
    op.drop_column('experiments', 'archived_by')
    op.drop_column('experiments', 'archived_at')
