"""The test harness: workspaces on SQLite and PostgreSQL, an HTTP client per role.

PostgreSQL is real: `scripts/test` starts a server and exports
DAYONE_TEST_POSTGRES_URL (a role allowed to create databases). Each xdist worker
gets its own database, migrated once and emptied between tests.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from dayone.auth import service as accounts
from dayone.auth.passwords import use_hasher
from dayone.auth.permissions import CLI_ACTOR
from dayone.db.base import Base
from dayone.models import load_all
from dayone.settings import Settings
from dayone.web.app import create_app
from dayone.workspace import Workspace
from tests.helpers import PASSWORD, sign_in

# Property tests judge results, not speed: on a loaded 2-core machine one example can take
# longer than hypothesis's default 200 ms deadline, which made correct tests fail at random.
settings.register_profile("dayone", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("dayone")

PG_ADMIN_URL = os.environ.get("DAYONE_TEST_POSTGRES_URL")


def pytest_configure(config: pytest.Config) -> None:
    # argon2 at production cost takes ~150 ms a hash; the suite hashes hundreds of times.
    use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.xdist_group("browser"))
        if "spark" in item.keywords:  # one Spark session, on one worker
            item.add_marker(pytest.mark.xdist_group("spark"))


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local Spark session for the whole test session."""
    from dayone.metrics.warehouse import spark_session

    session = spark_session()
    yield session
    session.stop()


@pytest.fixture(scope="session")
def postgres_url(worker_id: str) -> Iterator[str]:
    """A database of this worker's own on the real PostgreSQL server."""
    if not PG_ADMIN_URL:
        message = "PostgreSQL not configured: run the suite with `make test` (it starts one)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"dayone_test_{re.sub(r'[^a-z0-9]', '_', worker_id)}_{os.getpid()}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _empty(ws: Workspace) -> None:
    load_all()
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with ws.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names}, search_index RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test instead of migrating again."""
    home = tmp_path_factory.mktemp("template")
    Workspace.open(Settings(home=home, secret_key="test-secret")).close()
    return home / "dayone.db"


@pytest.fixture
def settings(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    home = tmp_path / "home"
    url = None
    if backend == "postgresql":
        url = request.getfixturevalue("postgres_url")
    else:
        home.mkdir()
        shutil.copy(request.getfixturevalue("sqlite_template"), home / "dayone.db")
    return Settings(home=home, database_url=url, secret_key="test-secret")


@pytest.fixture
def ws(settings: Settings) -> Iterator[Workspace]:
    """An empty, migrated workspace on the backend under test."""
    workspace = Workspace.open(settings)
    if settings.database_url:
        _empty(workspace)
    yield workspace
    workspace.close()


@dataclass
class People:
    """The accounts every web test has: one per role, each in a team."""

    admin: str = "ada@example.com"
    member: str = "max@example.com"
    viewer: str = "vic@example.com"
    outsider: str = "otto@example.com"  # a member in no team: owns nothing


@pytest.fixture
def people(ws: Workspace) -> People:
    from dayone.org import service as org
    from dayone.org.schemas import TeamCreate

    with ws.session() as session:
        for email, name, role in (("ada@example.com", "Ada Admin", "admin"),
                                  ("max@example.com", "Max Member", "member"),
                                  ("vic@example.com", "Vic Viewer", "viewer"),
                                  ("otto@example.com", "Otto Outsider", "member")):
            accounts.add_user(session, CLI_ACTOR, email=email, name=name, role=role,
                              password=PASSWORD)
        session.flush()
        members = [accounts.get_user_by_email(session, e).person_id
                   for e in ("max@example.com", "vic@example.com")]
        org.create_team(session, CLI_ACTOR, TeamCreate(name="Core", member_ids=members))
    return People()


@pytest.fixture
def app_client(ws: Workspace) -> Iterator[TestClient]:
    with TestClient(create_app(ws), base_url="http://testserver") as client:
        yield client


@pytest.fixture
def browser_as(ws: Workspace, people: People) -> Iterator[object]:
    """Factory: a signed-in TestClient for a role name."""
    app = create_app(ws)
    clients: list[TestClient] = []

    def make(role: str) -> TestClient:
        client = TestClient(app, base_url="http://testserver")
        clients.append(client)
        if role != "anonymous":
            sign_in(client, getattr(people, role))
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def api_as(ws: Workspace, people: People) -> Iterator[object]:
    """Factory: a TestClient sending a Bearer token of the role named."""
    app = create_app(ws)
    clients: list[TestClient] = []

    def make(role: str) -> TestClient:
        headers = {}
        if role != "anonymous":
            with ws.session() as session:
                issued = accounts.create_token(session, CLI_ACTOR, getattr(people, role))
            headers["Authorization"] = f"Bearer {issued.secret}"
        client = TestClient(app, base_url="http://testserver", headers=headers)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def machine_time_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """The machine's time zone for the test: one of tests/timezones.py's when the test is
    parametrized with it (``indirect``), else the machine's own."""
    from tests.timezones import machine_time_zone_set

    zone = getattr(request, "param", None)
    if zone is None:
        yield os.environ.get("TZ", "")
        return
    with machine_time_zone_set(zone):
        yield zone


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[Any]:
    """A real SMTP server (aiosmtpd) on a loopback port for the whole session (tests/mailbox.py)."""
    from tests.mailbox import SmtpServer

    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mailbox(smtp_server: Any) -> Iterator[Any]:
    """The test SMTP server's mailbox, emptied before and after the test."""
    smtp_server.mailbox.clear()
    yield smtp_server.mailbox
    smtp_server.mailbox.clear()
