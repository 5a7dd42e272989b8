"""The same metrics over the same rows give the same deck wherever the rows live: a CSV or a
Parquet file (DuckDB), a SQLite or PostgreSQL table (through Ibis, the aggregation pushed down),
and Spark in local mode."""

from __future__ import annotations

import csv
import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from sqlalchemy import create_engine, text

from dayone.errors import ValidationFailed
from dayone.metrics import spec
from dayone.metrics.calendar import Span
from dayone.metrics.compute import Engine

WEEK = date(2026, 11, 21)
METRICS = """
sources:
  orders: {SOURCE, date_column: day}
metrics:
  revenue: {source: orders, column: amount, aggregation: sum}
  orders: {source: orders, aggregation: count}
  customers: {source: orders, column: customer, aggregation: count_distinct}
  basket: {source: orders, column: amount, aggregation: mean, comparison: absolute}
  p90_basket: {source: orders, column: amount, aggregation: p90}
  median_basket: {source: orders, column: amount, aggregation: p50}
  eu_p99: {source: orders, column: amount, aggregation: p99, filter: "region = 'EU'"}
  eu_customers: {source: orders, column: customer, aggregation: count_distinct, filter: "region = 'EU'"}
  eu_revenue: {source: orders, column: amount, aggregation: sum, filter: "region = 'EU'"}
  doubled: {source: orders, column: "amount * 2", aggregation: max}
  revenue_per_customer: {derived: ratio, of: [revenue, customers]}
"""
ORDERED = """
  first_stock: {source: orders, column: stock, aggregation: first}
  last_stock: {source: orders, column: stock, aggregation: last}
"""


@pytest.fixture(scope="module")
def rows() -> list[tuple[str, str, float, str, int]]:
    """Three orders a day (one a day in some weeks, none on a few days) for two and a half years;
    each carries the day's stock level, the same on every row of a day."""
    rng = random.Random(7)
    out = []
    day = date(2024, 5, 1)
    while day <= date(2026, 11, 24):  # three days past the deck's week: they must never count
        if day.toordinal() % 17:
            for _ in range(1 if day.month == 3 else 3):
                out.append((day.isoformat(), f"c{rng.randint(1, 40)}", round(rng.uniform(5, 120), 2),
                            rng.choice(["EU", "US", "APAC"]), day.toordinal() % 101))
        day += timedelta(days=1)
    return out


def _csv(folder: Path, rows: list[tuple[str, str, float, str, int]]) -> Path:
    path = folder / "orders.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["day", "customer", "amount", "region", "stock"])
        writer.writerows(rows)
    return path


def _deck(folder: Path, source: str, extra: str = "", **engine: Any) -> dict[str, Any]:
    (folder / "metrics.yaml").write_text(METRICS.replace("SOURCE", source) + extra)
    with Engine(spec.load(folder / "metrics.yaml"), **engine) as built:
        return built.compute(WEEK)


def _numbers(deck: dict[str, Any]) -> dict[str, Any]:
    """Every number of the deck by its path, e.g. ``revenue.weeks.5.yoy``; floats rounded to 9 digits."""
    out: dict[str, Any] = {}

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else str(key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}.{i}")
        else:
            out[path] = float(f"{node:.9g}") if isinstance(node, float) else node

    walk({name: {"weeks": m["weeks"], "months": m["months"], "summary": m["summary"]}
          for name, m in deck["metrics"].items()}, "")
    return out


