"""``approximate: true`` (on a metric or a source): distinct counts and percentiles from
sketches, their error bound in the JSON and beside the number in the deck; refused where it
cannot apply."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from dayone.errors import ValidationFailed
from dayone.metrics import spec
from dayone.metrics.compute import Engine
from tests.helpers import run_cli

AS_OF = date(2026, 11, 21)


@pytest.fixture
def orders(tmp_path: Path) -> Path:
    """A year of orders: 400 a day, 30,000 customers, a long-tailed amount."""
    con = duckdb.connect()
    con.execute(f"COPY (SELECT DATE '2025-11-01' + CAST(i // 400 AS INTEGER) AS day, hash(i, 1) % 30000 AS customer, "
                "round(5 + 495 * pow(((hash(i, 2) % 100000) + 0.5) / 1e5, 3), 2) AS amount, "
                "CASE WHEN hash(i, 3) % 3 = 0 THEN 'EU' ELSE 'NA' END AS region FROM range(400 * 386) t(i)) "
                f"TO '{tmp_path / 'orders.parquet'}' (FORMAT parquet)")
    con.close()
    return tmp_path


METRICS = """sources:
  sketched: {parquet: orders.parquet, date_column: day, approximate: true}
  orders: {parquet: orders.parquet, date_column: day}
metrics:
  customers: {source: orders, column: customer, aggregation: count_distinct}
  customers_approx: {source: orders, column: customer, aggregation: count_distinct, approximate: true}
  p90: {source: orders, column: amount, aggregation: p90}
  p90_approx: {source: sketched, column: amount, aggregation: p90}
  eu_p90: {source: orders, column: amount, aggregation: p90, filter: "region = 'EU'"}
  eu_p90_approx: {source: sketched, column: amount, aggregation: p90, filter: "region = 'EU'"}
  revenue: {source: sketched, column: amount}
  revenue_exact: {source: orders, column: amount}
"""


def test_sketches_stay_within_their_bound_and_say_so(orders: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (orders / "metrics.yaml").write_text(METRICS)
    with Engine(spec.load(orders / "metrics.yaml")) as engine:
        deck = engine.compute(AS_OF)
    m = deck["metrics"]
    assert "approximate" not in m["customers"] and "approximate" not in m["p90"]
    assert "approximate" not in m["revenue"]  # a sum is exact, on an approximate source too
    assert m["revenue"]["weeks"] == m["revenue_exact"]["weeks"]
    assert m["customers_approx"]["approximate"]["label"] == "±6.5%"
    assert m["p90_approx"]["approximate"]["label"] == m["eu_p90_approx"]["approximate"]["label"] == "rank ±1%"
    con = duckdb.connect()
    rows = str(orders / "orders.parquet")
    for period in [*m["customers"]["weeks"], *m["customers"]["months"]]:
        exact, approx = period["value"], m["customers_approx"]["weeks" if "start" in period else "months"]
        found = next(p for p in approx if p.get("start", p.get("month")) == period.get("start", period.get("month")))
        assert abs(found["value"] / exact - 1) <= 0.065, (period, found)
    for name, where in (("p90", "TRUE"), ("eu_p90", "region = 'EU'")):
        for exact, approx in zip(m[name]["weeks"], m[f"{name}_approx"]["weeks"], strict=True):
            assert exact["value"] != approx["value"] or exact["value"] is None
            ranks = con.execute(f"SELECT avg(CASE WHEN amount <= ? THEN 1 ELSE 0 END) FROM '{rows}' WHERE "
                                f"day BETWEEN ? AND ? AND {where}", [approx["value"], exact["start"],
                                                                    exact["end"]]).fetchone()
            assert ranks is not None and abs(ranks[0] - 0.9) <= 0.01
    code, _, _ = run_cli(capsys, "wbr", "build", str(orders / "metrics.yaml"), "--week-ending", AS_OF.isoformat(),
                         "--out", str(orders / "deck.html"))
    assert code == 0
    html = (orders / "deck.html").read_text()
    assert html.count("≈ ±6.5%") == 1 and html.count("≈ rank ±1%") == 2
    code, _, _ = run_cli(capsys, "wbr", "build", str(orders / "metrics.yaml"), "--week-ending", AS_OF.isoformat(),
                         "--out", str(orders / "deck.json"))
    assert code == 0 and json.loads((orders / "deck.json").read_text())["metrics"]["customers_approx"][
        "approximate"]["sketch"] == "HyperLogLog"


@pytest.mark.parametrize(("field", "message"), [
    ("revenue: {source: orders, column: amount, approximate: true}",
     "metrics.revenue.approximate: only a distinct count or a percentile can be approximate (sum is always "
     "computed exactly); remove approximate."),
    ("ratio: {derived: ratio, of: [a, b], approximate: true}",
     "metrics.ratio.approximate: only a distinct count or a percentile can be approximate (a derived metric "
     "follows its parts); remove approximate."),
    ("c: {source: orders, column: amount, aggregation: p90, approximate: sometimes}", "metrics.c.approximate"),
])
def test_approximate_where_it_cannot_apply_is_refused(orders: Path, field: str, message: str) -> None:
    text = ("sources: {orders: {parquet: orders.parquet, date_column: day}}\nmetrics:\n"
            "  a: {source: orders, column: amount}\n  b: {source: orders, column: amount}\n"
            f"  {field}\n")
    (orders / "metrics.yaml").write_text(text)
    with pytest.raises(ValidationFailed) as refused:
        spec.load(orders / "metrics.yaml")
    assert message in str(refused.value) + json.dumps(refused.value.details, default=str)


def test_a_source_flag_must_be_true_or_false(orders: Path) -> None:
    (orders / "metrics.yaml").write_text("sources: {orders: {parquet: orders.parquet, date_column: day, "
                                         "approximate: 3}}\nmetrics:\n  a: {source: orders, column: amount}\n")
    with pytest.raises(ValidationFailed) as refused:
        spec.load(orders / "metrics.yaml")
    assert "sources.orders.approximate" in str(refused.value) + json.dumps(refused.value.details, default=str)
