"""The workspace's WBR: which metrics file it uses, and its deck for a week."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone import audit, yamlfile
from dayone.auth.models import Role
from dayone.auth.permissions import Actor, require, require_role
from dayone.db.base import utcnow
from dayone.documents.models import WorkspaceSetting
from dayone.errors import Conflict, InvalidInput, NotFound, ValidationFailed
from dayone.metrics import spec
from dayone.metrics.compute import Engine
from dayone.metrics.sandbox import Sandbox
from dayone.metrics.sources import SourceFailed
from dayone.org.fields import clean_text
from dayone.wbr import edits
from dayone.wbr import notes as wbr_notes
from dayone.wbr.cache import SharedResults, data_fingerprint, file_key
from dayone.wbr.deck import layout
from dayone.wbr.models import WbrMetricsFile, WbrNote, WbrSnapshot

METRICS_FILE = "wbr_metrics_file"
_decks = SharedResults()  # computed decks, shared by every request of this process (see cache.py)


def sandbox(session: Session) -> Sandbox:
    """Where the workspace's metrics file may read: its data folder and the folders and named
    connections of the server's settings (metrics/sandbox.py). The workspace puts its settings
    in each session's ``info``."""
    from dayone.settings import Settings

    settings = session.info.get("settings")
    return Sandbox.from_settings(settings if isinstance(settings, Settings) else Settings(), workspace=True)


def current_file(session: Session) -> WbrMetricsFile:
    """The metrics file in use: the newest saved version."""
    row = session.scalars(select(WbrMetricsFile).order_by(WbrMetricsFile.id.desc()).limit(1)).first()
    if row is None:
        legacy = session.get(WorkspaceSetting, METRICS_FILE)
        if legacy is None:
            raise NotFound("This workspace has no metrics file yet: an admin uploads data on /wbr/data, or runs "
                           "`dayone wbr init DATA.csv` then `dayone wbr use metrics.yaml`.")
        path = Path(legacy.value)  # a workspace from before versions were kept: take its file in
        row = WbrMetricsFile(body=_read(path), name=path.name, base_dir=str(path.parent))
        session.add(row)
        session.flush()
    return row


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file.", field="path") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{path}: not UTF-8 text; save it as UTF-8.", field="path") from None


def use(session: Session, actor: Actor, path: Path) -> spec.MetricsFile:
    """Point the workspace at a metrics file, after validating it; its text is kept as a version."""
    require_role(actor, Role.ADMIN, "choose the workspace's metrics file")
    resolved = path.expanduser().resolve()
    if not resolved.is_file():
        raise InvalidInput(f"{path}: no such file.", field="path")
    parsed = checked(spec.load(resolved, sandbox=sandbox(session)))  # the workspace's rules, not the command line's
    row = session.get(WorkspaceSetting, METRICS_FILE) or WorkspaceSetting(key=METRICS_FILE, value="")
    row.value = str(resolved)
    session.add(row)
    _keep(session, actor, _read(resolved), resolved.name, str(resolved.parent))
    audit.record(session, actor, "update", "settings", None, f"WBR metrics file: {resolved.name}")
    return parsed


def relocate(session: Session, actor: Actor, folder: Path) -> WbrMetricsFile:
    """The metrics file's relative paths read from ``folder`` from now on (its data moved
    there): a new version, the same text, checked under the workspace's rules."""
    require_role(actor, Role.ADMIN, "move the metrics file's data")
    current = current_file(session)
    checked(spec.parse(current.body, file=current.name, base=folder, sandbox=sandbox(session)))
    version = _keep(session, actor, current.body, current.name, str(folder))
    audit.record(session, actor, "update", "wbr_metrics_file", version.id, f"metrics file data moved to {folder}")
    return version


def _keep(session: Session, actor: Actor, body: str, name: str, base_dir: str) -> WbrMetricsFile:
    version = WbrMetricsFile(body=body, name=name, base_dir=base_dir, author_id=actor.person_id)
    session.add(version)
    session.flush()
    return version


