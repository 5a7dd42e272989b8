"""Configs written for the WBR App work unchanged: its setup, metrics (column, aggf, filter,
function, metric_comparison_method), deck blocks, annotations and its CSV conventions."""

from __future__ import annotations

import csv
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from dayone.errors import ValidationFailed
from dayone.metrics import spec
from dayone.metrics.compute import Engine
from dayone.metrics.wbrapp import pandas_query_to_sql
from dayone.wbr.deck import render_html

CONFIG = """\
setup:
  week_ending: 25-SEP-2021
  week_number: 38
  title: Recruiting and Pages
  fiscal_year_end_month: DEC
  block_starting_number: 1
annotations:
  - events.csv
metrics:
  Applicants: {column: Applicants, aggf: sum}
  ApplicantsEngineering:
    filter: {base_column: Applicants, query: "Department == 'Engineering'"}
    aggf: sum
  Offers: {column: Offers, aggf: sum}
  OfferRate:
    function:
      divide:
        - metric: {name: Offers}
        - metric: {name: Applicants}
    metric_comparison_method: bps
  NonEngineering:
    function:
      difference:
        - metric: {name: Applicants}
        - metric: {name: ApplicantsEngineering}
  Latency: {column: Latency, aggf: mean}
  PeakLatency: {column: Latency, aggf: max}
deck:
  - block:
      ui_type: 6_12Graph
      title: Applicants
      y_scaling: "##.1KK"
      metrics:
        Applicants: {line_style: primary, graph_prior_year_flag: true, legend_name: All applicants}
        ApplicantsEngineering: {line_style: secondary, graph_prior_year_flag: false}
  - block: {ui_type: section, title: "Funnel"}
  - block:
      ui_type: 6_WeeksTable
      title: Funnel
      rows:
        - row: {header: "Applicants", style: "font-weight: bold; background: url(http://evil/x.png)"}
        - row: {header: "All", metric: Applicants, y_scaling: "##"}
        - row: {header: "YOY", metric: ApplicantsYOY, y_scaling: "##.1%"}
        - row: {header: "Offer rate", metric: OfferRate, y_scaling: "##.2%"}
  - block:
      ui_type: 12_MonthsTable
      title: Funnel by month
      x_axis_monthly_display: fiscal_year
      rows:
        - row: {header: "Applicants", metric: Applicants}
        - row: {header: "MOM", metric: ApplicantsMOM, y_scaling: "##.1%"}
  - block: {ui_type: embedded_content, source: "https://example.com/dash", width: 800px, height: 300px}
"""


def _write_data(folder: Path) -> Path:
    """The App's CSV conventions: dates like "Sun, 05-Jan-2020", quoted numbers with thousands
    separators, several rows per day. Every day: Engineering 1,000 applicants and 20 offers,
    Sales 500 and 30; latency 100 and 300 (one reading per department)."""
    path = folder / "data.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow(["Date", "Department", "Applicants", "Offers", "Latency"])
        day = date(2019, 12, 1)
        while day <= date(2021, 9, 30):  # past the as-of week: those rows never count
            shown = day.strftime("%a, %d-%b-%Y")
            writer.writerow([shown, "Engineering", "1,000", "20", 100])
            writer.writerow([shown, "Sales", "500", "30", 300])
            day += timedelta(days=1)
    (folder / "events.csv").write_text("Date,MetricName,EventDescription\n"
                                       "2021-09-04,Applicants,Job fair in Seattle\n"
                                       "2021-01-04,Applicants,Too early to show\n")
    (folder / "config.yaml").write_text(CONFIG)
    return path


def test_an_app_config_computes_the_apps_numbers(tmp_path: Path) -> None:
    data = _write_data(tmp_path)
    metrics = spec.load(tmp_path / "config.yaml", data)
    assert metrics.title == "Recruiting and Pages" and metrics.week_ending == "saturday"
    with Engine(metrics) as engine:
        deck = engine.compute()
    assert deck["week_ending"] == "2021-09-25" and deck["week_number"] == 39  # computed, not typed
    m = deck["metrics"]
    assert m["Applicants"]["summary"]["last_week"]["value"] == 7 * 1500
    assert m["ApplicantsEngineering"]["summary"]["last_week"]["value"] == 7 * 1000
    assert m["Applicants"]["summary"]["mtd"]["value"] == 25 * 1500  # 1-25 Sep, nothing after the as-of date
    assert m["Applicants"]["summary"]["ytd"]["value"] == 268 * 1500
    assert m["Applicants"]["months"][-1] == {"month": "2021-08", "value": 31 * 1500, "py_value": 31 * 1500,
                                              "mom": 0.0, "yoy": 0.0, "complete": True, "missing_dates": [],
                                              "py_complete": True, "py_missing_dates": []}
    assert m["OfferRate"]["comparison"] == "bps"
    assert m["OfferRate"]["summary"]["last_week"]["value"] == pytest.approx(50 / 1500)
    assert m["OfferRate"]["summary"]["last_week"]["yoy"] == pytest.approx(0.0)
    assert m["NonEngineering"]["summary"]["qtd"]["value"] == 87 * 500  # 1 Jul - 25 Sep
    assert m["Latency"]["summary"]["last_week"]["value"] == pytest.approx(200.0)
    assert m["PeakLatency"]["summary"]["last_week"]["value"] == 300.0


