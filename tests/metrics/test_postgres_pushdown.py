"""A PostgreSQL source's deck is computed in the database, in one round trip, and every number
is DuckDB's (docs/wbr.md, "PostgreSQL"): percentiles of several fractions (with a filter, of
whole numbers, with ties and negative values), distinct counts of numbers and text (filtered),
blank cells, a missing day, a column that is always NULL; and a metric whose filter
PostgreSQL refuses is still named, the others computing."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from dayone.metrics import spec
from dayone.metrics.compute import Engine
from tests.helpers import rounded

END = date(2026, 11, 21)  # a Saturday
MISSING = {date(2026, 11, 3), date(2025, 10, 10)}  # no rows at all
BLANK = {date(2026, 11, 18)}  # rows whose amount is blank
COLUMNS = ["day", "amount", "qty", "customer", "sku", "region", "note"]
METRICS = """
metrics:
  rows: {source: d, aggregation: count}
  revenue: {source: d, column: amount}
  aov: {source: d, column: amount, aggregation: mean}
  amount_p10: {source: d, column: amount, aggregation: p10}
  amount_p50: {source: d, column: amount, aggregation: p50}
  amount_p90: {source: d, column: amount, aggregation: p90}
  eu_p90: {source: d, column: amount, aggregation: p90, filter: "region = 'EU'"}
  qty_p50: {source: d, column: qty, aggregation: p50}
  qty_p99: {source: d, column: qty, aggregation: p99}
  customers: {source: d, column: customer, aggregation: count_distinct}
  eu_customers: {source: d, column: customer, aggregation: count_distinct, filter: "region = 'EU'"}
  skus: {source: d, column: sku, aggregation: count_distinct}
  notes: {source: d, column: note}
  eu_share: {derived: ratio, of: [eu_customers, customers]}
"""


def _rows(start: date, gaps: bool) -> list[tuple[Any, ...]]:
    """3 to 7 rows a day from ``start`` to END: amounts with ties and negative refunds, a few
    blank; whole-number quantities; customers and SKUs (text) that recur; ``note`` always NULL."""
    rng = random.Random(17)
    out: list[tuple[Any, ...]] = []
    day = start
    while day <= END:
        if not (gaps and day in MISSING):
            for _ in range(rng.randint(3, 7)):
                amount = None if (gaps and day in BLANK) or rng.random() < 0.05 else \
                    round(rng.choice([-1, 1, 1, 1]) * rng.lognormvariate(3, 1), 1)
                out.append((day, amount, rng.randint(1, 9), rng.randint(1, 60), f"sku-{rng.randint(1, 25)}",
                            rng.choice(["EU", "NA", "APAC"]), None))
        day += timedelta(days=1)
    return out


def _tables(tmp_path: Path, postgres_url: str, rows: list[tuple[Any, ...]]) -> None:
    """The rows as a Parquet file (for DuckDB) and as table ``d`` (for PostgreSQL)."""
    import duckdb
    import psycopg

    con = duckdb.connect()
    con.execute("CREATE TABLE d (day DATE, amount DOUBLE, qty BIGINT, customer BIGINT, sku VARCHAR, region VARCHAR, "
                "note DOUBLE)")
    con.executemany("INSERT INTO d VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute(f"COPY d TO '{tmp_path / 'd.parquet'}' (FORMAT parquet)")
    con.close()
    with psycopg.connect("postgresql://" + postgres_url.split("://", 1)[1], autocommit=True) as pg:
        pg.execute("DROP TABLE IF EXISTS d")
        pg.execute("CREATE TABLE d (day DATE, amount DOUBLE PRECISION, qty BIGINT, customer BIGINT, sku TEXT, "
                   "region TEXT, note DOUBLE PRECISION)")
        with pg.cursor() as cur, cur.copy("COPY d FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _compute(folder: Path, source: str, metrics: str = METRICS) -> tuple[dict[str, Any], list[tuple[int, int]]]:
    """The deck of week END, and for each database of the engine its (round trips, statements)
    during compute()."""
    (folder / "m.yaml").write_text(f"sources:\n  d: {{{source}, date_column: day}}\n{metrics}")
    with Engine(spec.load(folder / "m.yaml")) as engine:
        before = [(d.round_trips, d.statements) for d in engine.databases.values()]
        deck = engine.compute(END)
        trips = [(d.round_trips - b[0], d.statements - b[1]) for d, b in zip(engine.databases.values(), before,
                                                                                strict=True)]
    return {n: {k: m[k] for k in ("weeks", "months", "summary", "problem")} for n, m in deck["metrics"].items()}, trips



def _sql(postgres_url: str) -> str:
    return f"sql: 'SELECT * FROM d', database: '{postgres_url}'"


def test_a_complete_source_takes_one_round_trip_and_gives_duckdbs_numbers(tmp_path: Path, postgres_url: str) -> None:
    _tables(tmp_path, postgres_url, _rows(END - timedelta(days=3 * 365), gaps=False))
    whole = METRICS.replace("  notes: {source: d, column: note}\n", "")  # a column blank on every day is a gap
    reference, _ = _compute(tmp_path, "parquet: d.parquet", whole)
    deck, trips = _compute(tmp_path, _sql(postgres_url), whole)
    assert trips == [(1, 5)]  # the additive query, the distinct counts, 3 values' percentiles: one message
    assert reference["amount_p90"]["summary"]["last_week"]["value"] is not None
    assert reference["eu_customers"]["weeks"][-1]["value"] and reference["rows"]["summary"]["ytd"]["py_complete"]
    assert rounded(deck, 12) == rounded(reference, 12)


def test_blank_cells_and_missing_days_give_duckdbs_numbers(tmp_path: Path, postgres_url: str) -> None:
    """Data from mid-2025 (a partial prior year), a day without rows, a day whose amounts are all
    blank: the coverage queries add one round trip each, only because days are missing."""
    _tables(tmp_path, postgres_url, _rows(date(2025, 7, 9), gaps=True))
    reference, _ = _compute(tmp_path, "parquet: d.parquet")
    deck, trips = _compute(tmp_path, _sql(postgres_url))
    assert reference["revenue"]["weeks"][-1]["missing_dates"] == ["2026-11-18"]
    assert reference["amount_p50"]["weeks"][-3]["missing_dates"] == ["2026-11-03"]
    assert reference["rows"]["weeks"][-1]["complete"] and reference["notes"]["problem"]
    assert trips == [(1, 5)]  # the deck told which days are missing or blank: no round trip more
    assert rounded(deck, 12) == rounded(reference, 12)


def test_a_refused_filter_names_its_metric_and_the_others_compute(tmp_path: Path, postgres_url: str) -> None:
    """PostgreSQL refuses the whole message when one statement fails; the engine then finds the
    metric by halving, and the others still equal DuckDB's numbers."""
    _tables(tmp_path, postgres_url, _rows(END - timedelta(days=400), gaps=False))
    broken = METRICS + "  odd: {source: d, column: amount, aggregation: p50, filter: \"region > 5\"}\n"
    reference, _ = _compute(tmp_path, "parquet: d.parquet")
    deck, trips = _compute(tmp_path, _sql(postgres_url), broken)
    assert deck["odd"]["problem"] == "It could not be computed from source d."
    assert trips[0][0] > 1  # the halving takes more round trips; only when a statement is refused
    assert rounded({k: v for k, v in deck.items() if k != "odd"}, 12) == rounded(reference, 12)


