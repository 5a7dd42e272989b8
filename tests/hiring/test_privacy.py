"""Candidate data stay with the people who may read them: never in search results, never in
audit summaries (which name record ids, not candidates), never in the mechanisms registry."""

from __future__ import annotations

from sqlalchemy import select

from dayone.audit import AuditEvent
from dayone.auth.permissions import CLI_ACTOR
from dayone.hiring import service
from dayone.hiring.schemas import CandidateIn
from dayone.search import service as search
from dayone.workspace import Workspace
from tests.hiring.conftest import Crew


def test_a_candidate_is_never_found_by_search_nor_named_in_the_audit_log(ws: Workspace, crew: Crew) -> None:
    with ws.session() as s:
        made = service.create_candidate(s, CLI_ACTOR, CandidateIn(name="Zephyrina Quuxley", contact="zq@x.test",
                                                                  source="Quuxcorp"),
                                        ("zq.txt", b"Zephyrina Quuxley, Quuxcorp veteran"))
        service.candidate(s, CLI_ACTOR, made.id)
    with ws.session() as s:  # the index works: the people of the loop are found
        assert search.search(s, CLI_ACTOR, "Hank Manager").total >= 1
    for who in (CLI_ACTOR, crew.actor(ws, "recruiter"), crew.actor(ws, "ivy")):
        with ws.session() as s:
            for words in ("Zephyrina", "Quuxley", "Quuxcorp", "Jo Candidate"):
                assert search.search(s, who, words).total == 0, words
    with ws.session() as s:
        summaries = [e.summary + str(e.before or "") + str(e.after or "") for e in s.scalars(select(AuditEvent))]
        assert not [line for line in summaries if "Zephyrina" in line or "Jo Candidate" in line]
