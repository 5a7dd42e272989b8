"""Interview loops: who interviews when, which principles each probes, and the Bar Raiser.

A loop's coverage is checked, never assumed: every principle the role needs is assigned to
exactly one interviewer, and the Bar Raiser is trained, is not the hiring manager, and sits
outside the hiring manager's reporting chain. The chain is read from the team hierarchy: the
hiring manager's team, the teams above it (whom they report up to) and the teams below it (who
report up to them). A loop with an error finding cannot start interviewing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone import audit
from dayone.auth.permissions import Actor, require
from dayone.errors import Conflict, InvalidInput, NotFound, ValidationFailed
from dayone.findings import Finding, Level, Location
from dayone.hiring import service
from dayone.hiring.models import Candidate, Interviewer, Loop, LoopState
from dayone.hiring.schemas import InterviewerIn, LoopIn
from dayone.org.models import Person, Team

SETUP_STATES = (LoopState.PLANNING.value, LoopState.INTERVIEWING.value)
MOVES = {LoopState.PLANNING.value: LoopState.INTERVIEWING.value,
         LoopState.INTERVIEWING.value: LoopState.AWAITING_FEEDBACK.value}


def can_read(actor: Actor, loop: Loop) -> bool:
    """Hiring staff, and the loop's own people, see a loop; nobody else learns it exists."""
    return service.is_staff(actor) or (actor.person_id is not None and actor.person_id in service.participant_ids(loop))


def can_manage(actor: Actor, loop: Loop) -> bool:
    """Hiring staff and the loop's hiring manager set a loop up and move it on."""
    return service.is_staff(actor) or (actor.person_id is not None
                                       and actor.person_id == loop.requisition.hiring_manager_id)


def get(session: Session, actor: Actor, loop_id: int) -> Loop:
    found = session.get(Loop, loop_id)
    if found is None or not can_read(actor, found):
        raise NotFound(f"No interview loop with id {loop_id} that you are part of.")
    return found


def visible(session: Session, actor: Actor) -> list[Loop]:
    """The loops the actor may see, newest first."""
    loops = session.scalars(select(Loop).order_by(Loop.id.desc()))
    return [loop for loop in loops if can_read(actor, loop)]


def label(loop: Loop) -> str:
    return f"Loop {loop.id} ({loop.requisition.role.title})"


def _person(session: Session, person_id: int, field: str) -> Person:
    found = session.get(Person, person_id)
    if found is None:
        raise InvalidInput(f"{field}: no person with id {person_id}.", field=field)
    return found


def create(session: Session, actor: Actor, data: LoopIn) -> Loop:
    """A loop for a candidate on a requisition, in planning (recruiters and admins)."""
    service.require_staff(actor, "set up interview loops")
    req = service.requisition(session, data.requisition_id)
    if session.get(Candidate, data.candidate_id) is None:
        raise InvalidInput(f"candidate_id: no candidate with id {data.candidate_id}.", field="candidate_id")
    loop = Loop(requisition_id=req.id, candidate_id=data.candidate_id)
    session.add(loop)
    session.flush()
    if data.bar_raiser_id is not None:
        _person(session, data.bar_raiser_id, "bar_raiser_id")
        loop.bar_raiser_id = data.bar_raiser_id
    audit.record(session, actor, "create", "hiring_loop", loop.id, f"{label(loop)} set up")
    session.flush()
    session.refresh(loop)
    return loop


def _editable(session: Session, actor: Actor, loop_id: int) -> Loop:
    loop = get(session, actor, loop_id)
    require(can_manage(actor, loop), f"change {label(loop)} (its hiring manager, recruiters and admins may)")
    if loop.state not in SETUP_STATES:
        raise Conflict(f"{label(loop)} is in {LoopState(loop.state).label}: its interviewers are fixed now.")
    return loop


