"""0015_experiments_archive: archived_at/archived_by on experiments, added to a workspace holding an
experiment (which stays live and searchable); and back down, keeping it."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from dayone.db import migrate
from dayone.workspace import Workspace
from tests.helpers import empty_database


def test_upgrading_from_0012_through_0013_keeps_experiments_live_and_down_again(ws: Workspace) -> None:
    empty_database(ws.engine)
    migrate.upgrade(ws.engine, "0012")  # 0013 indexes it before 0015 adds the columns
    with ws.engine.begin() as conn:
        conn.execute(text("INSERT INTO people (name, email, title, version, created_at, updated_at, time_zone) "
                          "VALUES ('Ann', 'ann@example.com', 'PM', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'UTC')"))
        conn.execute(text(
            "INSERT INTO experiments (title, hypothesis, owner_id, variants, primary_metric, guardrails, "
            "minimum_effect, engine, alpha, metric_columns, status, learning, created_at, version) SELECT 'Button', "
            "'', id, '[]', 'conversion', '[]', 0.02, 'frequentist', 0.05, '{}', 'running', '', CURRENT_TIMESTAMP, 1 "
            "FROM people"))
    migrate.upgrade(ws.engine)
    assert migrate.current_revision(ws.engine) == migrate.head_revision(ws.engine)
    with ws.engine.begin() as conn:
        assert conn.execute(text("SELECT title, archived_at, archived_by FROM experiments")).all() == [
            ("Button", None, None)]
        assert conn.execute(text("SELECT title FROM search_index WHERE kind = 'experiment'")).scalars().all() == [
            "Button"]
        conn.execute(text("UPDATE experiments SET archived_by = 'ann@example.com'"))
    command.downgrade(migrate.alembic_config(ws.engine), "0013")
    with ws.engine.connect() as conn:
        assert conn.execute(text("SELECT title FROM experiments")).scalars().all() == ["Button"]
        columns = set(conn.execute(text("SELECT * FROM experiments")).keys())
        assert "archived_at" not in columns and "archived_by" not in columns
