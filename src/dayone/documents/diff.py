"""Line diffs in bounded time, for comparing versions and merging stale saves.

difflib's ``SequenceMatcher`` (without autojunk, which spoils diffs of documents full
of blank lines) weighs every pair of lines again for each matching block it finds:
1,000 blank lines with every third one changed took it 20 s, 2,000 lines over a
minute. So a diff here is made in steps, each bounded:

1. the common first and last lines are matched (linear);
2. the middle is anchored on lines that occur exactly once on each side, in the same
   order (patience diff, O(n log n)), and the stretches between anchors are diffed
   the same way in turn;
3. a stretch with no such line goes to Myers' algorithm, whose time grows with the
   lines times the number of edits, and which gives up past ``MAX_EDITS`` edits;
   a stretch it gives up on, or met once ``WORK_BUDGET`` is spent, is shown as
   replaced whole.

A version over ``MAX_DIFF_LINES`` lines is not compared at all (the callers say so).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter

MAX_DIFF_LINES = 10_000  # per text: a compare or line-by-line merge refuses more
MAX_EDITS = 1_000  # Myers gives up on a stretch needing more inserted and deleted lines
WORK_BUDGET = 3_000_000  # line comparisons and steps in one diff, in all (about a second)

Opcode = tuple[str, int, int, int, int]


def too_long(lines: list[str]) -> bool:
    return len(lines) > MAX_DIFF_LINES


def line_opcodes(a: list[str], b: list[str]) -> list[Opcode]:
    """difflib-style opcodes (equal, replace, delete, insert) turning ``a`` into ``b``."""
    ops: list[Opcode] = []
    budget = WORK_BUDGET
    # a stack of ranges still to diff and of opcodes already known, popped in text order
    todo: list[tuple[bool, Opcode]] = [(False, ("", 0, len(a), 0, len(b)))]
    while todo:
        known, item = todo.pop()
        if known:
            ops.append(item)
            continue
        _, alo, ahi, blo, bhi = item
        head = 0  # common first lines
        while alo + head < ahi and blo + head < bhi and a[alo + head] == b[blo + head]:
            head += 1
        tail = 0  # common last lines
        while ahi - tail > alo + head and bhi - tail > blo + head and a[ahi - tail - 1] == b[bhi - tail - 1]:
            tail += 1
        ilo, ihi, jlo, jhi = alo + head, ahi - tail, blo + head, bhi - tail
        ops.append(("equal", alo, ilo, blo, jlo))
        if tail:
            todo.append((True, ("equal", ihi, ahi, jhi, bhi)))
        if ilo == ihi or jlo == jhi or budget <= 0:
            ops.extend(_plain(ilo, ihi, jlo, jhi))
            continue
        budget -= (ihi - ilo) + (jhi - jlo)
        anchors = _anchors(a, ilo, ihi, b, jlo, jhi)
        if anchors:
            pieces: list[tuple[bool, Opcode]] = []
            i, j = ilo, jlo
            for ai, bj in anchors:  # the stretches between anchors are diffed in turn
                pieces += [(False, ("", i, ai, j, bj)), (True, ("equal", ai, ai + 1, bj, bj + 1))]
                i, j = ai + 1, bj + 1
            pieces.append((False, ("", i, ihi, j, jhi)))
            todo.extend(reversed(pieces))
            continue
        found, spent = _myers(a, ilo, ihi, b, jlo, jhi, MAX_EDITS, budget)
        budget -= spent
        ops.extend(found if found is not None else _plain(ilo, ihi, jlo, jhi))
    return _coalesce(ops)


def _plain(ilo: int, ihi: int, jlo: int, jhi: int) -> list[Opcode]:
    if ilo == ihi and jlo == jhi:
        return []
    tag = "replace" if ilo < ihi and jlo < jhi else "delete" if ilo < ihi else "insert"
    return [(tag, ilo, ihi, jlo, jhi)]


def _anchors(a: list[str], ilo: int, ihi: int, b: list[str], jlo: int, jhi: int) -> list[tuple[int, int]]:
    """(i, j) of lines found exactly once in each range, the longest run in the same order."""
    count_a = Counter(a[ilo:ihi])
    count_b = Counter(b[jlo:jhi])
    where_b = {line: j for j, line in enumerate(b[jlo:jhi], jlo)
               if count_b[line] == 1 and count_a[line] == 1}
    pairs = [(i, where_b[line]) for i, line in enumerate(a[ilo:ihi], ilo) if line in where_b]
    # the longest increasing run of b positions (patience sorting)
    tops: list[int] = []  # the smallest last b position of an increasing run of each length
    top_index: list[int] = []
    previous: list[int] = []
    for k, (_, j) in enumerate(pairs):
        n = bisect_left(tops, j)
        if n == len(tops):
            tops.append(j)
            top_index.append(k)
        else:
            tops[n], top_index[n] = j, k
        previous.append(top_index[n - 1] if n else -1)
    chain: list[tuple[int, int]] = []
    k = top_index[-1] if top_index else -1
    while k >= 0:
        chain.append(pairs[k])
        k = previous[k]
    return chain[::-1]


def _myers(a: list[str], alo: int, ahi: int, b: list[str], blo: int, bhi: int,
           max_edits: int, max_work: int) -> tuple[list[Opcode] | None, int]:
    """The shortest edit script of a stretch (Myers 1986), or None when it needs more than
    ``max_edits`` edits or ``max_work`` steps; and the work spent."""
    n, m = ahi - alo, bhi - blo
    limit = min(n + m, max_edits)
    offset = limit + 1
    v = [0] * (2 * offset + 1)  # v[offset + k]: the furthest x reached on diagonal k
    trace: list[list[int]] = []  # v around the diagonals in reach, before each round
    spent = 0
    for d in range(limit + 1):
        trace.append(v[offset - d - 1:offset + d + 2])
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and v[offset + k - 1] < v[offset + k + 1]):
                x = v[offset + k + 1]  # down: a line of b inserted
            else:
                x = v[offset + k - 1] + 1  # right: a line of a deleted
            y = x - k
            start = x
            while x < n and y < m and a[alo + x] == b[blo + y]:
                x, y = x + 1, y + 1
            spent += 1 + x - start
            v[offset + k] = x
            if x >= n and y >= m:
                return _path(trace, n, m, alo, blo), spent
        if spent > max_work:
            break
    return None, spent


def _path(trace: list[list[int]], x: int, y: int, alo: int, blo: int) -> list[Opcode]:
    """Walk the rounds back from the end: the moves of the edit script, as opcodes."""
    moves: list[Opcode] = []
    for d in range(len(trace) - 1, -1, -1):
        around = trace[d]  # v[k] is around[k + d + 1]
        k = x - y
        down = k == -d or (k != d and around[k - 1 + d + 1] < around[k + 1 + d + 1])
        prev_k = k + 1 if down else k - 1  # the diagonal this round's edit came from
        prev_x = around[prev_k + d + 1] if d else 0
        prev_y = prev_x - prev_k if d else 0
        if x > prev_x and y > prev_y:
            run = min(x - prev_x, y - prev_y) if d else x
            moves.append(("equal", alo + x - run, alo + x, blo + y - run, blo + y))
            x, y = x - run, y - run
        if d:
            if x == prev_x:
                moves.append(("insert", alo + x, alo + x, blo + prev_y, blo + y))
            else:
                moves.append(("delete", alo + prev_x, alo + x, blo + y, blo + y))
            x, y = prev_x, prev_y
    return moves[::-1]


def _coalesce(ops: list[Opcode]) -> list[Opcode]:
    """Join neighbours of the same kind, as difflib would have reported them."""
    out: list[Opcode] = []
    for op in ops:
        if op[1] == op[2] and op[3] == op[4]:
            continue
        if out and (out[-1][0] == "equal") == (op[0] == "equal"):
            tag, i1, _, j1, _ = out[-1]
            i2, j2 = op[2], op[4]
            if tag != "equal":
                tag = "replace" if i1 < i2 and j1 < j2 else "delete" if i1 < i2 else "insert"
            out[-1] = (tag, i1, i2, j1, j2)
        else:
            out.append(op)
    return out
