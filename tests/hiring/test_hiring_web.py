"""Hiring's pages: the setup with findings, the kit and sealed feedback form (saved as typed),
the debrief with a vote change, decision and veto; bad input shown on the page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from dayone.auth.permissions import CLI_ACTOR
from dayone.hiring import loops
from dayone.web.app import create_app
from dayone.workspace import Workspace
from tests.helpers import csrf_of, sign_in
from tests.hiring.conftest import Crew


def _as(ws: Workspace, crew: Crew, who: str) -> TestClient:
    return sign_in(TestClient(create_app(ws)), getattr(crew, who))


def _star(principles: tuple[int, ...]) -> dict[str, str]:
    return {f"notes-{p}-{part}": f"{part} text on {p}" for p in principles
            for part in ("situation", "task", "action", "result")}


def test_the_hiring_pages_answer_and_show_findings_with_their_fix(ws: Workspace, crew: Crew) -> None:
    rita = _as(ws, crew, "recruiter")
    for path in ("/hiring", "/hiring/principles", "/hiring/roles", f"/hiring/loops/{crew.loop_id}",
                 f"/hiring/candidates/{crew.candidate_id}", f"/hiring/loops/{crew.loop_id}/feedback",
                 f"/hiring/loops/{crew.loop_id}/debrief"):
        assert rita.get(path).status_code == 200, path
    csrf = csrf_of(rita, "/hiring")
    ian = crew.person(ws, "ian")
    answer = rita.post(f"/hiring/loops/{crew.loop_id}/interviewers", data={
        "csrf_token": csrf, "person_id": str(ian), "principle_ids": [str(crew.principle_ids[0])]})
    assert answer.status_code == 200 or answer.status_code == 303
    page = rita.get(f"/hiring/loops/{crew.loop_id}").text
    assert 'data-code="principle-doubled"' in page and "Assign Earn Trust" in page
    refused = rita.post(f"/hiring/loops/{crew.loop_id}/transition", data={"csrf_token": csrf, "state": "interviewing"})
    assert refused.status_code == 422 and "cannot start interviewing" in refused.text


def test_a_resume_upload_that_is_not_pdf_or_text_is_refused_on_the_page(ws: Workspace, crew: Crew) -> None:
    rita = _as(ws, crew, "recruiter")
    csrf = csrf_of(rita, "/hiring")
    sent = rita.post("/hiring/candidates", data={"csrf_token": csrf, "name": "Al"},
                     files={"file": ("cv.docx", b"PK\x03\x04\xff\xfe\x00", "application/octet-stream")})
    assert sent.status_code == 422 and "cv.docx is neither a PDF nor UTF-8 text" in sent.text
    assert "Al" not in rita.get("/hiring").text.split('id="loops"')[1].split("</table>")[0]
    made = rita.post("/hiring/candidates", data={"csrf_token": csrf, "name": "Al"},
                     files={"file": ("cv.txt", b"Al's resume", "text/plain")}, follow_redirects=False)
    assert made.status_code == 303
    assert rita.get(made.headers["location"] + "/resume").content == b"Al's resume"


def test_sealed_feedback_on_the_pages_autosave_and_the_debrief(ws: Workspace, crew: Crew) -> None:
    with ws.session() as s:
        loops.move(s, CLI_ACTOR, crew.loop_id, "interviewing")
    ivy, ian, bea, hank = (_as(ws, crew, w) for w in ("ivy", "ian", "raiser", "manager"))
    url = f"/hiring/loops/{crew.loop_id}"
    kit = ivy.get(f"{url}/feedback").text
    assert "Tell me about Customer Obsession." in kit and 'id="feedback-form"' in kit
    csrf = re.search(r'data-csrf="([^"]+)"', kit).group(1)  # type: ignore[union-attr]
    saved = ivy.post(f"{url}/feedback/draft", json={f"notes-{crew.principle_ids[0]}-situation": "Typed"},
                     headers={"X-CSRF-Token": csrf})
    assert saved.status_code == 200 and saved.json()["revision"] == 1
    assert ivy.post(f"{url}/feedback/draft", json={}, headers={"X-CSRF-Token": "wrong"}).status_code == 403
    assert "Typed" in ivy.get(f"{url}/feedback").text
    wrong = ivy.post(f"{url}/feedback", data={"csrf_token": csrf, "action": "submit", "vote": "neutral",
                                              "reason": "x", **_star(crew.principle_ids[:2])})
    assert wrong.status_code == 422 and "not on the scale" in wrong.text and "situation text on" in wrong.text
    done = ivy.post(f"{url}/feedback", data={"csrf_token": csrf, "action": "submit", "vote": "inclined",
                                             "reason": "Owned it.", **_star(crew.principle_ids[:2])},
                    follow_redirects=False)
    assert done.status_code == 303
    ian_page = ian.get(f"{url}/feedback").text
    assert 'id="sealed-notice"' in ian_page and "Owned it." not in ian_page
    ian_csrf = csrf_of(ian, f"{url}/feedback")
    ian.post(f"{url}/feedback", data={"csrf_token": ian_csrf, "action": "submit", "vote": "not_inclined",
                                      "reason": "Thin on trust.", **_star(crew.principle_ids[2:])})
    after = ian.get(f"{url}/feedback").text
    assert 'id="sealed-notice"' not in after and "Owned it." in after
    bea_csrf = csrf_of(bea, f"{url}/debrief")
    assert bea.post(f"{url}/debrief/open", data={"csrf_token": bea_csrf}, follow_redirects=False).status_code == 303
    board = bea.get(f"{url}/debrief").text
    assert 'id="split-notice"' in board and 'id="veto-form"' in board
    ian.post(f"{url}/debrief/vote-change", data={"csrf_token": ian_csrf, "vote": "inclined", "reason": "Heard Ivy"})
    hank_csrf = csrf_of(hank, f"{url}/debrief")
    decided = hank.post(f"{url}/debrief/decision", data={"csrf_token": hank_csrf, "decision": "hire",
                                                          "reason": "Strong"}, follow_redirects=False)
    assert decided.status_code == 303
    bea.post(f"{url}/debrief/veto", data={"csrf_token": bea_csrf, "reason": "Trust not shown"})
    final = hank.get(f"{url}/debrief").text
    assert "no hire (vetoed)" in final and "not inclined → inclined: Heard Ivy" in final


def test_the_writing_checkers_feedback_findings_show_as_the_interviewer_types(ws: Workspace, crew: Crew) -> None:
    with ws.session() as s:
        loops.move(s, CLI_ACTOR, crew.loop_id, "interviewing")
    ivy = _as(ws, crew, "ivy")
    url = f"/hiring/loops/{crew.loop_id}/feedback"
    csrf = re.search(r'data-csrf="([^"]+)"', ivy.get(url).text).group(1)  # type: ignore[union-attr]
    p = crew.principle_ids[0]
    saved = ivy.post(f"{url}/draft", headers={"X-CSRF-Token": csrf}, json={
        f"notes-{p}-situation": "A launch.", f"notes-{p}-action": "He seemed smart and a great culture fit."})
    codes = {f["code"] for f in saved.json()["findings"]}
    assert "feedback-opinion" in codes and "feedback-star-missing" in codes
    assert 'data-code="feedback-opinion"' in ivy.get(url).text
    from dayone.documents.checking import set_check_settings

    with ws.session() as s:  # the workspace's writing rules apply to feedback too
        set_check_settings(s, CLI_ACTOR, {"feedback-opinion": "off"})
    again = ivy.post(f"{url}/draft", headers={"X-CSRF-Token": csrf}, json={
        f"notes-{p}-action": "He seemed smart and a great culture fit."})
    assert "feedback-opinion" not in {f["code"] for f in again.json()["findings"]}
