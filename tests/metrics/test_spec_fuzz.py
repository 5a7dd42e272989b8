"""The metrics-file parser on hostile input: whatever the text, `spec.parse` and `spec.load` (and
the WBR App translation behind them) either return a well-typed file or raise ValidationFailed
with every problem at its line — never another exception. The kinds of crash found on the old
parser are listed one by one, each with the line and field its error names."""

from __future__ import annotations

import contextlib
import json
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dayone.errors import ValidationFailed
from dayone.metrics import spec
from dayone.metrics.compute import Engine
from dayone.metrics.wbrapp import pandas_query_to_sql
from dayone.wbr.deck import layout
from tests.metrics.metrics_files import APP, DAYONE, damaged, dump, metrics_files, write_data
from tests.test_yamlfile import billion_laughs

FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_data(tmp_path_factory.mktemp("metrics"))


def _well_typed(parsed: spec.MetricsFile) -> None:
    """What the engine and the deck rely on: every field of the declared type, the layout JSON."""
    assert isinstance(parsed.week_ending, str) and isinstance(parsed.fiscal_year_end_month, int)
    assert isinstance(parsed.anomaly_threshold, float) and parsed.anomaly_threshold > 0
    assert parsed.as_of is None or type(parsed.as_of) is date
    for metric in parsed.metrics.values():
        for name in ("name", "kind", "unit", "format", "direction", "comparison", "aggregation"):
            assert isinstance(getattr(metric, name), str), name
        for name in ("owner", "source", "column", "filter", "derived"):
            assert getattr(metric, name) is None or isinstance(getattr(metric, name), str), name
        assert all(isinstance(x, str) for x in (*metric.of, *metric.drives))
        assert all(isinstance(k, str) and isinstance(v, float) for k, v in metric.plan.items())
        assert isinstance(metric.require_complete, bool)
    for source in parsed.sources.values():
        assert all(isinstance(getattr(source, f.name), str | bool | None) for f in fields(source) if f.name != "format")
        for f in fields(source.format):
            value = getattr(source.format, f.name)
            assert isinstance(value, str | None) or all(isinstance(v, str) for v in value), f.name
    json.dumps(layout(parsed), allow_nan=False)


def _parsed_or_refused(text: str, folder: Path, **kw: Any) -> spec.MetricsFile | None:
    try:
        parsed = spec.parse(text, file="m.yaml", base=folder, **kw)
    except ValidationFailed as exc:
        assert exc.details, "every refusal lists its problems"
        for problem in exc.details:
            line = problem["location"].get("line")
            assert problem["message"] and (line is None or isinstance(line, int))
        return None
    _well_typed(parsed)
    return parsed


@FUZZ
@given(text=metrics_files)
def test_any_metrics_file_parses_or_is_refused_with_its_problems(text: str, folder: Path) -> None:
    _parsed_or_refused(text, folder)


@FUZZ
@given(text=damaged(APP).map(dump), data=st.booleans())
def test_any_wbr_app_config_parses_or_is_refused(text: str, data: bool, folder: Path) -> None:
    _parsed_or_refused(text, folder, data_file=folder / "d.csv" if data else None)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.binary(max_size=200) | metrics_files.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_file_loads_or_is_refused(raw: bytes, folder: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("load") / "m.yaml"
    path.write_bytes(raw)
    with contextlib.suppress(ValidationFailed):
        _well_typed(spec.load(path))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=damaged(DAYONE).map(dump))
def test_a_damaged_file_that_parses_also_computes_or_says_why(text: str, folder: Path) -> None:
    """A file the parser accepts never crashes the engine on a value it let through."""
    parsed = _parsed_or_refused(text, folder)
    if parsed is None:
        return
    from dayone.errors import UserError

    try:
        with Engine(parsed) as engine:
            json.dumps(engine.compute(), allow_nan=False)
    except UserError as refused:  # the only other outcome: an error a person can read
        assert refused.message and "Traceback" not in refused.message


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60) | st.sampled_from(["~" * 5000 + "x", "not " * 3000 + "x", "(" * 500 + "x",
                                                "x == 1e999", "x.y()", "a if b else c"]))
def test_a_pandas_query_becomes_sql_or_a_value_error(text: str) -> None:
    try:
        assert isinstance(pandas_query_to_sql(text), str)
    except ValueError as exc:
        assert str(exc)


