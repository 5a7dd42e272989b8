"""Exact percentiles in two passes (metrics/exact.py) and distinct counts through segment
bitmaps give the very numbers of the straightforward per-period aggregate (DuckDB's
quantile_cont, count(DISTINCT)): every period, ties, NULLs, single rows, empty periods, rows after
the as-of date, filters, and value types."""

from __future__ import annotations

import math
import random
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dayone.metrics import exact, spec
from dayone.metrics.calendar import Span
from dayone.metrics.compute import Engine
from dayone.metrics.sources import DuckDBFiles

FIRST = date(2026, 1, 1)
FRACTIONS = (0.0, 0.01, 0.25, 0.5, 0.9, 0.99, 1.0)


def _same(got: float | None, want: float | None) -> bool:
    if want is None or (isinstance(want, float) and math.isnan(want)):
        return got is None or math.isnan(got)
    return got is not None and float(got) == float(want)


def _table(con: Any, kind: str, rows: list[tuple[int, Any, int]]) -> None:
    con.execute(f"CREATE TEMP TABLE t (__day DATE, v {kind}, k INTEGER)")
    if rows:
        con.executemany("INSERT INTO t VALUES (?, ?, ?)", [(FIRST + timedelta(days=d), v, k) for d, v, k in rows])


VALUES = {
    "DOUBLE": st.one_of(st.none(), st.sampled_from([-2.5, -0.0, 0.0, 1.0, 3.25, 1e6, 0.1]),
                        st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)),
    "FLOAT": st.one_of(st.none(), st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False, width=32)),
    "INTEGER": st.one_of(st.none(), st.integers(-1000, 1000), st.sampled_from([0, 7, 7, 7])),
    "BIGINT": st.one_of(st.none(), st.integers(-(2 ** 40), 2 ** 40)),
}


@st.composite
def cases(draw: Any) -> tuple[str, list[tuple[int, Any, int]], list[Span], date, list[float], bool, int]:
    kind = draw(st.sampled_from(sorted(VALUES)))
    rows = draw(st.lists(st.tuples(st.integers(0, 40), VALUES[kind], st.integers(0, 1)), max_size=80))
    as_of = FIRST + timedelta(days=draw(st.integers(0, 45)))
    spans = []
    for start, length in draw(st.lists(st.tuples(st.integers(0, 45), st.integers(0, 20)), min_size=1, max_size=8)):
        spans.append(Span(FIRST + timedelta(days=start), FIRST + timedelta(days=start + length)))
    fractions = sorted(set(draw(st.lists(st.one_of(st.sampled_from(FRACTIONS), st.floats(0, 1)), min_size=1,
                                         max_size=4))))
    return kind, rows, spans, as_of, fractions, draw(st.booleans()), draw(st.sampled_from([1, 2, 7, 512]))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=cases())
