"""0016_experiment_source: source/source_table on experiments, added to a workspace holding an
experiment with a data file (kept as it was, no source); and back down, keeping it."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from dayone.db import migrate
from dayone.workspace import Workspace
from tests.helpers import empty_database


def test_upgrading_from_0015_keeps_the_data_file_and_down_again(ws: Workspace) -> None:
    empty_database(ws.engine)
    migrate.upgrade(ws.engine, "0015")
    with ws.engine.begin() as conn:
        conn.execute(text("INSERT INTO people (name, email, title, version, created_at, updated_at, time_zone) "
                          "VALUES ('Ann', 'ann@example.com', 'PM', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'UTC')"))
        conn.execute(text(
            "INSERT INTO experiments (title, hypothesis, owner_id, variants, primary_metric, guardrails, "
            "minimum_effect, engine, alpha, data_file, variant_column, metric_columns, status, learning, created_at, "
            "version) SELECT 'Button', '', id, '[]', 'conversion', '[]', 0.02, 'frequentist', 0.05, 'units.csv', "
            "'arm', '{}', 'running', '', CURRENT_TIMESTAMP, 1 FROM people"))
    migrate.upgrade(ws.engine)
    assert migrate.current_revision(ws.engine) == migrate.head_revision(ws.engine)
    with ws.engine.begin() as conn:
        assert conn.execute(text("SELECT title, data_file, source, source_table FROM experiments")).all() == [
            ("Button", "units.csv", None, None)]
        conn.execute(text("UPDATE experiments SET source = 'units', data_file = NULL"))
    command.downgrade(migrate.alembic_config(ws.engine), "0015")
    with ws.engine.connect() as conn:
        assert conn.execute(text("SELECT title, variant_column FROM experiments")).all() == [("Button", "arm")]
        columns = set(conn.execute(text("SELECT * FROM experiments")).keys())
        assert "source" not in columns and "source_table" not in columns
