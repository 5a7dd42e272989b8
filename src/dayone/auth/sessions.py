"""Browser sessions held on the server, so they can be ended.

The signed cookie carries a random session id; the table holds only its SHA-256,
the user, and when it was made, last seen and ends. Signing out deletes the row,
so a copy of the cookie stops working at once; a password change or reset, and
deactivating the account, delete all of the user's rows.

Resolving a cookie is one indexed query; ``last_seen_at`` is written at most once
every few minutes, so reading a page does not write.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, contains_eager

from dayone.auth.models import User, UserSession
from dayone.db.base import utcnow

TOUCH_EVERY = timedelta(minutes=5)
MAX_SECRET_LENGTH = 100  # token_urlsafe(32) is 43 characters


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def open_session(session: Session, user_id: int, *, max_age_seconds: int, address: str = "",
                 user_agent: str = "", now: datetime | None = None) -> str:
    """Start a session for the user and return its secret id (for the cookie; never stored)."""
    now = now or utcnow()
    secret = secrets.token_urlsafe(32)
    session.add(UserSession(token_hash=_digest(secret), user_id=user_id, created_at=now,
                            last_seen_at=now, expires_at=now + timedelta(seconds=max_age_seconds),
                            address=address[:64], user_agent=user_agent[:200]))
    # Sign-ins are rare writes: a good moment to drop the sessions that have run out.
    session.execute(delete(UserSession).where(UserSession.expires_at <= now))
    session.flush()
    return secret


@dataclass(frozen=True)
class LiveSession:
    """A session found for a cookie: its row id, its user, and whether to record the visit."""

    id: int
    user: User
    needs_touch: bool


def resolve(session: Session, secret: object, now: datetime | None = None) -> LiveSession | None:
    """The live session of an active user for a cookie's id, in one query; None otherwise."""
    if not isinstance(secret, str) or not secret or len(secret) > MAX_SECRET_LENGTH:
        return None
    now = now or utcnow()
    row = session.scalars(select(UserSession).join(UserSession.user)
                          .options(contains_eager(UserSession.user))  # the user and person: same query
                          .where(UserSession.token_hash == _digest(secret),
                                 UserSession.expires_at > now, User.is_active)).first()
    if row is None:
        return None
    return LiveSession(row.id, row.user, now - row.last_seen_at > TOUCH_EVERY)


def touch(session: Session, session_id: int, now: datetime | None = None) -> None:
    session.execute(update(UserSession).where(UserSession.id == session_id)
                    .values(last_seen_at=now or utcnow()))


def end(session: Session, secret: object) -> None:
    """Sign out: the cookie's session no longer exists, wherever the cookie is."""
    if isinstance(secret, str) and secret and len(secret) <= MAX_SECRET_LENGTH:
        session.execute(delete(UserSession).where(UserSession.token_hash == _digest(secret)))


def end_all(session: Session, user_id: int) -> int:
    """End every session of the user; the number ended."""
    result = session.execute(delete(UserSession).where(UserSession.user_id == user_id))
    return int(getattr(result, "rowcount", 0) or 0)

