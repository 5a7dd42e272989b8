"""Per-workspace and per-document rule settings.

A rule is switched off with ``false`` or ``off``, or tuned with a mapping::

    checks:
      passive-voice: off
      sentence-length: {max_words: 25}
      acronym-undefined: {allow: [SKU, ASIN]}
      weasel-word: {extra_words: [basically]}

Document settings (front matter ``checks:``) override workspace settings. Each layer
is cleaned on its own first: an unknown rule or option, or a value of the wrong type
or out of range, is a finding naming the field, the value and what is allowed, and is
left out, so the rule runs with the value of the layer below or its default.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from dayone import yamlfile
from dayone.documents.checks.options import shown
from dayone.documents.checks.rule import Rule
from dayone.errors import ValidationFailed
from dayone.findings import Finding, Level, Location

OFF = {"off", "false", "no", "disabled"}
ON = {"on", "true", "yes", "enabled"}
Layer = dict[str, dict[str, Any]]  # rule code → its options, cleaned


@dataclass(frozen=True)
class Source:
    """Where a layer of settings was written, for the findings about it."""

    label: str  # "front matter", "workspace settings", a file name
    file: str | None = None
    line: int | None = None
    fix: str | None = None  # what to do about a bad value, when it is not the writer's to fix
    # "checks.rule.option" → its line, where the settings were read from YAML
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)


def field_lines(text: str, *, first_line: int = 1) -> dict[str, int]:
    """The line of each ``checks.rule.option`` in a YAML text of settings (the mapping under
    ``checks:``, or the text itself when it has no such key); ``{}`` when it is not YAML."""
    try:
        node = yamlfile.compose(text, file="settings", limits=yamlfile.SETTINGS)
    except ValidationFailed:  # unreadable YAML is reported where it is loaded
        return {}
    found: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        checks = next((v for k, v in node.value if getattr(k, "value", None) == "checks"), None)
        _walk(checks if checks is not None else node, "checks", first_line, found, depth=0)
    return found


def _walk(node: yaml.Node, path: str, first_line: int, found: dict[str, int], depth: int) -> None:
    found.setdefault(path, node.start_mark.line + first_line)
    if depth < 2 and isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                found.setdefault(f"{path}.{key.value}", key.start_mark.line + first_line)
                _walk(value, f"{path}.{key.value}", first_line, found, depth + 1)


WORKSPACE = Source("workspace settings", fix="An admin can correct it on the Writing rules page (/admin/checks).")


def clean(layer: Any, rules: Mapping[str, Rule], source: Source) -> tuple[Layer, list[Finding]]:
    """The layer's valid settings, and a finding for each one that is not."""
    problems: list[Finding] = []

    def problem(field: str, message: str, hint: str | None = None) -> None:
        suggestion = " ".join(part for part in (hint, source.fix) if part) or None
        line = source.lines.get(field, source.line)
        problems.append(Finding(Level.ERROR, "check-config", f"{source.label}: {field}: {message}",
                                Location(file=source.file, line=line, field=field), suggestion))

    if layer is None:
        return {}, []
    if not isinstance(layer, Mapping):
        problem("checks", f"{shown(layer)} is not a mapping of rule codes to settings.",
                "Write one rule per line, e.g. `passive-voice: off`.")
        return {}, problems
    cleaned: Layer = {}
    for code, value in layer.items():
        field = f"checks.{code}"
        rule = rules.get(code) if isinstance(code, str) else None
        if rule is None:
            close = difflib.get_close_matches(code, list(rules), n=1) if isinstance(code, str) else []
            problem(field, f"unknown rule `{code}`.",
                    f"did you mean `{close[0]}`?" if close else "See docs/writing-checker.md for the rules.")
            continue
        if isinstance(value, bool) or value is None or (isinstance(value, str) and value.lower() in OFF | ON):
            on = value is None or value is True or (isinstance(value, str) and value.lower() in ON)
            cleaned[code] = {"enabled": on}
            continue
        if not isinstance(value, Mapping):
            problem(field, f"{shown(value)} is not allowed; use off, on or a mapping of options.")
            continue
        options = rule.options()
        kept: dict[str, Any] = {}
        for name, option in value.items():
            kind = options.get(name) if isinstance(name, str) else None
            if kind is None:
                close = difflib.get_close_matches(name, sorted(options), n=1) if isinstance(name, str) else []
                problem(f"{field}.{name}", f"unknown option `{name}`.",
                        f"did you mean `{close[0]}`?" if close else f"Options: {', '.join(sorted(options))}.")
            elif not kind.accepts(option):
                problem(f"{field}.{name}", f"{shown(option)} is not allowed; use {kind.allowed}.")
            else:
                kept[name] = option
        cleaned[code] = kept
    return cleaned, problems


def merge(*layers: Layer) -> Layer:
    """Later layers override earlier ones, rule by rule and option by option."""
    merged: Layer = {}
    for layer in layers:
        for code, options in layer.items():
            merged[code] = {**merged.get(code, {}), **options}
    return merged
