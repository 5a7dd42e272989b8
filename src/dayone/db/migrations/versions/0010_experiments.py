"""experiments: records (hypothesis, variants, metrics, status, the decision they fed) and their statistics

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import dayone.db.base

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('experiments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('hypothesis', sa.Text(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('variants', sa.JSON(), nullable=False),
    sa.Column('primary_metric', sa.String(length=200), nullable=False),
    sa.Column('guardrails', sa.JSON(), nullable=False),
    sa.Column('minimum_effect', sa.Float(), nullable=False),
    sa.Column('engine', sa.String(length=16), nullable=False),
    sa.Column('alpha', sa.Float(), nullable=False),
    sa.Column('planned_days', sa.Integer(), nullable=True),
    sa.Column('baseline_mean', sa.Float(), nullable=True),
    sa.Column('baseline_sd', sa.Float(), nullable=True),
    sa.Column('planned_sample_size', sa.BigInteger(), nullable=True),
    sa.Column('data_file', sa.String(length=500), nullable=True),
    sa.Column('variant_column', sa.String(length=200), nullable=True),
    sa.Column('metric_columns', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('learning', sa.Text(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('results_source', sa.String(length=500), nullable=True),
    sa.Column('results_at', dayone.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('started_at', dayone.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('stopped_at', dayone.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_at', dayone.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_experiments_decision_id_decisions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_experiments_document_id_documents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_experiments_owner_id_people'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_experiments'))
    )
    with op.batch_alter_table('experiments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_experiments_owner_id'), ['owner_id'], unique=False)

    op.create_table('experiment_statistics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('experiment_id', sa.Integer(), nullable=False),
    sa.Column('variant', sa.String(length=200), nullable=False),
    sa.Column('metric', sa.String(length=200), nullable=False),
    sa.Column('n', sa.BigInteger(), nullable=False),
    sa.Column('sum', sa.Float(), nullable=False),
    sa.Column('sum_squares', sa.Float(), nullable=False),
    sa.Column('denominator_sum', sa.Float(), nullable=True),
    sa.Column('denominator_sum_squares', sa.Float(), nullable=True),
    sa.Column('cross_sum', sa.Float(), nullable=True),
    sa.Column('pre_sum', sa.Float(), nullable=True),
    sa.Column('pre_sum_squares', sa.Float(), nullable=True),
    sa.Column('pre_cross_sum', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['experiment_id'], ['experiments.id'], name=op.f('fk_experiment_statistics_experiment_id_experiments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_experiment_statistics')),
    sa.UniqueConstraint('experiment_id', 'variant', 'metric', name=op.f('uq_experiment_statistics_experiment_id'))
    )
    with op.batch_alter_table('experiment_statistics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_experiment_statistics_experiment_id'), ['experiment_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('experiment_statistics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_experiment_statistics_experiment_id'))
    op.drop_table('experiment_statistics')
    with op.batch_alter_table('experiments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_experiments_owner_id'))
    op.drop_table('experiments')
