"""Print layout and page counting for Working Backwards documents.

A PR/FAQ or a six-page narrative is judged by its printed length, so page limits
are checked against one fixed layout: 11 pt serif text with line-height 1.35, on
A4 with margins of 2.5 cm on every side, or on US Letter with 1 inch margins.

`count_pages` lays the document out with WeasyPrint (roughly 0.05 s a page, after
0.4 s to load it); `estimate_pages` wraps the text into lines with the same metrics
and stacks them onto pages in a few milliseconds, for the live checker in the editor
and `dayone check`. tests/documents/test_page_estimate.py holds the estimate within a
quarter page of `laid_out_pages` on documents of every shape.
The estimate assumes Times metrics (Times New Roman, or Liberation Serif from
Debian's fonts-liberation); where only DejaVu Serif is installed, the layout runs
about a quarter longer than the estimate.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import nh3
from markdown_it import MarkdownIt

if TYPE_CHECKING:
    import weasyprint

PAPER_SIZES: dict[str, str] = {"A4": "A4", "Letter": "letter"}  # paper name → CSS @page size
_MARGINS = {"A4": "2.5cm 2.5cm", "Letter": "1in 1in"}
_TEXT_AREA = {"A4": (453.543, 700.157), "Letter": (468.0, 648.0)}  # points: paper less margins

_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "blockquote", "em", "strong",
         "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "a", "hr", "br"}
_MD = MarkdownIt("commonmark").enable("table")
# Times metrics first (Liberation Serif, Tinos and Nimbus Roman share them), so the
# layout is the same on Windows, macOS and Linux; DejaVu Serif is the last resort.
_FONTS = '"Times New Roman", Times, "Liberation Serif", Tinos, "Nimbus Roman", "DejaVu Serif"'
_STYLE = """
@page { size: %(size)s; margin: %(margin)s }
html { font-family: %(fonts)s; font-size: 11pt; line-height: 1.35; color: #000 } body { margin: 0 }
h1, h2, h3, h4, h5, h6 { line-height: 1.2; margin: 12pt 0 4pt; font-weight: bold }
h1 { font-size: 16pt } h2 { font-size: 13pt } h3, h4, h5, h6 { font-size: 11pt }
p, ul, ol, blockquote, pre, table { margin: 0 0 8pt }
ul, ol { padding-left: 18pt } li > p, li > ul, li > ol { margin: 0 }
blockquote { padding-left: 10pt; border-left: 1.5pt solid #999 }
code, pre { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 0.85em }
pre { line-height: 1.3; white-space: pre-wrap } pre code { font-size: 1em }
table { border-collapse: collapse }
th, td { border: 0.5pt solid #888; padding: 2pt 4pt; text-align: left; vertical-align: top }
hr { border: 0; border-top: 0.5pt solid #888; margin: 8pt 0 } a { color: inherit }
"""


def _check_paper(paper: str) -> None:
    if paper not in PAPER_SIZES:
        raise ValueError(f"unknown paper {paper!r}: use one of {', '.join(PAPER_SIZES)}")


def markdown_to_html(markdown: str) -> str:
    """Render Markdown (CommonMark with tables) to a sanitized HTML fragment."""
    # nh3 drops comments, scripts, styles and images, so the layout never fetches anything
    return nh3.clean(_MD.render(markdown), tags=_TAGS, attributes={"a": {"href"}}, strip_comments=True)


def print_html(body_html: str, *, title: str = "", paper: str = "A4") -> str:
    """Wrap a sanitized HTML fragment in a standalone document with the print stylesheet."""
    _check_paper(paper)
    style = _STYLE % {"size": PAPER_SIZES[paper], "margin": _MARGINS[paper], "fonts": _FONTS}
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{style}</style></head>\n<body>\n{body_html}</body></html>\n")


def _render(markdown: str, title: str, paper: str) -> weasyprint.Document:
    import weasyprint  # 0.4 s to import (Pango through cffi): only when a document is laid out

    page = print_html(markdown_to_html(markdown), title=title, paper=paper)
    return weasyprint.HTML(string=page).render()


def count_pages(markdown: str, *, paper: str = "A4") -> int:
    """Lay the document out with WeasyPrint and return its number of pages (0 when empty)."""
    _check_paper(paper)
    return len(_render(markdown, "", paper).pages) if markdown.strip() else 0


def laid_out_pages(markdown: str, *, paper: str = "A4") -> float:
    """The printed length in pages by the real layout, the last page in part (0.0 when
    empty): what `estimate_pages` estimates. The last page counts down to the foot of
    its lowest line, table cell or rule."""
    from weasyprint.formatting_structure import boxes

    _check_paper(paper)
    if not markdown.strip():
        return 0.0
    pages = _render(markdown, "", paper).pages
    last = pages[-1]._page_box
    top = last.content_box_y()
    bottom = max((box.border_box_y() + box.border_height() for box in last.descendants()
                  if isinstance(box, boxes.LineBox | boxes.TableCellBox)
                  or (isinstance(box, boxes.BlockBox) and box.element_tag == "hr")), default=top)
    return len(pages) - 1 + (bottom - top) / last.height


def write_pdf(markdown: str, *, title: str = "", paper: str = "A4") -> bytes:
    """Return the document as PDF bytes, laid out as `count_pages` counts it."""
    _check_paper(paper)
    pdf = _render(markdown, title, paper).write_pdf()
    assert pdf is not None  # bytes when given no target
    return pdf


# ---- the estimate -------------------------------------------------------------------
# Calibrated against count_pages on tests/documents/test_printing.py's corpus and docs/:
# the average advance of a character of English prose in Times, in em, and the room left
# at the end of a wrapped line because the next word did not fit, in characters.
_EM_PER_CHAR, _WRAP_LOSS = 0.406, 4.0
_BOLD, _MONO_EM = 1.08, 0.602 * 0.85
_CODE_PAD = _MONO_EM / _EM_PER_CHAR - 1
_BODY_PT, _BODY_LINE, _GAP = 11.0, 11.0 * 1.35, 8.0
_HEADING_PT = {1: 16.0, 2: 13.0}
_CELL_PAD, _ROW_EXTRA, _LIST_INDENT, _QUOTE_INDENT = 8.5, 4.5, 18.0, 11.5
_ORPHANS = 2  # CSS orphans and widows: a block splits only with 2 lines on each side

_ITEM, _HEADING = re.compile(r"( *)([-*+]|\d{1,9}[.)])( +|$)"), re.compile(r" {0,3}(#{1,6})( +|$)")
_RULE, _UNDERLINE = re.compile(r" {0,3}([-*_])( *\1){2,} *$"), re.compile(r"=+|-+")
# possessive runs and classes that stop at the next opener: no pattern backtracks over a long run
_DELIMITER = re.compile(r" *+\|? *+:?-++:? *+(?:\| *+:?-++:? *+)*+\|? *+$")
_FENCE, _CODE = re.compile(r" {0,3}(```|~~~)"), re.compile(r"`[^`]*`")
_LINK_TARGET, _TAG = re.compile(r"\]\([^()]*\)"), re.compile(r"<[^<>]*>")


@dataclass(slots=True)
class _Block:
    """A box the layout stacks: a paragraph, list item, heading, table row or rule."""

    lines: int
    line_height: float
    margin_top: float = 0.0
    margin_bottom: float = _GAP
    extra: float = 0.0  # padding and borders
    keep: bool = False  # kept with the next block: a heading, a list item before its nested list
    split: bool = True  # may break across pages between lines
    item: bool = False  # a list item: the list's margin follows the last one
    repeat: float = 0.0  # a table row: the header row, repeated atop each page the table goes on to


def _printed(text: str) -> int:
    """How many characters of Markdown text print, counting code as its wider monospace size."""
    # one-character `in` tests are fast memchr scans: most text needs no more
    chars = len(text) - (text.count("*") if "*" in text else 0)
    if "`" in text:
        chars += int(sum(len(code) - 2 for code in _CODE.findall(text)) * _CODE_PAD) - text.count("`")
    if "]" in text:
        chars -= sum(len(target) for target in _LINK_TARGET.findall(text)) + text.count("[")
    if "<" in text:
        chars -= sum(len(tag) for tag in _TAG.findall(text))
    return chars


def _lines(chars: int, width: float, em: float) -> int:
    """How many lines `chars` characters wrap into across `width` points."""
    per_line = width / em
    return 1 if chars <= per_line else 1 + math.ceil((chars - per_line) / (per_line - _WRAP_LOSS))


def _heading(chars: int, level: int, width: float) -> _Block:
    size = _HEADING_PT.get(level, _BODY_PT)
    lines = _lines(chars, width, size * _EM_PER_CHAR * _BOLD)
    return _Block(lines, size * 1.2, 12.0, 4.0, keep=True, split=False)


def _table(lines: list[str], width: float, em: float) -> list[_Block]:
    """A block per row, the columns shared out as CSS automatic table layout does."""
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines]
    cols = max(map(len, rows))
    columns = [[row[c] if c < len(row) else "" for row in rows] for c in range(cols)]
    text = "".join(lines)
    measure = _printed if "*" in text or "`" in text or "]" in text or "<" in text else len
    printed = [list(map(measure, column)) for column in columns]
    widest = [max(column) + 0.5 for column in printed]
    heights, room = [1] * len(rows), (width - cols * _CELL_PAD) / em
    if sum(widest) > room:
        # the narrowest a column gets: its longest word (a line may also break after - and /)
        unbreakable = [max(map(len, " ".join(column).replace("-", "- ").replace("/", "/ ").split()),
                           default=0) + 0.5 for column in columns]
        spare, flex = max(room - sum(unbreakable), 0.0), (sum(widest) - sum(unbreakable)) or 1.0
        share = [low + spare * (high - low) / flex for low, high in zip(unbreakable, widest, strict=True)]
        heights = [max(map(_lines, cells, share, [1.0] * cols)) for cells in zip(*printed, strict=True)]
    header = heights[0] * _BODY_LINE + _ROW_EXTRA
    blocks = [_Block(n, _BODY_LINE, margin_bottom=0.0, extra=_ROW_EXTRA, repeat=header) for n in heights]
    blocks[0].repeat, blocks[-1].margin_bottom = 0.0, _GAP
    return blocks


def _without_comments(markdown: str) -> str:
    """The text less its HTML comments, in one pass (an unclosed comment stays)."""
    kept, start = [], 0
    while (begin := markdown.find("<!--", start)) >= 0 and (close := markdown.find("-->", begin + 4)) >= 0:
        kept.append(markdown[start:begin])
        start = close + 3
    kept.append(markdown[start:])
    return "".join(kept)


def _blocks(markdown: str, width: float) -> list[_Block]:
    """Read the Markdown line by line into the boxes the layout would stack."""
    em = _BODY_PT * _EM_PER_CHAR
    blocks: list[_Block] = []
    text: list[str] = []  # the lines of the paragraph or list item being read
    indent, item = 0.0, False

    def add(*new: _Block) -> None:
        if blocks and blocks[-1].item and not new[0].item:
            blocks[-1].margin_bottom = _GAP
        elif blocks and new[0].item and not blocks[-1].item:
            blocks[-1].keep = True  # the layout does not break between a block and the list after it
        blocks.extend(new)

    def flush() -> None:
        if text:
            lines = _lines(_printed(" ".join(text)), width - indent, em)
            add(_Block(lines, _BODY_LINE, margin_bottom=0.0 if item else _GAP, item=item))
            text.clear()

    if "\r" in markdown:
        markdown = markdown.replace("\r\n", "\n")
    if "<" in markdown and "<!--" in markdown:  # `in` on one character is a fast memchr
        markdown = _without_comments(markdown)
    lines = markdown.split("\n")
    i = 0
    while i < len(lines):
        line, stripped = lines[i], lines[i].strip()
        first = stripped[:1]  # most lines are prose: try a block pattern only where it can match
        i += 1
        if not first:
            flush()
        elif first == "#" and (heading := _HEADING.match(line)):
            flush()
            add(_heading(_printed(stripped.rstrip("# ")) - heading.end(), len(heading.group(1)), width))
        elif first in "=-" and text and not indent and _UNDERLINE.fullmatch(stripped):  # setext heading
            add(_heading(_printed(" ".join(text)), 1 if first == "=" else 2, width))
            text.clear()
        elif first in "-*_" and stripped[-1] == first and _RULE.match(line):
            flush()
            add(_Block(0, 0.0, 8.0, 8.0, 0.5, split=False))
        elif first in "`~" and (fence := _FENCE.match(line)):
            flush()
            code = 0
            while i < len(lines) and not lines[i].lstrip().startswith(fence.group(1)):
                code += _lines(len(lines[i]), width, _BODY_PT * _MONO_EM)
                i += 1
            i += 1
            add(_Block(code, _BODY_PT * 0.85 * 1.3))
        elif "|" in line and i < len(lines) and "-" in lines[i] and _DELIMITER.match(lines[i]):
            flush()
            rows = [line]
            while (i := i + 1) < len(lines) and "|" in lines[i]:
                rows.append(lines[i])
            add(*_table(rows, width, em))
        elif (first in "-*+" or first.isdigit()) and (marker := _ITEM.match(line)):
            flush()
            deeper = _LIST_INDENT * (len(marker.group(1)) // 2 + 1)
            if item and blocks and blocks[-1].item and deeper > indent:
                blocks[-1].keep, blocks[-1].split = True, False  # nor between a list item and its nested list
            indent, item = deeper, True
            text.append(line[marker.end():].strip())
        elif first == ">" and not stripped.lstrip("> "):  # a blank line inside a quote ends its paragraph
            flush()
        elif not text:  # a new paragraph, perhaps quoted
            indent, item = (_QUOTE_INDENT if first == ">" else 0.0), False
            text.append(stripped.lstrip("> "))
        else:
            text.append(stripped.lstrip("> ") if indent == _QUOTE_INDENT else stripped)
    flush()
    return blocks


def _kept(blocks: list[_Block], k: int, lines: int) -> float:
    """The height block `k` needs at the foot of a page: itself, the blocks it keeps with
    (a heading's sub-heading, a list item's nested items), and the first lines that may
    open the next page's block (its orphans)."""
    need, last = lines * blocks[k].line_height, blocks[k]
    for after in blocks[k + 1:]:
        gap = max(last.margin_bottom, after.margin_top) + after.extra
        if after.keep:
            need, last = need + gap + after.lines * after.line_height, after
            continue
        follow = after.lines if not after.split or after.lines < 2 * _ORPHANS else _ORPHANS
        return need + gap + follow * after.line_height
    return need


def _paginate(blocks: list[_Block], height: float) -> float:
    """Stack the blocks onto pages as the layout does; return the pages used, the last in part."""
    page, y, margin = 1, 0.0, 0.0  # y: the bottom of the content on this page; margin: below it
    for k, block in enumerate(blocks):
        lines = block.lines
        while True:
            # margins collapse between blocks and vanish at the top of a page
            top = y + max(margin, block.margin_top) if y else 0.0
            fits = int((height - top - block.extra) / block.line_height + 1e-6) if block.line_height else 1
            if block.keep and k + 1 < len(blocks) and top + _kept(blocks, k, lines) > height + 1e-6:
                # a heading never ends a page, nor a block kept with the next: a paragraph may
                # still split, leaving its last lines (the widows) to go with what follows
                fits = min(fits, lines - 1) if block.split else 0
            if fits >= lines:
                y, margin = top + lines * block.line_height + block.extra, block.margin_bottom
                break
            if block.split and fits >= _ORPHANS and lines - _ORPHANS >= _ORPHANS:
                lines -= min(fits, lines - _ORPHANS)
            elif y <= block.repeat:  # alone on its page and unbreakable: it overflows the page
                y, margin = top + lines * block.line_height + block.extra, block.margin_bottom
                break
            page, y, margin = page + 1, block.repeat, 0.0
    return page - 1 + min(y, height) / height


def estimate_pages(markdown: str, *, paper: str = "A4") -> float:
    """Estimate the printed length in pages without laying out (0.0 when empty).

    Wraps each paragraph, list item, heading and table row into lines with average
    Times metrics, then stacks them onto pages honouring margins, orphans and widows.
    """
    _check_paper(paper)
    if not markdown.strip():
        return 0.0
    width, height = _TEXT_AREA[paper]
    return _paginate(_blocks(markdown, width), height)