def save(session: Session, actor: Actor, body: str, *, based_on: int | None, name: str | None = None
         ) -> WbrMetricsFile:
    """A new version of the metrics file, edited in the browser or imported: validated first
    (every problem at once); refused if someone saved another version since ``based_on``, the
    version the edit started from (required: without it a concurrent edit would be lost)."""
    require_role(actor, Role.ADMIN, "edit the workspace's metrics file")
    current = current_file(session)
    if based_on is None:
        raise InvalidInput("based_on: give the version of the metrics file you edited (the `version` of GET "
                           "/api/v1/metrics/file), so that a version saved meanwhile is not lost.", field="based_on")
    if based_on != current.id:
        who = current.author.name if current.author else "someone"
        raise Conflict(f"The metrics file changed since you opened it: {who} saved version {current.id} at "
                       f"{current.created_at:%Y-%m-%d %H:%M} UTC. Reload it and make your change again.")
    if len(body) > MAX_FILE_BYTES:
        raise InvalidInput(f"body: the metrics file is {len(body):,} characters; the limit is {MAX_FILE_BYTES:,}.",
                           field="body")
    file_name = name or current.name
    checked(spec.parse(body, file=file_name, base=Path(current.base_dir), sandbox=sandbox(session)))  # every problem
    version = _keep(session, actor, body, file_name, current.base_dir)
    audit.record(session, actor, "update", "wbr_metrics_file", version.id, f"metrics file version {version.id}")
    return version


MAX_FILE_BYTES = 2_000_000


def start_file(session: Session, actor: Actor, body: str, *, base_dir: Path, based_on: int | None,
               name: str = "metrics.yaml") -> WbrMetricsFile:
    """A new metrics file (a starter written from uploaded data) reading from ``base_dir``:
    the first version, or a new version replacing the file in use (earlier versions are kept;
    ``based_on`` must then name the version it replaces)."""
    require_role(actor, Role.ADMIN, "start the workspace's metrics file")
    try:
        current: WbrMetricsFile | None = current_file(session)
    except NotFound:
        current = None
    if current is not None and based_on != current.id:
        raise Conflict(f"The metrics file changed since you opened this page (version {current.id} is the newest); "
                       "reload it and try again.")
    checked(spec.parse(body, file=name, base=base_dir, sandbox=sandbox(session)))
    version = _keep(session, actor, body, name, str(base_dir))
    audit.record(session, actor, "update", "wbr_metrics_file", version.id,
                 f"metrics file version {version.id}, started from uploaded data")
    return version


def checked(metrics: spec.MetricsFile) -> spec.MetricsFile:
    """``metrics`` once it computes on its data, in the engine that will run it: its columns
    exist, their types fit, its filters and expressions compile. Raises ValidationFailed
    saying what failed (nothing is saved)."""
    try:
        numbers = compute_now(metrics)
        unread = numbers.get("failed_sources") or []  # a file that is not there or not data, a database down
        skipped = {name for failed in unread for name in failed["metrics"]}
        broken = {name: m for name, m in numbers.get("metrics", {}).items()
                  if m.get("problem_detail") and name not in skipped}
        if broken or unread:  # a column that is not there, a type that does not fit, a filter that does not compile
            listed = "; ".join([f"source {f['source']}: {f['problem_detail']}" for f in unread]
                               + [f"{name}: {m['problem_detail']}" for name, m in broken.items()])
            raise ValidationFailed(listed, details=[
                *({"level": "error", "code": "metrics-file", "message": f"{f['problem']} {f['problem_detail']}"}
                  for f in unread),
                *({"level": "error", "code": "metrics-file", "message": f"{name}: {m['problem']} {m['problem_detail']}"}
                  for name, m in broken.items())])
    except ValidationFailed as exc:
        name = metrics.path.name if metrics.path else "the metrics file"
        raise ValidationFailed(f"{name} does not compute on its data, so nothing was saved: {exc.message}",
                               details=exc.details if isinstance(exc.details, list) else
                               [{"level": "error", "code": "metrics-file", "message": exc.message}]) from None
    except InvalidInput as exc:  # no complete week in the data
        raise ValidationFailed(f"Nothing was saved: {exc.message}", details=[
            {"level": "error", "code": "metrics-file", "message": exc.message}]) from None
    return metrics


