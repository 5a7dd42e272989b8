"""0008: each person gets a time zone, UTC for everyone already there (what pages showed)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from dayone.db import migrate
from dayone.workspace import Workspace
from tests.helpers import empty_database


def test_upgrading_from_0006_keeps_people_and_puts_them_in_utc(ws: Workspace) -> None:
    empty_database(ws.engine)
    migrate.upgrade(ws.engine, "0006")
    with ws.engine.begin() as conn:
        conn.execute(text("INSERT INTO people (name, email, title, version, created_at, updated_at) "
                          "VALUES ('Ann', 'ann@example.com', 'PM', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
    migrate.upgrade(ws.engine)
    assert migrate.current_revision(ws.engine) == migrate.head_revision(ws.engine)
    with ws.engine.begin() as conn:
        assert conn.execute(text("SELECT name, title, time_zone FROM people")).all() == [("Ann", "PM", "UTC")]
        conn.execute(text("INSERT INTO people (name, email, title, version, created_at, updated_at) "
                          "VALUES ('Bo', 'bo@example.com', '', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
        assert conn.execute(text("SELECT time_zone FROM people WHERE name = 'Bo'")).scalar() == "UTC"
    command.downgrade(migrate.alembic_config(ws.engine), "0006")  # and back, keeping the people
    with ws.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM people ORDER BY name")).scalars().all() == ["Ann", "Bo"]
