"""The parts of a press release, by the headings that name them or by their place.

The press release is cut into *units*: a paragraph with the lists, tables and code
that follow it, or a whole block quote. A unit under a heading that names a part
(``## Problem``) is that part. The others are read in order, as a reader does:

1. the first heading or bold line is the headline (a short first line without a full
   stop also is, and so is a short paragraph right before the dateline's); the next
   heading, bold or italic line, or one short sentence (or short paragraph right before
   the dateline's), is the subheading;
2. the first paragraph after them that reads as prose (a sentence that ends in a full
   stop, a question or an exclamation mark, with enough words to say something), or that
   opens with a dateline, is the summary: a tagline, a contact block, a byline or a line
   for the newsroom above it is not;
3. a paragraph that quotes someone with their name (``"…," said Ana Lopes``, or a
   block quote with ``— Ana Lopes``) is a quote: with two speakers, the first is the
   leader and the last the customer (a quote between them is the leader's, or the
   customer's when it comes right before theirs); a lone one is the customer's when the words
   around it introduce a customer (``who sells cheese``, ``at a bakery``), else the
   leader's;
4. the last paragraph is the call to action;
5. the paragraphs between these take the remaining parts in the canonical order
   (problem, solution, getting started); when there are fewer paragraphs than parts,
   each paragraph's words say which part it is (``today… by hand`` is a problem, ``to
   get started, download…`` is how to start), and a paragraph may be two parts.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from itertools import pairwise

from dayone.documents.checks import quotes
from dayone.documents.checks.dates import find_date, find_dateline
from dayone.documents.checks.prfaq import (
    ORDER,
    QUOTE_PARTS,
    Division,
    Part,
    Title,
    is_document_title,
    is_italic_line,
    part_named,
    title_of,
)
from dayone.documents.checks.text import Block, Doc, split_sentences

CUES = {
    "problem": re.compile(r"\b(?:today|currently|problems?|struggl\w*|hard|difficult|frustrat\w*|"
                          r"lose|loses|lost|losing|wast\w*|can't|cannot|can’t|unable|without|pain\w*|"
                          r"have\s+to|has\s+to|spend|spends|spent|manual\w*|by\s+hand|slow|tedious|miss\w*)\b",
                          re.I),
    "solution": re.compile(r"\b(?:now|lets?|helps?|enables?|introduc\w*|turns?|gives?|automatic\w*|"
                           r"instead|solves?|works?|with\s+one|in\s+one|provides?|offers?|delivers?)\b", re.I),
    "getting-started": re.compile(r"\b(?:get(?:ting)?\s+started|to\s+start|start(?:s|ing)?\s+(?:by|with)|"
                                  r"sign(?:ing)?\s+(?:up|in)|download\w*|install\w*|set(?:ting)?\s+up|"
                                  r"open\s+the|steps?)\b", re.I),
    "call-to-action": re.compile(r"\b(?:visit|available|learn\s+more|go\s+to|join|order|buy|try|"
                                 r"today|www\.|https?://)\b|\w\.(?:com|org|io|example)\b", re.I),
}
HEADLINE_WORDS = 25
# a press release's lines for the newsroom: who to call, when it may run
RELEASE_METADATA = re.compile(r"\s*(?:for\s+immediate\s+release\b|embargoed\b|(?:media\s+|press\s+)?contacts?\s*:)",
                              re.I)
HEADLINE_AFTER = re.compile(r"^.*?\bpress\s+release\b\W*", re.I)  # "Press release: <the headline>"
SUBHEADING_WORDS = 40
BYLINE_WORDS = 12
PROSE_WORDS = 6  # fewer words ending in a full stop: a label or a line for the newsroom, not a summary
# a sentence's end: . ! ? or …, then (maybe) a closing quote or bracket, then a space or the end
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s|$)")


@dataclass
class Unit:
    """A paragraph and what hangs from it, with the part its heading names (if any)."""

    blocks: list[Block]
    label: str | None
    heading: Title | None
    title: Title | None = None  # the unit is itself a heading or bold line
    block_quote: bool = False
    parts: list[str] = field(default_factory=list)  # parts it was found to be


def find_parts(doc: Doc, press: Division) -> dict[str, Part]:
    """Each part of the press release that is there, by heading or by place."""
    units, titled = _units(doc, press)
    if not titled.keys() & {"heading", "subheading"}:
        if press.title is not None and not press.blog_post \
                and len(HEADLINE_AFTER.sub("", press.title.text).split()) >= 3:
            units.insert(0, Unit([press.title.block], None, None, title=press.title))  # in its heading
        elif not units or units[0].title is None:
            units[:0] = _lead(doc, press)
    _label_headline(doc, units, subheading=not press.blog_post)  # a blog post has none
    body = [u for u in units if u.label not in ("heading", "subheading")
            and (u.title is None or u.label is not None)]
    named = set(titled)
    if "summary" not in named and (summary := _summary(doc, body)) is not None:
        summary.parts.append("summary")
    _find_quotes(doc, body, named)
    if "call-to-action" not in named and body and body[-1].label is None and not body[-1].parts:
        body[-1].parts.append("call-to-action")  # the closing paragraph
    _fill_gaps(doc, body, named)
    return _collect(units, titled)


# --- units -----------------------------------------------------------------------------

def _is_block_quote(doc: Doc, block: Block) -> bool:
    return _quoted_line(doc, block.line)


def _quoted_line(doc: Doc, line: int) -> bool:
    return quotes.BLOCK_QUOTE.match(doc.source, doc.line_offset(line)) is not None


def _same_block_quote(doc: Doc, last: Unit, block: Block) -> bool:
    """Whether a block-quoted paragraph goes on the block quote just before it."""
    end = last.blocks[-1].end_line
    return block.line == end + 1 or (block.line == end + 2 and _quoted_line(doc, end + 1))


def _units(doc: Doc, press: Division) -> tuple[list[Unit], dict[str, Title]]:
    """The press release's units, and the parts a heading names (even an empty one)."""
    first = press.title.block.end_line + 1 if press.title is not None else press.line
    label: str | None = None
    heading: Title | None = None
    units: list[Unit] = []
    titled: dict[str, Title] = {}
    for block in doc.blocks:
        if not first <= block.line <= press.end_line:
            continue
        title = title_of(doc, block)
        if title is not None:
            named = part_named(title.normalized)
            if named is not None:
                label, heading = named, title
                titled.setdefault(named, title)
            elif not units and is_document_title(title):
                continue  # "# Acme Pay PR/FAQ" names the document
            elif not units or (len(units) == 1 and units[0].label is None):
                units.append(Unit([block], None, None, title=title))  # headline, subheading
            else:
                label, heading = None, None  # a heading of the writer's own: its text is free
            continue
        quoted = _is_block_quote(doc, block)
        last = units[-1] if units else None
        if last is not None and last.title is None and (
                block.kind != "paragraph" or block.in_list
                or (quoted and last.block_quote and _same_block_quote(doc, last, block))
                or (last.block_quote and quotes.ATTRIBUTION.match(doc.masked, block.start))):
            last.blocks.append(block)  # a list, a table, the rest of a block quote
            continue
        if (block.kind != "paragraph" and block.kind != "heading") or block.in_list:
            continue  # a list, a table or code before any paragraph: a byline, metadata
        if block.kind == "paragraph" and (RELEASE_METADATA.match(doc.masked, block.start)
                                          or is_byline(doc.masked[block.start:block.end])):
            continue  # "Contact: …", "For immediate release", "March 3, 2030 · Acme": not a part
        units.append(Unit([block], label, heading, block_quote=quoted))
    return units, titled


