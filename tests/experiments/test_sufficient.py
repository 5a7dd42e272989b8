"""Sufficient statistics computed where the data live: DuckDB (a CSV or Parquet file), PostgreSQL (a
table) and Spark (a DataFrame) give each variant's count, sums, sums of squares and cross-products
equal to each other and to NumPy's over the same units; identifiers only through an allow-list."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import create_engine, text

from dayone.errors import ValidationFailed
from dayone.experiments.sufficient import MetricColumns, file_statistics, postgres_statistics, spark_statistics
from dayone.experiments.table import StatisticsTable

METRICS = [MetricColumns("revenue", "revenue"), MetricColumns("revenue_per_session", "revenue", denominator="sessions"),
           MetricColumns("revenue_cuped", "revenue", pre="pre_revenue"), MetricColumns("orders", "orders")]
VARIANTS = ("control", "treatment", "bigger")


def _units(n: int = 3000) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(42)
    pre = np.round(rng.gamma(0.6, 11.0, n), 2)
    return {"variant": rng.choice(np.array(["bigger", "control", "treatment"]), n),
            "revenue": np.round(0.7 * pre + rng.gamma(0.5, 4.0, n), 2), "pre_revenue": pre,
            "sessions": rng.integers(1, 9, n), "orders": rng.integers(0, 3, n)}


def _expected(units: dict[str, np.ndarray]) -> dict[tuple[str, str], dict[str, float]]:
    """Each variant's sums by NumPy, named as the statistics table names them."""
    out = {}
    for v in VARIANTS:
        keep = units["variant"] == v
        x, d, p, o = (units[c][keep].astype(float) for c in ("revenue", "sessions", "pre_revenue", "orders"))
        base = {"n": float(keep.sum()), "sum": x.sum(), "sum_squares": (x * x).sum()}
        out[(v, "revenue")] = base
        out[(v, "revenue_per_session")] = {**base, "denominator_sum": d.sum(), "denominator_sum_squares": (d * d).sum(),
                                           "cross_sum": (x * d).sum()}
        out[(v, "revenue_cuped")] = {**base, "pre_sum": p.sum(), "pre_sum_squares": (p * p).sum(),
                                     "pre_cross_sum": (x * p).sum()}
        out[(v, "orders")] = {"n": float(keep.sum()), "sum": o.sum(), "sum_squares": (o * o).sum()}
    return out


def _assert_matches(table: StatisticsTable, units: dict[str, np.ndarray]) -> None:
    assert table.variants == VARIANTS and table.metrics == tuple(m.metric for m in METRICS)
    for key, want in _expected(units).items():
        got = table.row(*key).values
        assert set(got) == set(want), key
        for name, value in want.items():
            assert got[name] == pytest.approx(value, rel=1e-12), (key, name)


def _drop(engine: Any, table: str) -> None:
    """The test's table goes: the database is the workspace tests' too (their schema is compared)."""
    with engine.begin() as conn:
        conn.execute(text(f'DROP TABLE IF EXISTS "{table}"'))
    engine.dispose()


@pytest.fixture(scope="module")
def units() -> dict[str, np.ndarray]:
    return _units()


def test_duckdb_reads_a_parquet_and_a_csv_file_where_they_lie(units: dict[str, np.ndarray], tmp_path: Path) -> None:
    parquet = tmp_path / "units.parquet"
    pq.write_table(pa.table(units), parquet)
    _assert_matches(file_statistics(str(parquet), "variant", METRICS, VARIANTS), units)
    path = tmp_path / "units.csv"
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(units)
        writer.writerows(zip(*(units[c].tolist() for c in units), strict=True))
    _assert_matches(file_statistics(str(path), "variant", METRICS, VARIANTS), units)


