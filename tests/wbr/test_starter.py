"""From a data file to a first deck: the preview says what a CSV or Parquet file holds (its
date column, its weeks, every cell that does not fit its column, by line), and the starter
metrics file it writes parses and computes in the engine to the numbers of the data."""

from __future__ import annotations

import csv
import json
import re
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dayone.cli.main import run
from dayone.errors import InvalidInput
from dayone.metrics import spec, starter
from dayone.metrics.compute import Engine

LAST = date(2026, 11, 25)  # a Wednesday: the latest complete week ends on Saturday 2026-11-21


def _write(path: Path, header: list[str], rows: list[list[object]], delimiter: str = ",") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _daily(days: int = 400) -> list[list[object]]:
    return [[(LAST - timedelta(days=days - 1 - i)).isoformat(), 100 + i % 7, 10 + i % 3, f"{0.05 + (i % 5) / 100:.2f}"]
            for i in range(days)]


def _compute(text: str, folder: Path) -> dict[str, object]:
    with Engine(spec.parse(text, base=folder)) as engine:
        return engine.compute()


def test_a_daily_csv_previews_its_columns_dates_and_weeks(tmp_path: Path) -> None:
    path = _write(tmp_path / "shop.csv", ["Day", "Sessions", "Orders", "conversion rate"], _daily())
    found = starter.preview(path)
    assert found.rows == 400 and found.kind == "csv" and found.delimiter == ","
    assert [(c.name, c.holds) for c in found.columns] == [
        ("Day", "date"), ("Sessions", "number"), ("Orders", "number"), ("conversion rate", "number")]
    assert found.date_column == "Day" and found.cadence == "daily" and found.week_ending == "saturday"
    assert (found.first_day, found.last_day) == (LAST - timedelta(days=399), LAST)
    assert found.head[0] == ("2025-10-22", "100", "10", "0.05") and len(found.head) == 10
    assert [(c.name, c.column, c.aggregation) for c in found.suggested] == [
        ("sessions", "Sessions", "sum"), ("orders", "Orders", "sum"),
        ("conversion_rate", "conversion rate", "mean")]  # a rate is a level: its mean, not its sum
    assert found.problems == ()


def test_the_starter_file_computes_the_datas_own_numbers(tmp_path: Path) -> None:
    rows = _daily()
    path = _write(tmp_path / "shop.csv", ["Day", "Sessions", "Orders", "conversion rate"], rows)
    found = starter.preview(path)
    choices = starter.parse_choices(found, [], ["orders/sessions"])
    text = starter.starter_file(found, choices, data_path="shop.csv", today=date(2026, 11, 30))
    deck = _compute(text, tmp_path)
    assert deck["week_ending"] == "2026-11-21"
    week = [r for r in rows if "2026-11-15" <= str(r[0]) <= "2026-11-21"]
    box = {name: m["summary"]["last_week"]["value"] for name, m in deck["metrics"].items()}  # type: ignore[attr-defined]
    assert box["sessions"] == sum(int(r[1]) for r in week)
    assert box["orders"] == sum(int(r[2]) for r in week)
    assert box["orders_per_sessions"] == pytest.approx(box["orders"] / box["sessions"])
    assert box["conversion_rate"] == pytest.approx(sum(float(str(r[3])) for r in week) / 7)
    assert '"conversion rate"' in text  # a name with a space is quoted as SQL reads it


def test_weekly_data_ends_its_weeks_on_its_own_weekday(tmp_path: Path) -> None:
    sundays = [date(2025, 1, 5) + timedelta(weeks=k) for k in range(80)]
    rows: list[list[object]] = [[d.isoformat(), 50 + k] for k, d in enumerate(sundays)]
    path = _write(tmp_path / "weekly.csv", ["week", "signups"], rows)
    found = starter.preview(path)
    assert (found.cadence, found.week_ending) == ("weekly", "sunday")
    text = starter.starter_file(found, starter.parse_choices(found, [], []), data_path="weekly.csv")
    assert "week_ending: sunday" in text
    deck = _compute(text, tmp_path)
    assert deck["week_ending"] == sundays[-1].isoformat()
    assert deck["metrics"]["signups"]["summary"]["last_week"]["value"] == 50 + 79  # type: ignore[index]


