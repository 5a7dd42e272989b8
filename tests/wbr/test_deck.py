"""The rendered deck: a golden file reviewed as a diff (refresh with UPDATE_GOLDEN=1),
inputs before the outputs they drive, and the same charts in the PDF."""

from __future__ import annotations

import csv
import os
import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from dayone.metrics import spec
from dayone.metrics.compute import Engine
from dayone.wbr import charts, formatting
from dayone.wbr.deck import ordered_sections, render_html, render_pdf
from tests.timezones import parametrize

pytest_generate_tests = parametrize  # every test here runs under two machine time zones (tests/timezones.py)

GOLDEN = Path(__file__).parent / "golden" / "deck.html"
METRICS = """
sources: {daily: {csv: daily.csv, date_column: date}}
metrics:
  orders: {source: daily, column: orders, owner: Maya Cohen, plan: {"2026-11-21": 8000}}
  conversion: {derived: ratio, of: [orders, sessions], comparison: bps, format: "0.00%"}
  sessions: {source: daily, column: sessions, kind: input, drives: [orders], owner: Dev Patel}
deck:
  - section: Customer
  - metric: orders
  - metric: conversion
  - metric: sessions
"""


@pytest.fixture(autouse=True)
def _under_two_time_zones(machine_time_zone: str) -> str:
    return machine_time_zone


@pytest.fixture
def built(tmp_path: Path) -> tuple[dict, spec.MetricsFile]:
    rng = random.Random(7)
    with (tmp_path / "daily.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "orders", "sessions"])
        day = date(2024, 11, 1)
        while day <= date(2026, 11, 21):
            orders = 1000 + rng.randint(-50, 50) + (2000 if day == date(2026, 11, 20) else 0)  # a flagged week
            writer.writerow([day, orders, 30000 + rng.randint(-900, 900)])
            day += timedelta(days=1)
    (tmp_path / "metrics.yaml").write_text(METRICS)
    metrics = spec.load(tmp_path / "metrics.yaml")
    return Engine(metrics).compute(), metrics


def test_the_deck_matches_its_golden_file(built: tuple[dict, spec.MetricsFile]) -> None:
    html = render_html(*built)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(html)
    assert html == GOLDEN.read_text(), "the deck changed: review it, then refresh with UPDATE_GOLDEN=1"


def test_flagged_metrics_are_listed_by_title_and_linked_to_their_cards(built: tuple[dict, spec.MetricsFile]
                                                                       ) -> None:
    deck, metrics = built
    html = render_html(deck, metrics)
    flagged = [name for name, r in deck["metrics"].items() if r["anomaly"]]
    assert flagged == ["orders", "conversion"] and "· 2 flagged</p>" in html
    listed = html[html.index('<section class="flags"'):html.index("</section>")]
    for name in flagged:  # by title, linked to the card, with the reason
        assert f'<a href="#metric-{name}">{formatting.title(name)}</a>: Expected ' in listed
        assert f'id="metric-{name}"' in html
    assert "(the same week last year, with this year's trend" in deck["metrics"]["orders"]["anomaly"]  # 2 years of data


def test_a_metric_shown_only_in_a_block_links_to_the_block(built: tuple[dict, spec.MetricsFile]) -> None:
    deck = built[0]
    shape = {"title": "WBR", "annotations": [], "sections": [{"name": "", "items": [
        {"kind": "weeks_table", "title": "Orders table", "monthly": "trailing_twelve_months",
         "rows": [{"header": "Orders", "metric": "orders", "series": "value", "style": "", "y_scaling": ""}]}]}]}
    html = render_html({**deck, "layout": shape})
    assert '<a href="#block-Orders-table">Orders</a>: Expected ' in html and 'id="block-Orders-table"' in html
    assert "Flagged (Orders): Expected " in html
    assert "<li>Conversion: Expected " in html  # shown nowhere: named, not linked


def test_inputs_come_before_the_outputs_they_drive(built: tuple[dict, spec.MetricsFile]) -> None:
    assert ordered_sections(built[1]) == [("Customer", ["sessions", "orders", "conversion"])]
    html = render_html(*built)
    assert html.index('id="metric-sessions"') < html.index('id="metric-orders"')


def test_the_deck_is_self_contained_and_prints(built: tuple[dict, spec.MetricsFile]) -> None:
    html = render_html(*built)
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html and "<script" not in html
    assert html.count('<svg class="chart"') == 3 and html.count('<svg class="drivers"') == 1  # sessions → orders
    assert render_pdf(render_html(*built, for_print=True)).startswith(b"%PDF")


def test_charts_carry_their_own_styling() -> None:
    report = {"weeks": [{"end": f"2026-11-{d:02d}", "value": 10.0 + d, "py_value": None} for d in range(1, 7)],
              "months": [{"month": f"2026-{m:02d}", "value": 100.0, "py_value": 90.0} for m in range(1, 13)]}
    svg = charts.six_twelve("orders", report)
    assert 'stroke="#0b5cad"' in svg and "<style" not in svg  # presentation attributes: same in the PDF
    assert svg.count('class="cy"') == 2 + 18  # two lines and 18 points


def test_number_formats() -> None:
    assert formatting.value(1234567.891, "#,##0") == "1,234,568"
    assert formatting.value(0.03456, "0.00%") == "3.46%"
    assert formatting.value(12.5, "$#,##0.00") == "$12.50"
    assert formatting.value(None) == "—"
    assert formatting.change(0.0229, "percent") == "+2.3%"
    assert formatting.change(0.0012, "bps") == "+12 bps"
    assert formatting.tone(-0.1, "down") == "good" and formatting.tone(-0.1, "up") == "bad"


def test_the_pdfs_first_page_holds_the_flags_and_the_contents(built: tuple[dict, spec.MetricsFile]) -> None:
    import io

    from pdfminer.high_level import extract_text

    from dayone.wbr.deck import render_pdf

    numbers, metrics = built
    two_sections = spec.parse(METRICS.replace("  - metric: sessions\n", "  - section: Traffic\n  - metric: sessions\n"),
                              base=metrics.path.parent if metrics.path else None)
    html = render_html(numbers, two_sections)
    assert '<nav class="toc" aria-label="Contents">' in html
    assert '<a href="#section-1">Customer</a>' in html and '<h2 id="section-2">Traffic</h2>' in html
    pdf = render_pdf(render_html(numbers, two_sections, for_print=True))
    first, rest = extract_text(io.BytesIO(pdf), page_numbers=[0]), extract_text(io.BytesIO(pdf))
    assert "Flagged this week" in first and "Orders" in first and "Contents" in first
    assert "Customer" in first and "Traffic" in first and "Last year" not in first  # the cards start on page 2
    assert rest.count("Traffic") >= 2  # in the contents and as its section's heading
    assert "<nav class=\"toc\"" not in render_html(numbers, metrics)  # one section: no contents
