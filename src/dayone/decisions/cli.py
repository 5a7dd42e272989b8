"""`dayone decision …` and `dayone mechanism …`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from dayone.auth.permissions import CLI_ACTOR, Actor
from dayone.cli.context import open_workspace
from dayone.cli.words import listing_header, plural
from dayone.db.base import utcnow
from dayone.decisions import export, inspection, service
from dayone.decisions.models import DecisionType
from dayone.decisions.schemas import DecisionCreate, DecisionEdit, PositionIn, RevisitIn
from dayone.errors import InvalidInput

decision_app = typer.Typer(help="The decision log: one-way and two-way doors.", no_args_is_help=True)
mechanism_app = typer.Typer(help="Mechanisms: cadence, occurrences, inspection.", no_args_is_help=True)
def _out() -> Console:
    """A console sized when the command runs (COLUMNS may change after import)."""
    return Console(soft_wrap=True)


def _as(session: Any, email: str | None) -> Actor:
    from dayone.auth import service as accounts

    return accounts.actor_for(accounts.get_user_by_email(session, email)) if email else CLI_ACTOR


@decision_app.command("list")
def decision_list() -> None:
    """The log, newest first."""
    with open_workspace() as ws, ws.session() as session:
        table = Table("id", "title", "type", "status", "owner", "proposed", "decided")
        found = service.list_all(session)
        for d in found:
            table.add_row(str(d.id), d.title, DecisionType(d.decision_type).label, d.status, d.owner.name,
                          f"{d.created_at:%Y-%m-%d}", f"{d.decided_at:%Y-%m-%d}" if d.decided_at else "")
        print(listing_header(ws, len(found), "decision"))
        if found:
            _out().print(table)


@decision_app.command("new")
def decision_new(
    title: str = typer.Argument(...),
    owner: str = typer.Option(..., "--owner", help="Email of the owner (who records it)."),
    undo_cost: str = typer.Option(..., "--undo-cost", help="cheap, moderate, expensive or impossible."),
    undo_time: str = typer.Option(..., "--undo-time", help="hours, days, weeks or months."),
    customers: str = typer.Option(..., "--customers", help="few, some, many or all."),
    legal_or_safety: str = typer.Option("no", "--legal-or-safety", help="yes or no."),
    money: float = typer.Option(0, "--money-at-risk", help="Amount at risk."),
    decision_type: str | None = typer.Option(None, "--type", help="type-1 or type-2 (default: proposed)."),
    justification: str = typer.Option("", "--justification", help="Why, when overriding the proposal."),
    choice: str = typer.Option("", "--choice"),
    reasoning: str = typer.Option("", "--reasoning"),
    decide_now: bool = typer.Option(False, "--decide-now", help="Type 2: the owner decides at once."),
) -> None:
    """Record a decision; the door questions propose its type. Prints the id."""
    if decision_type is not None and decision_type not in {t.value for t in DecisionType}:
        raise InvalidInput(f"--type: {decision_type!r}; use type-1 or type-2.")
    with open_workspace() as ws, ws.session() as session:
        actor = _as(session, owner)
        made = service.create(session, actor, DecisionCreate(
            title=title, choice=choice, reasoning=reasoning,
            type_answers={"undo_cost": undo_cost, "undo_time": undo_time, "customers": customers,
                          "legal_or_safety": legal_or_safety, "money_at_risk": money},
            decision_type=DecisionType(decision_type) if decision_type else None,
            type_justification=justification, decide_now=decide_now))
        _out().print(f"{made.id}\t{made.decision_type}\t{made.status}")


@decision_app.command("decide")
def decision_decide(decision_id: int = typer.Argument(...),
                    as_user: str | None = typer.Option(None, "--as", help="Email of the owner.")) -> None:
    """Decide: at once for a two-way door; a one-way door needs its document, review and sign-offs."""
    with open_workspace() as ws, ws.session() as session:
        service.decide(session, _as(session, as_user), decision_id)
        _out().print(f"Decision {decision_id} decided.")


@decision_app.command("edit")
def decision_edit(
    decision_id: int = typer.Argument(...),
    title: str | None = typer.Option(None, "--title"),
    context: str | None = typer.Option(None, "--context"),
    choice: str | None = typer.Option(None, "--choice"),
    reasoning: str | None = typer.Option(None, "--reasoning"),
    consequences: str | None = typer.Option(None, "--consequences"),
    option: list[str] = typer.Option([], "--option", help="An option considered, repeatable (replaces the list)."),
    note: str = typer.Option("", "--note", help="What changed, for the history."),
    as_user: str | None = typer.Option(None, "--as", help="Email of the owner."),
) -> None:
    """Edit a proposed decision's text; each edit is kept as a version (sign-offs are asked again)."""
    with open_workspace() as ws, ws.session() as session:
        current = service.get(session, decision_id)
        fields: dict[str, Any] = {k: v for k, v in (("title", title), ("context", context), ("choice", choice),
                                                    ("reasoning", reasoning), ("consequences", consequences))
                                  if v is not None}
        if option:
            fields["options"] = option
        if not fields:
            raise InvalidInput("Nothing to change: give --title, --context, --choice, --reasoning, --consequences "
                               "or --option.")
        edited = service.edit(session, _as(session, as_user), decision_id,
                              DecisionEdit(version=current.version, note=note, **fields))
        count = len(service.versions(session, decision_id))
        _out().print(f"Decision {edited.id} edited: version {count} of its text.")


