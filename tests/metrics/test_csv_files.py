"""CSV files as people export them: any file Arrow cannot read is a one-line error naming the
file, the line and what to do — never a traceback (cases/csv-fallback-reader-crash, from a
public bug report: a ragged row, an empty file or a semicolon-separated file crashed the
fallback reader with OverflowError)."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dayone.cli.main import run
from dayone.errors import ValidationFailed
from dayone.metrics import spec
from dayone.metrics.compute import Engine

CASE = Path(__file__).parent / "cases" / "csv-fallback-reader-crash"
CONFIG = """\
setup: {week_ending: saturday}
sources:
  daily: {csv: data.csv, date_column: date}
metrics:
  orders: {source: daily, column: orders}
"""


def _build(folder: Path) -> dict[str, object]:
    with Engine(spec.load(folder / "config.yaml")) as engine:
        return engine.compute()


def _refusal(folder: Path, data: bytes) -> str:
    (folder / "config.yaml").write_text(CONFIG)
    (folder / "data.csv").write_bytes(data)
    with pytest.raises(ValidationFailed) as refused:
        _build(folder)
    message = refused.value.message
    assert "\n" not in message and "data.csv" in message
    return message


def _days(n: int) -> list[str]:
    return [(date(2024, 6, 1) + timedelta(days=i)).isoformat() for i in range(n)]


def test_the_case_names_the_ragged_line_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "case"
    shutil.copytree(CASE, folder)
    with pytest.raises(SystemExit) as exited:
        run(["wbr", "build", str(folder / "config.yaml"), "--out", str(tmp_path / "d.json")])
    err = capsys.readouterr().err
    assert exited.value.code == 1 and "Traceback" not in err
    assert "data.csv, line 13: 3 fields, but the header has 2" in err
    assert "thousands separator" in err


def test_the_empty_case_says_the_file_is_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "case"
    shutil.copytree(CASE, folder)
    with pytest.raises(SystemExit) as exited:
        run(["wbr", "build", str(folder / "config-empty.yaml"), "--out", str(tmp_path / "d.json")])
    err = capsys.readouterr().err
    assert exited.value.code == 1 and "empty.csv is empty" in err and "Traceback" not in err


def test_a_zero_byte_file(tmp_path: Path) -> None:
    assert "data.csv is empty" in _refusal(tmp_path, b"")


@pytest.mark.parametrize("separator", [";", "\t", "|"])
def test_other_separators_are_detected(tmp_path: Path, separator: str) -> None:
    rows = [f"date{separator}orders"] + [f"{d}{separator}15" for d in _days(30)]
    (tmp_path / "config.yaml").write_text(CONFIG)
    (tmp_path / "data.csv").write_text("\n".join(rows) + "\n")
    weeks = _build(tmp_path)["metrics"]["orders"]["weeks"]  # type: ignore[index]
    assert weeks[-1]["end"] == "2024-06-29" and weeks[-1]["value"] == 7 * 15


@pytest.mark.parametrize(("separator", "named"), [(";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")])
def test_a_declared_delimiter_the_file_does_not_use_is_named(tmp_path: Path, separator: str, named: str) -> None:
    rows = [f"date{separator}orders"] + [f"{d}{separator}15" for d in _days(30)]
    (tmp_path / "config.yaml").write_text(CONFIG.replace("date_column: date", "date_column: date, delimiter: ','"))
    (tmp_path / "data.csv").write_text("\n".join(rows) + "\n")
    with pytest.raises(ValidationFailed) as refused:
        _build(tmp_path)
    assert f"line 1: the columns seem separated by {named}, not commas; declare delimiter: {separator!r}" \
        in refused.value.message


def test_a_short_row_is_named(tmp_path: Path) -> None:
    rows = ["date,orders,refunds"] + [f"{d},10,1" for d in _days(30)]
    rows[20] = f"{_days(30)[19]},10"
    message = _refusal(tmp_path, ("\n".join(rows) + "\n").encode())
    assert "line 21: 2 fields, but the header has 3" in message and "missing fields" in message


def test_a_header_that_is_not_utf8(tmp_path: Path) -> None:
    message = _refusal(tmp_path, "date,bestellungen für\n".encode("latin-1") + b"2024-06-01,1,2\n")
    assert "not UTF-8" in message


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=1, max_value=60), st.integers(min_value=2, max_value=6))
def test_any_ragged_line_is_found(tmp_path: Path, bad: int, fields: int) -> None:
    rows = ["date,orders"] + [f"{d},10" for d in _days(60)]
    rows[bad] = ",".join([_days(60)[bad - 1], *["7"] * (fields - 1)]) if fields != 2 else rows[bad] + ",8"
    count = fields if fields != 2 else 3
    message = _refusal(tmp_path, ("\n".join(rows) + "\n").encode())
    assert f"line {bad + 1}: {count} fields, but the header has 2" in message
