"""The kinds of record that go to the archive, and each kind's rules: who may archive and
restore it, what keeps it from being archived or restored, and what a removal for good
takes with it (or what refuses it).

Metrics are not rows of a table: ``archive/metrics.py`` keeps their rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dayone.auth.permissions import Actor
from dayone.decisions.models import Decision, DecisionLink, DecisionVersion
from dayone.documents.models import Comment, Document, DocumentVersion, Review
from dayone.experiments.models import Experiment
from dayone.org import service as org
from dayone.org.models import Initiative, Person, Team, team_dependencies


def _count(session: Session, model: Any, *where: Any) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _system(actor: Actor) -> bool:
    return actor.user_id is None and actor.person_id is None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@dataclass(frozen=True)
class Kind:
    """One kind of archivable record.

    ``owns``: whether the actor may archive and restore it besides an admin (documents:
    their author only — admins may restore but not archive someone's document).
    ``archive_blockers`` / ``restore_blockers``: why it cannot move now (empty: it can).
    ``purge_effects``: what goes with it for good; ``purge_blockers``: what refuses it."""

    name: str
    plural: str  # the segment of its pages and API paths: /initiatives/…, /api/v1/initiatives/…
    label: str
    model: type[Any]
    title: Callable[[Any], str]
    owns: Callable[[Session, Actor, Any], bool]
    admin_archives: bool = True
    archive_blockers: Callable[[Session, Any], list[str]] = lambda s, r: []
    restore_blockers: Callable[[Session, Any], list[str]] = lambda s, r: []
    purge_effects: Callable[[Session, Any], list[str]] = lambda s, r: []
    purge_blockers: Callable[[Session, Any], list[str]] = lambda s, r: []
    readable: Callable[[Session, Actor, Any], bool] = lambda s, a, r: True


# --- documents ----------------------------------------------------------------------

def _doc_readable(session: Session, actor: Actor, doc: Document) -> bool:
    from dayone.documents import service as documents

    return documents.can_read(actor, doc, session)


def _doc_effects(session: Session, doc: Document) -> list[str]:
    versions = _count(session, DocumentVersion, DocumentVersion.document_id == doc.id)
    reviews = _count(session, Review, Review.document_id == doc.id)
    comments = _count(session, Comment, Comment.document_id == doc.id)
    effects = [f"its {_plural(versions, 'version')}"]
    if reviews:
        effects.append(f"its {_plural(reviews, 'review')}")
    if comments:
        effects.append(f"{_plural(comments, 'comment')} on it")
    if doc.shares:
        effects.append(f"its sharing with {_plural(len(doc.shares), 'person')}")
    return effects


def _doc_blockers(session: Session, doc: Document) -> list[str]:
    linked = session.scalars(select(Decision.id).join(DecisionLink).where(
        DecisionLink.document_id == doc.id).distinct()).all()
    # a decision rests on its documents: a one-way door's evidence is not removed under it
    return [f"decision {i} links to it" for i in sorted(linked)]


# --- teams and initiatives --------------------------------------------------------

def _team_restore_blockers(session: Session, team: Team) -> list[str]:
    if team.parent is not None and team.parent.archived_at is not None:
        return [f"its parent team {team.parent.name} is archived: restore that first"]
    return []


def _team_purge_blockers(session: Session, team: Team) -> list[str]:
    blockers = []
    members = _count(session, Person, Person.team_id == team.id)
    if members:
        blockers.append(f"{_plural(members, 'person')} still belong to it")
    children = session.scalars(select(Team.name).where(Team.parent_id == team.id)).all()
    if children:
        blockers.append("it is the parent of " + ", ".join(children) + " (archived teams included)")
    initiatives = session.scalars(select(Initiative.name).where(Initiative.team_id == team.id)).all()
    if initiatives:
        blockers.append("initiatives " + ", ".join(initiatives) + " belong to it (archived ones included)")
    return blockers


def _team_effects(session: Session, team: Team) -> list[str]:
    dependents = session.scalars(select(Team.name).join(
        team_dependencies, team_dependencies.c.team_id == Team.id).where(
        team_dependencies.c.depends_on_id == team.id)).all()
    effects = ["its name, mission and dependencies"]
    if dependents:
        effects.append("the dependency of " + ", ".join(dependents) + " on it")
    return effects


def _initiative_restore_blockers(session: Session, item: Initiative) -> list[str]:
    if item.team is not None and item.team.archived_at is not None:
        return [f"its team {item.team.name} is archived: restore that first"]
    return []


def _initiative_effects(session: Session, item: Initiative) -> list[str]:
    effects = ["its name, goal and status"]
    if item.co_leaders:
        effects.append(f"its {_plural(len(item.co_leaders), 'co-leader')} list")
    return effects


# --- decisions ----------------------------------------------------------------------

def _decision_owns(session: Session, actor: Actor, d: Decision) -> bool:
    return actor.is_admin or _system(actor) or actor.person_id == d.owner_id


def _decision_effects(session: Session, d: Decision) -> list[str]:
    effects = ["its text, links and approvals"]
    for items, word in ((d.positions, "position"), (d.escalations, "escalation"), (d.revisits, "revisit")):
        if items:
            effects.append(_plural(len(items), word))
    versions = _count(session, DecisionVersion, DecisionVersion.decision_id == d.id)
    if versions:
        effects.append(f"its {_plural(versions, 'earlier version')}")
    return effects


def _decision_blockers(session: Session, d: Decision) -> list[str]:
    later = session.scalars(select(Decision.id).where(Decision.superseded_by_id == d.id)).all()
    return [f"decision {i} is superseded by it" for i in sorted(later)]


# --- experiments ----------------------------------------------------------------------

def _experiment_owns(session: Session, actor: Actor, e: Experiment) -> bool:
    from dayone.experiments import service as experiments

    return _system(actor) or experiments.can_edit(session, actor, e)


def _experiment_effects(session: Session, e: Experiment) -> list[str]:
    effects = ["its design, status and what it taught"]
    if e.statistics:
        effects.append(f"its {_plural(len({s.variant for s in e.statistics}), 'variant')}' statistics")
    if e.slices:
        effects.append("its breakdowns and statistics by date")
    if e.market:
        effects.append("its market test's design and panel")
    if e.decision_id is not None:
        effects.append(f"its link to decision {e.decision_id} (the decision stays)")
    return effects


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("document", "documents", "Document", Document, lambda d: d.title,
         owns=lambda s, a, d: _system(a) or (a.person_id is not None and a.person_id == d.author_id),
         admin_archives=False, purge_effects=_doc_effects, purge_blockers=_doc_blockers,
         readable=_doc_readable),
    Kind("initiative", "initiatives", "Initiative", Initiative, lambda i: i.name,
         owns=lambda s, a, i: org.can_edit_initiative(s, a, i),
         restore_blockers=_initiative_restore_blockers, purge_effects=_initiative_effects),
    Kind("team", "teams", "Team", Team, lambda t: t.name,
         owns=lambda s, a, t: org.can_edit_team(s, a, t),
         archive_blockers=lambda s, t: org.team_blockers(s, t),
         restore_blockers=_team_restore_blockers, purge_effects=_team_effects,
         purge_blockers=_team_purge_blockers),
    Kind("decision", "decisions", "Decision", Decision, lambda d: d.title, owns=_decision_owns,
         purge_effects=_decision_effects, purge_blockers=_decision_blockers),
    Kind("experiment", "experiments", "Experiment", Experiment, lambda e: e.title, owns=_experiment_owns,
         purge_effects=_experiment_effects),
)}
