"""CSV files read as people write them: numbers with decimal commas or thousands separators,
missing-value markers, other encodings and delimiters — read by the rules of
metrics/csvformat.py, or refused with the file, row, column and what to declare; never a number
read wrongly in silence. The cases cases/decimal-comma-as-thousands and
cases/na-code-read-as-missing are two of them."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dayone.cli.main import run
from dayone.errors import ValidationFailed
from dayone.metrics import spec
from dayone.metrics.calendar import Span
from dayone.metrics.compute import Engine

CASES = Path(__file__).parent / "cases"
WEEK = "2024-06-29"
SAMPLES = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def build(config: Path, capsys: pytest.CaptureFixture[str], week: str = WEEK) -> tuple[dict[str, Any] | None, str]:
    """``dayone wbr build`` on the config: the deck (None when refused) and what it printed."""
    out = config.parent / "deck.json"
    out.unlink(missing_ok=True)
    with pytest.raises(SystemExit) as exited:
        run(["wbr", "build", str(config), "--week-ending", week, "--out", str(out)])
    err = capsys.readouterr().err
    assert exited.value.code in (0, 1) and "Traceback" not in err and "BLOB" not in err
    return (json.loads(out.read_text()) if exited.value.code == 0 else None), err


def last_week(deck: dict[str, Any] | None) -> dict[str, Any]:
    assert deck is not None
    return {name: m["weeks"][-1]["value"] for name, m in deck["metrics"].items()}


def days(n: int, start: date = date(2024, 6, 23)) -> list[str]:
    return [(start + timedelta(days=i)).isoformat() for i in range(n)]


def write(folder: Path, data: str | bytes, source: str = "", metrics: str = "  m: {source: d, column: x}\n",
          name: str = "data.csv") -> Path:
    (folder / name).write_bytes(data.encode() if isinstance(data, str) else data)
    config = folder / "config.yaml"
    config.write_text(f"setup: {{week_ending: saturday}}\nsources:\n  d: {{csv: {name}, date_column: date"
                      f"{', ' + source if source else ''}}}\nmetrics:\n{metrics}")
    return config


def column(config: Path, name: str = "x") -> list[Any]:
    """The column as the engine reads it, in file order."""
    with Engine(spec.load(config)) as engine:
        return [r[0] for r in engine.con.execute(f'SELECT "{name}" FROM src_d ORDER BY __row').fetchall()]


def refusal(config: Path, metric: str = "m") -> str:
    """Why the engine will not read the metric's column as numbers (ValidationFailed's message)."""
    with Engine(spec.load(config)) as engine, pytest.raises(ValidationFailed) as refused:
        engine.explain(metric, Span(date(2024, 6, 23), date(2024, 6, 29)))
    assert "\n" not in refused.value.message
    return refused.value.message


# --- the cases ------------------------------------------------------------------------------

def test_the_decimal_comma_case_is_refused_naming_row_and_column(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "case"
    shutil.copytree(CASES / "decimal-comma-as-thousands", folder)
    deck, err = build(folder / "config.yaml", capsys)
    assert "row 1 of " in err and "data.csv, column 'revenue': '12,5' is not a number" in err
    assert 'declare decimal: "," on sources.daily' in err
    assert deck is None or deck["metrics"]["revenue"]["weeks"][-1]["value"] is None  # never 875


def test_the_decimal_comma_case_reads_once_declared(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "case"
    shutil.copytree(CASES / "decimal-comma-as-thousands", folder)
    config = (folder / "config.yaml").read_text().replace("date_column: date}", 'date_column: date, decimal: ","}')
    (folder / "config.yaml").write_text(config.replace("  units: {source: daily, column: units}\n", ""))
    deck, _ = build(folder / "config.yaml", capsys)
    assert last_week(deck) == {"revenue": 87.5, "amount": 8641.5}
    (folder / "units.yaml").write_text(config.replace("  revenue: {source: daily, column: revenue}\n", "")
                                       .replace("  amount: {source: daily, column: amount}\n", "")
                                       .replace("metric: revenue", "metric: units"))
    _, err = build(folder / "units.yaml", capsys)
    assert "row 1 of " in err and "data.csv, column 'units': '1,2,3' is not a number" in err


def test_the_namibia_case_counts_na_as_a_country(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "case"
    shutil.copytree(CASES / "na-code-read-as-missing", folder)
    deck, _ = build(folder / "config.yaml", capsys)
    assert last_week(deck) == {"countries": 3, "namibia_orders": 7, "rows_with_country": 21}


# --- numbers --------------------------------------------------------------------------------

def grouped(n: int, separator: str) -> str:
    digits = f"{abs(n):,}".replace(",", separator)
    return ("-" if n < 0 else "") + digits


FORMATS = st.sampled_from([
    ("", ",", "."), ('decimal: ","', ".", ","), ("thousands: ' '", " ", "."), ("thousands: \"'\"", "'", "."),
    ('decimal: ",", thousands: " "', " ", ","), ('thousands: "\u00a0"', "\u00a0", "."),
])


@SAMPLES
@given(st.lists(st.integers(-10**15, 10**15), min_size=1, max_size=12), FORMATS,
       st.integers(0, 99), st.booleans())
def test_any_number_written_in_thousands_groups_reads_back_equal(
        tmp_path: Path, numbers: list[int], fmt: tuple[str, str, str], cents: int, fraction: bool) -> None:
    declared, separator, point = fmt
    tail = f"{point}{cents:02d}" if fraction else ""
    cells = [f'"{grouped(n, separator)}{tail}"' for n in numbers]
    rows = ["date,x"] + [f"{d},{c}" for d, c in zip(days(len(numbers)), cells, strict=True)]
    config = write(tmp_path, "\n".join(rows) + "\n", declared)
    assert column(config) == [float(f"{n}.{cents:02d}") if fraction else n for n in numbers]


@SAMPLES
@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=10), st.data())
def test_any_decimal_comma_without_its_declaration_is_refused_naming_the_row(
        tmp_path: Path, numbers: list[int], data: st.DataObject) -> None:
    bad_row = data.draw(st.integers(0, len(numbers)))
    whole = data.draw(st.integers(0, 10**6))
    decimals = data.draw(st.integers(1, 6).filter(lambda k: k != 3))  # three digits would be a thousands group
    bad = f"{whole},{'7' * decimals}"
    cells = [str(n) for n in numbers]
    cells.insert(bad_row, f'"{bad}"')
    rows = ["date,x"] + [f"{d},{c}" for d, c in zip(days(len(cells)), cells, strict=True)]
    config = write(tmp_path, "\n".join(rows) + "\n")
    message = refusal(config)
    assert f"row {bad_row + 1} of " in message and f"data.csv, column 'x': {bad!r} is not a number" in message
    assert 'declare decimal: ","' in message
    # declared, the same file reads: the decimal comma is the point
    write(tmp_path, "\n".join(rows) + "\n", 'decimal: ","')
    read = column(config)
    assert read[bad_row] == pytest.approx(float(f"{whole}.{'7' * decimals}"))


@pytest.mark.parametrize(("cell", "declared"), [
    ("1,2,3", ""), ("12,34", ""), ("1,2345", ""), ("1,234,56", ""), (",5", ""), ("1.234,50", ""),
    ("1.234.5", 'decimal: ","'), ("12.34", 'decimal: ","'), ("1 234", ""), ("1,234", "thousands: none"),
])
def test_numbers_in_no_declared_format_are_refused(tmp_path: Path, cell: str, declared: str) -> None:
    rows = ["date,x", f"{days(1)[0]},5", f'{days(2)[1]},"{cell}"']
    message = refusal(write(tmp_path, "\n".join(rows) + "\n", declared))
    assert "row 2 of " in message and f"data.csv, column 'x': {cell!r} is not a number" in message
    assert "declare" in message


def test_a_semicolon_file_with_decimal_commas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The CSV a European Excel writes: semicolons between fields, decimal commas, points in thousands."""
    rows = ["date;x"] + [f"{d};1.234,5" for d in days(7)]
    config = write(tmp_path, "\n".join(rows) + "\n", 'decimal: ","')
    deck, _ = build(config, capsys)
    assert last_week(deck) == {"m": 7 * 1234.5}
    write(tmp_path, "\n".join(rows) + "\n")
    assert "'1.234,5' is not a number" in refusal(config)


