"""The rules of experiment records.

An experiment moves designed → running → stopped → decided, and no other way. Its design
(variants and weights, metrics, minimum effect, engine, alpha) is fixed once it runs. Its
owner, the people of the owner's team and admins edit it; everyone signed in reads it.
Deciding writes an entry into the decision log (launch, iterate or stop) and links it back.
Statistics are stored per variant and metric, replaced whole by each upload or computation,
and checked before anything is stored: a file with any problem changes nothing.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from dayone import audit
from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require, require_role
from dayone.db.base import utcnow
from dayone.documents.models import Document, DocumentType
from dayone.errors import Conflict, InvalidInput, NotFound, ValidationFailed
from dayone.experiments.design_check import check_against_design
from dayone.experiments.models import (
    Experiment,
    ExperimentSliceStatistic,
    ExperimentStatistic,
    ExperimentStatus,
    Outcome,
)
from dayone.experiments.schemas import ExperimentCreate, ExperimentUpdate, MetricColumnsIn, TransitionIn
from dayone.org.fields import clean_text
from dayone.org.models import Person

NEXT: dict[ExperimentStatus, tuple[str, ...]] = {
    ExperimentStatus.DESIGNED: ("running",), ExperimentStatus.RUNNING: ("stopped",),
    ExperimentStatus.STOPPED: ("decided",), ExperimentStatus.DECIDED: ()}
DESIGN_FIELDS = ("variants", "primary_metric", "guardrails", "minimum_effect", "engine", "alpha")
MAX_ID = 2**31 - 1
LOADS = (selectinload(Experiment.owner), selectinload(Experiment.document), selectinload(Experiment.decision))
# an experiment's decision is a two-way door: the test itself is the small, reversible step
TWO_WAY = {"undo_cost": "cheap", "undo_time": "days", "customers": "some", "legal_or_safety": "no"}


def get(session: Session, experiment_id: int) -> Experiment:
    found = session.get(Experiment, experiment_id, options=list(LOADS)) if 0 < experiment_id <= MAX_ID else None
    if found is None:
        raise NotFound(f"No experiment with id {experiment_id}.")
    if found.archived_at is not None:
        from dayone.db.archivable import archived_error

        raise archived_error("experiment", found.id, found.title, found, "experiments")
    return found


def readable_by(session: Session, actor: Actor) -> Callable[[Document], bool]:
    """Whether the actor may see a linked document (its title stays hidden otherwise)."""
    from dayone.documents import service as documents

    return lambda doc: documents.can_read(actor, doc, session)


def list_page(session: Session, *, limit: int = 50, offset: int = 0,
              status: str | None = None) -> tuple[list[Experiment], int]:
    """Newest first: one page and the total."""
    if status is not None and status not in {s.value for s in ExperimentStatus}:
        raise InvalidInput(f"status: {status!r}; use designed, running, stopped or decided.", field="status")
    if not 1 <= limit <= 500:
        raise InvalidInput("limit: give 1 to 500.", field="limit")
    if offset < 0:
        raise InvalidInput("offset: give 0 or more.", field="offset")
    query = select(Experiment).where(Experiment.archived_at.is_(None))
    counted = select(func.count()).select_from(Experiment).where(Experiment.archived_at.is_(None))
    if status:
        query, counted = query.where(Experiment.status == status), counted.where(Experiment.status == status)
    items = session.scalars(query.options(*LOADS).order_by(Experiment.created_at.desc(), Experiment.id.desc())
                            .limit(limit).offset(offset))
    return list(items), int(session.scalar(counted) or 0)


def portfolio(session: Session) -> dict[str, int]:
    """Every idea by where it stands: a stopped idea is a result, counted like a launch."""
    counts = {s.value: 0 for s in ExperimentStatus} | {o.value: 0 for o in Outcome}
    for status, outcome, n in session.execute(select(Experiment.status, Experiment.outcome, func.count())
                                              .where(Experiment.archived_at.is_(None))
                                              .group_by(Experiment.status, Experiment.outcome)):
        counts[status] = counts.get(status, 0) + n
        if outcome:
            counts[outcome] = counts.get(outcome, 0) + n
    counts["tested"] = counts["running"] + counts["stopped"] + counts["decided"]
    counts["total"] = counts["tested"] + counts["designed"]
    return counts


def running_by_metric(session: Session) -> dict[str, list[dict[str, Any]]]:
    """The running experiments by their primary metric (id and title; oldest start first), for the
    WBR deck to show beside each metric."""
    found: dict[str, list[dict[str, Any]]] = {}
    for e in session.scalars(select(Experiment).where(Experiment.status == ExperimentStatus.RUNNING.value,
                                                      Experiment.archived_at.is_(None))
                             .order_by(Experiment.started_at, Experiment.id)):
        found.setdefault(e.primary_metric, []).append({"id": e.id, "title": e.title})
    return found


def can_edit(session: Session, actor: Actor, experiment: Experiment) -> bool:
    """The owner, the people of the owner's team (and the teams above it), and admins."""
    from dayone.org import service as org

    if actor.is_admin:
        return True
    if not actor.at_least(Role.MEMBER):
        return False
    if actor.person_id is not None and actor.person_id == experiment.owner_id:
        return True
    team = experiment.owner.team
    return team is not None and org.can_edit_team(session, actor, team)


