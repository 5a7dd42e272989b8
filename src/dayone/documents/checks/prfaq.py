"""The canonical structure of a PR/FAQ, and where each part sits in a document."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dayone.documents.checks.text import Doc, Section, split_sentences
from dayone.findings import Finding

if TYPE_CHECKING:
    from dayone.documents.checks.rule import Context

# part id → (name shown to writers, heading titles that mean it)
PARTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "heading": ("Heading", ("heading", "headline", "title")),
    "subheading": ("Subheading", ("subheading", "sub heading", "subheadline", "subtitle")),
    "summary": ("Summary", ("summary", "summary paragraph", "opening", "opening paragraph")),
    "problem": ("Problem", ("problem", "the problem", "customer problem")),
    "solution": ("Solution", ("solution", "the solution")),
    "leader-quote": ("Leader quote", ("leader quote", "quote from a leader", "leader s quote",
                                      "spokesperson quote", "internal quote", "company quote")),
    "getting-started": ("Getting started", ("getting started", "how to get started",
                                            "how it works")),
    "customer-quote": ("Customer quote", ("customer quote", "customer s quote",
                                          "quote from a customer", "customer testimonial")),
    "call-to-action": ("Call to action", ("call to action", "closing", "availability")),
}
PRESS_RELEASE = ("press release",)
EXTERNAL_FAQ = ("external faq", "customer faq", "faq customers", "external faqs", "customer faqs")
INTERNAL_FAQ = ("internal faq", "faq internal", "internal faqs", "stakeholder faq")


@dataclass(frozen=True)
class PrfaqLayout:
    press_release: Section | None
    external_faq: Section | None
    internal_faq: Section | None
    parts: dict[str, Section]  # part id → its section, in document order


def part_of(section: Section) -> str | None:
    title = section.normalized
    for part, (_, names) in PARTS.items():
        if title in names:
            return part
    return None


def layout(doc: Doc) -> PrfaqLayout:
    """Where each part of a PR/FAQ is (worked out once per document: several rules ask)."""
    found = doc.memo.get("prfaq-layout")
    if found is None:
        found = doc.memo["prfaq-layout"] = _layout(doc)
    return found  # type: ignore[no-any-return]


def _layout(doc: Doc) -> PrfaqLayout:
    press = doc.find_section(*PRESS_RELEASE)
    parts: dict[str, Section] = {}
    candidates = doc.all_sections()
    for section in candidates:
        inside = press is None or (press.line < section.line <= press.end_line)
        part = part_of(section)
        if part and inside and part not in parts:
            parts[part] = section
    return PrfaqLayout(press, doc.find_section(*EXTERNAL_FAQ), doc.find_section(*INTERNAL_FAQ),
                       parts)


def part_text(doc: Doc, section: Section) -> str:
    """The prose directly under a part's heading (not its sub-sections)."""
    end = section.children[0].line - 1 if section.children else section.end_line
    start = doc.line_offset(section.line + 1)
    stop = doc.line_offset(end + 1) if end + 1 <= len(doc.source.splitlines()) else len(doc.source)
    return doc.masked[start:stop]


def one_sentence(ctx: Context, part: str, name: str) -> Iterator[Finding]:
    """A finding when a part (the heading, the subheading) holds more than one sentence."""
    section = layout(ctx.doc).parts.get(part)
    if section is None:
        return
    blocks = [b for b in ctx.doc.blocks_in(section) if b.kind == "paragraph"
              and (not section.children or b.line < section.children[0].line)]
    sentences = [s for b in blocks for s in split_sentences(ctx.doc.masked, b)]
    if len(sentences) > 1:
        yield ctx.finding(sentences[0].start, sentences[-1].end,
                          f"The {name} has {len(sentences)} sentences; it must be one.",
                          f"Keep the {name} to one sentence and move the rest to the summary.")
