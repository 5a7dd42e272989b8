"""Migrations: the models and the migrations agree, and upgrades keep every record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from dayone.auth.models import ApiToken, User
from dayone.db import migrate
from dayone.db.base import Base
from dayone.models import load_all
from dayone.settings import Settings
from dayone.workspace import Workspace
from tests.helpers import empty_database


def test_models_match_the_migrations(ws: Workspace) -> None:
    load_all()
    with ws.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": migrate.include_name})
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], "run alembic revision --autogenerate and review it"


def test_upgrade_is_in_place_and_keeps_data(ws: Workspace, settings: Settings) -> None:
    with ws.engine.begin() as conn:
        conn.execute(text("INSERT INTO teams (name, mission, version, created_at, updated_at) "
                          "VALUES ('Kept', 'm', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
    assert migrate.current_revision(ws.engine) == migrate.head_revision(ws.engine)
    migrate.upgrade(ws.engine)  # again: a no-op
    reopened = Workspace.open(settings)
    with reopened.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM teams")).scalars().all() == ["Kept"]
    reopened.close()


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path: object) -> None:
    ws = Workspace.open(Settings(home=tmp_path, secret_key="k"))
    with ws.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    ws.close()


def test_an_older_database_upgrades_in_place_without_loss(ws: Workspace) -> None:
    """A workspace at revision 0001 (before documents) with data upgrades to head keeping it."""
    empty_database(ws.engine)
    migrate.upgrade(ws.engine, "0001")
    with ws.engine.begin() as conn:
        conn.execute(text("INSERT INTO teams (name, mission, version, created_at, updated_at) "
                          "VALUES ('Kept', 'm', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO people (name, email, title, team_id, version, created_at, "
                          "updated_at) VALUES ('Ann', 'ann@example.com', '', 1, 1, CURRENT_TIMESTAMP, "
                          "CURRENT_TIMESTAMP)"))
    assert migrate.current_revision(ws.engine) == "0001"
    migrate.upgrade(ws.engine)
    assert migrate.current_revision(ws.engine) == migrate.head_revision(ws.engine)
    with ws.engine.connect() as conn:
        assert conn.execute(text("SELECT p.name, t.name FROM people p JOIN teams t ON t.id = p.team_id"
                                 )).all() == [("Ann", "Kept")]
        assert conn.execute(text("SELECT count(*) FROM documents")).scalar() == 0


def test_upgrading_to_0006_gives_old_tokens_90_days_and_drops_old_throttle_counts(ws: Workspace) -> None:
    """Tokens made before expiry existed keep working for 90 days from the upgrade; the
    old throttle counts (keyed by bare email) are dropped."""
    empty_database(ws.engine)
    migrate.upgrade(ws.engine, "0005")
    with ws.engine.begin() as conn:
        conn.execute(text("INSERT INTO people (name, email, title, version, created_at, updated_at) "
                          "VALUES ('Ann', 'ann@example.com', '', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO users (person_id, role, password_hash, is_active, created_at, "
                          "password_changed_at) VALUES (1, 'admin', 'x', true, CURRENT_TIMESTAMP, "
                          "CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at) "
                          "VALUES (1, 'old', 'd1_abc', 'h', CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO sign_in_throttle (key, failures) VALUES ('ann@example.com', 3)"))
    migrate.upgrade(ws.engine)
    assert migrate.current_revision(ws.engine) == migrate.head_revision(ws.engine)
    with Session(ws.engine) as session:
        token = session.scalars(select(ApiToken)).one()
        left = token.expires_at - datetime.now(UTC)
        assert timedelta(days=89) < left <= timedelta(days=90)
        user = session.scalars(select(User)).one()
        assert user.last_sign_in_address is None and user.password_reset_at is None
    with ws.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sign_in_throttle")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM user_sessions")).scalar() == 0


def test_upgrading_from_0006_keeps_every_record_live_and_adds_the_archive(ws: Workspace) -> None:
    """0009 (the archive): existing documents, initiatives, teams and decisions stay live and
    editable; decisions start with no versions; the archive holds no metric."""
    from dayone.decisions.models import Decision
    from dayone.documents.models import Document
    from dayone.org.models import Initiative, Team

    empty_database(ws.engine)
    migrate.upgrade(ws.engine, "0006")
    now = "CURRENT_TIMESTAMP"
    with ws.engine.begin() as conn:
        conn.execute(text(f"INSERT INTO teams (name, mission, version, created_at, updated_at) "
                          f"VALUES ('Kept', 'm', 1, {now}, {now})"))
        conn.execute(text(f"INSERT INTO people (name, email, title, team_id, version, created_at, updated_at) "
                          f"VALUES ('Ann', 'ann@example.com', '', 1, 1, {now}, {now})"))
        conn.execute(text(f"INSERT INTO initiatives (name, goal, status, team_id, leader_id, version, created_at, "
                          f"updated_at) VALUES ('Go', '', 'active', 1, 1, 1, {now}, {now})"))
        conn.execute(text(f"INSERT INTO documents (title, doc_type, state, author_id, shared_with_all, "
                          f"latest_version, created_at, updated_at) VALUES ('Plan', 'narrative', 'draft', 1, "
                          f"true, 0, {now}, {now})"))
        conn.execute(text(f"INSERT INTO decisions (title, context, options, choice, reasoning, consequences, "
                          f"owner_id, decision_type, proposed_type, type_answers, type_justification, status, "
                          f"created_at, version) VALUES ('Ship', '', '[]', '', '', '', 1, 'type-2', 'type-2', "
                          f"'{{}}', '', 'proposed', {now}, 1)"))
    migrate.upgrade(ws.engine)
    assert migrate.current_revision(ws.engine) == migrate.head_revision(ws.engine)
    with Session(ws.engine) as session:
        for model in (Team, Initiative, Document, Decision):
            row = session.scalars(select(model)).one()
            assert row.archived_at is None and row.archived_by is None
    with ws.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM decision_versions")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM archived_metrics")).scalar() == 0
    from alembic import command

    command.downgrade(migrate.alembic_config(ws.engine), "0006")  # and back down, and up again
    assert migrate.current_revision(ws.engine) == "0006"
    migrate.upgrade(ws.engine)
    with Session(ws.engine) as session:
        assert session.scalars(select(Decision.title)).one() == "Ship"


def test_upgrading_from_0006_adds_the_experiment_tables_and_keeps_data(ws: Workspace) -> None:
    """0010 (experiments) on a workspace at 0006 with people and a decision: both kept, experiments usable."""
    empty_database(ws.engine)
    migrate.upgrade(ws.engine, "0006")
    with ws.engine.begin() as conn:
        conn.execute(text("INSERT INTO people (name, email, title, version, created_at, updated_at) "
                          "VALUES ('Ann', 'ann@example.com', '', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
    migrate.upgrade(ws.engine)
    from dayone.auth.permissions import CLI_ACTOR
    from dayone.experiments import service
    from dayone.experiments.schemas import ExperimentCreate, TransitionIn

    with Session(ws.engine) as session:
        made = service.create(session, CLI_ACTOR, ExperimentCreate(title="Kept", primary_metric="m",
                                                                   minimum_effect=0.02, owner_id=1))
        service.transition(session, CLI_ACTOR, made.id, TransitionIn(status="running"))
        service.store_statistics(session, CLI_ACTOR, made.id, "variant,metric,n,sum,sum_squares\n"
                                 "control,m,3000000000,10,10\ntreatment,m,3000000000,12,12\n")
        session.commit()
    with ws.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM people")).scalars().all() == ["Ann"]
        assert conn.execute(text("SELECT max(n) FROM experiment_statistics")).scalar() == 3_000_000_000
