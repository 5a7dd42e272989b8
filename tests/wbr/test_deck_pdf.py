"""The PDF deck: laid out from a print document (each chart one image, a small print
stylesheet) that still carries everything the deck shows: the flags and the contents on the
first page, every card's tables, charts, notes and footnotes."""

from __future__ import annotations

import csv
import io
import random
import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import unquote

import pytest

from dayone.metrics import spec
from dayone.wbr import formatting
from dayone.wbr.deck import DECK_CSS, PRINT_CSS, render_html, render_pdf

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
  - section: Traffic
  - metric: sessions
"""
NOTE = {"orders": {"author": "Maya Cohen", "body": "Black Friday moved into this week."}}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, spec.MetricsFile]:
    from dayone.metrics.compute import Engine

    folder = tmp_path_factory.mktemp("deck")
    rng = random.Random(7)
    with (folder / "daily.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "orders", "sessions"])
        day = date(2024, 11, 1)
        while day <= date(2026, 11, 21):
            if day != date(2026, 11, 18):  # a missing day: a footnote under the cards
                orders = 1000 + rng.randint(-50, 50) + (2000 if day == date(2026, 11, 20) else 0)  # flagged
                writer.writerow([day, orders, 30000 + rng.randint(-900, 900)])
            day += timedelta(days=1)
    (folder / "metrics.yaml").write_text(METRICS)
    metrics = spec.load(folder / "metrics.yaml")
    engine = Engine(metrics)
    try:
        return engine.compute(), metrics
    finally:
        engine.close()


@pytest.fixture(scope="module")
def pdf_text(built: tuple[dict, spec.MetricsFile]) -> list[str]:
    """Each page's text, the PDF laid out from the print document."""
    from pdfminer.high_level import extract_text
    from pdfminer.pdfpage import PDFPage

    pdf = render_pdf(render_html(*built, notes=NOTE, for_print=True))
    assert pdf.startswith(b"%PDF-")
    pages = len(list(PDFPage.get_pages(io.BytesIO(pdf))))
    return [" ".join(extract_text(io.BytesIO(pdf), page_numbers=[n]).split()) for n in range(pages)]


def _svgs(html: str) -> list[str]:
    return re.findall(r"<svg .*?</svg>", html, flags=re.S)


def test_the_print_document_draws_each_chart_as_one_image(built: tuple[dict, spec.MetricsFile]) -> None:
    screen = render_html(*built, notes=NOTE)
    printed = render_html(*built, notes=NOTE, for_print=True)
    assert "<svg" not in printed and len(_svgs(screen)) == 4  # three cards' charts, one drivers chart
    images = re.findall(r'<img class="(chart|drivers)" alt="([^"]*)" src="data:image/svg\+xml,([^"]*)">', printed)
    assert [kind for kind, _, _ in images] == ["chart", "drivers", "chart", "chart"]
    for (kind, alt, source), svg in zip(images, _svgs(screen), strict=True):
        printed_svg = unquote(source)
        assert alt and f'aria-label="{alt}"' in svg and f'aria-label="{alt}"' in printed_svg
        if kind == "drivers":  # the same drawing, less the hover titles a PDF cannot show
            assert printed_svg == re.sub(r"<title>[^<]*</title>", "", svg)
            continue
        # the same axes, ticks and lines; the dots of each series one path; the legend out of the SVG
        assert re.findall(r"<text class=\"(?:axis|tick)\"[^>]*>[^<]*</text>", printed_svg) == \
            re.findall(r"<text class=\"(?:axis|tick)\"[^>]*>[^<]*</text>", svg)
        assert re.findall(r'<path class="(?:cy|py)" [^>]*>', printed_svg) == \
            re.findall(r'<path class="(?:cy|py)" [^>]*>', svg)
        assert "<circle" not in printed_svg and 'class="legend"' not in printed_svg
        for series in ("cy", "py", "target"):
            dots = re.findall(rf'<path class="{series}-dots" [^>]*d="([^"]*)"', printed_svg)
            circles = re.findall(rf'<circle class="{series}" [^>]*cx="([^"]*)" cy="([^"]*)"', svg)
            assert bool(dots) == bool(circles) and len(dots) <= 2  # at most one path a panel
            # one round-capped point per dot the screen draws, at the same place
            points = re.findall(r"M([-\d.]+),([-\d.]+)h0", "".join(dots))
            assert points == circles and "".join(dots).count("M") == len(circles)
    assert "<title>" in screen and "%3Ctitle" not in printed


def test_the_print_document_sets_each_chart_legend_as_text(built: tuple[dict, spec.MetricsFile]) -> None:
    printed = render_html(*built, notes=NOTE, for_print=True)
    legends = re.findall(r'<img class="chart"[^>]*><p class="legend">([^<]*)</p>', printed)
    assert len(legends) == 3
    assert legends[0].startswith("— this year   - - last year   ○ plan")  # orders has a plan
    assert all("each on its own scale" in legend for legend in legends)
    assert "○ plan" not in legends[2]  # sessions has none
    screen = render_html(*built, notes=NOTE)
    assert '<p class="legend">' not in screen and screen.count('class="legend"') == 3  # in the SVGs on screen


