"""One error shape for the API, a readable page for people, never a traceback."""

from __future__ import annotations

import logging
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dayone.errors import (
    Archived,
    DayOneError,
    InternalError,
    InvalidInput,
    NotAuthenticated,
    TooManyAttempts,
)
from dayone.web.forms import invalid_from_errors
from dayone.web.render import render

log = logging.getLogger("dayone.web")


def _is_api(request: Request) -> bool:
    """API paths, and page endpoints that scripts on the page call with JSON (the editor's checks)."""
    return request.url.path.startswith("/api/") or request.headers.get("content-type", "").startswith(
        "application/json")


# the list page of each part of the app: where to go from a record that is not there
SECTIONS = {"people": "People", "teams": "Teams", "initiatives": "Initiatives", "documents": "Documents",
            "reviews": "Reviews", "wbr": "WBR", "decisions": "Decisions", "mechanisms": "Mechanisms"}
ADMIN_PAGES = {"users": "Accounts", "audit": "Audit log", "checks": "Writing rules"}


def came_from(request: Request) -> str | None:
    """The page of this app the browser came from (its Referer), or None: another site, or this page."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc != request.url.netloc or not referer.path.startswith("/") or referer.path.startswith("//"):
        return None
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    back = referer.path + (f"?{referer.query}" if referer.query else "")
    return None if back == here and request.method == "GET" else back


def next_steps(request: Request, exc: DayOneError) -> list[tuple[str, str]]:
    """Links out of an error page: back where the person came from, then the obvious next step."""
    steps: list[tuple[str, str]] = []
    back = came_from(request)
    if back:
        steps.append((back, "Go back to the page you came from"))
    parts = [p for p in request.url.path.split("/") if p]
    if exc.status == 409 and request.method == "GET":
        steps.append((request.url.path, "Reload this page"))
    if parts[:1] == ["admin"] and len(parts) > 1 and parts[1] in ADMIN_PAGES:
        steps.append((f"/admin/{parts[1]}", ADMIN_PAGES[parts[1]]))
    elif parts and parts[0] in SECTIONS and (len(parts) > 1 or exc.status != 404):
        steps.append((f"/{parts[0]}", f"All {SECTIONS[parts[0]]}" if parts[0] != "wbr" else "The latest WBR"))
    if exc.status in (401, 403) and getattr(request.state, "actor", None) is None:
        steps.append(("/sign-in", "Sign in"))
    steps.append(("/org", "Organization"))
    unique: dict[str, str] = {}
    for href, label in steps:
        unique.setdefault(href, label)
    return list(unique.items())


def error_response(request: Request, exc: DayOneError) -> Response:
    headers = {}
    if isinstance(exc, TooManyAttempts):
        headers["Retry-After"] = str(exc.retry_after)
    if _is_api(request):
        if isinstance(exc, NotAuthenticated):
            headers["WWW-Authenticate"] = "Bearer"
        return JSONResponse(exc.to_dict(), status_code=exc.status, headers=headers)
    if isinstance(exc, NotAuthenticated) and request.method == "GET":
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/sign-in?next={quote(target)}", status_code=303)
    template = "archived.html" if isinstance(exc, Archived) else "error.html"
    return render(request, template, {"error": exc, "steps": next_steps(request, exc)}, status_code=exc.status)


def install(app: FastAPI) -> None:
    @app.exception_handler(DayOneError)
    async def _dayone(request: Request, exc: DayOneError) -> Response:
        if isinstance(exc, InternalError):
            log.exception("internal error", exc_info=exc)
        return error_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            first = errors[0]
            where = first.get("ctx", {}).get("error", "")
            return error_response(
                request, InvalidInput(f"body: not valid JSON ({where}); send a JSON object.", field="body")
            )
        return error_response(request, invalid_from_errors(errors))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 400 and "parsing the body" in str(exc.detail):
            return error_response(request, InvalidInput(
                "body: cannot be read as JSON; send a UTF-8 JSON object.", field="body"))
        messages = {404: "There is nothing at this address.", 405: "This address does not take that method."}
        error = DayOneError(messages.get(exc.status_code, str(exc.detail)))
        error.status = exc.status_code
        error.code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return error_response(request, error)

    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def _out_of_range(request: Request, exc: Exception) -> Response:
        return error_response(request, InvalidInput("A number or a date is out of range; check the ids and "
                                                    "dates you sent."))

    @app.exception_handler(PoolTimeout)
    async def _pool_exhausted(request: Request, exc: Exception) -> Response:
        log.warning("no database connection free for %s %s", request.method, request.url.path)
        busy = DayOneError("The server is busy; try again in a few seconds.")
        busy.status, busy.code = 503, "busy"
        response = error_response(request, busy)
        response.headers["Retry-After"] = "5"
        return response


class UnexpectedErrors:
    """Our bugs become a logged traceback and a plain 500 page or JSON error, and the
    connection stays open for the client's next request. (Starlette's own last-resort
    handler re-raises after answering, and the server then drops the keep-alive connection.)
    Innermost of the app's middleware, so the session and the headers still apply."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            request = Request(scope)
            log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
            if started:
                raise  # half a response is out: only closing the connection can say it failed
            response = error_response(request, InternalError("Something went wrong on our side; it has been logged."))
            await response(scope, receive, send)
