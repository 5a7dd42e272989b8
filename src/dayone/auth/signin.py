"""Signing in and changing one's password: with argon2 run outside any transaction.

argon2 is slow on purpose (~150 ms), and SQLite has one writer at a time: a
sign-in that held a write transaction while hashing made every other write wait
behind a flood of anonymous guesses. So a sign-in is three short steps:

1. read the account in a read transaction (no lock held afterwards);
2. count the attempt on the throttle in a short write transaction
   (``auth/throttle.py``), refusing it when a delay is running;
3. check the password with no transaction open; then record the outcome
   (clear the throttle, open the session) in a second short write transaction.

Changing one's password follows the same pattern: read, check and hash with no
transaction open, then write only if the password did not change meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from dayone import audit
from dayone.auth import service, sessions, throttle
from dayone.auth.models import User
from dayone.auth.passwords import check_strength, dummy_hash, hash_password, verify_password
from dayone.auth.permissions import Actor, require
from dayone.db.base import utcnow
from dayone.errors import Conflict, InvalidInput, NotAuthenticated, TooManyAttempts
from dayone.org.models import Person

if TYPE_CHECKING:
    from dayone.workspace import Workspace


@dataclass(frozen=True)
class SignedIn:
    """A successful sign-in: the new session's secret id (for the cookie only), and
    whether someone else reset the password since the user last signed in."""

    user_id: int
    session_secret: str
    reset_since_last_sign_in: bool


@dataclass(frozen=True)
class _Account:
    id: int
    password_hash: str
    is_active: bool
    last_sign_in_address: str | None


def _find(ws: Workspace, email: str) -> _Account | None:
    with ws.read_sessions() as reader:
        row = reader.execute(
            select(User.id, User.password_hash, User.is_active, User.last_sign_in_address)
            .join(User.person).where(Person.email == email)
        ).first()
    return _Account(*row) if row is not None else None


def sign_in(ws: Workspace, email: str | None, password: str | None, *, address: str = "",
            user_agent: str = "") -> SignedIn:
    """Check an email and password and open a session, or raise NotAuthenticated or
    TooManyAttempts (with the seconds to wait)."""
    key = (email or "").strip().lower()[:320]
    address = (address or "")[:64]
    account = _find(ws, key)
    settings = ws.settings
    keys = throttle.keys_for(key, address, account.last_sign_in_address if account else None,
                             free_per_account=settings.sign_in_free_failures,
                             free_per_address=settings.sign_in_free_failures_per_address)
    with ws.session() as writer:
        refusal = throttle.reserve(writer, keys, utcnow())
    if refusal is not None:
        raise TooManyAttempts(
            f"Too many failed sign-ins {refusal.label}; try again in {refusal.wait_seconds} seconds.",
            retry_after=refusal.wait_seconds,
        )
    # No transaction is open here: the slow hash holds up nobody else's writes.
    ok = verify_password(account.password_hash if account else dummy_hash(), password or "")
    if account is None or not ok or not account.is_active:
        raise NotAuthenticated("Email or password is wrong.")
    now = utcnow()
    with ws.session() as writer:
        user = writer.get(User, account.id)
        # the password or the account may have changed while we were hashing
        if user is None or user.password_hash != account.password_hash or not user.is_active:
            raise NotAuthenticated("Email or password is wrong.")
        throttle.forgive(writer, keys)
        reset = user.password_reset_at is not None and (
            user.last_sign_in_at is None or user.last_sign_in_at < user.password_reset_at)
        user.last_sign_in_at = now
        user.last_sign_in_address = address or None
        secret = sessions.open_session(writer, user.id, max_age_seconds=settings.session_max_age,
                                       address=address, user_agent=user_agent, now=now)
    return SignedIn(account.id, secret, reset)


def change_password(ws: Workspace, actor: Actor, current: str | None, new: str | None, *,
                    address: str = "", user_agent: str = "") -> str:
    """Change one's own password. Every session and API token of the account ends; the
    secret of a new session for the browser that asked is returned."""
    require(actor.user_id is not None, "change a password without an account")
    with ws.read_sessions() as reader:
        user = reader.get(User, actor.user_id)
        if user is None:
            raise NotAuthenticated("Sign in again: this account no longer exists.")
        old_hash, words = user.password_hash, (user.person.email, user.person.name)
    current, new = current or "", new or ""
    if not verify_password(old_hash, current):
        raise InvalidInput("current_password: that is not your current password.", field="current_password")
    check_strength(new, field="new_password", user_inputs=words)
    if current == new:
        raise InvalidInput("new_password: choose a password different from the current one.",
                           field="new_password")
    new_hash = hash_password(new)
    with ws.session() as writer:
        user = writer.get(User, actor.user_id)
        if user is None or user.password_hash != old_hash:
            raise Conflict("Your password was changed meanwhile (in another window, or by an admin); "
                           "reload the page and try again.")
        user.password_hash = new_hash
        user.password_changed_at = utcnow()
        audit.record(writer, actor, "change-password", "user", user.id, "changed own password")
        service.end_access(writer, actor, user, "password changed")
        return sessions.open_session(writer, user.id, max_age_seconds=ws.settings.session_max_age,
                                     address=address[:64], user_agent=user_agent)
