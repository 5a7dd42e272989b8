"""Exact percentiles of every period without sorting every period's rows (DuckDB).

The deck's periods (weeks, months, to-date spans and their prior-year twins) overlap: a day of
this year is in a week, a month, the QTD and the YTD. Computing a percentile per period sorts
(or selects over) each row once per period it belongs to. Here the rows are read twice instead,
whatever the number of periods:

1. **Segments.** The periods' boundaries cut the dates into elementary *segments*; every period
   is a run of whole segments (a week is one or two, the YTD about fifty).
2. **Histogram.** One pass counts the rows of each (segment, value bucket): the buckets cut the
   values' range into ``BUCKETS`` equal widths, ``floor((v - min) * scale)`` clamped to the
   range. That function only subtracts, multiplies and rounds down — operations that IEEE 754
   arithmetic keeps monotone — so a bucket holds a contiguous run of values and every value of a
   lower bucket is smaller than every value of a higher one. A period's counts are the sum of its
   segments'; from them, the bucket holding each rank the percentile needs, and the rank inside it.
3. **Fetch.** A second pass returns only the rows of the (segment, bucket) pairs some period
   needs (a few percent of the rows), and NumPy finds each period's ranks among them exactly.

The percentile is DuckDB's ``quantile_cont`` (WBR-SEMANTICS: the exact percentile of the
period's rows): for n values in order, position ``RN = (n - 1) · q``; at a whole position the
value there, else the linear interpolation between the values at ``floor(RN)`` and
``ceil(RN)`` by ``RN - floor(RN)``. That last step is left to DuckDB's own ``quantile_cont``
over the two values (its arithmetic differs between versions, in the last bit), so the numbers
are the engine's to the last bit. Skewed values only make the fetch larger, never a number
different.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from dayone.metrics.calendar import Span

BUCKETS = 512  # value buckets of the histogram pass
DIALECTS = ("duckdb", "spark")  # where this method runs (PostgreSQL: the same inside SQL, metrics/postgres.py)
SPARK_TYPES = {"double": "DOUBLE", "float": "FLOAT", "bigint": "BIGINT", "int": "INTEGER", "smallint": "SMALLINT",
               "tinyint": "TINYINT"}
EXACT_TYPES = ("DOUBLE", "FLOAT", "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "UBIGINT", "UINTEGER", "USMALLINT",
               "UTINYINT")


@dataclass(frozen=True)
class Segments:
    """The dates from ``low`` to ``high`` cut at every period's start and end: ``starts`` are
    the segments' first days; ``ranges[i]`` is period i's run of segments (first, last), or None
    when it holds no day up to ``high``."""

    low: date
    high: date
    starts: tuple[date, ...]
    ranges: tuple[tuple[int, int] | None, ...]

    @classmethod
    def of(cls, spans: list[Span], high: date) -> Segments:
        low = min(s.start for s in spans)
        cuts = {low}
        for s in spans:
            if s.start <= high:
                cuts.add(s.start)
                if s.end < high:
                    cuts.add(s.end + timedelta(days=1))
        starts = tuple(sorted(c for c in cuts if c <= high))
        ranges = tuple((bisect.bisect_right(starts, s.start) - 1, bisect.bisect_right(starts, min(s.end, high)) - 1)
                       if s.start <= high else None for s in spans)
        return cls(low, high, starts, ranges)

    @property
    def count(self) -> int:
        return len(self.starts)

    def sql(self, day: str, dialect: Any) -> str:
        """The segment of the row whose day is ``day`` (a list looked up by the day's offset, in
        ``dialect``); only for days from ``low`` to ``high``."""
        table, k = [], 0
        for n in range((self.high - self.low).days + 1):
            d = self.low + timedelta(days=n)
            while k + 1 < len(self.starts) and self.starts[k + 1] <= d:
                k += 1
            table.append(k)
        listed = ", ".join(map(str, table))
        if dialect.name == "spark":
            return f"element_at(array({listed}), datediff({day}, {dialect.date(self.low)}) + 1)"
        if dialect.name == "postgres":
            return f"(ARRAY[{listed}])[({day} - {dialect.date(self.low)}) + 1]"
        return f"[{listed}][CAST({day} - {dialect.date(self.low)} AS BIGINT) + 1]"


@dataclass
class Target:
    period: int
    fraction: float
    position: float
    floor: int
    ceil: int
    buckets: tuple[int, int]
    offsets: tuple[int, int]


def targets(counts: np.ndarray, segments: Segments, fractions: list[float]) -> tuple[list[Target], np.ndarray]:
    """From ``counts[segment, bucket]``: each (period, fraction)'s ranks, their buckets and their
    offsets inside the buckets, and which (segment, bucket) pairs the fetch must return."""
    nseg, width = counts.shape
    prefix = np.vstack([np.zeros((1, width), dtype=np.int64), np.cumsum(counts, axis=0, dtype=np.int64)])
    needed = np.zeros((nseg, width), dtype=bool)
    out: list[Target] = []
    for period, run in enumerate(segments.ranges):
        if run is None:
            continue
        first, last = run
        per_bucket = prefix[last + 1] - prefix[first]
        cumulative = np.cumsum(per_bucket)
        n = int(cumulative[-1]) if width else 0
        if n == 0:
            continue
        for fraction in fractions:
            position = float(n - 1) * fraction
            lo_rank, hi_rank = math.floor(position), math.ceil(position)
            buckets, offsets = [], []
            for rank in (lo_rank, hi_rank):
                b = int(np.searchsorted(cumulative, rank, side="right"))
                buckets.append(b)
                offsets.append(rank - (int(cumulative[b - 1]) if b else 0))
                needed[first:last + 1, b] = True
            out.append(Target(period, fraction, position, lo_rank, hi_rank, (buckets[0], buckets[1]),
                              (offsets[0], offsets[1])))
    return out, needed


def pick(targets_: list[Target], seg: np.ndarray, bucket: np.ndarray, values: np.ndarray, segments: Segments
         ) -> list[tuple[Target, Any, Any]]:
    """Each target's values at ranks floor(RN) and ceil(RN), from the fetched rows."""
    order = np.lexsort((values, bucket))
    seg, bucket, values = seg[order], bucket[order], values[order]
    cache: dict[tuple[int, int], np.ndarray] = {}
    out = []
    for t in targets_:
        run = segments.ranges[t.period]
        assert run is not None
        found = []
        for b, offset in zip(t.buckets, t.offsets, strict=True):
            key = (t.period, b)
            if key not in cache:
                start, stop = np.searchsorted(bucket, b, side="left"), np.searchsorted(bucket, b, side="right")
                inside = (seg[start:stop] >= run[0]) & (seg[start:stop] <= run[1])
                cache[key] = values[start:stop][inside]
            found.append(cache[key][offset])
        out.append((t, found[0], found[1]))
    return out