def _lead(doc: Doc, press: Division) -> list[Unit]:
    """A document that opens with its product's name and a tagline, then a `Press release`
    heading, has them as its headline and subheading."""
    if press.title is None:
        return []
    before = [b for b in doc.blocks if b.line < press.line and b.kind in ("heading", "paragraph")]
    if not before or (title := title_of(doc, before[0])) is None:
        return []
    lead = [Unit([before[0]], None, None, title=title)]
    if len(before) > 1 and before[1].kind == "paragraph" and not before[1].in_list \
            and _words(doc.masked[before[1].start:before[1].end]) <= SUBHEADING_WORDS:
        lead.append(Unit([before[1]], None, None))
    return lead


def _text(doc: Doc, unit: Unit) -> str:
    return "\n".join(doc.masked[b.start:b.end] for b in unit.blocks)


def _words(text: str) -> int:
    return len(text.split())


def _opens_with_dateline(doc: Doc, units: list[Unit], index: int) -> bool:
    return index < len(units) and find_dateline(_text(doc, units[index])) is not None


def _label_headline(doc: Doc, units: list[Unit], *, subheading: bool = True) -> None:
    """The headline and subheading by their place, when no heading names them: what
    comes before the dateline's paragraph, or short lines that look the part."""
    if not units or units[0].label is not None:
        return
    dateline = next((i for i in (1, 2) if _opens_with_dateline(doc, units, i)), None)
    if dateline is not None and all(u.label is None and _words(_text(doc, u)) <= SUBHEADING_WORDS
                                    for u in units[:dateline]):
        for unit, part in zip(units[:dateline], ("heading", "subheading"), strict=False):
            unit.label = part  # the lines above the dateline's paragraph
        return
    first = units[0]
    text = _text(doc, first)
    plain_headline = (len(units) > 1 and find_dateline(text) is None
                      and first.blocks[0].line == first.blocks[-1].end_line
                      and _words(text) <= HEADLINE_WORDS and not text.rstrip().endswith("."))
    if first.title is None and not plain_headline:
        return
    first.label = "heading"
    if not subheading or len(units) < 3 or units[1].label is not None:
        return
    second = units[1]
    text = _text(doc, second)
    short = (_words(text) <= SUBHEADING_WORDS and find_dateline(text) is None
             and not quotes.is_quote(text, block_quote=second.block_quote)
             and len(split_sentences(doc.masked, second.blocks[0])) == 1)
    if second.title is not None or is_italic_line(doc, second.blocks[0]) or short:
        second.label = "subheading"


