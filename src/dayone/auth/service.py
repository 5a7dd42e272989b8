"""Accounts: add users, set roles, passwords, sign-in with throttling, API tokens."""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from dayone import audit
from dayone.auth.models import ApiToken, Role, SignInThrottle, User
from dayone.auth.passwords import check_strength, dummy_hash, hash_password, verify_password
from dayone.auth.permissions import Actor, require, require_role
from dayone.db.base import utcnow
from dayone.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, TooManyAttempts
from dayone.org.fields import clean_text, normalize_email
from dayone.org.models import Person

TOKEN_PREFIX = "d1_"


def parse_role(value: str, field: str = "role") -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise InvalidInput(f"{field}: {value!r} is not a role; choose one of {choices}.",
                           field=field) from None


def actor_for(user: User) -> Actor:
    return Actor(user_id=user.id, person_id=user.person_id, role=Role(user.role), label=user.person.email)


def get_user_by_email(session: Session, email: str) -> User:
    address = normalize_email(email)
    user = session.scalar(select(User).join(User.person).where(Person.email == address))
    if user is None:
        raise NotFound(f"No account with email {address}; `dayone user list` shows the accounts.")
    return user


def list_users(session: Session, actor: Actor) -> list[User]:
    require_role(actor, Role.ADMIN, "list accounts")
    return list(session.scalars(select(User).join(User.person).order_by(Person.name)))


def add_user(
    session: Session,
    actor: Actor,
    *,
    email: str,
    name: str,
    role: str | Role,
    password: str,
    title: str = "",
) -> User:
    """Give a person an account, creating the person when the email is new."""
    require_role(actor, Role.ADMIN, "add accounts")
    address = normalize_email(email)
    role = parse_role(role) if isinstance(role, str) else role
    check_strength(password)
    person = session.scalar(select(Person).where(Person.email == address))
    if person is None:
        person = Person(
            name=clean_text("name", name, max_length=200, required=True),
            email=address,
            title=clean_text("title", title, max_length=200),
        )
        session.add(person)
        session.flush()
    elif session.scalar(select(User).where(User.person_id == person.id)) is not None:
        message = f"email: {address} already has an account."
        raise Conflict(message, details=[{"field": "email", "message": message}])
    user = User(person_id=person.id, role=role.value, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    audit.record(session, actor, "create", "user", user.id, f"account for {address} as {role.value}",
                 after={"email": address, "role": role.value})
    return user


def _admin_count(session: Session) -> int:
    return session.scalar(
        select(func.count()).select_from(User).where(User.role == Role.ADMIN.value, User.is_active)
    ) or 0


def set_role(session: Session, actor: Actor, email: str, role: str | Role) -> User:
    require_role(actor, Role.ADMIN, "change roles")
    user = get_user_by_email(session, email)
    new = parse_role(role) if isinstance(role, str) else role
    if user.role == Role.ADMIN.value and new is not Role.ADMIN and _admin_count(session) <= 1:
        raise Conflict("role: this is the last admin; make someone else admin first.")
    before = user.role
    user.role = new.value
    audit.record(session, actor, "set-role", "user", user.id,
                 f"{user.person.email}: {before} → {new.value}",
                 before={"role": before}, after={"role": new.value})
    return user


def reset_password(session: Session, actor: Actor, email: str, password: str | None = None) -> str:
    """Set a new password (a random one when none is given) and return it."""
    require_role(actor, Role.ADMIN, "reset passwords")
    user = get_user_by_email(session, email)
    new = password or secrets.token_urlsafe(12)
    check_strength(new)
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    audit.record(session, actor, "reset-password", "user", user.id, f"password reset for {user.person.email}")
    return new


def change_own_password(session: Session, actor: Actor, current: str, new: str) -> None:
    require(actor.user_id is not None, "change a password without an account")
    user = session.get(User, actor.user_id)
    if user is None or not verify_password(user.password_hash, current):
        raise InvalidInput("current_password: that is not your current password.", field="current_password")
    check_strength(new, field="new_password")
    if current == new:
        raise InvalidInput("new_password: choose a password different from the current one.",
                           field="new_password")
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    audit.record(session, actor, "change-password", "user", user.id, "changed own password")


def _throttle_delay(failures: int, free: int) -> int:
    """Seconds to wait after ``failures`` failed attempts: 0 for the free ones, then doubling."""
    if failures <= free:
        return 0
    return min(2 ** (failures - free), 15 * 60)


def authenticate(session: Session, email: str, password: str, *, free_failures: int) -> User:
    """Check a sign-in. Failures beyond ``free_failures`` lock the email for a growing delay."""
    key = (email or "").strip().lower()[:320]
    throttle = session.get(SignInThrottle, key)
    now = utcnow()
    if throttle and throttle.locked_until and throttle.locked_until > now:
        wait = math.ceil((throttle.locked_until - now).total_seconds())
        raise TooManyAttempts(
            f"Too many failed sign-ins for {key}; try again in {wait} seconds.", retry_after=wait
        )
    user = session.scalar(select(User).join(User.person).where(Person.email == key))
    ok = verify_password(user.password_hash if user else dummy_hash(), password or "")
    if user is None or not ok or not user.is_active:
        throttle = throttle or SignInThrottle(key=key, failures=0)
        throttle.failures += 1
        delay = _throttle_delay(throttle.failures, free_failures)
        throttle.locked_until = now + timedelta(seconds=delay) if delay else None
        session.add(throttle)
        session.commit()  # the failure must count even though we raise
        raise NotAuthenticated("Email or password is wrong.")
    if throttle:
        session.delete(throttle)
    return user


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(session: Session, actor: Actor, email: str, name: str = "") -> IssuedToken:
    user = get_user_by_email(session, email)
    require(actor.is_admin or actor.user_id == user.id, "create tokens for another person")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=clean_text("name", name, max_length=100),
                     prefix=secret[:10], token_hash=_digest(secret))
    session.add(token)
    session.flush()
    audit.record(session, actor, "create", "api_token", token.id,
                 f"token {token.prefix}… for {user.person.email}")
    return IssuedToken(token=token, secret=secret)


