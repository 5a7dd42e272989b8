"""The WBR in the browser: the deck of any week (frozen weeks exactly as they were), its PDF,
the SQL behind each number, and the metrics file, which admins edit here."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone.archive import service as archive
from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require_role
from dayone.errors import InvalidInput, ValidationFailed
from dayone.experiments import service as experiments
from dayone.org.models import Person
from dayone.wbr import edits, meeting, service
from dayone.wbr import notes as wbr_notes
from dayone.wbr import pdf as wbr_pdf
from dayone.wbr.deck import render_html, render_pdf
from dayone.web.deps import db, page_actor
from dayone.web.forms import csrf_token, read_form
from dayone.web.render import render

router = APIRouter(include_in_schema=False)


def _week(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"week_ending: {value!r}; use YYYY-MM-DD.", field="week_ending") from None


@router.get("/wbr")
def latest(request: Request, actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    deck = service.deck(session, None, actor=actor)
    session.commit()
    return RedirectResponse(f"/wbr/{deck['week_ending']}", status_code=303)


@router.get("/wbr/metrics", response_class=HTMLResponse)
def metrics_file(request: Request, actor: Actor = Depends(page_actor),
                       session: Session = Depends(db)) -> Response:
    return _metrics_page(request, session, actor)


def _metrics_page(request: Request, session: Session, actor: Actor, *, body: str | None = None,
                  problems: list[dict[str, Any]] | None = None, error: Any = None, notice: str | None = None,
                  status: int = 200, new_metric: dict[str, str] | None = None) -> Response:
    current = service.current_file(session)
    stored_problems: list[dict[str, Any]] = []
    try:
        metrics = service.load(session)
    except ValidationFailed as exc:  # a version saved under older rules: its admin fixes it here
        metrics = service.empty_file()
        stored_problems = list(exc.details or []) if actor.is_admin else [
            {"message": "An admin can see the problems on this page and fix them."}]
    people = sorted(p.email for p in session.scalars(select(Person)) if p.email)
    return render(request, "wbr_metrics.html", {
        "file": current, "body": current.body if body is None else body, "metrics": metrics,
        "problems": problems or [], "stored_problems": stored_problems, "error": error, "notice": notice,
        "people": people,
        "app_config": service.wbrapp_config(current.body), "new": new_metric or {},
        "my_delegates": _my_delegates(session, actor, metrics)}, status_code=status)


def _my_delegates(session: Session, actor: Actor, metrics: Any) -> dict[str, Any] | None:
    """For a reader who owns metrics: the people who may write their notes, and who could."""
    person = session.get(Person, actor.person_id) if actor.person_id else None
    email = person.email.lower() if person is not None and person.email else None
    if email is None or not any(str(m.owner or "").lower() == email for m in metrics.metrics.values()):
        return None
    return {"chosen": wbr_notes.delegates(session).get(email, []),
            "people": sorted(p.email.lower() for p in session.scalars(select(Person)) if p.email and
                             p.email.lower() != email)}


@router.post("/wbr/metrics")
def save_metrics_file(request: Request, actor: Actor = Depends(page_actor),
                            session: Session = Depends(db)) -> Response:
    form = read_form(request)
    body = (form.get("body") or "").replace("\r\n", "\n")
    based_on = form.get("based_on")
    try:
        version = service.save(session, actor, body, based_on=int(based_on) if based_on and based_on.isdigit()
                               else None, name=(form.get("name") or None))
    except (ValidationFailed, InvalidInput) as exc:  # the edit stays in the editor
        session.rollback()
        problems = list(exc.details or []) if isinstance(exc, ValidationFailed) else []
        return _metrics_page(request, session, actor, body=body, problems=problems, error=exc, status=422)
    session.commit()
    return _metrics_page(request, session, actor, notice=f"Saved version {version.id} of the metrics file.")


METRIC_FIELDS = ("kind", "owner", "source", "column", "aggregation", "filter", "derived", "of", "comparison",
                 "direction", "unit", "format", "drives")


@router.post("/wbr/metrics/new")
def add_metric(request: Request, actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    form = read_form(request)
    fields, typed = _typed(form)
    based_on = form.get("based_on")
    name = (form.get("name") or "").strip()
    try:
        version = service.add_metric(session, actor, name, fields,
                                     based_on=int(based_on) if based_on and based_on.isdigit() else None)
    except (ValidationFailed, InvalidInput) as exc:
        session.rollback()
        problems = list(exc.details or []) if isinstance(exc, ValidationFailed) else []
        return _metrics_page(request, session, actor, problems=problems, error=exc, status=422,
                             new_metric={"name": name, **typed})
    session.commit()
    return _metrics_page(request, session, actor, notice=f"Added {name}: version {version.id} of the metrics file.")


def _typed(form: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """A metric's fields from the form, and what was typed (to show again)."""
    fields: dict[str, Any] = {k: (form.get(k) or "").strip() for k in METRIC_FIELDS}
    for listed in ("of", "drives"):
        fields[listed] = [x.strip() for x in fields[listed].split(",") if x.strip()]
    for key, default in (("kind", "output"), ("comparison", "percent"), ("direction", "up")):
        if fields[key] == default:
            fields[key] = ""
    return fields, {k: form.get(k) or "" for k in METRIC_FIELDS}


