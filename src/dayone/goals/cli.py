"""`dayone plan …` and `dayone goal …`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from dayone.auth.permissions import CLI_ACTOR, Actor
from dayone.cli.context import open_workspace
from dayone.errors import InvalidInput
from dayone.goals import interchange, plans, review, service, tracking
from dayone.goals.schemas import GoalCreate, OutcomeIn, PlanCreate, ReviewIn, StatusIn

plan_app = typer.Typer(help="Plans (OP1, OP2) for a planning year: goals, reviews, reports.", no_args_is_help=True)
goal_app = typer.Typer(help="Goals measured by the WBR: write, measure, set status, record outcomes.",
                       no_args_is_help=True)


def _out() -> Console:
    return Console(soft_wrap=True)


def _as(session: Any, email: str | None) -> Actor:
    from dayone.auth import service as accounts

    return accounts.actor_for(accounts.get_user_by_email(session, email)) if email else CLI_ACTOR


def _team_id(session: Any, name: str | None) -> int | None:
    from dayone.org.models import Team

    if not name:
        return None
    found = session.query(Team).filter_by(name=name).one_or_none()
    if found is None:
        raise InvalidInput(f"--team: no team called {name!r}.", field="team")
    return int(found.id)


@plan_app.command("list")
def plan_list(year: int | None = typer.Option(None, "--year")) -> None:
    """The plans, newest year first."""
    with open_workspace() as ws, ws.session() as session:
        table = Table("id", "year", "plan", "stage", "goals", "S-Team")
        for p in plans.list_all(session, year):
            promoted = sum(1 for g in p.goals if g.s_team)
            table.add_row(str(p.id), str(p.year), p.title, p.stage, str(len(p.goals)), str(promoted))
        _out().print(table)


@plan_app.command("new")
def plan_new(year: int = typer.Argument(...), team: str | None = typer.Option(None, "--team", help="Team name; "
             "none: the company's plan."), title: str = typer.Option("", "--title"),
             document: int | None = typer.Option(None, "--document", help="Id of the plan's narrative."),
             as_user: str | None = typer.Option(None, "--as")) -> None:
    """Start a plan (OP1) for a planning year. Prints its id."""
    with open_workspace() as ws, ws.session() as session:
        made = plans.create(session, _as(session, as_user), PlanCreate(year=year, team_id=_team_id(session, team),
                                                                        title=title, document_id=document))
        session.commit()
        print(f"{made.id}\t{made.title}\t{made.stage}")


@plan_app.command("op2")
def plan_op2(plan_id: int = typer.Argument(...), as_user: str | None = typer.Option(None, "--as")) -> None:
    """Seal the goals as OP1 and go on with them as OP2."""
    with open_workspace() as ws, ws.session() as session:
        made = plans.start_op2(session, _as(session, as_user), plan_id)
        session.commit()
        print(f"{made.id}\t{made.stage}")


@plan_app.command("compare")
def plan_compare(plan_id: int = typer.Argument(...), left: str = typer.Option("OP1", "--from"),
                 right: str = typer.Option("current", "--to")) -> None:
    """Goals added, removed and changed between two versions."""
    with open_workspace() as ws, ws.session() as session:
        found = plans.compare(session, plan_id, left, right)
        for g in found["added"]:
            print(f"+ {g['id']}\t{g['text']}")
        for g in found["removed"]:
            print(f"- {g['id']}\t{g['text']}")
        for c in found["changed"]:
            print(f"~ {c['id']}\t" + "; ".join(f"{k}: {a!r} → {b!r}" for k, (a, b) in c["fields"].items()))


@plan_app.command("report")
def plan_report(plan_id: int = typer.Argument(...)) -> None:
    """The goal-set report and the lapses, as JSON."""
    with open_workspace() as ws, ws.session() as session:
        plan = plans.get(session, plan_id)
        print(json.dumps({**review.report(session, plan).to_dict(), "lapses": review.lapses(session, plan)}, indent=2))


@plan_app.command("review")
def plan_review(plan_id: int = typer.Argument(...), notes: str = typer.Option("", "--notes"),
                hold: bool = typer.Option(False, "--hold", help="Hold the review (else: print the packet)."),
                as_user: str | None = typer.Option(None, "--as")) -> None:
    """The quarterly review's packet (red first); with --hold, the review held and recorded."""
    with open_workspace() as ws, ws.session() as session:
        if hold:
            made = review.hold(session, _as(session, as_user), plan_id, ReviewIn(notes=notes))
            session.commit()
            packet = made.packet
        else:
            packet = review.packet(session, plan_id)
        for g in packet["goals"]:
            print(f"{g['status']:8}\t{g['id']}\t{'S-Team ' if g['s_team'] else ''}{g['text']}")


@plan_app.command("import")
def plan_import(plan_id: int = typer.Argument(...), path: Path = typer.Argument(..., exists=True, dir_okay=False),
                as_user: str | None = typer.Option(None, "--as")) -> None:
    """Goals from CSV (Day One, Betterworks, PeopleCues, Mirro) or YAML: all or none."""
    with open_workspace() as ws, ws.session() as session:
        made = interchange.import_text(session, _as(session, as_user), plan_id,
                                       path.read_text(encoding="utf-8", errors="replace"), file=path.name)
        session.commit()
        print(f"{len(made)} goals imported")