def list_tokens(session: Session, actor: Actor, email: str | None = None) -> list[ApiToken]:
    query = select(ApiToken).order_by(ApiToken.id)
    if email:
        user = get_user_by_email(session, email)
        require(actor.is_admin or actor.user_id == user.id, "see another person's tokens")
        query = query.where(ApiToken.user_id == user.id)
    else:
        require_role(actor, Role.ADMIN, "list every token")
    return list(session.scalars(query))


def revoke_token(session: Session, actor: Actor, token_ref: str) -> ApiToken:
    """Revoke by id, by the printed prefix, or by the whole secret."""
    ref = token_ref.strip()
    token: ApiToken | None = None
    if ref.isdigit():
        token = session.get(ApiToken, int(ref))
    elif ref.startswith(TOKEN_PREFIX) and len(ref) > 12:
        token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(ref)))
    elif ref:
        token = session.scalar(select(ApiToken).where(ApiToken.prefix == ref.rstrip("…")))
    if token is None:
        raise NotFound(f"No API token {ref!r}; `dayone token list` shows ids and prefixes.")
    require(actor.is_admin or actor.user_id == token.user_id, "revoke another person's token")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(session, actor, "revoke", "api_token", token.id, f"token {token.prefix}… revoked")
    return token


def token_for_bearer(session: Session, header: str | None) -> ApiToken:
    """Resolve an ``Authorization`` header to its live token, or say exactly what is wrong."""
    if not header:
        raise NotAuthenticated(
            "Send an API token: 'Authorization: Bearer d1_…' (create one with `dayone token create`)."
        )
    scheme, _, secret = header.partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret:
        raise NotAuthenticated("Authorization header must be 'Bearer <token>'.")
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        raise NotAuthenticated("Malformed API token: Day One tokens start with 'd1_'.")
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(secret)))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        raise NotAuthenticated("API token not recognised or revoked; create a new one.")
    return token


TOUCH_EVERY = timedelta(minutes=1)


def needs_touch(token: ApiToken) -> bool:
    """Whether to record a use: at most once a minute, so reads stay reads."""
    last: datetime | None = token.last_used_at
    return last is None or utcnow() - last > TOUCH_EVERY


def touch_token(session: Session, token_id: int) -> None:
    session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=utcnow()))
