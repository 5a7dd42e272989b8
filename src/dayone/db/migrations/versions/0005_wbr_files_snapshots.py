"""wbr metrics files and snapshots

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import dayone.db.base

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('wbr_metrics_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('base_dir', sa.String(length=1000), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['people.id'], name=op.f('fk_wbr_metrics_files_author_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wbr_metrics_files'))
    )
    op.create_table('wbr_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('week_ending', sa.Date(), nullable=False),
    sa.Column('deck', sa.Text(), nullable=False),
    sa.Column('metrics_file_id', sa.Integer(), nullable=True),
    sa.Column('taken_by_id', sa.Integer(), nullable=True),
    sa.Column('taken_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['metrics_file_id'], ['wbr_metrics_files.id'], name=op.f('fk_wbr_snapshots_metrics_file_id_wbr_metrics_files'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['taken_by_id'], ['people.id'], name=op.f('fk_wbr_snapshots_taken_by_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wbr_snapshots')),
    sa.UniqueConstraint('week_ending', name=op.f('uq_wbr_snapshots_week_ending'))
    )


def downgrade() -> None:
    op.drop_table('wbr_snapshots')
    op.drop_table('wbr_metrics_files')
