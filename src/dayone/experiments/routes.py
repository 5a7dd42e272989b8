"""Pages of the experiments: the list with the portfolio, designing one, and the experiment page
(the sample-ratio check first, then the primary metric, guardrails, the rest; start, stop,
enter results, decide)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from pydantic import ValidationError
from sqlalchemy.orm import Session

from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require_role
from dayone.errors import InvalidInput, UserError
from dayone.experiments import service
from dayone.experiments.charts import effects_chart
from dayone.experiments.linechart import Series, line_chart
from dayone.experiments.schemas import ExperimentCreate, ExperimentOut, TransitionIn
from dayone.web.deps import db, page_actor
from dayone.web.forms import FormData, is_number, read_form, read_upload, require_filled, validation_message
from dayone.web.render import render

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
MAX_STATISTICS_BYTES = 5_000_000
MAX_PANEL_BYTES = 5_000_000
_PAIR = re.compile(r"^\s*(.+?)\s*(?:=|:|\s)\s*([-+0-9.eE]+)\s*(%?)\s*$")


@router.get("/experiments", response_class=HTMLResponse)
def list_page(request: Request, offset: int = 0, status: str | None = None, actor: Actor = Depends(page_actor),
              session: Session = Depends(db)) -> Response:
    items, total = service.list_page(session, limit=PAGE_SIZE, offset=max(offset, 0), status=status or None)
    readable = service.readable_by(session, actor)
    return render(request, "experiments.html", {
        "experiments": [ExperimentOut.of(e, readable) for e in items], "total": total, "offset": max(offset, 0),
        "page_size": PAGE_SIZE, "status": status or "", "portfolio": service.portfolio(session)})


def _new_context(session: Session, actor: Actor, form: dict[str, Any]) -> dict[str, Any]:
    from dayone.documents import service as documents
    from dayone.documents.models import DocumentType
    from dayone.org import service as org

    kinds = (DocumentType.PRFAQ.value, DocumentType.NARRATIVE.value)
    return {"form": form, "people": [(p.id, p.name) for p in org.list_people(session)],
            "documents": [(d.id, d.title) for d in documents.list_visible(session, actor) if d.doc_type in kinds],
            "metrics": sorted(service.wbr_metrics(session) or {})}


@router.get("/experiments/new", response_class=HTMLResponse)
def new_page(request: Request, actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    require_role(actor, Role.MEMBER, "design experiments")
    return render(request, "experiment_new.html", _new_context(session, actor, {
        "owner_id": actor.person_id, "variants": "control = 0.5\ntreatment = 0.5", "minimum_effect": "2"}))


def _pairs(text: str, field: str, what: str) -> list[tuple[str, str, str]]:
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        found = _PAIR.match(line)
        if not found:
            raise InvalidInput(f"{field}, line {number}: {line.strip()!r}; write {what}.", field=field)
        out.append((found.group(1), found.group(2), found.group(3)))
    return out


def _number(form: FormData, name: str) -> str | None:
    value = form.get(name).strip()
    return value or None


def _from_form(form: FormData) -> ExperimentCreate:
    variants = []
    for name, weight, percent in _pairs(form.get("variants"), "variants", "a name and its weight, e.g. control = 0.5"):
        try:
            share = float(weight) / (100 if percent else 1)
        except ValueError:
            raise InvalidInput(f"variants: {weight!r} is not a number.", field="variants") from None
        variants.append({"name": name, "weight": share})
    guardrails = []
    for line in form.get("guardrails").splitlines():
        parts = line.split()
        if not parts:
            continue
        bad = parts[-1].lower() if len(parts) > 1 and parts[-1].lower() in ("up", "down") else None
        guardrails.append({"metric": " ".join(parts[:-1] if bad else parts), "bad_direction": bad})
    columns = {}
    for line in form.get("metric_columns").splitlines():
        if line.strip():
            metric, sep, column = line.partition("=")
            if not sep or not metric.strip() or not column.strip():
                raise InvalidInput(f"metric_columns: {line.strip()!r}; write metric = column.", field="metric_columns")
            columns[metric.strip()] = column.strip()
    effect = _number(form, "minimum_effect")
    try:
        minimum = float(effect) / 100 if effect is not None else None
    except ValueError:
        raise InvalidInput(f"minimum_effect: {effect!r} is not a number; give a percentage, e.g. 2.",
                           field="minimum_effect") from None
    data: dict[str, Any] = {
        "title": form.get("title"), "hypothesis": form.get("hypothesis"),
        "document_id": int(form.get("document_id")) if is_number(form.get("document_id")) else None,
        "owner_id": int(form.get("owner_id")) if is_number(form.get("owner_id")) else None,
        "variants": variants, "primary_metric": form.get("primary_metric"), "guardrails": guardrails,
        "minimum_effect": minimum, "engine": form.get("engine") or "frequentist",
        "planned_days": _number(form, "planned_days"), "baseline_mean": _number(form, "baseline_mean"),
        "baseline_sd": _number(form, "baseline_sd"), "compute_sample_size": form.get("compute_sample_size") == "on",
        "data_file": _number(form, "data_file"), "source": _number(form, "source"),
        "source_table": _number(form, "source_table"), "variant_column": _number(form, "variant_column"),
        "metric_columns": columns}
    try:
        return ExperimentCreate.model_validate(data)
    except ValidationError as exc:
        raise validation_message(exc) from None


@router.post("/experiments/new", response_class=HTMLResponse)
def create(request: Request, actor: Actor = Depends(page_actor), session: Session = Depends(db)) -> Response:
    require_role(actor, Role.MEMBER, "design experiments")
    form = read_form(request)
    try:
        require_filled(form, {"title": "What is tested", "primary_metric": "Primary metric",
                              "minimum_effect": "Minimum effect worth detecting (%, relative)"})
        made = service.create(session, actor, _from_form(form))
    except UserError as exc:
        session.rollback()
        values = {k: v[-1] for k, v in form.fields.items()}
        return render(request, "experiment_new.html", {**_new_context(session, actor, values), "error": exc},
                      status_code=exc.status)
    session.commit()
    return RedirectResponse(f"/experiments/{made.id}", status_code=303)


def timeline_chart(timeline: list[dict[str, Any]], metric: str) -> str:
    """The primary metric's effect and always-valid interval at each date, one line per variant."""
    days = [date.fromisoformat(d["date"]) for d in timeline]
    by_variant: dict[str, list[dict[str, Any] | None]] = {}
    for i, day in enumerate(timeline):
        for r in day["results"]:
            if r["metric"] == metric:
                by_variant.setdefault(r["variant"], [None] * len(timeline))[i] = r
    series = [Series(f"{variant} vs control", [r["effect"] if r else None for r in rows],
                     [r["ci_low"] if r else None for r in rows], [r["ci_high"] if r else None for r in rows])
              for variant, rows in by_variant.items()]
    return line_chart(days, series, title=f"{metric}: effect and always-valid interval over time", zero=True)


