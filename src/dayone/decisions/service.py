"""The rules of the decision log.

A Type 2 decision is decided by its owner at once. A Type 1 decision needs a linked
narrative or PR/FAQ that has been through a review with a recorded outcome, and the
sign-off of every named approver, before it is decided. Anyone with a say records
a position: agree, or disagree with their view; and whether they commit.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from dayone import audit
from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require, require_role
from dayone.db.base import utcnow
from dayone.decisions import doors
from dayone.decisions.models import (
    Decision,
    DecisionApprover,
    DecisionLink,
    DecisionPosition,
    DecisionStatus,
    DecisionType,
    DecisionVersion,
    Escalation,
    MetricReading,
    Revisit,
)
from dayone.decisions.schemas import DecisionCreate, DecisionEdit, EscalationIn, PositionIn, RevisitIn
from dayone.documents.models import Document, DocumentType, Review
from dayone.errors import Conflict, InvalidInput, NotFound
from dayone.org.fields import clean_text
from dayone.org.models import Person

LOADS = (selectinload(Decision.links), selectinload(Decision.approvers), selectinload(Decision.positions),
         selectinload(Decision.escalations), selectinload(Decision.revisits))
COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def get(session: Session, decision_id: int) -> Decision:
    found = session.get(Decision, decision_id, options=list(LOADS))
    if found is None:
        raise NotFound(f"No decision with id {decision_id}.")
    if found.archived_at is not None:
        from dayone.db.archivable import archived_error

        raise archived_error("decision", found.id, found.title, found, "decisions")
    return found


def readable_by(session: Session, actor: Actor) -> Callable[[Document], bool]:
    """Whether the actor may see a linked document (its title stays hidden otherwise)."""
    from dayone.documents import service as documents

    return lambda doc: documents.can_read(actor, doc, session)


def list_all(session: Session) -> list[Decision]:
    """The live decisions, newest first (archived ones are left out)."""
    query = select(Decision).options(*LOADS).where(Decision.archived_at.is_(None))
    return list(session.scalars(query.order_by(Decision.created_at.desc(), Decision.id.desc())))


def _person(session: Session, person_id: int, field: str) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise InvalidInput(f"{field}: no person with id {person_id}.", field=field)
    return person


def _is_owner(actor: Actor, decision: Decision) -> bool:
    return actor.person_id == decision.owner_id or (actor.user_id is None and actor.person_id is None)


MAX_ID = 2**31 - 1  # the largest id the databases store


def _require_readable_document(session: Session, actor: Actor, document_id: int | None) -> None:
    """A decision links only documents its recorder may read. A missing id, an id out of
    range and someone else's private draft get the same answer, so links cannot be used to
    learn which drafts exist."""
    from dayone.documents import service as documents

    if document_id is None:
        raise InvalidInput("links: a document link needs a document_id.", field="links")
    try:
        if not 0 < document_id <= MAX_ID:
            raise NotFound("out of range")
        documents.get(session, actor, document_id)
    except NotFound:
        raise InvalidInput(f"links: no such document you can read (id {document_id}).",
                           field="links") from None


def create(session: Session, actor: Actor, data: DecisionCreate) -> Decision:
    require_role(actor, Role.MEMBER, "record decisions")
    proposal = doors.propose(data.type_answers)
    chosen = data.decision_type or proposal.proposed
    justification = clean_text("type_justification", data.type_justification, max_length=5000)
    if chosen is not proposal.proposed and not justification:
        raise InvalidInput(
            f"type_justification: the questions propose {proposal.proposed.value} "
            f"({'; '.join(proposal.reasons)}); say why it is {chosen.value} to override it.",
            field="type_justification")
    owner_id = data.owner_id or actor.person_id
    if owner_id is None:
        raise InvalidInput("owner_id: name the decision's owner.", field="owner_id")
    _person(session, owner_id, "owner_id")
    decision = Decision(
        title=clean_text("title", data.title, max_length=200, required=True),
        context=clean_text("context", data.context, max_length=20000),
        options=[clean_text("options", o, max_length=500) for o in data.options if o.strip()],
        choice=clean_text("choice", data.choice, max_length=5000),
        reasoning=clean_text("reasoning", data.reasoning, max_length=20000),
        consequences=clean_text("consequences", data.consequences, max_length=20000),
        owner_id=owner_id, info_percent=data.info_percent, decision_type=chosen.value,
        proposed_type=proposal.proposed.value, type_answers=doors.validate(data.type_answers),
        type_justification=justification, revisit_on=data.revisit_on)
    if data.revisit_condition:
        decision.revisit_metric = data.revisit_condition.metric.strip()
        decision.revisit_operator = data.revisit_condition.operator
        decision.revisit_threshold = data.revisit_condition.threshold
    for person_id in dict.fromkeys(data.approver_ids):
        _person(session, person_id, "approver_ids")
        decision.approvers.append(DecisionApprover(person_id=person_id))
    for link in data.links:
        if link.kind == "document":
            _require_readable_document(session, actor, link.document_id)
        elif link.document_id is not None:
            raise InvalidInput(f"links: a {link.kind} link takes a target, not a document_id; link a "
                               "document with kind: document.", field="links")
        elif not link.target.strip():
            raise InvalidInput(f"links: a {link.kind} link needs a target.", field="links")
        decision.links.append(DecisionLink(kind=link.kind, document_id=link.document_id,
                                           target=link.target.strip()))
    session.add(decision)
    session.flush()
    audit.record(session, actor, "create", "decision", decision.id,
                 f"{chosen.value} decision {decision.title!r} proposed")
    if data.decide_now:
        decide(session, actor, decision.id)
    return decision


EDITABLE = ("title", "context", "options", "choice", "reasoning", "consequences", "info_percent", "revisit_on")
_LIMITS = {"title": 200, "context": 20000, "choice": 5000, "reasoning": 20000, "consequences": 20000}


def _text_of(decision: Decision) -> dict[str, Any]:
    values = {name: getattr(decision, name) for name in EDITABLE}
    values["options"] = list(values["options"] or [])
    values["revisit_on"] = decision.revisit_on.isoformat() if decision.revisit_on else None
    return values


def edit(session: Session, actor: Actor, decision_id: int, data: DecisionEdit) -> Decision:
    """Change a proposed decision's text (its owner). Every edit is kept as a version; an edit
    after some approvers signed off clears their sign-off, since they approved other words."""
    require_role(actor, Role.MEMBER, "edit decisions")
    decision = get(session, decision_id)
    require(_is_owner(actor, decision), f"edit {decision.title!r}: only its owner may")
    if decision.status != DecisionStatus.PROPOSED.value:
        raise Conflict(f"Only a proposed decision can be edited; this one is {decision.status}. Record a "
                       "revisit, or a new decision that supersedes it.")
    if data.version != decision.version:
        raise Conflict(f"This decision was changed since you loaded it (you edited version {data.version}, it is "
                       f"now at version {decision.version}). Reload it and apply your edit again.",
                       details={"current_version": decision.version, "your_version": data.version})
    before = _text_of(decision)
    sent = data.model_fields_set
    for name, limit in _LIMITS.items():
        if name in sent and getattr(data, name) is not None:
            setattr(decision, name, clean_text(name, getattr(data, name), max_length=limit,
                                               required=name == "title"))
    if "options" in sent:
        decision.options = [clean_text("options", o, max_length=500) for o in data.options or [] if o.strip()]
    if "info_percent" in sent:
        decision.info_percent = data.info_percent
    if "revisit_on" in sent:
        decision.revisit_on = data.revisit_on
    after = _text_of(decision)
    if after == before:
        return decision
    held = session.scalar(select(func.count()).select_from(DecisionVersion)
                          .where(DecisionVersion.decision_id == decision.id)) or 0
    if held == 0:  # the first edit keeps the text as proposed, so the history starts at the start
        session.add(DecisionVersion(decision_id=decision.id, number=1, fields=before, edited_by=decision.owner.email,
                                    note="as proposed", created_at=decision.created_at))
        held = 1
    session.add(DecisionVersion(decision_id=decision.id, number=held + 1, fields=after, edited_by=actor.label,
                                note=clean_text("note", data.note, max_length=500)))
    cleared = [a.person.name for a in decision.approvers if a.approved_at is not None]
    for approver in decision.approvers:
        approver.approved_at = None
    changed = [name for name in EDITABLE if before[name] != after[name]]
    audit.record(session, actor, "edit", "decision", decision.id,
                 f"edited {', '.join(changed)} (version {held + 1})"
                 + (f"; sign-off cleared for {', '.join(cleared)}" if cleared else ""),
                 before={k: before[k] for k in changed}, after={k: after[k] for k in changed})
    session.flush()
    return decision


def versions(session: Session, decision_id: int) -> list[DecisionVersion]:
    """The decision's versions, newest first (none until its first edit)."""
    get(session, decision_id)
    return list(session.scalars(select(DecisionVersion).where(DecisionVersion.decision_id == decision_id)
                                .order_by(DecisionVersion.number.desc())))