def test_the_app_deck_renders_every_block(tmp_path: Path) -> None:
    data = _write_data(tmp_path)
    metrics = spec.load(tmp_path / "config.yaml", data)
    with Engine(metrics) as engine:
        html = render_html(engine.compute(), metrics)
    assert "<h1>Recruiting and Pages</h1>" in html
    assert "All applicants" in html and "10.5K" in html  # the legend and the ##.1KK y_scaling
    assert 'class="secondary"' in html  # the second line of the chart
    assert "Job fair in Seattle" in html and "Too early" not in html  # only the six weeks' events
    assert re.search(r"<h2 id=\"section-\d+\">Funnel</h2>", html)  # a section, linked from the contents
    assert "<td>10,500</td>" in html and "<td>0.0%</td>" in html and "<td>3.33%</td>" in html
    assert "url(" not in html.split("<body>")[1].split("embed")[0]  # a row style keeps only typography
    assert 'style="font-weight: bold"' in html
    # the fiscal-year month table: Jan..Dec of fiscal 2021; Sep is partial, Oct-Dec are to come
    months = html.split("Funnel by month")[1]
    assert "<th>21-01</th>" in months and "<th>21-12</th>" in months
    assert 'src="https://example.com/dash"' in html and 'width="800"' in html


def _cli(*args: str) -> int:
    from dayone.cli.main import run

    try:
        run(list(args))
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def test_the_cli_builds_an_app_config_with_its_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _write_data(tmp_path)
    out = tmp_path / "deck.json"
    assert _cli("wbr", "build", str(tmp_path / "config.yaml"), "--data", str(data), "--out", str(out)) == 0
    deck = json.loads(out.read_text())
    assert deck["week_ending"] == "2021-09-25" and deck["metrics"]["Applicants"]["weeks"][-1]["value"] == 10500
    assert _cli("wbr", "build", str(tmp_path / "config.yaml"), "--data", str(data), "--out",
                str(tmp_path / "deck.html")) == 0
    assert "Funnel by month" in (tmp_path / "deck.html").read_text()
    capsys.readouterr()
    assert _cli("wbr", "build", str(tmp_path / "config.yaml"), "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert "--data FILE" in err and "Traceback" not in err


def test_every_problem_of_an_app_config_is_reported_at_once(tmp_path: Path) -> None:
    _write_data(tmp_path)
    broken = (CONFIG.replace("25-SEP-2021", "Sept 25th").replace("aggf: mean", "aggf: average")
              .replace("ui_type: 6_WeeksTable", "ui_type: 6_WeekTable").replace("ApplicantsMOM", "ApplicantMOM")
              .replace("metric_comparison_method: bps", "metric_comparison_method: basis"))
    (tmp_path / "config.yaml").write_text(broken)
    with pytest.raises(ValidationFailed) as failed:
        spec.load(tmp_path / "config.yaml", tmp_path / "data.csv")
    found = {(d["location"]["field"], d["location"]["line"]): d for d in failed.value.details}
    fields = {f for f, _ in found}
    assert {"setup.week_ending", "metrics.Latency.aggf", "deck.2.block.ui_type",
            "deck.3.block.rows.1.row.metric", "metrics.OfferRate.metric_comparison_method"} <= fields
    by_field = {f: d for (f, _), d in found.items()}
    assert by_field["deck.2.block.ui_type"]["suggestion"] == "did you mean `6_WeeksTable`?"
    assert by_field["metrics.Latency.aggf"]["location"]["line"] == 26
    assert by_field["deck.3.block.rows.1.row.metric"]["location"]["line"] == 51


@pytest.mark.parametrize(("query", "sql"), [
    ("Department == 'Engineering'", "\"Department\" = 'Engineering'"),
    ("x != 3 and y >= 2.5", "(\"x\" <> 3 AND \"y\" >= 2.5)"),
    ("(`Country Code` in ['US', 'CA']) | ~(z < 0)", "(\"Country Code\" IN ('US', 'CA') OR (NOT \"z\" < 0))"),
    ("1 < a <= 5", "(1 < \"a\" AND \"a\" <= 5)"),
    ("name == \"O'Brien\"", "\"name\" = 'O''Brien'"),
])
def test_pandas_queries_become_sql(query: str, sql: str) -> None:
    assert pandas_query_to_sql(query) == sql


@pytest.mark.parametrize("query", ["Department.str.contains('Eng')", "x == @limit", "Department =="])
def test_unsupported_queries_are_refused_with_a_reason(query: str) -> None:
    with pytest.raises(ValueError, match="not"):
        pandas_query_to_sql(query)


def test_short_us_dates_are_read_as_the_app_reads_them(tmp_path: Path) -> None:
    """"3/1/23" is 1 March 2023 (pandas reads month/day/year), never the year 3."""
    with (tmp_path / "data.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Date", "Visits"])
        day = date(2022, 1, 1)
        while day <= date(2023, 3, 25):
            writer.writerow([f"{day.month}/{day.day}/{day.year % 100:02d}", day.day])
            day += timedelta(days=1)
    (tmp_path / "config.yaml").write_text(
        "setup: {week_ending: 25-MAR-2023, week_number: 12, title: T}\n"
        "metrics: {Visits: {column: Visits, aggf: sum}}\n"
        "deck:\n  - block: {ui_type: 6_12Graph, title: Visits, metrics: {Visits: {}}}\n")
    with Engine(spec.load(tmp_path / "config.yaml", tmp_path / "data.csv")) as engine:
        deck = engine.compute()
    weeks = deck["metrics"]["Visits"]["weeks"]
    assert [w["value"] for w in weeks[-4:]] == [sum(range(26, 29)) + sum(range(1, 5)), sum(range(5, 12)),
                                                sum(range(12, 19)), sum(range(19, 26))]
    assert all(w["complete"] for w in weeks)