def compute_now(metrics: spec.MetricsFile) -> dict[str, Any]:
    """The deck's numbers for the latest complete week, computed now (not shared, not cached):
    a check that a metrics file computes on its data. Raises the engine's ValidationFailed."""
    numbers, _ = _compute(metrics, None)
    return numbers


def load(session: Session) -> spec.MetricsFile:
    """The workspace's metrics file, validated under the workspace's sandbox. One that no longer
    validates (saved under older rules, or its data moved) is a clear error saying where its
    problems are and who can fix it, never a crash (``load_for`` tells non-admins less)."""
    row = current_file(session)
    try:
        return spec.parse(row.body, file=row.name, base=Path(row.base_dir), sandbox=sandbox(session))
    except ValidationFailed as exc:
        found = [d for d in exc.details or [] if isinstance(d, dict) and d.get("message")]
        listed = "; ".join((f"line {d['location']['line']}: " if d.get("location", {}).get("line") else "")
                           + str(d["message"]).rstrip(".") for d in found[:3])
        more = f" and {len(found) - 3} more" if len(found) > 3 else ""
        raise ValidationFailed(f"The workspace's metrics file (version {row.id}, {row.name}) cannot be used: "
                               f"{listed or exc.message}{more}. An admin can fix it on /wbr/metrics.",
                               details=exc.details) from None


def empty_file() -> spec.MetricsFile:
    """No metrics: what lists them while the stored file cannot be read."""
    return spec.MetricsFile(None, "saturday", 12, {}, {}, [])


def _engine(metrics: spec.MetricsFile) -> Engine:
    return Engine(metrics)


def _failed(actor: Actor | None, metrics: spec.MetricsFile | None, exc: ValidationFailed) -> ValidationFailed:
    """What a reader is told when the deck cannot be computed. The engine's own message can
    quote the data or the database, so only admins see it; others learn which metrics failed
    and whom to ask (their owners, or an admin)."""
    if actor is not None and actor.is_admin:
        return exc
    if metrics is None:
        return ValidationFailed("The workspace's metrics file has problems, so the deck cannot be computed. Ask an "
                                "admin: they see the problems on the metrics file's page.")
    names = list(exc.metrics) if isinstance(exc, SourceFailed) else []
    owners = sorted({str(metrics.metrics[n].owner) for n in names if n in metrics.metrics and metrics.metrics[n].owner})
    whom = (f"{'its owner' if len(names) == 1 else 'their owners'} ({', '.join(owners)}) or an admin" if owners
            else "an admin")
    what = (f"{'the metric' if len(names) == 1 else 'the metrics'} {', '.join(names)} could not be computed"
            if names else "the deck could not be computed")
    return ValidationFailed(f"{what[0].upper()}{what[1:]}. Ask {whom}: admins see the reason.",
                            details=[{"metrics": names, "owners": owners,
                                      "source": exc.source if isinstance(exc, SourceFailed) else None}])


def _compute(metrics: spec.MetricsFile, week_ending: date | None) -> tuple[dict[str, Any], date]:
    """The deck's numbers and layout, and the latest complete week in the data. Its errors are
    the engine's own (see ``_failed`` for who sees them)."""
    with _engine(metrics) as engine:
        try:
            numbers = engine.compute(week_ending)
        except ValueError as exc:  # the calendar names the nearest valid week-ending dates
            raise InvalidInput(f"week_ending: {exc}", field="week_ending") from None
        latest = engine.default_week_ending()
    numbers["layout"] = layout(metrics)
    return numbers, latest


