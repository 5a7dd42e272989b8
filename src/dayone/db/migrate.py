"""Run the Alembic migrations that ship inside the package."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


# Tables that are not ORM models: the search index (an FTS5 virtual table on SQLite, with
# its shadow tables), created and kept by migrations and dayone.search alone.
UNMODELLED_PREFIXES = ("search_index",)


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    """Alembic's filter: leave the unmodelled tables (and their indexes) out of comparisons."""
    if type_ == "table" and name is not None:
        return not name.startswith(UNMODELLED_PREFIXES)
    if type_ == "index" and name is not None:
        return not name.startswith(tuple(f"ix_{p}" for p in UNMODELLED_PREFIXES))
    return True


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` in place; a no-op when it is already there."""
    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
