"""Request dependencies: the database session and who is asking."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from dayone.auth import service as accounts
from dayone.auth import sessions
from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require_role
from dayone.errors import NotAuthenticated
from dayone.org.overview import OverviewCache
from dayone.workspace import Workspace


def workspace(request: Request) -> Workspace:
    ws: Workspace = request.app.state.workspace
    return ws


def overview(request: Request) -> OverviewCache:
    cache: OverviewCache = request.app.state.org_overview
    return cache


def db(request: Request) -> Iterator[Session]:
    """A session per request; routes commit what they change, the rest is rolled back.
    Only GET and HEAD requests get a read session.

    Every dependency and route that touches the database is a plain function, so FastAPI
    runs it in the thread pool: no database I/O on the event loop. The session takes its
    connection on first use and gives it back when closed; ``RequestLimits`` admits no more
    requests at once than the pool has connections, so none waits on another's."""
    ws = workspace(request)
    session = ws.read_sessions() if request.method in ("GET", "HEAD") else ws.sessions()
    try:
        yield session
    finally:
        session.close()


def sign_in_session(request: Request, session_secret: str) -> None:
    """Carry a new server-side session in the cookie. Everything else is dropped and the
    CSRF token renewed: nothing from before the sign-in (session fixation) survives it."""
    request.session.clear()
    request.session.update({"sid": session_secret, "csrf": secrets.token_urlsafe(32)})


def session_actor(request: Request) -> Actor | None:
    """The signed-in user, or None. The cookie's session is looked up in one short read of
    its own; the visit is recorded (at most every few minutes) in a short write of its own,
    both before the request's own session begins (SQLite has one writer at a time)."""
    secret = request.session.get("sid")
    if secret is None:
        return None
    ws = workspace(request)
    with ws.read_sessions() as reader:
        found = sessions.resolve(reader, secret)
        actor = accounts.actor_for(found.user) if found else None
    if found is None:
        request.session.pop("sid", None)
        return None
    if found.needs_touch:
        with ws.session() as writer:
            sessions.touch(writer, found.id)
    return actor


def page_actor(request: Request) -> Actor:
    actor = session_actor(request)
    if actor is None:
        raise NotAuthenticated("Sign in to see this page.")
    request.state.actor = actor
    return actor


def page_admin(actor: Actor = Depends(page_actor)) -> Actor:
    require_role(actor, Role.ADMIN, "open the admin pages")
    return actor


def api_actor(request: Request) -> Actor:
    """The token's owner. Looked up, and its use recorded, in short transactions of their
    own that end before the request's session begins (SQLite has one writer at a time)."""
    ws = workspace(request)
    with ws.read_sessions() as session:
        token = accounts.token_for_bearer(session, request.headers.get("authorization"))
        actor, token_id, stale = accounts.actor_for(token.user), token.id, accounts.needs_touch(token)
    if stale:
        with ws.session() as writer:
            accounts.touch_token(writer, token_id)
    return actor


def api_admin(actor: Actor = Depends(api_actor)) -> Actor:
    require_role(actor, Role.ADMIN, "use the admin API")
    return actor