def set_interviewer(session: Session, actor: Actor, loop_id: int, data: InterviewerIn) -> Loop:
    """Add an interviewer, or change their slot and principles."""
    loop = _editable(session, actor, loop_id)
    person = _person(session, data.person_id, "person_id")
    for principle_id in data.principle_ids:
        service.principle(session, principle_id)
    if data.starts_at and data.ends_at and data.ends_at <= data.starts_at:
        raise InvalidInput("ends_at: the slot must end after it starts.", field="ends_at")
    found = next((i for i in loop.interviewers if i.person_id == person.id), None)
    if found is None:
        found = Interviewer(person_id=person.id)
        loop.interviewers.append(found)
    found.starts_at, found.ends_at = data.starts_at, data.ends_at
    found.principle_ids = list(dict.fromkeys(data.principle_ids))
    audit.record(session, actor, "edit", "hiring_loop", loop.id, f"{person.name} interviews on {label(loop)}")
    session.flush()
    return loop


def remove_interviewer(session: Session, actor: Actor, loop_id: int, person_id: int) -> Loop:
    loop = _editable(session, actor, loop_id)
    found = next((i for i in loop.interviewers if i.person_id == person_id), None)
    if found is None:
        raise NotFound(f"Person {person_id} does not interview on {label(loop)}.")
    loop.interviewers.remove(found)
    audit.record(session, actor, "edit", "hiring_loop", loop.id, f"interviewer {person_id} removed")
    session.flush()
    return loop


def set_bar_raiser(session: Session, actor: Actor, loop_id: int, person_id: int | None) -> Loop:
    """Seat the loop's Bar Raiser (the checks on them are findings, shown with the loop)."""
    loop = _editable(session, actor, loop_id)
    if person_id is not None:
        _person(session, person_id, "bar_raiser_id")
    loop.bar_raiser_id = person_id
    audit.record(session, actor, "edit", "hiring_loop", loop.id, f"Bar Raiser of {label(loop)} set")
    session.flush()
    session.refresh(loop)
    return loop


def chain_team_ids(session: Session, team_id: int | None) -> set[int]:
    """The reporting chain of a team's members: the team, every team above it and every team below it."""
    if team_id is None:
        return set()
    parents: dict[int, int | None] = {row[0]: row[1] for row in session.execute(select(Team.id, Team.parent_id))}
    chain: set[int] = set()
    current: int | None = team_id
    while current is not None and current not in chain:
        chain.add(current)
        current = parents.get(current)
    below = {team_id}
    grew = True
    while grew:
        grew = False
        for team, parent in parents.items():
            if parent in below and team not in below:
                below.add(team)
                grew = True
    return chain | below


