"""Periods that are not whole (docs/wbr-semantics.md, "Days with data and complete periods"): a period
is complete when
the source has rows on each of its days and the metric's column a value — whatever a filter
keeps; an incomplete period lists its missing days, this year's and the prior year's; a change
over an incomplete, missing or zero base is withheld with its reason.

Two cases come from public bug reports against similar tools (cases/filtered-count-zero-is-null,
cases/partial-prior-year-unmarked); the properties check any set of missing days."""

from __future__ import annotations

import csv
import json
import shutil
from calendar import monthrange
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dayone.cli.main import run
from dayone.metrics import spec
from dayone.metrics.calendar import Span, WbrCalendar
from dayone.metrics.compute import Engine
from dayone.metrics.report import change, runs
from tests.helpers import rounded

CASES = Path(__file__).parent / "cases"


def _built(tmp_path: Path, case: str, week_ending: str) -> dict[str, Any]:
    """The case's deck as `dayone wbr build config.yaml --week-ending … --out d.json` writes it."""
    folder = tmp_path / case
    shutil.copytree(CASES / case, folder)
    with pytest.raises(SystemExit) as done:
        run(["wbr", "build", str(folder / "config.yaml"), "--week-ending", week_ending,
             "--out", str(folder / "d.json")])
    assert done.value.code == 0
    return json.loads((folder / "d.json").read_text())


