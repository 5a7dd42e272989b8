"""The metrics and the WBR deck over the API."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require_role
from dayone.errors import InvalidInput, NotFound, ValidationFailed
from dayone.experiments import service as experiments
from dayone.org.models import Person
from dayone.wbr import meeting, service
from dayone.wbr import notes as wbr_notes
from dayone.wbr.deck import render_html, render_pdf
from dayone.web.deps import api_actor, db
from dayone.web.paging import Page, paging

router = APIRouter(prefix="/api/v1", tags=["wbr"])


@router.get("/metrics")
def list_metrics(actor: Actor = Depends(api_actor), session: Session = Depends(db),
                 page: Page = Depends(paging)) -> list[dict[str, Any]]:
    metrics = service.load_for(session, actor)
    shown = page.of(list(metrics.metrics.values()))
    return [{"name": m.name, "kind": m.kind, "owner": m.owner, "unit": m.unit, "direction": m.direction,
             "comparison": m.comparison, "aggregation": None if m.is_derived else m.aggregation,
             "derived": m.derived, "of": list(m.of), "drives": list(m.drives)} for m in shown]


class MetricsFileIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    body: str = Field(min_length=1, max_length=service.MAX_FILE_BYTES)
    based_on: int = Field(description="The version you edited (`version` of GET /api/v1/metrics/file); "
                          "a newer one gives 409.")
    name: str | None = Field(None, max_length=255)


def _file(row: Any) -> dict[str, Any]:
    return {"version": row.id, "name": row.name, "body": row.body, "saved_at": row.created_at.isoformat(),
            "saved_by": row.author.name if row.author else None}


class MetricIn(BaseModel):
    """A new metric, as in the metrics file (docs/wbr.md)."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100)
    based_on: int | None = Field(None, description="The metrics-file version you saw; a newer one gives 409.")
    kind: Literal["input", "output"] = "output"
    owner: str | None = Field(None, max_length=320)
    source: str | None = None
    column: str | None = Field(None, max_length=1000)
    aggregation: str | None = None
    filter: str | None = Field(None, max_length=2000)
    derived: Literal["ratio", "sum", "difference", "product"] | None = None
    of: list[str] = Field(default_factory=list)
    comparison: Literal["percent", "bps", "absolute"] = "percent"
    direction: Literal["up", "down"] = "up"
    unit: str | None = Field(None, max_length=50)
    format: str | None = Field(None, max_length=50)
    drives: list[str] = Field(default_factory=list)


def _fields(body: MetricIn) -> dict[str, Any]:
    """The metric's fields as the file writes them: defaults left out."""
    fields = body.model_dump(exclude={"name", "based_on"})
    if fields["kind"] == "output":
        fields.pop("kind")
    for default in (("comparison", "percent"), ("direction", "up")):
        if fields[default[0]] == default[1]:
            fields.pop(default[0])
    return fields


@router.post("/metrics", status_code=201)
def add_metric(body: MetricIn, actor: Actor = Depends(api_actor), session: Session = Depends(db)
                     ) -> dict[str, Any]:
    """Add a metric to the metrics file (admins): checked like any edit, saved as a new version."""
    row = service.add_metric(session, actor, body.name, _fields(body), based_on=body.based_on)
    session.commit()
    return {"name": body.name, "version": row.id}


