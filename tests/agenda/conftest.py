"""A workspace where something waits on Max (a member) in every mechanism, and something
that must not reach him: a private draft's review he is not invited to, others' decisions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from dayone.auth.models import Role
from dayone.auth.permissions import CLI_ACTOR, Actor
from dayone.decisions import service as decisions
from dayone.decisions.schemas import DecisionCreate, EscalationIn
from dayone.demo import metrics as demo_metrics
from dayone.documents import reviews
from dayone.documents import service as documents
from dayone.documents.models import DocumentType
from dayone.documents.schemas import DocumentCreate
from dayone.mechanisms import service as mechanisms
from dayone.org.models import Person
from dayone.wbr import service as wbr
from dayone.workspace import Workspace
from tests.conftest import People

WEEK = "2026-11-21"  # the demo data's last complete week: support_contacts is flagged in it
CHEAP = {"undo_cost": "cheap", "undo_time": "days", "customers": "few", "legal_or_safety": "no"}


@dataclass(frozen=True)
class Week:
    """The ids of what was made, by what it is."""

    approve: int
    escalated: int
    own_proposed: int
    revisit_soon: int
    revisit_later: int
    invited_review: int
    hidden_review: int
    mechanism: int
    private_title: str


def _actor(ws: Workspace, email: str, role: Role = Role.MEMBER) -> Actor:
    with ws.session() as s:
        person = s.query(Person).filter_by(email=email).one()
        return Actor(user_id=None, person_id=person.id, role=role, label=email)


@pytest.fixture
def week(ws: Workspace, people: People) -> Week:
    max_, otto, ada = _actor(ws, people.member), _actor(ws, people.outsider), _actor(ws, people.admin, Role.ADMIN)
    now = datetime.now(UTC)
    path = demo_metrics.write(ws.settings.home / "data" / "wbr", date(2026, 11, 21), domain="example.com")
    owner = re.search(r"support_contacts: \{[^}]*owner: ([^,}]+)", path.read_text()).group(1)  # type: ignore[union-attr]
    path.write_text(path.read_text().replace(f"owner: {owner}", "owner: max@example.com"))
    with ws.session() as s:
        wbr.use(s, CLI_ACTOR, path)
        approve = decisions.create(s, otto, DecisionCreate.model_validate(
            {"title": "Otto's pricing test", "type_answers": CHEAP, "approver_ids": [max_.person_id]})).id
        escalated = decisions.create(s, otto, DecisionCreate.model_validate(
            {"title": "Otto's stuck call", "type_answers": CHEAP})).id
        decisions.escalate(s, otto, escalated, EscalationIn(to_person_id=max_.person_id or 0, reason="Decide it."))
        own = decisions.create(s, max_, DecisionCreate.model_validate({"title": "Max's two-way door",
                                                                       "type_answers": CHEAP}))
        own.created_at = now - timedelta(days=10)
        soon = decisions.create(s, max_, DecisionCreate.model_validate(
            {"title": "Max's revisit soon", "type_answers": CHEAP, "decide_now": True,
             "revisit_on": (now + timedelta(days=3)).date().isoformat()})).id
        later = decisions.create(s, max_, DecisionCreate.model_validate(
            {"title": "Max's revisit later", "type_answers": CHEAP, "decide_now": True,
             "revisit_on": (now + timedelta(days=40)).date().isoformat()})).id
        # a private draft of Otto's, reviewed with Max invited, and another Max never sees
        shared = documents.create(s, otto, DocumentCreate(title="Otto's draft for Max", doc_type=DocumentType.PRFAQ))
        invited = reviews.schedule(s, otto, shared.id, invitee_ids=[max_.person_id or 0],
                                   scheduled_for=now + timedelta(days=2)).id
        secret = documents.create(s, otto, DocumentCreate(title="Otto's secret acquisition",
                                                          doc_type=DocumentType.NARRATIVE))
        hidden = reviews.schedule(s, otto, secret.id, invitee_ids=[ada.person_id or 0],
                                  scheduled_for=now + timedelta(days=1)).id
        mechanism = mechanisms.create(s, max_, name="Max's ops review", cadence="weekly", tool="other",
                                      description="Incidents.", started_on=now.date() - timedelta(weeks=4)).id
    return Week(approve, escalated, own.id, soon, later, invited, hidden, mechanism, "Otto's secret acquisition")
