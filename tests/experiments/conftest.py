"""What the experiment-record tests share: actors of each role and a designed experiment."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dayone.auth import service as accounts
from dayone.auth.permissions import Actor
from dayone.experiments import service
from dayone.experiments.schemas import ExperimentCreate
from dayone.workspace import Workspace
from tests.conftest import People

# conversion: 10% → 11% (a clear win); page_load_ms: 850 → 880 ms (a clear regression)
STATS = ("variant,metric,n,sum,sum_squares\n"
         "control,conversion,10000,1000,1000\n"
         "treatment,conversion,10000,1100,1100\n"
         "control,page_load_ms,10000,8500000,7300000000\n"
         "treatment,page_load_ms,10000,8800000,7800000000\n")
DESIGN: dict[str, Any] = {"title": "Bigger buy button", "hypothesis": "A bigger button is easier to find.",
                          "primary_metric": "conversion", "minimum_effect": 0.02,
                          "guardrails": [{"metric": "page_load_ms", "bad_direction": "up"}]}


@pytest.fixture
def actors(ws: Workspace, people: People) -> dict[str, Actor]:
    """An actor per role: admin, member (in team Core), viewer, outsider (a member in no team)."""
    with ws.session() as session:
        return {role: accounts.actor_for(accounts.get_user_by_email(session, getattr(people, role)))
                for role in ("admin", "member", "viewer", "outsider")}


@pytest.fixture
def design(ws: Workspace, actors: dict[str, Actor]) -> Callable[..., int]:
    """Design an experiment owned by the member (fields over DESIGN's); its id."""

    def make(**fields: Any) -> int:
        with ws.session() as session:
            return service.create(session, actors["member"], ExperimentCreate.model_validate({**DESIGN, **fields})).id

    return make