def _as_typed(fields: dict[str, Any]) -> dict[str, str]:
    """A metric's fields as the form shows them."""
    shown = {k: fields.get(k) for k in METRIC_FIELDS}
    for listed in ("of", "drives"):
        value = shown[listed]
        shown[listed] = ", ".join(map(str, value)) if isinstance(value, list) else value
    return {k: "" if v is None else str(v) for k, v in shown.items()}


def _edit_page(request: Request, session: Session, name: str, new: dict[str, str], *, problems: Any = None,
               error: Any = None, status: int = 200) -> Response:
    people = sorted(p.email for p in session.scalars(select(Person)) if p.email)
    return render(request, "wbr_metric_edit.html", {
        "name": name, "file": service.current_file(session), "metrics": service.load(session), "new": new,
        "people": people, "problems": problems or [], "error": error}, status_code=status)


@router.get("/wbr/metrics/{name}/edit", response_class=HTMLResponse)
def edit_metric_page(name: str, request: Request, actor: Actor = Depends(page_actor),
                     session: Session = Depends(db)) -> Response:
    require_role(actor, Role.ADMIN, "edit a metric")
    return _edit_page(request, session, name, _as_typed(edits.fields_of(service.current_file(session).body, name)))


@router.post("/wbr/metrics/{name}/edit")
def edit_metric(name: str, request: Request, actor: Actor = Depends(page_actor),
                session: Session = Depends(db)) -> Response:
    form = read_form(request)
    fields, typed = _typed(form)
    based_on = form.get("based_on")
    try:
        version = service.edit_metric(session, actor, name, fields,
                                      based_on=int(based_on) if based_on.isdigit() else None)
    except (ValidationFailed, InvalidInput) as exc:
        session.rollback()
        problems = list(exc.details or []) if isinstance(exc, ValidationFailed) else []
        return _edit_page(request, session, name, typed, problems=problems, error=exc, status=422)
    session.commit()
    return _metrics_page(request, session, actor, notice=f"Saved {name}: version {version.id} of the metrics file.")


@router.get("/wbr/metrics/{name}/remove", response_class=HTMLResponse)
def remove_metric_page(name: str, request: Request, actor: Actor = Depends(page_actor),
                       session: Session = Depends(db)) -> Response:
    require_role(actor, Role.ADMIN, "archive a metric")
    current = service.current_file(session)
    found = edits.removal(current.body, name)
    users = [f"the metric {m}" for m in found["derived"]] + [f"the deck's block {b}" for b in found["blocks"]]
    blocked = (f"{name} cannot be removed while {' and '.join(users)} use{'s' if len(users) == 1 else ''} it: change "
               f"or remove {'it' if len(users) == 1 else 'them'} first.") if users else None
    return render(request, "wbr_metric_remove.html", {"name": name, "file": current, "found": found,
                                                      "blocked": blocked})


@router.post("/wbr/metrics/{name}/remove")
def remove_metric(name: str, request: Request, actor: Actor = Depends(page_actor),
                  session: Session = Depends(db)) -> Response:
    form = read_form(request)
    based_on = form.get("based_on")
    try:
        archived = archive.archive(session, actor, "metric", name,
                                   based_on=int(based_on) if based_on.isdigit() else None)
    except (ValidationFailed, InvalidInput) as exc:
        session.rollback()
        problems = list(exc.details or []) if isinstance(exc, ValidationFailed) else []
        return _metrics_page(request, session, actor, problems=problems, error=exc, status=422)
    session.commit()
    return RedirectResponse(f"/archive?archived=metric:{quote(archived.ref, safe='')}", status_code=303)


