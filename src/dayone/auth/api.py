"""Accounts and the audit log over the API; every endpoint but /me is for admins."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from dayone import audit
from dayone.auth import service
from dayone.auth.models import User
from dayone.auth.permissions import Actor
from dayone.auth.schemas import AuditEventOut, MeUpdate, PasswordReset, UserCreate, UserOut, UserUpdate
from dayone.errors import NotFound
from dayone.web.deps import api_actor, api_admin, db
from dayone.web.paging import Page, paging

router = APIRouter(prefix="/api/v1", tags=["accounts"])
# Endpoints that hash passwords stay synchronous: argon2 takes ~150 ms, so they run in
# the thread pool instead of holding up the event loop. The rest are quick and async.


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"No account with id {user_id}.")
    return user


@router.get("/me", response_model=UserOut)
def me(actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> UserOut:
    return UserOut.of(_user(session, actor.user_id or 0))


@router.patch("/me", response_model=UserOut)
def update_me(body: MeUpdate, actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> UserOut:
    """Your own settings: your time zone (``{"time_zone": "Europe/Paris"}``)."""
    user = _user(session, actor.user_id or 0)
    if "time_zone" in body.model_fields_set:
        user = service.set_time_zone(session, actor, body.time_zone)
    session.commit()
    return UserOut.of(user)


@router.get("/users", response_model=list[UserOut])
def list_users(actor: Actor = Depends(api_admin), session: Session = Depends(db),
               page: Page = Depends(paging)) -> list[UserOut]:
    return [UserOut.of(u) for u in page.of(service.list_users(session, actor))]


@router.post("/users", response_model=UserOut, status_code=201)
def add_user(body: UserCreate, actor: Actor = Depends(api_admin),
             session: Session = Depends(db)) -> UserOut:
    user = service.add_user(session, actor, email=body.email, name=body.name, role=body.role,
                            password=body.password, title=body.title)
    session.commit()
    return UserOut.of(user)


@router.patch("/users/{user_id}", response_model=UserOut)
def update_user(user_id: int, body: UserUpdate, actor: Actor = Depends(api_admin),
                session: Session = Depends(db)) -> UserOut:
    user = _user(session, user_id)
    if body.role is not None:
        service.set_role(session, actor, user.person.email, body.role)
    if body.is_active is not None:
        service.set_active(session, actor, user.person.email, body.is_active)
    session.commit()
    return UserOut.of(user)


@router.post("/users/{user_id}/password-reset", response_model=PasswordReset)
def reset_password(user_id: int, actor: Actor = Depends(api_admin),
                   session: Session = Depends(db)) -> PasswordReset:
    password = service.reset_password(session, actor, _user(session, user_id).person.email)
    session.commit()
    return PasswordReset(password=password)


@router.get("/audit", response_model=list[AuditEventOut])
def audit_log(entity_type: str | None = Query(None), actor: Actor = Depends(api_admin),
              session: Session = Depends(db), page: Page = Depends(paging)) -> list[AuditEventOut]:
    """The newest events first: 200 of them unless ``limit`` says otherwise."""
    if page.limit is None:
        page.limit = 200  # the log grows without end: a page of it unless asked
    events = audit.recent(session, limit=page.limit, offset=page.offset, entity_type=entity_type)
    return [AuditEventOut.of(e) for e in page.of(events, total=audit.count(session, entity_type=entity_type))]
