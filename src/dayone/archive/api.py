"""The archive over the API: list it, archive and restore records, remove archived ones for
good (admins; DELETE on the record's own address)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel
from sqlalchemy.orm import Session

from dayone.archive import service
from dayone.archive.records import KINDS
from dayone.auth.permissions import Actor
from dayone.web.deps import api_actor, db
from dayone.web.paging import Page, paging

router = APIRouter(prefix="/api/v1", tags=["archive"])
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid API token"},
    403: {"description": "Not allowed for your role"},
    404: {"description": "No such record"},
    409: {"description": "Already (or not) archived, or other records depend on it; the error says which"},
}


class ArchivedOut(BaseModel):
    """One archived record. ``title`` is null for a private document you may not read."""

    kind: str
    ref: str
    title: str | None
    archived_at: datetime | None
    archived_by: str | None
    may_restore: bool
    may_purge: bool

    @classmethod
    def of(cls, entry: service.Entry) -> ArchivedOut:
        return cls(kind=entry.kind, ref=entry.ref, title=entry.title, archived_at=entry.archived_at,
                   archived_by=entry.archived_by, may_restore=entry.may_restore, may_purge=entry.may_purge)


class PurgedOut(BaseModel):
    kind: str
    ref: str
    removed_with_it: list[str]


@router.get("/archive", response_model=list[ArchivedOut], responses=ERRORS)
def list_archive(actor: Actor = Depends(api_actor), session: Session = Depends(db),
                 page: Page = Depends(paging)) -> list[ArchivedOut]:
    """Everything archived that you may know of, newest first."""
    return [ArchivedOut.of(e) for e in page.of(service.list_archived(session, actor))]


def _add(kind: str, path: str, archive: Callable[..., Any], restore: Callable[..., Any],
         purge: Callable[..., Any], extra: str = "") -> None:
    add: Callable[..., Any] = router.add_api_route
    add(f"{path}/archive", archive, methods=["POST"], name=f"archive_{kind}", response_model=ArchivedOut,
        responses=ERRORS, summary=f"Archive a {kind}",
        description=f"Put the {kind} in the archive: it leaves every list, and lookups answer 410.{extra}")
    add(f"{path}/restore", restore, methods=["POST"], name=f"restore_{kind}", response_model=ArchivedOut,
        responses=ERRORS, summary=f"Restore an archived {kind}",
        description=f"Bring the archived {kind} back (an admin or its owner).")
    add(path, purge, methods=["DELETE"], name=f"purge_{kind}", response_model=PurgedOut, responses=ERRORS,
        summary=f"Remove an archived {kind} for good",
        description=f"Admins only, archived {kind}s only: removes it for good and says what went with it; "
                    "409 while other records depend on it.")


def _record_routes(kind: str, plural: str) -> None:
    param = f"{kind}_id"  # named as the kind's other routes name it: /api/v1/teams/{team_id}
    record_id_in_path = Path(alias=param)

    def archive(record_id: int = record_id_in_path, actor: Actor = Depends(api_actor),
                session: Session = Depends(db)) -> ArchivedOut:
        entry = service.archive(session, actor, kind, record_id)
        session.commit()
        return ArchivedOut.of(entry)

    def restore(record_id: int = record_id_in_path, actor: Actor = Depends(api_actor),
                session: Session = Depends(db)) -> ArchivedOut:
        entry = service.restore(session, actor, kind, record_id)
        session.commit()
        return ArchivedOut.of(entry)

    def purge(record_id: int = record_id_in_path, actor: Actor = Depends(api_actor),
              session: Session = Depends(db)) -> PurgedOut:
        plan = service.purge(session, actor, kind, record_id)
        session.commit()
        return PurgedOut(kind=kind, ref=plan.entry.ref, removed_with_it=plan.effects)

    _add(kind, f"/{plural}/{{{param}}}", archive, restore, purge)


for _kind in KINDS.values():
    _record_routes(_kind.name, _kind.plural)


def archive_metric(name: str, based_on: int | None = None, actor: Actor = Depends(api_actor),
                   session: Session = Depends(db)) -> ArchivedOut:
    entry = service.archive(session, actor, "metric", name, based_on=based_on)
    session.commit()
    return ArchivedOut.of(entry)


def restore_metric(name: str, actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> ArchivedOut:
    entry = service.restore(session, actor, "metric", name)
    session.commit()
    return ArchivedOut.of(entry)


def purge_metric(name: str, actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> PurgedOut:
    plan = service.purge(session, actor, "metric", name)
    session.commit()
    return PurgedOut(kind="metric", ref=name, removed_with_it=plan.effects)


_add("metric", "/metrics/{name}", archive_metric, restore_metric, purge_metric,
     " Its definition leaves the metrics file (a new version) and waits in the archive; `based_on`: the "
     "version of the file you saw (a newer one gives 409).")