@router.get("/wbr/metrics/download")
def download_metrics_file(actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    require_role(actor, Role.ADMIN, "download the metrics file (it names where the data lives)")
    current = service.current_file(session)
    session.commit()
    return PlainTextResponse(current.body, media_type="application/yaml",
                             headers={"Content-Disposition": f'attachment; filename="{current.name}"'})


def _owners(deck: dict[str, Any]) -> dict[str, str | None]:
    return {name: m.get("owner") for name, m in deck.get("metrics", {}).items()}


@router.post("/wbr/delegates")
def set_delegates(request: Request, actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    form = read_form(request)
    try:
        chosen = wbr_notes.set_delegates(session, actor, form.getlist("delegates"))
    except InvalidInput as exc:
        session.rollback()
        return _metrics_page(request, session, actor, error=exc, status=422)
    session.commit()
    return _metrics_page(request, session, actor, notice=(
        f"{', '.join(chosen)} may now write the notes on your metrics." if chosen else
        "Only you write the notes on your metrics now."))


@router.get("/wbr/{week_ending}", response_class=HTMLResponse)
def week(week_ending: str, request: Request, live: bool = False, actor: Actor = Depends(page_actor),
               session: Session = Depends(db)) -> Response:
    deck = service.deck(session, _week(week_ending), live=live, actor=actor)
    from dayone.goals.tracking import with_goals  # each metric's open goals, drawn as targets

    deck = with_goals(session, deck)
    session.commit()
    when = date.fromisoformat(deck["week_ending"])
    notes = wbr_notes.shown(session, when, _owners(deck))
    # the PDF this page's "Download PDF" asks for, started now on a background thread: usually
    # made by the time it is clicked (the same print document as week_pdf's, so the same key)
    running = experiments.running_by_metric(session)
    wbr_pdf.prerender(lambda: render_html(deck, notes=notes, for_print=True, experiments=running))
    writable = service.writable_notes(session, actor)
    html = render_html(deck, notes=notes, form={
        "csrf": csrf_token(request), "writable": writable, "admin": actor.is_admin, "live": live,
        "snapshot": deck.get("snapshot"), "frozen_weeks": [w.isoformat() for w in service.weeks(session)],
        "experiments": running},
        fragment=True)
    return render(request, "wbr_deck.html", {"deck_html": Markup(html), "week_ending": deck["week_ending"]})


@router.get("/wbr/{week_ending}/pdf")
def week_pdf(week_ending: str, live: bool = False, actor: Actor = Depends(page_actor),
                   session: Session = Depends(db)) -> Response:
    from dayone.goals.tracking import with_goals  # the goals the page draws, in print too

    deck = with_goals(session, service.deck(session, _week(week_ending), live=live, actor=actor))
    session.commit()
    notes = wbr_notes.shown(session, date.fromisoformat(deck["week_ending"]), _owners(deck))
    pdf = render_pdf(render_html(deck, notes=notes, for_print=True,
                                 experiments=experiments.running_by_metric(session)))
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="wbr-{deck["week_ending"]}.pdf"'})


@router.post("/wbr/{week_ending}/hold")
def hold(week_ending: str, request: Request, actor: Actor = Depends(page_actor),
         session: Session = Depends(db)) -> Response:
    read_form(request)
    frozen = meeting.hold(session, actor, _week(week_ending))
    session.commit()
    return RedirectResponse(f"/wbr/{frozen['week_ending']}", status_code=303)


@router.post("/wbr/{week_ending}/freeze")
def freeze(week_ending: str, request: Request, actor: Actor = Depends(page_actor),
                 session: Session = Depends(db)) -> Response:
    read_form(request)
    service.freeze(session, actor, _week(week_ending))
    session.commit()
    return RedirectResponse(f"/wbr/{week_ending}", status_code=303)


@router.get("/wbr/{week_ending}/sql/{metric:path}", response_class=HTMLResponse)
def show_sql(week_ending: str, metric: str, request: Request, actor: Actor = Depends(page_actor),
                   session: Session = Depends(db)) -> Response:
    explained = service.explain(session, _week(week_ending), metric, actor=actor)
    session.commit()
    return render(request, "wbr_sql.html", {"x": explained})


@router.post("/wbr/{week_ending}/notes/{metric:path}")
def write_note(week_ending: str, metric: str, request: Request, actor: Actor = Depends(page_actor),
                     session: Session = Depends(db)) -> Response:
    form = read_form(request)
    service.write_note(session, actor, _week(week_ending), metric, form.get("body"),
                       based_on=form.get("based_on") if "based_on" in form else None)
    session.commit()
    slug = "".join(c if c.isalnum() or c in "-_" else "-" for c in metric)
    return RedirectResponse(f"/wbr/{week_ending}#metric-{slug}", status_code=303)
