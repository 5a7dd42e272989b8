"""goals: plans (OP1, OP2) and their versions, goals, status history, goal reviews

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import dayone.db.base

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('goal_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('team_key', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('stage', sa.String(length=8), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('created_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_goal_plans_document_id_documents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_goal_plans_team_id_teams'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal_plans')),
    sa.UniqueConstraint('year', 'team_key', name=op.f('uq_goal_plans_year'))
    )
    op.create_table('goal_plan_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=8), nullable=False),
    sa.Column('goals', sa.JSON(), nullable=False),
    sa.Column('sealed_by', sa.String(length=320), nullable=False),
    sa.Column('created_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['goal_plans.id'], name=op.f('fk_goal_plan_versions_plan_id_goal_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal_plan_versions')),
    sa.UniqueConstraint('plan_id', 'number', name=op.f('uq_goal_plan_versions_plan_id'))
    )
    op.create_index(op.f('ix_goal_plan_versions_plan_id'), 'goal_plan_versions', ['plan_id'])
    op.create_table('goal_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('packet', sa.JSON(), nullable=False),
    sa.Column('held_by', sa.String(length=320), nullable=False),
    sa.Column('created_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['goal_plans.id'], name=op.f('fk_goal_reviews_plan_id_goal_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal_reviews'))
    )
    op.create_index(op.f('ix_goal_reviews_plan_id'), 'goal_reviews', ['plan_id'])
    op.create_table('goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('metric', sa.String(length=200), nullable=True),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('period', sa.String(length=8), nullable=True),
    sa.Column('percentile', sa.String(length=8), nullable=True),
    sa.Column('initiative_id', sa.Integer(), nullable=True),
    sa.Column('milestones', sa.JSON(), nullable=False),
    sa.Column('s_team', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('status_source', sa.String(length=10), nullable=False),
    sa.Column('status_note', sa.Text(), nullable=False),
    sa.Column('status_at', dayone.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('outcome', sa.String(length=8), nullable=True),
    sa.Column('outcome_reason', sa.Text(), nullable=False),
    sa.Column('outcome_value', sa.Float(), nullable=True),
    sa.Column('outcome_confirmed', sa.Boolean(), nullable=False),
    sa.Column('created_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.id'], name=op.f('fk_goals_initiative_id_initiatives'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_goals_owner_id_people'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['plan_id'], ['goal_plans.id'], name=op.f('fk_goals_plan_id_goal_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goals'))
    )
    op.create_index(op.f('ix_goals_owner_id'), 'goals', ['owner_id'])
    op.create_index(op.f('ix_goals_plan_id'), 'goals', ['plan_id'])
    op.create_table('goal_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('before', sa.String(length=8), nullable=False),
    sa.Column('after', sa.String(length=8), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('projection', sa.Float(), nullable=True),
    sa.Column('blindside', sa.Boolean(), nullable=False),
    sa.Column('by', sa.String(length=320), nullable=False),
    sa.Column('at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_goal_status_changes_goal_id_goals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal_status_changes'))
    )
    op.create_index(op.f('ix_goal_status_changes_goal_id'), 'goal_status_changes', ['goal_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_goal_status_changes_goal_id'), table_name='goal_status_changes')
    op.drop_table('goal_status_changes')
    op.drop_index(op.f('ix_goals_plan_id'), table_name='goals')
    op.drop_index(op.f('ix_goals_owner_id'), table_name='goals')
    op.drop_table('goals')
    op.drop_index(op.f('ix_goal_reviews_plan_id'), table_name='goal_reviews')
    op.drop_table('goal_reviews')
    op.drop_index(op.f('ix_goal_plan_versions_plan_id'), table_name='goal_plan_versions')
    op.drop_table('goal_plan_versions')
    op.drop_table('goal_plans')