def test_two_pass_percentiles_equal_quantile_cont_in_every_span(case: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Random values with ties, NULLs, single rows and empty spans, rows after the as-of date,
    with and without a filter, for DOUBLE, FLOAT and whole numbers, and with as few as one value
    bucket (every rank then inside one bucket) or many: each span's percentile is DuckDB's
    quantile_cont over the span's rows, to the last bit."""
    kind, rows, spans, as_of, fractions, filtered, buckets = case
    monkeypatch.setattr(exact, "BUCKETS", buckets)
    backend = DuckDBFiles()
    try:
        _table(backend.con, kind, rows)
        keep = "k = 1" if filtered else None
        found = exact.percentiles(backend, "t", [exact.Group('"v"', keep, tuple(fractions))], spans, as_of, "test")[0]
        assert found is not None
        for i, span in enumerate(spans):
            for q in fractions:
                want = backend.con.execute(
                    f"SELECT quantile_cont(v, CAST('{q!r}' AS DOUBLE)) FROM t WHERE __day BETWEEN ? AND ?"
                    + (f" AND {keep}" if keep else ""), [span.start, min(span.end, as_of)]).fetchone()[0]
                assert _same(found[q][i], want), (span, q, found[q][i], want)
    finally:
        backend.close()


def test_values_the_method_does_not_take_are_left_to_the_per_period_path() -> None:
    """DECIMAL, NaN and infinite values: None (the engine then computes them per period)."""
    backend = DuckDBFiles()
    try:
        backend.con.execute("CREATE TEMP TABLE t AS SELECT DATE '2026-01-01' + CAST(i % 5 AS INTEGER) AS __day, "
                            "CAST(i AS DECIMAL(9, 2)) AS d, CASE WHEN i = 3 THEN 'NaN'::DOUBLE ELSE i END AS n, "
                            "CASE WHEN i = 3 THEN 'inf'::DOUBLE ELSE i END AS f, CAST(i AS DOUBLE) * 1.5 AS ok "
                            "FROM range(20) r(i)")
        spans = [Span(date(2026, 1, 1), date(2026, 1, 7))]
        groups = [exact.Group(c, None, (0.5,)) for c in ('"d"', '"n"', '"f"', '"ok"')]
        found = exact.percentiles(backend, "t", groups, spans, date(2026, 1, 7), "test")
        assert found[:3] == [None, None, None]
        assert found[3] is not None and found[3][0.5][0] == 14.25
    finally:
        backend.close()


def _deck_rows(tmp_path: Path) -> tuple[Engine, list[tuple[date, Any, Any, Any, str]]]:
    """Two years of orders: several rows a day, repeated amounts, blank amounts, a week without
    rows, whole-number and text customer ids."""
    rng = random.Random(17)
    rows = []
    day = date(2024, 10, 1)
    while day <= date(2026, 11, 25):
        if not date(2025, 3, 2) <= day <= date(2025, 3, 8):  # a week without rows (and its month incomplete)
            for _ in range(rng.randint(1, 9)):
                amount = None if rng.random() < 0.1 else rng.choice([5.0, 5.0, 9.99, round(rng.uniform(1, 500), 2)])
                customer = rng.randint(1, 300)
                rows.append((day, amount, customer, f"c{customer % 97}", rng.choice(["EU", "NA"])))
        day += timedelta(days=1)
    con = duckdb.connect()
    con.execute("CREATE TABLE o (day DATE, amount DOUBLE, customer BIGINT, name VARCHAR, region VARCHAR)")
    con.executemany("INSERT INTO o VALUES (?, ?, ?, ?, ?)", rows)
    con.execute(f"COPY o TO '{tmp_path / 'orders.parquet'}' (FORMAT parquet)")
    con.close()
    (tmp_path / "metrics.yaml").write_text(
        "sources: {orders: {parquet: orders.parquet, date_column: day}}\nmetrics:\n"
        "  p50: {source: orders, column: amount, aggregation: p50}\n"
        "  p90: {source: orders, column: amount, aggregation: p90}\n"
        "  p99: {source: orders, column: amount, aggregation: p99}\n"
        "  p90_eu: {source: orders, column: amount, aggregation: p90, filter: \"region = 'EU'\"}\n"
        "  customers: {source: orders, column: customer, aggregation: count_distinct}\n"
        "  eu_customers: {source: orders, column: customer, aggregation: count_distinct, filter: \"region = 'EU'\"}\n"
        "  names: {source: orders, column: name, aggregation: count_distinct}\n")
    return Engine(spec.load(tmp_path / "metrics.yaml")), rows


def test_every_period_of_the_deck_equals_the_straightforward_aggregate(tmp_path: Path) -> None:
    """Weeks, months, MTD/QTD/YTD and every prior-year counterpart (so every WoW, MoM and YoY):
    the deck's percentiles and distinct counts are those of one query per period."""
    engine, rows = _deck_rows(tmp_path)
    as_of = date(2026, 11, 21)
    with engine:
        deck = engine.compute(as_of)
    con = duckdb.connect()
    con.execute("CREATE TABLE o (day DATE, amount DOUBLE, customer BIGINT, name VARCHAR, region VARCHAR)")
    con.executemany("INSERT INTO o VALUES (?, ?, ?, ?, ?)", rows)
    aggregates = {"p50": "quantile_cont(amount, 0.5)", "p90": "quantile_cont(amount, 0.9)",
                  "p99": "quantile_cont(amount, 0.99)", "p90_eu": "quantile_cont(amount, 0.9) FILTER (region = 'EU')",
                  "customers": "count(DISTINCT customer)",
                  "eu_customers": "count(DISTINCT customer) FILTER (region = 'EU')", "names": "count(DISTINCT name)"}

    def want(metric: str, start: str, end: str, *, year_back: bool = False) -> Any:
        found = con.execute(f"SELECT count(*), {aggregates[metric]} FROM o WHERE day BETWEEN ? AND ?",
                            [date.fromisoformat(start), date.fromisoformat(end)]).fetchone()
        assert found is not None
        return None if found[0] == 0 else found[1]

    checked = 0
    for metric in aggregates:
        report = deck["metrics"][metric]
        for week in report["weeks"]:
            assert _same(week["value"], want(metric, week["start"], week["end"])), (metric, week)
            checked += 1
        for month in report["months"]:
            first = date.fromisoformat(month["month"] + "-01")
            last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            assert _same(month["value"], want(metric, first.isoformat(), min(last, as_of).isoformat())), month
            py_first = first.replace(year=first.year - 1)
            py_last = (py_first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            assert _same(month["py_value"], want(metric, py_first.isoformat(), py_last.isoformat())), month
            checked += 2
        for key, start in (("mtd", "2026-11-01"), ("qtd", "2026-10-01"), ("ytd", "2026-01-01")):
            box = report["summary"][key]
            assert _same(box["value"], want(metric, start, "2026-11-21")), (metric, key)
            assert _same(box["py_value"], want(metric, start.replace("2026", "2025"), "2025-11-21")), (metric, key)
            checked += 2
    assert checked == 7 * (6 + 24 + 6)
    assert deck["metrics"]["p90"]["months"][4]["value"] is not None  # March 2025, which lacks a week


DISTINCT_VALUES = {
    "VARCHAR": st.one_of(st.none(), st.sampled_from(["a", "b", "", "é", "a "]), st.text(max_size=3)),
    "DOUBLE": st.one_of(st.none(), st.sampled_from([-0.0, 0.0, 1.5, 1e300]), st.floats(-10, 10, allow_nan=False)),
    "DATE": st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2020, 1, 20))),
}


