"""Calibration (library, API, CLI, page) and a candidate's export and deletion on request: after
deletion no name, note or resume byte is left in any text column, and calibration is unchanged."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import LargeBinary, String, Text, inspect, select
from sqlalchemy.types import JSON

from dayone.audit import AuditEvent
from dayone.auth import service as accounts
from dayone.auth.permissions import CLI_ACTOR
from dayone.db.base import Base, utcnow
from dayone.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from dayone.hiring import calibration, debrief, feedback, loops, privacy, service
from dayone.hiring.models import Feedback
from dayone.hiring.schemas import CandidateIn, DecisionIn, FeedbackIn, InterviewerIn, LoopIn, VetoIn, VoteChangeIn
from dayone.web.app import create_app
from dayone.workspace import Workspace
from tests.cli.test_cli import Cli, cli  # noqa: F401  (the fixture)
from tests.conftest import People
from tests.helpers import csrf_of, sign_in
from tests.hiring.conftest import Crew

NOTE = "Quillon rebuilt the Zarvex ledger over one weekend"
STAR = {"situation": NOTE, "task": "Restore invoicing", "action": "She rolled back the release",
        "result": "Invoices went out the same day"}
SECRET_NAME = "Ottoline Vexworth"
RESUME = b"Ottoline Vexworth\nBuilt the Zarvex ledger.\n"
SEATS = ("ivy", "ian", "insider")  # three interviewers, one principle each


def _decided(ws: Workspace, crew: Crew, votes: dict[str, str], decision: str, *, secret: bool = False,
             change: tuple[str, str] | None = None, veto: bool = False, late: str | None = None) -> dict[str, int]:
    """A loop for a new candidate with ``votes`` (seat → vote), decided ``decision``; ``change`` a
    vote change in the debrief (seat, new vote), ``veto`` the Bar Raiser's; ``late``: that seat's
    slot ended two days before the feedback came in (the others an hour before)."""
    actors = {w: crew.actor(ws, w) for w in (*SEATS, "raiser", "manager")}
    now = utcnow()
    name, note, resume = (SECRET_NAME, NOTE, RESUME) if secret else ("Cal Candidate", "A plain story", b"A resume")
    star = {**STAR, "situation": note}
    with ws.session() as s:
        cand = service.create_candidate(s, CLI_ACTOR, CandidateIn(
            name=name, contact="ov@x.test", source="Zarvex" if secret else "web"), ("cv.txt", resume))
        loop = loops.create(s, CLI_ACTOR, LoopIn(requisition_id=crew.requisition_id, candidate_id=cand.id,
                                                 bar_raiser_id=crew.person(ws, "raiser")))
        for seat, p in zip(SEATS, crew.principle_ids, strict=True):
            ends = now - (timedelta(hours=48) if seat == late else timedelta(hours=1))
            loops.set_interviewer(s, CLI_ACTOR, loop.id, InterviewerIn(
                person_id=crew.person(ws, seat), principle_ids=[p], starts_at=ends - timedelta(hours=1), ends_at=ends))
        loops.move(s, CLI_ACTOR, loop.id, "interviewing")
        for seat, p in zip(SEATS, crew.principle_ids, strict=True):
            feedback.submit(s, actors[seat], loop.id, FeedbackIn.model_validate({
                "notes": {p: star}, "vote": votes[seat], "reason": f"{note}, said {seat}."}))
        debrief.open_debrief(s, actors["raiser"], loop.id)
        if change:
            debrief.change_vote(s, actors[change[0]], loop.id, VoteChangeIn(vote=change[1], reason=f"{note} again"))
        debrief.decide(s, actors["manager"], loop.id, DecisionIn(decision=decision, reason=f"{note}: decided"))
        if veto:
            debrief.veto(s, actors["raiser"], loop.id, VetoIn(reason=f"{note}: not enough"))
        return {"loop_id": loop.id, "candidate_id": cand.id}


@pytest.fixture
def history(ws: Workspace, crew: Crew) -> dict[str, Any]:
    """Three decided loops: a hire with Carl the lone dissent and Ivy late; a hire vetoed, with Ivy
    the lone dissent on the sealed votes and Ian's vote changed; a unanimous no hire."""
    _decided(ws, crew, {"ivy": "strongly_inclined", "ian": "inclined", "insider": "not_inclined"}, "hire",
             late="ivy")
    secret = _decided(ws, crew, {"ivy": "inclined", "ian": "not_inclined", "insider": "not_inclined"}, "hire",
                      change=("ian", "inclined"), veto=True, secret=True)
    _decided(ws, crew, {"ivy": "not_inclined", "ian": "strongly_not_inclined", "insider": "not_inclined"}, "no_hire")
    return secret


