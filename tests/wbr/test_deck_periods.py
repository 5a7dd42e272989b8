"""The deck shows periods that are not whole: an incomplete value is marked and names its missing
days (a tooltip on screen, a footnote under the card, so the PDF has them too); a withheld change
is "—" with its reason; a change is toned by the metric's direction, from a negative base too;
a metric without numbers says why. Two cases come from public bug reports against similar tools
(cases/missing-dates-not-listed, cases/negative-base-shown-bad); a golden file holds a deck with
every kind of gap (refresh with UPDATE_GOLDEN=1)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from dayone.auth.permissions import CLI_ACTOR
from dayone.cli.main import run
from dayone.metrics import spec
from dayone.metrics.compute import Engine
from dayone.wbr import service
from dayone.wbr.deck import render_html, render_pdf
from dayone.workspace import Workspace

CASES = Path(__file__).parent / "cases"
GOLDEN = Path(__file__).parent / "golden" / "deck-gaps.html"


def _build(tmp_path: Path, case: str, out: str, week_ending: str = "2024-06-29") -> Path:
    folder = tmp_path / case
    if not folder.exists():
        shutil.copytree(CASES / case, folder)
    with pytest.raises(SystemExit) as done:
        run(["wbr", "build", str(folder / "config.yaml"), "--week-ending", week_ending, "--out", str(folder / out)])
    assert done.value.code == 0
    return folder / out


def _pdf_text(pdf: bytes) -> str:
    from pdfminer.high_level import extract_text

    return " ".join(extract_text(io.BytesIO(pdf)).split())


def _cells(html: str, label: str) -> list[str]:
    """The cells of the first table row named ``label`` (its <td>s after the label)."""
    row = re.search(rf"<tr><td>{label}</td>(.*?)</tr>", html, re.S)
    assert row is not None, label
    return re.findall(r"<td[^>]*>.*?</td>", row.group(1), re.S)


def test_missing_dates_are_listed_in_the_json_the_html_and_the_pdf(tmp_path: Path) -> None:
    deck = json.loads(_build(tmp_path, "missing-dates-not-listed", "d.json").read_text())
    week = deck["metrics"]["orders"]["weeks"][-1]
    assert week["value"] == 60 and week["complete"] is False and week["missing_dates"] == ["2024-06-25"]
    assert deck["metrics"]["orders"]["summary"]["last_week"]["missing_dates"] == ["2024-06-25"]
    html = _build(tmp_path, "missing-dates-not-listed", "d.html").read_text()
    assert '<td class="incomplete" title="No data on 2024-06-25">60</td>' in html  # the tooltip, weeks and box
    assert "<li>* Week ending 2024-06-29: no data on 2024-06-25.</li>" in html  # the footnote
    assert "<li>* MTD: no data on 2024-06-01 to 2024-06-15, 2024-06-25.</li>" in html
    pdf = _pdf_text(_build(tmp_path, "missing-dates-not-listed", "d.pdf").read_bytes())
    assert "Week ending 2024-06-29: no data on 2024-06-25." in pdf


def test_a_loss_that_halves_is_shown_as_an_improvement(tmp_path: Path) -> None:
    folder = tmp_path / "negative-base-shown-bad"
    deck = json.loads(_build(tmp_path, "negative-base-shown-bad", "d.json").read_text())
    assert deck["metrics"]["profit"]["summary"]["last_week"]["wow"] == pytest.approx(0.5)  # -70 → -35
    html = _build(tmp_path, "negative-base-shown-bad", "d.html").read_text()
    assert _cells(html, "WoW")[-1] == '<td class="good">+50.0%</td>'
    box = _cells(html, "Profit")
    assert box[0] == "<td>-35</td>" and box[1] == '<td class="good">+50.0%</td>'
    # the same move for a metric where down is good is bad news
    config = folder / "config.yaml"
    config.write_text(config.read_text().replace("direction: up", "direction: down"))
    html = _build(tmp_path, "negative-base-shown-bad", "d.html").read_text()
    assert _cells(html, "WoW")[-1] == '<td class="bad">+50.0%</td>'


def _gaps_deck(folder: Path) -> tuple[dict[str, Any], spec.MetricsFile]:
    """Data from mid-July 2025 (a partial prior year), one day without rows, a blank cell, a loss
    that shrinks, and a metric whose column is empty."""
    with (folder / "d.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "orders", "profit", "empty"])
        day = date(2025, 7, 16)
        while day <= date(2026, 11, 21):
            if day != date(2026, 11, 3):
                writer.writerow([day, "" if day == date(2026, 11, 18) else 100 + day.day % 7,
                                 -20 if day < date(2026, 11, 15) else -10, ""])
            day += timedelta(days=1)
    (folder / "m.yaml").write_text("""
sources: {d: {csv: d.csv, date_column: date}}
metrics:
  orders: {source: d, column: orders, owner: Maya Cohen, plan: {"2026-11": 3000}}
  strict: {source: d, column: orders, require_complete: true}
  profit: {source: d, column: profit}
  empty: {source: d, column: empty}
deck:
  - section: Gaps
  - metric: orders
  - metric: strict
  - metric: profit
  - metric: empty