@settings(max_examples=120, deadline=None)
@given(kind=st.sampled_from(sorted(DISTINCT_VALUES)), data=st.data())
def test_distinct_counts_by_segment_sets_equal_count_distinct_in_every_span(kind: str, data: Any) -> None:
    """Text, doubles (0.0 and -0.0 are one value) and dates, NULLs, rows after the as-of date,
    overlapping, nested and empty spans, with and without a filter, two metrics sharing a value
    and one alone, in one statement: each span's count is DuckDB's count(DISTINCT) over the
    span's rows."""
    from dayone.metrics import query
    from dayone.metrics.spec import MetricSpec

    rows = data.draw(st.lists(st.tuples(st.integers(0, 40), DISTINCT_VALUES[kind], st.integers(0, 1)), max_size=80))
    as_of = FIRST + timedelta(days=data.draw(st.integers(0, 45)))
    spans = [Span(FIRST + timedelta(days=a), FIRST + timedelta(days=a + n)) for a, n in
             data.draw(st.lists(st.tuples(st.integers(0, 45), st.integers(0, 20)), min_size=1, max_size=8))]
    backend = DuckDBFiles()
    try:
        _table(backend.con, kind, rows)
        metrics = [MetricSpec("all", source="t", column="v", aggregation="count_distinct"),
                   MetricSpec("kept", source="t", column="v", aggregation="count_distinct", filter="k = 1"),
                   MetricSpec("text", source="t", column="upper(CAST(v AS VARCHAR))", aggregation="count_distinct",
                              filter="k = 0")]
        text = "upper(CAST(v AS VARCHAR))"  # another value, alone with its filter
        built = query.build(backend.dialect, "t", metrics, {"all": '"v"', "kept": '"v"', "text": text}, spans, as_of)
        (part,) = built.parts
        found = {int(r[0]): r[1:] for r in part.rows(backend.run(part.sql, "test"))}
        for i, span in enumerate(spans):
            for k, (value, keep) in enumerate((("v", "TRUE"), ("v", "k = 1"), (text, "k = 0"))):
                want = backend.con.execute(f"SELECT count(DISTINCT {value}) FROM t WHERE __day BETWEEN ? AND ? "
                                           f"AND {keep}", [span.start, min(span.end, as_of)]).fetchone()[0]
                assert found.get(i, (0, 0, 0))[k] == want, (span, keep, found.get(i), want)
    finally:
        backend.close()