def test_postgresql_aggregates_in_the_database(units: dict[str, np.ndarray], postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        with engine.begin() as conn:
            conn.execute(text('CREATE TABLE units (variant text, revenue double precision, pre_revenue numeric(12, 2), '
                              'sessions integer, orders bigint, "odd ""name" integer, label text)'))
            conn.execute(text('INSERT INTO units VALUES (:variant, :revenue, :pre_revenue, :sessions, :orders, 1, '
                              "'x')"), [dict(zip(units, row, strict=True)) for row in zip(
                                  *(units[c].tolist() for c in units), strict=True)])
        _assert_matches(postgres_statistics(engine, "units", "variant", METRICS, VARIANTS), units)
        quoted = postgres_statistics(engine, "units", "variant", [MetricColumns("odd", 'odd "name')], VARIANTS)
        assert quoted.row("control", "odd").values["sum"] == float((units["variant"] == "control").sum())
        for metrics, said in (([MetricColumns("r", "revenu")],
                               "no column 'revenu' (a metric's column); did you mean 'revenue'?"),
                              ([MetricColumns("r", 'revenue" FROM units; DROP TABLE units; --')], "no column"),
                              ([MetricColumns("r", "label")], "column 'label' (a metric's column): not a number")):
            with pytest.raises(ValidationFailed) as refused:
                postgres_statistics(engine, "units", "variant", metrics)
            assert said in refused.value.message
        with pytest.raises(ValidationFailed, match=r"no table 'public\.unit'"):
            postgres_statistics(engine, "unit", "variant", METRICS)
        with engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM units")).scalar() == len(units["variant"])  # still there
            conn.execute(text("UPDATE units SET revenue = NULL WHERE sessions = 1 AND variant = 'bigger'"))
        with pytest.raises(ValidationFailed, match=r"column 'revenue': .* row\(s\) of variant 'bigger' empty"):
            postgres_statistics(engine, "units", "variant", METRICS, VARIANTS)
    finally:
        _drop(engine, "units")


@pytest.mark.spark
@pytest.mark.filterwarnings("ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning")
def test_spark_aggregates_on_the_cluster(units: dict[str, np.ndarray], spark: Any, tmp_path: Path) -> None:
    parquet = tmp_path / "units.parquet"
    pq.write_table(pa.table(units), parquet)
    frame = spark.read.parquet(str(parquet))
    _assert_matches(spark_statistics(frame, "variant", METRICS, VARIANTS), units)
    with pytest.raises(ValidationFailed, match="did you mean 'sessions'"):
        spark_statistics(frame, "variant", [MetricColumns("s", "session")])


def test_the_three_engines_agree_with_each_other(units: dict[str, np.ndarray], tmp_path: Path,
                                                 postgres_url: str) -> None:
    """The same units through DuckDB and PostgreSQL read the same analysis (Spark: above, against NumPy)."""
    from dayone.experiments.analysis import analyze

    parquet = tmp_path / "units.parquet"
    pq.write_table(pa.table(units), parquet)
    engine = create_engine(postgres_url)
    try:
        pa_table = pa.table(units)
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE same_units (variant text, revenue float8, pre_revenue float8, "
                              "sessions int, orders int)"))
            conn.execute(text("INSERT INTO same_units VALUES (:variant, :revenue, :pre_revenue, :sessions, :orders)"),
                         pa_table.to_pylist())
        duck = analyze(file_statistics(str(parquet), "variant", METRICS, VARIANTS)).to_dict()
        pg = analyze(postgres_statistics(engine, "same_units", "variant", METRICS, VARIANTS)).to_dict()
    finally:
        _drop(engine, "same_units")
    for a, b in zip(duck["results"], pg["results"], strict=True):
        for key in ("effect", "ci_low", "ci_high", "p_value"):
            assert a[key] == pytest.approx(b[key], rel=1e-9)


def test_bad_files_and_columns_are_refused_naming_them(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text("variant,revenue,note\ncontrol,1,a\ncontrol,2,b\ntreatment,3,c\ntreatment,,d\n")
    with pytest.raises(ValidationFailed, match=r"column 'revenue': 1 row\(s\) of variant 'treatment' empty"):
        file_statistics(str(path), "variant", [MetricColumns("revenue", "revenue")])
    with pytest.raises(ValidationFailed, match=r"'note' .*not a number column"):
        file_statistics(str(path), "variant", [MetricColumns("note", "note")])
    with pytest.raises(ValidationFailed, match=r"no column 'varaint'.*did you mean 'variant'"):
        file_statistics(str(path), "varaint", [MetricColumns("revenue", "revenue")])
    with pytest.raises(ValidationFailed, match="cannot also take CUPED"):
        file_statistics(str(path), "variant", [MetricColumns("r", "revenue", denominator="revenue", pre="revenue")])
