"""Sign-in accounts, API tokens and the sign-in throttle."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dayone.db.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from dayone.org.models import Person


class Role(StrEnum):
    """Viewers read; members edit what they own; admins administer. A recruiter is a member who
    also runs hiring: sets up loops and reads every loop's feedback (hiring/)."""

    VIEWER = "viewer"
    MEMBER = "member"
    RECRUITER = "recruiter"
    ADMIN = "admin"


class User(Base):
    """A person who can sign in. The person's name and email live on ``Person``."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), unique=True
    )
    role: Mapped[str] = mapped_column(String(16), default=Role.MEMBER.value)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # where the last successful sign-in came from: guesses from elsewhere are throttled apart
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_sign_in_address: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # the last time someone else (an admin, or the command line) reset the password, and who
    password_reset_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    password_reset_by: Mapped[str | None] = mapped_column(String(320), nullable=True)

    person: Mapped[Person] = relationship(lazy="joined")


class ApiToken(Base):
    """A bearer token for the API. Only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    user: Mapped[User] = relationship(lazy="joined")


class UserSession(Base):
    """A signed-in browser. The cookie carries a random id; only its SHA-256 is stored,
    so deleting the row ends the session wherever the cookie has been copied."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User] = relationship(lazy="joined")


class SignInThrottle(Base):
    """Sign-in attempts counted per key (an account, an account from its usual address,
    or a client address), so repeated guessing is slowed down. See ``auth/throttle.py``."""

    __tablename__ = "sign_in_throttle"

    key: Mapped[str] = mapped_column(String(320), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