VALUE_SETS = {
    "mixed": lambda rng: (rng.choice([float("inf"), float("-inf"), float("nan")]) if rng.random() < 0.03
                          else float(rng.randint(-20, 20)) * rng.choice([1, 0.25])),
    # a range past the largest double (its width overflows unless halved) and one of subnormal numbers
    "huge": lambda rng: rng.choice([1.7e308, -1.7e308, 0.0, 1e300, -3.5]),
    "subnormal": lambda rng: rng.choice([0.0, 5e-324, 2.2250738585e-313, -1e-320]),
}


@pytest.mark.parametrize("kind", sorted(VALUE_SETS))
def test_percentiles_are_percentile_conts_with_infinities_nan_and_ties(postgres_url: str, kind: str) -> None:
    """The segment method against PostgreSQL's own percentile_cont, period by period, over values
    that are whole, tied, negative, infinite and NaN (which PostgreSQL sorts above infinity), from
    -1.7e308 to 1.7e308, or a few subnormal numbers apart."""
    import psycopg

    from dayone.metrics import postgres
    from dayone.metrics.calendar import Span
    from dayone.metrics.query import Dialect

    rng = random.Random(5)
    start = date(2026, 1, 1)
    rows = [(start + timedelta(days=rng.randint(0, 90)), VALUE_SETS[kind](rng)) for _ in range(2000)]
    spans = [Span(start + timedelta(days=a), start + timedelta(days=a + n)) for a, n in
             [(0, 6), (7, 6), (0, 30), (31, 27), (0, 90), (45, 0), (100, 6)]]
    fractions = [0.0, 0.1, 0.5, 0.9, 0.99, 1.0]
    relation = "(SELECT day AS __day, v FROM p) "
    with psycopg.connect("postgresql://" + postgres_url.split("://", 1)[1], autocommit=True) as pg:
        pg.execute("DROP TABLE IF EXISTS p")
        pg.execute("CREATE TABLE p (day DATE, v DOUBLE PRECISION)")
        with pg.cursor() as cur, cur.copy("COPY p FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        found = dict(pg.execute(postgres.percentiles(Dialect("postgres"), relation, "v", None, fractions, spans,
                                                     date(2026, 4, 30))).fetchall())
        listed = ", ".join(map(str, fractions))
        for i, span in enumerate(spans):
            (expected,) = pg.execute(f"SELECT percentile_cont(ARRAY[{listed}]) WITHIN GROUP (ORDER BY v) FROM p "
                                     "WHERE day BETWEEN %s AND %s", (span.start, min(span.end, date(2026, 4, 30)))
                                     ).fetchone() or (None,)
            assert (found.get(i) is None) is (expected is None), span
            if expected is not None:
                assert [repr(x) for x in found[i]] == [repr(x) for x in expected], span  # to the last bit
