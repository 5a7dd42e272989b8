"""The rules of hiring's records: who may do what, leadership principles, role profiles, the Bar
Raiser pool, requisitions and candidates (with their resume files).

Hiring staff are recruiters and admins: they set hiring up and read every loop. Everyone else
sees a candidate only through a loop they are part of. Candidate records are never indexed for
search and never put in notifications; every read of one is in the audit log.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from dayone import audit
from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require, require_role
from dayone.errors import Conflict, InvalidInput, NotFound
from dayone.hiring.models import (
    BarRaiser,
    Candidate,
    Interviewer,
    Loop,
    Principle,
    Requisition,
    RolePrinciple,
    RoleProfile,
)
from dayone.hiring.principles import DEFAULT_PRINCIPLES
from dayone.hiring.schemas import CandidateIn, PrincipleIn, RequisitionIn, RoleIn, StarNotes
from dayone.org.fields import clean_text
from dayone.org.models import Person, Team

if TYPE_CHECKING:
    from dayone.findings import Finding

MAX_RESUME_BYTES = 5_000_000
RESUME_TYPES = ("application/pdf", "text/plain")


def is_staff(actor: Actor) -> bool:
    """Recruiters and admins (and the command line) run hiring and read every loop."""
    return actor.role in (Role.RECRUITER, Role.ADMIN)


def require_staff(actor: Actor, doing: str) -> None:
    require(is_staff(actor), f"{doing} (only recruiters and admins may)")


# principles ---------------------------------------------------------------------------------

def ensure_principles(session: Session) -> None:
    """Give a workspace without principles the sixteen defaults."""
    if session.scalar(select(func.count()).select_from(Principle)):
        return
    for position, (name, description) in enumerate(DEFAULT_PRINCIPLES, start=1):
        session.add(Principle(position=position, name=name, description=description))
    session.flush()


def principles(session: Session) -> list[Principle]:
    ensure_principles(session)
    return list(session.scalars(select(Principle).order_by(Principle.position, Principle.id)))


def principle(session: Session, ref: int | str) -> Principle:
    """A principle by id or by name (case-insensitive); a wrong name gets the list to pick from."""
    ensure_principles(session)
    found = session.get(Principle, ref) if isinstance(ref, int) else session.scalar(
        select(Principle).where(func.lower(Principle.name) == str(ref).strip().lower()))
    if found is None:
        names = ", ".join(p.name for p in principles(session))
        raise InvalidInput(f"principle: no principle {ref!r}; the workspace's are: {names}.", field="principle")
    return found


def save_principle(session: Session, actor: Actor, data: PrincipleIn, principle_id: int | None = None) -> Principle:
    """Add a principle, or rename and redescribe one (admins)."""
    require_role(actor, Role.ADMIN, "edit the leadership principles")
    ensure_principles(session)
    name = clean_text("name", data.name, max_length=100, required=True)
    clash = session.scalar(select(Principle).where(func.lower(Principle.name) == name.lower()))
    if clash is not None and clash.id != principle_id:
        raise Conflict(f"name: there is already a principle named {clash.name!r}; pick another name.")
    if principle_id is None:
        last = session.scalar(select(func.max(Principle.position))) or 0
        found = Principle(position=last + 1, name=name)
        session.add(found)
    else:
        found = session.get(Principle, principle_id)  # type: ignore[assignment]
        if found is None:
            raise NotFound(f"No principle with id {principle_id}.")
    before = {"name": found.name, "description": found.description}
    found.name, found.description = name, clean_text("description", data.description, max_length=2000)
    session.flush()
    audit.record(session, actor, "edit" if principle_id else "create", "hiring_principle", found.id,
                 f"principle {found.name!r}", before=before if principle_id else None,
                 after={"name": found.name, "description": found.description})
    return found


# role profiles ------------------------------------------------------------------------------

def roles(session: Session) -> list[RoleProfile]:
    return list(session.scalars(select(RoleProfile).order_by(RoleProfile.title)))


def role(session: Session, role_id: int) -> RoleProfile:
    found = session.get(RoleProfile, role_id)
    if found is None:
        raise NotFound(f"No role profile with id {role_id}.")
    return found


def create_role(session: Session, actor: Actor, data: RoleIn) -> RoleProfile:
    """A role profile: the principles the role needs and the prepared questions for each."""
    require_staff(actor, "define role profiles")
    title = clean_text("title", data.title, max_length=200, required=True)
    if session.scalar(select(RoleProfile).where(func.lower(RoleProfile.title) == title.lower())) is not None:
        raise Conflict(f"title: a role profile named {title!r} exists already; edit it or pick another title.")
    made = RoleProfile(title=title, description=clean_text("description", data.description, max_length=5000))
    seen: set[int] = set()
    for need in data.needs:
        found = principle(session, need.principle)
        if found.id in seen:
            raise InvalidInput(f"needs: {found.name} is listed twice; list each principle once.", field="needs")
        seen.add(found.id)
        questions = [clean_text("questions", q, max_length=1000) for q in need.questions if q.strip()]
        made.needs.append(RolePrinciple(principle_id=found.id, questions=questions))
    if not made.needs:
        raise InvalidInput("needs: name at least one principle the role needs.", field="needs")
    session.add(made)
    session.flush()
    audit.record(session, actor, "create", "hiring_role", made.id, f"role profile {title!r}")
    return made


# the Bar Raiser pool ------------------------------------------------------------------------

def bar_raisers(session: Session) -> list[BarRaiser]:
    return sorted(session.scalars(select(BarRaiser)), key=lambda b: b.person.name)


def is_bar_raiser(session: Session, person_id: int) -> bool:
    return session.get(BarRaiser, person_id) is not None


def set_bar_raiser(session: Session, actor: Actor, person_id: int, trained: bool) -> None:
    """Mark a person as a trained Bar Raiser, or take the mark away (recruiters and admins)."""
    require_staff(actor, "keep the Bar Raiser pool")
    person = session.get(Person, person_id)
    if person is None:
        raise InvalidInput(f"person_id: no person with id {person_id}.", field="person_id")
    present = session.get(BarRaiser, person_id)
    if trained and present is None:
        session.add(BarRaiser(person_id=person_id))
        audit.record(session, actor, "create", "hiring_bar_raiser", person_id, f"{person.name} is a Bar Raiser")
    elif not trained and present is not None:
        session.delete(present)
        audit.record(session, actor, "delete", "hiring_bar_raiser", person_id,
                     f"{person.name} is no longer a Bar Raiser")
    session.flush()


# requisitions -------------------------------------------------------------------------------

def requisitions(session: Session) -> list[Requisition]:
    return list(session.scalars(select(Requisition).order_by(Requisition.id.desc())))


def requisition(session: Session, requisition_id: int) -> Requisition:
    found = session.get(Requisition, requisition_id)
    if found is None:
        raise NotFound(f"No requisition with id {requisition_id}.")
    return found


def create_requisition(session: Session, actor: Actor, data: RequisitionIn) -> Requisition:
    require_staff(actor, "open requisitions")
    role(session, data.role_id)
    if session.get(Person, data.hiring_manager_id) is None:
        raise InvalidInput(f"hiring_manager_id: no person with id {data.hiring_manager_id}.",
                           field="hiring_manager_id")
    if data.team_id is not None and session.get(Team, data.team_id) is None:
        raise InvalidInput(f"team_id: no team with id {data.team_id}.", field="team_id")
    made = Requisition(role_id=data.role_id, team_id=data.team_id, hiring_manager_id=data.hiring_manager_id)
    session.add(made)
    session.flush()
    audit.record(session, actor, "create", "hiring_requisition", made.id, f"requisition {made.id} opened")
    return made


# candidates ---------------------------------------------------------------------------------

def _loops_of(session: Session, candidate_id: int) -> list[Loop]:
    return list(session.scalars(select(Loop).where(Loop.candidate_id == candidate_id)))


def participant_ids(loop: Loop) -> set[int]:
    """The people in a loop: its interviewers, its Bar Raiser and its hiring manager."""
    ids = {i.person_id for i in loop.interviewers} | {loop.requisition.hiring_manager_id}
    if loop.bar_raiser_id is not None:
        ids.add(loop.bar_raiser_id)
    return ids


def can_read_candidate(session: Session, actor: Actor, candidate: Candidate) -> bool:
    if is_staff(actor):
        return True
    return actor.person_id is not None and any(actor.person_id in participant_ids(loop)
                                               for loop in _loops_of(session, candidate.id))


def candidate(session: Session, actor: Actor, candidate_id: int, *, purpose: str = "read") -> Candidate:
    """A candidate the actor may read; the read is written to the audit log (no name in it)."""
    found = session.get(Candidate, candidate_id)
    if found is None or not can_read_candidate(session, actor, found):
        # the same answer for a missing candidate and one the actor may not see: ids reveal nothing
        raise NotFound(f"No candidate with id {candidate_id} that you may read.")
    audit.record(session, actor, purpose, "hiring_candidate", found.id, f"candidate {found.id}: {purpose}")
    return found


def candidates(session: Session, actor: Actor) -> list[Candidate]:
    """Every candidate for hiring staff; for others, the candidates of their loops."""
    query = select(Candidate).order_by(Candidate.id.desc())
    if not is_staff(actor):
        mine = select(Loop.candidate_id).join(Requisition).outerjoin(Interviewer).where(or_(
            Interviewer.person_id == actor.person_id, Loop.bar_raiser_id == actor.person_id,
            Requisition.hiring_manager_id == actor.person_id))
        query = query.where(Candidate.id.in_(mine))
    return list(session.scalars(query))


def _file_name(name: str) -> str:
    base = PurePath(name.replace("\\", "/")).name or "resume"
    return "".join(ch for ch in base if ord(ch) >= 32)[:255] or "resume"


def check_resume(filename: str, data: bytes) -> str:
    """The content type of an acceptable resume: a PDF that opens, or UTF-8 text; else a clear error."""
    name = _file_name(filename)
    if len(data) > MAX_RESUME_BYTES:
        raise InvalidInput(f"resume: {name} is {len(data):,} bytes, more than {MAX_RESUME_BYTES:,}; send a smaller "
                           "PDF (fewer images) or the resume as plain text.", field="resume")
    if not data.strip():
        raise InvalidInput(f"resume: {name} is empty; choose the candidate's resume file.", field="resume")
    if data.startswith(b"%PDF"):
        from pypdf import PdfReader

        try:
            logging.getLogger("pypdf").setLevel(logging.ERROR)
            pages = len(PdfReader(io.BytesIO(data), strict=False).pages)
        except Exception as exc:  # pypdf raises many kinds on a damaged file
            raise InvalidInput(f"resume: {name} starts like a PDF but cannot be opened as one ({exc.__class__.__name__}"
                               "); export it again as PDF, or send the resume as plain text.", field="resume") from None
        if pages < 1:
            raise InvalidInput(f"resume: {name} is a PDF without pages; export it again.", field="resume")
        return "application/pdf"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"resume: {name} is neither a PDF nor UTF-8 text; save the resume as PDF or as plain "
                           "text (.txt, UTF-8) and upload it again.", field="resume") from None
    if any(ord(ch) < 32 and ch not in "\n\r\t\f" for ch in text):
        raise InvalidInput(f"resume: {name} holds binary data, not text; save the resume as PDF or as plain "
                           "text (.txt, UTF-8) and upload it again.", field="resume")
    return "text/plain"


def create_candidate(session: Session, actor: Actor, data: CandidateIn,
                     resume: tuple[str, bytes] | None = None) -> Candidate:
    """A candidate, with their resume (checked first: a bad file changes nothing)."""
    require_staff(actor, "add candidates")
    kind = check_resume(*resume) if resume is not None else None
    made = Candidate(name=clean_text("name", data.name, max_length=200, required=True),
                     contact=clean_text("contact", data.contact, max_length=500),
                     source=clean_text("source", data.source, max_length=200))
    if resume is not None:
        made.resume_name, made.resume_type, made.resume = _file_name(resume[0]), kind, resume[1]
    session.add(made)
    session.flush()
    audit.record(session, actor, "create", "hiring_candidate", made.id, f"candidate {made.id} added")
    return made


def attach_resume(session: Session, actor: Actor, candidate_id: int, filename: str, data: bytes) -> Candidate:
    """Replace a candidate's resume (hiring staff); a bad file changes nothing."""
    require_staff(actor, "store resumes")
    kind = check_resume(filename, data)
    found = candidate(session, actor, candidate_id, purpose="resume")
    found.resume_name, found.resume_type, found.resume = _file_name(filename), kind, data
    session.flush()
    return found


def resume_of(session: Session, actor: Actor, candidate_id: int) -> tuple[str, str, bytes]:
    """(file name, content type, bytes) of a candidate's resume, for someone who may read it."""
    found = candidate(session, actor, candidate_id, purpose="read-resume")
    if found.resume is None or found.resume_name is None or found.resume_type is None:
        raise NotFound(f"Candidate {candidate_id} has no resume stored.")
    return found.resume_name, found.resume_type, found.resume


# the feedback checker ------------------------------------------------------------------------

def feedback_findings(notes: Sequence[StarNotes], vote_reason: str,
                      settings: Mapping[str, Any] | None = None) -> list[Finding]:
    """The writing checker's findings on feedback (its feedback rules, with the workspace's
    writing-rule ``settings``)."""
    from dayone.documents.checks.feedback import check_feedback

    found: list[Finding] = check_feedback(list(notes), vote_reason, settings=settings)
    return found


def names(people: Iterable[Person]) -> str:
    return ", ".join(p.name for p in people)
