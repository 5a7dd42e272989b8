"""decisions and mechanisms

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import dayone.db.base

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('metric_readings',
    sa.Column('metric', sa.String(length=200), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('observed_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('metric', name=op.f('pk_metric_readings'))
    )
    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('context', sa.Text(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('choice', sa.Text(), nullable=False),
    sa.Column('reasoning', sa.Text(), nullable=False),
    sa.Column('consequences', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('info_percent', sa.Integer(), nullable=True),
    sa.Column('decision_type', sa.String(length=8), nullable=False),
    sa.Column('proposed_type', sa.String(length=8), nullable=False),
    sa.Column('type_answers', sa.JSON(), nullable=False),
    sa.Column('type_justification', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('revisit_on', sa.Date(), nullable=True),
    sa.Column('revisit_metric', sa.String(length=200), nullable=True),
    sa.Column('revisit_operator', sa.String(length=2), nullable=True),
    sa.Column('revisit_threshold', sa.Float(), nullable=True),
    sa.Column('superseded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', dayone.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_decisions_owner_id_people'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['superseded_by_id'], ['decisions.id'], name=op.f('fk_decisions_superseded_by_id_decisions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions'))
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decisions_owner_id'), ['owner_id'], unique=False)

    op.create_table('mechanisms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('cadence', sa.String(length=100), nullable=False),
    sa.Column('tool', sa.String(length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('produces', sa.Text(), nullable=False),
    sa.Column('builtin', sa.String(length=32), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_mechanisms_owner_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mechanisms')),
    sa.UniqueConstraint('builtin', name=op.f('uq_mechanisms_builtin')),
    sa.UniqueConstraint('name', name=op.f('uq_mechanisms_name'))
    )
    op.create_table('decision_approvers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('approved_at', dayone.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_decision_approvers_decision_id_decisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_decision_approvers_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_approvers')),
    sa.UniqueConstraint('decision_id', 'person_id', name=op.f('uq_decision_approvers_decision_id'))
    )
    with op.batch_alter_table('decision_approvers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_approvers_decision_id'), ['decision_id'], unique=False)

    op.create_table('decision_escalations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('to_person_id', sa.Integer(), nullable=False),
    sa.Column('raised_by_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('raised_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_decision_escalations_decision_id_decisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['raised_by_id'], ['people.id'], name=op.f('fk_decision_escalations_raised_by_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['to_person_id'], ['people.id'], name=op.f('fk_decision_escalations_to_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_escalations'))
    )
    with op.batch_alter_table('decision_escalations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_escalations_decision_id'), ['decision_id'], unique=False)

    op.create_table('decision_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('target', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_decision_links_decision_id_decisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_decision_links_document_id_documents'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_links'))
    )
    with op.batch_alter_table('decision_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_links_decision_id'), ['decision_id'], unique=False)

    op.create_table('decision_positions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('stance', sa.String(length=16), nullable=False),
    sa.Column('view', sa.Text(), nullable=False),
    sa.Column('committed', sa.Boolean(), nullable=False),
    sa.Column('recorded_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_decision_positions_decision_id_decisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_decision_positions_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_positions')),
    sa.UniqueConstraint('decision_id', 'person_id', name=op.f('uq_decision_positions_decision_id'))
    )
    with op.batch_alter_table('decision_positions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_positions_decision_id'), ['decision_id'], unique=False)

    op.create_table('decision_revisits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['people.id'], name=op.f('fk_decision_revisits_by_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_decision_revisits_decision_id_decisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_revisits'))
    )
    with op.batch_alter_table('decision_revisits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_revisits_decision_id'), ['decision_id'], unique=False)

    op.create_table('mechanism_occurrences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mechanism_id', sa.Integer(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('output', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['mechanism_id'], ['mechanisms.id'], name=op.f('fk_mechanism_occurrences_mechanism_id_mechanisms'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['people.id'], name=op.f('fk_mechanism_occurrences_recorded_by_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mechanism_occurrences'))
    )
    with op.batch_alter_table('mechanism_occurrences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mechanism_occurrences_mechanism_id'), ['mechanism_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('mechanism_occurrences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mechanism_occurrences_mechanism_id'))

    op.drop_table('mechanism_occurrences')
    with op.batch_alter_table('decision_revisits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_revisits_decision_id'))

    op.drop_table('decision_revisits')
    with op.batch_alter_table('decision_positions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_positions_decision_id'))

    op.drop_table('decision_positions')
    with op.batch_alter_table('decision_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_links_decision_id'))

    op.drop_table('decision_links')
    with op.batch_alter_table('decision_escalations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_escalations_decision_id'))

    op.drop_table('decision_escalations')
    with op.batch_alter_table('decision_approvers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_approvers_decision_id'))

    op.drop_table('decision_approvers')
    op.drop_table('mechanisms')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decisions_owner_id'))

    op.drop_table('decisions')
    op.drop_table('metric_readings')
