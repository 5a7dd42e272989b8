"""`dayone`: the root command. Each mechanism adds its sub-app here.

Sub-apps are registered by name (see `dayone.cli.lazy`): a command imports its
mechanism's module when it runs, so `dayone --version`, `dayone --help` and
`dayone check` never load the web framework, the database or DuckDB.
"""

from __future__ import annotations

import logging
import sys
from typing import ClassVar

import typer

from dayone import __version__
from dayone.cli.lazy import LazyCommand, LazyGroup
from dayone.errors import DayOneError, UserError


class DayOne(LazyGroup):
    """The root group: `serve`, `demo`, `db` and `org` here, the rest imported when run."""

    lazy: ClassVar[dict[str, LazyCommand]] = {
        "check": LazyCommand("dayone.documents.cli:check",
                             "Check PR/FAQs and narratives; exit status 1 when any finding is an error."),
        "user": LazyCommand("dayone.cli.accounts:user_app",
                            "Accounts: add people who sign in, set roles, reset passwords."),
        "token": LazyCommand("dayone.cli.accounts:token_app", "API tokens for scripts (Authorization: Bearer …)."),
        "doc": LazyCommand("dayone.documents.cli:doc_app",
                           "PR/FAQs, narratives and one-pagers: write, version, export."),
        "decision": LazyCommand("dayone.decisions.cli:decision_app", "The decision log: one-way and two-way doors."),
        "mechanism": LazyCommand("dayone.decisions.cli:mechanism_app",
                                 "Mechanisms: cadence, occurrences, inspection."),
        "wbr": LazyCommand("dayone.wbr.cli:wbr_app",
                           "The Weekly Business Review: build the deck from a metrics file."),
        "experiment": LazyCommand("dayone.experiments.cli:experiment_app",
                                  "Experiments: read A/B tests from per-variant statistics; plan their size."),
        "hiring": LazyCommand("dayone.hiring.cli:hiring_app",
                              "Bar Raiser hiring: principles, roles, requisitions, candidates, loops, feedback, "
                              "debriefs."),
        "plan": LazyCommand("dayone.goals.cli:plan_app",
                            "Plans (OP1, OP2) for a planning year: goals, reviews, reports."),
        "goal": LazyCommand("dayone.goals.cli:goal_app",
                            "Goals measured by the WBR: write, measure, set status, record outcomes."),
        "search": LazyCommand("dayone.search.cli:search",
                              "Search documents, decisions, metrics, people, teams, initiatives and experiments."),
        "agenda": LazyCommand("dayone.agenda.cli:agenda",
                              "What waits on a person across the mechanisms, oldest first (times in their "
                              "time zone)."),
        "notify": LazyCommand("dayone.notify.cli:notify_app",
                              "Email notifications: mail new items, the daily digest, a test message."),
        "archive": LazyCommand("dayone.archive.cli:archive_app", "The archive: archive records, list what it holds."),
        "restore": LazyCommand("dayone.archive.cli:restore", "Bring an archived record back."),
        "purge": LazyCommand("dayone.archive.cli:purge",
                             "Remove an archived record for good, after saying what goes with it."),
    }
    order: ClassVar[tuple[str, ...]] = (
        "check", "init", "serve", "demo", "user", "token", "db", "org", "doc", "decision", "mechanism", "wbr",
        "experiment", "hiring", "plan", "goal", "search", "agenda", "notify", "archive", "restore", "purge")


