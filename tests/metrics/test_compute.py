"""The engine against independent hand-computed answers (docs/wbr-semantics.md is the contract)."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from dayone.errors import ValidationFailed
from dayone.metrics import spec
from dayone.metrics.compute import Engine

START, END = date(2024, 1, 1), date(2026, 11, 21)  # 2026-11-21 is a Saturday


def _days(start: date = START, end: date = END) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _engine(tmp_path: Path, metrics_yaml: str) -> Engine:
    (tmp_path / "metrics.yaml").write_text(metrics_yaml)
    return Engine(spec.load(tmp_path / "metrics.yaml"))


@pytest.fixture
def daily(tmp_path: Path) -> Path:
    """10 orders and 100 sessions every day; two rows a day with prices 1 and 3."""
    _write(tmp_path / "daily.csv", ["date", "orders", "sessions"], [[d, 10, 100] for d in _days()])
    _write(tmp_path / "rows.csv", ["date", "price", "user"],
           [[d, p, f"u{d.toordinal() % 3}"] for d in _days() for p in (1, 3)])
    return tmp_path


METRICS = """
sources:
  daily: {csv: daily.csv, date_column: date}
  rows: {csv: rows.csv, date_column: date}
metrics:
  orders: {source: daily, column: orders, aggregation: sum, owner: ava@example.com, plan: {"2026-11-21": 77}}
  sessions: {source: daily, column: sessions, aggregation: sum, kind: input, drives: [orders]}
  conversion: {derived: ratio, of: [orders, sessions], comparison: bps}
  mean_price: {source: rows, column: price, aggregation: mean, comparison: absolute}
  p90_price: {source: rows, column: price, aggregation: p90}
  users: {source: rows, column: user, aggregation: count_distinct}
"""


def test_a_constant_series_gives_exactly_predictable_numbers(daily: Path) -> None:
    deck = _engine(daily, METRICS).compute()
    assert deck["week_ending"] == "2026-11-21" and deck["fiscal_year_end_month"] == 12
    orders = deck["metrics"]["orders"]
    assert [w["value"] for w in orders["weeks"]] == [70.0] * 6
    assert [w["end"] for w in orders["weeks"]][-1] == "2026-11-21"
    assert all(w["wow"] == 0 and w["yoy"] == 0 and w["complete"] for w in orders["weeks"])
    assert [m["month"] for m in orders["months"]] == [f"{y}-{m:02d}" for y, m in
                                                      [(2025, 11), (2025, 12)] + [(2026, i) for i in range(1, 11)]]
    assert orders["months"][-1]["value"] == 310.0 and orders["months"][-1]["py_value"] == 310.0  # October
    assert orders["months"][2]["mom"] == pytest.approx(310 / 310 - 1)  # January vs December
    box = orders["summary"]
    assert box["mtd"] == {"value": 210.0, "py_value": 210.0, "yoy": 0.0, "complete": True, "missing_dates": [],
                          "py_complete": True, "py_missing_dates": []}  # 1-21 November
    assert box["qtd"]["value"] == 10 * (31 + 21)  # October and 21 days of November
    assert box["ytd"]["value"] == 10 * 325  # 2026-01-01..2026-11-21 is 325 days
    assert box["last_week"]["plan"] == 77 and box["last_week"]["vs_plan"] == pytest.approx(70 / 77 - 1)
    assert orders["anomaly"] is None


def test_derived_and_row_level_aggregations_use_the_period(daily: Path) -> None:
    deck = _engine(daily, METRICS).compute(date(2026, 11, 14))
    conversion = deck["metrics"]["conversion"]["weeks"][-1]
    assert conversion["value"] == pytest.approx(0.1) and conversion["wow"] == 0  # bps: a difference
    assert deck["metrics"]["mean_price"]["weeks"][-1]["value"] == 2.0  # the mean of the week's rows
    assert deck["metrics"]["p90_price"]["weeks"][-1]["value"] == pytest.approx(3.0)
    assert deck["metrics"]["users"]["weeks"][-1]["value"] == 3.0  # distinct across the week, not summed


def test_missing_and_incomplete_periods_and_rows_after_as_of(tmp_path: Path) -> None:
    days = [d for d in _days() if not (date(2026, 11, 1) <= d <= date(2026, 11, 7)) and d != date(2026, 11, 10)]
    _write(tmp_path / "daily.csv", ["date", "orders"], [[d, 10] for d in days] + [[date(2026, 12, 1), 999]])
    engine = _engine(tmp_path, """