def test_plain_numbers_are_unchanged(tmp_path: Path) -> None:
    rows = ["date,x"] + [f"{d},{v}" for d, v in zip(days(6), ["1234", "-0.5", "1e3", "+7", ".25", '"1,234,567.5"'],
                                                      strict=True)]
    assert column(write(tmp_path, "\n".join(rows) + "\n")) == [1234, -0.5, 1000, 7, 0.25, 1234567.5]


def test_the_python_rules_are_the_sql_rules() -> None:
    from dayone.metrics import csvformat

    fmt = csvformat.FileFormat(decimal=",")
    assert csvformat.to_number("1.234.567,25", fmt) == 1234567.25
    assert not csvformat.is_number("1.23", fmt) and not csvformat.is_number("nan", csvformat.FileFormat())


@SAMPLES
@given(st.sampled_from([",", ";", "\t", "|"]),
       st.lists(st.tuples(st.integers(-10**9, 10**9), st.text("abcxyz ,;|'", min_size=1, max_size=8)
                          .filter(lambda t: t.strip(" ") == t)), min_size=2, max_size=15))
def test_any_delimiter_is_detected(tmp_path: Path, delimiter: str, rows: list[tuple[int, str]]) -> None:
    import csv
    import io

    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["date", "x", "label"])
    writer.writerows([day, n, label] for day, (n, label) in zip(days(len(rows)), rows, strict=True))
    config = write(tmp_path, text.getvalue())
    assert column(config) == [n for n, _ in rows]
    assert column(config, "label") == [label for _, label in rows]