def _shared_compute(session: Session, metrics: spec.MetricsFile, week_ending: date | None
                    ) -> tuple[dict[str, Any], date]:
    """``_compute``, once for everyone asking at the same time about the same file, week and data."""
    row = current_file(session)
    bind = session.get_bind()
    database = str(bind.engine.url)
    key = (file_key(database, row.body, row.base_dir), week_ending, data_fingerprint(metrics))
    # a deck with a source that failed is not kept: the next reader tries the source again
    numbers, latest = _decks.get(key, lambda: _compute(metrics, week_ending),
                                 keep=lambda found: not found[0].get("failed_sources"))
    return dict(numbers), latest  # callers set top-level keys (snapshot) on their own copy


def load_for(session: Session, actor: Actor | None) -> spec.MetricsFile:
    """``load``, its problems told as the reader's role may see them (admins: all of them)."""
    try:
        return load(session)
    except ValidationFailed as exc:
        raise _failed(actor, None, exc) from None


def deck(session: Session, week_ending: date | None = None, *, live: bool = False, actor: Actor | None = None
         ) -> dict[str, Any]:
    """The deck for a week: a frozen week exactly as it was frozen (``snapshot`` says when and by
    whom); any other week, or any week with ``live``, computed from today's data and metrics file
    (``snapshot`` is None). Reading never writes: only an admin's :func:`freeze` keeps a deck.
    Why a deck cannot be computed is told to admins only (``actor``; None: a reader who is not)."""
    if week_ending is not None and not live:
        frozen = snapshot(session, week_ending)
        if frozen is not None:
            return _told(frozen, actor)
    metrics = load_for(session, actor)
    try:  # shared by everyone asking at once: each is told what their role may see
        numbers, _ = _shared_compute(session, metrics, week_ending)
    except ValidationFailed as exc:
        told = _failed(actor, metrics, exc)
        kept = weeks(session)
        if kept:  # the last deck that computed is still there
            told = ValidationFailed(f"{told.message} The last frozen deck, for the week ending {kept[0]}, is "
                                    f"still shown at /wbr/{kept[0]}.", details=told.details)
        raise told from None
    numbers["snapshot"] = None
    return _told(numbers, actor)


def _told(numbers: dict[str, Any], actor: Actor | None) -> dict[str, Any]:
    """The deck as the reader may see it: why a metric could not be computed is the engine's
    message, which may quote the data or the database, so only admins see it (as ``_failed``)."""
    if actor is not None and actor.is_admin:
        return numbers
    if not any(m.get("problem_detail") for m in numbers["metrics"].values()) and not numbers.get("failed_sources"):
        return numbers
    def hidden(m: dict[str, Any]) -> dict[str, Any]:
        whom = f"its owner ({m['owner']}) or an admin" if m.get("owner") else "an admin"
        return {**m, "problem_detail": None, "problem": f"{m['problem']} Ask {whom}: admins see the reason."}

    metrics = {name: hidden(m) if m.get("problem_detail") else m for name, m in numbers["metrics"].items()}
    unread = [{**f, "problem_detail": None, "problem": f"{f['problem']} Ask an admin: admins see the reason."}
              for f in numbers.get("failed_sources") or []]
    return {**numbers, "metrics": metrics, "failed_sources": unread}


def snapshot(session: Session, week_ending: date) -> dict[str, Any] | None:
    row = session.scalar(select(WbrSnapshot).where(WbrSnapshot.week_ending == week_ending))
    if row is None:
        return None
    frozen: dict[str, Any] = json.loads(row.deck)
    frozen["snapshot"] = {"taken_at": row.taken_at.isoformat(), "metrics_file_version": row.metrics_file_id,
                          "taken_by": row.taken_by.name if row.taken_by else None}
    return frozen


def _freeze(session: Session, actor: Actor, numbers: dict[str, Any]) -> WbrSnapshot:
    when = date.fromisoformat(numbers["week_ending"])
    row = session.scalar(select(WbrSnapshot).where(WbrSnapshot.week_ending == when))
    body = json.dumps({k: v for k, v in numbers.items() if k != "snapshot"})
    if row is None:
        row = WbrSnapshot(week_ending=when, deck=body)
        session.add(row)
    else:
        row.deck, row.taken_at = body, utcnow()
    row.metrics_file_id = current_file(session).id
    row.taken_by_id = actor.person_id
    session.flush()
    return row


