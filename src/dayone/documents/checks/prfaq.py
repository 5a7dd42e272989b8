"""The canonical structure of a PR/FAQ, and where each part sits in a document.

A PR/FAQ is read the way a reader reads it, whatever its headings:

- its **divisions** — the press release, the external (customer) FAQ, the internal
  (stakeholder) FAQ and the appendix — are found by their headings or bold lines under
  the names people use (``FAQ``, ``Frequently asked questions``, ``Customer FAQ``,
  ``Internal FAQ``, ``Stakeholder FAQ``, ``Appendix A``, ``Appendices``…). A press
  release without a heading of its own is everything before the first of the others.
- the press release's nine **parts** are found by a heading that names them (our
  template's ``## Summary``…) or by their place (`prfaq_shape`): the first heading or
  bold line is the headline, the next line the subheading, then the paragraphs in
  order — summary with its dateline, problem, solution, the leader's quote, how to
  start, the customer's quote, the call to action.
- a design document written working backwards often quotes its launch as a **blog post**
  (``### Blog post`` under ``## Working backwards``, above the FAQ): when no heading names a
  press release, that blog post is it — not the document's own introduction above it. It
  runs to the thematic break (``---``) that closes it or to the next division; its byline
  (``March 18, 2026 · AWS CDK Team``) is its dateline, and it needs no subheading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dayone.documents.checks.text import APPENDIX, Block, Doc, normalize_title, split_sentences
from dayone.findings import Finding

if TYPE_CHECKING:
    from dayone.documents.checks.rule import Context

# part id → (name shown to writers, heading titles that mean it)
PARTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "heading": ("Heading", ("heading", "headline", "title")),
    "subheading": ("Subheading", ("subheading", "sub heading", "subheadline", "sub headline",
                                  "subtitle")),
    "summary": ("Summary", ("summary", "summary paragraph", "opening", "opening paragraph",
                            "intro", "introduction", "dateline")),
    "problem": ("Problem", ("problem", "the problem", "customer problem", "problem paragraph")),
    "solution": ("Solution", ("solution", "the solution", "solution paragraph")),
    "leader-quote": ("Leader quote", ("leader quote", "quote from a leader", "leader s quote",
                                      "spokesperson quote", "internal quote", "company quote",
                                      "executive quote", "quote from the company")),
    "getting-started": ("Getting started", ("getting started", "how to get started",
                                            "how it works", "how to start")),
    "customer-quote": ("Customer quote", ("customer quote", "customer s quote",
                                          "quote from a customer", "customer testimonial")),
    "call-to-action": ("Call to action", ("call to action", "closing", "closing paragraph",
                                          "availability")),
}
ORDER = tuple(PARTS)
QUOTE_PARTS = ("leader-quote", "customer-quote")
# What a reader misses when a part is not there, and where the writer puts it.
MISSING: dict[str, tuple[str, str]] = {
    "heading": ("no headline: the reader does not learn what launches",
                "Start the press release with a one-line headline naming the product and its benefit."),
    "subheading": ("no subheading: the reader does not learn who it is for and what they get",
                   "Add one sentence under the headline: who the customer is and what they get."),
    "summary": ("no summary: the reader does not learn what launches, where and when",
                "Open with a paragraph that starts with the dateline (city — outlet — date —)."),
    "problem": ("no problem: the reader does not learn what the customer struggles with",
                "Add a paragraph after the summary on the customer's problem, in their words."),
    "solution": ("no solution: the reader does not learn how the product solves the problem",
                 "Add a paragraph after the problem on how the customer's day changes."),
    "leader-quote": ("no quote from a leader: the reader does not hear why the company built it",
                     "Add a paragraph quoting a leader by name: \"…,\" said Name, title."),
    "getting-started": ("nothing on how to start: the reader does not learn how to begin",
                        "Add a paragraph on how a customer starts, in two or three steps."),
    "customer-quote": ("no quote from a customer: the reader does not hear what changed for someone it serves",
                       "Add a paragraph quoting a customer by name: \"…,\" said Name, who …"),
    "call-to-action": ("no call to action: the reader does not learn where and when to get it",
                       "End with where and when customers can get it."),
}

PRESS_RELEASE = re.compile(r"\bpress release\b")  # "Press release", "DRAFT PRESS RELEASE: Acme…"
FAQ = re.compile(r"(?<!pr/)(?<!pr )\b(?:faqs?|frequently asked questions|questions and answers|q a|q and a)\b"
                 r"|\b(?:customer|external|internal|stakeholder)s? questions\b")
INTERNAL = re.compile(r"\b(?:internal|stakeholders?|business|leadership|investors?|team)\b")
# a bare sub-heading under a plain "FAQ" heading: "## Customers", "## Internal"
EXTERNAL_HALF = re.compile(r"^(?:for )?(?:external|customers?|public|customer questions)$")
INTERNAL_HALF = re.compile(r"^(?:for )?(?:internal|stakeholders?|business|internal questions)$")
QUALIFIED = re.compile(r"\b(?:external|customers?|public)\b")  # "Customer FAQ", not a bare "FAQ"
DOC_TITLE = re.compile(r"\b(?:pr/faqs?|prfaqs?|pr faqs?|working backwards)\b|press release and (?:the )?faq")
BLOG_POST = re.compile(r"(?:(?:the|draft|launch|announcement)\s+)?(?:blog\s+post|blog|launch\s+announcement|"
                       r"announcement)")
THEMATIC_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
DIVISION_WORDS = 8  # a longer title is a headline or a question, not "Internal FAQ"
# a paragraph bold (or italic) from end to end, on one line or hard-wrapped over a few
BOLD_LINE = re.compile(r"[ \t]*(\*\*|__)(?P<text>(?:(?!\1).){1,400})\1[ \t]*:?[ \t]*", re.S)
ITALIC_LINE = re.compile(r"[ \t]*([*_])(?P<text>[^*_\s](?:(?!\1).){0,400})\1[ \t]*", re.S)
TITLE_LINES = 5  # a longer bold paragraph is emphasis, not a title


@dataclass(frozen=True)
class Title:
    """A heading, or a paragraph that is one bold line (how headings come out of word processors)."""

    text: str
    normalized: str
    level: int  # a heading's level; 7 for a bold line
    block: Block


@dataclass(frozen=True)
class Division:
    """The press release, an FAQ or the appendix: lines ``line``..``end_line``."""

    kind: str  # press-release | external-faq | internal-faq | appendix
    title: Title | None  # None: a press release known by its shape
    line: int
    end_line: int
    blog_post: bool = False  # a press release written as a launch blog post

    def text(self, doc: Doc) -> str:
        """Its Markdown, title included."""
        return doc.source[doc.line_offset(self.line):_end_offset(doc, self.end_line)]


@dataclass(frozen=True)
class Part:
    """One part of the press release: its prose blocks, and the heading that names it."""

    id: str
    blocks: tuple[Block, ...]
    heading: Title | None  # None: found by its place in the press release
    line: int  # where a finding about the whole part points

    @property
    def name(self) -> str:
        return PARTS[self.id][0]


@dataclass(frozen=True)
class PrfaqLayout:
    press_release: Division | None
    external_faq: Division | None
    internal_faq: Division | None
    appendix: Division | None
    parts: dict[str, Part]  # part id → the part, for those found


def _end_offset(doc: Doc, line: int) -> int:
    return doc.line_offset(line + 1) if line < doc.position(len(doc.source))[0] else len(doc.source)


def part_named(normalized: str) -> str | None:
    """The part a heading names (``Customer quote`` → ``customer-quote``), if any."""
    for part, (_, names) in PARTS.items():
        if normalized in names:
            return part
    return None


def _folded(title: str) -> str:
    return " ".join(normalize_title(title).split())


def title_of(doc: Doc, block: Block) -> Title | None:
    """The block as a title: a heading, or a paragraph that is one bold line."""
    if block.kind == "heading" and block.section is not None:
        return Title(block.section.title, _folded(block.section.title), block.section.level, block)
    if block.kind == "paragraph" and not block.in_list and block.end_line - block.line < TITLE_LINES:
        bold = BOLD_LINE.fullmatch(doc.source[block.start:block.end])
        if bold is not None:
            text = " ".join(bold.group("text").split())
            return Title(text, _folded(text), 7, block)
    return None


def is_italic_line(doc: Doc, block: Block) -> bool:
    """Whether the block is a paragraph in italics from end to end (a subheading's look)."""
    return (block.kind == "paragraph" and block.end_line - block.line < TITLE_LINES
            and bool(ITALIC_LINE.fullmatch(doc.source[block.start:block.end])))


def division_kind(normalized: str, faq_above: str | None) -> str | None:
    """What a title opens, if it opens a division. ``faq_above``: the kind of a plain FAQ
    heading this one sits under, whose halves may be named ``Customers`` and ``Internal``."""
    if APPENDIX.match(normalized):
        return "appendix"
    if PRESS_RELEASE.search(normalized) and not FAQ.search(normalized):
        return "press-release"
    if FAQ.search(normalized):
        return "internal-faq" if INTERNAL.search(normalized) else "external-faq"
    if faq_above is not None:
        if INTERNAL_HALF.match(normalized):
            return "internal-faq"
        if EXTERNAL_HALF.match(normalized):
            return "external-faq"
    return None


def titles(doc: Doc) -> list[Title]:
    """Every title in the document, in order."""
    found = doc.memo.get("prfaq-titles")
    if found is None:
        found = doc.memo["prfaq-titles"] = [t for b in doc.blocks if (t := title_of(doc, b)) is not None]
    return found  # type: ignore[no-any-return]


def divisions(doc: Doc) -> list[Division]:
    """The titled divisions, in order; each ends where the next begins (or where its
    heading's section ends)."""
    opened: list[tuple[str, Title]] = []
    for title in titles(doc):
        if (title.text.rstrip().endswith("?") or len(title.normalized.split()) > DIVISION_WORDS
                or is_document_title(title)):
            continue  # a question in an FAQ, a headline, the document's name: whatever they mention
        above = opened[-1] if opened and opened[-1][0].endswith("faq") else None
        faq_above = above[0] if above is not None and title.level > above[1].level else None
        kind = division_kind(title.normalized, faq_above)
        if kind is None or (opened and opened[-1][0] == kind):
            continue  # "## Customers" under "# FAQ" continues the same half
        opened.append((kind, title))
    last_line = doc.position(len(doc.source))[0]
    found = []
    for index, (kind, title) in enumerate(opened):
        end = opened[index + 1][1].block.line - 1 if index + 1 < len(opened) else last_line
        section = title.block.section if title.block.kind == "heading" else None
        if section is not None and kind != "press-release":  # "# Internal FAQ" ends at "# Notes"
            end = min(end, section.end_line)
        found.append(Division(kind, title, title.block.line, end))
    return found


def appendix_line(doc: Doc) -> int | None:
    """The line of the first appendix title (a heading or a bold line: ``Appendix``,
    ``Appendices``, ``Appendix A: costs``), or None. What follows it is the appendix."""
    return next((t.block.line for t in titles(doc) if APPENDIX.match(t.normalized)
                 and len(t.normalized.split()) <= DIVISION_WORDS and not t.text.rstrip().endswith("?")),
                None)


def layout(doc: Doc) -> PrfaqLayout:
    """Where each part of a PR/FAQ is (worked out once per document: several rules ask)."""
    found = doc.memo.get("prfaq-layout")
    if found is None:
        found = doc.memo["prfaq-layout"] = _layout(doc)
    return found  # type: ignore[no-any-return]


def _layout(doc: Doc) -> PrfaqLayout:
    from dayone.documents.checks.prfaq_shape import find_parts

    found = divisions(doc)

    def first(kind: str) -> Division | None:
        return next((d for d in found if d.kind == kind), None)

    press = first("press-release")
    if press is None:
        press = _blog_post(doc, found) or _untitled_press_release(doc, found)
    parts = find_parts(doc, press) if press is not None else {}
    return PrfaqLayout(press, first("external-faq"), first("internal-faq"), first("appendix"), parts)


def _blog_post(doc: Doc, found: list[Division]) -> Division | None:
    """A launch blog post quoted in a design document (``### Blog post``) before its FAQ:
    the press release of a document whose headings name none."""
    stop = found[0].line if found else None
    title = next((t for t in titles(doc) if BLOG_POST.fullmatch(t.normalized)
                  and (stop is None or t.block.line < stop)), None)
    if title is None:
        return None
    end = stop - 1 if stop is not None else doc.position(len(doc.source))[0]
    lines = doc.source.splitlines()
    code = {n for b in doc.blocks if b.kind == "code" for n in range(b.line, b.end_line + 1)}
    for number in range(title.block.line + 1, min(end, len(lines)) + 1):
        if number not in code and THEMATIC_BREAK.fullmatch(lines[number - 1]):
            end = number - 1  # the rule that closes the quoted post
            break
    return Division("press-release", title, title.block.line, end, blog_post=True)


def _untitled_press_release(doc: Doc, found: list[Division]) -> Division | None:
    """The press release of a document that gives it no heading: what comes before the
    first FAQ or appendix, when it holds prose."""
    stop = found[0].line - 1 if found else doc.position(len(doc.source))[0]
    blocks = [b for b in doc.blocks if b.line <= stop and b.kind in ("paragraph", "heading")]
    if not any(b.kind == "paragraph" for b in blocks):
        return None
    return Division("press-release", None, blocks[0].line, stop)


def looks_like_prfaq(doc: Doc) -> bool:
    """A document is a PR/FAQ when it has a press release, a customer's or an internal
    FAQ (a plain ``FAQ`` may close a narrative), or a dateline in its opening paragraphs."""
    from dayone.documents.checks.dates import find_dateline

    for division in divisions(doc):
        if division.kind == "appendix":
            break
        if division.kind != "external-faq" or (division.title is not None
                                               and QUALIFIED.search(division.title.normalized)):
            return True
    opening = [b for b in doc.blocks if b.kind == "paragraph"][:3]
    return any(find_dateline(doc.masked[b.start:b.end]) is not None for b in opening)


def is_document_title(title: Title) -> bool:
    """A title such as ``Acme Pay PR/FAQ``: it names the document, not the launch."""
    return len(title.normalized.split()) <= DIVISION_WORDS and bool(DOC_TITLE.search(title.normalized))


def part_text(doc: Doc, part: Part) -> str:
    """The prose of a part (masked: markup and code are spaces)."""
    return "\n\n".join(doc.masked[b.start:b.end] for b in part.blocks)


def one_sentence(ctx: Context, part_id: str, name: str) -> Iterator[Finding]:
    """A finding when a part (the heading, the subheading) holds more than one sentence."""
    part = layout(ctx.doc).parts.get(part_id)
    if part is None:
        return
    sentences = [s for b in part.blocks for s in split_sentences(ctx.doc.masked, b)]
    if len(sentences) > 1:
        yield ctx.finding(sentences[0].start, sentences[-1].end,
                          f"The {name} has {len(sentences)} sentences; it must be one.",
                          f"Keep the {name} to one sentence and move the rest to the summary.")