@pytest.mark.parametrize("values", [[-1.7e308, 1.7e308, 0.0, 1e300, -3.5, 1.7e308], [1e308, -1e308]])
def test_a_range_wider_than_the_largest_double_still_gives_the_exact_percentile(values: list[float]) -> None:
    """From -1.7e308 to 1.7e308 the range's width overflows a double: the buckets are computed on
    halves, so the two passes still run (not the per-period path) and give quantile_cont's answer."""
    backend = DuckDBFiles()
    try:
        _table(backend.con, "DOUBLE", [(d % 3, v, 0) for d, v in enumerate(values)])
        spans = [Span(FIRST, FIRST + timedelta(days=2)), Span(FIRST + timedelta(days=1), FIRST + timedelta(days=1))]
        found = exact.percentiles(backend, "t", [exact.Group('"v"', None, FRACTIONS)], spans, FIRST + timedelta(2),
                                  "test")[0]
        assert found is not None
        for i, span in enumerate(spans):
            for q in FRACTIONS:
                want = backend.con.execute(f"SELECT quantile_cont(v, CAST('{q!r}' AS DOUBLE)) FROM t WHERE __day "
                                           "BETWEEN ? AND ?", [span.start, span.end]).fetchone()[0]
                assert _same(found[q][i], want), (span, q, found[q][i], want)
    finally:
        backend.close()


def test_a_range_of_subnormal_numbers_still_gives_the_exact_percentile() -> None:
    """Values 0 and 2.2e-313 (a range whose bucket scale overflows to infinity, found by
    hypothesis): one bucket for all, and still quantile_cont's answer."""
    backend = DuckDBFiles()
    try:
        _table(backend.con, "DOUBLE", [(0, -0.0, 0), (0, 2.2250738585e-313, 0), (1, 1e-320, 0)])
        spans = [Span(FIRST, FIRST + timedelta(days=1))]
        found = exact.percentiles(backend, "t", [exact.Group('"v"', None, (0.0, 0.5, 1.0))], spans, FIRST, "test")[0]
        assert found is not None
        assert [found[q][0] for q in (0.0, 0.5, 1.0)] == [0.0, pytest.approx(1.1125369292e-313, rel=1e-6),
                                                          2.2250738585e-313]
    finally:
        backend.close()