def is_byline(text: str) -> bool:
    """Whether a paragraph is a byline: a date and a name or two, in a few words, with no
    sentence in it (``March 18, 2026 · AWS CDK Team``, ``By Ana Lopes, 3 March 2030``)."""
    return (_words(text) <= BYLINE_WORDS and SENTENCE_END.search(text.rstrip()) is None
            and find_date(text) is not None)


def reads_as_prose(text: str) -> bool:
    """Whether a paragraph reads as prose: it has enough words and a sentence in it ends
    in a full stop, a question or an exclamation mark. A tagline (``Award-Winning Version
    Control Tool to Benefit from Stewardship``), a contact block or a byline does not."""
    return _words(text) >= PROSE_WORDS and SENTENCE_END.search(text.rstrip()) is not None


def _summary(doc: Doc, body: list[Unit]) -> Unit | None:
    """The summary among the paragraphs no heading names: the first that opens with a
    dateline or reads as prose, among those before any part found so far; else the first."""
    free = list(itertools.takewhile(lambda u: u.label is None, body))
    for unit in free:
        text = _text(doc, unit)
        if find_dateline(text) is not None or (not unit.block_quote and reads_as_prose(text)):
            return unit
    return free[0] if free else None


# --- quotes ------------------------------------------------------------------------------

def _find_quotes(doc: Doc, body: list[Unit], named: set[str]) -> None:
    """Mark the leader's and the customer's quotes among the paragraphs no heading names."""
    wanted = [p for p in QUOTE_PARTS if p not in named]
    runs: list[list[Unit]] = []
    previous: Unit | None = None
    for unit in body:
        if unit.label is None and not unit.parts:
            text = _text(doc, unit)
            if quotes.is_quote(text, block_quote=unit.block_quote):
                runs.append([unit])
            elif runs and previous is runs[-1][-1] and quotes.has_quotation(text):
                runs[-1].append(unit)  # the quote goes on in a second paragraph
        previous = unit
    if not wanted or not runs:
        return
    if len(wanted) == 2 and len(runs) >= 2:
        chosen = [(runs[0], "leader-quote"), (runs[-1], "customer-quote")]
        for run, after in pairwise(runs[1:]):  # a third voice, or "…," Nair added
            next_to_customer = body.index(after[0]) == body.index(run[-1]) + 1
            chosen.append((run, "customer-quote" if next_to_customer else "leader-quote"))
    elif len(wanted) == 2:
        customer = quotes.reads_as_customer(_text(doc, runs[0][0]), block_quote=runs[0][0].block_quote)
        chosen = [(runs[0], "customer-quote" if customer else "leader-quote")]
    else:
        chosen = [(runs[0] if wanted[0] == "leader-quote" else runs[-1], wanted[0])]
    for run, part in chosen:
        for unit in run:
            unit.parts.append(part)


