"""0013_experiment_slices_market: the statistics by dimension value and by date, and a market test's
column, added to a workspace with an experiment and its statistics; and back down, keeping them."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from dayone.db import migrate
from dayone.workspace import Workspace
from tests.helpers import empty_database


def test_upgrading_from_0012_keeps_experiments_and_adds_slices_and_the_market_column(ws: Workspace) -> None:
    empty_database(ws.engine)
    migrate.upgrade(ws.engine, "0012")
    with ws.engine.begin() as conn:
        conn.execute(text("INSERT INTO people (name, email, title, version, created_at, updated_at, time_zone) "
                          "VALUES ('Ann', 'ann@example.com', 'PM', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'UTC')"))
        conn.execute(text(
            "INSERT INTO experiments (title, hypothesis, owner_id, variants, primary_metric, guardrails, "
            "minimum_effect, engine, alpha, metric_columns, status, learning, created_at, version) SELECT 'Button', "
            "'', id, '[]', 'conversion', '[]', 0.02, 'frequentist', 0.05, '{}', 'running', '', CURRENT_TIMESTAMP, 1 "
            "FROM people"))
        conn.execute(text("INSERT INTO experiment_statistics (experiment_id, variant, metric, n, sum, sum_squares) "
                          "SELECT id, 'control', 'conversion', 100, 10, 10 FROM experiments"))
    migrate.upgrade(ws.engine)
    assert migrate.current_revision(ws.engine) == migrate.head_revision(ws.engine)
    with ws.engine.begin() as conn:
        assert conn.execute(text("SELECT title, market FROM experiments")).all() == [("Button", None)]
        # the experiment made before joins the search index
        assert conn.execute(text("SELECT title FROM search_index WHERE kind = 'experiment'")).scalars().all() == [
            "Button"]
        conn.execute(text("INSERT INTO experiment_slice_statistics (experiment_id, dimension, dimension_value, day, "
                          "variant, metric, n, sum, sum_squares) SELECT id, 'country', 'FR', NULL, 'control', "
                          "'conversion', 50, 5, 5 FROM experiments"))
        conn.execute(text("UPDATE experiments SET market = '{\"treated\": [\"A\"]}'"))
        assert conn.execute(text("SELECT count(*) FROM experiment_slice_statistics")).scalar() == 1
    command.downgrade(migrate.alembic_config(ws.engine), "0012")
    with ws.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM search_index WHERE kind = 'experiment'")).scalar() == 0
        assert conn.execute(text("SELECT title FROM experiments")).scalars().all() == ["Button"]
        assert conn.execute(text("SELECT n FROM experiment_statistics")).scalars().all() == [100]
