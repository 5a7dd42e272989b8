"""Records to search: documents in every state of sharing, and the rest of the workspace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from dayone.auth import service as accounts
from dayone.auth.models import Role
from dayone.auth.permissions import CLI_ACTOR, Actor
from dayone.documents import reviews
from dayone.documents import service as docs
from dayone.documents.models import DocumentType
from dayone.documents.schemas import DocumentCreate, DocumentUpdate
from dayone.workspace import Workspace
from tests.conftest import People


@dataclass(frozen=True)
class Corpus:
    """Document ids, each holding the word ``zephyr`` (and a word of its own)."""

    private: int  # Max's draft, shared with nobody: only Max reads it
    shared_with_vic: int  # Ada's draft, shared with Vic
    everyone: int  # Ada's document shared with the whole workspace
    reviewed: int  # Ada's draft, Otto invited to its review


def actor_of(ws: Workspace, email: str) -> Actor:
    with ws.session() as session:
        return accounts.actor_for(accounts.get_user_by_email(session, email))


@pytest.fixture
def corpus(ws: Workspace, people: People) -> Corpus:
    ada, maxi, vic, otto = (actor_of(ws, e) for e in (people.admin, people.member, people.viewer,
                                                       people.outsider))

    def write(author: Actor, title: str, body: str) -> int:
        with ws.session() as session:
            return docs.create(session, author, DocumentCreate(title=title, doc_type=DocumentType.NARRATIVE,
                                                               body=body)).id

    private = write(maxi, "Secret zephyr plan", "# Why\n\nThe zephyr acquisition is confidential (quokka).\n")
    shared = write(ada, "Zephyr pricing", "# Pricing\n\nZephyr prices for the wombat tier.\n")
    everyone = write(ada, "Zephyr launch", "# Launch\n\nWe launch zephyr for every customer.\n")
    reviewed = write(ada, "Zephyr review draft", "# Review\n\nZephyr numbers for the numbat review.\n")
    with ws.session() as session:
        docs.share(session, ada, shared, vic.person_id, False)  # type: ignore[arg-type]
        docs.update(session, ada, everyone, DocumentUpdate(shared_with_all=True))
        reviews.schedule(session, ada, reviewed, invitee_ids=[otto.person_id], version=1,
                         scheduled_for=datetime(2027, 3, 3, tzinfo=UTC))
    assert CLI_ACTOR.role is Role.ADMIN
    return Corpus(private, shared, everyone, reviewed)