@decision_app.command("versions")
def decision_versions(decision_id: int = typer.Argument(...)) -> None:
    """A proposed decision's versions, newest first."""
    with open_workspace() as ws, ws.session() as session:
        found = service.versions(session, decision_id)
        if not found:
            _out().print(f"Decision {decision_id} has one version: it was never edited.")
            return
        table = Table("version", "when", "by", "title", "note")
        for v in found:
            table.add_row(str(v.number), f"{v.created_at:%Y-%m-%d %H:%M}", v.edited_by, str(v.fields.get("title")),
                          v.note)
        _out().print(table)


@decision_app.command("position")
def decision_position(
    decision_id: int = typer.Argument(...),
    as_user: str = typer.Option(..., "--as", help="Email of the person."),
    disagree: bool = typer.Option(False, "--disagree", help="Record a disagreement (needs --view)."),
    view: str = typer.Option("", "--view", help="Your view."),
    commit: bool = typer.Option(True, "--commit/--no-commit", help="Whether you commit."),
) -> None:
    """Record a position: agree, or disagree and (usually) commit."""
    with open_workspace() as ws, ws.session() as session:
        service.record_position(session, _as(session, as_user), decision_id,
                                PositionIn(stance="disagree" if disagree else "agree", view=view, commit=commit))
        _out().print("Position recorded.")


@decision_app.command("revisit")
def decision_revisit(
    decision_id: int = typer.Argument(...),
    outcome: str = typer.Option(..., "--outcome", help="kept, changed or reversed."),
    notes: str = typer.Option("", "--notes"),
    as_user: str | None = typer.Option(None, "--as", help="Email of the owner."),
) -> None:
    """Record a revisit of a decided decision."""
    if outcome not in ("kept", "changed", "reversed"):
        raise InvalidInput(f"--outcome: {outcome!r}; use kept, changed or reversed.")
    with open_workspace() as ws, ws.session() as session:
        service.revisit(session, _as(session, as_user), decision_id,
                        RevisitIn(outcome=outcome, notes=notes))  # type: ignore[arg-type]
        _out().print(f"Decision {decision_id} revisited: {outcome}.")


