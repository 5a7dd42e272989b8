"""What the goals tests share: actors of each role, a WBR with known numbers, a plan of team Core."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from dayone.auth import service as accounts
from dayone.auth.permissions import CLI_ACTOR, Actor
from dayone.goals import plans, service
from dayone.goals.schemas import GoalCreate, PlanCreate
from dayone.org.models import Team
from dayone.wbr import service as wbr
from dayone.workspace import Workspace
from tests.conftest import People

LAST_DAY = date(2026, 11, 28)  # a Saturday: the deck's week ends on it
METRICS = """
sources: {d: {csv: d.csv, date_column: date}}
metrics:
  orders: {source: d, column: orders, owner: max@example.com}
  sessions: {source: d, column: sessions, kind: input}
  conversion: {derived: ratio, of: [orders, sessions], comparison: bps, format: "0.00%"}
  latency: {source: d, column: latency, aggregation: p90, direction: down, unit: ms}
  order_days: {source: d, column: orders, aggregation: count}
  signups: {source: d, column: signups, kind: input, plan: {"2026-11": 3000, "2026-12": 6200}}
"""


def write_data(folder: Path, orders: Callable[[date], float] = lambda d: 1000.0) -> None:
    """Daily rows from 2025-01-01 to LAST_DAY: ORDERS(day) orders, 10,000 sessions, latency 200 ms
    (p90), 100 signups a day."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "d.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "orders", "sessions", "latency", "signups"])
        day = date(2025, 1, 1)
        while day <= LAST_DAY:
            writer.writerow([day, orders(day), 10000, 200, 100])
            day += timedelta(days=1)


@pytest.fixture
def actors(ws: Workspace, people: People) -> dict[str, Actor]:
    """An actor per role: admin, member (in team Core), viewer, outsider (a member in no team)."""
    with ws.session() as session:
        return {role: accounts.actor_for(accounts.get_user_by_email(session, getattr(people, role)))
                for role in ("admin", "member", "viewer", "outsider")}


@pytest.fixture
def metrics_ws(ws: Workspace, people: People) -> Workspace:
    """The workspace with the WBR set to METRICS over write_data's rows."""
    folder = ws.settings.home / "data"
    write_data(folder)
    (folder / "m.yaml").write_text(METRICS)
    with ws.session() as session:
        wbr.use(session, CLI_ACTOR, folder / "m.yaml")
    return ws


@pytest.fixture
def plan_id(metrics_ws: Workspace, actors: dict[str, Actor]) -> int:
    """Team Core's plan for 2026, written by the member."""
    with metrics_ws.session() as session:
        core = session.query(Team).filter_by(name="Core").one()
        return plans.create(session, actors["member"], PlanCreate(year=2026, team_id=core.id)).id


@pytest.fixture
def make_goal(metrics_ws: Workspace, actors: dict[str, Actor], plan_id: int) -> Callable[..., int]:
    """A metric goal in the plan, owned by the member (fields over a default on orders); its id."""

    def make(**fields: Any) -> int:
        data = {"plan_id": plan_id, "kind": "metric", "text": "Reach 7,000 orders a week by 31 December 2026.",
                "metric": "orders", "target": 7000, "period": "week", "due": "2026-12-31", **fields}
        with metrics_ws.session() as session:
            return service.create(session, actors["member"], GoalCreate.model_validate(data)).id

    return make