def findings(session: Session, loop: Loop) -> list[Finding]:
    """Everything wrong with a loop's setup, each with its fix."""
    out: list[Finding] = []
    name = label(loop)

    def add(level: Level, code: str, message: str, fix: str, field: str) -> None:
        out.append(Finding(level, code, message, Location(field=field, record_type="hiring_loop",
                                                         record_id=loop.id, record_name=name), fix))

    needs = {n.principle_id: n.principle for n in loop.requisition.role.needs}
    holders: dict[int, list[Interviewer]] = {}
    for interviewer in loop.interviewers:
        for principle_id in interviewer.principle_ids:
            holders.setdefault(principle_id, []).append(interviewer)
    lightest = min(loop.interviewers, key=lambda i: len(i.principle_ids), default=None)
    for principle_id, principle in needs.items():
        held = holders.get(principle_id, [])
        if not held:
            who = f" (e.g. {lightest.person.name}, who has the fewest)" if lightest else ""
            add(Level.ERROR, "principle-not-covered",
                f"{principle.name} is needed by the role but no interviewer is assigned it.",
                f"Assign {principle.name} to one interviewer{who}.", "interviewers")
        elif len(held) > 1:
            add(Level.ERROR, "principle-doubled",
                f"{principle.name} is assigned to {service.names(i.person for i in held)}; "
                "the candidate would be asked about it twice and another principle goes unprobed.",
                f"Keep {principle.name} with one of them and remove it from the others.", "interviewers")
    for principle_id, held in holders.items():
        if principle_id not in needs:
            extra = service.principle(session, principle_id)
            add(Level.WARNING, "principle-not-needed",
                f"{extra.name} is assigned to {service.names(i.person for i in held)} but the role does not need it.",
                f"Remove {extra.name}, or add it to the role profile.", "interviewers")
    manager = loop.requisition.hiring_manager
    raiser = loop.bar_raiser
    if raiser is None:
        add(Level.ERROR, "no-bar-raiser", "The loop has no Bar Raiser.",
            "Seat a trained Bar Raiser from outside the hiring manager's reporting chain.", "bar_raiser_id")
        return out
    if not service.is_bar_raiser(session, raiser.id):
        add(Level.ERROR, "bar-raiser-not-trained", f"{raiser.name} is not a trained Bar Raiser.",
            "Seat someone from the Bar Raiser pool, or mark them trained once they are.", "bar_raiser_id")
    if raiser.id == manager.id:
        add(Level.ERROR, "bar-raiser-is-hiring-manager",
            f"{raiser.name} is the hiring manager and cannot also be the Bar Raiser.",
            "Seat a Bar Raiser from outside the hiring manager's reporting chain.", "bar_raiser_id")
    elif raiser.team_id is not None and raiser.team_id in chain_team_ids(session, manager.team_id):
        add(Level.ERROR, "bar-raiser-in-chain",
            f"{raiser.name} is in the hiring manager's reporting chain ({manager.name}'s team and the teams "
            "above and below it); a Bar Raiser must be free to say no to the manager.",
            "Seat a trained Bar Raiser from another part of the organization.", "bar_raiser_id")
    return out


def errors(session: Session, loop: Loop) -> list[Finding]:
    return [f for f in findings(session, loop) if f.level is Level.ERROR]


def move(session: Session, actor: Actor, loop_id: int, state: str) -> Loop:
    """planning → interviewing (no error findings left) → awaiting feedback. The debrief and the
    decision have their own doors (debrief.py)."""
    loop = get(session, actor, loop_id)
    require(can_manage(actor, loop), f"move {label(loop)} on (its hiring manager, recruiters and admins may)")
    valid = [s.value for s in LoopState]
    if state not in valid:
        raise InvalidInput(f"state: {state!r} is not a loop state; use one of {', '.join(valid)}.", field="state")
    if state in (LoopState.DEBRIEF.value, LoopState.DECIDED.value):
        raise InvalidInput(f"state: open the debrief and record the decision through the debrief, not by "
                           f"moving the loop to {state}.", field="state")
    if MOVES.get(loop.state) != state:
        raise Conflict(f"{label(loop)} is in {LoopState(loop.state).label}; it cannot move to "
                       f"{LoopState(state).label} from there.")
    if state == LoopState.INTERVIEWING.value:
        blocking = errors(session, loop)
        if blocking:
            raise ValidationFailed(f"{label(loop)} cannot start interviewing while its setup has "
                                   f"{len(blocking)} error finding(s): " + " ".join(f.message for f in blocking),
                                   details=[f.to_dict() for f in blocking])
    before = loop.state
    loop.state = state
    audit.record(session, actor, "transition", "hiring_loop", loop.id, f"{label(loop)}: {before} → {state}",
                 before={"state": before}, after={"state": state})
    session.flush()
    return loop


def role_of(loop: Loop, person_id: int | None) -> str:
    """How a person takes part in a loop, for pages: interviewer, Bar Raiser, hiring manager."""
    parts = []
    if any(i.person_id == person_id for i in loop.interviewers):
        parts.append("interviewer")
    if loop.bar_raiser_id == person_id:
        parts.append("Bar Raiser")
    if loop.requisition.hiring_manager_id == person_id:
        parts.append("hiring manager")
    return ", ".join(parts)