def interpolate(backend: Any, picked: list[tuple[Target, Any, Any]], kind: str, periods: int, what: str
                ) -> dict[float, np.ndarray]:
    """Each fraction's value per period: between the two values, interpolated by DuckDB's own
    quantile_cont (over those two values, at ``RN - floor(RN)``), so that every bit is the
    engine's whatever its version's arithmetic; at a whole position, the value itself. On Spark,
    ``percentile``'s own formula, ``(ceil − RN)·lo + (RN − floor)·hi`` (lo when they are equal),
    computed here in the same double arithmetic."""
    out: dict[float, np.ndarray] = {}
    between: list[tuple[Target, Any, Any]] = []
    for t, lo, hi in picked:
        column = out.setdefault(t.fraction, np.full(periods, np.nan))
        if t.floor == t.ceil:
            column[t.period] = float(lo)
        else:
            between.append((t, lo, hi))
    if not between:
        return out
    if backend.dialect.name == "spark":  # Spark's percentile: its own formula, in Java doubles (as Python's)
        for t, lo, hi in between:
            a, b = float(lo), float(hi)
            out[t.fraction][t.period] = a if a == b else (t.ceil - t.position) * a + (t.position - t.floor) * b
        return out
    ds = sorted({t.position - t.floor for t, _, _ in between})
    where = {d: k for k, d in enumerate(ds)}
    listed = ", ".join(f"CAST('{d!r}' AS DOUBLE)" for d in ds)
    rows = ", ".join(f"({g}, CAST('{x!r}' AS {kind}))" for g, (_, lo, hi) in enumerate(between)
                     for x in (_plain(lo), _plain(hi)))
    found = backend.run(f"SELECT g, quantile_cont(x, [{listed}]) FROM (VALUES {rows}) t(g, x) GROUP BY g", what)
    for g, values in found:
        t = between[int(g)][0]
        out[t.fraction][t.period] = float(values[where[t.position - t.floor]])
    return out


