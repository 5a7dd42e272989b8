"""`dayone check`: the writing checker on Markdown files."""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.text import Text

from dayone import yamlfile
from dayone.documents.checks import CheckResult, check_markdown
from dayone.documents.checks.config import Source as ConfigSource
from dayone.documents.checks.config import field_lines
from dayone.documents.checks.engine import DOC_TYPES
from dayone.documents.checks.page_limit import ESTIMATE_ERROR
from dayone.errors import InvalidInput, UserError, ValidationFailed

out = Console(highlight=False, soft_wrap=True)  # one finding per line, for tools
COLOURS = {"error": "red", "warning": "yellow", "suggestion": "cyan"}


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise UserError(f"{path}: is a folder; name the Markdown files.") from None
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8.") from None


def _settings(config: Path | None) -> tuple[dict[str, Any] | None, ConfigSource]:
    if config is None:
        return None, ConfigSource("settings")
    text = _read(config)
    loaded = yamlfile.load(text, file=str(config), limits=yamlfile.SETTINGS) or {}
    checks = loaded.get("checks", loaded) if isinstance(loaded, dict) else None
    if not isinstance(checks, dict):
        raise InvalidInput(f"{config}: expected a mapping of rule codes to settings under `checks:`.")
    return checks, ConfigSource(str(config), file=str(config), lines=field_lines(text))


def check(
    files: list[Path] = typer.Argument(..., help="Markdown files to check."),
    doc_type: str | None = typer.Option(None, "--type", help="prfaq, narrative or one-pager "
                                        "(default: the file's `type:` front matter, else inferred)."),
    output: str = typer.Option("text", "--format", help="text or json."),
    config: Path | None = typer.Option(None, "--config", help="YAML file of rule settings (`checks:`)."),
    layout: bool = typer.Option(False, "--layout/--estimate",
                                help="Count printed pages by laying the document out with WeasyPrint "
                                "(exact, about a second more) instead of the estimate (within a quarter "
                                "page; the default). A part estimated within a quarter page of its limit "
                                "gets a note to lay it out."),
) -> None:
    """Check PR/FAQs and narratives; exit status 1 when any finding is an error."""
    if doc_type is not None and doc_type not in DOC_TYPES:
        raise InvalidInput(f"--type: {doc_type!r} is not a document type; use one of "
                           f"{', '.join(DOC_TYPES)}.")
    if output not in ("text", "json"):
        raise InvalidInput(f"--format: {output!r}; use text or json.")
    settings, source = _settings(config)
    with _few_collections():
        results = [(path, check_markdown(_read(path), doc_type=doc_type, settings=settings, file=str(path),
                                         layout_pages=layout, settings_source=source)) for path in files]
    failed = any(r.has_errors for _, r in results)
    if output == "json":
        print(json.dumps([{"file": str(p), "type": r.doc_type, "stats": r.stats,
                           "findings": [_flat(f.to_dict()) for f in r.findings]} for p, r in results],
                         indent=2))
    else:
        _print_text(results, failed)
    if failed:
        raise typer.Exit(1)