def test_the_print_document_inlines_the_print_stylesheet_only(built: tuple[dict, spec.MetricsFile]) -> None:
    printed = render_html(*built, for_print=True)
    assert PRINT_CSS in printed and DECK_CSS not in printed and ".deck .row" not in printed
    screen = render_html(*built)
    assert DECK_CSS in screen and PRINT_CSS not in screen  # the exported HTML file keeps the screen's
    # the web page links its stylesheet; for_print changes only what is inlined
    assert "<style>" not in render_html(*built, stylesheet="/static/wbr/deck.css", for_print=True)


def test_the_first_page_holds_the_flags_and_the_contents(pdf_text: list[str]) -> None:
    first = pdf_text[0]
    assert "Flagged this week" in first and "Orders: Expected" in first and "Conversion: Expected" in first
    assert "Contents" in first and "Customer" in first and "Traffic" in first
    assert "Last year" not in first  # the cards start on the next page
    assert len(re.findall(r"\.{10,} ?\d", first)) >= 1  # leaders to the page numbers of the contents


def test_every_card_is_printed_with_its_tables_chart_notes_and_footnotes(
        built: tuple[dict, spec.MetricsFile], pdf_text: list[str]) -> None:
    deck, _ = built
    text = " ".join(pdf_text[1:])
    for name, report in deck["metrics"].items():
        assert formatting.title(name) in text
        last = report["weeks"][-1]
        assert formatting.value(last["value"], report["format"]) in text  # the six-week table
        month = report["months"][0]
        assert formatting.value(month["value"], report["format"]) in text  # the twelve-month table
    assert "Week ending" in text and "Month" in text and "Plan · vs plan" in text
    assert text.count("each on its own scale") == 3  # each card's chart, drawn from its image
    assert "Drivers of Orders" in text and "-week lead over" in text  # the drivers chart of orders, its notes
    assert "Note from Maya Cohen: Black Friday moved into this week." in text
    assert "Week ending 2026-11-21: no data on 2026-11-18." in text  # an incomplete week's footnote
    assert "Flagged: Expected" in text  # on the flagged cards too
    assert "Show the SQL" not in text and "Save the note" not in text  # no web tools on paper


def test_a_wbr_app_chart_block_prints_as_an_image(built: tuple[dict, spec.MetricsFile]) -> None:
    deck = built[0]
    shape = {"title": "WBR", "annotations": [], "sections": [{"name": "", "items": [
        {"kind": "chart", "title": "Orders chart", "y_scaling": "", "monthly": "trailing_twelve_months",
         "lines": [{"metric": "orders", "series": "value", "style": "primary", "prior_year": True,
                    "legend": "Orders"}]},
        {"kind": "weeks_table", "title": "Orders table", "monthly": "trailing_twelve_months",
         "rows": [{"header": "Orders", "metric": "orders", "series": "value", "style": "", "y_scaling": ""}]}]}]}
    printed = render_html({**deck, "layout": shape}, for_print=True)
    assert "<svg" not in printed and printed.count('<img class="chart"') == 1
    from pdfminer.high_level import extract_text

    text = " ".join(extract_text(io.BytesIO(render_pdf(printed))).split())
    assert "Orders chart" in text and "Orders table" in text and "each on its own scale" in text


def test_the_cli_writes_the_printed_deck(tmp_path: Path, built: tuple[dict, spec.MetricsFile]) -> None:
    from pdfminer.high_level import extract_text

    from dayone.cli.main import run

    metrics = built[1]
    assert metrics.path is not None
    out = tmp_path / "deck.pdf"
    with pytest.raises(SystemExit) as done:
        run(["wbr", "build", str(metrics.path), "--week-ending", "2026-11-21", "--out", str(out)])
    assert done.value.code == 0
    text = " ".join(extract_text(io.BytesIO(out.read_bytes())).split())
    assert "Flagged this week" in text and "Contents" in text and text.count("each on its own scale") == 3


def test_the_pdf_names_the_running_experiments_beside_their_metric(built: tuple[dict, spec.MetricsFile]) -> None:
    from pdfminer.high_level import extract_text

    running = {"orders": [{"id": 7, "title": "Bigger & bolder button"}, {"id": 9, "title": "Free gift"}]}
    printed = render_html(*built, notes=NOTE, for_print=True, experiments=running)
    card = printed.split('id="metric-orders"', 1)[1].split('<div class="metric', 1)[0]
    assert ("Running experiments on this metric: Bigger &amp; bolder button (experiment 7), Free gift "
            "(experiment 9)") in card
    assert printed.count('class="experiments"') == 1 and "<a href=\"/experiments/" not in printed
    text = " ".join(extract_text(io.BytesIO(render_pdf(printed))).split())
    assert ("Running experiments on this metric: Bigger & bolder button (experiment 7), Free gift (experiment 9)"
            in text)
    # without experiments (a deck computed from files, as `dayone wbr deck` makes) the print is unchanged
    assert 'class="experiments"' not in render_html(*built, notes=NOTE, for_print=True)
