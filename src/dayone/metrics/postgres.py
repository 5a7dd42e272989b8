"""PostgreSQL's own SQL: the exact percentiles of one value for every period of the deck in one
statement that reads the rows twice (and once more for their range), whatever the number of
periods; and the additive query's coverage row. The percentiles start from the *segments* of
metrics/exact.py: the dates cut at every period's bounds, so that a period is a run of whole
segments (``runs(idx, lo, hi)``). (Distinct counts take query._distinct's statement, as on
DuckDB: each value's set of segments.)

**Percentiles** (``percentile_cont``, WBR-SEMANTICS: the exact percentile of the period's
rows), as metrics/exact.py does for DuckDB, but inside one statement: the values' range (over
the finite values), then a histogram of (segment, bucket) counts — buckets cut the range into
512 equal widths by ``floor((v - low) · 512 / (high - low))``, monotone (in float8; in numeric
for a range past ±1e300 or under 1e-290 wide, where PostgreSQL's float8 arithmetic would raise
an overflow or underflow error), so a
lower bucket holds only smaller values; infinities and NaN get buckets of their own above and
below, in PostgreSQL's order. A period's counts are its segments' sums; a running sum finds the
bucket and the offset of ranks floor(RN) and ceil(RN) (RN = (n - 1)·q); a second read keeps
only the rows of the buckets some period needs, numbers them by value within (period, bucket),
and picks the two. The last step is PostgreSQL's own: ``lo + (hi - lo) · (RN - floor(RN))`` in
float8, as ``percentile_cont`` computes it, so every number is the one it would give.

**Coverage.** The additive query's daily rows also say which days have rows and on which days
a column is blank on every row; one more row of that statement carries them, so that a deck
with missing days or blank cells still takes one round trip.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from dayone.metrics.calendar import Span
from dayone.metrics.exact import BUCKETS, Segments
from dayone.metrics.query import runs

POSITIVE_INFINITY, NAN = BUCKETS + 2, BUCKETS + 3  # buckets above every finite one, in PostgreSQL's order


def percentiles(dialect: Any, relation: str, value: str, keep: str | None, fractions: list[float],
                spans: list[Span], as_of: date) -> str:
    """Rows of (period index, an array of ``value``'s percentiles at ``fractions``, in that order)
    over the rows ``keep`` keeps (None: all), each exactly ``percentile_cont``'s."""
    segments = Segments.of(spans, as_of)
    seg = segments.sql("s.__day", dialect)
    where = " AND ".join([f"s.__day BETWEEN DATE '{segments.low.isoformat()}' AND DATE '{as_of.isoformat()}'",
                          f"{value} IS NOT NULL", *([f"({keep})"] if keep else [])])
    v = f"CAST({value} AS DOUBLE PRECISION)"
    listed = ", ".join(f"({k}, CAST('{f!r}' AS DOUBLE PRECISION))" for k, f in enumerate(fractions))
    finite = f"{v} NOT IN ('NaN', 'Infinity', '-Infinity')"
    bucket = (f"CASE WHEN {v} = '-Infinity' THEN -1 WHEN {v} = 'Infinity' THEN {POSITIVE_INFINITY} "
              f"WHEN {v} = 'NaN' THEN {NAN} "
              "WHEN (SELECT high FROM b) <= (SELECT low FROM b) THEN 0 "
              # a range past ±1e300 or under 1e-290 wide: in numeric, which neither overflows nor underflows
              f"WHEN (SELECT extreme FROM b) THEN CAST(floor((CAST({v} AS NUMERIC) - (SELECT low FROM b)::NUMERIC) * "
              f"{BUCKETS} / ((SELECT high FROM b)::NUMERIC - (SELECT low FROM b)::NUMERIC)) AS BIGINT) "
              # else in float8, a value within 1e-10 of the range from the lowest in bucket 0 (so that no
              # product underflows: PostgreSQL raises an error on a nonzero product that rounds to 0)
              f"WHEN {v} - (SELECT low FROM b) < (SELECT width FROM b) * 1e-10 THEN 0 "
              f"ELSE CAST(({v} - (SELECT low FROM b)) * {BUCKETS} / (SELECT width FROM b) AS BIGINT) END")
    return (
        f"WITH {runs(dialect, segments)}, fr(k, f) AS (VALUES {listed}), "
        f"range AS (SELECT min({v}) FILTER (WHERE {finite}) AS low, max({v}) FILTER (WHERE {finite}) AS high "
        f"FROM {relation} s WHERE {where}), "
        "b0 AS (SELECT coalesce(low, 0) AS low, coalesce(high, 0) AS high FROM range), "
        "b AS (SELECT low, high, CASE WHEN high > 1e300 OR low < -1e300 THEN true WHEN high - low < 1e-290 "
        "THEN true ELSE false END AS extreme, CASE WHEN high > 1e300 OR low < -1e300 THEN 0 ELSE high - low END "
        "AS width FROM b0), "
        f"h AS (SELECT {seg} AS seg, {bucket} AS bk, count(*) AS n FROM {relation} s WHERE {where} "
        "GROUP BY 1, 2), "
        # each period's segments, joined on equality (a hash join, not a range test for each pair)
        "rs AS (SELECT idx, generate_series(lo, hi) AS seg FROM runs), "
        "pb AS (SELECT r.idx, h.bk, sum(h.n) AS n FROM rs r JOIN h ON h.seg = r.seg GROUP BY r.idx, h.bk), "
        "cum AS (SELECT idx, bk, n, sum(n) OVER (PARTITION BY idx ORDER BY bk) - n AS before, "
        "sum(n) OVER (PARTITION BY idx) AS total FROM pb), "
        # each (period, fraction)'s two ranks (0: floor(RN), 1: ceil(RN)), their bucket and offset in it
        "want AS (SELECT c.idx, fr.k, x.side, x.pos, x.rank, c.bk, CAST(x.rank - c.before AS BIGINT) AS off FROM cum c "
        "CROSS JOIN fr CROSS JOIN LATERAL (SELECT side, pos, CASE side WHEN 0 THEN floor(pos) ELSE ceil(pos) END "
        "AS rank FROM (VALUES (0), (1)) t(side), (SELECT CAST(c.total - 1 AS DOUBLE PRECISION) * fr.f AS pos) p) x "
        "WHERE x.rank >= c.before AND x.rank < c.before + c.n), "
        "need AS (SELECT DISTINCT idx, bk FROM want), "
        f"kept AS (SELECT * FROM (SELECT {seg} AS seg, {bucket} AS bk, {v} AS v FROM {relation} s "
        f"WHERE {where}) x WHERE bk IN (SELECT bk FROM need)), "
        "got AS (SELECT n.idx, n.bk, k.v, row_number() OVER (PARTITION BY n.idx, n.bk ORDER BY k.v) - 1 AS off "
        "FROM need n JOIN rs r ON r.idx = n.idx JOIN kept k ON k.bk = n.bk AND k.seg = r.seg), "
        "picked AS (SELECT w.idx, w.k, w.side, w.pos, w.rank, g.v FROM want w "
        "JOIN got g ON g.idx = w.idx AND g.bk = w.bk AND g.off = w.off) "
        "SELECT lo.idx, array_agg(CASE WHEN lo.rank = hi.rank THEN lo.v ELSE lo.v + (hi.v - lo.v) * (lo.pos - lo.rank) "
        "END ORDER BY lo.k) FROM picked lo JOIN picked hi ON hi.idx = lo.idx AND hi.k = lo.k AND hi.side = 1 "
        "WHERE lo.side = 0 GROUP BY lo.idx")



def coverage(covers: int, width: int) -> str:
    """The additive query's last row (period index -1): ``width`` NULLs, then, as JSON, the days
    of ``daily`` (the days with rows) and for each of the ``covers`` the days it is blank on
    (``daily``'s column z0, z1, …)."""
    blanks = ", ".join(f"array_agg(__day ORDER BY __day) FILTER (WHERE z{k} = 1)" for k in range(covers))
    return (f"SELECT -1, {', '.join(['NULL'] * width)}, (SELECT CAST(json_build_object('days', "
            f"array_agg(__day ORDER BY __day), 'blank', json_build_array({blanks})) AS TEXT) FROM daily)")


def read_coverage(rows: list[Any], covers: tuple[str, ...]) -> tuple[list[Any], set[date], dict[str, set[date]]]:
    """The additive query's rows without the coverage row and column; the days with rows; each
    cover's blank days."""
    days: set[date] = set()
    blank: dict[str, set[date]] = {c: set() for c in covers}
    periods = []
    for row in rows:
        if int(row[0]) >= 0:
            periods.append(row[:-1])
            continue
        found = json.loads(row[-1]) if row[-1] else {}
        days = {date.fromisoformat(d) for d in found.get("days") or ()}
        for cover, listed in zip(covers, found.get("blank") or [None] * len(covers), strict=True):
            blank[cover] = {date.fromisoformat(d) for d in listed or ()}
    return periods, days, blank
