"""The document as the checker sees it: front matter, sections, prose blocks and
sentences, each with exact source positions.

Markdown is parsed with markdown-it-py for its block structure. Inside each block,
everything that is not prose (markup, code spans, URLs, comments) is masked with
spaces, so every offset in the masked text is the same offset in the source and
findings point at the exact line and column the writer typed.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from markdown_it import MarkdownIt

from dayone.documents.checks.front_block import front_matter_of, normal, read_front_matter, strip_front_matter
from dayone.documents.checks.sentences import sentence_spans

__all__ = ["Block", "Doc", "Section", "Sentence", "front_matter_of", "split_sentences", "strip_front_matter"]

# Block structure only: the checker masks inline markup itself, and inline parsing of
# brackets and emphasis is what costs markdown-it most on a long document.
_MD = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])
# markdown-it drops what is nested deeper than this (a list level costs two); lines it drops
# are read as list prose (see Doc._unparsed), so a list or quote of any depth is checked.
_MD.options["maxNesting"] = 100

# Every pattern here runs on up to the whole document, so none may backtrack over a
# long run: classes stop at the next opening bracket, runs are entered only at their
# start, and nothing matches across lines where Markdown would not.
# an address ends before the punctuation that follows it ("at https://x.org. Then"), so the
# full stop still ends its sentence
URL = re.compile(r"<?\bhttps?://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"”’]>?")
# a reference link's label ([the RFC][RFC193]) is never shown to the reader
LINK_LABEL = re.compile(r"(?<=\])\[[^\[\]\n]{1,100}\]")
LINK_TARGET = re.compile(r"\]\([^()\s]*(?:[ \t]+\"[^\"\n]*\")?\)")
IMAGE = re.compile(r"!\[[^\[\]]*\]\([^()]*\)")
# emphasis and brackets; an underscore inside a word (`max_words`) is part of the word
MARKUP = re.compile(r"[*~\[\]]|(?<![^\W_])_+|_+(?![^\W_])")
# a footnote's marker [^2] and its label [^2]:, a citation [2] or a link's reference ][2]
FOOTNOTE = re.compile(r"\[\^[^\]\s]{1,64}\]:?|\[\d{1,3}\]")
QUOTE_MARKS = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.M)
# the markers of every container that opens on a list item's first line: "> - 1. [x] "
CONTAINER_MARKS = re.compile(r"[ \t]*(?:(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))[ \t]*)+(?:\[[ xX]\][ \t]+)?")
HEADING_MARK = re.compile(r"^[ \t]{0,3}#{1,6}(?=[ \t]|$)[ \t]*|(?<![ \t])[ \t]+#+[ \t]*$", re.M)
BACKTICKS = re.compile(r"`+")
CELL = re.compile(r"(?:^[ \t]*\|?|\|)((?:[^|\\\n]|\\.)*)")  # a cell, between unescaped pipes
IGNORE = re.compile(r"dayone-ignore(?::?\s*+([a-z0-9,\s-]*+))?")  # a comment's whole text

# a word: a run with at least one letter or digit, between spaces or dashes written without
# spaces (team—four, team–four, team--four); a hyphen joins (cloud-based is one word)
BREAKS = re.compile(r"\s+|—|–|--")
ALNUM = re.compile(r"[^\W_]")


@dataclass
class Section:
    """A heading and everything under it until the next heading of its level or above."""

    level: int
    title: str
    line: int  # 1-based line of the heading
    end_line: int  # last line of the section, inclusive
    parent: Section | None = None
    children: list[Section] = field(default_factory=list)
    normalized: str = field(init=False)  # the title as rules compare it, made once

    def __post_init__(self) -> None:
        self.normalized = normalize_title(self.title)

    def path(self) -> list[str]:
        node: Section | None = self
        names = []
        while node is not None:
            names.append(node.normalized)
            node = node.parent
        return names[::-1]


APPENDIX = re.compile(r"^(?:appendix|appendices|annex|annexes|annexe)\b")  # a normalized title


@dataclass
class Block:
    """A run of prose: a paragraph, a list item's paragraph, a heading or a table."""

    kind: str  # paragraph | heading | table | code
    start: int  # offset in the source
    end: int
    line: int
    end_line: int
    in_list: bool
    section: Section | None

    @cached_property
    def in_appendix(self) -> bool:
        node = self.section
        while node is not None:
            if APPENDIX.match(node.normalized):
                return True
            node = node.parent
        return False


@dataclass
class Sentence:
    text: str  # masked prose, same length as the source slice
    start: int
    end: int
    block: Block

    @cached_property
    def words(self) -> list[str]:
        text = self.text
        tokens = BREAKS.split(text) if ("—" in text or "–" in text or "--" in text) else text.split()
        # most tokens start or end with a letter: the search runs only for the rest
        return [t for t in tokens if t and (t[0].isalnum() or t[-1].isalnum() or ALNUM.search(t))]


