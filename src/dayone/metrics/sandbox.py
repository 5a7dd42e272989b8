"""Where a metrics file may read from: which files and which databases.

Two kinds of metrics file, two sets of rules (docs/wbr.md, "Security"):

- The workspace's metrics file, edited in the browser or through the API (or set with
  ``dayone wbr use``), is written by people who are not the server's owner. Its files lie in
  the workspace's data folder (``DAYONE_HOME/data``) or in a folder the server's settings name
  (``DAYONE_WBR_DATA_DIRS``), once symlinks and ``..`` are resolved; its databases are the
  server's named connections (``DAYONE_WBR_CONNECTIONS``), given by name, so credentials never
  appear in the file; ``${VAR}`` is never expanded.
- A metrics file given on the command line (``dayone wbr build FILE``) keeps its user's
  freedoms: any path, database URLs, ``${VAR}`` from the environment.

In every mode no source may read a Day One workspace's own folder (its database and WAL, its
secret key), except its data folder: besides what they hold, opening the store's database
file in the server's process drops SQLite's POSIX locks, and the next command could then
delete the live WAL (issue 9).
"""

from __future__ import annotations

import difflib
import glob
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dayone.errors import ValidationFailed

if TYPE_CHECKING:
    from dayone.settings import Settings

DATA_FOLDER = "data"  # the one folder of a workspace's home that metrics may read
HOME_MARKERS = ("dayone.db", "secret_key")  # files that make a folder a Day One home
GLOB_CHARS = "*?["
_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
CONNECTIONS_HINT = "ask an admin to add a named connection for it (DAYONE_WBR_CONNECTIONS) and give its name here"


def scheme(url: str) -> str:
    """``postgresql+psycopg://…`` → ``postgresql``."""
    return url.split(":", 1)[0].split("+", 1)[0].lower() if "://" in url else ""


def dialect_of(url: str) -> str | None:
    """The SQL dialect of a database URL: postgres or sqlite (None when unknown)."""
    return {"postgres": "postgres", "postgresql": "postgres", "sqlite": "sqlite"}.get(scheme(url))


def sqlite_path(url: str) -> str:
    """The file of a ``sqlite:///path`` URL (``sqlite:////abs/x.db`` → ``/abs/x.db``)."""
    return url.split("://", 1)[1].removeprefix("/")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _resolved(path: Path | str) -> Path:
    return Path(os.path.realpath(os.path.expanduser(str(path))))