def missing_for_type1(session: Session, decision: Decision) -> list[str]:
    """What a one-way door still needs before it can be decided."""
    missing = []
    docs = [link.document for link in decision.links if link.document is not None
            and link.document.doc_type in (DocumentType.NARRATIVE.value, DocumentType.PRFAQ.value)]
    if not docs:
        missing.append("a linked narrative or PR/FAQ")
    else:
        reviewed = session.scalar(select(Review.id).where(Review.document_id.in_([d.id for d in docs]),
                                                          Review.outcome.is_not(None)).limit(1))
        if reviewed is None:
            missing.append("a review of the linked document with a recorded outcome")
    if not decision.approvers:
        missing.append("named approvers")
    pending = [a.person.name for a in decision.approvers if a.approved_at is None]
    if pending:
        missing.append("sign-off from " + ", ".join(pending))
    return missing


def decide(session: Session, actor: Actor, decision_id: int) -> Decision:
    require_role(actor, Role.MEMBER, "decide")
    decision = get(session, decision_id)
    require(_is_owner(actor, decision), f"decide {decision.title!r}: only its owner may")
    if decision.status != DecisionStatus.PROPOSED.value:
        raise Conflict(f"This decision is already {decision.status}.")
    if decision.decision_type == DecisionType.ONE_WAY.value:
        missing = missing_for_type1(session, decision)
        if missing:
            raise Conflict("A one-way door needs " + "; ".join(missing) + " before it is decided.",
                           details={"missing": missing})
    decision.status = DecisionStatus.DECIDED.value
    decision.decided_at = utcnow()
    audit.record(session, actor, "decide", "decision", decision.id, f"decided {decision.title!r}")
    return decision


