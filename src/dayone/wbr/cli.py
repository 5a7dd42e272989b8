"""`dayone wbr build`: the deck's numbers from a metrics file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress

from dayone.cli.words import plural
from dayone.errors import InvalidInput

wbr_app = typer.Typer(help="The Weekly Business Review: build the deck from a metrics file.", no_args_is_help=True)


@wbr_app.command("use")
def use(config: Path = typer.Argument(..., help="The metrics file the workspace's WBR uses.")) -> None:
    """Set the workspace's metrics file (validated first); the web page and the API use it."""
    from dayone.auth.permissions import CLI_ACTOR
    from dayone.cli.context import open_workspace
    from dayone.wbr import service

    with open_workspace() as ws, ws.session() as session:
        parsed = service.use(session, CLI_ACTOR, config)
    Console().print(f"The WBR now uses {config} ({plural(len(parsed.metrics), 'metric')}).")


@wbr_app.command("init")
def init(
    data: Path = typer.Argument(..., help="A CSV or Parquet file with a date column."),
    out: Path = typer.Option(Path("metrics.yaml"), "--out", help="Where to write the metrics file."),
    metric: list[str] = typer.Option([], "--metric", help="COLUMN or COLUMN:AGGREGATION (sum, mean, count_distinct, "
                                     "p90, …; rows:count counts rows), repeatable (default: every number column)."),
    ratio: list[str] = typer.Option([], "--ratio", help="NUMERATOR/DENOMINATOR of two chosen metrics, repeatable."),
    date_column: str | None = typer.Option(None, "--date-column", help="The date column (default: detected)."),
    week_ending: str | None = typer.Option(None, "--week-ending", help="The weekday weeks end on (default: the "
                                           "data's own for weekly data, else saturday)."),
    force: bool = typer.Option(False, "--force", help="Replace --out if it exists."),
) -> None:
    """Write a starter metrics file from a data file: its date column, its weeks, and a metric for
    each number column (or those named); then build the deck with `dayone wbr build`."""
    import os

    from dayone.metrics import spec as metrics_spec
    from dayone.metrics import starter

    if out.exists() and not force:
        raise InvalidInput(f"--out: {out} exists; choose another name or add --force to replace it.")
    found = starter.preview(data)
    choices = starter.parse_choices(found, metric, ratio)
    relative = os.path.relpath(data.resolve(), out.resolve().parent)
    text = starter.starter_file(found, choices, data_path=Path(relative).as_posix(), week_ending=week_ending,
                                date_column=date_column)
    parsed = metrics_spec.parse(text, file=out.name, base=out.resolve().parent)  # what the engine will read
    console = Console(stderr=True)
    for problem in found.problems:
        console.print(f"{data.name}, {problem}", markup=False, highlight=False)
    if found.more_problems:
        console.print(f"… and {plural(found.more_problems, 'more cell')} that do not fit their column.")
    out.write_text(text, encoding="utf-8")
    metrics, rows = plural(len(parsed.metrics), "metric"), plural(found.rows, "row")
    Console(soft_wrap=True).print(f"Wrote {out}: {metrics} from {data.name} ({rows}, "
                    f"{found.first_day} to {found.last_day}, {found.cadence}; dates in "
                    f"{date_column or found.date_column}, weeks ending {parsed.week_ending.title()}).\n"
                    f"Next: dayone wbr build {out} --out deck.html", markup=False, highlight=False)


@wbr_app.command("uploaders")
def uploaders_command(
    add: list[str] = typer.Option([], "--add", help="Allow this member (by email) to upload WBR data; repeatable."),
    remove: list[str] = typer.Option([], "--remove", help="No longer allow this member; repeatable."),
) -> None:
    """List the members allowed to upload the WBR's data (admins always may; viewers never), or
    change the list with --add and --remove."""
    from dayone.auth.permissions import CLI_ACTOR
    from dayone.cli.context import open_workspace
    from dayone.wbr import uploaders

    with open_workspace() as ws, ws.session() as session:
        chosen = (uploaders.change(session, CLI_ACTOR, add=add, remove=remove) if add or remove
                  else uploaders.listed(session))
    Console(soft_wrap=True).print(("Members who may upload WBR data: " + ", ".join(chosen)) if chosen else
                                  "Only admins may upload WBR data.", markup=False, highlight=False)


@wbr_app.command("export")
def export(out: Path = typer.Option(..., "--out", help="Where to write the metrics file (YAML).")) -> None:
    """Write the workspace's metrics file, as last saved (in the browser, the API or by `wbr use`)."""
    from dayone.cli.context import open_workspace
    from dayone.wbr import service

    with open_workspace() as ws, ws.session() as session:
        current = service.current_file(session)
        out.write_text(current.body, encoding="utf-8")
    Console(soft_wrap=True).print(f"Wrote {out}: version {current.id} of the metrics file.")


def _week_option(week_ending: str | None) -> date | None:
    """--week-ending as a date (None: the last complete week); InvalidInput if it is none."""
    try:
        return date.fromisoformat(week_ending) if week_ending else None
    except ValueError:
        raise InvalidInput(f"--week-ending: {week_ending!r} is not a date; use YYYY-MM-DD.") from None


