"""Texts built to make the checker backtrack or rescan are checked, with sound results.

Each shape below once made a pattern or a loop backtrack or rescan (blank lines, long
runs of spaces, unclosed brackets and comments, thousands of headings, numbers in one
long sentence), so that 40,000 or 160,000 characters of it took from 12 s to well over
a minute. The suite runs every shape (a quadratic regression would show as a slow suite);
`python benchmarks/documents.py` prints the time of each shape at full size. Timings are
never asserted here.
"""

from __future__ import annotations

import pytest

from dayone.documents.checks import check_markdown
from dayone.documents.checks.text import Doc

SHORT, LONG = 40_000, 160_000  # characters: the milder faults show only on longer texts
SHAPES: dict[str, tuple[str | None, int]] = {
    "newlines": ("\n", SHORT),
    "space and newline": (" \n", SHORT),
    "one long run of spaces": (None, SHORT),
    "tabs": ("\t", SHORT),
    "no-break spaces": ("\u00a0", SHORT),
    "headings": ("#\n", SHORT),
    "nested headings": ("# A\n## B\n### C\n", SHORT),
    "link targets": ("](", SHORT),
    "unclosed code spans": ("``` ", SHORT),
    "images": ("![", LONG),
    "unclosed comments": ("<!--", LONG),
    "numbers in one sentence": ("3 % ", LONG),
    "weasel words in one sentence": ("many ", LONG),
    "ignore comment without end": ("<!-- dayone-ignore: a", LONG),
    "stray quotation marks": (" 'a said “b ‘c «d", LONG),
    "short paragraphs": ("We sell tea.\n\n", LONG),
    "bold lines": ("**FAQ**\n\n", SHORT),
    "block quotes": ("> “a b c d e f g h,” said A.\n>\n", SHORT),
    "dashes and dates": ("SEATTLE — (WIRE) — March 3, 2030 ", LONG),
    "quotes nested on one line": ("> ", LONG),
    "lists nested on one line": ("1. ", LONG),
    "lists nested line by line": ("- x\n  ", SHORT),
    "table rows": ("| a | very |\n|---|---|\n", LONG),
    "spaced ellipses": (". . . ", LONG),
    "abbreviations": ("e.g. No. A. ", LONG),
    "unspaced dashes": ("a—b--c–", LONG),
}


def _text(atom: str | None, size: int) -> str:
    if atom is None:
        return "# Plan\n\nx" + " " * size + "y\n"
    return "# Plan\n\n" + (atom * (size // len(atom) + 1))[:size]


@pytest.mark.parametrize("doc_type", ["narrative", "prfaq"])
@pytest.mark.parametrize("shape", SHAPES)
def test_adversarial_text_is_checked(shape: str, doc_type: str) -> None:
    atom, size = SHAPES[shape]
    text = _text(atom, size // 4)
    findings = check_markdown(text, doc_type=doc_type).findings
    lines = text.count("\n") + 1
    assert all(1 <= f.location.line <= lines for f in findings if f.location.line), shape


def test_sections_end_where_the_next_heading_of_their_level_begins() -> None:
    doc = Doc("# A\ntext\n## B\ntext\n### C\n## D\n# E\ntext\n")
    ends = {s.title: (s.line, s.end_line) for s in doc.all_sections()}
    assert ends == {"A": (1, 6), "B": (3, 5), "C": (5, 5), "D": (6, 6), "E": (7, 9)}


def test_masking_still_hides_markup_and_keeps_offsets() -> None:
    source = ("# Title ##\n\n- item with `code` and [link](http://x.example \"t\")\n"
              "<!-- note --> ![alt](img.png) ``a ` b`` end.\n")
    doc = Doc(source)
    assert len(doc.masked) == len(source)
    words = doc.masked.split()
    assert words == ["Title", "item", "with", "and", "link", "end."]