def freeze(session: Session, actor: Actor, week_ending: date | None = None) -> dict[str, Any]:
    """Freeze (or re-freeze) a week's deck as it is now — the latest complete week if none is
    named: an admin's decision, audited, and the only way a snapshot is made."""
    require_role(actor, Role.ADMIN, "freeze a WBR deck")
    numbers, latest = _compute(load(session), week_ending)
    week = date.fromisoformat(numbers["week_ending"])
    unread = numbers.get("failed_sources") or []
    if unread:  # a frozen deck is kept as it is: it would keep these metrics without numbers
        raise InvalidInput("The deck cannot be frozen while a source cannot be read: "
                           + "; ".join(f"{f['problem']} {f['problem_detail']}" for f in unread)
                           + " Fix the source (or the metrics file), then freeze it.", field="week_ending")
    if week > latest:
        raise InvalidInput(f"week_ending: the week ending {week} is not complete in the data; the latest complete "
                           f"week ends {latest}. Only a complete week can be frozen.", field="week_ending")
    if not any((m.get("summary") or {}).get("last_week", {}).get("value") is not None
               for m in numbers.get("metrics", {}).values()):
        raise InvalidInput(f"week_ending: no metric has a value in the week ending {week} (before the data "
                           "begins?); only a week inside the data can be frozen.", field="week_ending")
    _freeze(session, actor, numbers)
    audit.record(session, actor, "freeze", "wbr", None, f"WBR deck for the week ending {numbers['week_ending']}")
    frozen = snapshot(session, date.fromisoformat(numbers["week_ending"]))
    assert frozen is not None
    return frozen


def weeks(session: Session) -> list[date]:
    """The weeks whose decks are frozen, newest first."""
    return list(session.scalars(select(WbrSnapshot.week_ending).order_by(WbrSnapshot.week_ending.desc())))


def explain(session: Session, week_ending: date, metric_name: str, *, actor: Actor | None = None
            ) -> dict[str, Any]:
    """How one number is computed: the metric's definition and the SQL that computes its week.
    Why it cannot be shown, and where the data lives (a database's address), are told to admins
    only (see ``deck``)."""
    metrics = load_for(session, actor)
    metric = metrics.metrics.get(metric_name)
    if metric is None:
        raise NotFound(f"No metric {metric_name!r} in the workspace's metrics file.")
    try:
        return _explain(metrics, metric, week_ending, admin=actor is not None and actor.is_admin)
    except ValidationFailed as exc:
        raise _failed(actor, metrics, exc) from None


def _explain(metrics: spec.MetricsFile, metric: spec.MetricSpec, week_ending: date, *, admin: bool
             ) -> dict[str, Any]:
    metric_name = metric.name
    with _engine(metrics) as engine:
        try:
            week = engine.cal.week(week_ending)
        except ValueError as exc:
            raise InvalidInput(f"week_ending: {exc}", field="week_ending") from None
        out: dict[str, Any] = {"metric": metric_name, "week_ending": week_ending.isoformat(),
                               "kind": metric.kind, "comparison": metric.comparison}
        if metric.is_derived:
            sign = {"ratio": " ÷ ", "difference": " − ", "sum": " + ", "product": " × "}[metric.derived or "sum"]
            out.update(derived=metric.derived, of=list(metric.of), formula=sign.join(metric.of),
                       explanation="computed from the parts' values for the same period (never from daily ratios)")
            return out
        assert metric.source is not None
        source = metrics.sources[metric.source]
        if source.name in engine.failed:  # its file moved, its database is down: told as any failure
            raise engine.failed[source.name]
        backend = engine.backends[source.name]
        out.update(source=source.name, source_kind=source.kind, location=_redact(source, admin),
                   dialect=backend.dialect.name, aggregation=metric.aggregation, column=metric.column,
                   filter=metric.filter, sql=engine.explain(metric_name, week),
                   deck_query=engine.queries(week_ending)[source.name])
        return out


