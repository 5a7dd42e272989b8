"""A workspace: the settings, the database and the secret key, opened once."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from dayone.db import migrate
from dayone.db.engine import make_engine, make_sessionmaker
from dayone.errors import UserError
from dayone.org.rules import OrgLimits
from dayone.settings import Settings


def _secret_key(settings: Settings) -> str:
    if settings.secret_key:
        return settings.secret_key
    path = settings.home / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


@dataclass
class Workspace:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]  # may write: SQLite takes the write lock up front
    read_sessions: sessionmaker[Session]
    secret_key: str

    @classmethod
    def open(cls, settings: Settings | None = None, *, upgrade: bool = True) -> Workspace:
        """Open (creating when new) the workspace and bring its database up to date."""
        settings = settings or Settings()
        home = Path(settings.home)
        try:
            home.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"DAYONE_HOME {home}: cannot create the folder ({exc.strerror}).") from None
        engine = make_engine(settings.resolved_database_url, pool_size=settings.max_concurrent_requests + 4)
        if upgrade:
            try:
                migrate.upgrade(engine)
            except OperationalError as exc:
                engine.dispose()
                raise UserError(
                    f"Cannot reach the database at {engine.url.render_as_string()}: "
                    f"{str(exc.orig).strip().splitlines()[0]}. Check DAYONE_DATABASE_URL."
                ) from exc
        ws = cls(settings, engine, make_sessionmaker(engine, writes=True),
                 make_sessionmaker(engine, writes=False), _secret_key(settings))
        for maker in (ws.sessions, ws.read_sessions):  # services read what they need of it (wbr: its sandbox)
            maker.configure(info={"settings": settings})
        from dayone.search.events import install

        install(ws.sessions)  # every save keeps the search index current
        if upgrade:
            from dayone.mechanisms.service import ensure_builtins

            with ws.session() as session:  # the built-in mechanisms exist from the start
                ensure_builtins(session)
        return ws

    @property
    def limits(self) -> OrgLimits:
        return OrgLimits(self.settings.max_team_size, self.settings.max_team_dependencies)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on any error."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()