@pytest.mark.spark
@pytest.mark.filterwarnings("ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_spark_distinct_counts_by_first_appearances_equal_count_distinct(seed: int, spark: Any, tmp_path: Path
                                                                          ) -> None:
    """Spark counts distinct values by first appearances (query._first_appearances): over random
    rows (text with NULLs, two metrics of one value, one filtered, and another value alone) and
    random overlapping, nested and empty spans, each span's count is DuckDB's count(DISTINCT)."""
    from dayone.metrics import query
    from dayone.metrics.spec import MetricSpec
    from dayone.metrics.warehouse import SparkFiles

    rng = random.Random(seed)
    rows = [(FIRST + timedelta(days=rng.randint(0, 400)), rng.choice([None, *(f"v{i}" for i in range(30))]),
             rng.randint(0, 1)) for _ in range(600)]
    spans = [Span(FIRST + timedelta(days=a), FIRST + timedelta(days=a + rng.randint(0, 120)))
             for a in (rng.randint(0, 420) for _ in range(40 if seed == 2 else 12))]  # seed 2: over 63 segments
    as_of = FIRST + timedelta(days=rng.randint(200, 400))
    con = duckdb.connect()
    con.execute("CREATE TABLE t (__day DATE, v VARCHAR, k INTEGER)")
    con.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
    con.execute(f"COPY t TO '{tmp_path / 't.parquet'}' (FORMAT parquet)")
    spark.read.parquet(str(tmp_path / "t.parquet")).createOrReplaceTempView("t_exact")
    backend = SparkFiles(spark)
    metrics = [MetricSpec("all", column="v", aggregation="count_distinct"),
               MetricSpec("kept", column="v", aggregation="count_distinct", filter="k = 1"),
               MetricSpec("other", column="x", aggregation="count_distinct", filter="k = 0")]
    checks = [("v", "TRUE"), ("v", "k = 1"), ("upper(v)", "k = 0")]
    if seed == 2:  # the value alone first: its group is padded to the width of the other's
        metrics, checks = metrics[::-1], checks[::-1]
    values = {"all": "v", "kept": "v", "other": "upper(v)"}
    (part,) = query.build(backend.dialect, "t_exact", metrics, values, spans, as_of).parts
    assert part.pairs is not None  # the Spark statement
    assert seed != 2 or part.pairs.count > 63  # sets of two words or more: the lone value's padding is wide
    found = {int(r[0]): r[1:] for r in part.rows(backend.first_appearances(part, "test"))}
    for i, span in enumerate(spans):
        for k, (value, keep) in enumerate(checks):
            want = con.execute(f"SELECT count(DISTINCT {value}) FROM t WHERE __day BETWEEN ? AND ? AND {keep}",
                               [span.start, min(span.end, as_of)]).fetchone()[0]  # type: ignore[index]
            assert found.get(i, (0, 0, 0))[k] == want, (span, keep, found.get(i), want)
    spark.catalog.dropTempView("t_exact")



@pytest.mark.spark
@pytest.mark.filterwarnings("ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize(("workers", "said"), [
    ("bare", "its Python workers failed: ModuleNotFoundError: No module named"),
    ("bare, JVM stack traces on", "its Python workers failed: ModuleNotFoundError: No module named"),
    ("missing", 'its Python workers could not start: Cannot run program "/nonexistent/python3"'),
])
def test_spark_workers_without_pyarrow_are_named_in_the_deck(workers: str, said: str, spark: Any,
                                                              tmp_path: Path) -> None:
    """Spark's Python workers spread the distinct counts' sets with NumPy and PyArrow: workers
    whose Python lacks them (this Python without its site-packages), or a Python that is not
    there, fail, and the metric's problem says what went wrong and what to set, not a Java
    stack trace — also when Spark appends its JVM stack trace to the error."""
    (tmp_path / "o.csv").write_text("day,customer\n2026-01-05,a\n2026-01-06,b\n")
    (tmp_path / "metrics.yaml").write_text(
        "sources:\n  o: {csv: o.csv, date_column: day}\n"
        "metrics:\n  customers: {source: o, aggregation: count_distinct, column: customer}\n"
        "  orders: {source: o, aggregation: count}\n")
    bare = tmp_path / "bare-python"
    bare.write_text(f"#!/bin/sh\nexec {sys.executable} -S \"$@\"\n")
    bare.chmod(0o755)
    context = spark.sparkContext
    python, context.pythonExec = context.pythonExec, str(bare) if workers.startswith("bare") else "/nonexistent/python3"
    traces = "spark.sql.pyspark.jvmStacktrace.enabled"
    spark.conf.set(traces, str("JVM" in workers).lower())
    try:
        with Engine(spec.load(tmp_path / "metrics.yaml"), engine="spark", spark=spark) as built:
            deck = built.compute(date(2026, 1, 10))
    finally:
        context.pythonExec = python
        spark.conf.set(traces, "false")
    problem = deck["metrics"]["customers"]["problem_detail"]
    assert deck["metrics"]["orders"]["weeks"][-1]["value"] == 2  # the other metrics compute
    assert said in str(problem)
    assert "set PYSPARK_PYTHON" in str(problem)
    assert "at org.apache" not in str(problem) and "java." not in str(problem)