@router.get("/metrics/file")
def get_metrics_file(actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> dict[str, Any]:
    """Export (admins): the metrics file in use, as YAML text, with its version. Others list the
    metrics with GET /api/v1/metrics: the file names where the data lives."""
    require_role(actor, Role.ADMIN, "read the metrics file (it names where the data lives)")
    row = service.current_file(session)
    session.commit()
    return _file(row)


@router.put("/metrics/file")
def put_metrics_file(body: MetricsFileIn, actor: Actor = Depends(api_actor),
                           session: Session = Depends(db)) -> dict[str, Any]:
    """Import or edit (admins): validated first, every problem listed; a new version."""
    row = service.save(session, actor, body.body, based_on=body.based_on, name=body.name)
    session.commit()
    return _file(row)


@router.put("/metrics/{name}")
def edit_metric(name: str, body: MetricIn, actor: Actor = Depends(api_actor),
                session: Session = Depends(db)) -> dict[str, Any]:
    """Define metric NAME anew (admins; `name` in the body must be NAME): its line of the file
    is replaced, the rest kept; checked like any edit, saved as a new version."""
    if body.name != name:
        raise InvalidInput(f"name: {body.name!r} is not {name!r}; a metric keeps its name when edited.", field="name")
    row = service.edit_metric(session, actor, name, _fields(body), based_on=body.based_on)
    session.commit()
    return {"name": name, "version": row.id}


@router.get("/wbr/snapshots")
def snapshots(actor: Actor = Depends(api_actor), session: Session = Depends(db),
              page: Page = Depends(paging)) -> list[str]:
    """The weeks whose decks are frozen, newest first."""
    return [w.isoformat() for w in page.of(service.weeks(session))]


@router.get("/wbr/{week_ending}")
def wbr(week_ending: str, live: bool = False, actor: Actor = Depends(api_actor),
              session: Session = Depends(db)) -> dict[str, Any]:
    """The deck's numbers (the JSON contract of docs/wbr-semantics.md); `latest` for the last complete week.
    A frozen week comes as it was frozen (`snapshot` says when); any other week is computed live
    (`snapshot` null; reading never freezes); `live=true` recomputes a frozen week."""
    when = None if week_ending == "latest" else _week(week_ending)
    deck = service.deck(session, when, live=live, actor=actor)
    session.commit()
    return {k: v for k, v in deck.items() if k != "layout"}


@router.post("/wbr/{week_ending}/hold")
def hold(week_ending: str, actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> dict[str, Any]:
    """The WBR of the week held (admins): its deck frozen as the meeting saw it, and an occurrence
    of the Weekly Business Review mechanism recorded. `latest` for the last complete week."""
    deck = meeting.hold(session, actor, None if week_ending == "latest" else _week(week_ending))
    session.commit()
    return deck


@router.post("/wbr/{week_ending}/freeze")
def freeze(week_ending: str, actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> dict[str, Any]:
    """Freeze the week's deck as it is now (admins)."""
    deck = service.freeze(session, actor, _week(week_ending))
    session.commit()
    return {"week_ending": deck["week_ending"], "snapshot": deck["snapshot"]}


@router.get("/wbr/{week_ending}/pdf", response_class=Response)
def pdf(week_ending: str, actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> Response:
    """The week's deck as a PDF (the same charts as the page, its goals and experiments)."""
    from dayone.goals.tracking import with_goals

    deck = with_goals(session, service.deck(session, _week(week_ending), actor=actor))
    session.commit()
    data = render_pdf(render_html(deck, for_print=True, experiments=experiments.running_by_metric(session)))
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="wbr-{deck["week_ending"]}.pdf"'})


@router.get("/wbr/{week_ending}/sql/{metric:path}")
def sql(week_ending: str, metric: str, actor: Actor = Depends(api_actor),
              session: Session = Depends(db)) -> dict[str, Any]:
    """How one metric's number is computed: its definition and the SQL, in its engine's dialect."""
    return service.explain(session, _week(week_ending), metric, actor=actor)


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    body: str = Field(min_length=1, max_length=5000)
    based_on: str | None = Field(description="The note's `updated_at` you saw (GET …/notes), or null if it had "
                                 "none; a note saved since gives 409.", max_length=64)


def _week(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"week_ending: {value!r}; use YYYY-MM-DD.", field="week_ending") from None


@router.get("/wbr/{week_ending}/notes")
def list_notes(week_ending: str, actor: Actor = Depends(api_actor),
                     session: Session = Depends(db)) -> dict[str, Any]:
    """The week's notes: metric → {author, body, updated_at, answers, written_as}; ``answers``
    is true for a note by the metric's owner or a delegate of theirs (``written_as``: owner,
    delegate or other — an admin's note is shown as the admin's and answers no flag)."""
    week = _week(week_ending)
    try:
        owners = {name: m.owner for name, m in service.load(session).metrics.items()}
    except (ValidationFailed, NotFound):
        owners = {}
    return wbr_notes.shown(session, week, owners)


class DelegatesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    delegates: list[str] = Field(max_length=wbr_notes.MAX_DELEGATES, description="People's emails")


@router.get("/wbr/delegates/mine")
def my_delegates(actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> dict[str, Any]:
    """Who may write the notes on the metrics you own."""
    person = session.get(Person, actor.person_id) if actor.person_id else None
    email = person.email.lower() if person is not None and person.email else ""
    return {"owner": email or None, "delegates": wbr_notes.delegates(session).get(email, [])}


@router.put("/wbr/delegates/mine")
def put_delegates(body: DelegatesIn, actor: Actor = Depends(api_actor),
                  session: Session = Depends(db)) -> dict[str, Any]:
    """Name who may write the notes on the metrics you own (replaces the list; [] for none)."""
    chosen = wbr_notes.set_delegates(session, actor, body.delegates)
    session.commit()
    return {"delegates": chosen}


@router.put("/wbr/{week_ending}/notes/{metric:path}")
def put_note(week_ending: str, metric: str, body: NoteIn, actor: Actor = Depends(api_actor),
                   session: Session = Depends(db)) -> dict[str, Any]:
    note = service.write_note(session, actor, _week(week_ending), metric, body.body, based_on=body.based_on or "")
    session.commit()
    return {"metric": note.metric, "week_ending": note.week_ending.isoformat(), "body": note.body,
            "updated_at": note.updated_at.isoformat()}
