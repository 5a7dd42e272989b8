"""Sealed feedback, the interviewer kit and the debrief (library API)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from dayone.auth.permissions import CLI_ACTOR
from dayone.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from dayone.hiring import debrief, feedback, loops, service
from dayone.hiring.models import Feedback
from dayone.hiring.schemas import DecisionIn, FeedbackIn, VetoIn, VoteChangeIn
from dayone.mechanisms.models import Mechanism, Occurrence
from dayone.workspace import Workspace
from tests.hiring.conftest import Crew

STAR = {"situation": "Billing outage at Acme", "task": "Restore invoicing", "action": "She rolled back the release",
        "result": "Invoices went out the same day"}


def _fb(crew: Crew, who: str, vote: str | None = "inclined", **more: Any) -> FeedbackIn:
    mine = {"ivy": crew.principle_ids[:2], "ian": crew.principle_ids[2:]}[who]
    return FeedbackIn.model_validate({"notes": {p: STAR for p in mine}, "vote": vote, "reason": "Owned the outage.",
                                      **more})


@pytest.fixture
def interviewing(ws: Workspace, crew: Crew) -> Crew:
    with ws.session() as s:
        loops.move(s, CLI_ACTOR, crew.loop_id, "interviewing")
    return crew


def _submit(ws: Workspace, crew: Crew, who: str, vote: str = "inclined") -> None:
    actor = crew.actor(ws, who)
    with ws.session() as s:
        feedback.submit(s, actor, crew.loop_id, _fb(crew, who, vote))


def test_the_kit_holds_the_resume_link_principles_questions_and_draft(ws: Workspace, interviewing: Crew) -> None:
    actor = interviewing.actor(ws, "ivy")
    with ws.session() as s:
        feedback.save_draft(s, actor, interviewing.loop_id, _fb(interviewing, "ivy", vote=None))
    with ws.session() as s:
        kit = feedback.kit(s, actor, interviewing.loop_id)
        assert [k.principle.name for k in kit.principles] == ["Customer Obsession", "Dive Deep"]
        assert kit.principles[0].questions == ["Tell me about Customer Obsession."]
        assert kit.draft is not None and kit.draft.vote is None and kit.submitted is None
        assert kit.loop.candidate.resume_name == "jo.txt"
        with pytest.raises(PermissionDenied):
            feedback.kit(s, interviewing.actor(ws, "manager"), interviewing.loop_id)


def test_the_seal_lifts_for_each_person_only_when_their_own_feedback_is_in(ws: Workspace, interviewing: Crew) -> None:
    crew = interviewing
    _submit(ws, crew, "ivy")
    with ws.session() as s:
        ian = feedback.view(s, crew.actor(ws, "ian"), crew.loop_id)
        assert ian.sealed and ian.others == [] and ian.submitted_by == ["Ivy Interviewer"]
        for who in ("manager", "raiser"):
            assert feedback.view(s, crew.actor(ws, who), crew.loop_id).sealed
        assert not feedback.view(s, crew.actor(ws, "recruiter"), crew.loop_id).sealed
        assert [f.person.name for f in feedback.view(s, CLI_ACTOR, crew.loop_id).others] == ["Ivy Interviewer"]
        ivy = feedback.view(s, crew.actor(ws, "ivy"), crew.loop_id)
        assert not ivy.sealed and ivy.others == []  # nobody else's is in yet
        with pytest.raises(NotFound):
            feedback.view(s, crew.actor(ws, "insider"), crew.loop_id)
    _submit(ws, crew, "ian", "not_inclined")
    with ws.session() as s:
        assert [f.person.name for f in feedback.view(s, crew.actor(ws, "ivy"), crew.loop_id).others] == [
            "Ian Interviewer"]
        assert feedback.view(s, crew.actor(ws, "manager"), crew.loop_id).sealed  # until the debrief opens


@pytest.mark.parametrize(("change", "says"), [
    ({"vote": "neutral"}, "not on the scale"),
    ({"vote": "maybe"}, "there is no neutral"),
    ({"notes": {999: STAR}}, "not assigned to you"),
    ({"reason": "two\nlines"}, "one line"),
    ({"reason": ""}, "say in one line"),
])
def test_bad_feedback_is_refused_clearly_and_changes_nothing(ws: Workspace, interviewing: Crew, change: dict[str, Any],
                                                             says: str) -> None:
    crew = interviewing
    data = _fb(crew, "ian").model_dump()
    data.update(change)
    actor = crew.actor(ws, "ian")
    with ws.session() as s, pytest.raises(InvalidInput, match=says):
        feedback.submit(s, actor, crew.loop_id, FeedbackIn.model_validate(data))
    with ws.session() as s:
        assert s.scalar(select(func.count()).select_from(Feedback)) == 0


def test_a_principle_assigned_to_someone_else_is_named_in_the_error(ws: Workspace, interviewing: Crew) -> None:
    actor = interviewing.actor(ws, "ian")
    data = FeedbackIn.model_validate({"notes": {interviewing.principle_ids[0]: STAR}})
    with ws.session() as s, pytest.raises(InvalidInput, match=r"Customer Obsession.*yours: Earn Trust"):
        feedback.save_draft(s, actor, interviewing.loop_id, data)


def test_submitted_feedback_is_immutable_and_a_correction_is_a_visible_revision(ws: Workspace,
                                                                                interviewing: Crew) -> None:
    crew = interviewing
    _submit(ws, crew, "ian")
    actor = crew.actor(ws, "ian")
    with ws.session() as s, pytest.raises(InvalidInput, match="correction_reason"):
        feedback.submit(s, actor, crew.loop_id, _fb(crew, "ian", "not_inclined"))
    with ws.session() as s:
        feedback.submit(s, actor, crew.loop_id, _fb(crew, "ian", "not_inclined", correction_reason="Misread my notes."))
    with ws.session() as s:
        held = feedback.revisions(s, crew.loop_id, crew.person(ws, "ian"))
        assert [(f.revision, f.vote) for f in held] == [(1, "inclined"), (2, "not_inclined")]
        assert held[1].correction_reason == "Misread my notes." and held[0].submitted_at is not None
        assert [f.revision for f in feedback.view(s, CLI_ACTOR, crew.loop_id).others] == [1, 2]


def test_a_drafting_interviewer_outside_writing_states_is_refused(ws: Workspace, crew: Crew) -> None:
    actor = crew.actor(ws, "ivy")
    with ws.session() as s, pytest.raises(Conflict, match="planning"):
        feedback.save_draft(s, actor, crew.loop_id, _fb(crew, "ivy"))


def test_the_debrief_opens_when_all_is_in_or_by_the_bar_raisers_override(ws: Workspace, interviewing: Crew) -> None:
    crew = interviewing
    _submit(ws, crew, "ivy")
    manager, raiser = crew.actor(ws, "manager"), crew.actor(ws, "raiser")
    with ws.session() as s:
        with pytest.raises(Conflict, match="still waiting on Ian Interviewer"):
            debrief.open_debrief(s, raiser, crew.loop_id)
        with pytest.raises(PermissionDenied, match="Bar Raiser"):
            debrief.open_debrief(s, manager, crew.loop_id, "In a hurry")
        debrief.open_debrief(s, raiser, crew.loop_id, "Ian is on leave for two weeks")
    with ws.session() as s:
        assert loops.get(s, CLI_ACTOR, crew.loop_id).override_reason == "Ian is on leave for two weeks"
        with pytest.raises(PermissionDenied, match="Submit your own feedback"):
            debrief.board(s, crew.actor(ws, "ian"), crew.loop_id)
        assert not feedback.view(s, manager, crew.loop_id).sealed  # the manager does not interview


def test_a_debrief_with_a_vote_change_a_decision_and_a_veto(ws: Workspace, interviewing: Crew) -> None:
    crew = interviewing
    _submit(ws, crew, "ivy", "strongly_inclined")
    _submit(ws, crew, "ian", "not_inclined")
    manager, raiser, ian = crew.actor(ws, "manager"), crew.actor(ws, "raiser"), crew.actor(ws, "ian")
    with ws.session() as s:
        debrief.open_debrief(s, raiser, crew.loop_id)
    with ws.session() as s:
        board = debrief.board(s, raiser, crew.loop_id)
        assert board.split and [v.current.value for v in board.votes] == ["strongly_inclined", "not_inclined"]
        assert [(p.name, [x.person for x in said]) for p, said in board.principles] == [
            ("Customer Obsession", ["Ivy Interviewer"]), ("Dive Deep", ["Ivy Interviewer"]),
            ("Earn Trust", ["Ian Interviewer"])]
        with pytest.raises(InvalidInput, match="not on the scale"):
            debrief.change_vote(s, ian, crew.loop_id, VoteChangeIn(vote="neutral", reason="x"))
        debrief.change_vote(s, ian, crew.loop_id, VoteChangeIn(vote="inclined", reason="Ivy's example convinced me"))
        with pytest.raises(PermissionDenied):
            debrief.decide(s, raiser, crew.loop_id, DecisionIn(decision="hire", reason="x"))
    with ws.session() as s:
        board = debrief.board(s, manager, crew.loop_id)
        ian_line = next(v for v in board.votes if v.person == "Ian Interviewer")
        assert ian_line.original.value == "not_inclined" and ian_line.current.value == "inclined"
        assert not board.split
        debrief.decide(s, manager, crew.loop_id, DecisionIn(decision="hire", reason="Strong ownership"))
    with ws.session() as s:
        with pytest.raises(PermissionDenied):
            debrief.veto(s, manager, crew.loop_id, VetoIn(reason="x"))
        loop = debrief.veto(s, raiser, crew.loop_id, VetoIn(reason="No evidence of Earn Trust beyond one story"))
        assert loop.outcome == "no_hire" and debrief.summary(loop) == "no hire (vetoed)"
    with ws.session() as s:
        held = s.scalars(select(Occurrence).join(Mechanism).where(Mechanism.builtin == "hiring-debrief")).all()
        assert [o.output for o in held] == ["Debrief of Loop 1 (Account Executive): hire".replace(
            "Loop 1", f"Loop {crew.loop_id}")]
        assert "Jo" not in held[0].output  # the registry is read by everyone: no candidate name


def test_feedback_findings_come_from_the_writing_checker() -> None:
    from dayone.hiring.schemas import StarNotes

    found = service.feedback_findings([StarNotes("Dive Deep", "An outage.", "", "", "")], "Seemed smart.")
    assert {"feedback-star-missing", "feedback-opinion"} <= {f.code for f in found}
