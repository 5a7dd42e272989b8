"""`dayone hiring …`: principles, role profiles, the Bar Raiser pool, requisitions, candidates,
loops, feedback and the debrief. Commands run as the machine owner (hiring staff) unless
``--as EMAIL`` names the person acting: an interviewer writing feedback, a Bar Raiser, a manager."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypeVar

import typer
from pydantic import BaseModel, ValidationError
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from dayone.auth.permissions import CLI_ACTOR, Actor
from dayone.cli.context import open_workspace
from dayone.errors import InvalidInput
from dayone.hiring import calibration, debrief, feedback, loops, privacy, service, views
from dayone.hiring.schemas import (
    CandidateIn,
    DecisionIn,
    FeedbackIn,
    InterviewerIn,
    LoopIn,
    PrincipleIn,
    RequisitionIn,
    RoleIn,
    VetoIn,
    VoteChangeIn,
)

hiring_app = typer.Typer(help="Bar Raiser hiring: principles, roles, requisitions, candidates, loops, feedback, "
                              "debriefs.", no_args_is_help=True)
principles_app = typer.Typer(help="The workspace's leadership principles.", no_args_is_help=True)
roles_app = typer.Typer(help="Role profiles: the principles a role needs, with prepared questions.",
                        no_args_is_help=True)
req_app = typer.Typer(help="Requisitions: a role, a team and a hiring manager.", no_args_is_help=True)
candidate_app = typer.Typer(help="Candidates and their resumes.", no_args_is_help=True)
loop_app = typer.Typer(help="Interview loops: interviewers, principles, the Bar Raiser, findings.",
                       no_args_is_help=True)
feedback_app = typer.Typer(help="Sealed written feedback.", no_args_is_help=True)
debrief_app = typer.Typer(help="The debrief: side by side, vote changes, the decision, the veto.",
                          no_args_is_help=True)
for name, sub in (("principles", principles_app), ("roles", roles_app), ("req", req_app),
                  ("candidate", candidate_app), ("loop", loop_app), ("feedback", feedback_app),
                  ("debrief", debrief_app)):
    hiring_app.add_typer(sub, name=name)

AS_HELP = "Email of the person acting (default: the machine owner, as hiring staff)."


def _out() -> Console:
    return Console(soft_wrap=True)


def _as(session: Session, email: str | None) -> Actor:
    from dayone.auth import service as accounts

    return accounts.actor_for(accounts.get_user_by_email(session, email)) if email else CLI_ACTOR


def _person(session: Session, email: str, option: str) -> int:
    from sqlalchemy import select

    from dayone.org.fields import normalize_email
    from dayone.org.models import Person

    found = session.scalar(select(Person.id).where(Person.email == normalize_email(email, option)))
    if found is None:
        raise InvalidInput(f"{option}: no person with email {email!r}; `dayone org people` lists them.")
    return found


M = TypeVar("M", bound=BaseModel)


def _valid(model: type[M], data: dict[str, Any]) -> M:
    """The command's input as the service's, or one line naming each wrong option."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        wrong = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise InvalidInput(wrong) from None


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, default=str))


@principles_app.command("list")
def principles_list() -> None:
    """The principles, in order, with their descriptions."""
    with open_workspace() as ws, ws.session() as session:
        for p in service.principles(session):
            _out().print(f"{p.id}\t{p.name}\t{p.description}")


@principles_app.command("edit")
def principles_edit(principle_id: int = typer.Argument(...), name: str = typer.Option(..., "--name"),
                    description: str = typer.Option("", "--description")) -> None:
    """Rename and redescribe a principle."""
    with open_workspace() as ws, ws.session() as session:
        data = _valid(PrincipleIn, {"name": name, "description": description})
        found = service.save_principle(session, CLI_ACTOR, data, principle_id)
        _out().print(f"{found.id}\t{found.name}")


@roles_app.command("list")
def roles_list() -> None:
    with open_workspace() as ws, ws.session() as session:
        for r in service.roles(session):
            _out().print(f"{r.id}\t{r.title}\t" + "; ".join(n.principle.name for n in r.needs))