@settings(max_examples=60, deadline=None)
@given(segments=st.integers(1, 200), data=st.data())
def test_first_appearances_spread_each_set_into_its_pairs(segments: int, data: Any) -> None:
    """The function Spark's workers run on batches of segment sets (query.first_appearances):
    for every group and metric, each (previous segment, segment) pair is counted once per value
    that has it — the first segment after -1 — whatever the batches, the words (up to four of 63
    bits), the groups' widths and the empty sets; checked against the sets spread in Python."""
    import pyarrow as pa

    from dayone.metrics import query

    words = -(-segments // query.WORD)
    width = data.draw(st.integers(1, 3))
    sets = st.lists(st.integers(0, segments - 1), max_size=12).map(lambda xs: sorted(set(xs)))
    rows = data.draw(st.lists(st.tuples(st.integers(0, 2), st.lists(sets, min_size=width, max_size=width)),
                              max_size=30))
    cut = data.draw(st.integers(1, 10))  # rows per batch

    def encoded(members: list[int]) -> list[int]:
        return [sum(1 << (x - w * query.WORD) for x in members if x // query.WORD == w) for w in range(words)]

    batches = [pa.RecordBatch.from_arrays(
        [pa.array([g for g, _ in chunk], pa.int32()),
         *(pa.array([encoded(m[j])[w] for _, m in chunk], pa.int64()) for j in range(width) for w in range(words))],
        names=["g", *(f"w{j}_{w}" for j in range(width) for w in range(words))])
        for chunk in (rows[i:i + cut] for i in range(0, len(rows), cut))]
    found: dict[tuple[int, int, int, int], int] = {}
    for out in query.first_appearances(segments, width)(iter(batches)):
        for g, j, p, s, n in zip(*(out.column(k).to_pylist() for k in range(5)), strict=True):
            assert n > 0
            found[(g, j, p, s)] = found.get((g, j, p, s), 0) + n
    want: dict[tuple[int, int, int, int], int] = {}
    for g, members in rows:
        for j, segs in enumerate(members):
            for p, s in zip([-1, *segs], segs, strict=False):
                want[(g, j, p, s)] = want.get((g, j, p, s), 0) + 1
    assert found == want


def test_first_appearances_ships_to_spark_workers_without_day_one(tmp_path: Path) -> None:
    """The spread runs in Spark's Python workers, on a cluster's machines too: PySpark pickles
    it with cloudpickle, and it must travel by value — it runs, once unpickled, in a Python
    where Day One cannot be imported (workers need NumPy and PyArrow, not Day One)."""
    import subprocess

    from pyspark import cloudpickle

    from dayone.metrics import query

    (tmp_path / "spread.pickle").write_bytes(cloudpickle.dumps(query.first_appearances(70, 1)))
    worker = """if True:
        import pickle, sys
        sys.modules["dayone"] = None  # import dayone now fails
        import pyarrow as pa
        spread = pickle.loads(open(sys.argv[1], "rb").read())
        batch = pa.RecordBatch.from_arrays([pa.array([0, 0], pa.int32()), pa.array([0b101, 0b1], pa.int64()),
                                            pa.array([1, 0], pa.int64())], names=["g", "w0_0", "w0_1"])
        (out,) = list(spread(iter([batch])))
        print(sorted(zip(*(out.column(k).to_pylist() for k in range(5)))))
    """
    done = subprocess.run([sys.executable, "-c", worker, str(tmp_path / "spread.pickle")], capture_output=True,
                          text=True, cwd=tmp_path, env={"PATH": "/usr/bin:/bin"}, timeout=60)
    assert done.returncode == 0, done.stderr
    # value 1: segments 0, 2 and 63; value 2: segment 0
    assert done.stdout.strip() == "[(0, 0, -1, 0, 2), (0, 0, 0, 2, 1), (0, 0, 2, 63, 1)]"
