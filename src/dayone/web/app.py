"""The app factory: one FastAPI app built from one workspace, no import-time globals."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from dayone import __version__
from dayone.auth import api as accounts_api
from dayone.auth import routes as accounts_pages
from dayone.org import api as org_api
from dayone.org import routes as org_pages
from dayone.web import errors
from dayone.workspace import Workspace

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; frame-ancestors 'none'; form-action 'self'",
}


def create_app(ws: Workspace) -> FastAPI:
    app = FastAPI(
        title="Day One API",
        version=__version__,
        description="Script everything Day One does. Authenticate with "
        "`Authorization: Bearer <token>` (create one with `dayone token create --user EMAIL`).",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )
    app.state.workspace = ws
    app.add_middleware(
        SessionMiddleware,
        secret_key=ws.secret_key,
        session_cookie="dayone_session",
        max_age=ws.settings.session_max_age,
        same_site="lax",
        https_only=ws.settings.secure_cookies,
    )

    @app.middleware("http")
    async def _security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            if name == "Content-Security-Policy" and request.url.path == "/api/v1/docs":
                continue  # the interactive API docs load their own scripts
            response.headers.setdefault(name, value)
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    errors.install(app)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/org", status_code=303)

    @app.get("/-/health", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    app.include_router(accounts_pages.router)
    app.include_router(org_pages.router)
    app.include_router(accounts_api.router)
    app.include_router(org_api.router)
    return app
