"""notifications: each person's delivery per kind, and the ledger of what was mailed

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import dayone.db.base

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notification_preferences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('delivery', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_notification_preferences_person_id_people'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_preferences')),
    sa.UniqueConstraint('person_id', 'kind', name=op.f('uq_notification_preferences_person_id'))
    )
    op.create_index(op.f('ix_notification_preferences_person_id'), 'notification_preferences', ['person_id'])
    op.create_table('notifications_sent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('item_key', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('via', sa.String(length=16), nullable=False),
    sa.Column('sent_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('calendar_start', dayone.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('calendar_sequence', sa.Integer(), nullable=False),
    sa.Column('calendar_cancelled', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_notifications_sent_person_id_people'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications_sent')),
    sa.UniqueConstraint('person_id', 'item_key', name=op.f('uq_notifications_sent_person_id'))
    )
    op.create_index(op.f('ix_notifications_sent_person_id'), 'notifications_sent', ['person_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_notifications_sent_person_id'), table_name='notifications_sent')
    op.drop_table('notifications_sent')
    op.drop_index(op.f('ix_notification_preferences_person_id'), table_name='notification_preferences')
    op.drop_table('notification_preferences')