def market_chart(market: dict[str, Any]) -> str:
    """The treated regions against their counterfactual, a dashed line where treatment starts."""
    series = market["series"]
    counterfactual = "synthetic control" if market["method"] == "synthetic" else "counterfactual (controls' change)"
    return line_chart([date.fromisoformat(d) for d in series["dates"]],
                      [Series("treated", series["treated"]), Series(counterfactual, series["counterfactual"],
                                                                    dashed=True)],
                      title=f"Market test: {', '.join(market['treated'])} against their counterfactual",
                      fmt="{:,.4g}", marker=date.fromisoformat(market["start"]),
                      marker_label=f"treatment starts {market['start']}")


def _page(request: Request, session: Session, actor: Actor, experiment_id: int, *, error: UserError | None = None,
          form: dict[str, Any] | None = None) -> Response:
    experiment = service.get(session, experiment_id)
    out = ExperimentOut.of(experiment, service.readable_by(session, actor))
    result = service.analysis(session, experiment)
    charts: dict[str, Markup] = {}
    if result is not None:
        verdicts = {(c["metric"], c["variant"]): c["verdict"] for c in result["reading"]["comparisons"]}
        groups = {"primary": [r for r in result["results"] if r["metric"] == experiment.primary_metric],
                  "others": [r for r in result["results"] if r["metric"] != experiment.primary_metric]}
        for key, rows in groups.items():
            if rows:
                charts[key] = Markup(effects_chart(  # built from escaped parts (charts.py)
                    rows, verdicts, minimum_effect=experiment.minimum_effect if key == "primary" else None,
                    primary=experiment.primary_metric,
                    title=f"{'Primary metric' if key == 'primary' else 'Guardrails and other metrics'}: "
                          "effect and interval against the control"))
        if result.get("timeline"):
            charts["timeline"] = Markup(timeline_chart(result["timeline"], experiment.primary_metric))
    market = service.market_analysis(experiment)
    if market is not None:
        charts["market"] = Markup(market_chart(market))
    return render(request, "experiment.html", {
        "e": out, "result": result, "market": market, "charts": charts,
        "can_edit": service.can_edit(session, actor, experiment),
        "details": (error.details if error is not None and isinstance(error.details, list) else []),
        "error": error, "decide_form": form or {}}, status_code=error.status if error is not None else 200)


@router.get("/experiments/{experiment_id}", response_class=HTMLResponse)
def experiment_page(experiment_id: int, request: Request, actor: Actor = Depends(page_actor),
                    session: Session = Depends(db)) -> Response:
    return _page(request, session, actor, experiment_id)


