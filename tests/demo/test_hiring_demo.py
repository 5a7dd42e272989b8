"""The demo company's hiring: loops in every state, a pool of trained Bar Raisers, a planning loop
with findings to fix, a vote change and a veto — created once, and each loop's debrief recorded."""

from __future__ import annotations

from sqlalchemy import func, select

from dayone.auth.permissions import CLI_ACTOR
from dayone.demo.company import ensure_demo
from dayone.hiring import calibration, debrief, loops, service
from dayone.hiring.models import Loop, VoteChange
from dayone.mechanisms.models import Mechanism, Occurrence
from dayone.workspace import Workspace


def test_the_demo_holds_loops_in_every_state_and_one_veto(ws: Workspace) -> None:
    ensure_demo(ws)
    ensure_demo(ws)  # once
    with ws.session() as session:
        found = list(session.scalars(select(Loop).order_by(Loop.id)))
        assert len(found) == 9
        assert {loop.state for loop in found} == {"planning", "interviewing", "awaiting_feedback", "debrief",
                                                  "decided"}
        assert len(service.bar_raisers(session)) == 4
        planning = next(loop for loop in found if loop.state == "planning")
        assert {f.code for f in loops.findings(session, planning)} == {"principle-not-covered",
                                                                      "bar-raiser-in-chain"}
        assert all(not loops.errors(session, loop) for loop in found if loop.state != "planning")
        assert [debrief.summary(loop) for loop in found if loop.state == "decided"] == [
            "hire", "no hire (vetoed)", "no hire", "hire", "no hire"]
        assert session.scalar(select(func.count()).select_from(VoteChange)) == 2
        held = session.scalar(select(func.count()).select_from(Occurrence).join(Mechanism)
                              .where(Mechanism.builtin == "hiring-debrief"))
        assert held == 5
        maya = [loop.id for loop in loops.visible(session, CLI_ACTOR) if any(
            i.person.name == "Maya Cohen" for i in loop.interviewers)]
        assert len(maya) == 3  # the demo member interviews: a sealed loop, an open debrief, a decided loop
        rows = {r.name: r for r in calibration.compute(session)}  # enough history for the charts
        assert sum(r.lone_dissents for r in rows.values()) == 3
        assert sum(r.vote_changes for r in rows.values()) == 2 and sum(r.vetoes for r in rows.values()) == 1
        assert sum(r.late for r in rows.values()) == 2 and rows["Maya Cohen"].disagreed == 1
        assert len([r for r in rows.values() if r.raised]) == 3
