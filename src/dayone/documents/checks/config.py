"""Per-workspace and per-document rule settings.

A rule is switched off with ``false`` or ``off``, or tuned with a mapping::

    checks:
      passive-voice: off
      sentence-length: {max_words: 25}
      acronym-undefined: {allow: [SKU, ASIN]}
      weasel-word: {extra_words: [basically]}

Document settings (front matter ``checks:``) override workspace settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dayone.findings import Finding, Level, Location

OFF = {"off", "false", "no", "disabled"}


def merge(*layers: Mapping[str, Any] | None) -> dict[str, Any]:
    """Later layers override earlier ones, rule by rule and option by option."""
    merged: dict[str, Any] = {}
    for layer in layers:
        for code, value in (layer or {}).items():
            if isinstance(value, Mapping):
                merged[code] = {**merged.get(code, {}), **value}
            elif value is False or (isinstance(value, str) and value.lower() in OFF):
                merged[code] = {"enabled": False}
            elif value is True or value is None or value == "on":
                merged[code] = {**merged.get(code, {}), "enabled": True}
            else:
                merged[code] = {"invalid": value}
    return merged


def validate(settings: dict[str, Any], known: Mapping[str, Any], where: str | None) -> list[Finding]:
    """Findings for unknown rule codes and unknown options, with a "did you mean"."""
    import difflib

    problems = []
    for code, options in settings.items():
        if code not in known:
            close = difflib.get_close_matches(code, list(known), n=1)
            hint = f"did you mean `{close[0]}`?" if close else "see docs/writing-checker.md"
            problems.append(Finding(Level.ERROR, "check-config", f"checks: unknown rule `{code}`.",
                                    Location(file=where, field=f"checks.{code}"), hint))
            continue
        if "invalid" in options:
            problems.append(Finding(
                Level.ERROR, "check-config",
                f"checks.{code}: use off, on or a mapping of options (got {options['invalid']!r}).",
                Location(file=where, field=f"checks.{code}"), None))
            continue
        allowed = set(known[code].defaults) | {"enabled", "allow"} | {
            f"extra_{k}" for k in known[code].defaults}
        for option in options:
            if option not in allowed:
                close = difflib.get_close_matches(option, sorted(allowed), n=1)
                problems.append(Finding(
                    Level.ERROR, "check-config", f"checks.{code}: unknown option `{option}`.",
                    Location(file=where, field=f"checks.{code}.{option}"),
                    f"did you mean `{close[0]}`?" if close else f"options: {', '.join(sorted(allowed))}"))
    return problems