def approve(session: Session, actor: Actor, decision_id: int) -> Decision:
    require_role(actor, Role.MEMBER, "approve decisions")
    decision = get(session, decision_id)
    mine = next((a for a in decision.approvers if a.person_id == actor.person_id), None)
    require(mine is not None, f"approve {decision.title!r}: you are not one of its approvers")
    assert mine is not None
    if mine.approved_at is None:
        mine.approved_at = utcnow()
        audit.record(session, actor, "approve", "decision", decision.id, f"approved {decision.title!r}")
    return decision


def record_position(session: Session, actor: Actor, decision_id: int, data: PositionIn) -> Decision:
    require_role(actor, Role.MEMBER, "record a position")
    require(actor.person_id is not None, "record a position without a person record")
    decision = get(session, decision_id)
    view = clean_text("view", data.view, max_length=5000)
    if data.stance == "disagree" and not view:
        raise InvalidInput("view: say what you disagree with; the record keeps your view.", field="view")
    existing = next((p for p in decision.positions if p.person_id == actor.person_id), None)
    if existing is None:
        existing = DecisionPosition(person_id=actor.person_id, stance=data.stance)
        decision.positions.append(existing)
    existing.stance, existing.view, existing.committed = data.stance, view, data.commit
    existing.recorded_at = utcnow()
    summary = "agrees" if data.stance == "agree" else "disagrees"
    audit.record(session, actor, "position", "decision", decision.id,
                 f"{actor.label} {summary}" + (" and commits" if data.commit else ""))
    session.flush()
    return decision


def escalate(session: Session, actor: Actor, decision_id: int, data: EscalationIn) -> Decision:
    require_role(actor, Role.MEMBER, "escalate")
    decision = get(session, decision_id)
    target = _person(session, data.to_person_id, "to_person_id")
    decision.escalations.append(Escalation(to_person_id=target.id, raised_by_id=actor.person_id,
                                           reason=clean_text("reason", data.reason, max_length=5000,
                                                             required=True)))
    audit.record(session, actor, "escalate", "decision", decision.id, f"escalated to {target.name}")
    session.flush()
    return decision


