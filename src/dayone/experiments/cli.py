"""`dayone experiment …`: read an A/B test from its statistics; plan one (power, MDE, sample size).

The statistics modules (NumPy, SciPy) are imported when a command runs, not when the
command line starts.
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from dayone.errors import InvalidInput

experiment_app = typer.Typer(help="Experiments: read A/B tests from per-variant statistics; plan their size.",
                             no_args_is_help=True)

FORMATS = ("text", "json")


def _format(value: str) -> str:
    if value not in FORMATS:
        raise InvalidInput(f"--format: {value!r}; use text or json", field="format")
    return value


def _weights(value: str | None) -> tuple[float, ...] | None:
    if value is None:
        return None
    parts = [p.strip() for p in value.split(",")]
    try:
        return tuple(float(p) for p in parts)
    except ValueError:
        raise InvalidInput(f"--weights: {value!r}; give one number per variant, control first, "
                           "separated by commas (e.g. 0.5,0.5)", field="weights") from None


def _pct(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:+.{digits}%}"


def _interval(low: float | None, high: float | None) -> str:
    return f"[{'−∞' if low is None else f'{low:+.2%}'}, {'+∞' if high is None else f'{high:+.2%}'}]"


def _print_text(result: dict[str, Any]) -> None:
    out = Console(soft_wrap=True)
    srm = result["srm"]
    split = ", ".join(f"{v['variant']} {v['n']:,}" for v in srm["variants"])
    if srm["passed"]:
        out.print(f"Sample ratio check passed (p = {srm['p_value']:.3g}; {split}).")
    else:
        out.print(f"WARNING: {srm['warning']} ({split})")
    bayes = result["engine"] == "bayesian"
    level = f"{1 - result['alpha']:.0%}"
    columns = ["metric", "variant", "effect", f"{level} {'credible' if bayes else 'interval'}"]
    columns += ["chance to win", "risk"] if bayes else ["p-value"]
    if result["correction"]:
        columns.append(f"p ({result['correction']})")
    table = Table(*columns, title=f"{result['engine']} read, control {result['control']}")
    for r in result["results"]:
        if r["error"]:
            table.add_row(r["metric"], r["variant"], r["error"], *[""] * (len(columns) - 3))
            continue
        row = [r["metric"], r["variant"], _pct(r["effect"]), _interval(r["ci_low"], r["ci_high"])]
        if bayes:
            row += [f"{r['chance_to_win']:.1%}", f"{r['risk']:.3%}"]
        else:
            row.append(f"{r['p_value']:.3g}")
        if result["correction"]:
            row.append(f"{r['p_value_adjusted']:.3g}")
        table.add_row(*row)
    out.print(table)
    _print_slices(out, result)


def _print_slices(out: Console, result: dict[str, Any]) -> None:
    """Breakdowns (each dimension's top values and "other") and the interval over time, when given."""
    bayes = result["engine"] == "bayesian"
    for breakdown in result.get("breakdowns", []):
        table = Table("value", "units", "metric", "variant", "effect", "interval",
                      "chance to win" if bayes else "p-value",
                      title=f"by {breakdown['dimension']} (each value read alone, uncorrected: exploration)")
        for value in breakdown["values"]:
            name = value["value"] + (f" ({', '.join(value['pooled'])})" if value["pooled"] else "")
            for r in value["results"]:
                figure = r["chance_to_win"] if bayes else r["p_value"]
                table.add_row(name, f"{value['units']:,}", r["metric"], r["variant"],
                              r["error"] or _pct(r["effect"]), _interval(r["ci_low"], r["ci_high"]),
                              "—" if figure is None else (f"{figure:.1%}" if bayes else f"{figure:.3g}"))
        out.print(table)
    if result.get("timeline"):
        table = Table("date", "metric", "variant", "units", "effect", "always-valid interval", "p-value",
                      title="the interval over time (sequential, cumulative statistics)")
        for day in result["timeline"]:
            for r in day["results"]:
                table.add_row(day["date"], r["metric"], r["variant"], f"{r['n_control'] + r['n_variant']:,}",
                              r["error"] or _pct(r["effect"]), _interval(r["ci_low"], r["ci_high"]),
                              "—" if r["p_value"] is None else f"{r['p_value']:.3g}")
        out.print(table)


@experiment_app.command("analyze")
def analyze_command(
    stats: Path = typer.Argument(..., help="CSV: variant, metric, n, sum, sum_squares (and ratio/CUPED columns)."),
    engine: str = typer.Option("frequentist", "--engine", help="frequentist, bayesian or sequential."),
    output: str = typer.Option("text", "--format", help="text or json."),
    alpha: float = typer.Option(0.05, "--alpha", help="Significance level (1 − the interval's coverage)."),
    one_sided: bool = typer.Option(False, "--one-sided", help="Test only whether the variant is higher."),
    correction: str | None = typer.Option(None, "--correction", help="holm or bh, over every metric × variant."),
    weights: str | None = typer.Option(None, "--weights",
                                       help="Planned traffic shares, control first (e.g. 0.5,0.5); equal if omitted."),
    tuning: float = typer.Option(5000, "--tuning", help="Sequential: the sample size the sequence is tightest at."),
    prior_mean: float | None = typer.Option(None, "--prior-mean", help="Bayesian: prior mean of the relative effect."),
    prior_sd: float | None = typer.Option(None, "--prior-sd",
                                          help="Bayesian: prior standard deviation of the relative effect."),
    top: int = typer.Option(5, "--top", help="Breakdowns: the values read one by one (most units first); the "
                            "rest are pooled into \"other\"."),
) -> None:
    """Read an experiment from its per-variant statistics; the first variant is the control.

    Rows with a ``dimension`` and ``dimension_value`` are a breakdown; rows with a ``date`` are the
    cumulative statistics up to that day (read as the interval over time)."""
    from dayone.experiments.analysis import AnalysisOptions, analyze
    from dayone.experiments.bayesian import GaussianPrior
    from dayone.experiments.table import read_table

    fmt = _format(output)
    prior = GaussianPrior()
    if prior_mean is not None or prior_sd is not None:
        if engine != "bayesian":
            raise InvalidInput("--prior-mean and --prior-sd are for --engine bayesian", field="prior")
        if prior_sd is None or not prior_sd > 0:
            raise InvalidInput("--prior-sd: give a positive standard deviation for the prior (e.g. 0.3)",
                               field="prior")
        prior = GaussianPrior(prior_mean or 0.0, prior_sd**2, True)
    options = AnalysisOptions(engine=engine, alpha=alpha, sided="greater" if one_sided else "two-sided",  # type: ignore[arg-type]
                              correction=correction, weights=_weights(weights),  # type: ignore[arg-type]
                              sequential_tuning=tuning, prior=prior, top_values=top)
    result = analyze(read_table(stats), options).to_dict()
    if fmt == "json":
        print(json.dumps(result, indent=2))
    else:
        _print_text(result)


@experiment_app.command("power")
def power_command(
    mean: float | None = typer.Option(None, "--mean", help="The metric's mean per unit."),
    sd: float | None = typer.Option(None, "--sd", help="The metric's standard deviation per unit."),
    rate: float | None = typer.Option(None, "--rate", help="A conversion rate instead of --mean and --sd."),
    effect: float | None = typer.Option(None, "--effect", help="Relative effect to detect (0.05 for +5%)."),
    users: int | None = typer.Option(None, "--users", help="Users in all variants together."),
    variants: int = typer.Option(2, "--variants", help="Variants including the control."),
    alpha: float = typer.Option(0.05, "--alpha", help="Significance level."),
    target: float = typer.Option(0.8, "--power", help="The power wanted."),
    one_sided: bool = typer.Option(False, "--one-sided", help="Plan a one-sided test."),
    sequential: float | None = typer.Option(None, "--sequential", help="Plan a sequential test with this tuning."),
    bayesian: bool = typer.Option(False, "--bayesian", help="Also plan the Bayesian read: the chance of ending "
                                  "with the chance to win at --chance, and the users for --power of that."),
    chance: float = typer.Option(0.95, "--chance", help="Bayesian: the chance to beat control that calls a win."),
    prior_mean: float | None = typer.Option(None, "--prior-mean", help="Bayesian: prior mean of the relative effect."),
    prior_sd: float | None = typer.Option(None, "--prior-sd",
                                          help="Bayesian: prior standard deviation of the relative effect."),
    output: str = typer.Option("text", "--format", help="text or json."),
) -> None:
    """Before a test: its power, minimum detectable effect and the users it needs (--bayesian: and the
    Bayesian engine's chance of calling the win, with the users that takes)."""
    from dayone.experiments import power as calc

    fmt = _format(output)
    if rate is not None:
        if mean is not None or sd is not None:
            raise InvalidInput("give --rate, or --mean and --sd, not both", field="rate")
        if not 0 < rate < 1:
            raise InvalidInput(f"--rate: {rate} must be between 0 and 1 (e.g. 0.12 for 12%)", field="rate")
        mean, variance = rate, rate * (1 - rate)
    elif mean is None or sd is None:
        raise InvalidInput("give the metric as --mean and --sd, or as --rate", field="mean")
    else:
        variance = sd**2
    if effect is None and users is None:
        raise InvalidInput("give --effect (for the users needed), --users (for the power and MDE), or both",
                           field="effect")
    prior = _planning_prior(bayesian, effect, prior_mean, prior_sd)
    try:
        design = calc.PowerDesign(mean=mean, variance=variance, variants=variants, alpha=alpha,
                                  two_sided=not one_sided, sequential_tuning=sequential)
        result: dict[str, Any] = {"mean": mean, "sd": math.sqrt(variance), "variants": variants, "alpha": alpha,
                                  "power_target": target, "one_sided": one_sided, "sequential_tuning": sequential}
        if users is not None:
            result["users"] = users
            result["mde"] = calc.minimum_detectable_effect(design, users, target)
            if effect is not None:
                result["power"] = calc.power(design, effect, users)
        if effect is not None:
            per_variant = calc.sample_size(design, effect, target)
            result.update(effect=effect, users_per_variant_needed=per_variant, users_needed=per_variant * variants)
        if prior is not None and effect is not None:
            result["bayesian"] = _bayesian_plan(design, effect, users, target, chance, prior)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    if fmt == "json":
        print(json.dumps(result, indent=2))
        return
    if "mde" in result:
        print(f"With {users:,} users over {variants} variants: minimum detectable effect {result['mde']:+.2%} "
              f"at {target:.0%} power.")
    if "power" in result:
        print(f"Power to detect {effect:+.2%}: {result['power']:.1%}.")
    if "users_needed" in result:
        print(f"To detect {effect:+.2%} with {target:.0%} power: {result['users_needed']:,} users "
              f"({result['users_per_variant_needed']:,} per variant).")
    if "bayesian" in result:
        plan = result["bayesian"]
        if "power" in plan:
            print(f"Bayesian: with {users:,} users, a chance of {plan['power']:.1%} to end with the chance to win "
                  f"at {chance:.0%} or more.")
        print(f"Bayesian ({plan['prior']}): {plan['users_needed']:,} users ({plan['users_per_variant_needed']:,} "
              f"per variant) for a chance of {target:.0%} that the chance to win reaches {chance:.0%}.")


def _planning_prior(bayesian: bool, effect: float | None, prior_mean: float | None,
                    prior_sd: float | None) -> Any:
    """The prior of --bayesian's planning read (flat unless --prior-sd), or None without --bayesian."""
    from dayone.experiments.bayesian import GaussianPrior

    if not bayesian:
        if prior_mean is not None or prior_sd is not None:
            raise InvalidInput("--prior-mean and --prior-sd are for --bayesian", field="prior")
        return None
    if effect is None:
        raise InvalidInput("--bayesian: give --effect, the true effect to plan for", field="effect")
    if prior_mean is not None or prior_sd is not None:
        if prior_sd is None or not 0 < prior_sd < math.inf:
            raise InvalidInput("--prior-sd: give a positive standard deviation for the prior (e.g. 0.3)",
                               field="prior")
        return GaussianPrior(prior_mean or 0.0, prior_sd**2, True)
    return GaussianPrior()


def _bayesian_plan(design: Any, effect: float, users: int | None, target: float, chance: float,
                   prior: Any) -> dict[str, Any]:
    from dayone.experiments.bayesian_power import bayesian_power, bayesian_sample_size

    per_variant = bayesian_sample_size(design, effect, target, chance=chance, prior=prior)
    plan: dict[str, Any] = {
        "chance": chance, "prior": f"prior N({prior.mean:g}, {math.sqrt(prior.variance):g}²)" if prior.proper
        else "flat prior", "users_per_variant_needed": per_variant, "users_needed": per_variant * design.variants}
    if users is not None:
        plan["power"] = bayesian_power(design, effect, users, chance=chance, prior=prior)
    return plan


# --- experiment records ------------------------------------------------------------------

def _actor(session: Any, email: str | None) -> Any:
    from dayone.auth import service as accounts
    from dayone.auth.permissions import CLI_ACTOR

    return accounts.actor_for(accounts.get_user_by_email(session, email)) if email else CLI_ACTOR


def _variants(value: str) -> list[dict[str, Any]]:
    """``control=0.5,treatment=0.5`` → the variants, control first."""
    out = []
    for part in (p.strip() for p in value.split(",") if p.strip()):
        name, sep, weight = part.rpartition("=")
        try:
            out.append({"name": name.strip(), "weight": float(weight)})
        except ValueError:
            sep = ""
        if not sep or not name.strip():
            raise InvalidInput(f"--variants: {part!r}; give name=weight pairs, control first, e.g. "
                               "control=0.5,treatment=0.5", field="variants")
    return out


def _guardrail(value: str) -> dict[str, Any]:
    """``page_load_ms:up`` (the bad direction) or ``page_load_ms`` (the default: against the WBR's)."""
    metric, sep, bad = value.rpartition(":")
    if sep and bad in ("up", "down"):
        return {"metric": metric, "bad_direction": bad}
    return {"metric": value}


def _print_experiment(e: dict[str, Any]) -> None:
    out = Console(soft_wrap=True)
    out.print(f"[bold]{e['title']}[/bold] (#{e['id']}) — {e['status']}, owner {e['owner']['name']}", markup=True,
              highlight=False)
    variants = ", ".join(f"{v['name']} {v['weight']:g}" for v in e["variants"])
    guards = ", ".join(f"{g['metric']} (bad: {g['bad_direction']})" for g in e["guardrails"]) or "—"
    out.print(f"Hypothesis: {e['hypothesis'] or '—'}\nVariants: {variants}\nPrimary metric: {e['primary_metric']}"
              f"\nGuardrails: {guards}\nMinimum effect: {e['minimum_effect']:+.2%}", highlight=False)
    if e["planned_sample_size"]:
        out.print(f"Planned: {e['planned_sample_size']:,} units" + (f" over {e['planned_days']} days"
                                                                       if e["planned_days"] else ""), highlight=False)
    if e["decision"]:
        out.print(f"Decision #{e['decision']['id']}: {e['outcome']} — {e['learning']}", highlight=False)
    if e["next_statuses"]:
        out.print(f"Next: {', '.join(e['next_statuses'])}", highlight=False)


def _show(session: Any, actor: Any, experiment_id: int, fmt: str) -> None:
    from dayone.experiments import service
    from dayone.experiments.schemas import ExperimentOut

    out = ExperimentOut.of(service.get(session, experiment_id), service.readable_by(session, actor))
    if fmt == "json":
        print(out.model_dump_json(indent=2))
    else:
        _print_experiment(out.model_dump(mode="json"))


@experiment_app.command("new")
def new_command(
    title: str = typer.Argument(..., help="What is tested."),
    primary: str = typer.Option(..., "--primary", help="The primary metric (a WBR metric of the workspace)."),
    min_effect: float = typer.Option(..., "--min-effect", help="The smallest relative effect worth detecting "
                                                               "(0.02 for 2%)."),
    hypothesis: str = typer.Option("", "--hypothesis", help="What we expect, and why."),
    guardrail: list[str] = typer.Option([], "--guardrail", help="A guardrail metric, METRIC or METRIC:up|down "
                                                                "(the bad direction); repeat for more."),
    variants: str = typer.Option("control=0.5,treatment=0.5", "--variants",
                                 help="name=weight pairs, the control first; weights sum to 1."),
    engine: str = typer.Option("frequentist", "--engine", help="frequentist, sequential or bayesian."),
    document: int | None = typer.Option(None, "--document", help="Id of the PR/FAQ or narrative it tests."),
    days: int | None = typer.Option(None, "--days", help="Planned duration in days."),
    baseline_mean: float | None = typer.Option(None, "--baseline-mean", help="The primary metric's mean per unit "
                                                                              "(or its rate)."),
    baseline_sd: float | None = typer.Option(None, "--baseline-sd", help="Its standard deviation (omit for a rate)."),
    plan: bool = typer.Option(False, "--plan", help="Compute the sample size needed (80% power)."),
    data_file: str | None = typer.Option(None, "--data-file", help="A CSV or Parquet file in the workspace's data "
                                                                   "folder, one row per unit."),
    source: str | None = typer.Option(None, "--source", help="Or a source of the workspace's metrics file (CSV, "
                                                             "Parquet, PostgreSQL table), one row per unit."),
    source_table: str | None = typer.Option(None, "--source-table", help="For a SQL source given as a query: "
                                                                         "its table of units."),
    variant_column: str | None = typer.Option(None, "--variant-column", help="The data's variant column."),
    metric_column: list[str] = typer.Option([], "--metric-column", help="METRIC=COLUMN in the data file; repeat."),
    owner: str = typer.Option(..., "--owner", help="Email of the owner (who designs it)."),
    output: str = typer.Option("text", "--format", help="text or json."),
) -> None:
    """Design an experiment; prints it (its id first)."""
    from pydantic import ValidationError

    from dayone.cli.context import open_workspace
    from dayone.experiments import service
    from dayone.experiments.schemas import ExperimentCreate
    from dayone.web.forms import validation_message

    fmt = _format(output)
    columns = {}
    for item in metric_column:
        metric, sep, column = item.partition("=")
        if not sep:
            raise InvalidInput(f"--metric-column: {item!r}; give METRIC=COLUMN.", field="metric_columns")
        columns[metric.strip()] = column.strip()
    try:
        data = ExperimentCreate.model_validate({
            "title": title, "hypothesis": hypothesis, "primary_metric": primary, "minimum_effect": min_effect,
            "guardrails": [_guardrail(g) for g in guardrail], "variants": _variants(variants), "engine": engine,
            "document_id": document, "planned_days": days, "baseline_mean": baseline_mean,
            "baseline_sd": baseline_sd, "compute_sample_size": plan, "data_file": data_file,
            "source": source, "source_table": source_table, "variant_column": variant_column,
            "metric_columns": columns})
    except ValidationError as exc:
        raise validation_message(exc) from None
    with open_workspace() as ws, ws.session() as session:
        actor = _actor(session, owner)
        made = service.create(session, actor, data)
        session.flush()
        _show(session, actor, made.id, fmt)


@experiment_app.command("list")
def list_command(
    status: str | None = typer.Option(None, "--status", help="designed, running, stopped or decided."),
    limit: int = typer.Option(50, "--limit", help="At most this many."),
    offset: int = typer.Option(0, "--offset", help="Skip this many (newest first)."),
    output: str = typer.Option("text", "--format", help="text or json."),
) -> None:
    """Experiments, newest first, and the portfolio: ideas tested, launched, iterated, stopped."""
    from dayone.cli.context import open_workspace
    from dayone.experiments import service
    from dayone.experiments.schemas import ExperimentOut, ExperimentPage

    fmt = _format(output)
    with open_workspace() as ws, ws.session() as session:
        items, total = service.list_page(session, limit=limit, offset=offset, status=status)
        page = ExperimentPage(items=[ExperimentOut.of(e) for e in items], total=total, limit=limit, offset=offset,
                              portfolio=service.portfolio(session))
    if fmt == "json":
        print(page.model_dump_json(indent=2))
        return
    table = Table("id", "title", "status", "owner", "primary metric", "outcome")
    for e in page.items:
        table.add_row(str(e.id), e.title, e.status.value, e.owner.name, e.primary_metric,
                      e.outcome.value if e.outcome else "")
    out = Console(soft_wrap=True)
    out.print(table)
    p = page.portfolio
    out.print(f"{total} experiments. Ideas tested {p['tested']}: launched {p['launch']}, iterated {p['iterate']}, "
              f"stopped {p['stop']}; running {p['running']}, designed {p['designed']}.", highlight=False)


@experiment_app.command("show")
def show_command(experiment_id: int = typer.Argument(...),
                 output: str = typer.Option("text", "--format", help="text or json.")) -> None:
    """One experiment's record."""
    from dayone.auth.permissions import CLI_ACTOR
    from dayone.cli.context import open_workspace

    fmt = _format(output)
    with open_workspace() as ws, ws.session() as session:
        _show(session, CLI_ACTOR, experiment_id, fmt)


def _move(experiment_id: int, status: str, as_user: str | None, outcome: str | None = None,
          learning: str = "") -> None:
    from pydantic import ValidationError

    from dayone.cli.context import open_workspace
    from dayone.experiments import service
    from dayone.experiments.schemas import TransitionIn
    from dayone.web.forms import validation_message

    try:
        body = TransitionIn.model_validate({"status": status, "outcome": outcome, "learning": learning})
    except ValidationError as exc:
        raise validation_message(exc) from None
    with open_workspace() as ws, ws.session() as session:
        made = service.transition(session, _actor(session, as_user), experiment_id, body)
        line = f"Experiment {experiment_id} is {made.status}."
        if made.decision_id:
            line += f" Decision {made.decision_id} recorded in the decision log: {made.outcome}."
    print(line)


AS_USER = typer.Option(None, "--as", help="Email of who does it (default: the command line, as an admin).")


@experiment_app.command("start")
def start_command(experiment_id: int = typer.Argument(...), as_user: str | None = AS_USER) -> None:
    """designed → running."""
    _move(experiment_id, "running", as_user)


@experiment_app.command("stop")
def stop_command(experiment_id: int = typer.Argument(...), as_user: str | None = AS_USER) -> None:
    """running → stopped."""
    _move(experiment_id, "stopped", as_user)


@experiment_app.command("decide")
def decide_command(
    experiment_id: int = typer.Argument(...),
    outcome: str = typer.Option(..., "--outcome", help="launch, iterate or stop."),
    learning: str = typer.Option(..., "--learning", help="What the test taught (kept in the decision log)."),
    as_user: str | None = AS_USER,
) -> None:
    """stopped → decided: writes the decision (launch, iterate or stop) into the decision log."""
    _move(experiment_id, "decided", as_user, outcome, learning)


@experiment_app.command("results")
def results_command(
    experiment_id: int = typer.Argument(...),
    stats: Path | None = typer.Argument(None, help="A statistics CSV to store first (as `analyze` reads)."),
    compute: bool = typer.Option(False, "--compute", help="Compute the statistics from the experiment's data file "
                                                              "or metrics source."),
    output: str = typer.Option("text", "--format", help="text or json."),
    as_user: str | None = AS_USER,
) -> None:
    """Store the statistics (a CSV, or --compute from the data file), then print the result."""
    from dayone.cli.context import open_workspace
    from dayone.experiments import service

    fmt = _format(output)
    if stats is not None and compute:
        raise InvalidInput("give a statistics file or --compute, not both", field="stats")
    text = None
    if stats is not None:
        try:
            text = stats.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InvalidInput(f"{stats}: no such file", field="stats") from None
        except (UnicodeDecodeError, OSError):
            raise InvalidInput(f"{stats}: not a readable UTF-8 text file; save the statistics as CSV in UTF-8",
                               field="stats") from None
    with open_workspace() as ws, ws.session() as session:
        actor = _actor(session, as_user)
        if text is not None:
            service.store_statistics(session, actor, experiment_id, text, str(stats))
        elif compute:
            service.compute_statistics(session, actor, experiment_id)
        session.flush()
        experiment = service.get(session, experiment_id)
        result = service.analysis(session, experiment)
    if result is None:
        raise InvalidInput(f"experiment {experiment_id} has no results yet: give its statistics CSV, or --compute "
                           "from its data file", field="stats")
    if fmt == "json":
        print(json.dumps(result, indent=2))
        return
    _print_text(result)
    out = Console(soft_wrap=True)
    for sentence in result["reading"]["headline"]:
        out.print(sentence, highlight=False)
    for flag in result["reading"]["guardrails"]:
        out.print(("REGRESSION: " if flag["status"] == "regressed" else "") + flag["sentence"], highlight=False)


def store_market(data: Path, experiment_id: int, treated: list[str], start: date, method: str,
                 as_user: str | None) -> dict[str, Any]:
    """`market-test --experiment`: store the market test on the experiment (checked whole first: a
    refusal changes nothing); its read."""
    from dayone.cli.context import open_workspace
    from dayone.experiments import service
    from dayone.experiments.market_data import read_panel_text

    text = read_panel_text(data)
    with open_workspace() as ws, ws.session() as session:
        stored = service.store_market(session, _actor(session, as_user), experiment_id, text, str(data),
                                      treated=treated, start=start, method=method)
        result = service.market_analysis(stored)
    assert result is not None
    Console(stderr=True, soft_wrap=True).print(f"Stored the market test on experiment {experiment_id} "
                                               f"({stored.title}).", highlight=False)
    return result


def _register_market_test() -> None:
    from dayone.experiments.market_cli import market_test_command

    experiment_app.command("market-test")(market_test_command)


_register_market_test()
