"""The heaviest document requests at their input caps: the editor's live check (checks
plus the rendered preview) and the comparison and merge of two versions.

A live check takes at most MAX_CHECK_CHARS characters and MAX_CHECK_LINES lines; a
compare or line-by-line merge at most MAX_DIFF_LINES lines a version. Each figure is
the slowest of a few shapes of text at the cap: ordinary prose, and texts built to be
slow (one line per paragraph, brackets markdown-it scans for, repetitive lines that
difflib weighs pair by pair).

    python benchmarks/documents.py [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from dayone.documents import printing
from dayone.documents.checks import check_markdown
from dayone.documents.checks.text import strip_front_matter
from dayone.documents.diff import MAX_DIFF_LINES, line_opcodes
from dayone.documents.merge import merge3
from dayone.documents.schemas import MAX_CHECK_CHARS, MAX_CHECK_LINES

PROSE = [
    "Families buy the same 30 items every two weeks and rebuild that basket by hand.",
    "Our new checkout is significantly faster for many customers.",
    "The reorder page was redesigned recently by the Checkout team.",
    "The SLA for the Orders service is 99.9% of requests under 300 ms at p99.",
    "We will expand to Canada soon if the pilot in Tacoma meets its goal of 18% repeat purchases.",
    "It costs $400,000 to build and $35,000 a month to run on the current infrastructure.",
]


def narrative(seed: int = 7) -> str:
    """Paragraphs of five sentences and a heading now and then, past the caps."""
    rng = random.Random(seed)
    parts = ["---\ntype: narrative\n---\n# One-Click Reorder\n"]
    while sum(map(len, parts)) < MAX_CHECK_CHARS:
        parts.append(" ".join(rng.choice(PROSE) for _ in range(5)) + "\n")
        if rng.random() < 0.1:
            parts.append(f"## Part {len(parts)}\n")
    return "\n".join(parts)


def fit(text: str) -> str:
    """The text cut to the live check's caps."""
    lines = text[:MAX_CHECK_CHARS].split("\n")[:MAX_CHECK_LINES]
    return "\n".join(lines)


def repeat(atom: str) -> str:
    return fit("---\ntype: narrative\n---\n# Plan\n\n" + atom * (MAX_CHECK_CHARS // len(atom) + 1))


CHECK_SHAPES: dict[str, str] = {
    "prose": fit(narrative()),
    "one line per paragraph": repeat("We sell tea.\n\n"),
    "headings": repeat("## Part\n"),
    "list items": repeat("- an item\n"),
    "images and brackets": repeat("!["),
    "emphasis": repeat("*a _b "),
    "numbers and weasel words": repeat("many 3 "),
    "blank lines": repeat(" \n"),
}


def live_check(text: str) -> None:
    """What POST /documents/{id}/live-check does with the text."""
    check_markdown(text, layout_pages=False)
    printing.markdown_to_html(strip_front_matter(text))


def versions(kind: str) -> tuple[str, str, str]:
    """(base, mine, theirs) of MAX_DIFF_LINES lines each."""
    rng = random.Random(5)
    if kind == "prose":
        base = [f"Paragraph {i}: we sell tea to {rng.randint(1, 99)} families." for i in range(MAX_DIFF_LINES)]
    elif kind == "repetitive":
        base = [rng.choice(["", "x", "- item"]) for _ in range(MAX_DIFF_LINES)]
    else:  # every line the same: the worst case for difflib
        base = ["same line"] * MAX_DIFF_LINES
    mine = [line if i % 37 else "mine" for i, line in enumerate(base)]
    theirs = [line if i % 41 else "theirs" for i, line in enumerate(base)]
    return "\n".join(base), "\n".join(mine), "\n".join(theirs)


def compare_versions(base: str, mine: str) -> None:
    line_opcodes(base.splitlines(), mine.splitlines())


def slowest(runs: int, work: Callable[[], None]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)  # the machine's noise only ever adds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"live check at the cap ({MAX_CHECK_CHARS:,} characters, {MAX_CHECK_LINES:,} lines)")
    worst = 0.0
    for name, text in CHECK_SHAPES.items():
        seconds = slowest(args.runs, lambda text=text: live_check(text))  # type: ignore[misc]
        worst = max(worst, seconds)
        print(f"  {name:28} {len(text):>8,} chars {text.count(chr(10)) + 1:>6,} lines  {seconds:6.3f} s")
    print(f"  slowest: {worst:.3f} s")
    print(f"compare and merge at the cap ({MAX_DIFF_LINES:,} lines a version)")
    for kind in ("prose", "repetitive", "identical lines"):
        texts = versions(kind)
        compare = slowest(args.runs, lambda texts=texts: compare_versions(*texts[:2]))  # type: ignore[misc]
        merge = slowest(args.runs, lambda texts=texts: merge3(*texts))  # type: ignore[misc]
        print(f"  {kind:28} compare {compare:6.3f} s   merge {merge:6.3f} s")


if __name__ == "__main__":
    main()
