"""Hiring through the API: a loop set up, its coverage fixed, sealed feedback, the debrief."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from dayone.audit import AuditEvent
from dayone.auth import service as accounts
from dayone.auth.permissions import CLI_ACTOR
from dayone.workspace import Workspace
from tests.hiring.conftest import Crew
from tests.hiring.test_feedback import STAR


def _client(ws: Workspace, crew: Crew) -> Callable[[str], TestClient]:
    from dayone.web.app import create_app

    app = create_app(ws)

    def make(who: str) -> TestClient:
        with ws.session() as s:
            secret = accounts.create_token(s, CLI_ACTOR, getattr(crew, who)).secret
        return TestClient(app, headers={"Authorization": f"Bearer {secret}"})

    return make


def _feedback(principles: list[int], vote: str = "inclined") -> dict[str, Any]:
    return {"notes": {str(p): STAR for p in principles}, "vote": vote, "reason": "Owned the outage end to end."}


def test_a_loop_from_setup_to_decision_over_the_api(ws: Workspace, crew: Crew) -> None:
    as_ = _client(ws, crew)
    rita, ivy, ian, bea, hank = (as_(w) for w in ("recruiter", "ivy", "ian", "raiser", "manager"))
    p = list(crew.principle_ids)
    ian_id = crew.person(ws, "ian")
    # a doubled principle: a finding with its fix, and the loop refuses to start
    answer = rita.put(f"/api/v1/loops/{crew.loop_id}/interviewers/{ian_id}", json={"principle_ids": [p[0]]})
    assert answer.status_code == 200, answer.text
    assert {f["code"] for f in answer.json()["findings"]} == {"principle-doubled", "principle-not-covered"}
    refused = rita.post(f"/api/v1/loops/{crew.loop_id}/transition", json={"state": "interviewing"})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "validation_failed"
    fixed = rita.put(f"/api/v1/loops/{crew.loop_id}/interviewers/{ian_id}", json={"principle_ids": [p[2]]})
    assert fixed.json()["findings"] == []
    assert rita.post(f"/api/v1/loops/{crew.loop_id}/transition", json={"state": "interviewing"}).status_code == 200
    # the kit, a draft, then the seal
    kit = ivy.get(f"/api/v1/loops/{crew.loop_id}/kit").json()
    assert [k["name"] for k in kit["principles"]] == ["Customer Obsession", "Dive Deep"]
    assert ivy.get(kit["resume"]).content.startswith(b"Jo Candidate")
    draft = ivy.put(f"/api/v1/loops/{crew.loop_id}/feedback/draft", json={"notes": {str(p[0]): {"situation": "S"}}})
    assert draft.status_code == 200 and draft.json()["submitted_at"] is None
    assert ivy.post(f"/api/v1/loops/{crew.loop_id}/feedback", json=_feedback(p[:2])).status_code == 201
    sealed = ian.get(f"/api/v1/loops/{crew.loop_id}/feedback").json()
    assert sealed["sealed"] and sealed["others"] == [] and "Ivy Interviewer" in sealed["submitted_by"]
    off = ian.post(f"/api/v1/loops/{crew.loop_id}/feedback", json={**_feedback(p[2:]), "vote": "neutral"})
    assert off.status_code == 422 and "not on the scale" in off.json()["error"]["message"]
    wrong = ian.post(f"/api/v1/loops/{crew.loop_id}/feedback", json=_feedback(p[:1]))
    assert wrong.status_code == 422 and "not assigned to you" in wrong.json()["error"]["message"]
    assert ian.post(f"/api/v1/loops/{crew.loop_id}/feedback", json=_feedback(p[2:], "not_inclined")).status_code == 201
    lifted = ian.get(f"/api/v1/loops/{crew.loop_id}/feedback").json()
    assert not lifted["sealed"] and [f["person"]["name"] for f in lifted["others"]] == ["Ivy Interviewer"]
    # the debrief
    assert hank.get(f"/api/v1/loops/{crew.loop_id}/debrief").status_code == 409
    assert bea.post(f"/api/v1/loops/{crew.loop_id}/debrief", json={}).status_code == 200
    board = bea.get(f"/api/v1/loops/{crew.loop_id}/debrief").json()
    assert board["split"] is True
    assert ian.post(f"/api/v1/loops/{crew.loop_id}/debrief/vote-changes",
                    json={"vote": "inclined", "reason": "Convinced by Ivy's example"}).status_code == 201
    assert hank.post(f"/api/v1/loops/{crew.loop_id}/debrief/decision",
                     json={"decision": "hire", "reason": "Clear ownership"}).status_code == 200
    vetoed = bea.post(f"/api/v1/loops/{crew.loop_id}/debrief/veto", json={"reason": "Earn Trust not shown"})
    assert vetoed.json()["outcome"] == "no hire (vetoed)"
    votes = hank.get(f"/api/v1/loops/{crew.loop_id}/debrief").json()["votes"]
    assert [(v["original"], v["current"]) for v in votes] == [("inclined", "inclined"), ("not_inclined", "inclined")]


def test_outsiders_never_see_a_loop_or_a_candidate(ws: Workspace, crew: Crew) -> None:
    carl = _client(ws, crew)("insider")
    assert carl.get("/api/v1/loops").json() == []
    for path in (f"/api/v1/loops/{crew.loop_id}", f"/api/v1/loops/{crew.loop_id}/feedback",
                 f"/api/v1/hiring/candidates/{crew.candidate_id}",
                 f"/api/v1/hiring/candidates/{crew.candidate_id}/resume"):
        assert carl.get(path).status_code == 404, path
    assert carl.get("/api/v1/hiring/candidates").json() == []


def test_every_candidate_read_is_audited(ws: Workspace, crew: Crew) -> None:
    rita = _client(ws, crew)("recruiter")

    def reads() -> int:
        with ws.session() as s:
            return s.scalar(select(func.count()).select_from(AuditEvent).where(
                AuditEvent.entity_type == "hiring_candidate", AuditEvent.action != "create")) or 0

    before = reads()
    rita.get(f"/api/v1/hiring/candidates/{crew.candidate_id}")
    rita.get(f"/api/v1/hiring/candidates/{crew.candidate_id}/resume")
    rita.get("/api/v1/hiring/candidates")
    assert reads() == before + 3


def test_a_resume_that_is_neither_pdf_nor_text_is_refused_over_the_api(ws: Workspace, crew: Crew) -> None:
    rita = _client(ws, crew)("recruiter")
    sent = rita.put(f"/api/v1/hiring/candidates/{crew.candidate_id}/resume?filename=cv.docx",
                    content=b"PK\x03\x04\xff\xfe\x00", headers={"Content-Type": "application/octet-stream"})
    assert sent.status_code == 422 and "cv.docx is neither a PDF nor UTF-8 text" in sent.json()["error"]["message"]
    assert rita.get(f"/api/v1/hiring/candidates/{crew.candidate_id}").json()["resume"]["name"] == "jo.txt"


def test_oversized_notes_are_refused_by_field_and_nothing_changes(ws: Workspace, crew: Crew) -> None:
    """Each STAR part is at most 5,000 characters and the reason 500: the autosave runs the
    writing checker on every save, so its input is bounded where it comes in."""
    as_ = _client(ws, crew)
    rita, ivy = as_("recruiter"), as_("ivy")
    p = list(crew.principle_ids)
    ian_id = crew.person(ws, "ian")
    rita.put(f"/api/v1/loops/{crew.loop_id}/interviewers/{ian_id}", json={"principle_ids": [p[2]]})
    assert rita.post(f"/api/v1/loops/{crew.loop_id}/transition", json={"state": "interviewing"}).status_code == 200
    url = f"/api/v1/loops/{crew.loop_id}/feedback/draft"
    assert ivy.put(url, json={"notes": {str(p[0]): {"situation": "First"}}}).status_code == 200
    long = ivy.put(url, json={"notes": {str(p[0]): {"situation": "a, " * 1700}}})
    assert long.status_code == 422 and "situation" in long.text and "at most 5,000 characters" in long.text
    reason = ivy.put(url, json={"notes": {}, "reason": "x" * 501})
    assert reason.status_code == 422 and "reason" in reason.text
    kept = ivy.get(f"/api/v1/loops/{crew.loop_id}/feedback").json()
    assert [m["notes"][str(p[0])]["situation"] for m in kept["mine"]] == ["First"]