# --- missing values -------------------------------------------------------------------------

def test_only_an_empty_cell_is_missing(tmp_path: Path) -> None:
    markers = ["NA", "N/A", "NULL", "null", "nan", "NaN", "#N/A", "None", "-", "", '""', " "]
    rows = ["date,code,x"] + [f"{d},{m},1" for d, m in zip(days(len(markers)), markers, strict=True)]
    config = write(tmp_path, "\n".join(rows) + "\n", metrics="  m: {source: d, column: code, aggregation: count}\n")
    read = column(config, "code")
    assert read[:9] == markers[:9] and read[9:11] == [None, None] and read[11] == " "


def test_declared_null_values_are_missing(tmp_path: Path) -> None:
    rows = ["date,code,x"] + [f"{d},{c},{x}" for d, c, x in
                              zip(days(4), ["NA", "DE", "-", "n/a"], ["5", "-", "n/a", "2"], strict=True)]
    config = write(tmp_path, "\n".join(rows) + "\n", "null_values: ['-', n/a]")
    assert column(config, "code") == ["NA", "DE", None, None]
    assert column(config) == [5, None, None, 2]  # a number column once its markers are missing


def test_a_number_column_with_a_marker_says_to_declare_it(tmp_path: Path) -> None:
    rows = ["date,x", f"{days(1)[0]},5", f"{days(2)[1]},nan"]
    message = refusal(write(tmp_path, "\n".join(rows) + "\n"))
    assert "data.csv, column 'x': 'nan' is not a number (if it marks a missing value, list it in " \
           "sources.d.null_values)" in message


# --- encodings ------------------------------------------------------------------------------

LATIN = "date,city,x\n" + "".join(f"{d},{c},{x}\n" for d in days(7) for c, x in (("Zürich", "1,5"), ("Genève", "2")))