# The kinds of crash the old parser had (AttributeError, TypeError, OSError, ValueError,
# RecursionError, or a value that passed and broke the deck later), each now a problem at its line.
KINDS = [
    ("setup: [saturday]\nmetrics: {a: {source: d, column: orders}}\n", 1, "setup: expected a mapping"),
    ("setup: {anomaly_threshold: high}\n", 1, "setup.anomaly_threshold: give a positive number"),
    ("setup: {anomaly_threshold: .nan}\n", 1, "setup.anomaly_threshold: give a positive number"),
    ("setup: {as_of: tomorrow}\n", 1, "setup.as_of: 'tomorrow' is not a date"),
    ("setup: {as_of: 2026-11-19}\n", 1, "setup.as_of: 2026-11-19 is a Thursday, but weeks end on Saturday"),
    ("setup: {fiscal_year_end_month: true}\n", 1, "setup.fiscal_year_end_month: give a month number"),
    ("sources:\n  d: {csv: " + "x" * 5000 + ", date_column: date}\n", 2, "no file"),
    ("sources:\n  d: {csv: [d.csv], date_column: date}\n", 2, "sources.d.csv: expected text, not a list"),
    ("sources:\n  d: {csv: d.csv, date_column: {a: 1}}\n", 2, "sources.d.date_column: expected text"),
    ("sources:\n  d: {csv: d.csv, date_column: date, one_row_per_day: 'no'}\n", 2, "expected true or false"),
    ("sources:\n  1: {csv: d.csv, date_column: date}\n", 2, "the number 1 is not a source name"),
    ("metrics:\n  a: {source: d, column: orders, plan: [300]}\n", 2, "metrics.a.plan: expected a mapping"),
    ("metrics:\n  a: {source: d, column: orders, plan: {'2026-11': .nan}}\n", 2, "is not a number"),
    ("metrics:\n  a: {source: d, column: orders, plan: {'2026-13': 1}}\n", 2, "'2026-13' is not a month"),
    ("metrics:\n  a: {source: d, column: orders, drives: 3}\n", 2, "metrics.a.drives: expected a list"),
    ("metrics:\n  a: {derived: sum, of: 3}\n", 2, "metrics.a.of: expected a list"),
    ("metrics:\n  a: {source: d, column: [orders]}\n", 2, "metrics.a.column: expected text, not a list"),
    ("metrics:\n  a: {source: [d], column: orders}\n", 2, "metrics.a.source: expected text"),
    ("metrics:\n  a: {source: d, column: orders, require_complete: maybe}\n", 2, "expected true or false"),
    ("metrics:\n  a: {source: d, column: orders, format: '0." + "0" * 60 + "'}\n", 2, "at most 50 characters"),
    ("metrics:\n  null: {source: d, column: orders}\n", 2, "nothing is not a metric name"),
    ("deck:\n  - section: [a, b]\n", 2, "deck.0.section: expected text"),
    ("setup: {week_ending: 2026-11-21 10:00:00}\ndata_sources: {csv_files: {main: {url_or_path: d.csv}}}\n"
     "metrics: {A: {column: main.orders, aggf: sum}}\ndeck: []\nannotations: 5\n", 5, "annotations: expected a list"),
    ("data_sources: {csv_files: [d.csv]}\n", 1, "data_sources.csv_files: expected a mapping"),
    ("setup: {db_config_url: connections.yaml}\ndata_sources: {pg: [SELECT 1]}\n", 2,
     "data_sources.pg: expected a mapping of query names"),
    ("setup: {db_config_url: " + "c" * 5000 + "}\ndata_sources: {pg: {q: {query: SELECT 1}}}\n", 1,
     "no connections file"),
    ("annotations: [" + "e" * 5000 + "]\n", 1, "annotations: no file"),
    ("metrics: {A: {function: {sum: 3}}}\n", 1, "metrics.A.function.sum: list its operands"),
    ("metrics:\n  A: {filter: {base_column: main.x, query: '" + "~" * 3000 + "x'}, aggf: sum}\n", 2,
     "metrics.A.filter.query"),
    ("deck:\n  - block: {ui_type: 6_WeeksTable, rows: 3}\n", 2, "rows is a list"),
    ("deck:\n  - block: {ui_type: embedded_content, source: 'https://x', width: " + "9" * 5000 + "px}\n", 2,
     "is not a size like 700px"),
]


@pytest.mark.parametrize(("text", "line", "says"), KINDS, ids=[f"kind-{i}" for i in range(len(KINDS))])
def test_each_kind_of_old_crash_is_a_problem_at_its_line(text: str, line: int, says: str, folder: Path) -> None:
    with pytest.raises(ValidationFailed) as caught:
        spec.parse(text, file="m.yaml", base=folder)
    found = [d for d in caught.value.details if says in d["message"]]
    assert found, [d["message"] for d in caught.value.details]
    assert found[0]["location"]["line"] == line and found[0]["location"]["file"] == "m.yaml"


def test_an_alias_bomb_or_deep_nesting_is_refused_by_the_parser(folder: Path) -> None:
    with pytest.raises(ValidationFailed) as caught:
        spec.parse(dump(DAYONE) + billion_laughs().replace("a:", "x:", 1).replace("*a", "*x"), base=folder)
    assert "anchors and aliases" in caught.value.message
    with pytest.raises(ValidationFailed) as caught:
        spec.parse("metrics:\n  a:\n" + "".join("  " * i + "- \n" for i in range(2, 60)), base=folder)
    assert "nested more than 40 levels deep" in caught.value.message


def test_the_valid_files_stay_valid(folder: Path) -> None:
    assert _parsed_or_refused(dump(DAYONE), folder) is not None
    parsed = _parsed_or_refused(dump(APP), folder)
    assert parsed is not None and parsed.as_of == date(2026, 11, 21) and parsed.annotations
