"""Pages for signing in and out, one's own account, and account administration."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone import audit
from dayone.auth import service, sessions, signin
from dayone.auth.models import ApiToken, Role, User
from dayone.auth.permissions import Actor
from dayone.auth.schemas import AuditEventOut, TokenOut, UserOut
from dayone.errors import InvalidInput, NotFound, TooManyAttempts, UserError
from dayone.web.deps import db, page_actor, page_admin, session_actor, sign_in_session, workspace
from dayone.web.forms import is_number, read_form, require_filled
from dayone.web.render import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/agenda"


def _client(request: Request) -> tuple[str, str]:
    """The client's address and browser, as recorded on its session."""
    return (request.client.host if request.client else ""), request.headers.get("user-agent", "")


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request, next: str = "/agenda") -> Response:
    if session_actor(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "sign_in.html", {"next": _safe_next(next), "email": ""})


@router.post("/sign-in", response_class=HTMLResponse)
def sign_in(request: Request) -> Response:
    form = read_form(request)
    email, target = form.get("email"), _safe_next(form.get("next"))
    address, agent = _client(request)
    try:
        # sign_in opens its own short transactions: argon2 (~150 ms) runs with none open
        signed_in = signin.sign_in(workspace(request), email, form.get("password"),
                                   address=address, user_agent=agent)
    except UserError as exc:
        page = render(request, "sign_in.html", {"next": target, "email": email, "error": exc},
                      status_code=exc.status)
        if isinstance(exc, TooManyAttempts):
            page.headers["Retry-After"] = str(exc.retry_after)
        return page
    sign_in_session(request, signed_in.session_secret)
    if signed_in.reset_since_last_sign_in:  # say so first: someone else had this account's key
        return RedirectResponse("/account?reset=1", status_code=303)
    return RedirectResponse(target, status_code=303)


def _end_session(request: Request) -> None:
    with workspace(request).session() as writer:
        sessions.end(writer, request.session.get("sid"))


@router.post("/sign-out")
def sign_out(request: Request) -> Response:
    read_form(request)
    _end_session(request)  # a copy of the cookie stops working too
    request.session.clear()
    return RedirectResponse("/sign-in", status_code=303)


def _account_page(request: Request, user: User | None, status_code: int = 200, **extra: object) -> Response:
    from dayone import timezones
    from dayone.notify import mailer
    from dayone.notify.routes import account_section

    tokens: list[TokenOut] = []
    rows: list[dict[str, object]] = []
    if user is not None:
        with workspace(request).read_sessions() as reader:
            tokens = [TokenOut.of(t) for t in reader.scalars(
                select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc()))]
            rows = account_section(reader, user.person_id)
    extra.setdefault("notification_rows", rows)
    extra.setdefault("email_configured", mailer.configured(workspace(request).settings))
    return render(request, "account.html", {"user": UserOut.of(user) if user else None, "tokens": tokens,
                                            "token_days": service.TOKEN_DAYS, "token_max_days": service.TOKEN_MAX_DAYS,
                                            "zones": sorted(timezones.names()), **extra}, status_code=status_code)


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, reset: str = "", revoked: str = "", saved: str = "",
            actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    notice = f"Token {revoked}… is revoked: it no longer works." if revoked.startswith("d1_") and len(revoked) <= 16 \
        else "Your notification choices are saved." if saved == "notifications" else None
    return _account_page(request, session.get(User, actor.user_id), just_signed_in_after_reset=reset == "1",
                         notice=notice)


def _me(request: Request, actor: Actor) -> User | None:
    with workspace(request).read_sessions() as reader:
        return reader.get(User, actor.user_id)


