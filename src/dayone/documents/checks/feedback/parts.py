"""Interview feedback as the feedback rules read it: each principle's STAR parts and the
vote's reason, each a small text of its own with exact positions.

Every part is parsed as the checker parses a document (:class:`~dayone.documents.checks.text.Doc`),
so markup, code spans and list markers are masked and a finding's line and column are the
line and column the interviewer typed *in that part*; ``Location.field`` names the part:
``notes[Ownership].action``, ``vote_reason``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol, runtime_checkable

from dayone.documents.checks.rule import Context, Rule
from dayone.documents.checks.text import Doc
from dayone.findings import Finding, Level, Location

STAR = ("situation", "task", "action", "result")
VOTE_REASON = "vote_reason"


@runtime_checkable
class StarLike(Protocol):
    """One principle's notes in STAR form: any object with these five str attributes."""

    @property
    def principle(self) -> str: ...
    @property
    def situation(self) -> str: ...
    @property
    def task(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def result(self) -> str: ...


@dataclass(frozen=True)
class Note:
    """A plain StarLike, for callers (and tests) without their own record type."""

    principle: str
    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""


# Quotation marks around the candidate's own words: straight or curly, double or single (an
# apostrophe between two letters, as in didn't, does not close a single quote).
QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”|‘(?:[^’\n]|(?<=\w)’(?=\w))*’|"
                    r"(?<!\w)'(?:[^'\n]|(?<=\w)'(?=\w))*'(?!\w)")


@dataclass
class Part:
    """One field of the feedback: a STAR part of a principle's notes, or the vote's reason."""

    field: str  # "notes[Ownership].action" or "vote_reason"
    principle: str | None  # None for the vote's reason
    note: int | None  # the note's place in the list, from 1 (None for the vote's reason)
    name: str  # "situation", "task", "action", "result" or "vote_reason"
    text: str

    @cached_property
    def doc(self) -> Doc:
        return Doc(self.text, doc_type="feedback")

    @cached_property
    def quoted(self) -> list[tuple[int, int]]:
        """(start, end) of each run in quotation marks: the candidate's words, kept as evidence."""
        return [(m.start(), m.end()) for m in QUOTED.finditer(self.doc.source)]

    def in_quote(self, start: int, end: int) -> bool:
        return any(q_start <= start and end <= q_end for q_start, q_end in self.quoted)

    @property
    def label(self) -> str:
        """How a message names the part: "Ownership: the action", "the vote's reason"."""
        if self.principle is None:
            return "the vote's reason"
        return f"{self.principle}: the {self.name}"


def parts_of(notes: Sequence[StarLike], vote_reason: str) -> list[Part]:
    """Every part of the feedback in order: each note's four STAR parts, then the vote's reason.
    A note is named by its principle (``notes[Ownership]``), or by its place (``notes[#2]``) when
    it has none or an earlier note has the same, so every field names one part."""
    parts: list[Part] = []
    keys: set[str] = set()
    for index, note in enumerate(notes, start=1):
        principle = _text(getattr(note, "principle", "")).strip()
        key = principle
        while not key or key in keys:
            key = f"#{index}" if key != f"#{index}" else f"{key}#"
        keys.add(key)
        for name in STAR:
            parts.append(Part(f"notes[{key}].{name}", principle or f"note {index}", index, name,
                              _text(getattr(note, name, ""))))
    parts.append(Part(VOTE_REASON, None, None, VOTE_REASON, _text(vote_reason)))
    return parts


def _text(value: object) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


@dataclass
class FeedbackContext(Context):
    """A rule's view of one interviewer's feedback: its parts, and which rules run."""

    parts: list[Part] = field(default_factory=list)
    enabled: frozenset[str] = frozenset()
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)  # every rule's, cleaned

    def other(self, rule: Rule) -> Context:
        """Another rule's view of the same feedback, with the workspace's options for it."""
        return Context(self.doc, rule, self.settings.get(rule.code, {}), self.today)

    def notes(self) -> Iterator[tuple[str, dict[str, Part]]]:
        """Each note's principle and its four parts by name."""
        by_note: dict[int, dict[str, Part]] = {}
        for part in self.parts:
            if part.note is not None:
                by_note.setdefault(part.note, {})[part.name] = part
        for parts in by_note.values():
            yield next(iter(parts.values())).principle or "", parts

    def at(self, part: Part, start: int, end: int, message: str, suggestion: str | None = None,
           *, level: Level | None = None) -> Finding:
        """A finding on ``part``'s text from ``start`` to ``end`` (offsets in ``part.doc.source``)."""
        line, column = part.doc.position(start)
        end_line, end_column = part.doc.position(max(end, start))
        return Finding(level or self.rule.level, self.rule.code, message,
                       Location(line=line, column=column, end_line=end_line, end_column=end_column,
                                field=part.field), suggestion)

    def on(self, part: Part, message: str, suggestion: str | None = None, *,
           level: Level | None = None) -> Finding:
        """A finding on the whole of ``part`` (its text without the spaces around it; the field
        alone when it is empty)."""
        source = part.doc.source
        stripped = source.strip()
        if not stripped:
            return Finding(level or self.rule.level, self.rule.code, message, Location(field=part.field),
                           suggestion)
        start = len(source) - len(source.lstrip())
        return self.at(part, start, start + len(stripped), message, suggestion, level=level)


def feedback_context(ctx: Context) -> FeedbackContext:
    """The feedback context a feedback rule runs in (a rule run on a document gets none)."""
    if not isinstance(ctx, FeedbackContext):
        raise TypeError(f"{ctx.rule.code} reads interview feedback, not a document")
    return ctx
