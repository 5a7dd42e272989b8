"""0014_goals (after 0013_experiment_slices_market): the goals tables added to a workspace with
people and teams, usable at once (a plan, a goal, a status change), and back down, keeping the people."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from dayone.db import migrate
from dayone.workspace import Workspace
from tests.helpers import empty_database

TABLES = {"goal_plans", "goal_plan_versions", "goals", "goal_status_changes", "goal_reviews"}


def test_upgrading_from_0013_keeps_people_and_adds_the_goal_tables(ws: Workspace) -> None:
    empty_database(ws.engine)
    migrate.upgrade(ws.engine, "0013")
    with ws.engine.begin() as conn:
        conn.execute(text("INSERT INTO people (name, email, title, version, created_at, updated_at, time_zone) "
                          "VALUES ('Ann', 'ann@example.com', 'PM', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'UTC')"))
    migrate.upgrade(ws.engine)
    assert set(inspect(ws.engine).get_table_names()) >= TABLES
    with ws.engine.begin() as conn:
        conn.execute(text("INSERT INTO goal_plans (year, team_key, title, stage, created_at, version) "
                          "VALUES (2027, 0, 'Company plan 2027', 'OP1', CURRENT_TIMESTAMP, 1)"))
        conn.execute(text(
            "INSERT INTO goals (plan_id, kind, text, owner_id, due, milestones, s_team, status, status_source, "
            "status_note, action, outcome_reason, outcome_confirmed, created_at, updated_at, version) "
            "SELECT p.id, 'initiative', 'Ship it by 1 May 2027.', pe.id, '2027-05-01', '[]', false, 'unknown', "
            "'computed', '', '', '', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1 FROM goal_plans p, people pe"))
        conn.execute(text("INSERT INTO goal_status_changes (goal_id, before, after, source, note, blindside, by, at) "
                          "SELECT id, 'unknown', 'green', 'override', 'Staffed.', false, 'cli', CURRENT_TIMESTAMP "
                          "FROM goals"))
        assert conn.execute(text("SELECT count(*) FROM goal_status_changes")).scalar() == 1
    command.downgrade(migrate.alembic_config(ws.engine), "0013")
    assert not TABLES & set(inspect(ws.engine).get_table_names())
    with ws.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM people")).scalars().all() == ["Ann"]
