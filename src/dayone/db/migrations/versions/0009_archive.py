"""the archive: archived_at/archived_by on documents, initiatives, teams and decisions;
archived metrics; decision versions

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import dayone.db.base

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

ARCHIVABLE = ('documents', 'initiatives', 'teams', 'decisions')


def upgrade() -> None:
    # Plain ALTER TABLE (SQLite 3.35+ adds and drops columns in place): a batch copy of a table
    # that others point at fails on their foreign keys once they hold rows.
    for table in ARCHIVABLE:  # nothing is archived yet: every existing record stays live
        op.add_column(table, sa.Column('archived_at', dayone.db.base.UTCDateTime(timezone=True), nullable=True))
        op.add_column(table, sa.Column('archived_by', sa.String(length=320), nullable=True))

    op.create_table('archived_metrics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('in_deck', sa.Boolean(), nullable=False),
    sa.Column('archived_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('archived_by', sa.String(length=320), nullable=False),
    sa.Column('metrics_file_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_archived_metrics')),
    sa.UniqueConstraint('name', name=op.f('uq_archived_metrics_name'))
    )

    op.create_table('decision_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('edited_by', sa.String(length=320), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('created_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_decision_versions_decision_id_decisions'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_versions')),
    sa.UniqueConstraint('decision_id', 'number', name=op.f('uq_decision_versions_decision_id'))
    )
    with op.batch_alter_table('decision_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_versions_decision_id'), ['decision_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('decision_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_versions_decision_id'))
    op.drop_table('decision_versions')
    op.drop_table('archived_metrics')
    for table in reversed(ARCHIVABLE):
        op.drop_column(table, 'archived_by')
        op.drop_column(table, 'archived_at')