@contextmanager
def _few_collections() -> Iterator[None]:
    """The checker's objects (tokens, sentences, findings) all live until it returns: the
    collector's default pace (a pass every 700 new objects) spent a fifth of a 5 MB file's
    time finding no garbage. Collect less often while checking."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], 10_000), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _print_text(results: list[tuple[Path, CheckResult]], failed: bool) -> None:
    """One line per finding, then the notes and the count: coloured on a terminal, plain
    text otherwise (built without markup, so 30,000 findings print in a blink)."""
    lines: list[Text] = []
    for path, result in results:
        for f in result.findings:
            loc = f.location
            level = f"{f.level.value} (minor)" if f.priority == "minor" else f.level.value
            line = Text.assemble(f"{loc.file or path}:{loc.line or 1}:{loc.column or 1}: ",
                                 (level, COLOURS[f.level.value]), " ", (f.code, "bold"), f" {f.message}")
            if f.suggestion:
                line.append(f" — {f.suggestion}", style="dim")
            lines.append(line)
    for path, result in results:
        lines += [Text.assemble(f"{path}: ", (f"note: {note}", "dim")) for note in _close_to_the_limit(result.stats)]
    total = sum(len(r.findings) for _, r in results)
    minor = sum(f.priority == "minor" for _, r in results for f in r.findings)
    lines.append(Text(f"{total} finding(s) in {len(results)} file(s)" + (f", {minor} of them minor" if minor else "")
                      + (" — errors found" if failed else "")))
    if out.is_terminal:
        out.print(Text("\n").join(lines))
    else:
        sys.stdout.write("".join(f"{line.plain}\n" for line in lines))
        sys.stdout.flush()


def _close_to_the_limit(stats: dict[str, Any]) -> Iterator[str]:
    """A note for each part whose estimated length is too near its limit to call."""
    for part in stats.get("pages", []):
        if part["how"] == "estimated" and abs(part["pages"] - part["limit"]) <= ESTIMATE_ERROR:
            yield (f"the {part['part']} is estimated at {part['pages']:.1f} pages, within "
                   f"{ESTIMATE_ERROR:g} of its {part['limit']:g}-page limit: `--layout` counts its pages exactly.")


def _flat(finding: dict[str, Any]) -> dict[str, Any]:
    """The JSON shape of a finding: position fields at the top level."""
    loc = finding.pop("location")
    return {**finding, "file": loc.get("file"), "line": loc.get("line"), "column": loc.get("column"),
            "end_line": loc.get("end_line"), "end_column": loc.get("end_column")}


doc_app = typer.Typer(help="PR/FAQs, narratives and one-pagers: write, version, export.",
                      no_args_is_help=True)


@contextmanager
def _in_file(source: Path | None) -> Iterator[None]:
    """Problems in a saved text (its front matter) point at the file they came from."""
    try:
        yield
    except ValidationFailed as exc:
        if source is None or not isinstance(exc.details, list):
            raise
        details = [{**d, "location": {**d.get("location", {}), "file": str(source)}}
                   if isinstance(d, dict) else d for d in exc.details]
        raise ValidationFailed(exc.message, details=details) from None


def _actor(session: Any, email: str | None) -> Any:
    from dayone.auth import service as accounts
    from dayone.auth.permissions import CLI_ACTOR

    return accounts.actor_for(accounts.get_user_by_email(session, email)) if email else CLI_ACTOR


@doc_app.command("list")
def doc_list(as_user: str | None = typer.Option(None, "--as", help="List what this account sees.")) -> None:
    """List documents (all of them, or those an account can see)."""
    from rich.table import Table

    from dayone.cli.context import open_workspace
    from dayone.cli.words import listing_header
    from dayone.documents import service

    with open_workspace() as ws, ws.session() as session:
        table = Table("id", "title", "type", "state", "author", "version", "visible to")
        found = service.list_visible(session, _actor(session, as_user))
        print(listing_header(ws, len(found), "document"))
        for d in found:
            table.add_row(str(d.id), d.title, d.doc_type, d.state, d.author.name, str(d.latest_version),
                          "everyone" if d.shared_with_all else f"author + {len(d.shares)}")
        out.print(table)


@doc_app.command("new")
def doc_new(
    title: str = typer.Argument(..., help="The document's title."),
    doc_type: str = typer.Option("prfaq", "--type", help="prfaq, narrative or one-pager."),
    author: str = typer.Option(..., "--author", help="Email of the author."),
    source: Path | None = typer.Option(None, "--from", help="Markdown file to start from "
                                       "(default: the type's template)."),
) -> None:
    """Start a document (private to its author until shared) and print its id."""
    from dayone.cli.context import open_workspace
    from dayone.documents import service
    from dayone.documents.schemas import DocumentCreate

    body = _read(source) if source else None
    with open_workspace() as ws, ws.session() as session, _in_file(source):
        actor = _actor(session, author)
        doc = service.create(session, actor, DocumentCreate.model_validate(
            {"title": title, "doc_type": doc_type, "body": body}))
        print(doc.id)


@doc_app.command("save")
def doc_save(
    document_id: int = typer.Argument(...),
    source: Path = typer.Argument(..., help="The Markdown file with the new text."),
    as_user: str = typer.Option(..., "--as", help="Email of the person saving."),
    base: int | None = typer.Option(None, "--base", help="The version you edited (default: the latest)."),
    note: str = typer.Option("", "--note", help="What changed."),
) -> None:
    """Save a file as the document's next version."""
    from dayone.cli.context import open_workspace
    from dayone.documents import service
    from dayone.documents.schemas import VersionCreate

    body = _read(source)
    with open_workspace() as ws, ws.session() as session, _in_file(source):
        actor = _actor(session, as_user)
        latest = service.get(session, actor, document_id).latest_version
        saved = service.save(session, actor, document_id,
                             VersionCreate(body=body, base_version=base or latest, note=note))
        out.print(f"Saved version {saved.number} of document {document_id}.")


