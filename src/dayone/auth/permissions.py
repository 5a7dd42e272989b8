"""Who is asking, and what they may do.

Viewers read; members create teams and initiatives and edit what they own (their
own person record, the teams they belong to or manage, the initiatives they lead
or whose team they are in); admins administer everything, accounts included.
"""

from __future__ import annotations

from dataclasses import dataclass

from dayone.auth.models import Role
from dayone.errors import PermissionDenied

_RANK = {Role.VIEWER: 0, Role.MEMBER: 1, Role.RECRUITER: 1, Role.ADMIN: 2}  # a recruiter: a member who hires


@dataclass(frozen=True)
class Actor:
    """The person behind a request or a command."""

    user_id: int | None
    person_id: int | None
    role: Role
    label: str  # what the audit log shows: an email, or "cli"
    time_zone: str = "UTC"  # the person's: pages show times in it, and "today" is its today

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def at_least(self, role: Role) -> bool:
        return _RANK[self.role] >= _RANK[role]


# The command line runs with the machine owner's authority, like `psql` as the DB owner.
CLI_ACTOR = Actor(user_id=None, person_id=None, role=Role.ADMIN, label="cli")


def require_role(actor: Actor, role: Role, doing: str) -> None:
    if not actor.at_least(role):
        raise PermissionDenied(f"Only {role.value}s and above may {doing}; you are a {actor.role.value}.")


def require(allowed: bool, doing: str) -> None:
    if not allowed:
        raise PermissionDenied(f"You may not {doing}.")