def _write(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _deck(folder: Path, metrics: str, week_ending: date, **engine: Any) -> dict[str, Any]:
    (folder / "metrics.yaml").write_text(metrics)
    with Engine(spec.load(folder / "metrics.yaml"), **engine) as built:
        return built.compute(week_ending)


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


# ---- the cases --------------------------------------------------------------------------------


def test_a_filtered_count_without_a_match_is_zero_and_the_week_complete(tmp_path: Path) -> None:
    deck = _built(tmp_path, "filtered-count-zero-is-null", "2024-06-29")["metrics"]
    refunds = deck["refunds"]
    assert [w["value"] for w in refunds["weeks"][-3:]] == [1, 1, 0]
    assert all(w["complete"] and w["missing_dates"] == [] for w in refunds["weeks"][-3:])  # rows every day
    assert refunds["summary"]["last_week"]["wow"] == -1.0
    assert deck["refund_rate"]["summary"]["last_week"]["value"] == 0.0
    assert deck["refund_rate"]["weeks"][-1]["complete"] is True
    # the weeks before the data begins have no rows: no value, and not complete
    assert refunds["weeks"][0]["value"] is None and refunds["weeks"][0]["complete"] is False


def test_a_partial_prior_year_is_marked_and_its_change_withheld(tmp_path: Path) -> None:
    box = _built(tmp_path, "partial-prior-year-unmarked", "2024-07-06")["metrics"]["orders"]["summary"]
    assert box["last_week"]["value"] == 70 and box["last_week"]["py_value"] == 40
    assert box["last_week"]["py_complete"] is False
    assert box["last_week"]["py_missing_dates"] == ["2023-07-02/2023-07-04"]
    assert box["last_week"]["yoy"] is None and "4 of its 7 days" in box["last_week"]["reasons"]["yoy"]
    for key, value in (("mtd", 60), ("qtd", 60), ("ytd", 1880)):
        assert box[key]["value"] == value and box[key]["complete"] is True and box[key]["py_value"] == 20
        assert box[key]["py_complete"] is False and box[key]["yoy"] is None, key
        assert "2 of its" in box[key]["reasons"]["yoy"], key
    assert box["ytd"]["py_missing_dates"] == ["2023-01-01/2023-07-04"]


def test_a_metric_may_compare_with_an_incomplete_base(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    shutil.copytree(CASES / "partial-prior-year-unmarked", folder)
    text = (folder / "config.yaml").read_text().replace("{source: daily, column: orders}",
                                                        "{source: daily, column: orders, compare_incomplete: true}")
    deck = _deck(folder, text, date(2024, 7, 6))
    box = deck["metrics"]["orders"]["summary"]
    assert box["ytd"]["yoy"] == pytest.approx(1880 / 20 - 1) and box["ytd"]["py_complete"] is False
    assert "reasons" not in box["ytd"]


# ---- the kinds, beyond the cases --------------------------------------------------------------


def test_a_blank_cell_is_a_missing_day_for_its_metric_only(tmp_path: Path) -> None:
    days = _days(date(2026, 10, 1), date(2026, 11, 21))
    _write(tmp_path / "d.csv", ["date", "orders", "visits"],
           [[d, "" if d == date(2026, 11, 18) else 10, 5] for d in days])
    deck = _deck(tmp_path, """
sources: {d: {csv: d.csv, date_column: date}}
metrics:
  orders: {source: d, column: orders}
  strict: {source: d, column: orders, require_complete: true}
  visits: {source: d, column: visits}
  per_visit: {derived: ratio, of: [orders, visits]}
  rows: {source: d, aggregation: count}
""", date(2026, 11, 21))["metrics"]
    week = deck["orders"]["weeks"][-1]
    assert week["value"] == 60 and week["complete"] is False and week["missing_dates"] == ["2026-11-18"]
    assert deck["strict"]["weeks"][-1]["value"] is None  # require_complete empties it
    assert "requires complete periods" in deck["strict"]["weeks"][-1]["reasons"]["value"]
    assert deck["strict"]["weeks"][-2]["value"] == 70
    assert deck["visits"]["weeks"][-1]["complete"] is True and deck["rows"]["weeks"][-1]["complete"] is True
    assert deck["per_visit"]["weeks"][-1]["missing_dates"] == ["2026-11-18"]  # a part's missing day is its own
    assert deck["orders"]["summary"]["mtd"]["missing_dates"] == ["2026-11-18"]


def test_a_filtered_sum_is_zero_and_a_filtered_mean_has_no_value(tmp_path: Path) -> None:
    days = _days(date(2026, 10, 1), date(2026, 11, 21))
    _write(tmp_path / "d.csv", ["date", "amount", "status"],
           [[d, 10, "refunded" if d < date(2026, 11, 15) else "paid"] for d in days])
    deck = _deck(tmp_path, """
sources: {d: {csv: d.csv, date_column: date}}
metrics:
  refunded: {source: d, column: amount, filter: "status = 'refunded'"}
  mean_refund: {source: d, column: amount, aggregation: mean, filter: "status = 'refunded'"}
  buyers: {source: d, column: amount, aggregation: count_distinct, filter: "status = 'refunded'"}
""", date(2026, 11, 21))["metrics"]
    assert [w["value"] for w in deck["refunded"]["weeks"][-2:]] == [70, 0]
    assert deck["refunded"]["weeks"][-1]["complete"] is True and deck["refunded"]["weeks"][-1]["wow"] == -1.0
    assert deck["buyers"]["weeks"][-1]["value"] == 0
    assert deck["mean_refund"]["weeks"][-1]["value"] is None and deck["mean_refund"]["weeks"][-1]["complete"]
    assert deck["mean_refund"]["weeks"][-1]["reasons"]["value"] == \
        "no row of the week matches the filter (status = 'refunded')"


def test_a_negative_base_moves_with_the_sign_of_the_change(tmp_path: Path) -> None:
    days = _days(date(2026, 10, 1), date(2026, 11, 21))
    _write(tmp_path / "d.csv", ["date", "profit"], [[d, -10 if d < date(2026, 11, 15) else -5] for d in days])
    deck = _deck(tmp_path, "sources: {d: {csv: d.csv, date_column: date}}\n"
                           "metrics: {profit: {source: d, column: profit}}\n", date(2026, 11, 21))
    assert deck["metrics"]["profit"]["summary"]["last_week"]["wow"] == pytest.approx(0.5)  # -70 → -35: +50%
    assert change(-35, -70, "percent") == 0.5 and change(-140, -70, "percent") == -1.0
    assert change(35, -70, "percent") == 1.5 and change(-35, 70, "percent") == -1.5


def test_runs_of_missing_days_are_iso_intervals() -> None:
    assert runs([date(2024, 6, 3), date(2024, 6, 1), date(2024, 6, 2), date(2024, 6, 9)]) == [
        "2024-06-01/2024-06-03", "2024-06-09"]
    assert runs([]) == []


START, END = date(2025, 9, 1), date(2026, 11, 21)


@st.composite
def gaps(draw: st.DrawFn) -> tuple[set[date], set[date]]:
    """Days without rows and days whose cell is blank: a few single days and a run or two."""
    every = _days(START, END)
    singles = draw(st.sets(st.sampled_from(every), max_size=12))
    blanks = draw(st.sets(st.sampled_from(every), max_size=6)) - singles
    for _ in range(draw(st.integers(0, 2))):
        first = draw(st.sampled_from(every))
        singles |= set(_days(first, min(END, first + timedelta(days=draw(st.integers(0, 40))))))
    return singles, blanks - singles


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(gaps(), st.booleans())
def test_completeness_of_any_period_follows_its_missing_days(tmp_path: Path, missing: tuple[set[date], set[date]],
                                                             compare: bool) -> None:
    """For any missing days: each period shown is complete iff none of its days is missing, lists
    exactly its missing days, sums the others; a filtered count is 0, not missing, on days with
    rows; and a YoY is withheld iff its base is incomplete (unless the metric compares anyway)."""
    no_rows, blank = missing
    rows = [[d, "" if d in blank else d.day, "x" if d.day % 3 else "y"] for d in _days(START, END) if d not in no_rows]
    _write(tmp_path / "d.csv", ["date", "orders", "kind"], rows)
    flag = ", compare_incomplete: true" if compare else ""
    deck = _deck(tmp_path, f"""
sources: {{d: {{csv: d.csv, date_column: date}}}}
metrics:
  orders: {{source: d, column: orders{flag}}}
  ys: {{source: d, aggregation: count, filter: "kind = 'y'"{flag}}}
""", END)["metrics"]
    cal = WbrCalendar.from_names("saturday", 12)

    def check(name: str, item: dict[str, Any], span: Span, prefix: str) -> None:
        lost = no_rows | (blank if name == "orders" else set())
        gone = sorted(d for d in span.dates() if d in lost or d < START)  # the data begin at START
        kept = [d for d in span.dates() if d not in gone]
        assert item[prefix + "complete"] is (not gone), (name, span)
        assert item[prefix + "missing_dates"] == runs(gone), (name, span)
        expected = (sum(d.day for d in kept) if name == "orders" else sum(d.day % 3 == 0 for d in kept)) \
            if kept else None
        assert item[prefix + "value"] == expected, (name, span, prefix)

    for name in ("orders", "ys"):
        report = deck[name]
        for item in report["weeks"]:
            week = cal.week(date.fromisoformat(item["end"]))
            check(name, item, week, "")
            check(name, item, cal.prior_year_week(week), "py_")
            base_ok = item["py_complete"] or compare
            if item["value"] is not None and item["py_value"]:
                assert (item["yoy"] is None) is (not base_ok), (name, item)
                if base_ok:
                    assert item["yoy"] == pytest.approx(change(item["value"], item["py_value"], "percent"))
            if item["yoy"] is None and item["value"] is not None:
                assert item["reasons"]["yoy"]
        for key, span in (("mtd", cal.mtd(END)), ("qtd", cal.qtd(END)), ("ytd", cal.ytd(END))):
            check(name, report["summary"][key], span, "")
            check(name, report["summary"][key], cal.prior_year_span(span), "py_")
        for item in report["months"]:
            year, month = map(int, item["month"].split("-"))
            span = Span(date(year, month, 1), date(year, month, monthrange(year, month)[1]))
            check(name, item, span, "")
            check(name, item, cal.prior_year_month(span), "py_")


# ---- every engine gives the same answer -------------------------------------------------------

PARITY = """
sources:
  d: {SOURCE, date_column: day}
metrics:
  orders: {source: d, column: orders}
  strict: {source: d, column: orders, require_complete: true}
  rows: {source: d, aggregation: count}
  refunds: {source: d, aggregation: count, filter: "status = 'refunded'"}
  refunded: {source: d, column: orders, filter: "status = 'refunded'"}
  p90: {source: d, column: orders, aggregation: p90}
  rate: {derived: ratio, of: [refunds, rows], comparison: bps}
"""


def _parity_rows() -> list[tuple[str, float | None, str]]:
    """Data from mid-2025 (a partial prior year), a day without rows, blank cells, a week without refunds."""
    out: list[tuple[str, float | None, str]] = []
    for d in _days(date(2025, 7, 9), date(2026, 11, 21)):
        if d == date(2026, 11, 3):
            continue
        blank = d in (date(2026, 11, 18), date(2026, 10, 7))
        refunded = d.day % 5 == 0 and not date(2026, 11, 15) <= d
        out += [(d.isoformat(), None if blank else float(d.day), "refunded" if refunded else "paid"),
                (d.isoformat(), None if blank else 1.0, "paid")]
    return out


def _parity_deck(folder: Path, source: str, **engine: Any) -> dict[str, Any]:
    deck = _deck(folder, PARITY.replace("SOURCE", source), END, **engine)
    return {name: {k: m[k] for k in ("weeks", "months", "summary", "problem")} for name, m in deck["metrics"].items()}


@pytest.fixture
def parity(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    _write(tmp_path / "d.csv", ["day", "orders", "status"], [list(r) for r in _parity_rows()])
    reference = _parity_deck(tmp_path, "csv: d.csv")
    assert reference["refunds"]["weeks"][-1]["value"] == 0 and reference["refunds"]["weeks"][-1]["complete"]
    assert reference["orders"]["weeks"][-1]["missing_dates"] == ["2026-11-18"]
    assert reference["orders"]["weeks"][-3]["missing_dates"] == ["2026-11-03"]
    assert reference["orders"]["summary"]["ytd"]["py_missing_dates"] == ["2025-01-01/2025-07-08"]
    assert reference["orders"]["summary"]["ytd"]["yoy"] is None
    return tmp_path, reference



def test_sqlite_gives_the_same_periods(parity: tuple[Path, dict[str, Any]]) -> None:
    import sqlite3

    folder, reference = parity
    with sqlite3.connect(folder / "d.db") as con:
        con.execute("CREATE TABLE d (day TEXT, orders REAL, status TEXT)")
        con.executemany("INSERT INTO d VALUES (?, ?, ?)", _parity_rows())
    text = PARITY.replace("  p90: {source: d, column: orders, aggregation: p90}\n", "")
    (folder / "m.yaml").write_text(text.replace("SOURCE", f"table: d, database: 'sqlite:///{folder / 'd.db'}'"))
    with Engine(spec.load(folder / "m.yaml")) as built:
        deck = built.compute(END)["metrics"]
    expected = {k: v for k, v in reference.items() if k != "p90"}
    assert rounded({n: {k: m[k] for k in ("weeks", "months", "summary", "problem")} for n, m in deck.items()}, 9) == \
        rounded(expected, 9)


def test_parquet_gives_the_same_periods(parity: tuple[Path, dict[str, Any]]) -> None:
    import duckdb

    folder, reference = parity
    duckdb.sql(f"COPY (SELECT CAST(day AS DATE) AS day, orders, status FROM read_csv('{folder / 'd.csv'}')) "
               f"TO '{folder / 'd.parquet'}' (FORMAT parquet)")
    assert rounded(_parity_deck(folder, "parquet: d.parquet"), 9) == rounded(reference, 9)


def test_postgresql_gives_the_same_periods(parity: tuple[Path, dict[str, Any]], postgres_url: str) -> None:
    from sqlalchemy import create_engine, text

    folder, reference = parity
    engine = create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS d"))
        conn.execute(text("CREATE TABLE d (day DATE, orders DOUBLE PRECISION, status TEXT)"))
        conn.execute(text("INSERT INTO d VALUES (CAST(:d AS DATE), :o, :s)"),
                     [{"d": d, "o": o, "s": s} for d, o, s in _parity_rows()])
    engine.dispose()
    deck = _parity_deck(folder, f"sql: 'SELECT * FROM d', database: '{postgres_url}'")
    assert rounded(deck, 9) == rounded(reference, 9)


@pytest.mark.spark
@pytest.mark.filterwarnings("ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning")
def test_spark_gives_the_same_periods(parity: tuple[Path, dict[str, Any]], spark: Any) -> None:
    folder, reference = parity
    assert rounded(_parity_deck(folder, "csv: d.csv", engine="spark", spark=spark), 9) == rounded(reference, 9)
