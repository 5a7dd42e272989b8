"""Data files uploaded into the workspace: a CSV or Parquet file per source name, kept in
``HOME/data/uploads``, previewed, and made into a starter metrics file or taken as a source's
new data.

An upload first lands as the source's *pending* file (``.pending-NAME.csv``); it replaces the
source's file only once it is checked: readable, with its date column, and — when the metrics
file already reads that source — with every metric of the metrics file still computing on it.
Until then the deck keeps reading the previous file.

Admins upload, and the members an admin allows (wbr/uploaders.py); starting the metrics file
from an upload stays with admins.

Names are an allow-list (``[a-z0-9_-]``, 40 characters), and the file's kind comes from its
extension (``.csv`` or ``.parquet``): nothing a user writes becomes a path otherwise.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from dayone import audit
from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require_role
from dayone.errors import InvalidInput, NotFound, ValidationFailed
from dayone.metrics import spec, starter
from dayone.settings import Settings
from dayone.wbr import uploaders

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
KINDS = {".csv": "csv", ".parquet": "parquet"}


@dataclass(frozen=True)
class Upload:
    """A source's data file in the workspace: its name, kind, size in bytes and when it came."""

    name: str
    kind: str
    path: Path
    size: int
    uploaded_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "bytes": self.size, "uploaded_at": self.uploaded_at.isoformat()}


def folder(settings: Settings) -> Path:
    """Where uploads live: inside the data folder the workspace's metrics file may read."""
    return settings.home / "data" / "uploads"


def incoming(settings: Settings) -> Path:
    """Where request bodies are spooled while they arrive (web/limits.py)."""
    return folder(settings) / ".incoming"


def source_name(value: str | None, filename: str | None = None) -> str:
    """The upload's source name: the one given, or one made from the file's name; raises
    InvalidInput unless it is 1–40 of a-z, 0-9, _ and -."""
    name = (value or "").strip().lower()
    if not name and filename:
        name = re.sub(r"[^a-z0-9_-]+", "_", Path(filename).stem.lower()).strip("_-")[:40]
    if not NAME.match(name):
        raise InvalidInput("name: 1 to 40 of a-z, 0-9, _ and -, starting with a letter or digit (like orders).",
                           field="name")
    return name


def kind_of(filename: str | None) -> str:
    """``csv`` or ``parquet`` from a file's name; raises InvalidInput for anything else."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in KINDS:
        raise InvalidInput(f"file: {Path(filename or 'the file').name!r} is not a .csv or .parquet file; export the "
                           "data as CSV (UTF-8) or Parquet.", field="file")
    return KINDS[suffix]


def _path(settings: Settings, name: str, kind: str, *, pending: bool = False) -> Path:
    return folder(settings) / f"{'.pending-' if pending else ''}{name}.{kind}"


def listed(settings: Settings) -> list[Upload]:
    """Every source's data file, by name."""
    out = []
    for path in sorted(folder(settings).glob("*")):
        if path.is_file() and not path.name.startswith(".") and path.suffix in KINDS and NAME.match(path.stem):
            stat = path.stat()
            out.append(Upload(path.stem, KINDS[path.suffix], path, stat.st_size,
                              datetime.fromtimestamp(stat.st_mtime, UTC)))
    return out


def find(settings: Settings, name: str, *, pending: bool = False) -> Upload:
    """A source's data file (or its pending upload); raises NotFound."""
    for kind in KINDS.values():
        path = _path(settings, name, kind, pending=pending)
        if NAME.match(name) and path.is_file():
            stat = path.stat()
            return Upload(name, kind, path, stat.st_size, datetime.fromtimestamp(stat.st_mtime, UTC))
    raise NotFound(f"No {'pending upload' if pending else 'uploaded data'} named {name!r}; upload the file first.")


