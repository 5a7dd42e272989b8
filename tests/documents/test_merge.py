"""Three-way merge: properties that must hold for any texts (hypothesis) and known cases."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dayone.documents.merge import MINE, THEIRS, merge3

lines = st.lists(st.sampled_from(["a\n", "b\n", "c\n", "d\n", "e\n", "f\n"]), max_size=8).map("".join)


@given(lines, lines)
def test_one_side_unchanged_takes_the_other(base: str, other: str) -> None:
    assert merge3(base, other, base).text == other
    assert merge3(base, base, other).text == other
    assert merge3(base, other, base).conflicts == 0


@given(lines, lines)
def test_identical_edits_merge_to_that_edit(base: str, edit: str) -> None:
    result = merge3(base, edit, edit)
    assert result.text == edit and result.conflicts == 0


@given(lines, lines, lines)
def test_no_text_is_lost_when_both_sides_change(base: str, mine: str, theirs: str) -> None:
    result = merge3(base, mine, theirs)
    if result.conflicts:
        assert MINE in result.text and THEIRS in result.text
    for line in set(mine.splitlines()) - set(base.splitlines()):
        assert line in result.text  # every line I added is still there


def test_edits_to_different_paragraphs_merge_cleanly() -> None:
    base = "intro\nmiddle\nend\n"
    result = merge3(base, "INTRO\nmiddle\nend\n", "intro\nmiddle\nEND\n")
    assert result.text == "INTRO\nmiddle\nEND\n" and result.conflicts == 0


def test_edits_to_the_same_line_conflict_with_both_kept() -> None:
    result = merge3("a\nb\n", "a\nmine\n", "a\ntheirs\n")
    assert result.conflicts == 1
    assert "mine" in result.text and "theirs" in result.text
