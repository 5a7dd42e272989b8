"""wbr notes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import dayone.db.base

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('wbr_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('week_ending', sa.Date(), nullable=False),
    sa.Column('metric', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['people.id'], name=op.f('fk_wbr_notes_author_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wbr_notes')),
    sa.UniqueConstraint('week_ending', 'metric', name=op.f('uq_wbr_notes_week_ending'))
    )
    with op.batch_alter_table('wbr_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wbr_notes_week_ending'), ['week_ending'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('wbr_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wbr_notes_week_ending'))

    op.drop_table('wbr_notes')
