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

from dayone import yamlfile
from dayone.errors import ValidationFailed

# Block structure only: the checker masks inline markup itself, and inline parsing of
# brackets and emphasis is what costs markdown-it most on a long document.
_MD = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.S)
# Every pattern here runs on up to the whole document, so none may backtrack over a
# long run: classes stop at the next opening bracket, runs are entered only at their
# start, and nothing matches across lines where Markdown would not.
URL = re.compile(r"<?\bhttps?://[^\s>)]+>?")
LINK_TARGET = re.compile(r"\]\([^()\s]*(?:[ \t]+\"[^\"\n]*\")?\)")
IMAGE = re.compile(r"!\[[^\[\]]*\]\([^()]*\)")
MARKUP = re.compile(r"[*_~\[\]]|^[ \t]{0,3}(?:>[ \t]?)+"
                    r"|^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)(?:\[[ xX]\][ \t]+)?", re.M)
HEADING_MARK = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]*|(?<![ \t])[ \t]+#+[ \t]*$", re.M)
BACKTICKS = re.compile(r"`+")
IGNORE = re.compile(r"dayone-ignore(?::?\s*+([a-z0-9,\s-]*+))?")  # a comment's whole text

ABBREVIATIONS = {
    "e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "prof", "inc", "ltd", "co", "corp",
    "no", "approx", "est", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "st", "jr", "sr", "u.s", "u.k", "a.m", "p.m", "dept", "ca",
}
SENTENCE_END = re.compile(r"(?<![.!?])[.!?]+[\"'”’)\]]*(?=\s|$)")
WORD = re.compile(r"(?<!\S)\S*[^\W_]\S*")  # a token with at least one letter or digit


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
    def words(self) -> list[re.Match[str]]:
        return list(WORD.finditer(self.text))


def strip_front_matter(source: str) -> str:
    """The Markdown without its YAML front matter, for rendering and export."""
    match = FRONT_MATTER.match(source.replace("\r\n", "\n"))
    return source[match.end():] if match else source


def front_matter_of(source: str) -> tuple[dict[str, Any], str | None]:
    """A document's front matter and its YAML problem, read as a Doc reads them, without
    parsing the body (a Doc of the front matter block alone)."""
    head = FRONT_MATTER.match(source.replace("\r\n", "\n"))
    if head is None:
        return {}, None
    doc = Doc(head.group())
    return doc.front_matter, doc.front_matter_error


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


def _front_matter_problem(exc: ValidationFailed) -> str:
    """The YAML problem, at its line in the document (the front matter starts on line 2)."""
    found = (exc.details or [{}])[0]
    line = found.get("location", {}).get("line")
    message = str(found.get("message", exc.message)).removeprefix("not valid YAML: ")
    return f"{message} (line {line + 1})" if line else message


def normalize_title(title: str) -> str:
    return re.sub(r"[^a-z0-9/ ]+", " ", title.lower()).strip().replace("  ", " ")


class Doc:
    """A parsed Markdown document."""

    def __init__(self, source: str, *, doc_type: str | None = None) -> None:
        self.source = source.replace("\r\n", "\n")
        self.front_matter: dict[str, Any] = {}
        self.front_matter_error: str | None = None
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.source)]
        body_start = 0
        if match := FRONT_MATTER.match(self.source):
            body_start = match.end()
            try:
                loaded = yamlfile.load(match.group(1), file="front matter", limits=yamlfile.FRONT_MATTER)
                self.front_matter = loaded if isinstance(loaded, dict) else {}
            except ValidationFailed as exc:
                self.front_matter_error = _front_matter_problem(exc)
        self.body_start = body_start
        self.ignored = self._suppressions()
        self.masked = self._mask(body_start)
        self.sections: list[Section] = []
        self._all_sections: list[Section] = []
        self.blocks: list[Block] = []
        self.memo: dict[str, Any] = {}  # what rules work out once per document
        self._parse(body_start)
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
        for pattern in (IMAGE, URL, LINK_TARGET):
            for m in pattern.finditer(self.source, body_start):
                blank(m.start(), m.end())
        masked = "".join(chars)
        for pattern in (HEADING_MARK, MARKUP):
            masked = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), masked)
        return masked

    def _parse(self, body_start: int) -> None:
        first_line = self.position(body_start)[0] - 1  # 0-based line where the body starts
        tokens = _MD.parse(self.source[body_start:])
        total_lines = len(self._line_starts)
        stack: list[Section] = []
        list_depth = 0
        i = 0
        while i < len(tokens):
            tok = tokens[i]
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


def split_sentences(masked: str, block: Block) -> list[Sentence]:
    text = masked[block.start:block.end]
    sentences: list[Sentence] = []
    begin = 0
    for match in SENTENCE_END.finditer(text):
        before = text[begin:match.start()]
        last = before.rsplit(None, 1)[-1].lower() if before.strip() else ""
        if match.group().startswith(".") and len(match.group().rstrip("\"'”’)]")) == 1 and (
            last.rstrip(".") in ABBREVIATIONS or re.fullmatch(r"[a-z]", last)
        ):
            continue  # "e.g." or an initial: not the end of a sentence
        _add(sentences, text, begin, match.end(), block)
        begin = match.end()
    _add(sentences, text, begin, len(text), block)
    return sentences


def _add(out: list[Sentence], text: str, start: int, end: int, block: Block) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped or not any(c.isalnum() for c in stripped):
        return
    lead = len(chunk) - len(chunk.lstrip())
    s = block.start + start + lead
    out.append(Sentence(stripped, s, s + len(stripped), block))