def test_a_latin1_file_is_refused_naming_line_and_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write(tmp_path, LATIN.encode("latin-1"))
    deck, err = build(config, capsys)
    assert deck is None
    assert "data.csv, line 2: the text is not UTF-8 (byte 0xfc in '2024-06-23,Zürich" in err
    assert "encoding: latin-1" in err


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-16"])
def test_a_declared_encoding_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str) -> None:
    metrics = ("  zurich: {source: d, column: x, filter: \"city = 'Zürich'\"}\n"
               "  cities: {source: d, column: city, aggregation: count_distinct}\n")
    config = write(tmp_path, LATIN.replace('1,5', '"1,5"').encode(encoding), f"encoding: {encoding}, decimal: ','",
                   metrics)
    deck, _ = build(config, capsys)
    assert last_week(deck) == {"zurich": 7 * 1.5, "cities": 2}


def test_a_utf16_file_is_named_as_such(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, err = build(write(tmp_path, LATIN.encode("utf-16")), capsys)
    assert "data.csv, line 1: the text is UTF-16 (its first bytes say so), not UTF-8; declare encoding: utf-16" in err


def test_a_byte_order_mark_is_not_part_of_the_header(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = ["date,x"] + [f"{d},2" for d in days(7)]
    deck, _ = build(write(tmp_path, ("\ufeff" + "\n".join(rows) + "\n").encode()), capsys)
    assert last_week(deck) == {"m": 14}


# --- the declared format is checked ---------------------------------------------------------

@pytest.mark.parametrize(("declared", "said"), [
    ("decimal: ';'", "sources.d.decimal: ';' is not a decimal mark; use \".\" or \",\"."),
    ("decimal: 1", "sources.d.decimal: expected text, not int"),
    ("thousands: x", "sources.d.thousands: 'x' is not a thousands separator"),
    ("decimal: ',', thousands: ','", "sources.d.thousands: ',' is also the decimal mark"),
    ("delimiter: ab", "sources.d.delimiter: 'ab' is not a delimiter"),
    ("encoding: latin-9x", "sources.d.encoding: 'latin-9x' is not an encoding"),
    ("encoding: rot13", "sources.d.encoding: 'rot13' is not a text encoding"),
    ("timezone: Europe/Berlni", "sources.d.timezone: 'Europe/Berlni' is not a time zone; did you mean "
                                "'Europe/Berlin'?"),
    ("null_values: [1]", "sources.d.null_values: give the texts that mark a missing value"),
    ("null_values: ['']", "sources.d.null_values: give the texts that mark a missing value"),
    ("decimals: ','", "sources.d.decimals: 'decimals' is not a source field"),
])
def test_a_bad_format_field_is_named(tmp_path: Path, declared: str, said: str) -> None:
    config = write(tmp_path, "date,x\n2024-06-23,1\n", declared)
    with pytest.raises(ValidationFailed) as refused:
        spec.load(config)
    found = refused.value.details
    assert len(found) == 1 and found[0]["message"].startswith(said) and found[0]["location"]["line"] == 3


ANY_VALUE = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
                         lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                                      max_size=2), max_leaves=5)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["delimiter", "decimal", "thousands", "encoding", "null_values",
                                        "timezone"]), ANY_VALUE, min_size=1))
def test_any_format_field_value_is_read_or_refused_at_its_field(tmp_path: Path, fields: dict[str, Any]) -> None:
    import yaml

    (tmp_path / "data.csv").write_text("date,x\n2024-06-23,1\n")
    source = {"csv": "data.csv", "date_column": "date", **fields}
    text = yaml.safe_dump({"sources": {"d": source}, "metrics": {"m": {"source": "d", "column": "x"}}})
    try:
        parsed = spec.parse(text, base=tmp_path)
    except ValidationFailed as exc:
        assert exc.details and all(f["location"]["field"].startswith("sources.d.") for f in exc.details)
        assert all(f["location"]["field"].split(".")[2] in fields for f in exc.details)
        return
    fmt = parsed.sources["d"].format
    assert fmt.decimal in (".", ",") and fmt.grouping != fmt.decimal and isinstance(fmt.null_values, tuple)