def _act(request: Request, session: Session, actor: Actor, experiment_id: int, action: Any,
         form: FormData | None = None) -> Response:
    """Run a change; on a user error, roll back and show the experiment page with the error."""
    try:
        action()
    except ValidationError as exc:
        session.rollback()
        return _page(request, session, actor, experiment_id, error=validation_message(exc))
    except UserError as exc:
        session.rollback()
        if exc.status in (401, 403, 404):
            raise
        return _page(request, session, actor, experiment_id, error=exc,
                     form={k: v[-1] for k, v in form.fields.items()} if form else None)
    session.commit()
    return RedirectResponse(f"/experiments/{experiment_id}", status_code=303)


@router.post("/experiments/{experiment_id}/transition")
def transition(experiment_id: int, request: Request, actor: Actor = Depends(page_actor),
               session: Session = Depends(db)) -> Response:
    form = read_form(request)
    return _act(request, session, actor, experiment_id, lambda: service.transition(
        session, actor, experiment_id, TransitionIn.model_validate({"status": form.get("status")})))


@router.post("/experiments/{experiment_id}/decide")
def decide(experiment_id: int, request: Request, actor: Actor = Depends(page_actor),
           session: Session = Depends(db)) -> Response:
    form = read_form(request)
    return _act(request, session, actor, experiment_id, lambda: service.transition(
        session, actor, experiment_id, TransitionIn.model_validate({
            "status": "decided", "outcome": form.get("outcome") or None, "learning": form.get("learning")})), form)


def _spooled(sent: Any, limit: int) -> tuple[bytes | None, bool]:
    """The uploaded file's bytes (None when none was sent or it is over ``limit``) and whether it
    was over; the spooled file is removed either way."""
    if sent is None:
        return None, False
    try:
        too_big = sent.path.stat().st_size > limit
        return (None if too_big else sent.path.read_bytes()), too_big
    finally:
        sent.path.unlink(missing_ok=True)


@router.post("/experiments/{experiment_id}/results")
def upload_results(experiment_id: int, request: Request, actor: Actor = Depends(page_actor),
                   session: Session = Depends(db)) -> Response:
    """The statistics CSV, sent as a file or pasted; a file with any problem changes nothing."""
    form, sent = read_upload(request)
    raw, too_big = _spooled(sent, MAX_STATISTICS_BYTES)
    name = sent.filename if sent is not None else "the pasted statistics"

    def store() -> None:
        if too_big:
            raise InvalidInput(f"file: {name} is larger than {MAX_STATISTICS_BYTES:,} bytes; a statistics table has "
                               "one row per variant and metric, not one per unit.", field="file")
        try:
            text = raw.decode("utf-8-sig") if raw is not None else form.get("statistics")
        except UnicodeDecodeError:
            raise InvalidInput(f"file: {name} is not UTF-8 text; save the statistics as CSV in UTF-8.",
                               field="file") from None
        if not text.strip():
            raise InvalidInput("file: choose the statistics CSV, or paste it.", field="file")
        service.store_statistics(session, actor, experiment_id, text, name)

    return _act(request, session, actor, experiment_id, store)


@router.post("/experiments/{experiment_id}/compute")
def compute(experiment_id: int, request: Request, actor: Actor = Depends(page_actor),
            session: Session = Depends(db)) -> Response:
    read_form(request)
    return _act(request, session, actor, experiment_id,
                lambda: service.compute_statistics(session, actor, experiment_id))


@router.post("/experiments/{experiment_id}/market")
def upload_market(experiment_id: int, request: Request, actor: Actor = Depends(page_actor),
                  session: Session = Depends(db)) -> Response:
    """A market test's panel CSV (file or pasted) with its treated regions, start and method."""
    from dayone.experiments.market_cli import parse_start, parse_treated

    form, sent = read_upload(request)
    raw, too_big = _spooled(sent, MAX_PANEL_BYTES)
    name = sent.filename if sent is not None else "the pasted panel"

    def store() -> None:
        if too_big:
            raise InvalidInput(f"file: {name} is larger than {MAX_PANEL_BYTES:,} bytes; aggregate it to weeks.",
                               field="file")
        try:
            text = raw.decode("utf-8-sig") if raw is not None else form.get("panel")
        except UnicodeDecodeError:
            raise InvalidInput(f"file: {name} is not UTF-8 text; save the panel as CSV in UTF-8.",
                               field="file") from None
        if not text.strip():
            raise InvalidInput("file: choose the panel CSV (region, date, value), or paste it.", field="file")
        service.store_market(session, actor, experiment_id, text, name, treated=parse_treated(form.get("treated")),
                             start=parse_start(form.get("start")), method=form.get("method") or "did")

    return _act(request, session, actor, experiment_id, store, form)
