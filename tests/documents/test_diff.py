"""Line diffs: bounded in time, minimal where there is time, always a correct edit script."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dayone.documents import diff
from dayone.documents.diff import MAX_DIFF_LINES, line_opcodes
from dayone.documents.merge import merge3

texts = st.lists(st.sampled_from(["", "a", "b", "c", "d", "- item", "# Head", "x"]), max_size=60)


def _apply(a: list[str], b: list[str], ops: list[tuple[str, int, int, int, int]]) -> list[str]:
    """Rebuild b from a and the opcodes, checking that they tile both texts in order."""
    out: list[str] = []
    i = j = 0
    for tag, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j) and i1 <= i2 and j1 <= j2
        assert tag in {"equal", "replace", "delete", "insert"}
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        out += b[j1:j2]
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))
    return out


@settings(max_examples=300)
@given(texts, texts)
def test_the_diff_is_a_correct_edit_script(a: list[str], b: list[str]) -> None:
    ops = line_opcodes(a, b)
    assert _apply(a, b, ops) == b
    for first, second in pairwise(ops):  # neighbours are merged, as difflib does
        assert (first[0] == "equal") != (second[0] == "equal")


@given(texts, st.lists(st.tuples(st.integers(min_value=0), texts), max_size=5))
def test_lines_only_added_or_only_removed_keep_every_other_line(a: list[str], inserts: list) -> None:
    b = list(a)
    for at, lines in inserts:
        position = at % (len(b) + 1)
        b[position:position] = lines
    for old, new in ((a, b), (b, a)):
        kept = sum(i2 - i1 for tag, i1, i2, _, _ in line_opcodes(old, new) if tag == "equal")
        assert kept == min(len(old), len(new))


@settings(max_examples=200)
@given(texts, texts, st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=300))
def test_out_of_budget_the_diff_is_coarser_but_still_correct(a: list[str], b: list[str], edits: int,
                                                             work: int) -> None:
    old = diff.MAX_EDITS, diff.WORK_BUDGET
    diff.MAX_EDITS, diff.WORK_BUDGET = edits, work
    try:
        ops = line_opcodes(a, b)
    finally:
        diff.MAX_EDITS, diff.WORK_BUDGET = old
    assert _apply(a, b, ops) == b


@pytest.mark.parametrize("shape", ["identical lines", "two alternating lines", "reversed", "few distinct",
                                   "blank lines, every third changed"])
def test_long_texts_of_hard_shapes_diff_correctly(shape: str) -> None:
    """Shapes on which difflib took hours; `python benchmarks/documents.py` prints their time."""
    n = MAX_DIFF_LINES
    a, b = {
        "identical lines": (["x"] * n, ["x"] * (n - 1) + ["y"]),
        "two alternating lines": (["x", "y"] * (n // 2), ["y", "x"] * (n // 2)),
        "reversed": ([f"line {i}" for i in range(n)], [f"line {i}" for i in reversed(range(n))]),
        "few distinct": ([str(i % 3) for i in range(n)], [str(i % 4) for i in range(n)]),
        "blank lines, every third changed": ([""] * n, ["" if i % 3 else "c" for i in range(n)]),
    }[shape]
    ops = line_opcodes(a, b)
    merged = merge3("\n".join(a), "\n".join(b), "\n".join(a[::-1]))
    assert merged.text
    assert _apply(a, b, ops) == b


def test_long_texts_with_a_few_edits_keep_every_unchanged_line() -> None:
    a = [f"Paragraph {i}." for i in range(MAX_DIFF_LINES)] + [""] * 1500
    b = [line if i % 50 else "changed" for i, line in enumerate(a)]
    ops = line_opcodes(a, b)
    assert sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal") == len(a) - len(a[::50])
