"""`dayone experiment …`: read an A/B test from its statistics; plan one (power, MDE, sample size).

The statistics modules (NumPy, SciPy) are imported when a command runs, not when the
command line starts.
"""

from __future__ import annotations

import json
import math
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
) -> None:
    """Read an experiment from its per-variant statistics; the first variant is the control."""
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
                              sequential_tuning=tuning, prior=prior)
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
    output: str = typer.Option("text", "--format", help="text or json."),
) -> None:
    """Before a test: its power, minimum detectable effect and the users it needs."""
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