@wbr_app.command("freeze")
def freeze_week(week_ending: str | None = typer.Option(
        None, "--week-ending", help="YYYY-MM-DD, a week-ending day (default: the last complete week).")) -> None:
    """Freeze a week's deck as it is now; from then on it is shown exactly as it was. Run it after
    each WBR (by hand or from a scheduler) to keep the deck the meeting saw."""
    from dayone.auth.permissions import CLI_ACTOR
    from dayone.cli.context import open_workspace
    from dayone.wbr import service

    when = _week_option(week_ending)
    with open_workspace() as ws, ws.session() as session:
        frozen = service.freeze(session, CLI_ACTOR, when)
    count = plural(len(frozen["metrics"]), "metric")
    Console().print(f"Froze the deck for the week ending {frozen['week_ending']} ({count}).")


@wbr_app.command("hold")
def hold_meeting(week_ending: str | None = typer.Option(
        None, "--week-ending", help="YYYY-MM-DD, a week-ending day (default: the last complete week).")) -> None:
    """The WBR was held: freeze the week's deck as the meeting saw it and record an occurrence of
    the Weekly Business Review mechanism (what `Hold the WBR` on the deck page does)."""
    from dayone.auth.permissions import CLI_ACTOR
    from dayone.cli.context import open_workspace
    from dayone.wbr import meeting

    when = _week_option(week_ending)
    with open_workspace() as ws, ws.session() as session:
        frozen = meeting.hold(session, CLI_ACTOR, when)
    Console().print(f"Held the WBR of the week ending {frozen['week_ending']}: its deck is frozen and the meeting "
                    "recorded.")


@wbr_app.command("build")
def build(
    config: Path = typer.Argument(..., help="The metrics file (YAML)."),
    week_ending: str | None = typer.Option(None, "--week-ending", help="YYYY-MM-DD, a week-ending day "
                                           "(default: the last complete week in the data)."),
    out: Path = typer.Option(..., "--out", help="Where to write the deck: .json, .html or .pdf."),
    data: Path | None = typer.Option(None, "--data", help="The CSV a WBR App config expects as its upload."),
    engine_name: str = typer.Option("duckdb", "--engine", help="What computes file sources: duckdb or spark."),
    strict: bool = typer.Option(False, "--strict", help="Exit with status 1 when any source could not be read "
                                "(the deck is written all the same)."),
) -> None:
    """Compute every metric for one week and write the deck (a WBR App config works unchanged).

    A source that cannot be read (its file moved or not data, its database down) is printed
    with what failed, its metrics have no numbers, and the others are computed: the exit
    status is 0 unless nothing at all could be computed (or, with --strict, any source failed)."""
    # the file keeps its user's freedoms (any path, database URLs, ${VAR}); DuckDB is still
    # sandboxed to the files it declares, and no source may read a Day One workspace's folder
    # the engine (DuckDB, sqlglot, Arrow) is imported by the command that computes, not by `wbr --help`
    from dayone.cli.context import load_settings
    from dayone.metrics import spec as metrics_spec
    from dayone.metrics.compute import Engine
    from dayone.metrics.sandbox import Sandbox
    from dayone.wbr.deck import render_html, render_pdf

    kind = out.suffix.lower()
    if kind not in (".json", ".html", ".pdf"):
        raise InvalidInput(f"--out: {out.name}: write a .json, .html or .pdf deck.")
    when = _week_option(week_ending)
    console = Console(stderr=True)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Reading the metrics file", total=4)
        spec = metrics_spec.load(config, data, sandbox=Sandbox.from_settings(load_settings(), workspace=False))
        progress.update(task, advance=1, description="Registering sources")
        engine = Engine(spec, engine=engine_name)
        progress.update(task, advance=1, description=f"Computing {len(spec.metrics)} metrics")
        try:
            deck = engine.compute(when)
        except ValueError as exc:  # the calendar's errors name the nearest valid dates
            raise InvalidInput(f"--week-ending: {exc}") from None
        finally:
            engine.close()
        progress.update(task, advance=1, description="Writing the deck")
        if kind == ".json":
            out.write_text(json.dumps(deck, indent=2), encoding="utf-8")
        else:
            if kind == ".html":
                out.write_text(render_html(deck, spec), encoding="utf-8")
            else:
                out.write_bytes(render_pdf(render_html(deck, spec, for_print=True)))
        progress.update(task, advance=1)
    unread = {name for failed in deck["failed_sources"] for name in failed["metrics"]}
    for failed in deck["failed_sources"]:
        console.print(f"sources.{failed['source']}: could not be read, so {', '.join(failed['metrics'])} "
                      f"{'has' if len(failed['metrics']) == 1 else 'have'} no numbers: {failed['problem_detail']}",
                      markup=False, highlight=False, soft_wrap=True)
    for name, m in deck["metrics"].items():  # the deck shows these metrics as "—": say why here too
        if m.get("problem") and name not in unread:
            console.print(f"metrics.{name}: {m['problem']}" + (f" {m['problem_detail']}" if m.get("problem_detail")
                                                                else ""), markup=False, highlight=False, soft_wrap=True)
    flagged = [name for name, m in deck["metrics"].items() if m["anomaly"]]
    console.print(f"Wrote {out}: {plural(len(deck['metrics']), 'metric')} for the week ending {deck['week_ending']} "
                  f"(week {deck['week_number']}), {len(flagged)} flagged"
                  + (f", {len(unread)} not computed: {plural(len(deck['failed_sources']), 'source')} could not be "
                     "read." if unread else "."), soft_wrap=True)
    if strict and deck["failed_sources"]:
        raise typer.Exit(1)
