"""experiments: statistics by dimension value and by date; a market test's design and panel

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('experiment_slice_statistics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('experiment_id', sa.Integer(), nullable=False),
    sa.Column('dimension', sa.String(length=200), nullable=False),
    sa.Column('dimension_value', sa.String(length=200), nullable=False),
    sa.Column('day', sa.Date(), nullable=True),
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
    sa.ForeignKeyConstraint(['experiment_id'], ['experiments.id'],
                            name=op.f('fk_experiment_slice_statistics_experiment_id_experiments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_experiment_slice_statistics'))
    )
    op.create_index(op.f('ix_experiment_slice_statistics_experiment_id'), 'experiment_slice_statistics',
                    ['experiment_id'])
    op.add_column('experiments', sa.Column('market', sa.JSON(), nullable=True))
    # experiments join the search index: the existing ones are indexed now, later saves as they happen
    from dayone.search import index, sources

    bind = op.get_bind()
    if index.exists(bind):
        index.put(bind, sources.experiments(bind))


def downgrade() -> None:
    from dayone.search import index

    if index.exists(op.get_bind()):
        index.remove_kind(op.get_bind(), "experiment")
    op.drop_column('experiments', 'market')
    op.drop_index(op.f('ix_experiment_slice_statistics_experiment_id'), table_name='experiment_slice_statistics')
    op.drop_table('experiment_slice_statistics')
