"""Principles, role profiles, candidates with their resumes, and loop coverage (library API)."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from dayone.audit import AuditEvent
from dayone.auth.permissions import CLI_ACTOR
from dayone.errors import InvalidInput, NotFound, PermissionDenied, ValidationFailed
from dayone.hiring import loops, service
from dayone.hiring.models import Candidate, LoopState
from dayone.hiring.principles import DEFAULT_PRINCIPLES
from dayone.hiring.schemas import CandidateIn, InterviewerIn, PrincipleIn, RoleIn
from dayone.workspace import Workspace
from tests.hiring.conftest import Crew


def _pdf() -> bytes:
    from pypdf import PdfWriter

    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()


def test_a_workspace_starts_with_sixteen_principles_an_admin_may_edit(ws: Workspace, crew: Crew) -> None:
    with ws.session() as s:
        found = service.principles(s)
        assert [p.name for p in found] == [name for name, _ in DEFAULT_PRINCIPLES] and len(found) == 16
        assert all(p.description for p in found)
        with pytest.raises(PermissionDenied):
            service.save_principle(s, crew.actor(ws, "recruiter"), PrincipleIn(name="X"), found[0].id)
        service.save_principle(s, CLI_ACTOR, PrincipleIn(name="Customers First", description="Ours."), found[0].id)
    with ws.session() as s:
        assert service.principles(s)[0].name == "Customers First"
        with pytest.raises(InvalidInput, match="Dive Deep"):
            service.principle(s, "Dive Deeper")


def test_a_role_profile_names_its_principles_and_questions(ws: Workspace, crew: Crew) -> None:
    with ws.session() as s:
        role = service.role(s, crew.role_id)
        assert [n.principle.name for n in role.needs] == ["Customer Obsession", "Dive Deep", "Earn Trust"]
        assert role.needs[1].questions == ["Tell me about Dive Deep."]
        with pytest.raises(InvalidInput, match="listed twice"):
            service.create_role(s, CLI_ACTOR, RoleIn.model_validate({"title": "T", "needs": [
                {"principle": "Dive Deep"}, {"principle": "dive deep"}]}))
        with pytest.raises(PermissionDenied):
            service.create_role(s, crew.actor(ws, "ivy"), RoleIn.model_validate({
                "title": "T", "needs": [{"principle": "Dive Deep"}]}))


@pytest.mark.parametrize(("name", "data", "says"), [
    ("cv.docx", b"PK\x03\x04\xff\xfe\x00binary", "neither a PDF nor UTF-8 text"),
    ("cv.pdf", b"%PDF-1.7\n garbage that is no pdf", "cannot be opened"),
    ("cv.txt", b"", "is empty"),
    ("cv.bin", b"text\x00with nul", "binary data"),
    ("big.txt", b"a" * 5_000_001, "more than 5,000,000"),
])
def test_a_resume_that_is_not_a_pdf_or_text_is_refused_and_nothing_changes(
        ws: Workspace, crew: Crew, name: str, data: bytes, says: str) -> None:
    with ws.session() as s:
        before = s.scalar(select(func.count()).select_from(Candidate))
        with pytest.raises(InvalidInput, match=says) as caught:
            service.create_candidate(s, CLI_ACTOR, CandidateIn(name="Al"), (name, data))
        assert name in caught.value.message and caught.value.field == "resume"
        with pytest.raises(InvalidInput, match=says):
            service.attach_resume(s, CLI_ACTOR, crew.candidate_id, name, data)
    with ws.session() as s:
        assert s.scalar(select(func.count()).select_from(Candidate)) == before
        assert service.resume_of(s, CLI_ACTOR, crew.candidate_id)[0] == "jo.txt"


def test_a_pdf_or_text_resume_is_stored_and_read_back(ws: Workspace, crew: Crew) -> None:
    pdf = _pdf()
    with ws.session() as s:
        made = service.create_candidate(s, CLI_ACTOR, CandidateIn(name="Pat"), ("C:\\docs\\pat.pdf", pdf))
        made_id = made.id
    with ws.session() as s:
        assert service.resume_of(s, CLI_ACTOR, made_id) == ("pat.pdf", "application/pdf", pdf)


@given(st.binary(max_size=200))
def test_any_bytes_are_accepted_as_text_or_pdf_or_refused_clearly(data: bytes) -> None:
    try:
        kind = service.check_resume("f", data)
    except InvalidInput as exc:
        assert exc.message.startswith("resume: f ")
    else:
        assert kind in service.RESUME_TYPES


def test_reading_a_candidate_is_audited_and_outsiders_cannot(ws: Workspace, crew: Crew) -> None:
    with ws.session() as s:
        before = s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.entity_type ==
                                                                              "hiring_candidate"))
        service.candidate(s, crew.actor(ws, "ivy"), crew.candidate_id)
        s.commit()
        after = s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.entity_type ==
                                                                             "hiring_candidate"))
        assert after == before + 1
        with pytest.raises(NotFound):
            service.candidate(s, crew.actor(ws, "insider"), crew.candidate_id)
        assert [c.id for c in service.candidates(s, crew.actor(ws, "insider"))] == []
        assert [c.id for c in service.candidates(s, crew.actor(ws, "ian"))] == [crew.candidate_id]


def _codes(ws: Workspace, crew: Crew) -> list[str]:
    with ws.session() as s:
        return [f.code for f in loops.findings(s, loops.get(s, CLI_ACTOR, crew.loop_id))]


def test_a_covered_loop_with_an_outside_bar_raiser_has_no_findings(ws: Workspace, crew: Crew) -> None:
    assert _codes(ws, crew) == []


def test_a_missing_or_doubled_principle_is_a_finding_with_its_fix(ws: Workspace, crew: Crew) -> None:
    ivy, ian = crew.person(ws, "ivy"), crew.person(ws, "ian")
    p = crew.principle_ids
    with ws.session() as s:
        loops.set_interviewer(s, CLI_ACTOR, crew.loop_id, InterviewerIn(person_id=ian, principle_ids=[p[1]]))
    with ws.session() as s:
        found = loops.findings(s, loops.get(s, CLI_ACTOR, crew.loop_id))
        assert {f.code for f in found} == {"principle-not-covered", "principle-doubled"}
        missing = next(f for f in found if f.code == "principle-not-covered")
        assert "Earn Trust" in missing.message and "Assign Earn Trust" in (missing.suggestion or "")
        doubled = next(f for f in found if f.code == "principle-doubled")
        assert "Ivy Interviewer" in doubled.message and "Ian Interviewer" in doubled.message
        assert doubled.location.record_type == "hiring_loop" and doubled.location.record_id == crew.loop_id
        with pytest.raises(ValidationFailed, match="cannot start interviewing") as caught:
            loops.move(s, CLI_ACTOR, crew.loop_id, "interviewing")
        assert {d["code"] for d in caught.value.details} == {"principle-not-covered", "principle-doubled"}
    with ws.session() as s:
        assert loops.get(s, CLI_ACTOR, crew.loop_id).state == LoopState.PLANNING.value
        loops.set_interviewer(s, CLI_ACTOR, crew.loop_id, InterviewerIn(person_id=ian, principle_ids=[p[2]]))
        loops.set_interviewer(s, CLI_ACTOR, crew.loop_id, InterviewerIn(person_id=ivy, principle_ids=list(p[:2])))
        assert loops.move(s, CLI_ACTOR, crew.loop_id, "interviewing").state == "interviewing"


@pytest.mark.parametrize(("who", "code"), [
    ("manager", "bar-raiser-is-hiring-manager"), ("insider", "bar-raiser-in-chain"), ("ian", "bar-raiser-not-trained")])
def test_the_bar_raiser_must_be_trained_and_outside_the_managers_chain(
        ws: Workspace, crew: Crew, who: str, code: str) -> None:
    with ws.session() as s:
        loops.set_bar_raiser(s, CLI_ACTOR, crew.loop_id, crew.person(ws, who))
    assert code in _codes(ws, crew)
    with ws.session() as s, pytest.raises(ValidationFailed, match=r"Bar Raiser|hiring manager|reporting chain"):
        loops.move(s, CLI_ACTOR, crew.loop_id, "interviewing")


def test_a_loop_without_a_bar_raiser_is_a_finding(ws: Workspace, crew: Crew) -> None:
    with ws.session() as s:
        loops.set_bar_raiser(s, CLI_ACTOR, crew.loop_id, None)
    assert _codes(ws, crew) == ["no-bar-raiser"]


def test_only_staff_and_the_manager_change_a_loop(ws: Workspace, crew: Crew) -> None:
    with ws.session() as s:
        with pytest.raises(PermissionDenied):
            loops.set_bar_raiser(s, crew.actor(ws, "ivy"), crew.loop_id, None)
        with pytest.raises(NotFound):
            loops.get(s, crew.actor(ws, "insider"), crew.loop_id)
        loops.move(s, crew.actor(ws, "manager"), crew.loop_id, "interviewing")