def comment_spans(source: str, start: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each HTML comment, in one pass (an unclosed one runs to no end)."""
    spans = []
    while (begin := source.find("<!--", start)) >= 0:
        close = source.find("-->", begin + 4)
        if close < 0:
            break
        spans.append((begin, close + 3))
        start = close + 3
    return spans


def code_spans(source: str, start: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each code span: a run of backticks up to the next run of the same
    length, found in one pass over the runs (CommonMark's rule)."""
    runs = [(m.start(), m.end()) for m in BACKTICKS.finditer(source, start)]
    by_length: dict[int, list[int]] = {}
    for index, (begin, end) in enumerate(runs):
        by_length.setdefault(end - begin, []).append(index)
    cursor = dict.fromkeys(by_length, 0)  # per length: the first run not yet passed
    spans = []
    index = 0
    while index < len(runs):
        begin, end = runs[index]
        same = by_length[end - begin]
        at = cursor[end - begin]
        while at < len(same) and same[at] <= index:
            at += 1
        cursor[end - begin] = at
        if at == len(same):  # no closing run: the backticks are literal
            index += 1
            continue
        closing = same[at]
        spans.append((begin, runs[closing][1]))
        index = closing + 1
    return spans


def normalize_title(title: str) -> str:
    return re.sub(r"[^a-z0-9/ ]+", " ", title.lower()).strip().replace("  ", " ")


class Doc:
    """A parsed Markdown document."""

    def __init__(self, source: str, *, doc_type: str | None = None) -> None:
        # a byte-order mark is no character of the text: columns count from after it
        self.source = normal(source)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.source)]
        head = read_front_matter(self.source)
        self.front_matter: dict[str, Any] = head.values
        self.front_matter_error = head.error
        self.front_matter_error_at = (head.error_line or 1, head.error_column)
        self.front_matter_error_fix = head.error_fix
        self.body_start = body_start = head.end
        self.ignored = self._suppressions()
        self.sections: list[Section] = []
        self._all_sections: list[Section] = []
        self.blocks: list[Block] = []
        self.memo: dict[str, Any] = {}  # what rules work out once per document
        self._item_lines: set[int] = set()  # 1-based lines where a list item opens
        self._parse(body_start)
        self.masked = self._mask(body_start)
        self.type = (doc_type or str(self.front_matter.get("type") or "") or self._infer_type()).lower()

    # --- positions -----------------------------------------------------------------

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def line_offset(self, line: int) -> int:
        return self._line_starts[min(max(line, 1), len(self._line_starts)) - 1]

    # --- structure -----------------------------------------------------------------

    def _suppressions(self) -> dict[int, set[str] | None]:
        """Line → rule codes ignored on it (None: every rule)."""
        ignored: dict[int, set[str] | None] = {}
        for start, end in comment_spans(self.source):
            found = IGNORE.fullmatch(self.source[start + 4:end - 3].strip())
            if found is None:
                continue
            line = self.position(start)[0]
            codes = {c.strip() for c in (found.group(1) or "").split(",") if c.strip()}
            ignored[line] = codes or None
        return ignored

    def _mask(self, body_start: int) -> str:
        chars = list(self.source)

        def blank(start: int, end: int) -> None:
            for i in range(start, end):
                if chars[i] != "\n":
                    chars[i] = " "

        blank(0, body_start)
        for start, end in [*comment_spans(self.source, body_start), *code_spans(self.source, body_start)]:
            blank(start, end)
        for pattern in (IMAGE, URL, LINK_TARGET, LINK_LABEL):
            for m in pattern.finditer(self.source, body_start):
                blank(m.start(), m.end())
        for m in FOOTNOTE.finditer(self.source, body_start):
            blank(m.start(), m.end())
        # a list marker is markup only where markdown-it opened an item: "2027." that starts
        # a wrapped line of a paragraph is a year
        for line in self._item_lines:
            start = self._line_starts[line - 1]
            if marks := CONTAINER_MARKS.match(self.source, start):
                blank(marks.start(), marks.end())
        masked = "".join(chars)
        for pattern in (HEADING_MARK, QUOTE_MARKS, MARKUP):
            masked = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), masked)
        return masked

    def _parse(self, body_start: int) -> None:
        first_line = self.position(body_start)[0] - 1  # 0-based line where the body starts
        tokens = _MD.parse(self.source[body_start:])
        total_lines = len(self._line_starts)
        stack: list[Section] = []
        list_depth = 0
        deepest = 0
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            deepest = max(deepest, tok.level)
            if tok.type == "list_item_open" and tok.map is not None:
                self._item_lines.add(tok.map[0] + first_line + 1)
            if tok.type in ("bullet_list_open", "ordered_list_open"):
                list_depth += 1
            elif tok.type in ("bullet_list_close", "ordered_list_close"):
                list_depth -= 1
            elif tok.map is not None and tok.type in ("heading_open", "paragraph_open", "table_open",
                                                        "fence", "code_block", "html_block"):
                start_line = tok.map[0] + first_line + 1
                end_line = tok.map[1] + first_line
                section = stack[-1] if stack else None
                if tok.type == "heading_open":
                    level = int(tok.tag[1])
                    title = tokens[i + 1].content.strip()
                    # open sections at this level or deeper end on the line before it
                    while stack and stack[-1].level >= level:
                        stack.pop().end_line = start_line - 1
                    parent = stack[-1] if stack else None
                    section = Section(level, title, start_line, total_lines, parent)
                    (parent.children if parent else self.sections).append(section)
                    self._all_sections.append(section)
                    stack.append(section)
                kind = {"heading_open": "heading", "paragraph_open": "paragraph",
                        "table_open": "table"}.get(tok.type, "code")
                self.blocks.append(Block(kind, self.line_offset(start_line),
                                         self._end_offset(end_line), start_line, end_line,
                                         list_depth > 0, section))
            i += 1
        if deepest >= _MD.options["maxNesting"] - 2:
            self._unparsed(tokens, first_line)

    def _unparsed(self, tokens: list[Any], first_line: int) -> None:
        """Lines nested deeper than markdown-it reads (it drops them) become list prose, one
        block per line, so the deepest list item or quote is checked like the others."""
        covered: set[int] = set()
        for tok in tokens:
            if tok.map is not None and tok.type not in ("bullet_list_open", "ordered_list_open",
                                                        "list_item_open", "blockquote_open"):
                covered.update(range(tok.map[0], tok.map[1]))
        blocks = []
        lines = [b.line for b in self.blocks]
        for index in range(first_line, len(self._line_starts)):
            start = self._line_starts[index]
            end = self._end_offset(index + 1)
            if index - first_line in covered or not self.source[start:end].strip():
                continue
            self._item_lines.add(index + 1)
            before = bisect.bisect_right(lines, index + 1) - 1
            section = self.blocks[before].section if before >= 0 else None
            blocks.append(Block("paragraph", start, end, index + 1, index + 1, True, section))
        self.blocks = sorted(self.blocks + blocks, key=lambda b: b.line)

    def _end_offset(self, end_line: int) -> int:
        if end_line >= len(self._line_starts):
            return len(self.source)
        return self._line_starts[end_line] - 1

    def _infer_type(self) -> str:
        from dayone.documents.checks.prfaq import looks_like_prfaq  # it reads a parsed Doc

        return "prfaq" if looks_like_prfaq(self) else "narrative"

    def all_sections(self) -> list[Section]:
        """Every section in document order (which is the tree's pre-order)."""
        return list(self._all_sections)

    def find_section(self, *names: str) -> Section | None:
        """The first section whose normalized title starts with one of ``names``."""
        for section in self._all_sections:
            title = section.normalized
            if any(title == n or title.startswith(n + " ") for n in names):
                return section
        return None

    def section_text(self, section: Section, *, include_heading: bool = False) -> str:
        start = self.line_offset(section.line + (0 if include_heading else 1))
        end = self._end_offset(section.end_line)
        return self.source[start:end] if end > start else ""

    def blocks_in(self, section: Section) -> list[Block]:
        return [b for b in self.blocks if section.line < b.line <= section.end_line]

    # --- sentences -----------------------------------------------------------------

    @cached_property
    def sentences(self) -> list[Sentence]:
        """Sentences of every paragraph (headings, tables and code are not prose)."""
        found: list[Sentence] = []
        for block in self.blocks:
            if block.kind == "paragraph":
                found.extend(split_sentences(self.masked, block))
        return found

    @cached_property
    def cells(self) -> list[Block]:
        """Each cell of each table's body (not its header row), as a block of its own."""
        found: list[Block] = []
        for table in self.blocks:
            if table.kind != "table":
                continue
            for line in range(table.line + 2, table.end_line + 1):  # past the header and the ---
                start = self.line_offset(line)
                row = self.masked[start:self._end_offset(line)]
                for cell in CELL.finditer(row):
                    if cell.group(1).strip():
                        found.append(Block("cell", start + cell.start(1), start + cell.end(1), line, line,
                                           table.in_list, table.section))
        return found

    @cached_property
    def prose(self) -> list[Sentence]:
        """The sentences of paragraphs and of table cells, in document order: what the word
        rules read (sentence-length, comparisons, numbers and readability read paragraphs)."""
        cells = [s for block in self.cells for s in split_sentences(self.masked, block)]
        if not cells:
            return self.sentences
        return sorted(self.sentences + cells, key=lambda s: s.start)


def split_sentences(masked: str, block: Block) -> list[Sentence]:
    """The sentences of a block of masked prose (see :mod:`.sentences` for where they end)."""
    text = masked[block.start:block.end]
    return [Sentence(text[start:end], block.start + start, block.start + end, block)
            for start, end in sentence_spans(text)]