def _table(rows: list[calibration.Row]) -> dict[str, tuple[int, ...]]:
    return {r.name: (r.votes, r.agreed, r.disagreed, r.lone_dissents, r.vote_changes, r.late, r.submitted,
                     r.raised, r.vetoes) for r in rows}


EXPECTED = {  # votes, agreed, disagreed, lone dissents, vote changes, late, submitted, raised, vetoes
    "Bea Raiser": (0, 0, 0, 0, 0, 0, 0, 3, 1),
    "Carl Insider": (3, 2, 1, 1, 0, 0, 3, 0, 0),
    "Ian Interviewer": (3, 3, 0, 0, 1, 0, 3, 0, 0),
    "Ivy Interviewer": (3, 2, 1, 1, 0, 1, 3, 0, 0),
}


def test_calibration_counts_votes_against_outcomes_dissents_changes_vetoes_and_late_feedback(
        ws: Workspace, crew: Crew, history: dict[str, Any]) -> None:
    with ws.session() as s:  # the crew's own loop, still in planning, counts for nothing
        rows = calibration.compute(s)
    assert _table(rows) == EXPECTED
    ivy = next(r for r in rows if r.name == "Ivy Interviewer")
    assert ivy.by_vote == {"strongly_inclined": {"hire": 1}, "inclined": {"no_hire": 1}, "not_inclined": {"no_hire": 1}}
    assert ivy.median_hours is not None and 0.9 <= ivy.median_hours <= 1.2  # from the last slot's end
    assert ivy.agreement == pytest.approx(2 / 3)
    raiser = next(r for r in rows if r.name == "Bea Raiser")
    assert raiser.raised_median_hours is not None and raiser.raised_median_hours <= 1.2


def test_each_person_sees_their_own_row_and_hiring_staff_see_all(ws: Workspace, crew: Crew, people: People,
                                                                 history: dict[str, Any]) -> None:
    with ws.session() as s:
        assert len(calibration.for_actor(s, crew.actor(ws, "recruiter"))) == 4
        assert [r.name for r in calibration.for_actor(s, crew.actor(ws, "ivy"))] == ["Ivy Interviewer"]
        assert calibration.for_actor(s, crew.actor(ws, "manager")) == []
    app = create_app(ws)

    def api(email: str) -> TestClient:
        with ws.session() as s:
            secret = accounts.create_token(s, CLI_ACTOR, email).secret
        return TestClient(app, headers={"Authorization": f"Bearer {secret}"})

    with api(crew.recruiter) as rita, api(crew.ivy) as ivy, api(people.outsider) as otto, TestClient(app) as anon:
        got = rita.get("/api/v1/hiring/calibration").json()
        assert got["late_after_hours"] == calibration.LATE_AFTER_HOURS
        assert {p["name"]: (p["votes"], p["agreed"], p["lone_dissents"], p["vetoes"]) for p in got["people"]} == {
            k: (v[0], v[1], v[3], v[8]) for k, v in EXPECTED.items()}
        assert [p["name"] for p in ivy.get("/api/v1/hiring/calibration").json()["people"]] == ["Ivy Interviewer"]
        assert otto.get("/api/v1/hiring/calibration").json()["people"] == []
        assert anon.get("/api/v1/hiring/calibration").status_code == 401
    with TestClient(app) as page:
        sign_in(page, crew.recruiter)
        html = page.get("/hiring/calibration").text
        assert html.count('class="person"') == 3 and html.count('class="raiser"') == 1
        assert 'data-agreed="2" data-disagreed="1"' in html and 'data-raised="3" data-vetoes="1"' in html
        assert "<script" not in html.split("<main", 1)[-1] and " style=" not in html
    with TestClient(app) as page:
        sign_in(page, crew.ivy)
        html = page.get("/hiring/calibration").text
        assert "Ivy Interviewer" in html and "Ian Interviewer" not in html


