"""Pages of the archive: what it holds, the confirmation before archiving a record, its
restore, and an admin's removal for good (with its own confirmation).

Each kind's archive and restore live under the kind's own pages (``/initiatives/3/archive``);
removal for good under ``/archive/{kind}/{ref}/purge``. No page runs a script: each
confirmation is a plain form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from dayone.archive import service
from dayone.archive.records import KINDS
from dayone.auth.permissions import Actor
from dayone.web.deps import db, page_actor
from dayone.web.forms import read_form
from dayone.web.render import render

router = APIRouter(include_in_schema=False)


def page_of(kind: str, ref: str) -> str:
    """Where a live record is shown."""
    return "/wbr/metrics" if kind == "metric" else f"/{KINDS[kind].plural}/{ref}"


def restore_url(kind: str, ref: str) -> str:
    return f"/wbr/metrics/{quote(ref, safe='')}/restore" if kind == "metric" else f"/{KINDS[kind].plural}/{ref}/restore"


HELPERS = {"page_of": page_of, "restore_url": restore_url}


@router.get("/archive", response_class=HTMLResponse)
def archive_page(request: Request, archived: str = "", purged: str = "", actor: Actor = Depends(page_actor),
                 session: Session = Depends(db)) -> Response:
    entries = service.list_archived(session, actor)
    notice = None
    kind, _, ref = archived.partition(":")
    done = next((e for e in entries if e.kind == kind and e.ref == ref), None)
    if done is not None:
        notice = (f"{done.label} {done.title or ref} is in the archive."
                  + (" Restore it below if that was a mistake." if done.may_restore else ""))
    kind, _, ref = purged.partition(":")
    if kind in service.KIND_NAMES and ref and len(ref) <= 200:
        notice = f"Removed the {kind} {ref} for good."
    return render(request, "archive.html", {"entries": entries, "notice": notice, **HELPERS})


def _confirm(request: Request, plan: service.Plan, action: str) -> Response:
    return render(request, "archive_confirm.html", {"plan": plan, "action": action, **HELPERS})


def _archive_routes(kind: str, plural: str) -> None:
    """The confirmation, the archive and the restore of one kind."""
    param = f"{kind}_id"  # named as the kind's other pages name it: /teams/{team_id}
    record_id_in_path = Path(alias=param)

    def confirm(request: Request, record_id: int = record_id_in_path, actor: Actor = Depends(page_actor),
                session: Session = Depends(db)) -> Response:
        return _confirm(request, service.archive_plan(session, actor, kind, record_id), "archive")

    def do_archive(request: Request, record_id: int = record_id_in_path, actor: Actor = Depends(page_actor),
                   session: Session = Depends(db)) -> Response:
        read_form(request)
        service.archive(session, actor, kind, record_id)
        session.commit()
        return RedirectResponse(f"/archive?archived={kind}:{record_id}", status_code=303)

    def do_restore(request: Request, record_id: int = record_id_in_path, actor: Actor = Depends(page_actor),
                   session: Session = Depends(db)) -> Response:
        read_form(request)
        service.restore(session, actor, kind, record_id)
        session.commit()
        return RedirectResponse(page_of(kind, str(record_id)), status_code=303)

    add: Callable[..., Any] = router.add_api_route
    add(f"/{plural}/{{{param}}}/archive", confirm, methods=["GET"], name=f"confirm_archive_{kind}",
        response_class=HTMLResponse)
    add(f"/{plural}/{{{param}}}/archive", do_archive, methods=["POST"], name=f"archive_{kind}")
    add(f"/{plural}/{{{param}}}/restore", do_restore, methods=["POST"], name=f"restore_{kind}")


for _kind in KINDS.values():
    _archive_routes(_kind.name, _kind.plural)


@router.post("/wbr/metrics/{name}/restore")
def restore_metric(name: str, request: Request, actor: Actor = Depends(page_actor),
                   session: Session = Depends(db)) -> Response:
    read_form(request)
    service.restore(session, actor, "metric", name)
    session.commit()
    return RedirectResponse("/wbr/metrics", status_code=303)


@router.get("/archive/{kind}/{ref}/purge", response_class=HTMLResponse)
def confirm_purge(kind: str, ref: str, request: Request, actor: Actor = Depends(page_actor),
                  session: Session = Depends(db)) -> Response:
    return _confirm(request, service.purge_plan(session, actor, kind, ref), "purge")


@router.post("/archive/{kind}/{ref}/purge")
def purge(kind: str, ref: str, request: Request, actor: Actor = Depends(page_actor),
          session: Session = Depends(db)) -> Response:
    read_form(request)
    service.purge(session, actor, kind, ref)
    session.commit()
    return RedirectResponse(f"/archive?purged={service.kind_of(kind)}:{ref}", status_code=303)