def _plain(x: Any) -> int | float:
    return int(x) if isinstance(x, np.integer) else float(x)


def fetch_columns(backend: Any, sql: str, names: tuple[str, ...], what: str) -> dict[str, np.ndarray]:
    """A query's result as NumPy columns ``names`` (DuckDB hands them over without Python objects)."""
    columns = getattr(backend, "columns", None)
    if columns is not None:
        return columns(sql, what)  # type: ignore[no-any-return]
    rows = backend.run(sql, what)
    return {name: np.array([r[k] for r in rows]) for k, name in enumerate(names)}


@dataclass(frozen=True)
class Group:
    """Percentiles of one value over the rows one filter keeps (None: every row)."""

    value: str
    keep: str | None
    fractions: tuple[float, ...]


def percentiles(backend: Any, relation: str, groups: list[Group], spans: list[Span], as_of: date, what: str
                ) -> list[dict[float, np.ndarray] | None]:
    """For each group, its exact percentiles in every span (NaN where a span has no value),
    from two passes over the rows; None for a group whose value this method does not take
    (a DECIMAL, text, NaN or infinite values): the caller then computes it per period."""
    dialect, periods = backend.dialect, len(spans)
    segments = Segments.of(spans, as_of)
    in_range = f"s.__day BETWEEN {dialect.date(segments.low)} AND {dialect.date(as_of)}"
    wheres = [" AND ".join([in_range, f"{g.value} IS NOT NULL", *([f"({g.keep})"] if g.keep else [])])
              for g in groups]
    found = backend.run(f"SELECT {', '.join(f'typeof({g.value})' for g in groups)} FROM {relation} s LIMIT 1", what)
    kinds = [SPARK_TYPES.get(str(k), str(k)) if dialect.name == "spark" else str(k).upper() for k in found[0]] \
        if found else ["DOUBLE"] * len(groups)
    # the values' range over all the rows (a wider range only makes the buckets wider; a plain
    # column's comes from the Parquet files' statistics, without a scan); NaN sorts above every
    # number, so a NaN is the maximum
    bounds = ", ".join(f"{f}({g.value}){f' FILTER (WHERE {g.keep})' if g.keep else ''}"
                       for g in groups for f in ("min", "max"))
    ranges = [None if x is None else float(x) for x in backend.run(f"SELECT {bounds} FROM {relation} s", what)[0]]
    out: list[dict[float, np.ndarray] | None] = []
    taken: list[tuple[int, str, float, float]] = []  # (group, kind, low, high) computed here
    for k, (group, kind) in enumerate(zip(groups, kinds, strict=True)):
        low, high = ranges[2 * k: 2 * k + 2]
        odd = low is not None and high is not None and not (math.isfinite(low) and math.isfinite(high))
        if kind not in EXACT_TYPES or odd:  # NaN and infinities: DuckDB orders them its own way; let it
            out.append(None)
        else:
            out.append({f: np.full(periods, np.nan) for f in group.fractions})
            if low is not None and high is not None:
                taken.append((k, kind, low, high))
    if not taken:
        return out
    found = _groups(backend, relation, [(groups[k], wheres[k], kind, low, high) for k, kind, low, high in taken],
                    segments, periods, what)
    for (k, _, _, _), values in zip(taken, found, strict=True):
        out[k] = values
    return out


