"""The WBR's data over the API: upload a CSV or Parquet file, preview it, write a starter
metrics file from it (and use it), or take it as a source's new data."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require_role
from dayone.errors import InvalidInput
from dayone.metrics import starter
from dayone.wbr import service, uploaders, uploads
from dayone.web.deps import api_actor, db, workspace
from dayone.web.limits import UPLOAD_KEY
from dayone.web.paging import Page, paging

router = APIRouter(prefix="/api/v1/wbr/data", tags=["wbr"])
# not under /data: a PUT there is a data file, streamed to disk (web/limits.py)
uploaders_router = APIRouter(prefix="/api/v1/wbr/uploaders", tags=["wbr"])
_TYPES = {"text/csv": "csv", "application/csv": "csv", "application/vnd.apache.parquet": "parquet",
          "application/x-parquet": "parquet"}


@router.get("")
def list_uploads(request: Request, actor: Actor = Depends(api_actor),
                 session: Session = Depends(db), page: Page = Depends(paging)) -> list[dict[str, Any]]:
    """Every source's uploaded data file (admins and the members allowed to upload)."""
    uploaders.require_uploader(session, actor, "see the WBR's data files")
    return [u.to_dict() for u in page.of(uploads.listed(workspace(request).settings))]


class UploadersIn(BaseModel):
    """The members allowed to upload the WBR's data, by email (the whole list)."""

    model_config = ConfigDict(extra="forbid")
    uploaders: list[str] = Field(max_length=uploaders.MAX_UPLOADERS)


@uploaders_router.get("")
def list_uploaders(actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> dict[str, Any]:
    """The members an admin allowed to upload (admins may always; viewers never). Admins only."""
    require_role(actor, Role.ADMIN, "see who may upload WBR data")
    return {"uploaders": uploaders.listed(session)}


@uploaders_router.put("")
def put_uploaders(body: UploadersIn, actor: Actor = Depends(api_actor),
                  session: Session = Depends(db)) -> dict[str, Any]:
    """Replace the members allowed to upload (admins only); an email that is no member's is refused."""
    chosen = uploaders.set_uploaders(session, actor, body.uploaders)
    session.commit()
    return {"uploaders": chosen}


@router.put("/{name}", status_code=201, openapi_extra={"requestBody": {"content": {
    "text/csv": {"schema": {"type": "string"}}, "application/vnd.apache.parquet": {"schema": {"type": "string",
                                                                                              "format": "binary"}}}}})
def upload(name: str, request: Request, actor: Actor = Depends(api_actor),
           session: Session = Depends(db)) -> dict[str, Any]:
    """The request's body (a CSV or a Parquet file, as its Content-Type says) becomes NAME's
    pending upload; the answer is its preview. Streamed to disk, at most
    DAYONE_WBR_UPLOAD_MAX_BYTES. Nothing the deck reads changes until it is accepted or a
    starter file is made from it. Admins and the members allowed to upload."""
    uploaders.require_uploader(session, actor, "upload data for the WBR")
    name = uploads.source_name(name)
    spooled = request.scope.get(UPLOAD_KEY)
    kind = _TYPES.get(request.headers.get("content-type", "").split(";")[0].strip().lower())
    if spooled is None:
        raise InvalidInput("The request's body is empty: send the file as the body.", field="body")
    if kind is None:
        raise InvalidInput("Content-Type: send text/csv or application/vnd.apache.parquet.", field="content-type")
    upload, found = uploads.receive(session, workspace(request).settings, actor, name, spooled, f"{name}.{kind}")
    return {"upload": upload.to_dict(), "preview": found.to_dict()}


@router.get("/{name}/preview")
def preview(name: str, request: Request, actor: Actor = Depends(api_actor),
            session: Session = Depends(db)) -> dict[str, Any]:
    """What NAME's pending upload holds."""
    uploaders.require_uploader(session, actor, "see the WBR's data files")
    upload, found = uploads.pending_preview(workspace(request).settings, uploads.source_name(name))
    return {"upload": upload.to_dict(), "preview": found.to_dict()}


class StarterIn(BaseModel):
    """The metrics to make of an upload, as `dayone wbr init` takes them."""

    model_config = ConfigDict(extra="forbid")
    metrics: list[str] = Field(default_factory=list, max_length=200,
                               description="COLUMN or COLUMN:AGGREGATION (rows:count counts rows); "
                               "default: every number column")
    ratios: list[str] = Field(default_factory=list, max_length=50, description="NUMERATOR/DENOMINATOR")
    date_column: str | None = Field(None, max_length=200)
    week_ending: str | None = Field(None, max_length=20)
    use: bool = Field(False, description="Make it the workspace's metrics file (and the upload its data)")
    based_on: int | None = Field(None, description="With use: the metrics-file version it replaces")


@router.post("/{name}/starter")
def starter_file(name: str, body: StarterIn, request: Request, actor: Actor = Depends(api_actor),
                 session: Session = Depends(db)) -> dict[str, Any]:
    """A starter metrics file for NAME's pending upload; with ``use`` (admins only), also saved
    as the workspace's metrics file (after the deck computes on it)."""
    if body.use:
        require_role(actor, Role.ADMIN, "start the metrics file from uploaded data")
    uploaders.require_uploader(session, actor, "see the WBR's data files")
    settings = workspace(request).settings
    name = uploads.source_name(name)
    _, found = uploads.pending_preview(settings, name)
    choices = starter.parse_choices(found, body.metrics, body.ratios)
    if not body.use:
        kind = found.kind
        text = starter.starter_file(found, choices, data_path=f"uploads/{name}.{kind}", source=name.replace("-", "_"),
                                    week_ending=body.week_ending, date_column=body.date_column)
        return {"body": text, "version": None}
    version = uploads.start(session, settings, actor, name, choices, based_on=body.based_on,
                            date_column=body.date_column, week_ending=body.week_ending)
    session.commit()
    return {"body": version.body, "version": version.id, "week_ending": service.deck(session, None,
                                                                                     actor=actor)["week_ending"]}


@router.post("/{name}/accept")
def accept(name: str, request: Request, actor: Actor = Depends(api_actor),
           session: Session = Depends(db)) -> dict[str, Any]:
    """NAME's pending upload becomes its data, once every metric reading it computes on it."""
    upload, readers = uploads.accept(session, workspace(request).settings, actor, uploads.source_name(name))
    session.commit()
    return {"upload": upload.to_dict(), "sources": readers}