def _require_edit(session: Session, actor: Actor, experiment: Experiment, doing: str) -> None:
    require_role(actor, Role.MEMBER, doing)
    require(can_edit(session, actor, experiment),
            f"{doing} {experiment.title!r}: only its owner, the owner's team and admins may")


# --- checking a design ---------------------------------------------------------------

def wbr_metrics(session: Session) -> dict[str, str] | None:
    """The workspace's WBR metrics and their good direction, or None when it has no usable file."""
    from dayone.wbr import service as wbr

    try:
        metrics = wbr.load(session)
    except (NotFound, ValidationFailed):
        return None
    return {name: m.direction for name, m in metrics.metrics.items()}


def _metric(name: str, field: str, known: dict[str, str] | None) -> str:
    name = clean_text(field, name, max_length=200, required=True)
    if known is not None and name not in known:
        near = difflib.get_close_matches(name, list(known), n=1)
        raise InvalidInput(f"{field}: {name!r} is not a metric of the workspace's WBR"
                           + (f"; did you mean {near[0]!r}?" if near else
                              f"; its metrics: {', '.join(sorted(known)[:12])}{'…' if len(known) > 12 else ''}."),
                           field=field)
    return name


def _variants(raw: list[Any]) -> list[dict[str, Any]]:
    from dayone.experiments.analysis import check_weights

    names = [clean_text("variants", v.name, max_length=100, required=True) for v in raw]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise InvalidInput(f"variants: {', '.join(twice)} named twice; give each variant once.", field="variants")
    check_weights(tuple(v.weight for v in raw))
    return [{"name": n, "weight": v.weight} for n, v in zip(names, raw, strict=True)]