@pytest.fixture(scope="module")
def reference(rows: list[tuple[str, str, float, str, int]], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("csv")
    _csv(folder, rows)
    return _numbers(_deck(folder, "csv: orders.csv", ORDERED))


def test_the_reference_deck_equals_a_hand_computation(rows: list[Any], reference: dict[str, Any]) -> None:
    """The last week and the month of October, from the rows themselves."""
    import numpy as np

    for key, start, end in (("weeks.5", "2026-11-15", "2026-11-21"), ("months.11", "2026-10-01", "2026-10-31")):
        period = [r for r in rows if start <= r[0] <= end]
        amounts = [r[2] for r in period]
        eu = [r for r in period if r[3] == "EU"]
        expected = {"revenue": sum(amounts), "orders": len(period), "customers": len({r[1] for r in period}),
                    "basket": sum(amounts) / len(amounts), "p90_basket": float(np.percentile(amounts, 90)),
                    "median_basket": float(np.percentile(amounts, 50)), "doubled": max(amounts) * 2,
                    "eu_p99": float(np.percentile([r[2] for r in eu], 99)), "eu_customers": len({r[1] for r in eu}),
                    "eu_revenue": sum(r[2] for r in eu)}
        for name, value in expected.items():
            assert reference[f"{name}.{key}.value"] == pytest.approx(value, rel=1e-9), (name, key)


def test_the_reference_deck_has_numbers(reference: dict[str, Any]) -> None:
    assert reference["revenue.summary.last_week.value"] and reference["revenue.summary.last_week.py_value"]
    assert reference["revenue.summary.last_week.wow"] is not None
    assert reference["customers.weeks.5.value"] <= 21  # distinct over the week's 21 orders
    # the ratio of period values, not a mean of daily ratios
    week = {m: reference[f"{m}.weeks.5.value"] for m in ("revenue", "customers", "revenue_per_customer")}
    assert week["revenue_per_customer"] == pytest.approx(week["revenue"] / week["customers"])
    assert reference["orders.weeks.5.complete"] is False or reference["orders.weeks.5.value"] == 21


def test_the_sql_shown_for_a_number_computes_it(rows: list[Any], reference: dict[str, Any], tmp_path: Path) -> None:
    _csv(tmp_path, rows)
    (tmp_path / "metrics.yaml").write_text(METRICS.replace("SOURCE", "csv: orders.csv") + ORDERED)
    with Engine(spec.load(tmp_path / "metrics.yaml")) as built:
        for metric in ("revenue", "customers", "median_basket", "eu_customers", "first_stock", "basket"):
            value, days = built.con.execute(built.explain(metric, Span(date(2026, 11, 15), WEEK))).fetchone()
            assert float(value) == pytest.approx(reference[f"{metric}.weeks.5.value"]), metric
            assert days == 7, metric  # days with data: a filter keeps rows, not days


def test_parquet_gives_the_same_numbers(rows: list[Any], reference: dict[str, Any], tmp_path: Path) -> None:
    _csv(tmp_path, rows)
    duckdb.sql(f"COPY (SELECT CAST(day AS DATE) AS day, customer, amount, region, stock FROM "
               f"read_csv('{tmp_path / 'orders.csv'}')) TO '{tmp_path / 'orders.parquet'}' (FORMAT parquet)")
    assert _numbers(_deck(tmp_path, "parquet: orders.parquet", ORDERED)) == reference
    assert _numbers(_deck(tmp_path, "parquet: 'order*.parquet'", ORDERED)) == reference  # a glob of files


def test_a_sqlite_table_gives_the_same_numbers(rows: list[Any], reference: dict[str, Any], tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "shop.db") as con:
        con.execute("CREATE TABLE orders (day TEXT, customer TEXT, amount REAL, region TEXT, stock INT)")
        con.executemany("INSERT INTO orders VALUES (?, ?, ?, ?, ?)", rows)
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    p90 = {k: v for k, v in reference.items()
           if k.split(".")[0] not in ("p90_basket", "median_basket", "eu_p99", "first_stock", "last_stock")}
    # what SQLite cannot compute is refused metric by metric, with its reason; the rest compute
    computed = _deck(tmp_path, f"table: orders, database: '{url}'", ORDERED)
    refused = computed["metrics"]
    for name in ("p90_basket", "median_basket", "eu_p99", "first_stock", "last_stock"):
        assert refused[name]["problem"] == "It could not be computed from source orders.", name
        assert "not available on a SQLite source" in refused[name]["problem_detail"] or \
            "SQLite has no percentiles" in refused[name]["problem_detail"], name
        assert refused[name]["summary"]["last_week"]["value"] is None
    assert {k: v for k, v in _numbers(computed).items() if k in p90} == p90
    (tmp_path / "metrics.yaml").write_text(
        "\n".join(line for line in METRICS.replace("SOURCE", f"sql: 'SELECT * FROM orders', database: '{url}'")
                  .splitlines() if "aggregation: p" not in line) + "\n")
    with Engine(spec.load(tmp_path / "metrics.yaml")) as built:
        assert _numbers(built.compute(WEEK)) == p90


def test_a_postgresql_query_gives_the_same_numbers(rows: list[Any], reference: dict[str, Any], tmp_path: Path,
                                                  postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS orders"))
        conn.execute(text("CREATE TABLE orders (day DATE, customer TEXT, amount DOUBLE PRECISION, region TEXT, "
                          "stock INT)"))
        conn.execute(text("INSERT INTO orders VALUES (CAST(:d AS DATE), :c, :a, :r, :s)"),
                     [{"d": d, "c": c, "a": a, "r": r, "s": s} for d, c, a, r, s in rows])
    numbers = _numbers(_deck(tmp_path, f"sql: 'SELECT * FROM orders', database: '{postgres_url}'", ORDERED))
    assert numbers == reference
    # "show the SQL": the statement shown for one metric and week runs as it is and gives the deck's number
    with Engine(spec.load(tmp_path / "metrics.yaml")) as built:
        shown = {m: built.explain(m, Span(date(2026, 11, 15), WEEK)) for m in ("revenue", "p90_basket", "eu_revenue")}
    with engine.connect() as conn:
        for metric, sql in shown.items():
            value, days = conn.execute(text(sql)).one()
            assert float(value) == pytest.approx(reference[f"{metric}.weeks.5.value"]), metric
            assert days == 7, metric  # days with data: a filter keeps rows, not days
    engine.dispose()


def test_a_user_query_runs_read_only(tmp_path: Path, postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS victims"))  # the test runs once per machine time zone
        conn.execute(text("CREATE TABLE victims (day DATE, n INT)"))
        conn.execute(text("INSERT INTO victims VALUES ('2026-11-20', 1)"))
    sneaky = "SELECT day, n FROM victims; DELETE FROM victims"
    (tmp_path / "metrics.yaml").write_text(
        f"sources:\n  v: {{sql: '{sneaky}', database: '{postgres_url}', date_column: day}}\n"
        "metrics:\n  n: {source: v, column: n}\n")
    try:
        with pytest.raises(ValidationFailed) as refused:  # refused when the file is read, before connecting
            spec.load(tmp_path / "metrics.yaml")
        assert "a second statement (`;`) is not allowed" in str(refused.value.details)
        # and were the check bypassed, the session is read-only: the database refuses the write
        from dayone.metrics.spec import SourceSpec
        from dayone.metrics.warehouse import Database

        database = Database(SourceSpec("v", "sql", "SELECT 1", "day"), postgres_url)
        try:
            with pytest.raises(ValidationFailed, match="read-only transaction"):
                database.run("DELETE FROM victims", "a bypass")
        finally:
            database.close()
        with engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM victims")).scalar() == 1
    finally:
        engine.dispose()
    with sqlite3.connect(tmp_path / "s.db") as con:
        con.execute("CREATE TABLE t (day TEXT, n INT)")
        con.execute("INSERT INTO t VALUES ('2026-11-20', 1)")
    (tmp_path / "metrics.yaml").write_text(
        f"sources:\n  v: {{sql: 'DELETE FROM t RETURNING *', database: 'sqlite:///{tmp_path / 's.db'}', "
        "date_column: day}\nmetrics:\n  n: {source: v, column: n}\n")
    with pytest.raises(ValidationFailed, match="1 problem") as refused:
        spec.load(tmp_path / "metrics.yaml")
    assert "DELETE statements are not allowed" in str(refused.value.details)
    with sqlite3.connect(tmp_path / "s.db") as con:
        assert con.execute("SELECT count(*) FROM t").fetchone() == (1,)


def test_bad_database_sources_say_what_is_wrong(tmp_path: Path) -> None:
    (tmp_path / "metrics.yaml").write_text("sources:\n  v: {sql: 'SELECT 1', date_column: day}\n"
                                           "metrics:\n  n: {source: v, column: n}\n")
    with pytest.raises(ValidationFailed) as failed:
        spec.load(tmp_path / "metrics.yaml")
    assert "needs its database" in str(failed.value.details)
    with sqlite3.connect(tmp_path / "s.db") as con:
        con.execute("CREATE TABLE t (day TEXT, n TEXT)")
        con.execute("INSERT INTO t VALUES ('2026-11-20', 'many'), ('someday', '1')")
        con.execute("CREATE TABLE twice (day TEXT, n INT)")
        con.execute("INSERT INTO twice VALUES ('2026-11-20', 1), ('2026-11-20', 2)")
    url = f"sqlite:///{tmp_path / 's.db'}"
    for source, metric, message in [
        ("table: twice, one_row_per_day: true", "{source: v, column: n}", "all hold 2026-11-20, but this source"),
        ("table: t", "{source: v, column: n}", "'someday', which is not a date"),
        ("sql: 'SELECT * FROM t WHERE day <> ''someday''', date_column: dat", "{source: v, column: n}",
         "no column 'dat'; did you mean 'day'"),
        ("sql: 'SELECT * FROM t WHERE day <> ''someday'''", "{source: v, column: n}", "holds 'many', which is not a"),
        ("sql: 'SELECT * FROM nowhere'", "{source: v, column: n}", "refused the query: no such table"),
        ("table: t, database: 'sqlite:///nowhere.db'", "{source: v, column: n}", "no SQLite database"),
        ("table: t, database: 'postgresql://u:secret@127.0.0.1:1/db'", "{source: v, column: n}",
         "cannot connect to postgresql://u:\\*\\*\\*@"),
        ("table: t, database: 'postgresql://u:${NO_SUCH_VARIABLE}@h/db'", "{source: v, column: n}",
         "the environment has no NO_SUCH_VARIABLE"),
    ]:
        if "database" not in source:
            source += f", database: '{url}'"
        if "date_column" not in source:
            source += ", date_column: day"
        (tmp_path / "metrics.yaml").write_text(f"sources:\n  v: {{{source}}}\nmetrics:\n  n: {metric}\n")
        with pytest.raises(ValidationFailed, match=message):
            Engine(spec.load(tmp_path / "metrics.yaml")).compute(WEEK)


@pytest.mark.spark
@pytest.mark.filterwarnings("ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning")
def test_spark_gives_the_same_numbers(rows: list[Any], reference: dict[str, Any], tmp_path: Path,
                                      spark: Any) -> None:
    _csv(tmp_path, rows)
    duckdb.sql(f"COPY (SELECT CAST(day AS DATE) AS day, customer, amount, region, stock FROM "
               f"read_csv('{tmp_path / 'orders.csv'}')) TO '{tmp_path / 'orders.parquet'}' (FORMAT parquet)")
    for source in ("parquet: orders.parquet", "csv: orders.csv"):
        numbers = _numbers(_deck(tmp_path, source, ORDERED, engine="spark", spark=spark))
        assert numbers == reference, source


@pytest.mark.spark
@pytest.mark.filterwarnings("ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning")
def test_spark_computes_every_period_in_a_few_jobs(rows: list[Any], tmp_path: Path, spark: Any) -> None:
    """Percentiles and distinct counts of every period come from a few statements per source
    (metrics/exact.py, segments), not one per period or per layer of periods: the deck's Spark
    jobs stay a small number (the engine took 100 to 200 before)."""
    _csv(tmp_path, rows)
    duckdb.sql(f"COPY (SELECT CAST(day AS DATE) AS day, customer, amount, region, stock FROM "
               f"read_csv('{tmp_path / 'orders.csv'}')) TO '{tmp_path / 'orders.parquet'}' (FORMAT parquet)")
    (tmp_path / "metrics.yaml").write_text(METRICS.replace("SOURCE", "parquet: orders.parquet"))
    with Engine(spec.load(tmp_path / "metrics.yaml"), engine="spark", spark=spark) as built:
        context = spark.sparkContext
        context.setJobGroup("test-deck-jobs", "one deck")
        try:
            built.compute(WEEK)
        finally:
            context.setJobGroup("other", "after the deck")
    jobs = context.statusTracker().getJobIdsForGroup("test-deck-jobs")
    assert 0 < len(jobs) <= 30, len(jobs)
