"""experiments read a source of the workspace's metrics file: source, source_table on experiments

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ALTER TABLE: existing experiments keep their data_file (or none)
    op.add_column('experiments', sa.Column('source', sa.String(length=200), nullable=True))
    op.add_column('experiments', sa.Column('source_table', sa.String(length=200), nullable=True))


def downgrade() -> None:
    op.drop_column('experiments', 'source_table')
    op.drop_column('experiments', 'source')
