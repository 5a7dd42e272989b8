"""Accounts: add users, set roles, passwords, sign-in with throttling, API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from dayone import audit
from dayone.auth import sessions
from dayone.auth.models import ApiToken, Role, User
from dayone.auth.passwords import check_strength, generate_password, hash_password
from dayone.auth.permissions import Actor, require, require_role
from dayone.db.base import utcnow
from dayone.errors import Conflict, InvalidInput, NotAuthenticated, NotFound
from dayone.org.fields import clean_text, normalize_email
from dayone.org.models import Person

TOKEN_PREFIX = "d1_"
TOKEN_DAYS = 90  # how long a new API token lives unless its maker says otherwise
TOKEN_MAX_DAYS = 366


def parse_role(value: str, field: str = "role") -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise InvalidInput(f"{field}: {value!r} is not a role; choose one of {choices}.",
                           field=field) from None


def actor_for(user: User) -> Actor:
    return Actor(user_id=user.id, person_id=user.person_id, role=Role(user.role), label=user.person.email,
                 time_zone=user.person.time_zone or "UTC")


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
    check_strength(password, user_inputs=(address, name))
    # hashed before the first statement: no transaction (nor SQLite's write lock) waits on argon2
    password_hash = hash_password(password)
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
    user = User(person_id=person.id, role=role.value, password_hash=password_hash)
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


def end_access(session: Session, actor: Actor, user: User, why: str) -> None:
    """A new password ends every browser session of the user and revokes their API tokens."""
    sessions.end_all(session, user.id)
    revoked = session.execute(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                              .values(revoked_at=utcnow()))
    count = int(getattr(revoked, "rowcount", 0) or 0)
    if count:
        audit.record(session, actor, "revoke", "api_token", None,
                     f"{count} API token(s) of {user.person.email} revoked: {why}")


def reset_password(session: Session, actor: Actor, email: str, password: str | None = None) -> str:
    """Set a new password (a random one when none is given) and return it.

    The person is told on their next sign-in and on their account page who reset it and
    when: a reset lets an admin into the account, private drafts included."""
    require_role(actor, Role.ADMIN, "reset passwords")
    user = get_user_by_email(session, email)
    new = password or generate_password()
    check_strength(new, user_inputs=(user.person.email, user.person.name))
    now = utcnow()
    user.password_hash = hash_password(new)
    user.password_changed_at = now
    if actor.user_id != user.id:
        user.password_reset_at = now
        user.password_reset_by = actor.label
    audit.record(session, actor, "reset-password", "user", user.id, f"password reset for {user.person.email}")
    end_access(session, actor, user, "password reset")
    return new


def set_active(session: Session, actor: Actor, email: str, active: bool) -> User:
    """Deactivate (or reactivate) an account; deactivating ends its sessions at once."""
    require_role(actor, Role.ADMIN, "deactivate accounts")
    user = get_user_by_email(session, email)
    if user.is_active == active:
        return user
    if not active:
        require(actor.user_id != user.id, "deactivate your own account")
        if user.role == Role.ADMIN.value and _admin_count(session) <= 1:
            raise Conflict("is_active: this is the last active admin; make someone else admin first.")
        sessions.end_all(session, user.id)
    user.is_active = active
    audit.record(session, actor, "activate" if active else "deactivate", "user", user.id,
                 f"{user.person.email} {'reactivated' if active else 'deactivated'}",
                 before={"is_active": not active}, after={"is_active": active})
    return user


def set_time_zone(session: Session, actor: Actor, time_zone: str | None) -> User:
    """The signed-in person's own time zone (an IANA name, checked against tzdata): their pages
    show times in it and their agenda counts days in it. The API keeps answering in UTC."""
    from dayone import timezones

    require(actor.user_id is not None, "set a time zone without an account (use --as EMAIL)")
    user = session.get(User, actor.user_id)
    if user is None:
        raise NotFound(f"No account with id {actor.user_id}.")
    chosen = timezones.check(time_zone)
    before = user.person.time_zone
    if chosen != before:
        user.person.time_zone = chosen
        audit.record(session, actor, "update", "person", user.person_id, f"time zone {chosen}",
                     before={"time_zone": before}, after={"time_zone": chosen})
    session.flush()
    return user


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(session: Session, actor: Actor, email: str, name: str = "",
                 days: int = TOKEN_DAYS) -> IssuedToken:
    """Issue an API token that works for ``days`` days (1 to 366), unless revoked first."""
    user = get_user_by_email(session, email)
    require(actor.is_admin or actor.user_id == user.id, "create tokens for another person")
    if not 1 <= days <= TOKEN_MAX_DAYS:
        raise InvalidInput(f"days: a token lives 1 to {TOKEN_MAX_DAYS} days (got {days}).", field="days")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    token = ApiToken(user_id=user.id, name=clean_text("name", name, max_length=100),
                     prefix=secret[:10], token_hash=_digest(secret), created_at=now,
                     expires_at=now + timedelta(days=days))
    session.add(token)
    session.flush()
    audit.record(session, actor, "create", "api_token", token.id,
                 f"token {token.prefix}… for {user.person.email}, expires {token.expires_at:%Y-%m-%d}")
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


def own_token(session: Session, actor: Actor, token_id: int) -> ApiToken:
    """One of the actor's own tokens (the account page manages only those)."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != actor.user_id:
        raise NotFound(f"You have no API token {token_id}; your account page lists yours.")
    return token


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
    if token.expires_at <= utcnow():
        raise NotAuthenticated(
            f"API token {token.prefix}… expired on {token.expires_at:%Y-%m-%d %H:%M} UTC; create a new one "
            f"with `dayone token create --user {token.user.person.email} --days N`."
        )
    return token


TOUCH_EVERY = timedelta(minutes=1)


def needs_touch(token: ApiToken) -> bool:
    """Whether to record a use: at most once a minute, so reads stay reads."""
    last: datetime | None = token.last_used_at
    return last is None or utcnow() - last > TOUCH_EVERY


def touch_token(session: Session, token_id: int) -> None:
    session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=utcnow()))