# --- the rest, by place and by words --------------------------------------------------------

def _fill_gaps(doc: Doc, body: list[Unit], named: set[str]) -> None:
    """Give the paragraphs between known parts the parts that belong between them."""
    taken = named | {p for u in body for p in u.parts}
    gap: list[Unit] = []
    before = "subheading"
    for unit in [*body, None]:
        if unit is not None and unit.label is None and not unit.parts:
            gap.append(unit)
            continue
        after = None if unit is None else (unit.label or min(unit.parts, key=ORDER.index))
        low = ORDER.index(before) + 1
        high = len(ORDER) if after is None else ORDER.index(after)
        slots = [p for p in ORDER[low:high] if p not in taken and p not in QUOTE_PARTS]
        taken |= _fill(doc, gap, slots)
        gap = []
        if unit is not None:
            before = max((unit.label, *unit.parts) if unit.label else unit.parts, key=ORDER.index)
    if "getting-started" not in taken:
        _float_getting_started(doc, body)


def _fill(doc: Doc, gap: list[Unit], slots: list[str]) -> set[str]:
    """Parts for a run of paragraphs: by place when there are enough, else by their words."""
    if not gap or not slots:
        return set()
    if len(gap) >= len(slots):
        elastic = next((p for p in ("solution", "getting-started") if p in slots), slots[0])
        cut = slots.index(elastic)
        head, tail = slots[:cut], slots[cut + 1:]
        for unit, part in zip(gap, head, strict=False):
            unit.parts.append(part)
        for unit, part in zip(reversed(gap), reversed(tail), strict=False):
            unit.parts.append(part)
        for unit in gap[len(head):len(gap) - len(tail)]:
            unit.parts.append(elastic)
        return set(slots)
    filled: set[str] = set()
    at = 0
    for index, unit in enumerate(gap):
        left = slots[at:]
        room = len(left) - (len(gap) - index - 1)  # leave a part for each paragraph after it
        text = _text(doc, unit)
        cued = [p for p in left[:max(room, 1)] if CUES[p].search(text)]
        chosen = left[:1]
        if cued:  # the first part its words name (a lone paragraph: and the parts after it they name)
            start = left.index(cued[0])
            chosen = [cued[0]]
            for part in left[start + 1:max(room, 1)] if len(gap) == 1 else ():
                if part not in cued:
                    break
                chosen.append(part)
        unit.parts.extend(chosen)
        filled.update(chosen)
        at = slots.index(chosen[-1]) + 1 if chosen else at
    return filled


def _float_getting_started(doc: Doc, body: list[Unit]) -> None:
    """How to start is often told after the customer's quote, in the closing lines, or at
    the end of the summary ("… To get started, visit acme.example")."""
    seen_solution = False
    later: list[Unit] = []
    for unit in body:
        seen_solution = seen_solution or "solution" in unit.parts or unit.label == "solution"
        if seen_solution and unit.label is None and not set(unit.parts) & {*QUOTE_PARTS, "problem", "solution"}:
            later.append(unit)
    summary = [u for u in body if "summary" in u.parts]
    for unit in later + summary:
        if CUES["getting-started"].search(_text(doc, unit)):
            unit.parts.append("getting-started")
            return


def _collect(units: list[Unit], titled: dict[str, Title]) -> dict[str, Part]:
    blocks: dict[str, list[Block]] = {}
    heading: dict[str, Title | None] = {}
    for unit in units:
        for part in [unit.label] if unit.label else unit.parts:
            if part is None:
                continue
            blocks.setdefault(part, []).extend(unit.blocks)
            heading.setdefault(part, unit.heading if unit.label else None)
    found = {}
    for part, found_blocks in blocks.items():
        title = heading[part]
        found[part] = Part(part, tuple(found_blocks), title,
                           title.block.line if title is not None else found_blocks[0].line)
    for part, named in titled.items():  # a heading with nothing under it: the part is empty
        found.setdefault(part, Part(part, (), named, named.block.line))
    return {part: found[part] for part in ORDER if part in found}
