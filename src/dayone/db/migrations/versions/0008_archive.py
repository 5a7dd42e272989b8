"""the archive: archived_at/archived_by on documents, initiatives, teams and decisions;
archived metrics; decision versions

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import dayone.db.base

revision = '0008'
down_revision = '0006'  # the lead re-chains after 0007_search
branch_labels = None
depends_on = None

ARCHIVABLE = ('documents', 'initiatives', 'teams', 'decisions')


def upgrade() -> None:
    for table in ARCHIVABLE:  # nothing is archived yet: every existing record stays live
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('archived_at', dayone.db.base.UTCDateTime(timezone=True), nullable=True))
            batch_op.add_column(sa.Column('archived_by', sa.String(length=320), nullable=True))

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
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('archived_by')
            batch_op.drop_column('archived_at')