def test_cells_that_do_not_fit_their_column_are_listed_by_line(tmp_path: Path) -> None:
    rows = _daily(30)
    rows[4][2] = "n/a"  # line 6: the header is line 1
    rows[9][0] = "31/02/2026"  # line 11
    path = _write(tmp_path / "shop.csv", ["date", "sessions", "orders", "rate"], rows)
    found = starter.preview(path)
    assert [(p.line, p.column, p.value) for p in found.problems] == [(6, "orders", "n/a"), (11, "date", "31/02/2026")]
    assert str(found.problems[0]) == "line 6, column orders: 'n/a' stands for no value: it is read as missing " \
                                     "(null_values)"
    assert [c.holds for c in found.columns] == ["date", "number", "number", "number"]
    assert found.null_values == ("n/a",)


def test_a_marker_of_no_value_is_declared_and_other_text_stays_an_error(tmp_path: Path) -> None:
    rows = _daily(60)
    rows[-6][2] = "N/A"  # Friday 2026-11-20, in the week the deck shows: its orders are missing that day
    path = _write(tmp_path / "d.csv", ["date", "sessions", "orders", "rate"], rows)
    found = starter.preview(path)
    text = starter.starter_file(found, starter.parse_choices(found, ["orders"], []), data_path="d.csv")
    assert "null_values: [N/A]" in text
    week = _compute(text, tmp_path)["metrics"]["orders"]["weeks"][-1]
    assert week["end"] == "2026-11-21" and week["complete"] is False and week["missing_dates"] == ["2026-11-20"]
    rows[-6][2] = "oops"
    found = starter.preview(_write(tmp_path / "e.csv", ["date", "sessions", "orders", "rate"], rows))
    assert found.null_values == () and "'oops' is not a number" in str(found.problems[0])


def test_many_bad_cells_are_counted_past_the_listed_ones(tmp_path: Path) -> None:
    rows = _daily(400)
    for row in rows[:30]:  # 7.5 %: still a column of numbers, with 30 cells that are not
        row[1] = "x"
    path = _write(tmp_path / "d.csv", ["date", "sessions", "orders", "rate"], rows)
    found = starter.preview(path)
    assert len(found.problems) == 20 and found.more_problems == 10
    assert found.problems[0].line == 2


def test_a_semicolon_file_and_a_parquet_file_preview_alike(tmp_path: Path) -> None:
    rows = _daily(20)
    semicolons = starter.preview(_write(tmp_path / "d.csv", ["date", "sessions", "orders", "rate"], rows, ";"))
    assert semicolons.delimiter == ";" and semicolons.date_column == "date"
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"date": [date.fromisoformat(str(r[0])) for r in rows], "sessions": [int(str(r[1])) for r in rows],
                      "label": ["a"] * len(rows)})
    pq.write_table(table, tmp_path / "d.parquet")
    parquet = starter.preview(tmp_path / "d.parquet")
    assert parquet.kind == "parquet" and parquet.rows == 20
    assert [(c.name, c.holds) for c in parquet.columns] == [("date", "date"), ("sessions", "number"), ("label", "text")]
    text = starter.starter_file(parquet, starter.parse_choices(parquet, [], []), data_path="d.parquet")
    assert "parquet: d.parquet" in text
    assert _compute(text, tmp_path)["metrics"]["sessions"]["summary"]["last_week"]["value"] > 0  # type: ignore[index]


@pytest.mark.parametrize(("name", "body", "says"), [
    ("empty.csv", b"", "the file is empty"),
    ("header.csv", b"date,orders\n", "no rows under the header line"),
    ("latin.csv", "date,city,n\n2026-11-21,Z\u00fcrich,1\n".encode("latin-1"),
     "line 2: the file is not UTF-8 text; save it as UTF-8"),
    ("ragged.csv", b"date,n\n2026-11-21,1\n2026-11-22,1,2,3\n", "line 3: 4 fields where the header has 2"),
    ("notes.txt.md", b"date,n\n", "give a .csv or .parquet file"),
])
def test_a_file_that_cannot_be_read_says_which_and_why(tmp_path: Path, name: str, body: bytes, says: str) -> None:
    (tmp_path / name).write_bytes(body)
    with pytest.raises(InvalidInput, match=re.escape(says)) as refused:
        starter.preview(tmp_path / name)
    assert name in str(refused.value) and "Traceback" not in str(refused.value)


def test_a_file_without_dates_cannot_start_a_wbr(tmp_path: Path) -> None:
    found = starter.preview(_write(tmp_path / "d.csv", ["name", "n"], [["a", 1], ["b", 2]]))
    assert found.date_column is None and found.cadence == "none"
    with pytest.raises(InvalidInput, match="no column holds dates"):
        starter.starter_file(found, starter.parse_choices(found, [], []), data_path="d.csv")


