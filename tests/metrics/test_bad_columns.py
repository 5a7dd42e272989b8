"""One bad column must not take the deck down: a metric whose column is empty, whose source has
no rows in the deck's periods, whose column holds text or whose filter its engine refuses
shows "—" with its reason (``problem``), and every other metric computes. Only a deck where
nothing computes is an error."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from dayone.cli.main import run
from dayone.errors import ValidationFailed
from dayone.metrics import spec
from dayone.metrics.compute import Engine

WEEK = date(2026, 11, 21)
FILE = """\
sources:
  d: {csv: d.csv, date_column: date}
  old: {csv: old.csv, date_column: date}
metrics:
  orders: {source: d, column: orders}
  empty: {source: d, column: empty}
  p90_empty: {source: d, column: empty, aggregation: p90}
  words: {source: d, column: word}
  gone: {source: old, column: orders}
  odd: {source: d, column: orders, filter: "word > 5"}
  per_empty: {derived: ratio, of: [orders, empty]}
  eu: {source: d, column: orders, filter: "word = 'eu'"}
"""


def _folder(tmp_path: Path) -> Path:
    with (tmp_path / "d.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "orders", "empty", "word"])
        for i in range(500):
            writer.writerow([WEEK - timedelta(days=i), 10, "", "eu" if i % 2 else "us"])
    (tmp_path / "old.csv").write_text("date,orders\n2020-01-01,5\n2020-01-02,6\n")
    (tmp_path / "m.yaml").write_text(FILE)
    return tmp_path


def _deck(folder: Path, **engine: Any) -> dict[str, Any]:
    with Engine(spec.load(folder / "m.yaml"), **engine) as built:
        return built.compute(WEEK)["metrics"]  # type: ignore[no-any-return]


def _check(deck: dict[str, Any]) -> None:
    assert deck["orders"]["summary"]["last_week"]["value"] == 70 and deck["orders"]["problem"] is None
    assert deck["eu"]["summary"]["last_week"]["value"] == 30  # the refused filter next to it took nothing down
    for name in ("empty", "p90_empty"):
        assert deck[name]["problem"] == "Its column 'empty' is blank on every day from 2025-11-01 to 2026-11-21."
        assert deck[name]["summary"]["last_week"]["value"] is None and deck[name]["problem_detail"] is None
    assert deck["gone"]["problem"] == ("Source old has no rows from 2025-11-01 to 2026-11-21 (its last row is dated "
                                       "2020-01-02).")
    assert deck["per_empty"]["problem"].startswith("It is computed from empty: its column 'empty' is blank")
    for name in ("words", "odd"):
        assert deck[name]["problem"] == "It could not be computed from source d.", name
        assert deck[name]["problem_detail"] and deck[name]["weeks"][-1]["value"] is None, name


def test_bad_columns_show_their_reason_and_the_rest_computes(tmp_path: Path) -> None:
    deck = _deck(_folder(tmp_path))
    _check(deck)
    assert "'word'" in deck["words"]["problem_detail"] and "not a number" in deck["words"]["problem_detail"]


def test_the_cli_writes_the_deck_and_names_each_metric_without_numbers(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path)
    with pytest.raises(SystemExit) as done:
        run(["wbr", "build", str(folder / "m.yaml"), "--week-ending", WEEK.isoformat(),
             "--out", str(folder / "d.json")])
    err = capsys.readouterr().err
    assert done.value.code == 0 and "Traceback" not in err
    _check(json.loads((folder / "d.json").read_text())["metrics"])
    for name in ("empty", "p90_empty", "words", "gone", "odd", "per_empty"):
        assert f"metrics.{name}: " in err, name
    assert "metrics.orders:" not in err and "metrics.eu:" not in err


def test_a_deck_where_nothing_computes_is_an_error(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "m.yaml").write_text("sources: {d: {csv: d.csv, date_column: date}}\n"
                                   "metrics: {words: {source: d, column: word}, odd: {source: d, column: orders, "
                                   "filter: \"word > 5\"}}\n")
    with pytest.raises(ValidationFailed, match="'word'"):
        _deck(folder)


def test_a_source_that_breaks_fails_alone(tmp_path: Path) -> None:
    """A file that cannot be read is the source's problem, not one metric's (the CSV readers say
    so): its metrics show "—" with it, the deck lists the source, and the other sources compute."""
    folder = _folder(tmp_path)
    (folder / "old.csv").write_text("date,orders\n2020-01-01,5\nnot a date,6\n")
    with Engine(spec.load(folder / "m.yaml")) as built:
        numbers = built.compute(WEEK)
    gone = numbers["metrics"]["gone"]
    assert gone["problem"] == "Its source old could not be read." and gone["weeks"][-1]["value"] is None
    assert "row 2 of" in gone["problem_detail"] and "'not a date' is not a date" in gone["problem_detail"]
    [failed] = numbers["failed_sources"]
    assert failed["source"] == "old" and failed["metrics"] == ["gone"] and "not a date" in failed["problem_detail"]
    assert numbers["metrics"]["orders"]["summary"]["last_week"]["value"] == 70
    (folder / "d.csv").write_text("date,orders\n2020-01-01,5\nnot a date,6\n")  # no source reads: an error
    with pytest.raises(ValidationFailed, match="not a date"):
        _deck(folder)


@pytest.mark.spark
@pytest.mark.filterwarnings("ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning")
def test_spark_sets_the_same_metrics_aside(tmp_path: Path, spark: Any) -> None:
    _check(_deck(_folder(tmp_path), engine="spark", spark=spark))


def test_postgresql_sets_a_refused_metric_aside(tmp_path: Path, postgres_url: str) -> None:
    """A filter PostgreSQL refuses as it runs (text compared with a number) fails its own metric;
    the session is still usable for the others (each statement stands alone)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS d"))
        conn.execute(text("CREATE TABLE d (day DATE, orders DOUBLE PRECISION, word TEXT)"))
        conn.execute(text("INSERT INTO d VALUES (CAST(:d AS DATE), 10, :w)"),
                     [{"d": (WEEK - timedelta(days=i)).isoformat(), "w": "eu" if i % 2 else "us"} for i in range(400)])
    engine.dispose()
    (tmp_path / "m.yaml").write_text(
        f"sources: {{d: {{sql: 'SELECT * FROM d', database: '{postgres_url}', date_column: day}}}}\n"
        "metrics:\n  orders: {source: d, column: orders}\n  odd: {source: d, column: orders, filter: \"word > 5\"}\n"
        "  eu: {source: d, column: orders, filter: \"word = 'eu'\"}\n")
    deck = _deck(tmp_path)
    assert deck["orders"]["summary"]["last_week"]["value"] == 70 and deck["eu"]["summary"]["last_week"]["value"] == 30
    assert deck["odd"]["problem"] == "It could not be computed from source d."
    assert "refused" in deck["odd"]["problem_detail"]