@dataclass(frozen=True)
class Sandbox:
    """The rules a metrics file was read under; the engine applies them again before it reads.

    ``data_dirs`` None: any folder (a file on the command line); otherwise only these.
    ``homes``: Day One workspace folders known from the settings (besides those found by their
    ``dayone.db`` or ``secret_key``), and ``stores`` their database files."""

    data_dirs: tuple[Path, ...] | None = None
    connections: Mapping[str, str] = field(default_factory=dict)
    homes: tuple[Path, ...] = ()
    stores: tuple[Path, ...] = ()

    @classmethod
    def from_settings(cls, settings: Settings, *, workspace: bool) -> Sandbox:
        """The rules for the workspace's stored metrics file (``workspace``), or for a file on
        the command line, from the server's settings."""
        home = _resolved(settings.home)
        stores = []
        url = settings.resolved_database_url
        if url.startswith("sqlite"):
            stores.append(_resolved(sqlite_path(url)))
        dirs = (home / DATA_FOLDER, *(_resolved(d) for d in settings.wbr_data_dirs)) if workspace else None
        return cls(dirs, dict(settings.wbr_connections), (home,), tuple(stores))

    @property
    def stored(self) -> bool:
        """Whether these are the rules of the workspace's stored metrics file."""
        return self.data_dirs is not None

    # files --------------------------------------------------------------------------------

    def _refusal(self, path: Path, seen: dict[Path, bool] | None = None) -> str | None:
        """Why this resolved path may not be read, or None; ``seen`` remembers which folders
        are Day One homes while the files of one glob are checked."""
        seen = {} if seen is None else seen
        for store in self.stores:
            if path.parent == store.parent and path.name.startswith(store.name):
                return f"{path} is Day One's own database; no metrics source may read it."
        homes = list(self.homes)
        for folder in path.parents:  # a workspace found by its files, whatever the settings say
            if folder not in seen:
                seen[folder] = any((folder / marker).exists() for marker in HOME_MARKERS)
            if seen[folder]:
                homes.append(folder)
        for home in homes:
            if _inside(path, home) and not _inside(path, home / DATA_FOLDER):
                return (f"{path} is inside the Day One workspace folder {home}; a metrics source may read only "
                        f"its data folder, {home / DATA_FOLDER}.")
        if self.data_dirs is not None:
            folders = [_resolved(d) for d in self.data_dirs]
            if not any(_inside(path, d) for d in folders):
                return (f"{path} is outside the folders the workspace's metrics file may read "
                        f"({', '.join(map(str, folders))}); put the file in {folders[0]}, or ask the server's admin "
                        "to add its folder to DAYONE_WBR_DATA_DIRS.")
        return None

    def file_problem(self, location: str) -> str | None:
        """Why a file source's location (a path or a glob, already joined to the metrics
        file's folder) may not be read, or None. Nothing is opened: symlinks and ``..`` are
        resolved, and each file a glob matches is checked."""
        try:
            self.files(location)
        except ValidationFailed as exc:
            return exc.message
        return None

    def files(self, location: str) -> list[str]:
        """The resolved files a source's location reads (one, or each match of a glob), each
        allowed; raises ValidationFailed naming the first that is not."""
        if "://" in location or location.startswith(("http:", "https:", "s3:", "gs:", "hf:")):
            raise ValidationFailed(f"{location} is not a local file: Day One reads files in its folders, never "
                                   "from the network; download it first.")
        if "\x00" in location:
            raise ValidationFailed(f"{location!r} is not a file name.")
        if not any(c in location for c in GLOB_CHARS):
            path = _resolved(location)
            why = self._refusal(path)
            if why:
                raise ValidationFailed(why)
            return [str(path)]
        parts = Path(location).parts
        literal = [p for p in parts[:next(i for i, p in enumerate(parts) if any(c in p for c in GLOB_CHARS))]]
        root = _resolved(Path(*literal)) if literal else _resolved(".")
        why = self._refusal(root)
        if why:
            raise ValidationFailed(why)
        found: list[str] = []
        seen: dict[Path, bool] = {}
        for match in sorted(glob.glob(location, recursive=True)):
            path = _resolved(match)
            why = self._refusal(path, seen)
            if why:
                raise ValidationFailed(why)
            if path.is_file():
                found.append(str(path))
        return found

    # databases ----------------------------------------------------------------------------

    def database_problem(self, value: Any) -> str | None:
        """Why a source's ``database:`` may not be used, or None (nothing is connected)."""
        if not isinstance(value, str) or not value.strip():
            return "a query or table needs its database: the name of one of the server's connections" + \
                ("" if self.stored else ", or a URL like postgresql://user:${PASSWORD}@host/db or "
                 "sqlite:///path/to/file.db") + "."
        if value in self.connections:
            return self._store_problem(self.connections[value])
        names = sorted(self.connections)
        close = difflib.get_close_matches(value, names, n=1)
        known = (f"; did you mean {close[0]!r}?" if close else
                 f"; the server's connections are {', '.join(names)}." if names else
                 "; the server has no named connections yet.")
        if self.stored:
            if "://" in value or "${" in value:
                return ("a database URL (or ${VAR}) is not allowed in the workspace's metrics file, where anyone "
                        f"who edits it could read it: {CONNECTIONS_HINT}.")
            return f"{value!r} is not one of the server's named connections{known} To add one, {CONNECTIONS_HINT}."
        if "://" not in value and "${" not in value:
            return f"{value!r} is neither a named connection{known.rstrip('.')} nor a URL like sqlite:///path/to/file.db."
        if "${" in value:
            return None  # the environment is read when the deck is computed
        return self._store_problem(value)

    def _store_problem(self, url: str) -> str | None:
        if scheme(url) != "sqlite":
            return None
        return self._refusal(_resolved(sqlite_path(url)))

    def dialect(self, value: Any) -> str | None:
        """The SQL dialect of a source's database, when it is known without connecting."""
        if not isinstance(value, str):
            return None
        url = self.connections.get(value, value)
        return None if "${" in url else dialect_of(url)

    def database_url(self, name: str, value: str | None) -> str:
        """The URL to connect to for a source's ``database:``: a named connection's, or (on the
        command line) the URL given, ``${VAR}`` taken from the environment. Raises
        ValidationFailed when the rules refuse it."""
        problem = self.database_problem(value)
        if problem:
            raise ValidationFailed(f"sources.{name}.database: {problem}")
        assert value is not None
        if value in self.connections:
            return self.connections[value]

        def variable(match: re.Match[str]) -> str:
            if match.group(1) not in os.environ:
                raise ValidationFailed(f"sources.{name}.database: the environment has no {match.group(1)}; "
                                       "set it before computing the deck.")
            return os.environ[match.group(1)]

        url = _VARIABLE.sub(variable, value)
        problem = self._store_problem(url)
        if problem:
            raise ValidationFailed(f"sources.{name}.database: {problem}")
        return url