def test_choices_from_words_are_checked(tmp_path: Path) -> None:
    found = starter.preview(_write(tmp_path / "d.csv", ["date", "orders", "country", "customer_id"],
                                   [[(LAST - timedelta(days=i)).isoformat(), i, "NA", i % 4] for i in range(30)]))
    assert [c.name for c in found.suggested] == ["orders"]  # an identifier is not summed
    chosen = starter.parse_choices(found, ["orders", "rows", "country:count_distinct", "orders:p90"], ["orders/rows"])
    assert [(c.name, c.column, c.aggregation, c.ratio) for c in chosen] == [
        ("orders", "orders", "sum", None), ("rows", None, "count", None),
        ("country", "country", "count_distinct", None), ("orders_2", "orders", "p90", None),
        ("orders_per_rows", None, "sum", ("orders", "rows"))]
    for words, ratios, says in ((["ordres"], [], "has no column 'ordres'"),
                                (["orders:total"], [], "not an aggregation"),
                                (["country"], [], "holds text"), (["orders"], ["orders/sessions"], "NUMERATOR/")):
        with pytest.raises(InvalidInput, match=re.escape(says)):
            starter.parse_choices(found, words, ratios)
    text = starter.starter_file(found, chosen, data_path="d.csv")
    deck = _compute(text, tmp_path)
    assert deck["metrics"]["country"]["summary"]["last_week"]["value"] == 1  # "NA" is a country  # type: ignore[index]


column_names = st.text(st.characters(codec="utf-8", exclude_characters="\"\r\n\x00,",  # printable names
                                     exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=12) \
    .filter(lambda s: s.strip() == s and s.lower() not in ("date", "rows"))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(column_names, min_size=1, max_size=3, unique_by=str.lower),
       values=st.lists(st.integers(0, 10_000), min_size=70, max_size=70))
@example(names=["FALSE", "on"], values=[1] * 70)  # metric names YAML would read as booleans: quoted
def test_any_column_names_give_a_file_that_computes_their_sums(tmp_path: Path, names: list[str],
                                                               values: list[int]) -> None:
    rows = [[(LAST - timedelta(days=69 - i)).isoformat(), *[v + k for k in range(len(names))]]
            for i, v in enumerate(values)]
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # hypothesis may run one example twice
    found = starter.preview(_write(folder / "d.csv", ["date", *names], rows))
    chosen = [starter.Choice(c.name, c.column, "sum") for c in found.suggested]
    assert [c.column for c in chosen] == names
    deck = _compute(starter.starter_file(found, chosen, data_path="d.csv"), folder)
    week = [r for r in rows if "2026-11-15" <= str(r[0]) <= "2026-11-21"]
    for k, choice in enumerate(chosen):
        assert deck["metrics"][choice.name]["summary"]["last_week"]["value"] == sum(int(r[k + 1]) for r in week)  # type: ignore[index]


def test_the_cli_writes_a_file_that_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _write(tmp_path / "data" / "shop.csv", ["date", "sessions", "orders", "rate"], _daily())
    out = tmp_path / "wbr" / "metrics.yaml"
    out.parent.mkdir()
    with pytest.raises(SystemExit) as done:
        run(["wbr", "init", str(data), "--out", str(out), "--ratio", "orders/sessions"])
    assert done.value.code == 0
    said = capsys.readouterr().out
    assert f"Wrote {out}: 4 metrics from shop.csv (400 rows" in said.replace("\n", " ")
    assert "sources:\n  data: {csv: ../data/shop.csv, date_column: date}" in out.read_text()
    with pytest.raises(SystemExit) as done:
        run(["wbr", "build", str(out), "--out", str(tmp_path / "deck.json")])
    assert done.value.code == 0
    deck = json.loads((tmp_path / "deck.json").read_text())
    assert set(deck["metrics"]) == {"sessions", "orders", "rate", "orders_per_sessions"}

    with pytest.raises(SystemExit) as refused:  # an existing file is kept
        run(["wbr", "init", str(data), "--out", str(out)])
    assert refused.value.code == 1 and "exists; choose another name or add --force" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run(["wbr", "init", str(data), "--out", str(out), "--force", "--metric", "ordres"])
    assert "has no column 'ordres'" in capsys.readouterr().err