def receive(session: Session, settings: Settings, actor: Actor, name: str, spooled: Path | str, filename: str
            ) -> tuple[Upload, starter.Preview]:
    """Take a spooled request body as the source's pending upload and preview it (admins and
    the members allowed to upload, wbr/uploaders.py). Raises InvalidInput (the file is then
    discarded) when it cannot be read."""
    uploaders.require_uploader(session, actor, "upload data for the WBR")
    kind = kind_of(filename)
    target = _path(settings, name, kind, pending=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    for other in KINDS.values():  # one pending upload per name
        with contextlib.suppress(FileNotFoundError):
            _path(settings, name, other, pending=True).unlink()
    shutil.move(spooled, target)
    try:
        found = starter.preview(target)
    except InvalidInput as exc:
        target.unlink(missing_ok=True)
        raise InvalidInput(str(exc).replace(target.name, filename), field="file") from None
    return find(settings, name, pending=True), replace(found, file=Path(filename))


def pending_preview(settings: Settings, name: str) -> tuple[Upload, starter.Preview]:
    """A pending upload and its preview (read again: the file is the truth)."""
    upload = find(settings, name, pending=True)
    return upload, replace(starter.preview(upload.path), file=Path(f"{name}.{upload.kind}"))


def _relative(settings: Settings, path: Path, base_dir: Path) -> str:
    return Path(os.path.relpath(path, base_dir)).as_posix()


def reads(metrics: spec.MetricsFile, path: Path) -> list[str]:
    """The sources of a metrics file that read ``path``."""
    target = path.resolve()
    return [s.name for s in metrics.sources.values()
            if s.kind in ("csv", "parquet") and Path(s.location).resolve() == target]


def accept(session: Session, settings: Settings, actor: Actor, name: str) -> tuple[Upload, list[str]]:
    """Make the pending upload the source's data, once the metrics file still computes on it:
    returns the upload and the sources that read it. Raises ValidationFailed (the previous
    file kept) when a metric does not compute on the new data."""
    from dayone.wbr import service

    uploaders.require_uploader(session, actor, "replace the WBR's data")
    pending = find(settings, name, pending=True)
    starter.preview(pending.path)  # readable, with columns and rows
    final = _path(settings, name, pending.kind)
    users: list[str] = []
    try:
        metrics = service.load(session)
    except NotFound:
        metrics = None
    if metrics is not None:
        users = reads(metrics, final)
        if users:
            trial = replace(metrics, sources={k: replace(s, location=str(pending.path)) if k in users else s
                                              for k, s in metrics.sources.items()})
            try:
                service.checked(trial)
            except ValidationFailed as exc:
                raise ValidationFailed(f"{pending.name}.{pending.kind}: the metrics file does not compute on the new "
                                       f"data, so the previous file is kept: {exc.message}",
                                       details=exc.details) from None
    for other in KINDS.values():
        if other != pending.kind:
            _path(settings, name, other).unlink(missing_ok=True)
    os.replace(pending.path, final)
    audit.record(session, actor, "update", "wbr_data", None, f"WBR data {final.name} ({pending.size:,} bytes)")
    return find(settings, name), users


def start(session: Session, settings: Settings, actor: Actor, name: str, choices: list[starter.Choice], *,
          based_on: int | None, date_column: str | None = None, week_ending: str | None = None,
          today: date | None = None) -> Any:
    """Accept the pending upload and start the workspace's metrics file from it: a new version
    (earlier versions are kept) reading ``uploads/NAME.csv``. Returns the saved version."""
    from dayone.wbr import service

    require_role(actor, Role.ADMIN, "start the metrics file from uploaded data")
    pending = find(settings, name, pending=True)
    found = starter.preview(pending.path)
    base_dir = settings.home / "data"
    text = starter.starter_file(found, choices, data_path=_relative(settings, _path(settings, name, pending.kind),
                                                                     base_dir),
                                source=name.replace("-", "_"), week_ending=week_ending, date_column=date_column,
                                today=today)
    trial = spec.parse(text.replace(f"uploads/{name}.{pending.kind}", f"uploads/.pending-{name}.{pending.kind}"),
                       file="metrics.yaml", base=base_dir, sandbox=service.sandbox(session))
    service.checked(trial)  # the deck computes on it before anything is saved
    final = _path(settings, name, pending.kind)
    kept = final.with_name(f".previous-{final.name}")
    if final.exists():
        os.replace(final, kept)
    os.replace(pending.path, final)  # the new file is checked with its data in place
    try:
        version = service.start_file(session, actor, text, base_dir=base_dir, based_on=based_on)
    except BaseException:
        os.replace(final, pending.path)  # as it was: the upload pending, the previous data in use
        if kept.exists():
            os.replace(kept, final)
        raise
    kept.unlink(missing_ok=True)
    for other in KINDS.values():
        if other != pending.kind:
            _path(settings, name, other).unlink(missing_ok=True)
    audit.record(session, actor, "update", "wbr_data", None, f"WBR data {name}.{pending.kind} ({pending.size:,} bytes)")
    return version