@roles_app.command("add")
def roles_add(title: str = typer.Argument(...), need: list[str] = typer.Option(..., "--need", help=(
        'A principle the role needs and its questions: "Dive Deep: Tell me about…? | Another?". Repeat.')),
              description: str = typer.Option("", "--description")) -> None:
    """Define a role profile; prints its id."""
    needs = []
    for item in need:
        principle, _, questions = item.partition(":")
        needs.append({"principle": principle.strip(), "questions": [q.strip() for q in questions.split("|")
                                                                     if q.strip()]})
    with open_workspace() as ws, ws.session() as session:
        made = service.create_role(session, CLI_ACTOR, _valid(RoleIn, {
            "title": title, "description": description, "needs": needs}))
        _out().print(str(made.id))


@roles_app.command("bar-raiser")
def roles_bar_raiser(email: str = typer.Argument(...),
                     remove: bool = typer.Option(False, "--remove", help="Take the person out of the pool.")) -> None:
    """Mark a person as a trained Bar Raiser (or take the mark away)."""
    with open_workspace() as ws, ws.session() as session:
        service.set_bar_raiser(session, CLI_ACTOR, _person(session, email, "EMAIL"), not remove)
        _out().print(f"{email}\t{'removed from' if remove else 'in'} the Bar Raiser pool")


@req_app.command("list")
def req_list() -> None:
    with open_workspace() as ws, ws.session() as session:
        for r in service.requisitions(session):
            _out().print(f"{r.id}\t{r.role.title}\t{r.hiring_manager.name}\t{r.team.name if r.team else ''}")


@req_app.command("open")
def req_open(role_id: int = typer.Option(..., "--role"), manager: str = typer.Option(..., "--manager"),
             team_id: int | None = typer.Option(None, "--team", help="Team id.")) -> None:
    """Open a requisition; prints its id."""
    with open_workspace() as ws, ws.session() as session:
        made = service.create_requisition(session, CLI_ACTOR, RequisitionIn(
            role_id=role_id, team_id=team_id, hiring_manager_id=_person(session, manager, "--manager")))
        _out().print(str(made.id))


@candidate_app.command("add")
def candidate_add(name: str = typer.Argument(...), contact: str = typer.Option("", "--contact"),
                  source: str = typer.Option("", "--source"),
                  resume: Path | None = typer.Option(None, "--resume", help="A PDF or UTF-8 text file.")) -> None:
    """Add a candidate (with their resume); prints the id."""
    sent = None
    if resume is not None:
        try:
            sent = (resume.name, resume.read_bytes())
        except OSError as exc:
            raise InvalidInput(f"--resume: cannot read {resume} ({exc.strerror}).") from None
    with open_workspace() as ws, ws.session() as session:
        data = _valid(CandidateIn, {"name": name, "contact": contact, "source": source})
        made = service.create_candidate(session, CLI_ACTOR, data, sent)
        _out().print(str(made.id))


@candidate_app.command("show")
def candidate_show(candidate_id: int = typer.Argument(...),
                   as_user: str | None = typer.Option(None, "--as", help=AS_HELP)) -> None:
    """A candidate's record (the read is in the audit log)."""
    with open_workspace() as ws, ws.session() as session:
        _print_json(views.candidate_out(service.candidate(session, _as(session, as_user), candidate_id)))


@candidate_app.command("export")
def candidate_export(candidate_id: int = typer.Argument(...),
                     fmt: str = typer.Option("json", "--format", help="json or pdf."),
                     out: Path | None = typer.Option(None, "--out", help="Write to this file (a PDF needs one)."),
                     as_user: str | None = typer.Option(None, "--as", help=AS_HELP)) -> None:
    """The candidate's record for the candidate, as JSON or PDF (the export is in the audit log)."""
    if fmt not in ("json", "pdf"):
        raise InvalidInput(f"--format: {fmt!r} is not a format; use json or pdf.")
    if fmt == "pdf" and out is None:
        raise InvalidInput("--out: a PDF is written to a file; name one with --out FILE.pdf.")
    with open_workspace() as ws, ws.session() as session:
        actor = _as(session, as_user)
        data = (privacy.export_pdf(session, actor, candidate_id) if fmt == "pdf"
                else json.dumps(privacy.export(session, actor, candidate_id), indent=2,
                                ensure_ascii=False).encode())
        if out is None:
            print(data.decode())
            return
        try:
            out.write_bytes(data)
        except OSError as exc:
            raise InvalidInput(f"--out: cannot write {out} ({exc.strerror}).") from None
        _out().print(f"wrote {out}")