def _redact(source: spec.SourceSpec, admin: bool) -> str:
    if source.kind != "sql":
        return Path(source.location).name
    if not admin:
        return source.location  # the query, without the database it runs on
    from dayone.metrics.warehouse import redacted

    return redacted(str(source.database or "")) + " · " + source.location


def notes(session: Session, week_ending: date) -> dict[str, WbrNote]:
    return {n.metric: n for n in session.scalars(select(WbrNote).where(WbrNote.week_ending == week_ending))}


def writable_notes(session: Session, actor: Actor) -> set[str]:
    """The metrics whose notes this reader may write; none while the metrics file cannot be read
    (a frozen deck still shows, as it was)."""
    try:
        metrics = load(session)
    except (ValidationFailed, NotFound):
        return set()
    table = wbr_notes.delegates(session)
    return {name for name, m in metrics.metrics.items()
            if wbr_notes.writes_for(session, actor, m.owner, table) is not None}


def may_write_note(session: Session, actor: Actor, metric: spec.MetricSpec) -> bool:
    """The metric's owner writes its note, or a delegate the owner named; admins may too (their
    note is shown as theirs and does not answer a flag); viewers never write."""
    return wbr_notes.writes_for(session, actor, metric.owner) is not None


def write_note(session: Session, actor: Actor, week_ending: date, metric_name: str, body: str, *,
               based_on: str | None) -> WbrNote:
    """The owner's note on a metric's week. ``based_on`` is the note's ``updated_at`` the writer
    saw, or "" if there was no note (required: a note saved meanwhile is refused, not lost)."""
    metrics = load(session)
    metric = metrics.metrics.get(metric_name)
    if metric is None:
        raise NotFound(f"No metric {metric_name!r} in the workspace's metrics file.")
    require(may_write_note(session, actor, metric),
            f"write the note on {metric_name}: only its owner may, or a delegate the owner names")
    text = clean_text("body", body, max_length=5000, required=True)
    note = session.scalar(select(WbrNote).where(WbrNote.week_ending == week_ending, WbrNote.metric == metric_name))
    _check_note_unchanged(note, metric_name, based_on)
    if note is None:
        note = WbrNote(week_ending=week_ending, metric=metric_name, body=text, author_id=actor.person_id)
        session.add(note)
    else:
        note.body, note.author_id = text, actor.person_id
    session.flush()
    audit.record(session, actor, "note", "wbr", note.id, f"note on {metric_name} for the week ending {week_ending}")
    return note


def _check_note_unchanged(note: WbrNote | None, metric_name: str, based_on: str | None) -> None:
    if based_on is None:
        raise InvalidInput("based_on: give the note's updated_at you saw (null or empty if it had none), so that "
                           "a note saved meanwhile is not lost.", field="based_on")
    seen = None
    if based_on:
        try:
            seen = datetime.fromisoformat(based_on)
        except ValueError:
            raise InvalidInput(f"based_on: {based_on[:40]!r} is not a time like 2026-11-23T09:30:00.123456+00:00 "
                               "(the note's updated_at).", field="based_on") from None
        seen = seen if seen.tzinfo else seen.replace(tzinfo=UTC)
    if (note.updated_at if note is not None else None) == seen:
        return
    if note is None:
        raise Conflict(f"The note on {metric_name} you edited is gone; reload the deck and write it again.")
    who = note.author.name if note.author else "someone"
    raise Conflict(f"The note on {metric_name} changed since you opened it: {who} saved it at "
                   f"{note.updated_at:%Y-%m-%d %H:%M} UTC. Reload the deck and make your change again.",
                   details={"current": {"body": note.body, "updated_at": note.updated_at.isoformat()}})


NEW_METRIC_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,99}$")


