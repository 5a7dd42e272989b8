"""0011_notifications: the preferences and the sent ledger, added to a workspace with people;
one row per (person, item) enforced; and back down, keeping the people."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from dayone.db import migrate
from dayone.workspace import Workspace
from tests.helpers import empty_database


def test_upgrading_from_0010_keeps_people_and_adds_the_notification_tables(ws: Workspace) -> None:
    empty_database(ws.engine)
    migrate.upgrade(ws.engine, "0010")
    with ws.engine.begin() as conn:
        conn.execute(text("INSERT INTO people (name, email, title, version, created_at, updated_at, time_zone) "
                          "VALUES ('Ann', 'ann@example.com', 'PM', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, "
                          "'Europe/Paris')"))
    migrate.upgrade(ws.engine)
    assert migrate.current_revision(ws.engine) == migrate.head_revision(ws.engine)
    insert = ("INSERT INTO notifications_sent (person_id, item_key, kind, via, sent_at, calendar_sequence, "
              "calendar_cancelled) SELECT id, 'review:1:invitation', 'review-invitation', 'immediate', "
              "CURRENT_TIMESTAMP, 0, false FROM people")
    with ws.engine.begin() as conn:
        assert conn.execute(text("SELECT name, time_zone FROM people")).all() == [("Ann", "Europe/Paris")]
        conn.execute(text("INSERT INTO notification_preferences (person_id, kind, delivery) "
                          "SELECT id, 'wbr-note', 'off' FROM people"))
        conn.execute(text(insert))
    with pytest.raises(IntegrityError), ws.engine.begin() as conn:  # an item is mailed once
        conn.execute(text(insert))
    command.downgrade(migrate.alembic_config(ws.engine), "0010")
    with ws.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM people")).scalars().all() == ["Ann"]