sources: {daily: {csv: daily.csv, date_column: date}}
metrics:
  orders: {source: daily, column: orders}
  strict: {source: daily, column: orders, require_complete: true}
""")
    deck = engine.compute(date(2026, 11, 21))
    weeks = deck["metrics"]["orders"]["weeks"]
    assert weeks[-3]["value"] is None and weeks[-3]["complete"] is False  # 1-7 Nov: no rows at all
    assert weeks[-2]["value"] == 60.0 and weeks[-2]["complete"] is False  # one day missing
    assert weeks[-2]["wow"] is None  # the week before has no value: no change, never 0% or infinity
    assert deck["metrics"]["strict"]["weeks"][-2]["value"] is None
    assert deck["metrics"]["orders"]["summary"]["mtd"]["value"] == 130.0  # the December row never enters


def test_a_spike_is_flagged_as_an_anomaly(tmp_path: Path) -> None:
    import random

    noise = random.Random(3)
    rows = [[d, 100 + noise.randint(-8, 8)] for d in _days()]
    rows[-1][1] = 900  # the last Saturday
    _write(tmp_path / "daily.csv", ["date", "orders"], rows)
    deck = _engine(tmp_path, "sources: {daily: {csv: daily.csv, date_column: date}}\n"
                             "metrics: {orders: {source: daily, column: orders}}\n").compute()
    orders = deck["metrics"]["orders"]
    assert orders["anomaly"].startswith("Expected ") and "the same week" in orders["anomaly"]
    assert "; got 1,494: +" in orders["anomaly"] and "SDs above" in orders["anomaly"]
    check = orders["anomaly_check"]
    assert 650 < check["expected"] < 730 and check["high"] < 1494 and check["score"] > check["threshold"] == 3.0


def test_a_day_twice_in_daily_data_is_named(tmp_path: Path) -> None:
    _write(tmp_path / "daily.csv", ["date", "orders"],
           [["2026-11-01", "10"], ["2026-11-02", "10"], ["2026-11-02", "10"], ["2026-11-03", "1"]])
    metrics = "metrics: {orders: {source: daily, column: orders}}\n"
    with pytest.raises(ValidationFailed, match=r"rows 2, 3 of .*daily.csv all hold 2026-11-02, but this source has "
                                               r"one row a day"):
        _engine(tmp_path, "sources: {daily: {csv: daily.csv, date_column: date, one_row_per_day: true}}\n"
                + metrics).compute(date(2026, 11, 7))
    # without the promise, several rows a day are simply several rows
    deck = _engine(tmp_path, "sources: {daily: {csv: daily.csv, date_column: date}}\n" + metrics).compute(
        date(2026, 11, 7))
    assert deck["metrics"]["orders"]["summary"]["last_week"]["value"] == 31


def test_bad_data_names_the_row_and_column(tmp_path: Path) -> None:
    _write(tmp_path / "daily.csv", ["date", "orders"], [["2026-11-01", "10"], ["2026-11-02", "ten"]])
    with pytest.raises(ValidationFailed, match=r"row 2 of .*daily.csv, column 'orders': 'ten' is not a number"):
        _engine(tmp_path, "sources: {daily: {csv: daily.csv, date_column: date}}\n"
                          "metrics: {orders: {source: daily, column: orders}}\n").compute(date(2026, 11, 7))
    _write(tmp_path / "daily.csv", ["date", "orders"], [["2026-11-01", "10"], ["11/31/2026", "3"]])
    with pytest.raises(ValidationFailed, match=r"row 2 .* column 'date': '11/31/2026' is not a date"):
        _engine(tmp_path, "sources: {daily: {csv: daily.csv, date_column: date}}\n"
                          "metrics: {orders: {source: daily, column: orders}}\n").compute(date(2026, 11, 7))
    _write(tmp_path / "daily.csv", ["date", "orders"], [["2026-11-01", "1,234"]])
    deck = _engine(tmp_path, "sources: {daily: {csv: daily.csv, date_column: date}}\n"
                             "metrics: {orders: {source: daily, column: ordres}}\n")
    with pytest.raises(ValidationFailed, match="has no column 'ordres'; did you mean 'orders'"):
        deck.compute(date(2026, 11, 7))


def test_thousands_separators_are_numbers(tmp_path: Path) -> None:
    _write(tmp_path / "daily.csv", ["date", "orders"], [[d, "1,000"] for d in _days(date(2026, 11, 15))])
    deck = _engine(tmp_path, "sources: {daily: {csv: daily.csv, date_column: date}}\n"
                             "metrics: {orders: {source: daily, column: orders}}\n").compute()
    assert deck["metrics"]["orders"]["weeks"][-1]["value"] == 7000.0


def test_an_invalid_file_reports_every_problem_with_lines(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed) as caught:
        spec.parse("sources:\n  d: {csv: missing.csv, date_column: date}\nmetrics:\n"
                   "  a: {source: dd, column: x, aggregation: summ}\n  b: {derived: ratio, of: [a]}\n",
                   base=tmp_path)
    problems = [(d["location"]["line"], d["message"]) for d in caught.value.details]
    assert len(problems) == 4 and [line for line, _ in problems] == [2, 4, 4, 5]
    assert "did you mean `sum`?" in str(caught.value.details)


def test_the_cli_writes_the_json_contract(daily: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dayone.cli.main import run

    (daily / "metrics.yaml").write_text(METRICS)
    out = daily / "deck.json"
    with pytest.raises(SystemExit) as bad:
        run(["wbr", "build", str(daily / "metrics.yaml"), "--week-ending", "2026-11-20", "--out", str(out)])
    assert bad.value.code == 1 and "2026-11-14" in capsys.readouterr().err  # names the nearest Saturdays
    with pytest.raises(SystemExit) as ok:
        run(["wbr", "build", str(daily / "metrics.yaml"), "--out", str(out)])
    assert ok.value.code == 0
    deck = json.loads(out.read_text())
    assert set(deck) == {"week_ending", "week_number", "fiscal_year_end_month", "metrics", "failed_sources"}
    assert deck["failed_sources"] == []
    orders = deck["metrics"]["orders"]
    coverage = {"complete", "missing_dates", "py_complete", "py_missing_dates"}
    assert set(orders["weeks"][-1]) - {"plan", "vs_plan"} == {"start", "end", "value", "py_value", "wow", "yoy",
                                                              *coverage}
    assert set(orders["months"][-1]) == {"month", "value", "py_value", "mom", "yoy", *coverage}
    assert set(orders["weeks"][0]) <= {"start", "end", "value", "py_value", "wow", "yoy", "reasons", *coverage}
    assert set(orders["summary"]) == {"last_week", "mtd", "qtd", "ytd"}


def test_a_driver_leading_by_two_weeks_is_found(tmp_path: Path) -> None:
    """Sessions jump about at random each week; orders follow the same moves two weeks later.
    The drivers report puts the strongest correlation at a two-week lead; noise does not."""
    import random

    rng = random.Random(3)
    weekly = [1000.0]
    for _ in range(200):
        weekly.append(weekly[-1] * (1 + rng.uniform(-0.2, 0.2)))
    start = END - timedelta(days=7 * len(weekly) - 1)
    rows = []
    for i, day in enumerate(_days(start, END)):
        week = i // 7
        lagged = weekly[week - 2] if week >= 2 else weekly[0]
        rows.append([day, round(weekly[week] / 7, 6), round(lagged / 70, 6), rng.uniform(1, 2)])
    _write(tmp_path / "d.csv", ["date", "sessions", "orders", "noise"], rows)
    deck = _engine(tmp_path, "sources: {d: {csv: d.csv, date_column: date}}\nmetrics:\n"
                             "  sessions: {source: d, column: sessions, kind: input, drives: [orders]}\n"
                             "  noise: {source: d, column: noise, kind: input, drives: [orders]}\n"
                             "  orders: {source: d, column: orders}\n").compute()
    drivers = {d["input"]: d for d in deck["metrics"]["orders"]["drivers"]}
    assert drivers["sessions"]["best_lag"] == 2 and drivers["sessions"]["correlation"] > 0.99
    assert abs(drivers["noise"]["correlation"]) < 0.5
    assert deck["metrics"]["sessions"]["drivers"] == []  # an input drives; it has no drivers of its own
    assert drivers["sessions"]["weeks"] == 112


def test_distinct_whole_numbers_are_counted_exactly_through_day_bitmaps(tmp_path: Path) -> None:
    """Whole-number ids go through per-day bitmaps (DuckDB), text ids through distinct pairs:
    both give the hand count, filters included, and the SQL says which way it went."""
    import random

    rng = random.Random(5)
    rows = [[d, rng.randint(-50, 400), rng.choice("ab"), f"u{rng.randint(-50, 400)}"] for d in _days(date(2025, 1, 1))
            for _ in range(4)]
    _write(tmp_path / "r.csv", ["date", "user", "kind", "name"], rows)
    engine = _engine(tmp_path, "sources: {r: {csv: r.csv, date_column: date}}\nmetrics:\n"
                               "  users: {source: r, column: user, aggregation: count_distinct}\n"
                               "  a_users: {source: r, column: user, aggregation: count_distinct,\n"
                               "            filter: \"kind = 'a'\"}\n"
                               "  names: {source: r, column: name, aggregation: count_distinct}\n")
    deck = engine.compute(date(2026, 11, 21))
    assert "bitstring_agg" in engine.queries(date(2026, 11, 21))["r"]
    for key, start, end in (("weeks", "2026-11-15", "2026-11-21"), ("months", "2026-10-01", "2026-10-31")):
        period = [r for r in rows if start <= r[0].isoformat() <= end]
        got = {m: deck["metrics"][m][key][-1]["value"] for m in ("users", "a_users", "names")}
        assert got == {"users": len({r[1] for r in period}), "a_users": len({r[1] for r in period if r[2] == "a"}),
                       "names": len({r[3] for r in period})}
    ytd = [r for r in rows if "2026-01-01" <= r[0].isoformat() <= "2026-11-21"]
    assert deck["metrics"]["users"]["summary"]["ytd"]["value"] == len({r[1] for r in ytd})


def test_a_value_beyond_a_double_is_no_number_and_the_metric_says_so(daily: Path) -> None:
    """A column expression of 1e999 (infinite) or a week a million million times the last: the
    deck stays valid JSON (no Infinity), the overflowing metric says why, the others compute."""
    deck = _engine(daily, """
sources:
  daily: {csv: daily.csv, date_column: date}
metrics:
  orders: {source: daily, column: orders}
  infinite: {source: daily, column: "orders * 1e999"}
  huge: {source: daily, column: "orders * -1.7e22"}
  ratio: {derived: ratio, of: [huge, orders]}
""").compute()
    text = json.dumps(deck, allow_nan=False)  # raises on an infinity or a NaN
    metrics = deck["metrics"]
    assert metrics["infinite"]["weeks"][-1]["value"] is None
    assert "beyond ±1.8e308" in metrics["infinite"]["problem"]
    assert metrics["huge"]["weeks"][-1]["value"] == pytest.approx(70 * -1.7e22)
    assert metrics["ratio"]["weeks"][-1]["value"] == pytest.approx(-1.7e22)
    assert metrics["orders"]["weeks"][-1]["value"] == 70 and metrics["orders"]["problem"] is None
    assert "Infinity" not in text
