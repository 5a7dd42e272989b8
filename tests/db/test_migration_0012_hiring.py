"""0012_hiring: the hiring tables added to a workspace with people, the sixteen principles
seeded, a loop stored against them; and back down, keeping the people."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from dayone.db import migrate
from dayone.workspace import Workspace
from tests.helpers import empty_database


def test_upgrading_from_0011_keeps_people_and_adds_hiring_with_the_principles(ws: Workspace) -> None:
    empty_database(ws.engine)
    migrate.upgrade(ws.engine, "0011")
    with ws.engine.begin() as conn:
        conn.execute(text("INSERT INTO people (name, email, title, version, created_at, updated_at, time_zone) "
                          "VALUES ('Ann', 'ann@example.com', 'PM', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'UTC')"))
    migrate.upgrade(ws.engine)
    assert migrate.current_revision(ws.engine) == migrate.head_revision(ws.engine)
    with ws.engine.begin() as conn:
        names = conn.execute(text("SELECT name FROM hiring_principles ORDER BY position")).scalars().all()
        assert len(names) == 16 and names[0] == "Customer Obsession"
        conn.execute(text("INSERT INTO hiring_roles (title, description, created_at) VALUES ('SDE', '', "
                          "CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO hiring_requisitions (role_id, hiring_manager_id, status, created_at) "
                          "SELECT r.id, p.id, 'open', CURRENT_TIMESTAMP FROM hiring_roles r, people p"))
        conn.execute(text("INSERT INTO hiring_candidates (name, contact, source, created_at) "
                          "VALUES ('Jo', '', '', CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO hiring_loops (requisition_id, candidate_id, state, override_reason, "
                          "decision_reason, veto_reason, created_at) SELECT q.id, c.id, 'planning', '', '', '', "
                          "CURRENT_TIMESTAMP FROM hiring_requisitions q, hiring_candidates c"))
        assert conn.execute(text("SELECT state FROM hiring_loops")).scalars().all() == ["planning"]
    command.downgrade(migrate.alembic_config(ws.engine), "0011")
    with ws.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM people")).scalars().all() == ["Ann"]
