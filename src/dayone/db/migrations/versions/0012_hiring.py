"""hiring: leadership principles, role profiles, the Bar Raiser pool, requisitions, candidates, loops, sealed feedback

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 13:53:34.091994
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import dayone.db.base

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('hiring_candidates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('contact', sa.String(length=500), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('resume_name', sa.String(length=255), nullable=True),
    sa.Column('resume_type', sa.String(length=64), nullable=True),
    sa.Column('resume', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', dayone.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hiring_candidates'))
    )
    op.create_table('hiring_principles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hiring_principles')),
    sa.UniqueConstraint('name', name=op.f('uq_hiring_principles_name'))
    )
    op.create_table('hiring_roles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hiring_roles')),
    sa.UniqueConstraint('title', name=op.f('uq_hiring_roles_title'))
    )
    op.create_table('hiring_role_principles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.Column('principle_id', sa.Integer(), nullable=False),
    sa.Column('questions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['principle_id'], ['hiring_principles.id'], name=op.f('fk_hiring_role_principles_principle_id_hiring_principles'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['role_id'], ['hiring_roles.id'], name=op.f('fk_hiring_role_principles_role_id_hiring_roles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hiring_role_principles')),
    sa.UniqueConstraint('role_id', 'principle_id', name=op.f('uq_hiring_role_principles_role_id'))
    )
    op.create_index(op.f('ix_hiring_role_principles_role_id'), 'hiring_role_principles', ['role_id'], unique=False)

    op.create_table('hiring_bar_raisers',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('trained_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_hiring_bar_raisers_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_hiring_bar_raisers'))
    )
    op.create_table('hiring_requisitions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('hiring_manager_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['hiring_manager_id'], ['people.id'], name=op.f('fk_hiring_requisitions_hiring_manager_id_people'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['role_id'], ['hiring_roles.id'], name=op.f('fk_hiring_requisitions_role_id_hiring_roles'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_hiring_requisitions_team_id_teams'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hiring_requisitions'))
    )
    op.create_index(op.f('ix_hiring_requisitions_hiring_manager_id'), 'hiring_requisitions', ['hiring_manager_id'], unique=False)
    op.create_index(op.f('ix_hiring_requisitions_role_id'), 'hiring_requisitions', ['role_id'], unique=False)

    op.create_table('hiring_loops',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requisition_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('bar_raiser_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=24), nullable=False),
    sa.Column('override_reason', sa.Text(), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=False),
    sa.Column('decided_at', dayone.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('veto_reason', sa.Text(), nullable=False),
    sa.Column('vetoed_at', dayone.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['bar_raiser_id'], ['people.id'], name=op.f('fk_hiring_loops_bar_raiser_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['candidate_id'], ['hiring_candidates.id'], name=op.f('fk_hiring_loops_candidate_id_hiring_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requisition_id'], ['hiring_requisitions.id'], name=op.f('fk_hiring_loops_requisition_id_hiring_requisitions'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hiring_loops'))
    )
    op.create_index(op.f('ix_hiring_loops_candidate_id'), 'hiring_loops', ['candidate_id'], unique=False)
    op.create_index(op.f('ix_hiring_loops_requisition_id'), 'hiring_loops', ['requisition_id'], unique=False)

    op.create_table('hiring_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('loop_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('notes', sa.JSON(), nullable=False),
    sa.Column('vote', sa.String(length=32), nullable=True),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('correction_reason', sa.Text(), nullable=False),
    sa.Column('updated_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', dayone.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['loop_id'], ['hiring_loops.id'], name=op.f('fk_hiring_feedback_loop_id_hiring_loops'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_hiring_feedback_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hiring_feedback')),
    sa.UniqueConstraint('loop_id', 'person_id', 'revision', name=op.f('uq_hiring_feedback_loop_id'))
    )
    op.create_index(op.f('ix_hiring_feedback_loop_id'), 'hiring_feedback', ['loop_id'], unique=False)

    op.create_table('hiring_interviewers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('loop_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', dayone.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ends_at', dayone.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('principle_ids', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['loop_id'], ['hiring_loops.id'], name=op.f('fk_hiring_interviewers_loop_id_hiring_loops'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_hiring_interviewers_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hiring_interviewers')),
    sa.UniqueConstraint('loop_id', 'person_id', name=op.f('uq_hiring_interviewers_loop_id'))
    )
    op.create_index(op.f('ix_hiring_interviewers_loop_id'), 'hiring_interviewers', ['loop_id'], unique=False)

    op.create_table('hiring_vote_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('loop_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('from_vote', sa.String(length=32), nullable=False),
    sa.Column('to_vote', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['loop_id'], ['hiring_loops.id'], name=op.f('fk_hiring_vote_changes_loop_id_hiring_loops'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_hiring_vote_changes_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hiring_vote_changes'))
    )
    op.create_index(op.f('ix_hiring_vote_changes_loop_id'), 'hiring_vote_changes', ['loop_id'], unique=False)
    # a workspace starts with the sixteen leadership principles, described in our own words
    from dayone.hiring.principles import DEFAULT_PRINCIPLES

    principles = sa.table('hiring_principles', sa.column('position', sa.Integer), sa.column('name', sa.String),
                          sa.column('description', sa.Text), sa.column('version', sa.Integer))
    op.bulk_insert(principles, [{'position': n, 'name': name, 'description': text, 'version': 1}
                                for n, (name, text) in enumerate(DEFAULT_PRINCIPLES, start=1)])


def downgrade() -> None:
    op.drop_index(op.f('ix_hiring_vote_changes_loop_id'), table_name='hiring_vote_changes')

    op.drop_table('hiring_vote_changes')
    op.drop_index(op.f('ix_hiring_interviewers_loop_id'), table_name='hiring_interviewers')

    op.drop_table('hiring_interviewers')
    op.drop_index(op.f('ix_hiring_feedback_loop_id'), table_name='hiring_feedback')

    op.drop_table('hiring_feedback')
    op.drop_index(op.f('ix_hiring_loops_requisition_id'), table_name='hiring_loops')
    op.drop_index(op.f('ix_hiring_loops_candidate_id'), table_name='hiring_loops')

    op.drop_table('hiring_loops')
    op.drop_index(op.f('ix_hiring_requisitions_role_id'), table_name='hiring_requisitions')
    op.drop_index(op.f('ix_hiring_requisitions_hiring_manager_id'), table_name='hiring_requisitions')

    op.drop_table('hiring_requisitions')
    op.drop_table('hiring_bar_raisers')
    op.drop_index(op.f('ix_hiring_role_principles_role_id'), table_name='hiring_role_principles')

    op.drop_table('hiring_role_principles')
    op.drop_table('hiring_roles')
    op.drop_table('hiring_principles')
    op.drop_table('hiring_candidates')
