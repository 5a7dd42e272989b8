"""Experiments over the API: records, their moves, and their results (statistics in, analysis out)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.orm import Session

from dayone.auth.permissions import Actor
from dayone.errors import InvalidInput, NotFound
from dayone.experiments import service
from dayone.experiments.schemas import ExperimentCreate, ExperimentOut, ExperimentPage, ExperimentUpdate, TransitionIn
from dayone.web.deps import api_actor, db
from dayone.web.forms import request_body

router = APIRouter(prefix="/api/v1", tags=["experiments"])
MAX_STATISTICS_BYTES = 5_000_000
MAX_PANEL_BYTES = 5_000_000


def _out(session: Session, actor: Actor, experiment_id: int) -> ExperimentOut:
    return ExperimentOut.of(service.get(session, experiment_id), service.readable_by(session, actor))


@router.get("/experiments", response_model=ExperimentPage)
def list_experiments(limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0),
                     status: str | None = Query(None, description="designed, running, stopped or decided"),
                     actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> ExperimentPage:
    """Newest first, a page at a time; ``portfolio`` counts every idea by where it stands."""
    items, total = service.list_page(session, limit=limit, offset=offset, status=status)
    readable = service.readable_by(session, actor)
    return ExperimentPage(items=[ExperimentOut.of(e, readable) for e in items], total=total, limit=limit,
                          offset=offset, portfolio=service.portfolio(session))


@router.post("/experiments", response_model=ExperimentOut, status_code=201)
def create(body: ExperimentCreate, actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> ExperimentOut:
    made = service.create(session, actor, body)
    session.commit()
    return _out(session, actor, made.id)


@router.get("/experiments/{experiment_id}", response_model=ExperimentOut)
def get_experiment(experiment_id: int, actor: Actor = Depends(api_actor),
                   session: Session = Depends(db)) -> ExperimentOut:
    return _out(session, actor, experiment_id)


@router.patch("/experiments/{experiment_id}", response_model=ExperimentOut)
def update(experiment_id: int, body: ExperimentUpdate, actor: Actor = Depends(api_actor),
           session: Session = Depends(db)) -> ExperimentOut:
    """Edit: the design only while designed; ``version`` must be the one you loaded."""
    service.update(session, actor, experiment_id, body)
    session.commit()
    return _out(session, actor, experiment_id)


@router.post("/experiments/{experiment_id}/transition", response_model=ExperimentOut)
def transition(experiment_id: int, body: TransitionIn, actor: Actor = Depends(api_actor),
               session: Session = Depends(db)) -> ExperimentOut:
    """designed → running → stopped → decided; deciding (with ``outcome`` and ``learning``)
    writes the decision into the decision log."""
    service.transition(session, actor, experiment_id, body)
    session.commit()
    return _out(session, actor, experiment_id)


def _analysis(session: Session, experiment_id: int, engine: str | None = None) -> dict[str, Any]:
    experiment = service.get(session, experiment_id)
    result = service.analysis(session, experiment, engine)
    market = service.market_analysis(experiment)
    if result is None and market is None:
        raise NotFound(f"Experiment {experiment_id} has no results yet: PUT its statistics CSV to "
                       f"/api/v1/experiments/{experiment_id}/results (or a market test's panel to "
                       f"/api/v1/experiments/{experiment_id}/market), or compute them from its data file.")
    return {"experiment_id": experiment.id, "status": experiment.status, "primary_metric": experiment.primary_metric,
            "results_source": experiment.results_source,
            "results_at": experiment.results_at.isoformat() if experiment.results_at else None, **(result or {}),
            **({"market": market} if market is not None else {})}


@router.get("/experiments/{experiment_id}/results")
def results(experiment_id: int, engine: str | None = Query(None, description="frequentist, bayesian or sequential; "
                                                           "default: the experiment's"),
            actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> dict[str, Any]:
    """The analysis JSON (as `dayone experiment analyze --format json`), the sample-ratio check first,
    with ``reading``: what the result means in words, and each guardrail's regression flag."""
    return _analysis(session, experiment_id, engine)


@router.put("/experiments/{experiment_id}/results")
def put_results(experiment_id: int, request: Request, actor: Actor = Depends(api_actor),
                session: Session = Depends(db)) -> dict[str, Any]:
    """Replace the statistics with a CSV body (Content-Type text/csv): ``variant, metric, n, sum,
    sum_squares`` and the optional ratio and CUPED columns. A file with any problem changes nothing."""
    body = request_body(request)
    if len(body) > MAX_STATISTICS_BYTES:
        raise InvalidInput(f"The statistics are larger than {MAX_STATISTICS_BYTES:,} bytes; a statistics table has "
                           "one row per variant and metric, not one per unit.", field="body")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("The statistics are not UTF-8 text; send the CSV in UTF-8.", field="body") from None
    service.store_statistics(session, actor, experiment_id, text, "the statistics sent")
    session.commit()
    return _analysis(session, experiment_id)


@router.post("/experiments/{experiment_id}/results/compute")
def compute_results(experiment_id: int, actor: Actor = Depends(api_actor),
                    session: Session = Depends(db)) -> dict[str, Any]:
    """Compute the statistics from the experiment's data file (DuckDB) and store them."""
    service.compute_statistics(session, actor, experiment_id)
    session.commit()
    return _analysis(session, experiment_id)


@router.put("/experiments/{experiment_id}/market")
def put_market(experiment_id: int, request: Request,
               treated: str = Query(..., description="The treated regions, separated by commas."),
               start: str = Query(..., description="The first date under treatment (YYYY-MM-DD)."),
               method: str = Query("did", description="did (difference-in-differences) or synthetic."),
               actor: Actor = Depends(api_actor), session: Session = Depends(db)) -> dict[str, Any]:
    """A market test: the panel as a CSV body (Content-Type text/csv: ``region, date, value``, one row per
    region and date) read against the treated regions from ``start``. Anything wrong changes nothing."""
    from dayone.experiments.market_cli import parse_start, parse_treated

    body = request_body(request)
    if len(body) > MAX_PANEL_BYTES:
        raise InvalidInput(f"The panel is larger than {MAX_PANEL_BYTES:,} bytes; aggregate it to weeks.", field="body")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("The panel is not UTF-8 text; send the CSV in UTF-8.", field="body") from None
    service.store_market(session, actor, experiment_id, text, "the panel sent", treated=parse_treated(treated),
                         start=parse_start(start), method=method)
    session.commit()
    return _market(session, experiment_id)


@router.get("/experiments/{experiment_id}/market")
def get_market(experiment_id: int, actor: Actor = Depends(api_actor),
               session: Session = Depends(db)) -> dict[str, Any]:
    """The market test's read: effect, relative effect, placebo p-value, weights, the series."""
    return _market(session, experiment_id)


def _market(session: Session, experiment_id: int) -> dict[str, Any]:
    read = service.market_analysis(service.get(session, experiment_id))
    if read is None:
        raise NotFound(f"Experiment {experiment_id} has no market test: PUT its panel CSV to "
                       f"/api/v1/experiments/{experiment_id}/market?treated=…&start=YYYY-MM-DD.")
    return {"experiment_id": experiment_id, **read}
