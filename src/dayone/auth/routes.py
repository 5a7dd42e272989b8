"""Pages for signing in and out, one's own account, and account administration."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from dayone import audit
from dayone.auth import service
from dayone.auth.models import Role, User
from dayone.auth.permissions import Actor
from dayone.auth.schemas import AuditEventOut, UserOut
from dayone.errors import InvalidInput, NotFound, TooManyAttempts, UserError
from dayone.web.deps import db, page_actor, page_admin, session_actor, sign_in_session, workspace
from dayone.web.forms import read_form
from dayone.web.render import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/org"


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request, next: str = "/org", session: Session = Depends(db)) -> Response:
    if session_actor(request, session) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "sign_in.html", {"next": _safe_next(next), "email": ""})


@router.post("/sign-in", response_class=HTMLResponse)
def sign_in(request: Request, session: Session = Depends(db)) -> Response:
    form = read_form(request)
    email, target = form.get("email"), _safe_next(form.get("next"))
    try:
        user = service.authenticate(  # argon2 takes ~150 ms: the route runs in the thread pool
            session, email, form.get("password"),
            free_failures=workspace(request).settings.sign_in_free_failures)
    except UserError as exc:
        page = render(request, "sign_in.html", {"next": target, "email": email, "error": exc},
                      status_code=exc.status)
        if isinstance(exc, TooManyAttempts):
            page.headers["Retry-After"] = str(exc.retry_after)
        return page
    session.commit()
    sign_in_session(request, user)
    return RedirectResponse(target, status_code=303)


@router.post("/sign-out")
def sign_out(request: Request) -> Response:
    read_form(request)
    request.session.clear()
    return RedirectResponse("/sign-in", status_code=303)


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, actor: Actor = Depends(page_actor),
            session: Session = Depends(db)) -> Response:
    user = session.get(User, actor.user_id)
    return render(request, "account.html", {"user": UserOut.of(user) if user else None})


@router.post("/account/password", response_class=HTMLResponse)
def change_password(request: Request, actor: Actor = Depends(page_actor),
                          session: Session = Depends(db)) -> Response:
    form = read_form(request)
    user = session.get(User, actor.user_id)
    try:
        if form.get("new_password") != form.get("confirm_password"):
            raise InvalidInput("confirm_password: the two new passwords differ.", field="confirm_password")
        service.change_own_password(session, actor,
                                form.get("current_password"), form.get("new_password"))
    except UserError as exc:
        session.rollback()
        return render(request, "account.html", {"user": UserOut.of(user) if user else None,
                                                "error": exc}, status_code=exc.status)
    session.commit()
    if user is not None:
        session.refresh(user)
        sign_in_session(request, user)  # keep this session; others end
    return render(request, "account.html", {"user": UserOut.of(user) if user else None,
                                            "notice": "Your password was changed."})


def _users_page(request: Request, session: Session, actor: Actor, status_code: int = 200,
                **extra: object) -> Response:
    users = [UserOut.of(u) for u in service.list_users(session, actor)]
    return render(request, "admin_users.html",
                  {"users": users, "roles": [r.value for r in Role], "form": {}, **extra},
                  status_code=status_code)


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, actor: Actor = Depends(page_admin),
               session: Session = Depends(db)) -> Response:
    return _users_page(request, session, actor)


@router.post("/admin/users", response_class=HTMLResponse)
def add_user(request: Request, actor: Actor = Depends(page_admin),
                   session: Session = Depends(db)) -> Response:
    form = read_form(request)
    try:
        user = service.add_user(session, actor, email=form.get("email"), name=form.get("name"),
                                role=form.get("role", "member"),
                                password=form.get("password"), title=form.get("title"))
    except UserError as exc:
        session.rollback()
        return _users_page(request, session, actor, exc.status, error=exc,
                           form={k: form.get(k) for k in ("email", "name", "title", "role")})
    session.commit()
    return _users_page(request, session, actor,
                       notice=f"Added {user.person.name} as {user.role}.")


def _target(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"No account with id {user_id}.")
    return user


@router.post("/admin/users/{user_id}/role", response_class=HTMLResponse)
def set_role(user_id: int, request: Request, actor: Actor = Depends(page_admin),
                   session: Session = Depends(db)) -> Response:
    form = read_form(request)
    user = _target(session, user_id)
    try:
        service.set_role(session, actor, user.person.email, form.get("role"))
    except UserError as exc:
        session.rollback()
        return _users_page(request, session, actor, exc.status, error=exc)
    session.commit()
    return _users_page(request, session, actor, notice=f"{user.person.name} is now {user.role}.")


@router.post("/admin/users/{user_id}/reset-password", response_class=HTMLResponse)
def reset_password(user_id: int, request: Request, actor: Actor = Depends(page_admin),
                         session: Session = Depends(db)) -> Response:
    read_form(request)
    user = _target(session, user_id)
    password = service.reset_password(session, actor, user.person.email)
    session.commit()
    return _users_page(request, session, actor,
                       notice=f"New temporary password for {user.person.email}: {password} "
                       "— pass it on privately; it is not shown again.")


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(request: Request, actor: Actor = Depends(page_admin),
               session: Session = Depends(db)) -> Response:
    events = [AuditEventOut.of(e) for e in audit.recent(session, limit=300)]
    return render(request, "audit.html", {"events": events})
