"""Engine and session factory for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

POOL_TIMEOUT = 10  # seconds a session waits for a connection before the request is answered 503


def make_engine(url: str, *, pool_size: int = 20) -> Engine:
    """``pool_size`` connections and no overflow: the web app admits fewer requests at once
    (see web/limits.py), so a request never waits on the pool for long; if it does, it gets
    sqlalchemy's TimeoutError after POOL_TIMEOUT seconds (answered 503), never a hang."""
    pool = {"pool_size": pool_size, "max_overflow": 0, "pool_timeout": POOL_TIMEOUT}
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **pool)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # pysqlite's own transaction handling defers BEGIN; we want SQLAlchemy to own it.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA secure_delete=ON")  # deleted data (a candidate's, on request) is overwritten
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            # A transaction that reads and then writes must hold the write lock from the
            # start: upgrading a WAL read snapshot fails at once ("database is locked")
            # when another writer committed meanwhile, instead of waiting its turn.
            writes = conn.get_execution_options().get(WRITES, False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True, **pool)


WRITES = "dayone_writes"


def make_sessionmaker(engine: Engine, *, writes: bool) -> sessionmaker[Session]:
    """Sessions for reading (GET pages) or for changing data (everything else)."""
    bind = engine.execution_options(**{WRITES: True}) if writes else engine
    return sessionmaker(bind, expire_on_commit=False)
