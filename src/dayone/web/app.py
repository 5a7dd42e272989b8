"""The app factory: one FastAPI app built from one workspace, no import-time globals."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dayone import __version__
from dayone.agenda import api as agenda_api
from dayone.agenda import routes as agenda_pages
from dayone.archive import api as archive_api
from dayone.archive import routes as archive_pages
from dayone.auth import api as accounts_api
from dayone.auth import routes as accounts_pages
from dayone.decisions import api as decisions_api
from dayone.decisions import routes as decisions_pages
from dayone.documents import api as documents_api
from dayone.documents import review_api, review_routes
from dayone.documents import routes as documents_pages
from dayone.experiments import api as experiments_api
from dayone.experiments import routes as experiments_pages
from dayone.goals import api as goals_api
from dayone.goals import routes as goals_pages
from dayone.hiring import api as hiring_api
from dayone.hiring import routes as hiring_pages
from dayone.mechanisms import api as mechanisms_api
from dayone.mechanisms import routes as mechanisms_pages
from dayone.notify import api as notify_api
from dayone.notify import routes as notify_pages
from dayone.org import api as org_api
from dayone.org import routes as org_pages
from dayone.org.overview import OverviewCache
from dayone.search import api as search_api
from dayone.search import routes as search_pages
from dayone.settings import Settings
from dayone.wbr import api as wbr_api
from dayone.wbr import routes as wbr_pages
from dayone.wbr import uploads, uploads_api, uploads_routes
from dayone.wbr.deck import STATIC as deck_static
from dayone.web import errors
from dayone.web.limits import RequestLimits
from dayone.workspace import Workspace

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; frame-ancestors 'none'; form-action 'self'",
}


# Swagger UI's files as the fastapi-offline package ships them: pinned, served from here
SWAGGER_UI = Path(str(importlib.resources.files("fastapi_offline") / "static"))
API_DOCS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Day One API</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/swagger-ui/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/static/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/api-docs.js"></script></body></html>
"""


class SecurityHeaders:
    """Pure ASGI middleware (BaseHTTPMiddleware costs a task group per request)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if not path.startswith("/static/"):
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def app_from_environment() -> FastAPI:
    """Factory for uvicorn worker processes: each opens the workspace from DAYONE_* settings."""
    return create_app(Workspace.open(Settings()))


def create_app(ws: Workspace) -> FastAPI:
    app = FastAPI(
        title="Day One API",
        version=__version__,
        description="Script everything Day One does. Authenticate with "
        "`Authorization: Bearer <token>` (create one with `dayone token create --user EMAIL`).",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # served below from local assets, under the same CSP as every page
        redoc_url=None,
    )
    app.state.workspace = ws
    app.state.org_overview = OverviewCache()
    app.add_middleware(errors.UnexpectedErrors)  # innermost: sessions and headers still apply
    app.add_middleware(
        SessionMiddleware,
        secret_key=ws.secret_key,
        session_cookie="dayone_session",
        max_age=ws.settings.session_max_age,
        same_site="lax",
        https_only=ws.settings.secure_cookies,
    )

    app.add_middleware(SecurityHeaders)
    settings = ws.settings
    app.add_middleware(RequestLimits, max_body=settings.max_request_bytes,  # outermost
                       body_seconds=settings.request_body_seconds, concurrency=settings.max_concurrent_requests,
                       queue_seconds=settings.request_queue_seconds, queue_limit=20 * settings.max_concurrent_requests,
                       upload_dir=uploads.incoming(settings), max_upload=settings.wbr_upload_max_bytes,
                       upload_seconds=settings.upload_seconds)

    errors.install(app)
    app.mount("/static/swagger-ui", StaticFiles(directory=SWAGGER_UI), name="swagger-ui")
    app.mount("/static/wbr", StaticFiles(directory=deck_static), name="wbr-static")
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")

    @app.get("/api/v1/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(API_DOCS)

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/agenda", status_code=303)  # My week (sign-in first when anonymous)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> RedirectResponse:  # browsers ask for it on pages that name no icon
        return RedirectResponse("/static/favicon.svg", status_code=301)

    @app.api_route("/-/health", methods=["GET", "HEAD"], include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    app.include_router(accounts_pages.router)
    app.include_router(agenda_pages.router)
    app.include_router(agenda_api.router)
    app.include_router(notify_pages.router)
    app.include_router(notify_api.router)
    app.include_router(org_pages.router)
    app.include_router(accounts_api.router)
    app.include_router(org_api.router)
    app.include_router(documents_pages.router)
    app.include_router(documents_api.router)
    app.include_router(review_routes.router)
    app.include_router(review_api.router)
    app.include_router(decisions_pages.router)
    app.include_router(decisions_api.router)
    app.include_router(experiments_pages.router)
    app.include_router(experiments_api.router)
    app.include_router(hiring_pages.router)
    app.include_router(hiring_api.router)
    app.include_router(goals_pages.router)
    app.include_router(goals_api.router)
    app.include_router(mechanisms_pages.router)
    app.include_router(mechanisms_api.router)
    app.include_router(search_pages.router)
    app.include_router(search_api.router)
    app.include_router(archive_pages.router)  # before /wbr/{week_ending}
    app.include_router(archive_api.router)
    app.include_router(uploads_routes.router)  # before /wbr/{week_ending}
    app.include_router(wbr_pages.router)
    app.include_router(uploads_api.router)  # before /api/v1/wbr/{week_ending}
    app.include_router(uploads_api.uploaders_router)
    app.include_router(wbr_api.router)
    return app
