"""Three-way merge of text by lines, so a stale save never loses anyone's words.

Both sides' changes against the common base are applied when they touch different
lines; where both changed the same lines, the result keeps both between conflict
markers for the writer to resolve. Texts over ``MAX_DIFF_LINES`` lines are not merged
line by line: both whole texts are kept between conflict markers (``too_long``).
"""

from __future__ import annotations

from dataclasses import dataclass

from dayone.documents.diff import line_opcodes, too_long

MINE = "<<<<<<< your version"
SPLIT = "======="
THEIRS = ">>>>>>> saved meanwhile"


@dataclass(frozen=True)
class MergeResult:
    text: str
    conflicts: int
    too_long: bool = False  # over the line cap: both texts kept whole, not merged


def _changes(base: list[str], other: list[str]) -> list[tuple[int, int, list[str]]]:
    """(base_start, base_end, replacement) for each changed region."""
    return [(i1, i2, other[j1:j2]) for tag, i1, i2, j1, j2 in line_opcodes(base, other) if tag != "equal"]


def merge3(base: str, mine: str, theirs: str) -> MergeResult:
    b, m, t = base.splitlines(keepends=True), mine.splitlines(keepends=True), theirs.splitlines(keepends=True)
    if mine == theirs:
        return MergeResult(mine, 0)
    if any(too_long(lines) for lines in (b, m, t)):
        whole = [MINE + "\n", *_terminated(m), SPLIT + "\n", *_terminated(t), THEIRS + "\n"]
        return MergeResult("".join(whole), 1, too_long=True)
    ours, others = _changes(b, m), _changes(b, t)
    out: list[str] = []
    conflicts = 0
    pos = 0
    i = j = 0
    while i < len(ours) or j < len(others):
        a = ours[i] if i < len(ours) else None
        c = others[j] if j < len(others) else None
        # take the change that starts first; overlapping (or touching inserts) changes conflict
        first = a if c is None or (a is not None and a[0] <= c[0]) else c
        assert first is not None  # the loop runs while either side has a change left
        start, end = first[0], first[1]
        group_ours: list[tuple[int, int, list[str]]] = []
        group_theirs: list[tuple[int, int, list[str]]] = []
        while True:
            grew = False
            while i < len(ours) and ours[i][0] <= end and (ours[i][0] < end or ours[i][0] == start
                                                            or ours[i][1] == ours[i][0]):
                group_ours.append(ours[i])
                end = max(end, ours[i][1])
                i += 1
                grew = True
            while j < len(others) and others[j][0] <= end and (others[j][0] < end or others[j][0] == start
                                                                or others[j][1] == others[j][0]):
                group_theirs.append(others[j])
                end = max(end, others[j][1])
                j += 1
                grew = True
            if not grew:
                break
        out.extend(b[pos:start])
        mine_text = _apply(b, start, end, group_ours)
        theirs_text = _apply(b, start, end, group_theirs)
        if not group_theirs or mine_text == theirs_text:
            out.extend(mine_text)
        elif not group_ours:
            out.extend(theirs_text)
        else:
            conflicts += 1
            out.append(MINE + "\n")
            out.extend(_terminated(mine_text))
            out.append(SPLIT + "\n")
            out.extend(_terminated(theirs_text))
            out.append(THEIRS + "\n")
        pos = end
    out.extend(b[pos:])
    return MergeResult("".join(out), conflicts)


def _apply(base: list[str], start: int, end: int, changes: list[tuple[int, int, list[str]]]) -> list[str]:
    result, pos = [], start
    for s, e, replacement in changes:
        result.extend(base[pos:s])
        result.extend(replacement)
        pos = e
    result.extend(base[pos:end])
    return result


def _terminated(lines: list[str]) -> list[str]:
    if lines and not lines[-1].endswith("\n"):
        return [*lines[:-1], lines[-1] + "\n"]
    return lines