@router.post("/account/tokens", response_class=HTMLResponse)
def create_token(request: Request, actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    """A new API token of one's own, shown once on the page that answers."""
    form = read_form(request)
    days = form.get("days").strip() or str(service.TOKEN_DAYS)
    try:
        if not is_number(days):
            raise InvalidInput(f"days: give a whole number of days, 1 to {service.TOKEN_MAX_DAYS}.", field="days")
        issued = service.create_token(session, actor, actor.label, form.get("name"), days=int(days))
    except UserError as exc:
        session.rollback()
        return _account_page(request, _me(request, actor), exc.status, error=exc,
                             token_form={"name": form.get("name"), "days": days})
    session.commit()
    return _account_page(request, _me(request, actor), new_token=issued.secret,
                         notice="Your new API token is below. Copy it now: it is not shown again.")


@router.get("/account/tokens/{token_id}/revoke", response_class=HTMLResponse)
def confirm_revoke(token_id: int, request: Request, actor: Actor = Depends(page_actor),
                   session: Session = Depends(db)) -> Response:
    token = TokenOut.of(service.own_token(session, actor, token_id))
    return render(request, "token_revoke.html", {"token": token})


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(token_id: int, request: Request, actor: Actor = Depends(page_actor),
                 session: Session = Depends(db)) -> Response:
    read_form(request)
    token = service.own_token(session, actor, token_id)
    service.revoke_token(session, actor, str(token.id))
    prefix = token.prefix
    session.commit()
    return RedirectResponse(f"/account?revoked={prefix}", status_code=303)


@router.post("/account/password", response_class=HTMLResponse)
def change_password(request: Request, actor: Actor = Depends(page_actor)) -> Response:
    form = read_form(request)
    address, agent = _client(request)
    try:
        require_filled(form, {"current_password": "Current password", "new_password": "New password",
                       "confirm_password": "New password again"})
        if form.get("new_password") != form.get("confirm_password"):
            raise InvalidInput("confirm_password: the two new passwords differ.", field="confirm_password")
        # its own short transactions: argon2 runs twice here, with none open
        secret = signin.change_password(workspace(request), actor, form.get("current_password"),
                                        form.get("new_password"), address=address, user_agent=agent)
    except UserError as exc:
        return _account_page(request, _me(request, actor), exc.status, error=exc)
    sign_in_session(request, secret)  # every session ended; this browser gets a new one
    return _account_page(request, _me(request, actor), notice="Your password was changed. Your other "
                         "sessions and your API tokens have ended.")


@router.post("/account/time-zone", response_class=HTMLResponse)
def change_time_zone(request: Request, actor: Actor = Depends(page_actor),
                     session: Session = Depends(db)) -> Response:
    form = read_form(request)
    try:
        user = service.set_time_zone(session, actor, form.get("time_zone"))
    except UserError as exc:
        session.rollback()
        return _account_page(request, session.get(User, actor.user_id), exc.status, error=exc,
                             typed_time_zone=form.get("time_zone"))
    session.commit()
    # this page already shows times in the new zone
    request.state.actor = service.actor_for(user)
    return _account_page(request, user, notice=f"Your time zone is now {user.person.time_zone}: pages show "
                         "times in it.")


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
        require_filled(form, {"name": "Name", "email": "Email", "password": "Initial password"})
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
    if user.id == actor.user_id:  # one's own reset ends one's sessions: keep this browser signed in
        address, agent = _client(request)
        secret = sessions.open_session(session, user.id, address=address, user_agent=agent,
                                       max_age_seconds=workspace(request).settings.session_max_age)
        sign_in_session(request, secret)
    session.commit()
    return _users_page(request, session, actor,
                       notice=f"New temporary password for {user.person.email}: {password} "
                       "— pass it on privately; it is not shown again. Their sessions and API "
                       "tokens have ended, and they will be told that you reset it.")


@router.post("/admin/users/{user_id}/active", response_class=HTMLResponse)
def set_active(user_id: int, request: Request, actor: Actor = Depends(page_admin),
               session: Session = Depends(db)) -> Response:
    form = read_form(request)
    user = _target(session, user_id)
    active = form.get("active") == "yes"
    try:
        service.set_active(session, actor, user.person.email, active)
    except UserError as exc:
        session.rollback()
        return _users_page(request, session, actor, exc.status, error=exc)
    session.commit()
    state = "active again" if active else "deactivated; their sessions have ended"
    return _users_page(request, session, actor, notice=f"{user.person.name} is {state}.")


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(request: Request, actor: Actor = Depends(page_admin),
               session: Session = Depends(db)) -> Response:
    events = [AuditEventOut.of(e) for e in audit.recent(session, limit=300)]
    return render(request, "audit.html", {"events": events})