@doc_app.command("export")
def doc_export(
    document_id: int = typer.Argument(...),
    fmt: str = typer.Option("md", "--format", help="md or pdf."),
    dest: Path = typer.Option(..., "--out", help="File to write."),
    version: int | None = typer.Option(None, "--version", help="A version number (default: the latest)."),
    paper: str = typer.Option("A4", "--paper", help="A4 or Letter (PDF)."),
) -> None:
    """Write a version as Markdown or as a PDF laid out for print."""
    from dayone.cli.context import open_workspace
    from dayone.documents import printing, service
    from dayone.documents.checks.text import strip_front_matter

    if fmt not in ("md", "pdf"):
        raise InvalidInput(f"--format: {fmt!r}; use md or pdf.")
    with open_workspace() as ws, ws.session() as session:
        actor = _actor(session, None)
        doc = service.get(session, actor, document_id)
        body = service.version(session, actor, document_id, version or doc.latest_version).body
        title = doc.title
    if fmt == "pdf":
        if paper not in printing.PAPER_SIZES:
            raise InvalidInput(f"--paper: {paper!r}; use A4 or Letter.")
        dest.write_bytes(printing.write_pdf(strip_front_matter(body), title=title, paper=paper))
    else:
        dest.write_text(body, encoding="utf-8")
    out.print(f"Wrote {dest}.")


@doc_app.command("review-move")
def review_move(
    review_id: int = typer.Argument(..., help="The review's id."),
    when: str = typer.Argument(..., help="The new time: 2027-03-04T10:00 on the person's clock, "
                               "or with an offset (2027-03-04T10:00:00Z)."),
    as_user: str | None = typer.Option(None, "--as", help="Email of the organizer (default: an "
                                       "administrator; a time without offset is then UTC)."),
) -> None:
    """Move a review that has not started; invitees get an updated calendar invitation at the
    next `dayone notify send`."""
    from datetime import datetime

    from dayone import timezones
    from dayone.cli.context import open_workspace
    from dayone.documents import reviews

    try:
        moment = datetime.fromisoformat(when)
    except ValueError:
        raise InvalidInput(f"WHEN: {when!r} is not a date and time; give one such as 2027-03-04T10:00.",
                           field="scheduled_for") from None
    with open_workspace() as ws, ws.session() as session:
        actor = _actor(session, as_user)
        instant = timezones.from_wall_clock(moment, timezones.zone(actor.time_zone), field="WHEN")
        review = reviews.reschedule(session, actor, review_id, instant)
        out.print(f"Review {review.id} moved to {review.scheduled_for:%Y-%m-%d %H:%M} UTC.")
