"""server-side sessions, API token expiry, sign-in addresses and admin resets

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

import dayone.db.base

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('user_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', dayone.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('user_agent', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_sessions_token_hash'))
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'], unique=False)

    # Tokens made before expiry existed get 90 days from the upgrade, not a sudden end.
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', dayone.db.base.UTCDateTime(timezone=True), nullable=True))
    tokens = sa.table('api_tokens', sa.column('expires_at', dayone.db.base.UTCDateTime(timezone=True)))
    op.execute(tokens.update().values(expires_at=datetime.now(UTC) + timedelta(days=90)))
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.alter_column('expires_at', existing_type=dayone.db.base.UTCDateTime(timezone=True),
                              nullable=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_sign_in_at', dayone.db.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('last_sign_in_address', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('password_reset_at', dayone.db.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('password_reset_by', sa.String(length=320), nullable=True))

    # The throttle's keys change shape (account, account from its address, address): old
    # counts are dropped rather than misread.
    op.execute('DELETE FROM sign_in_throttle')
    with op.batch_alter_table('sign_in_throttle', schema=None) as batch_op:
        batch_op.add_column(sa.Column('updated_at', dayone.db.base.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('sign_in_throttle', schema=None) as batch_op:
        batch_op.drop_column('updated_at')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('password_reset_by')
        batch_op.drop_column('password_reset_at')
        batch_op.drop_column('last_sign_in_address')
        batch_op.drop_column('last_sign_in_at')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('expires_at')
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))
        batch_op.drop_index(batch_op.f('ix_user_sessions_expires_at'))
    op.drop_table('user_sessions')