def _bucket(value: str, low: float, high: float) -> str:
    """``(v/2 - low/2) · scale`` rounded down, 0 … BUCKETS from low to high: monotone (halving,
    subtracting, multiplying by a positive constant and rounding down all keep IEEE doubles in
    order), and halved so that no step overflows, even from -1.8e308 to 1.8e308 (DuckDB and
    PostgreSQL refuse an overflowing double). A range too small for a finite scale (a few
    subnormal numbers) puts every value in one bucket: still exact, only a larger fetch."""
    half = high / 2 - low / 2
    scale = BUCKETS / half if half > 0 else 0.0
    if not math.isfinite(scale):
        scale = 0.0
    return f"CAST((CAST({value} AS DOUBLE) / 2 - ({low / 2!r})) * {scale!r} AS BIGINT)"


def _groups(backend: Any, relation: str, taken: list[tuple[Group, str, str, float, float]], segments: Segments,
            periods: int, what: str) -> list[dict[float, np.ndarray]]:
    """The two passes of every group at once — one statement counting each group's (segment,
    bucket) pairs, one returning the rows of the pairs needed — so that an engine paying a job
    for each statement (Spark) pays two, whatever the number of groups. Each group keeps its
    own value column (``v0``, ``v1``…) in the second, so no value changes type."""
    width, seg = BUCKETS + 1, segments.sql("s.__day", backend.dialect)
    counted = " UNION ALL ".join(
        f"SELECT {g} AS g, {seg} * {width} + {_bucket(group.value, low, high)} AS k FROM {relation} s WHERE {where}"
        for g, (group, where, _, low, high) in enumerate(taken))
    counts = np.zeros((len(taken), segments.count * width), dtype=np.int64)
    for g, k, n in backend.run(f"SELECT g, k, count(*) FROM ({counted}) x GROUP BY g, k", what):
        counts[int(g), int(k)] = int(n)
    out = [{f: np.full(periods, np.nan) for f in group.fractions} for group, *_ in taken]
    wanted, selects = [], []
    for g, (group, where, _, low, high) in enumerate(taken):
        found, needed = targets(counts[g].reshape(segments.count, width), segments, list(group.fractions))
        wanted.append(found)
        if not found:
            continue
        listed = ", ".join(map(str, np.flatnonzero(needed.any(axis=0)).tolist()))
        if backend.dialect.name == "duckdb":  # a bit string looked up by position
            mask = "".join("1" if x else "0" for x in needed.ravel())
            pair = f"get_bit('{mask}'::BIT, CAST(seg * {width} + b AS INTEGER)) = 1"
        else:  # Spark makes a long IN list a hash set
            pair = f"seg * {width} + b IN ({', '.join(map(str, np.flatnonzero(needed.ravel()).tolist()))})"
        values = ", ".join(f"{'v' if h == g else 'NULL'} AS v{h}" for h in range(len(taken)))
        selects.append(f"SELECT {g} AS g, seg, b, {values} FROM (SELECT {seg} AS seg, b, v FROM (SELECT "
                       f"{_bucket(group.value, low, high)} AS b, s.__day, {group.value} AS v FROM {relation} s "
                       f"WHERE {where}) s WHERE b IN ({listed})) x WHERE {pair}")
    if not selects:
        return out
    names = ("g", "seg", "b", *(f"v{h}" for h in range(len(taken))))
    got = fetch_columns(backend, " UNION ALL ".join(selects), names, what)
    columns = {c: np.asarray(np.ma.getdata(got[c])) for c in names}
    for g, (_, _, kind, _, _) in enumerate(taken):
        rows = columns["g"] == g
        if not wanted[g] or not rows.any():
            continue
        picked = pick(wanted[g], columns["seg"][rows].astype(np.int64), columns["b"][rows].astype(np.int64),
                      columns[f"v{g}"][rows], segments)
        out[g].update(interpolate(backend, picked, kind, periods, what))
    return out