def test_calibration_on_the_command_line(cli: Cli, crew: Crew, history: dict[str, Any]) -> None:  # noqa: F811
    code, out, _ = cli("hiring", "calibration", "--json")
    assert code == 0
    assert {p["name"]: p["lone_dissents"] for p in json.loads(out)["people"]} == {
        k: v[3] for k, v in EXPECTED.items()}
    code, out, _ = cli("hiring", "calibration", "--as", crew.ian)
    assert code == 0 and "Ian Interviewer" in out and "Ivy" not in out


def _everything_text(ws: Workspace) -> list[str]:
    """Every value of every text, JSON and binary column of every table, as text."""
    found: list[str] = []
    with ws.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        for table in Base.metadata.sorted_tables:
            if table.name not in tables:
                continue
            cols = [c for c in table.columns if isinstance(c.type, String | Text | JSON | LargeBinary)]
            if not cols:
                continue
            for row in conn.execute(select(*cols)):
                for v in row:
                    if v is None:
                        continue
                    found.append(v.decode("utf-8", "replace") if isinstance(v, bytes) else
                                 v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
    return found


def test_export_is_for_hiring_staff_audited_and_complete(ws: Workspace, crew: Crew, history: dict[str, Any]) -> None:
    cid = history["candidate_id"]
    with ws.session() as s, pytest.raises(PermissionDenied):
        privacy.export(s, crew.actor(ws, "ivy"), cid)  # in the loop, but not hiring staff
    with ws.session() as s:
        data = privacy.export(s, crew.actor(ws, "recruiter"), cid)
    assert data["candidate"]["name"] == SECRET_NAME and data["resume"]["name"] == "cv.txt"
    assert [len(lp["feedback"]) for lp in data["loops"]] == [3]
    assert data["loops"][0]["feedback"][0]["notes"]
    app = create_app(ws)
    with TestClient(app) as page:
        sign_in(page, crew.recruiter)
        pdf = page.get(f"/hiring/candidates/{cid}/export?format=pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert page.get(f"/hiring/candidates/{cid}/export?format=doc").status_code == 422
        got = page.get(f"/hiring/candidates/{cid}/export")
        assert got.json()["candidate"]["name"] == SECRET_NAME and "attachment" in got.headers["content-disposition"]
    with ws.session() as s:
        exports = s.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
        assert len(exports) == 3 and all(SECRET_NAME not in e.summary for e in exports)


def test_deleting_a_candidate_leaves_no_trace_and_calibration_unchanged(ws: Workspace, crew: Crew,
                                                                        history: dict[str, Any]) -> None:
    cid = history["candidate_id"]
    with ws.session() as s:
        before = _table(calibration.compute(s))
    assert any(SECRET_NAME in v for v in _everything_text(ws)) and any(NOTE in v for v in _everything_text(ws))
    app = create_app(ws)
    with TestClient(app) as page:
        sign_in(page, crew.recruiter)
        csrf = csrf_of(page, f"/hiring/candidates/{cid}")
        wrong = page.post(f"/hiring/candidates/{cid}/delete", data={"confirm": "Ottoline", "csrf_token": csrf})
        assert wrong.status_code == 422 and "exactly as it is on their record" in wrong.text
        assert any(SECRET_NAME in v for v in _everything_text(ws))  # nothing changed
        done = page.post(f"/hiring/candidates/{cid}/delete", data={"confirm": f" {SECRET_NAME.lower()} ",
                                                                   "csrf_token": csrf}, follow_redirects=False)
        assert done.status_code == 303
        shown = page.get(f"/hiring/candidates/{cid}").text
        assert 'id="deleted-note"' in shown and SECRET_NAME not in shown
    left = _everything_text(ws)
    assert not [v for v in left if SECRET_NAME in v or "Ottoline" in v or NOTE in v or "Zarvex" in v]
    with ws.session() as s:
        assert _table(calibration.compute(s)) == before == EXPECTED
        deleted = s.scalars(select(AuditEvent).where(AuditEvent.action == "delete",
                                                     AuditEvent.entity_type == "hiring_candidate")).all()
        assert len(deleted) == 1 and "deleted on request" in deleted[0].summary
        with pytest.raises(NotFound):
            service.resume_of(s, CLI_ACTOR, cid)
        assert s.get(Feedback, s.scalar(select(Feedback.id).where(Feedback.loop_id == history["loop_id"]))).vote


def test_deletion_errors_change_nothing(ws: Workspace, crew: Crew, history: dict[str, Any], cli: Cli,  # noqa: F811
                                        api_as: Any) -> None:
    cid = history["candidate_id"]
    with ws.session() as s:
        with pytest.raises(PermissionDenied):
            privacy.delete(s, crew.actor(ws, "manager"), cid, SECRET_NAME)
        with pytest.raises(InvalidInput, match="confirm"):
            privacy.delete(s, CLI_ACTOR, cid, "")
    code, _, err = cli("hiring", "candidate", "delete", str(cid), "--confirm", "Someone Else")
    assert code == 1 and "type the candidate's name" in err
    code, _, err = cli("hiring", "candidate", "export", str(cid), "--format", "pdf")
    assert code == 1 and "--out" in err
    assert any(SECRET_NAME in v for v in _everything_text(ws))
    admin = api_as("admin")
    assert admin.post(f"/api/v1/hiring/candidates/{cid}/delete", json={"confirm": "x"}).status_code == 422
    assert admin.post(f"/api/v1/hiring/candidates/{cid}/delete", json={}).status_code == 422
    assert admin.post("/api/v1/hiring/candidates/99999/delete", json={"confirm": "x"}).status_code == 404
    assert admin.post(f"/api/v1/hiring/candidates/{cid}/delete", json={"confirm": SECRET_NAME}).status_code == 200
    assert admin.post(f"/api/v1/hiring/candidates/{cid}/delete",
                      json={"confirm": privacy.DELETED_NAME}).status_code == 409
    code, out, _ = cli("hiring", "candidate", "export", str(cid))
    assert code == 0 and json.loads(out)["candidate"]["name"] == privacy.DELETED_NAME
    with ws.session() as s:
        assert _table(calibration.compute(s)) == EXPECTED


def test_a_candidate_named_like_a_deleted_record_is_still_a_candidate(ws: Workspace) -> None:
    """Deletion is recorded on the record (``deleted_at``), never guessed from what the record
    holds: a real candidate called "Deleted candidate", with no contact and no resume, can be
    read, exported and deleted like any other."""
    with ws.session() as s:
        real = service.create_candidate(s, CLI_ACTOR, CandidateIn(name=privacy.DELETED_NAME))
        s.commit()
        assert not privacy.is_deleted(real) and real.deleted_at is None
        gone = privacy.delete(s, CLI_ACTOR, real.id, privacy.DELETED_NAME)
        s.commit()
        assert privacy.is_deleted(gone) and gone.deleted_at is not None
        with pytest.raises(Conflict):
            privacy.delete(s, CLI_ACTOR, real.id, privacy.DELETED_NAME)