def _guardrails(raw: list[Any], primary: str, known: dict[str, str] | None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for g in raw:
        name = _metric(g.metric, "guardrails", known)
        if name == primary:
            raise InvalidInput(f"guardrails: {name!r} is the primary metric; a guardrail watches another metric.",
                               field="guardrails")
        if any(o["metric"] == name for o in out):
            raise InvalidInput(f"guardrails: {name!r} is listed twice.", field="guardrails")
        good = (known or {}).get(name, "up")
        out.append({"metric": name, "bad_direction": g.bad_direction or ("down" if good == "up" else "up")})
    return out


def _minimum_effect(value: float) -> float:
    if value == 0 or not math.isfinite(value) or abs(value) >= 10:
        raise InvalidInput("minimum_effect: give the smallest relative effect worth detecting, e.g. 0.02 for 2% "
                           "(not 0, and below 1000%).", field="minimum_effect")
    return value


def _metric_columns(raw: dict[str, Any]) -> dict[str, dict[str, str | None]]:
    out: dict[str, dict[str, str | None]] = {}
    for metric, spec in raw.items():
        name = clean_text("metric_columns", metric, max_length=200, required=True)
        spec = MetricColumnsIn(column=spec) if isinstance(spec, str) else spec
        out[name] = {"column": clean_text("metric_columns", spec.column, max_length=200, required=True),
                     "denominator": spec.denominator or None, "pre": spec.pre or None}
    return out


def _document(session: Session, actor: Actor, document_id: int | None) -> int | None:
    """The PR/FAQ or narrative tested: one the actor may read (a missing id and someone else's
    private draft get the same answer)."""
    from dayone.documents import service as documents

    if document_id is None:
        return None
    try:
        if not 0 < document_id <= MAX_ID:
            raise NotFound("out of range")
        doc = documents.get(session, actor, document_id)
    except NotFound:
        raise InvalidInput(f"document_id: no document you can read has id {document_id}.",
                           field="document_id") from None
    if doc.doc_type not in (DocumentType.PRFAQ.value, DocumentType.NARRATIVE.value):
        raise InvalidInput(f"document_id: {doc.title!r} is a {doc.doc_type}; link the PR/FAQ or narrative the "
                           "experiment tests.", field="document_id")
    return doc.id


def _plan(experiment: Experiment) -> None:
    """The users the test needs: the power library's sample size for the minimum effect at 80% power."""
    from dayone.experiments import power

    mean, sd = experiment.baseline_mean, experiment.baseline_sd
    if mean is None:
        raise InvalidInput("baseline_mean: give the primary metric's mean per unit (or its rate, e.g. 0.03) to "
                           "compute the sample size.", field="baseline_mean")
    if sd is None:
        if not 0 < mean < 1:
            raise InvalidInput("baseline_sd: give the standard deviation per unit; without it the baseline is a "
                               f"rate and must lie between 0 and 1 (got {mean:g}).", field="baseline_sd")
        variance = mean * (1 - mean)
    else:
        variance = sd**2
    try:
        design = power.PowerDesign(mean=mean, variance=variance, variants=len(experiment.variants),
                                   alpha=experiment.alpha,
                                   sequential_tuning=5000.0 if experiment.engine == "sequential" else None)
        per_variant = power.sample_size(design, experiment.minimum_effect)
    except ValueError as exc:
        raise InvalidInput(f"planned_sample_size: {exc}.", field="planned_sample_size") from None
    # weights may be unequal: the smallest variant must reach the per-variant size
    smallest = min(v["weight"] for v in experiment.variants)
    experiment.planned_sample_size = math.ceil(per_variant / smallest)


def _apply(session: Session, actor: Actor, experiment: Experiment, data: ExperimentCreate | ExperimentUpdate) -> None:
    given = data.model_fields_set
    if experiment.status != ExperimentStatus.DESIGNED.value:
        locked = [f for f in DESIGN_FIELDS if f in given and getattr(data, f) is not None]
        if locked:
            raise Conflict(f"{', '.join(locked)}: fixed once the experiment runs (it is {experiment.status}); "
                           "changing the design mid-test would invalidate it. Design a new experiment instead.")
    known = wbr_metrics(session) if {"primary_metric", "guardrails"} & given or not experiment.id else None
    if data.title is not None:
        experiment.title = clean_text("title", data.title, max_length=200, required=True)
    if data.hypothesis is not None:
        experiment.hypothesis = clean_text("hypothesis", data.hypothesis, max_length=20000)
    if "document_id" in given:
        experiment.document_id = _document(session, actor, data.document_id)
    if data.variants is not None:
        experiment.variants = _variants(data.variants)
    if data.primary_metric is not None:
        experiment.primary_metric = _metric(data.primary_metric, "primary_metric", known)
    if data.guardrails is not None:
        experiment.guardrails = _guardrails(data.guardrails, experiment.primary_metric, known)
    elif any(g["metric"] == experiment.primary_metric for g in experiment.guardrails):
        raise InvalidInput(f"primary_metric: {experiment.primary_metric!r} is one of the guardrails; a guardrail "
                           "watches another metric.", field="primary_metric")
    if data.minimum_effect is not None:
        experiment.minimum_effect = _minimum_effect(data.minimum_effect)
    for name in ("engine", "alpha", "planned_days", "baseline_mean", "baseline_sd"):
        if name in given:
            if name in ("engine", "alpha") and getattr(data, name) is None:
                continue
            setattr(experiment, name, getattr(data, name))
    if experiment.baseline_mean is not None and experiment.baseline_mean == 0:
        raise InvalidInput("baseline_mean: effects are relative to it; it cannot be 0.", field="baseline_mean")
    if "data_file" in given:
        experiment.data_file = _data_file(session, data.data_file)
    if "source" in given:
        experiment.source = clean_text("source", data.source, max_length=200) or None
    if "source_table" in given:
        experiment.source_table = clean_text("source_table", data.source_table, max_length=200) or None
    if {"data_file", "source", "source_table"} & given:
        _check_source(session, experiment)
    if "variant_column" in given:
        experiment.variant_column = clean_text("variant_column", data.variant_column, max_length=200) or None
    if data.metric_columns is not None:
        experiment.metric_columns = _metric_columns(data.metric_columns)
    if data.compute_sample_size:
        _plan(experiment)


def _data_file(session: Session, value: str | None) -> str | None:
    from dayone.experiments import datafile

    text = clean_text("data_file", value, max_length=500)
    if not text:
        return None
    datafile.resolve(session, text)  # refused now, not when the results are computed
    return text


def _check_source(session: Session, experiment: Experiment) -> None:
    """One place for the data (a data file or a metrics source), the source readable by experiments."""
    from dayone.experiments import sourcedata

    if experiment.source and experiment.data_file:
        raise InvalidInput("source: the experiment names a data file already; give a data_file or a source, not "
                           "both (clear one).", field="source")
    if experiment.source_table and not experiment.source:
        raise InvalidInput("source_table: name the metrics file's source too (source).", field="source_table")
    if experiment.source:
        sourcedata.check(session, experiment.source, experiment.source_table)


def create(session: Session, actor: Actor, data: ExperimentCreate) -> Experiment:
    require_role(actor, Role.MEMBER, "design experiments")
    owner_id = data.owner_id or actor.person_id
    if owner_id is None:
        raise InvalidInput("owner_id: name the experiment's owner.", field="owner_id")
    if not 0 < owner_id <= MAX_ID or session.get(Person, owner_id) is None:
        raise InvalidInput(f"owner_id: no person with id {owner_id}.", field="owner_id")
    experiment = Experiment(owner_id=owner_id, title="", hypothesis="", guardrails=[], metric_columns={},
                            variants=[{"name": "control", "weight": 0.5}, {"name": "treatment", "weight": 0.5}],
                            engine="frequentist", alpha=0.05, status=ExperimentStatus.DESIGNED.value, learning="")
    _apply(session, actor, experiment, data)
    session.add(experiment)
    session.flush()
    audit.record(session, actor, "create", "experiment", experiment.id, f"experiment {experiment.title!r} designed")
    return experiment


def update(session: Session, actor: Actor, experiment_id: int, data: ExperimentUpdate) -> Experiment:
    experiment = get(session, experiment_id)
    _require_edit(session, actor, experiment, "edit")
    if data.version != experiment.version:
        raise Conflict(f"This experiment was changed since you loaded it (you edited version {data.version}, it is "
                       f"now at version {experiment.version}). Reload it and apply your edit again.",
                       details={"current_version": experiment.version, "your_version": data.version})
    if experiment.status == ExperimentStatus.DECIDED.value:
        raise Conflict("This experiment is decided; its record is kept as it was. Design a new one to test again.")
    _apply(session, actor, experiment, data)
    if data.owner_id is not None and data.owner_id != experiment.owner_id:
        if not 0 < data.owner_id <= MAX_ID or session.get(Person, data.owner_id) is None:
            raise InvalidInput(f"owner_id: no person with id {data.owner_id}.", field="owner_id")
        experiment.owner_id = data.owner_id
    experiment.version += 1
    audit.record(session, actor, "update", "experiment", experiment.id, f"edited {experiment.title!r}")
    session.flush()
    return experiment


def transition(session: Session, actor: Actor, experiment_id: int, data: TransitionIn) -> Experiment:
    """Start, stop or decide; any other move is refused, naming the one allowed."""
    experiment = get(session, experiment_id)
    _require_edit(session, actor, experiment, f"move to {data.status}")
    current = ExperimentStatus(experiment.status)
    if data.status not in NEXT[current]:
        allowed = NEXT[current]
        raise Conflict(f"status: an experiment that is {current.value} cannot become {data.status}; "
                       + (f"it can only become {allowed[0]} next (designed → running → stopped → decided)."
                          if allowed else "it is decided, the last step."),
                       details=[{"field": "status", "message": f"{current.value} → {data.status} is not allowed"}])
    if data.status != "decided" and (data.outcome is not None or data.learning.strip()):
        raise InvalidInput("outcome: only a decision (status decided) takes an outcome and a learning.",
                           field="outcome")
    now = utcnow()
    if data.status == "running":
        experiment.started_at = now
    elif data.status == "stopped":
        experiment.stopped_at = now
    else:
        _decide(session, actor, experiment, data)
        experiment.decided_at = now
    experiment.status = data.status
    experiment.version += 1
    audit.record(session, actor, data.status, "experiment", experiment.id,
                 f"{experiment.title!r} {data.status}" + (f": {data.outcome.value}" if data.outcome else ""))
    session.flush()
    return experiment


def _decide(session: Session, actor: Actor, experiment: Experiment, data: TransitionIn) -> None:
    """The decision the experiment feeds, written into the decision log (decided at once: a two-way door)."""
    from dayone.decisions import service as decisions
    from dayone.decisions.schemas import DecisionCreate
    from dayone.documents import service as documents

    if data.outcome is None:
        raise InvalidInput("outcome: choose launch, iterate or stop.", field="outcome")
    learning = clean_text("learning", data.learning, max_length=20000, required=True)
    summary = result_summary(session, experiment)
    links: list[dict[str, Any]] = [{"kind": "experiment", "target": f"/experiments/{experiment.id}"}]
    if experiment.document is not None and documents.can_read(actor, experiment.document, session):
        links.append({"kind": "document", "document_id": experiment.document_id})
    verb = {"launch": "Launch", "iterate": "Iterate on", "stop": "Stop"}[data.outcome.value]
    decision = decisions.create(session, actor, DecisionCreate.model_validate({
        "title": f"{verb} {experiment.title}"[:200],
        "context": f"Experiment: {experiment.title}. Hypothesis: {experiment.hypothesis or '—'}\n\n{summary}",
        "options": ["launch", "iterate", "stop"], "choice": data.outcome.value, "reasoning": learning,
        "consequences": "A stopped idea is a result: its lesson stays in this log." if data.outcome is Outcome.STOP
        else "", "owner_id": actor.person_id or experiment.owner_id, "type_answers": TWO_WAY, "links": links,
        "decide_now": True}))
    experiment.outcome, experiment.learning, experiment.decision_id = data.outcome.value, learning, decision.id


# --- statistics ------------------------------------------------------------------------

def _require_results_allowed(experiment: Experiment) -> None:
    if experiment.status == ExperimentStatus.DESIGNED.value:
        raise Conflict("Start the experiment before entering its results (it is still designed).")
    if experiment.status == ExperimentStatus.DECIDED.value:
        raise Conflict("This experiment is decided; its results are kept as they were when it was decided.")


def store_statistics(session: Session, actor: Actor, experiment_id: int, text: str,
                     source: str = "statistics.csv") -> Experiment:
    """Replace the experiment's statistics with those of a statistics CSV (checked whole first)."""
    from dayone.experiments.table import parse_table

    experiment = get(session, experiment_id)
    _require_edit(session, actor, experiment, "enter results for")
    _require_results_allowed(experiment)
    table = parse_table(text, source)
    check_against_design(experiment, table)
    _replace(session, actor, experiment, table, source)
    return experiment


def compute_statistics(session: Session, actor: Actor, experiment_id: int) -> Experiment:
    """Compute the statistics from the experiment's data file (DuckDB), or its metrics source on that
    source's engine, and store them."""
    from dayone.experiments import datafile

    experiment = get(session, experiment_id)
    _require_edit(session, actor, experiment, "compute results for")
    _require_results_allowed(experiment)
    if not (experiment.data_file or experiment.source) or not experiment.variant_column:
        raise InvalidInput("data_file: name the experiment's data file (or a source of the metrics file) and its "
                           "variant column first (edit the experiment), or upload the statistics as a CSV.",
                           field="data_file")
    columns = dict(experiment.metric_columns or {})
    for metric in [experiment.primary_metric, *(g["metric"] for g in experiment.guardrails)]:
        columns.setdefault(metric, {"column": metric, "denominator": None, "pre": None})
    variants = [v["name"] for v in experiment.variants]
    if experiment.source:
        from dayone.experiments import sourcedata
        from dayone.experiments.sufficient import MetricColumns

        wanted = [MetricColumns(m, c["column"], c.get("denominator"), c.get("pre")) for m, c in columns.items()]
        table = sourcedata.source_statistics(session, experiment.source, experiment.source_table,
                                             experiment.variant_column, wanted, variants)
        where = f"source {experiment.source}" + (f" ({experiment.source_table})" if experiment.source_table else "")
    else:
        where = experiment.data_file or ""
        table = datafile.statistics(session, where, experiment.variant_column, columns, variants)
    check_against_design(experiment, table)
    _replace(session, actor, experiment, table, where)
    return experiment


OPTIONAL_SUMS = ("denominator_sum", "denominator_sum_squares", "cross_sum", "pre_sum", "pre_sum_squares",
                 "pre_cross_sum")


def _replace(session: Session, actor: Actor, experiment: Experiment, table: Any, source: str) -> None:
    experiment.statistics.clear()
    experiment.slices.clear()
    session.flush()  # the old rows go before the new ones meet the unique constraint
    for row in table.rows.values():
        values = row.values
        experiment.statistics.append(ExperimentStatistic(
            variant=row.variant, metric=row.metric, n=int(values["n"]), sum=values["sum"],
            sum_squares=values["sum_squares"], **{k: values.get(k) for k in OPTIONAL_SUMS}))
    parts = [((dimension, value, None), part) for dimension, values in table.breakdowns.items()
             for value, part in values.items()] + [(("", "", day), part) for day, part in table.timeline.items()]
    for (dimension, value, day), part in parts:
        for row in part.rows.values():
            experiment.slices.append(ExperimentSliceStatistic(
                dimension=dimension, dimension_value=value, day=day, variant=row.variant, metric=row.metric,
                n=int(row.values["n"]), sum=row.values["sum"], sum_squares=row.values["sum_squares"],
                **{k: row.values.get(k) for k in OPTIONAL_SUMS}))
    experiment.results_source, experiment.results_at = source[:500], utcnow()
    experiment.version += 1
    audit.record(session, actor, "results", "experiment", experiment.id,
                 f"statistics of {experiment.title!r} from {source} ({len(table.rows)} rows)")
    session.flush()


def stored_table(experiment: Experiment) -> Any:
    """The stored statistics as a checked table: the experiment's variants in order (control first),
    its primary metric, guardrails, then the rest; None when there are none."""
    from dayone.experiments.table import NUMBERS, StatisticsRow, StatisticsTable

    if not experiment.statistics:
        return None
    def rows_of(stored: list[Any]) -> dict[tuple[str, str], Any]:
        return {(s.variant, s.metric): StatisticsRow(s.variant, s.metric, {
            k: float(getattr(s, k)) for k in NUMBERS if getattr(s, k) is not None}, 0) for s in stored}

    variants = tuple(v["name"] for v in experiment.variants)
    first = [experiment.primary_metric, *(g["metric"] for g in experiment.guardrails)]
    source = experiment.results_source or "stored statistics"

    def table_of(stored: list[Any]) -> Any:
        present = list(dict.fromkeys(s.metric for s in stored))
        metrics = tuple([m for m in first if m in present] + [m for m in present if m not in first])
        return StatisticsTable(source, variants, metrics, rows_of(stored))

    groups: dict[tuple[str, str, Any], list[Any]] = {}
    for s in experiment.slices:
        groups.setdefault((s.dimension, s.dimension_value, s.day), []).append(s)
    breakdowns: dict[str, dict[str, Any]] = {}
    for (dimension, value, day), stored in groups.items():
        if day is None:
            breakdowns.setdefault(dimension, {})[value] = table_of(stored)
    timeline = {key[2]: table_of(stored) for key, stored in sorted(
        ((k, v) for k, v in groups.items() if k[2] is not None), key=lambda item: item[0][2])}
    whole = table_of(list(experiment.statistics))
    return StatisticsTable(source, variants, whole.metrics, whole.rows, breakdowns, timeline)


def analysis(session: Session, experiment: Experiment, engine: str | None = None) -> dict[str, Any] | None:
    """The stored statistics read under the experiment's design, with what they mean in words;
    None before any statistics are stored."""
    from dayone.experiments.analysis import AnalysisOptions, analyze
    from dayone.experiments.reading import read

    table = stored_table(experiment)
    if table is None:
        return None
    options = AnalysisOptions(engine=engine or experiment.engine,  # type: ignore[arg-type]
                              alpha=experiment.alpha, weights=tuple(v["weight"] for v in experiment.variants))
    result = analyze(table, options).to_dict()
    good = wbr_metrics(session) or {}
    result["reading"] = read(result, primary=experiment.primary_metric, guardrails=experiment.guardrails,
                             minimum_effect=experiment.minimum_effect, good_direction=good)
    return result


def result_summary(session: Session, experiment: Experiment) -> str:
    """The result in a sentence or two (for the decision it feeds)."""
    result = analysis(session, experiment)
    if result is None:
        return "No results were entered."
    reading = result["reading"]
    return " ".join([*([reading["srm_warning"]] if reading["srm_warning"] else []), *reading["headline"]])


# --- market tests -------------------------------------------------------------------

def store_market(session: Session, actor: Actor, experiment_id: int, text: str, source: str, *,
                 treated: list[str], start: Any, method: str = "did") -> Experiment:
    """Replace the experiment's market test with a panel CSV (region, date, value) and its design
    (treated regions, first treated date, method); all checked — read once — before anything is stored."""
    from dayone.experiments.market import analyze_market
    from dayone.experiments.market_data import parse_panel

    experiment = get(session, experiment_id)
    _require_edit(session, actor, experiment, "enter a market test for")
    _require_results_allowed(experiment)
    panel = parse_panel(text, source)
    analyze_market(panel, treated, start, method)  # type: ignore[arg-type]  # refuses a bad design
    experiment.market = {"treated": list(treated), "start": start.isoformat(), "method": method,
                         "source": source[:500], "regions": list(panel.regions),
                         "dates": [d.isoformat() for d in panel.dates], "values": panel.values.tolist()}
    experiment.version += 1
    audit.record(session, actor, "market", "experiment", experiment.id,
                 f"market test of {experiment.title!r} from {source}: {', '.join(treated)} treated from {start}")
    session.flush()
    return experiment


def market_analysis(experiment: Experiment) -> dict[str, Any] | None:
    """The stored market test's read (as `dayone experiment market-test`), or None without one."""
    from datetime import date

    import numpy as np

    from dayone.experiments.market import Panel, analyze_market

    m = experiment.market
    if not m:
        return None
    panel = Panel(tuple(m["regions"]), tuple(date.fromisoformat(d) for d in m["dates"]),
                  np.asarray(m["values"], dtype=np.float64), m["source"])
    return {"source": m["source"], **analyze_market(panel, list(m["treated"]), date.fromisoformat(m["start"]),
                                                    m["method"])}
