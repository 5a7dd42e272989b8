"""Migrations: the models and the migrations agree, and upgrades keep every record."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from dayone.db import migrate
from dayone.db.base import Base
from dayone.models import load_all
from dayone.settings import Settings
from dayone.workspace import Workspace


def test_models_match_the_migrations(ws: Workspace) -> None:
    load_all()
    with ws.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
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
    load_all()
    with ws.engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
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
