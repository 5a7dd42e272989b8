"""My week, from the experiments: a running experiment of yours that has passed its planned
duration waits on you to stop it, read it and record what it taught."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone.agenda.items import AgendaItem
from dayone.auth.models import Role
from dayone.auth.permissions import Actor
from dayone.experiments.models import Experiment, ExperimentStatus


def agenda_items(session: Session, person: Actor, now: datetime) -> list[AgendaItem]:
    """The running experiments ``person`` owns whose planned days have passed."""
    me = person.person_id
    if me is None or not person.at_least(Role.MEMBER):
        return []
    items = []
    running = select(Experiment).where(Experiment.owner_id == me, Experiment.status == ExperimentStatus.RUNNING.value,
                                       Experiment.planned_days.is_not(None), Experiment.started_at.is_not(None),
                                       Experiment.archived_at.is_(None))
    for e in session.scalars(running.order_by(Experiment.id)):
        assert e.started_at is not None and e.planned_days is not None
        end = e.started_at + timedelta(days=e.planned_days)
        if end <= now:
            items.append(AgendaItem(
                kind="experiment-due", key=f"experiment:{e.id}:due", person_id=me, title=f"Stop and read: {e.title}",
                url=f"/experiments/{e.id}", since=end, due=end,
                detail=f"Planned for {e.planned_days} day{'s' * (e.planned_days > 1)}: stop it, read the result and "
                       "record what it taught (a stopped idea is a result too)."))
    return items
