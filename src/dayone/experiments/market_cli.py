"""`dayone experiment market-test`: read a market test from a panel CSV (region, date, value), and with
``--experiment ID`` store its design and panel on that experiment, as the web page and the API do."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from dayone.errors import InvalidInput


def parse_start(value: str) -> date:
    """The first treated date, YYYY-MM-DD."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"start: {value!r} is not a date; write it as YYYY-MM-DD", field="start") from None


def parse_treated(value: str) -> list[str]:
    """``north,east`` → the treated regions."""
    return [r.strip() for r in value.split(",") if r.strip()]


def market_test_command(
    data: Path = typer.Argument(..., help="CSV: region, date, value; one row per region and date."),
    treated: str = typer.Option(..., "--treated", help="The treated regions, separated by commas."),
    start: str = typer.Option(..., "--start", help="The first date under treatment (YYYY-MM-DD)."),
    method: str = typer.Option("did", "--method", help="did (difference-in-differences) or synthetic."),
    output: str = typer.Option("text", "--format", help="text or json."),
    experiment: int | None = typer.Option(None, "--experiment", help="Store the design and panel on this "
                                          "experiment (running or stopped), replacing its market test."),
    as_user: str | None = typer.Option(None, "--as", help="With --experiment: email of who stores it "
                                       "(default: the command line, as an admin)."),
) -> None:
    """Read a market test: treated regions against the rest, with placebo-based uncertainty
    (--experiment ID: and store it on that experiment)."""
    from dayone.experiments.market import analyze_market
    from dayone.experiments.market_data import read_panel

    if output not in ("text", "json"):
        raise InvalidInput(f"--format: {output!r}; use text or json", field="format")
    if experiment is not None:
        from dayone.experiments.cli import store_market

        result = store_market(data, experiment, parse_treated(treated), parse_start(start), method, as_user)
    else:
        if as_user is not None:
            raise InvalidInput("--as: only with --experiment (who stores the market test)", field="as")
        result = analyze_market(read_panel(data), parse_treated(treated), parse_start(start),
                                method)  # type: ignore[arg-type]
    if output == "json":
        print(json.dumps(result, indent=2))
        return
    out = Console(soft_wrap=True)
    out.print(result["reading"])
    table = Table("", "value", title=f"market test ({result['method']}), treated {', '.join(result['treated'])} "
                  f"from {result['start']}")
    relative = result["relative_effect"]
    for label, value in (("effect (mean per date after the start)", f"{result['effect']:+.4g}"),
                         ("relative effect", "—" if relative is None else f"{relative:+.2%}"),
                         ("treated / counterfactual after", f"{result['treated_mean_post']:.4g} / "
                                                            f"{result['counterfactual_mean_post']:.4g}"),
                         ("fit before the start (RMSPE)", f"{result['pre_rmspe']:.4g}"),
                         ("placebo p-value", "—" if result["p_value"] is None else
                          f"{result['p_value']:.3g} ({len(result['placebos'])} placebos)")):
        table.add_row(label, value)
    out.print(table)
    if result["weights"]:
        out.print("Synthetic control: " + ", ".join(f"{r} {w:.1%}" for r, w in sorted(
            result["weights"].items(), key=lambda item: -item[1])))