def revisit(session: Session, actor: Actor, decision_id: int, data: RevisitIn) -> Decision:
    require_role(actor, Role.MEMBER, "revisit decisions")
    decision = get(session, decision_id)
    require(_is_owner(actor, decision), "revisit: only the owner may")
    if decision.status not in (DecisionStatus.DECIDED.value, DecisionStatus.REVISITED.value):
        raise Conflict(f"Only a decided decision can be revisited (this one is {decision.status}).")
    decision.revisits.append(Revisit(outcome=data.outcome, notes=clean_text("notes", data.notes,
                                                                             max_length=5000),
                                     by_id=actor.person_id))
    decision.status = (DecisionStatus.REVERSED if data.outcome == "reversed" else DecisionStatus.REVISITED).value
    decision.revisit_on = None
    audit.record(session, actor, "revisit", "decision", decision.id, f"revisited: {data.outcome}")
    from dayone.mechanisms.service import record_builtin

    record_builtin(session, "decision-revisit", f"revisited {decision.title!r}: {data.outcome}",
                   link=f"/decisions/{decision.id}")
    session.flush()
    return decision


def supersede(session: Session, actor: Actor, decision_id: int, by_id: int) -> Decision:
    require_role(actor, Role.MEMBER, "supersede decisions")
    decision = get(session, decision_id)
    require(_is_owner(actor, decision), "supersede: only the owner may")
    if by_id == decision_id:
        raise InvalidInput("by_decision_id: a decision cannot supersede itself.", field="by_decision_id")
    get(session, by_id)
    decision.status = DecisionStatus.SUPERSEDED.value
    decision.superseded_by_id = by_id
    audit.record(session, actor, "supersede", "decision", decision.id, f"superseded by decision {by_id}")
    return decision


def record_reading(session: Session, actor: Actor, metric: str, value: float) -> MetricReading:
    require_role(actor, Role.MEMBER, "record metric readings")
    name = clean_text("metric", metric, max_length=200, required=True)
    reading = session.get(MetricReading, name) or MetricReading(metric=name, value=value)
    reading.value, reading.observed_at = value, utcnow()
    session.add(reading)
    return reading


def revisit_reading(session: Session, decision: Decision,
                    readings: dict[str, MetricReading] | None = None) -> dict[str, Any] | None:
    """The value a decision's metric condition is judged on: the WBR's own (its latest complete
    week, or the period named as ``metric:mtd``), else the latest reading posted to the API.
    ``{"value", "source", "read_at", …}``, or None when neither knows the metric."""
    from dayone.wbr import service as wbr

    if not decision.revisit_metric:
        return None
    found = wbr.metric_reading(session, decision.revisit_metric)
    if found is not None and (found["value"] is not None or found.get("reason", "").startswith("no value")):
        return {**found, "source": f"the WBR, week ending {found['week_ending']}"
                + ("" if found["period"] == "week" else f" ({found['period'].upper()})")}
    posted = (readings if readings is not None else {}).get(decision.revisit_metric) \
        or session.get(MetricReading, decision.revisit_metric)
    if posted is not None:
        return {"value": posted.value, "source": "a reading posted to the API",
                "read_at": posted.observed_at.isoformat(), "reason": None}
    return found  # the WBR's failure, said, or None


def due_revisits(session: Session, today: date, *, owner_id: int | None = None) -> list[tuple[Decision, str]]:
    """Decided decisions whose revisit date has come or whose metric condition now holds (the
    WBR's value of the metric, else the latest reading posted); only ``owner_id``'s when given."""
    readings = {r.metric: r for r in session.scalars(select(MetricReading))}
    due = []
    for decision in list_all(session):
        if owner_id is not None and decision.owner_id != owner_id:
            continue
        if decision.status not in (DecisionStatus.DECIDED.value, DecisionStatus.REVISITED.value):
            continue
        if decision.revisit_on and decision.revisit_on <= today:
            due.append((decision, f"the revisit date {decision.revisit_on:%d %B %Y} has come"))
        elif decision.revisit_metric and decision.revisit_operator and decision.revisit_threshold is not None:
            reading = revisit_reading(session, decision, readings)
            value = reading["value"] if reading else None
            if value is not None and COMPARE[decision.revisit_operator](value, decision.revisit_threshold):
                due.append((decision, f"{decision.revisit_metric} is {value:g} ({reading['source']}), "  # type: ignore[index]
                                      f"{decision.revisit_operator} {decision.revisit_threshold:g}"))
    return due