@candidate_app.command("delete")
def candidate_delete(candidate_id: int = typer.Argument(...),
                     confirm: str = typer.Option(..., "--confirm", help="The candidate's name, typed again."),
                     as_user: str | None = typer.Option(None, "--as", help=AS_HELP)) -> None:
    """Delete a candidate's personal data on request; votes, times and outcomes stay, anonymous."""
    with open_workspace() as ws, ws.session() as session:
        privacy.delete(session, _as(session, as_user), candidate_id, confirm)
        _out().print(f"candidate {candidate_id}: personal data deleted")


@hiring_app.command("calibration")
def calibration_show(as_user: str | None = typer.Option(None, "--as", help=AS_HELP),
                     as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Calibration per interviewer and Bar Raiser over decided loops."""
    with open_workspace() as ws, ws.session() as session:
        rows = calibration.for_actor(session, _as(session, as_user))
        if as_json:
            _print_json(calibration.as_json(rows))
            return
        table = Table("person", "votes", "agreed", "disagreed", "lone", "changes", "late", "median h",
                      "raised", "vetoes")
        for r in rows:
            table.add_row(r.name, str(r.votes), str(r.agreed), str(r.disagreed), str(r.lone_dissents),
                          str(r.vote_changes), f"{r.late}/{r.submitted}",
                          "—" if r.median_hours is None else f"{r.median_hours:g}", str(r.raised), str(r.vetoes))
        _out().print(table)


@loop_app.command("list")
def loop_list(as_user: str | None = typer.Option(None, "--as", help=AS_HELP)) -> None:
    with open_workspace() as ws, ws.session() as session:
        table = Table("id", "role", "candidate", "state", "outcome")
        for loop in loops.visible(session, _as(session, as_user)):
            table.add_row(str(loop.id), loop.requisition.role.title, loop.candidate.name, loop.state,
                          debrief.summary(loop))
        _out().print(table)


@loop_app.command("new")
def loop_new(req: int = typer.Option(..., "--req"), candidate: int = typer.Option(..., "--candidate"),
             bar_raiser: str | None = typer.Option(None, "--bar-raiser", help="Email.")) -> None:
    """Set up a loop; prints its id."""
    with open_workspace() as ws, ws.session() as session:
        raiser = _person(session, bar_raiser, "--bar-raiser") if bar_raiser else None
        made = loops.create(session, CLI_ACTOR, LoopIn(requisition_id=req, candidate_id=candidate,
                                                       bar_raiser_id=raiser))
        _out().print(str(made.id))


@loop_app.command("interviewer")
def loop_interviewer(loop_id: int = typer.Argument(...), email: str = typer.Argument(...),
                     principle: list[str] = typer.Option([], "--principle", help="A principle to probe. Repeat."),
                     remove: bool = typer.Option(False, "--remove")) -> None:
    """Add an interviewer with their principles (replacing their old ones), or remove them."""
    with open_workspace() as ws, ws.session() as session:
        person = _person(session, email, "EMAIL")
        if remove:
            loop = loops.remove_interviewer(session, CLI_ACTOR, loop_id, person)
        else:
            ids = [service.principle(session, p).id for p in principle]
            loop = loops.set_interviewer(session, CLI_ACTOR, loop_id, InterviewerIn(person_id=person,
                                                                                    principle_ids=ids))
        _findings(session, loop)


@loop_app.command("bar-raiser")
def loop_bar_raiser(loop_id: int = typer.Argument(...), email: str = typer.Argument(...)) -> None:
    """Seat the loop's Bar Raiser."""
    with open_workspace() as ws, ws.session() as session:
        _findings(session, loops.set_bar_raiser(session, CLI_ACTOR, loop_id, _person(session, email, "EMAIL")))


def _findings(session: Session, loop: Any) -> int:
    found = loops.findings(session, loop)
    for f in found:
        print(f"{f.level.value}\t{f.code}\t{f.message} {f.suggestion or ''}".rstrip())
    if not found:
        print(f"Loop {loop.id}: no findings.")
    return sum(1 for f in found if f.level.value == "error")


@loop_app.command("check")
def loop_check(loop_id: int = typer.Argument(...)) -> None:
    """The loop's findings; exit status 1 when any is an error."""
    with open_workspace() as ws, ws.session() as session:
        if _findings(session, loops.get(session, CLI_ACTOR, loop_id)):
            raise typer.Exit(1)


@loop_app.command("move")
def loop_move(loop_id: int = typer.Argument(...), state: str = typer.Argument(..., help="interviewing or "
                                                                                      "awaiting_feedback")) -> None:
    with open_workspace() as ws, ws.session() as session:
        loop = loops.move(session, CLI_ACTOR, loop_id, state)  # the findings are printed when it refuses
        print(f"Loop {loop.id}: {loop.state}")


@feedback_app.command("show")
def feedback_show(loop_id: int = typer.Argument(...),
                  as_user: str | None = typer.Option(None, "--as", help=AS_HELP)) -> None:
    """The feedback the person may see (sealed until theirs is in), as JSON."""
    with open_workspace() as ws, ws.session() as session:
        _print_json(views.view_out(feedback.view(session, _as(session, as_user), loop_id)))


@feedback_app.command("submit")
def feedback_submit(loop_id: int = typer.Argument(...), as_user: str = typer.Option(..., "--as", help=AS_HELP),
                    note: list[str] = typer.Option([], "--note", help=(
                        '"Principle | situation | task | action | result". Repeat per principle.')),
                    vote: str = typer.Option(..., "--vote"), reason: str = typer.Option(..., "--reason"),
                    correction: str = typer.Option("", "--correction", help="Why, when correcting.")) -> None:
    """Submit feedback as an interviewer (a correction when already submitted)."""
    with open_workspace() as ws, ws.session() as session:
        notes = {}
        for item in note:
            parts = [p.strip() for p in item.split("|")]
            if len(parts) != 5:
                raise InvalidInput(f"--note {item!r}: write five parts, principle | situation | task | action | "
                                   "result.")
            notes[service.principle(session, parts[0]).id] = dict(zip(
                ("situation", "task", "action", "result"), parts[1:], strict=True))
        made = feedback.submit(session, _as(session, as_user), loop_id, _valid(FeedbackIn, {
            "notes": notes, "vote": vote, "reason": reason, "correction_reason": correction}))
        print(f"Loop {loop_id}: feedback submitted (revision {made.revision}).")


@debrief_app.command("show")
def debrief_show(loop_id: int = typer.Argument(...),
                 as_user: str | None = typer.Option(None, "--as", help=AS_HELP)) -> None:
    with open_workspace() as ws, ws.session() as session:
        _print_json(views.board_out(debrief.board(session, _as(session, as_user), loop_id)))


@debrief_app.command("open")
def debrief_open(loop_id: int = typer.Argument(...), as_user: str | None = typer.Option(None, "--as", help=AS_HELP),
                 override: str = typer.Option("", "--override", help="The Bar Raiser's reason to open early.")) -> None:
    with open_workspace() as ws, ws.session() as session:
        debrief.open_debrief(session, _as(session, as_user), loop_id, override)
        print(f"Loop {loop_id}: debrief open.")


@debrief_app.command("vote")
def debrief_vote(loop_id: int = typer.Argument(...), as_user: str = typer.Option(..., "--as", help=AS_HELP),
                 vote: str = typer.Option(..., "--vote"), reason: str = typer.Option(..., "--reason")) -> None:
    """Change your vote after the discussion (the original stays beside it)."""
    with open_workspace() as ws, ws.session() as session:
        change = _valid(VoteChangeIn, {"vote": vote, "reason": reason})
        made = debrief.change_vote(session, _as(session, as_user), loop_id, change)
        print(f"Loop {loop_id}: {made.from_vote} → {made.to_vote}")


@debrief_app.command("decide")
def debrief_decide(loop_id: int = typer.Argument(...), as_user: str | None = typer.Option(None, "--as", help=AS_HELP),
                   decision: str = typer.Option(..., "--decision", help="hire or no_hire"),
                   reason: str = typer.Option(..., "--reason")) -> None:
    with open_workspace() as ws, ws.session() as session:
        if decision not in ("hire", "no_hire"):
            raise InvalidInput(f"--decision: {decision!r}; use hire or no_hire.")
        loop = debrief.decide(session, _as(session, as_user), loop_id,
                              _valid(DecisionIn, {"decision": decision, "reason": reason}))
        print(f"Loop {loop.id}: {debrief.summary(loop)}")


@debrief_app.command("veto")
def debrief_veto(loop_id: int = typer.Argument(...), as_user: str | None = typer.Option(None, "--as", help=AS_HELP),
                 reason: str = typer.Option(..., "--reason")) -> None:
    with open_workspace() as ws, ws.session() as session:
        loop = debrief.veto(session, _as(session, as_user), loop_id, _valid(VetoIn, {"reason": reason}))
        print(f"Loop {loop.id}: {debrief.summary(loop)}")
