"""`dayone check`: the writing checker on Markdown files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
import yaml
from rich.console import Console
from rich.markup import escape

from dayone.documents.checks import check_markdown
from dayone.documents.checks.engine import DOC_TYPES
from dayone.errors import InvalidInput, UserError

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


def _settings(config: Path | None) -> dict[str, Any] | None:
    if config is None:
        return None
    try:
        loaded = yaml.safe_load(_read(config)) or {}
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{config}: not valid YAML ({str(exc).splitlines()[0]}).") from None
    checks = loaded.get("checks", loaded) if isinstance(loaded, dict) else None
    if not isinstance(checks, dict):
        raise InvalidInput(f"{config}: expected a mapping of rule codes to settings under `checks:`.")
    return checks


def check(
    files: list[Path] = typer.Argument(..., help="Markdown files to check."),
    doc_type: str | None = typer.Option(None, "--type", help="prfaq, narrative or one-pager "
                                        "(default: the file's `type:` front matter, else inferred)."),
    output: str = typer.Option("text", "--format", help="text or json."),
    config: Path | None = typer.Option(None, "--config", help="YAML file of rule settings (`checks:`)."),
    estimate: bool = typer.Option(False, "--estimate", help="Estimate pages instead of laying out."),
) -> None:
    """Check PR/FAQs and narratives; exit status 1 when any finding is an error."""
    if doc_type is not None and doc_type not in DOC_TYPES:
        raise InvalidInput(f"--type: {doc_type!r} is not a document type; use one of "
                           f"{', '.join(DOC_TYPES)}.")
    if output not in ("text", "json"):
        raise InvalidInput(f"--format: {output!r}; use text or json.")
    settings = _settings(config)
    results = [(path, check_markdown(_read(path), doc_type=doc_type, settings=settings,
                                     file=str(path), layout_pages=not estimate)) for path in files]
    failed = any(r.has_errors for _, r in results)
    if output == "json":
        print(json.dumps([{"file": str(p), "type": r.doc_type, "stats": r.stats,
                           "findings": [_flat(f.to_dict()) for f in r.findings]} for p, r in results],
                         indent=2))
    else:
        for path, result in results:
            for f in result.findings:
                loc = f.location
                colour = COLOURS[f.level.value]
                out.print(f"{escape(str(path))}:{loc.line or 1}:{loc.column or 1}: "
                          f"[{colour}]{f.level.value}[/] [bold]{f.code}[/] {escape(f.message)}"
                          + (f" [dim]— {escape(f.suggestion)}[/]" if f.suggestion else ""))
        total = sum(len(r.findings) for _, r in results)
        out.print(f"{total} finding(s) in {len(results)} file(s)" + (" — errors found" if failed else ""))
    if failed:
        raise typer.Exit(1)


def _flat(finding: dict[str, Any]) -> dict[str, Any]:
    """The JSON shape of a finding: position fields at the top level."""
    loc = finding.pop("location")
    return {**finding, "file": loc.get("file"), "line": loc.get("line"), "column": loc.get("column"),
            "end_line": loc.get("end_line"), "end_column": loc.get("end_column")}