@decision_app.command("inspect")
def decision_inspect() -> None:
    """Time to decide by type, flagged decisions, and revisits due."""
    with open_workspace() as ws, ws.session() as session:
        decisions = service.list_all(session)
        for s in inspection.stats(decisions):
            days = s.median_days
            median = "—" if days is None else plural(int(days), "day") if float(days).is_integer() else f"{days} days"
            _out().print(f"{DecisionType(s.decision_type).label}: {s.decided} decided, {s.open} open, "
                         f"median time to decide {median}")
        for f in inspection.findings(session, decisions, stuck_days=ws.settings.type2_stuck_days):
            _out().print(f"{f.level.value} {f.code}: {f.message}")
        for d, why in service.due_revisits(session, utcnow().date()):
            _out().print(f"revisit due: {d.title} ({why})")


@decision_app.command("export")
def decision_export(
    dest: Path = typer.Option(..., "--out", help="File to write."),
    decision_id: int | None = typer.Option(None, "--id", help="One decision as Markdown (MADR); "
                                           "without it, the whole log as CSV."),
) -> None:
    """Write one decision as a Markdown record, or the log as CSV."""
    with open_workspace() as ws, ws.session() as session:
        text = (export.markdown(service.get(session, decision_id)) if decision_id
                else export.csv_log(service.list_all(session)))
    dest.write_text(text, encoding="utf-8")
    _out().print(f"Wrote {dest}.")


@mechanism_app.command("list")
def mechanism_list(periods: int = typer.Option(8, "--periods", help="How many periods to inspect.")) -> None:
    """Every mechanism with its adoption over the last periods and what is due."""
    from dayone.mechanisms import service as mechanisms

    with open_workspace() as ws, ws.session() as session:
        table = Table("id", "mechanism", "cadence", "held", "lapses", "due")
        found = mechanisms.list_all(session)
        for m in found:
            r = mechanisms.inspect(m, utcnow().date(), periods)
            table.add_row(str(m.id), m.name, m.cadence, f"{r.held}/{r.expected}", str(len(r.lapses)),
                          f"by {r.due_now.due}" if r.due_now else "done")
        print(listing_header(ws, len(found), "mechanism"))
        _out().print(table)


@mechanism_app.command("add")
def mechanism_add(
    name: str = typer.Argument(...),
    cadence: str = typer.Option(..., "--cadence", help='e.g. "weekly on Monday".'),
    tool: str = typer.Option("other", "--tool", help="wbr, document-review, hiring-debrief, "
                             "decision-revisit or other."),
    description: str = typer.Option("", "--description", help="What the tool is, for `other`."),
    produces: str = typer.Option("", "--produces", help="What each occurrence must produce."),
    owner: str | None = typer.Option(None, "--owner", help="Email of the owner."),
) -> None:
    """Define a mechanism."""
    from dayone.mechanisms import service as mechanisms

    with open_workspace() as ws, ws.session() as session:
        actor = _as(session, owner)
        made = mechanisms.create(session, actor, name=name, cadence=cadence, tool=tool,
                                 description=description, produces=produces, owner_id=actor.person_id)
        _out().print(f"{made.id}\t{made.name}\t{made.cadence}")


@mechanism_app.command("record")
def mechanism_record(
    mechanism_id: int = typer.Argument(...),
    output: str = typer.Option(..., "--output", help="What this occurrence produced."),
    on: str | None = typer.Option(None, "--on", help="Date held, YYYY-MM-DD (default: today)."),
    link: str = typer.Option("", "--link"),
) -> None:
    """Record an occurrence by hand."""
    from dayone.mechanisms import service as mechanisms

    try:
        when = date.fromisoformat(on) if on else utcnow().date()
    except ValueError:
        raise InvalidInput(f"--on: {on!r} is not a date; use YYYY-MM-DD.") from None
    with open_workspace() as ws, ws.session() as session:
        mechanisms.record(session, CLI_ACTOR, mechanism_id, occurred_on=when, output=output, link=link)
        _out().print(f"Recorded {when} for mechanism {mechanism_id}.")
