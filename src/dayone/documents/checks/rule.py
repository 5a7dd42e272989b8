"""What a rule is, and the context it runs in."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dayone.documents.checks.options import Kind, Switch, Words
from dayone.documents.checks.text import Doc
from dayone.findings import Finding, Level, Location


@dataclass(frozen=True)
class Rule:
    """A rule's options are its ``defaults``, each with its ``kinds`` entry (type and range)."""

    code: str
    level: Level
    summary: str
    check: Callable[[Context], Iterator[Finding]]
    defaults: dict[str, Any] = field(default_factory=dict)
    doc_types: frozenset[str] = frozenset({"prfaq", "narrative", "one-pager"})
    kinds: dict[str, Kind] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, value in self.defaults.items():
            if name not in self.kinds or not self.kinds[name].accepts(value):
                raise TypeError(f"{self.code}: option {name} needs a kind that accepts its default")

    def options(self) -> dict[str, Kind]:
        """Every option a setting may give: the rule's own, `enabled`, and for a word list
        `extra_<name>` (words added) and `allow` (words taken out)."""
        found: dict[str, Kind] = {"enabled": Switch(), **self.kinds}
        for name, kind in self.kinds.items():
            if isinstance(kind, Words):
                found[f"extra_{name}"] = kind
                found["allow"] = kind
        return found


@dataclass
class Context:
    """One rule's view of one document: its options, today's date, the page counter."""

    doc: Doc
    rule: Rule
    options: dict[str, Any]
    today: date
    file: str | None = None
    layout_pages: bool = False  # count pages by real layout (slow) or by the estimate

    def option(self, name: str) -> Any:
        return self.options.get(name, self.rule.defaults.get(name))

    def words_option(self, name: str, *, allow_adds: bool = False) -> set[str]:
        """A word list: the default, plus `extra_<name>`, less `allow` — or plus `allow`
        when the list names what is allowed (``allow_adds``: acronyms known to readers)."""
        words = {w.lower() for w in self.option(name) or ()}
        words |= {w.lower() for w in self.options.get(f"extra_{name}", ())}
        allowed = {w.lower() for w in self.options.get("allow", ())}
        return words | allowed if allow_adds else words - allowed

    def quote(self, start: int, end: int) -> str:
        """The source text of a span on one line, for a message."""
        return " ".join(self.doc.source[start:end].split())

    def finding(self, start: int, end: int, message: str, suggestion: str | None = None,
                *, code: str | None = None, level: Level | None = None) -> Finding:
        line, column = self.doc.position(start)
        end_line, end_column = self.doc.position(max(end, start))
        return Finding(level or self.rule.level, code or self.rule.code, message,
                       Location(file=self.file, line=line, column=column, end_line=end_line,
                                end_column=end_column), suggestion)

    def at_line(self, line: int, message: str, suggestion: str | None = None) -> Finding:
        start = self.doc.line_offset(line)
        end = self.doc.source.find("\n", start)
        return self.finding(start, end if end >= 0 else len(self.doc.source), message, suggestion)