@plan_app.command("export")
def plan_export(plan_id: int = typer.Argument(...),
                fmt: str = typer.Option("csv", "--format", help="csv or md")) -> None:
    """The plan's goals as CSV (re-importable) or Markdown."""
    if fmt not in ("csv", "md"):
        raise InvalidInput(f"--format: {fmt!r}; use csv or md.", field="format")
    with open_workspace() as ws, ws.session() as session:
        plan = plans.get(session, plan_id)
        print(interchange.to_csv(plan) if fmt == "csv" else interchange.to_markdown(plan), end="")


@goal_app.command("list")
def goal_list(plan: int | None = typer.Option(None, "--plan")) -> None:
    """Goals with their status."""
    with open_workspace() as ws, ws.session() as session:
        table = Table("id", "plan", "kind", "status", "owner", "due", "goal")
        for g in service.list_all(session, plan_id=plan):
            table.add_row(str(g.id), str(g.plan_id), g.kind, g.status, g.owner.name, g.due.isoformat(),
                          ("S-Team: " if g.s_team else "") + g.text)
        _out().print(table)


@goal_app.command("new")
def goal_new(plan: int = typer.Option(..., "--plan"), text: str = typer.Argument(...),
             due: str = typer.Option(..., "--due"), metric: str | None = typer.Option(None, "--metric"),
             target: str | None = typer.Option(None, "--target"), period: str | None = typer.Option(None, "--period"),
             owner: str | None = typer.Option(None, "--owner", help="Owner's email (default: --as)."),
             s_team: bool = typer.Option(False, "--s-team"), as_user: str | None = typer.Option(None, "--as")) -> None:
    """Write a goal: a metric goal with --metric, --target and --period, else an initiative goal."""
    with open_workspace() as ws, ws.session() as session:
        actor = _as(session, as_user)
        owner_id = _as(session, owner).person_id if owner else actor.person_id
        made = service.create(session, actor, GoalCreate.model_validate({
            "plan_id": plan, "kind": "metric" if metric else "initiative", "text": text, "due": due,
            "metric": metric, "target": target, "period": period, "owner_id": owner_id, "s_team": s_team}))
        findings = service.findings(session, made)
        session.commit()
        print(f"{made.id}\t{made.kind}")
        for f in findings:
            print(f"{f.level.value}: {f.code}: {f.message}")


@goal_app.command("show")
def goal_show(goal_id: int = typer.Argument(...)) -> None:
    """A goal, the WBR's measurement of it, its findings and its history, as JSON."""
    from dayone.goals.api import goal_out

    with open_workspace() as ws, ws.session() as session:
        print(goal_out(session, CLI_ACTOR, goal_id).model_dump_json(indent=2))


@goal_app.command("measure")
def goal_measure(plan: int = typer.Option(..., "--plan"), as_user: str | None = typer.Option(None, "--as")) -> None:
    """Measure a plan's metric goals again from the WBR; prints the status changes."""
    with open_workspace() as ws, ws.session() as session:
        changes = tracking.refresh_plan(session, _as(session, as_user), plan)
        session.commit()
        for c in changes:
            print(f"{c.goal_id}\t{c.before} → {c.after}" + ("\tBLINDSIDE" if c.blindside else ""))


@goal_app.command("status")
def goal_status(goal_id: int = typer.Argument(...), status: str = typer.Argument(..., help="green, yellow, red "
                "or computed"), note: str = typer.Option("", "--note"),
                as_user: str | None = typer.Option(None, "--as")) -> None:
    """The owner's status, with a note (required)."""
    if status not in ("green", "yellow", "red", "computed"):
        raise InvalidInput(f"status: {status!r}; use green, yellow, red or computed.", field="status")
    with open_workspace() as ws, ws.session() as session:
        made = tracking.set_status(session, _as(session, as_user), goal_id,
                                   StatusIn(status=status, note=note))  # type: ignore[arg-type]
        session.commit()
        print(f"{made.id}\t{made.status}\t{made.status_source}")


@goal_app.command("outcome")
def goal_outcome(goal_id: int = typer.Argument(...), outcome: str = typer.Argument(..., help="met, not-met or "
                 "dropped"), reason: str = typer.Option("", "--reason"),
                 as_user: str | None = typer.Option(None, "--as")) -> None:
    """Record met or not met at the goal's date, or dropped with a reason."""
    if outcome not in ("met", "not-met", "dropped"):
        raise InvalidInput(f"outcome: {outcome!r}; use met, not-met or dropped.", field="outcome")
    with open_workspace() as ws, ws.session() as session:
        made = tracking.record_outcome(session, _as(session, as_user), goal_id,
                                       OutcomeIn(outcome=outcome, reason=reason))  # type: ignore[arg-type]
        session.commit()
        print(f"{made.id}\t{made.outcome}")