def test_csv_fields_on_other_sources_are_refused(tmp_path: Path) -> None:
    (tmp_path / "d.parquet").write_bytes(b"")
    (tmp_path / "m.yaml").write_text(
        "sources:\n  p: {parquet: d.parquet, date_column: date, decimal: ','}\n"
        "  q: {sql: 'SELECT 1', database: 'sqlite:///x.db', date_column: date, timezone: UTC}\n"
        "metrics:\n  m: {source: p, column: x}\n")
    with pytest.raises(ValidationFailed) as refused:
        spec.load(tmp_path / "m.yaml")
    messages = [f["message"] for f in refused.value.details]
    assert "sources.p.decimal: applies to CSV sources only." in messages
    assert any(m.startswith("sources.q.timezone: applies to file sources") for m in messages)


# --- every engine reads by the same rules ---------------------------------------------------

PARITY = """\
setup: {week_ending: saturday}
sources:
  eu: {csv: eu.csv, date_column: at, decimal: ",", encoding: latin-1, null_values: ["-"], timezone: Asia/Tokyo}
  us: {csv: us.csv, date_column: date}
metrics:
  revenue: {source: eu, column: revenue}
  zurich: {source: eu, column: revenue, filter: "city = 'Zürich'"}
  cities: {source: eu, column: city, aggregation: count_distinct}
  namibia: {source: us, column: orders, filter: "country = 'NA'"}
  countries: {source: us, column: country, aggregation: count_distinct}
  rows_with_country: {source: us, column: country, aggregation: count}
  orders: {source: us, column: orders}
"""


@pytest.mark.spark
@pytest.mark.filterwarnings("ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning")
def test_duckdb_and_spark_read_by_the_same_rules(tmp_path: Path, spark: Any) -> None:
    eu = ["at;city;revenue"]
    us = ["date,country,orders"]
    for i, day in enumerate(days(14, date(2024, 6, 16))):
        eu += [f"{day}T23:30:00+02:00;Zürich;1.234,5", f"{day} 08:00:00;Genève;-", f"{day}T20:00:00Z;Bern;{i},25"]
        us += [f'{day},NA,"1,000"', f"{day},US,2", f"{day},,3"]
    (tmp_path / "eu.csv").write_bytes(("\n".join(eu) + "\n").encode("latin-1"))
    (tmp_path / "us.csv").write_text("\n".join(us) + "\n")
    (tmp_path / "m.yaml").write_text(PARITY)
    decks = []
    for engine in ("duckdb", "spark"):
        with Engine(spec.load(tmp_path / "m.yaml"), engine=engine, spark=spark if engine == "spark" else None) as e:
            decks.append({name: [w["value"] for w in m["weeks"][-2:]]
                          for name, m in e.compute(date(2024, 6, 29))["metrics"].items()})
    assert decks[0] == decks[1]
    assert decks[0]["namibia"] == [7000, 7000] and decks[0]["countries"] == [2, 2]
    assert decks[0]["rows_with_country"] == [14, 14] and decks[0]["orders"] == [7035, 7035]
    # Tokyo days: 23:30+02:00 and 20:00Z are the next morning in Tokyo; 08:00 (no offset) stays
    assert decks[0]["cities"] == [3, 3]
    assert decks[0]["zurich"] == [6 * 1234.5, 7 * 1234.5]  # the 16th's row is a Tokyo 17th
    # a WBR App's CSV, its dates written "Sat, 01-Jun-2024" (cases/app-config-relative-path)
    app = CASES / "app-config-relative-path" / "config.yaml"
    orders = []
    for engine in ("duckdb", "spark"):
        with Engine(spec.load(app), engine=engine, spark=spark if engine == "spark" else None) as e:
            orders.append(e.compute()["metrics"]["Orders"]["weeks"][-1]["value"])
    assert orders == [182, 182]