""")
    metrics = spec.load(folder / "m.yaml")
    with Engine(metrics) as built:
        return built.compute(date(2026, 11, 21)), metrics


def test_a_deck_with_gaps_matches_its_golden_file(tmp_path: Path) -> None:
    html = render_html(*_gaps_deck(tmp_path))
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(html)
    assert html == GOLDEN.read_text(), "the deck changed: review it, then refresh with UPDATE_GOLDEN=1"


def test_every_incomplete_value_of_the_summary_box_is_marked(tmp_path: Path) -> None:
    deck, metrics = _gaps_deck(tmp_path)
    html = render_html(deck, metrics)
    box = _cells(html, "Orders")
    assert box[0].startswith('<td class="incomplete" title="No data on 2026-11-18">')  # last week
    assert 'title="No data on 2026-11-03, 2026-11-18">' in box[3]  # MTD, this year's
    ytd_yoy = box[8]
    assert ytd_yoy.startswith('<td class="flat" title="last year&#39;s YTD has data on 129 of its 325 days (none on '
                              '2025-01-01 to 2025-07-15), so the change is not shown">—')
    strict = _cells(html, "Strict")
    assert strict[0].startswith('<td title="the week has data on 6 of its 7 days (none on 2026-11-18), and this '
                                'metric requires complete periods">—')
    assert "* Week ending 2026-11-21: no data on 2026-11-18." in html
    assert "* Last year&#39;s YTD: no data on 2025-01-01 to 2025-07-15 (the YoY is not shown)." in html
    assert '<p class="problem">No numbers: Its column &#39;empty&#39; is blank on every day' in html
    assert "+9" not in "".join(_cells(html, "Orders"))  # no YoY over a partial year


def test_the_tooltips_pass_the_content_security_policy(tmp_path: Path) -> None:
    """Tooltips are title attributes: no script, no inline style on the deck's own cells."""
    html = render_html(*_gaps_deck(tmp_path), stylesheet="/static/wbr/deck.css")
    assert "<script" not in html and "<style" not in html and ' style="' not in html
    assert "onmouseover" not in html and "javascript:" not in html


def test_the_pdf_lists_the_missing_days_and_the_reasons(tmp_path: Path) -> None:
    pdf = _pdf_text(render_pdf(render_html(*_gaps_deck(tmp_path), for_print=True)))
    assert "Week ending 2026-11-21: no data on 2026-11-18." in pdf
    assert "Last year's YTD: no data on 2025-01-01 to 2025-07-15 (the YoY is not shown)." in pdf
    assert "No numbers: Its column 'empty' is blank on every day" in pdf


@pytest.fixture
def broken(ws: Workspace) -> Path:
    """A workspace whose metrics file has one metric over a column that held numbers when the
    file was saved (a save that does not compute is refused) and holds words in today's export."""
    folder = ws.settings.home / "data"
    folder.mkdir(parents=True, exist_ok=True)

    def export(note: str) -> None:
        with (folder / "d.csv").open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["date", "orders", "note"])
            for i in range(400):
                writer.writerow([date(2026, 11, 21) - timedelta(days=i), 10, note if i == 7 else "1"])

    export("1")
    (folder / "m.yaml").write_text("sources: {d: {csv: d.csv, date_column: date}}\n"
                                   "metrics:\n  orders: {source: d, column: orders}\n"
                                   "  noted: {source: d, column: note, owner: max@example.com}\n")
    with ws.session() as session:
        service.use(session, CLI_ACTOR, folder / "m.yaml")
    export("secret plan")
    return folder


def test_only_admins_read_why_a_metric_could_not_be_computed(api_as: Any, browser_as: Any, broken: Path) -> None:
    admin = api_as("admin").get("/api/v1/wbr/2026-11-21").json()["metrics"]
    assert admin["orders"]["summary"]["last_week"]["value"] == 70  # the deck is there
    assert admin["noted"]["problem"] == "It could not be computed from source d."
    assert "'secret plan' is not a number" in admin["noted"]["problem_detail"]
    for role in ("viewer", "member"):
        deck = api_as(role).get("/api/v1/wbr/2026-11-21")
        assert deck.status_code == 200 and "secret plan" not in deck.text, role
        noted = deck.json()["metrics"]["noted"]
        assert noted["problem_detail"] is None
        assert noted["problem"] == ("It could not be computed from source d. Ask its owner (max@example.com) or an "
                                    "admin: admins see the reason.")
        page = browser_as(role).get("/wbr/2026-11-21")
        assert page.status_code == 200 and "secret plan" not in page.text
        assert "No numbers: It could not be computed from source d. Ask its owner" in page.text
    assert "secret plan" in browser_as("admin").get("/wbr/2026-11-21").text


def test_a_wbr_app_deck_lists_missing_days_under_its_blocks(tmp_path: Path) -> None:
    """A WBR App config's deck is made of blocks, not metric cards: they carry the footnotes."""
    with (tmp_path / "data.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Date", "Visits", "Empty"])
        for day in (date(2022, 9, 1) + timedelta(days=i) for i in range(206)):
            if day != date(2023, 3, 21):
                writer.writerow([day.isoformat(), day.day, ""])
    (tmp_path / "config.yaml").write_text(
        "setup: {week_ending: 25-MAR-2023, week_number: 12, title: T}\n"
        "metrics: {Visits: {column: Visits, aggf: sum}, Empty: {column: Empty, aggf: sum}}\n"
        "deck:\n  - block: {ui_type: 6_12Graph, title: Visits, metrics: {Visits: {}}}\n"
        "  - block: {ui_type: 6_WeeksTable, title: Empty, rows: [{row: {header: Empty, metric: Empty}}]}\n")
    metrics = spec.load(tmp_path / "config.yaml", tmp_path / "data.csv")
    with Engine(metrics) as built:
        html = render_html(built.compute(), metrics)
    assert "<li>* Visits, week ending 2023-03-25: no data on 2023-03-21.</li>" in html
    assert "<li>* Empty: no numbers. Its column &#39;Empty&#39; is blank on every day from " in html
