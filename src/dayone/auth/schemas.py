"""Account bodies and views for the API and the admin pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from dayone.audit import AuditEvent
from dayone.auth.models import ApiToken, Role, User
from dayone.db.base import utcnow


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    email: str = Field(min_length=1, max_length=320)
    name: str = Field(min_length=1, max_length=200)
    role: Role = Role.MEMBER
    password: str = Field(min_length=1, max_length=200)
    title: str = Field(default="", max_length=200)


class UserUpdate(BaseModel):
    """Change an account's role, or deactivate it (``is_active: false`` ends its sessions)."""

    model_config = ConfigDict(extra="forbid")
    role: Role | None = None
    is_active: bool | None = None


class MeUpdate(BaseModel):
    """Change your own settings."""

    model_config = ConfigDict(extra="forbid")
    time_zone: str | None = Field(default=None, max_length=200, description=(
        "An IANA time zone name such as `Europe/Paris`: pages show times in it and your agenda counts "
        "days in it. The API answers in UTC whatever it is."))


class UserOut(BaseModel):
    id: int
    person_id: int
    name: str
    email: str
    role: Role
    is_active: bool
    time_zone: str = Field(default="UTC", description="The person's IANA time zone (pages show times in it).")
    password_reset_at: datetime | None = Field(
        default=None, description="When someone else (an admin, or the command line) last reset the password.")
    password_reset_by: str | None = Field(default=None, description="Who did: an email, or `cli`.")

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(id=user.id, person_id=user.person_id, name=user.person.name,
                   email=user.person.email, role=Role(user.role), is_active=user.is_active,
                   time_zone=user.person.time_zone,
                   password_reset_at=user.password_reset_at, password_reset_by=user.password_reset_by)


class TokenOut(BaseModel):
    """An API token as its owner sees it: never its secret."""

    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= utcnow() else "active"

    @classmethod
    def of(cls, token: ApiToken) -> TokenOut:
        return cls(id=token.id, name=token.name, prefix=token.prefix, created_at=token.created_at,
                   expires_at=token.expires_at, last_used_at=token.last_used_at, revoked_at=token.revoked_at)


class PasswordReset(BaseModel):
    password: str = Field(description="The new, temporary password: pass it on privately.")


class AuditEventOut(BaseModel):
    id: int
    at: datetime
    actor: str
    action: str
    entity_type: str
    entity_id: int | None
    summary: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @classmethod
    def of(cls, event: AuditEvent) -> AuditEventOut:
        return cls(id=event.id, at=event.at, actor=event.actor_label, action=event.action,
                   entity_type=event.entity_type, entity_id=event.entity_id,
                   summary=event.summary, before=event.before, after=event.after)
