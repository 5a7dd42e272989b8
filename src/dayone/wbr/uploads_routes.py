"""Pages for the WBR's own data: upload a CSV or Parquet file, see what it holds, and start the
metrics file from it (or take it as a source's new data)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require_role
from dayone.errors import InvalidInput, NotFound, ValidationFailed
from dayone.metrics import starter
from dayone.wbr import service, uploaders, uploads
from dayone.web.deps import db, page_actor, workspace
from dayone.web.forms import FormData, read_form, read_upload
from dayone.web.render import render

router = APIRouter(include_in_schema=False)


def _current_version(session: Session) -> int | None:
    try:
        return service.current_file(session).id
    except NotFound:
        return None


def _data_page(request: Request, session: Session, actor: Actor, *, error: Any = None, status: int = 200,
               notice: str | None = None, name: str = "") -> Response:
    settings = workspace(request).settings
    return render(request, "wbr_data.html", {
        "uploads": uploads.listed(settings), "error": error, "notice": notice, "name": name,
        "max_bytes": settings.wbr_upload_max_bytes, "has_file": _current_version(session) is not None,
        "admin": actor.is_admin, "uploaders": uploaders.listed(session) if actor.is_admin else [],
        "candidates": uploaders.candidates(session) if actor.is_admin else []}, status_code=status)


@router.get("/wbr/data", response_class=HTMLResponse)
def data_page(request: Request, actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    uploaders.require_uploader(session, actor, "upload data for the WBR")
    return _data_page(request, session, actor)


@router.post("/wbr/data")
def upload(request: Request, actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    uploaders.require_uploader(session, actor, "upload data for the WBR")
    form, sent = read_upload(request)
    try:
        if sent is None:
            raise InvalidInput("file: choose a CSV or Parquet file to upload.", field="file")
        name = uploads.source_name(form.get("name"), sent.filename)
        uploads.receive(session, workspace(request).settings, actor, name, sent.path, sent.filename)
    except InvalidInput as exc:
        if sent is not None:
            sent.path.unlink(missing_ok=True)
        return _data_page(request, session, actor, error=exc, status=422, name=form.get("name"))
    return RedirectResponse(f"/wbr/data/{name}", status_code=303)


@router.post("/wbr/data/uploaders")
def set_uploaders(request: Request, actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    """The members allowed to upload, as the admin ticked them."""
    form = read_form(request)
    try:
        chosen = uploaders.set_uploaders(session, actor, form.getlist("uploaders"))
    except InvalidInput as exc:
        session.rollback()
        return _data_page(request, session, actor, error=exc, status=422)
    session.commit()
    return _data_page(request, session, actor, notice=(
        f"{', '.join(chosen)} may upload WBR data." if chosen else "Only admins may upload WBR data now."))


def _preview_page(request: Request, session: Session, actor: Actor, name: str, *, error: Any = None,
                  problems: Any = None, status: int = 200, form: FormData | None = None) -> Response:
    settings = workspace(request).settings
    upload, found = uploads.pending_preview(settings, name)
    try:
        metrics = service.load(session)
        readers = uploads.reads(metrics, upload.path.with_name(f"{name}.{upload.kind}"))
    except (NotFound, ValidationFailed):
        readers = []
    chosen = set(form.getlist("metric")) if form else {c.column for c in found.suggested}
    return render(request, "wbr_data_preview.html", {
        "name": name, "upload": upload, "preview": found, "readers": readers, "error": error,
        "problems": problems or [], "chosen": chosen, "based_on": _current_version(session),
        "aggregations": ("sum", "mean", "min", "max", "count_distinct", "p50", "p90"),
        "weekdays": starter.WEEKDAYS, "form": form, "admin": actor.is_admin}, status_code=status)


@router.get("/wbr/data/{name}", response_class=HTMLResponse)
def preview_page(name: str, request: Request, actor: Actor = Depends(page_actor),
                 session: Session = Depends(db)) -> Response:
    uploaders.require_uploader(session, actor, "upload data for the WBR")
    return _preview_page(request, session, actor, uploads.source_name(name))


def _choices(form: FormData, found: starter.Preview) -> list[starter.Choice]:
    words = [f"{column}:{form.get('aggregation:' + column) or starter.default_aggregation(column)}"
             for column in form.getlist("metric")]
    if form.get("rows") == "count":
        words.append("rows:count")
    top, bottom = form.get("ratio_top"), form.get("ratio_bottom")
    chosen = starter.parse_choices(found, words, [])
    if top and bottom:
        names = {c.column: c.name for c in chosen if c.column} | {"rows": "rows"}
        if top not in names or bottom not in names:
            raise InvalidInput("ratio: pick two of the chosen columns for the ratio.", field="ratio_top")
        chosen += starter.parse_choices(found, words, [f"{names[top]}/{names[bottom]}"])[len(chosen):]
    return chosen


@router.post("/wbr/data/{name}/start")
def start(name: str, request: Request, actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    require_role(actor, Role.ADMIN, "start the metrics file from uploaded data")
    name = uploads.source_name(name)
    form = read_form(request)
    settings = workspace(request).settings
    based_on = form.get("based_on")
    try:
        _, found = uploads.pending_preview(settings, name)
        if not form.getlist("metric") and form.get("rows") != "count":
            raise InvalidInput("metric: choose at least one column to make a metric of.", field="metric")
        uploads.start(session, settings, actor, name, _choices(form, found),
                      based_on=int(based_on) if based_on.isdigit() else None,
                      date_column=form.get("date_column") or None, week_ending=form.get("week_ending") or None)
    except (InvalidInput, ValidationFailed) as exc:
        session.rollback()
        problems = list(exc.details or []) if isinstance(exc, ValidationFailed) else []
        return _preview_page(request, session, actor, name, error=exc, problems=problems, status=422, form=form)
    session.commit()
    return RedirectResponse("/wbr", status_code=303)


@router.post("/wbr/data/{name}/accept")
def accept(name: str, request: Request, actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    uploaders.require_uploader(session, actor, "replace the WBR's data")
    name = uploads.source_name(name)
    read_form(request)
    try:
        upload, readers = uploads.accept(session, workspace(request).settings, actor, name)
    except (InvalidInput, ValidationFailed) as exc:
        session.rollback()
        problems = list(exc.details or []) if isinstance(exc, ValidationFailed) else []
        return _preview_page(request, session, actor, name, error=exc, problems=problems, status=422)
    session.commit()
    used = f"; the deck's {', '.join(readers)} source reads it" if readers else ""
    return _data_page(request, session, actor, notice=f"{upload.path.name} is now the data of {name}{used}.")
