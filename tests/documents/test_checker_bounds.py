"""The checker's time grows in proportion to the text, whatever the text holds.

Each shape below once made a pattern or a loop backtrack or rescan (blank lines, long
runs of spaces, unclosed brackets and comments, thousands of headings, numbers in one
long sentence), so that 40,000 or 160,000 characters of it took from 12 s to well over
a minute. Now each takes a second or two; the bound leaves room for a busy machine.
"""

from __future__ import annotations

import time

import pytest

from dayone.documents.checks import check_markdown
from dayone.documents.checks.text import Doc

BOUND = 10.0  # seconds: each shape takes one or two now, and took a minute or more before
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
}


def _text(atom: str | None, size: int) -> str:
    if atom is None:
        return "# Plan\n\nx" + " " * size + "y\n"
    return "# Plan\n\n" + (atom * (size // len(atom) + 1))[:size]


@pytest.mark.parametrize("doc_type", ["narrative", "prfaq"])
@pytest.mark.parametrize("shape", SHAPES)
def test_adversarial_text_is_checked_in_bounded_time(shape: str, doc_type: str) -> None:
    text = _text(*SHAPES[shape])
    start = time.perf_counter()
    check_markdown(text, doc_type=doc_type)
    assert time.perf_counter() - start < BOUND, shape


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
