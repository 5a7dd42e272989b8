"""Who may upload the WBR's data: admins, and the members an admin allows (so the person who
exports the numbers each week need not be an admin). Viewers never.

The allowed members are kept as a workspace setting (a list of emails, lower case), like the
note delegates: no schema change. An uploader may upload a file, see its preview and take it
as a source's new data (checked first); starting or editing the metrics file stays with admins.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone import audit
from dayone.auth.models import Role, User
from dayone.auth.permissions import Actor, require_role
from dayone.documents.models import WorkspaceSetting
from dayone.errors import InvalidInput, PermissionDenied
from dayone.org.models import Person

UPLOADERS = "wbr_uploaders"
MAX_UPLOADERS = 200


def listed(session: Session) -> list[str]:
    """The emails of the members allowed to upload (lower case, sorted)."""
    row = session.get(WorkspaceSetting, UPLOADERS)
    stored = json.loads(row.value) if row is not None else []
    return sorted(str(e) for e in stored) if isinstance(stored, list) else []


def _email(session: Session, actor: Actor) -> str | None:
    person = session.get(Person, actor.person_id) if actor.person_id else None
    return person.email.lower() if person is not None and person.email else None


def may_upload(session: Session, actor: Actor) -> bool:
    """Whether ``actor`` may upload the WBR's data: an admin, or a member an admin allowed."""
    if actor.is_admin:
        return True
    if not actor.at_least(Role.MEMBER):
        return False
    email = _email(session, actor)
    return email is not None and email in listed(session)


def require_uploader(session: Session, actor: Actor, doing: str) -> None:
    """Raise PermissionDenied, saying who may and how to become one, unless ``actor`` may upload."""
    if may_upload(session, actor):
        return
    if not actor.at_least(Role.MEMBER):
        raise PermissionDenied(f"Only admins and the members an admin allows may {doing}; viewers never do "
                               f"(you are a {actor.role.value}).")
    raise PermissionDenied(f"Only admins and the members an admin allows may {doing}: ask an admin to allow you "
                           "to upload WBR data (on /wbr/data, or `dayone wbr uploaders --add EMAIL`).")


def _member_emails(session: Session) -> dict[str, str]:
    """Every account's email (lower case) → its role."""
    rows = session.execute(select(Person.email, User.role).join(User, User.person_id == Person.id))
    return {str(email).lower(): str(role) for email, role in rows if email}


def set_uploaders(session: Session, actor: Actor, emails: list[str]) -> list[str]:
    """The members allowed to upload, replacing the list (admins only). Raises InvalidInput
    naming an email that is no account, or a viewer's (viewers never upload)."""
    require_role(actor, Role.ADMIN, "choose who may upload WBR data")
    wanted = sorted({e.strip().lower() for e in emails if e.strip()})
    if len(wanted) > MAX_UPLOADERS:
        raise InvalidInput(f"uploaders: name at most {MAX_UPLOADERS} people.", field="uploaders")
    accounts = _member_emails(session)
    for email in wanted:
        role = accounts.get(email)
        if role is None:
            raise InvalidInput(f"uploaders: {email!r} has no account in the workspace.", field="uploaders")
        if role == Role.VIEWER.value:
            raise InvalidInput(f"uploaders: {email} is a viewer; viewers never upload data (make them a member "
                               "first).", field="uploaders")
    kept = [e for e in wanted if accounts[e] != Role.ADMIN.value]  # admins may already
    before = listed(session)
    row = session.get(WorkspaceSetting, UPLOADERS) or WorkspaceSetting(key=UPLOADERS, value="[]")
    row.value = json.dumps(kept)
    session.add(row)
    session.flush()
    added, removed = sorted(set(kept) - set(before)), sorted(set(before) - set(kept))
    audit.record(session, actor, "update", "settings", None,
                 f"WBR uploaders: added {', '.join(added) or 'none'}; removed {', '.join(removed) or 'none'}")
    return kept


def change(session: Session, actor: Actor, *, add: list[str] | None = None, remove: list[str] | None = None
           ) -> list[str]:
    """Allow ``add`` and no longer allow ``remove`` (admins only); the new list."""
    drop = {e.strip().lower() for e in remove or []}
    return set_uploaders(session, actor, [e for e in [*listed(session), *(add or [])] if e.strip().lower() not in drop])


def candidates(session: Session) -> list[str]:
    """The members (not admins, not viewers) an admin may allow, by email."""
    return sorted(e for e, role in _member_emails(session).items() if role == Role.MEMBER.value)