app = typer.Typer(
    cls=DayOne,
    help="Day One: the Working Backwards operating system. `dayone demo` starts it with a demo company.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(help="The application database.", no_args_is_help=True)
org_app = typer.Typer(help="The organization: findings about single-threaded leaders and teams.",
                      no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(org_app, name="org")


def _version(value: bool) -> None:
    if value:
        print(f"dayone {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Day One."""


def _serve(host: str, port: int, workers: int) -> None:
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from dayone.cli.context import open_workspace
    from dayone.web.app import create_app
    from dayone.web.server import listening_socket, protocol, raise_open_file_limit

    if workers < 1:
        raise UserError(f"--workers: give at least 1 (got {workers}).")
    with open_workspace() as ws:  # migrates once, before any worker starts
        sock = listening_socket(host, port)
        raise_open_file_limit()  # the workers inherit it
        http = protocol(ws.settings.header_timeout_seconds)
        if workers == 1:
            config = uvicorn.Config(create_app(ws), http=http, log_level="warning", access_log=False)
            uvicorn.Server(config).run(sockets=[sock])
            return
    config = uvicorn.Config("dayone.web.app:app_from_environment", factory=True, workers=workers,
                            http="dayone.web.server:EnvironmentHeaderDeadline",
                            log_level="warning", access_log=False)
    Multiprocess(config, sockets=[sock]).run()


@app.command()
def init() -> None:
    """Create the workspace (DAYONE_HOME's SQLite file, or DAYONE_DATABASE_URL's tables); safe to re-run."""
    from dayone.cli.context import describe, exists, load_settings, open_workspace

    settings = load_settings()
    if exists(settings):
        with open_workspace():  # brought up to date, nothing else
            pass
        print(f"A Day One workspace is already in {describe(settings)}; nothing changed.")
        return
    with open_workspace(create=True):
        pass
    print(f"Created a Day One workspace in {describe(settings)}.")
    print("Next: `dayone user add EMAIL --name NAME --role admin`, then `dayone serve`.")


@app.command()
def serve(host: str = typer.Option("127.0.0.1", help="Address to listen on."),
          port: int = typer.Option(8000, help="Port to listen on."),
          workers: int = typer.Option(1, help="Server processes (one per core suits most).")) -> None:
    """Serve the workspace (migrating its database first)."""
    print(f"Day One {__version__} on http://{host}:{port}/  (Ctrl+C stops it)", flush=True)
    _serve(host, port, workers)


@app.command()
def demo(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    serve_it: bool = typer.Option(True, "--serve/--no-serve", help="Serve after creating the demo."),
    workers: int = typer.Option(1, help="Server processes (one per core suits most)."),
) -> None:
    """Create the demo company once (later runs reuse it) and serve it."""
    from dayone.cli.context import open_workspace
    from dayone.demo.company import ensure_demo

    with open_workspace(create=True) as ws:
        login = ensure_demo(ws)
        where = "PostgreSQL" if ws.settings.database_url else str(ws.settings.home)
    print(f"Demo company ready in {where}.")
    print(f"Sign in as {login.email} with password {login.password}")
    print(f"  (also {login.member_email}, a member, and {login.viewer_email}, a viewer, "
          "with the same password)")
    if serve_it:
        print(f"Open http://{host}:{port}/  (Ctrl+C stops it)", flush=True)
        _serve(host, port, workers)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database schema up to date, in place, keeping every record."""
    from sqlalchemy.exc import OperationalError

    from dayone.cli.context import exists, load_settings, open_workspace
    from dayone.db import migrate
    from dayone.db.engine import make_engine

    settings = load_settings()
    if not exists(settings):
        with open_workspace():  # asks, or names `dayone init`
            pass
    engine = make_engine(settings.resolved_database_url)
    try:
        before = migrate.current_revision(engine)
    except OperationalError:
        before = None  # unreachable: opening the workspace below explains why
    finally:
        engine.dispose()
    with open_workspace() as ws:
        after = migrate.current_revision(ws.engine)
    change = f" (was {before})." if before != after else " (already current)."
    print(f"Database at revision {after}{change}")


@org_app.command("findings")
def org_findings(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Where the organization breaks the rules; exit status 1 when any is an error."""
    import json

    from rich.console import Console
    from rich.table import Table

    from dayone.cli.context import open_workspace
    from dayone.org.rules import org_findings as compute

    with open_workspace() as ws, ws.session() as session:
        found = compute(session, ws.limits)
    if as_json:
        print(json.dumps([f.to_dict() for f in found], indent=2))
    else:
        from dayone.cli.words import listing_header

        table = Table("level", "code", "where", "message")
        for f in found:
            table.add_row(str(f.level), f.code, f.location.record_name or "", f.message)
        print(listing_header(ws, len(found), "finding"))
        Console().print(table if found else "No findings.")
    if any(f.level == "error" for f in found):
        raise typer.Exit(1)


def run(argv: list[str] | None = None) -> None:
    """Entry point: user errors print one line and exit 1; tracebacks only for our bugs."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app(args=argv, prog_name="dayone")
    except DayOneError as exc:
        listed = exc.details if isinstance(exc.details, list) and all(isinstance(d, dict) for d in exc.details) else []
        for item in listed:  # every finding of a file, one a line, with its line where it has one
            where = item.get("location", {})
            if "location" not in item or not item.get("message") or (where.get("line") and
                                           f"{where.get('file')}, line {where['line']}: " in exc.message):
                continue  # nothing to say, or the message says it already
            place = ":".join(str(p) for p in (where.get("file"), where.get("line")) if p)
            print(f"{place + ': ' if place else ''}{item.get('message')}"
                  + (f" ({item['suggestion']})" if item.get("suggestion") else ""), file=sys.stderr)
        print(f"error: {exc.message}", file=sys.stderr)
        sys.exit(1 if isinstance(exc, UserError) else 2)
    except KeyboardInterrupt:
        sys.exit(130)