def add_metric(session: Session, actor: Actor, name: str, fields: dict[str, Any], *, based_on: int | None
               ) -> WbrMetricsFile:
    """A new metric, written into the metrics file as one line (the file's comments and layout
    kept) and saved as a new version after the usual checks."""
    current, metrics = _editable(session, actor, "add a metric to the workspace's metrics file")
    if not NEW_METRIC_NAME.match(name or ""):
        raise InvalidInput("name: start with a letter; use letters, digits and _ (at most 100).", field="name")
    if name in metrics.metrics:
        raise InvalidInput(f"name: there is already a metric {name!r}.", field="name")
    # the metric is inserted into the version just read: nothing saved since can be lost
    return save(session, actor, edits.insert_metric(current.body, name, fields),
                based_on=current.id if based_on is None else based_on)


def edit_metric(session: Session, actor: Actor, name: str, fields: dict[str, Any], *, based_on: int | None
                ) -> WbrMetricsFile:
    """Metric ``name`` defined anew by ``fields`` (its line replaced; the rest of the file kept),
    saved as a new version after the usual checks."""
    current, metrics = _editable(session, actor, "edit a metric of the workspace's metrics file")
    if name not in metrics.metrics:
        raise NotFound(f"No metric {name!r} in the workspace's metrics file.")
    return save(session, actor, edits.replace_metric(current.body, name, fields),
                based_on=current.id if based_on is None else based_on)


def remove_metric(session: Session, actor: Actor, name: str, *, based_on: int | None) -> WbrMetricsFile:
    """Metric ``name`` removed, with its deck items and its place in other metrics' drives;
    refused while a derived metric or a chart uses it."""
    current, metrics = _editable(session, actor, "remove a metric from the workspace's metrics file")
    if name not in metrics.metrics:
        raise NotFound(f"No metric {name!r} in the workspace's metrics file.")
    return save(session, actor, edits.remove_metric(current.body, name),
                based_on=current.id if based_on is None else based_on)


def _editable(session: Session, actor: Actor, what: str) -> tuple[WbrMetricsFile, spec.MetricsFile]:
    require_role(actor, Role.ADMIN, what)
    current = current_file(session)
    metrics = load(session)
    if wbrapp_config(current.body):
        raise InvalidInput("This workspace uses a WBR App config: change its metrics in the YAML editor, in the "
                           "App's own format.", field="name")
    return current, metrics


def wbrapp_config(body: str) -> bool:
    from dayone.metrics import wbrapp

    try:
        return wbrapp.is_app_config(yamlfile.load(body, file="metrics file"))
    except ValidationFailed:
        return False


REVISIT_PERIODS = {"week": "last_week", "mtd": "mtd", "qtd": "qtd", "ytd": "ytd"}


def metric_reading(session: Session, condition_metric: str) -> dict[str, Any] | None:
    """The WBR's value for a decision's revisit condition: ``orders`` (its latest complete week)
    or ``orders:mtd`` (``week``, ``mtd``, ``qtd``, ``ytd``), from the deck every reader sees.
    Returns ``{"value", "period", "week_ending", "read_at"}`` (value None when the period has
    no value, with ``reason``), or None when the WBR has no such metric or no metrics file."""
    name, _, period = condition_metric.strip().partition(":")
    key = REVISIT_PERIODS.get(period.strip().lower() or "week")
    if key is None:
        return None
    try:
        numbers = deck(session, None)
    except NotFound:
        return None
    except (ValidationFailed, InvalidInput) as exc:
        return {"value": None, "period": period or "week", "week_ending": None, "read_at": utcnow().isoformat(),
                "reason": f"the WBR could not be computed: {exc.message}"}
    metric = numbers.get("metrics", {}).get(name.strip())
    if metric is None:
        return None
    value = (metric.get("summary") or {}).get(key, {}).get("value")
    return {"value": value, "period": period.strip().lower() or "week", "week_ending": numbers["week_ending"],
            "read_at": utcnow().isoformat(),
            "reason": None if value is not None else metric.get("problem") or "no value for that period"}
