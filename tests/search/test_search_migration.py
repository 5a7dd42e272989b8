"""Migration 0007: a workspace at 0006 with records upgrades to an index that already finds them."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from dayone.auth.permissions import CLI_ACTOR
from dayone.db import migrate
from dayone.search import service
from dayone.workspace import Workspace
from tests.helpers import empty_database

NOW = "CURRENT_TIMESTAMP"


def test_upgrading_from_0006_fills_the_index_and_downgrading_drops_it(ws: Workspace) -> None:
    empty_database(ws.engine)
    migrate.upgrade(ws.engine, "0006")
    with ws.engine.begin() as conn:
        conn.execute(text(f"INSERT INTO teams (name, mission, version, created_at, updated_at) "
                          f"VALUES ('Narwhal', 'Tusks.', 1, {NOW}, {NOW})"))
        conn.execute(text(f"INSERT INTO people (name, email, title, version, created_at, updated_at) "
                          f"VALUES ('Ann', 'ann@example.com', 'Narwhal keeper', 1, {NOW}, {NOW})"))
        conn.execute(text(f"INSERT INTO documents (title, doc_type, state, author_id, shared_with_all, "
                          f"latest_version, created_at, updated_at) VALUES ('Plan', 'narrative', 'draft', 1, "
                          f"false, 2, {NOW}, {NOW})"))
        for number, body in ((1, "Old narwhal words."), (2, "# Plan\n\nNew *narwhal* words.")):
            conn.execute(text(f"INSERT INTO document_versions (document_id, number, body, note, created_at) "
                              f"VALUES (1, {number}, :body, '', {NOW})"), {"body": body})
    migrate.upgrade(ws.engine)
    assert migrate.current_revision(ws.engine) == migrate.head_revision(ws.engine)
    with ws.read_sessions() as session:
        found = service.search(session, CLI_ACTOR, "narwhal")
        assert found.counts == {"document": 1, "decision": 0, "metric": 0, "person": 1, "team": 1,
                                "initiative": 0, "experiment": 0}
        assert "New <mark>narwhal</mark> words" in found.hits[[h.kind for h in found.hits].index("document")
                                                              ].snippet_html
        assert service.search(session, CLI_ACTOR, "old").total == 0  # the newest version's text only
    command.downgrade(migrate.alembic_config(ws.engine), "0006")
    with ws.engine.connect() as conn:
        assert conn.dialect.has_table(conn, "search_index") is False
    migrate.upgrade(ws.engine)
