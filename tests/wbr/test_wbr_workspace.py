"""The workspace's WBR over the API and the pages, on SQLite and PostgreSQL: frozen decks of
earlier weeks, the metrics file edited and imported with every problem named, the SQL behind
a number, and the PDF."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dayone.auth.permissions import CLI_ACTOR
from dayone.wbr import service
from dayone.workspace import Workspace
from tests.helpers import csrf_of

Client = Callable[[str], TestClient]
WEEK, EARLIER = "2026-11-21", "2026-11-14"
FILE = """\
sources: {d: {csv: d.csv, date_column: date}}
metrics:
  orders: {source: d, column: orders, owner: max@example.com, plan: {"2026-11": 300}}
  sessions: {source: d, column: sessions, kind: input, drives: [orders]}
  conversion: {derived: ratio, of: [orders, sessions], comparison: bps}
"""


def _data(folder: Path, orders: int) -> None:
    with (folder / "d.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "orders", "sessions"])
        for i in range(800):
            writer.writerow([date(2026, 11, 21) - timedelta(days=i), orders, 100])


@pytest.fixture
def wbr(ws: Workspace) -> Path:
    """The metrics file and its data in the workspace's data folder, the file in use."""
    folder = ws.settings.home / "data"
    folder.mkdir(parents=True, exist_ok=True)
    _data(folder, 10)
    (folder / "m.yaml").write_text(FILE)
    with ws.session() as session:
        service.use(session, CLI_ACTOR, folder / "m.yaml")
    return folder


def test_a_frozen_week_stays_exactly_as_it_was(api_as: Client, wbr: Path) -> None:
    viewer, admin = api_as("viewer"), api_as("admin")
    first = viewer.get(f"/api/v1/wbr/{EARLIER}").json()
    assert first["metrics"]["orders"]["summary"]["last_week"]["value"] == 70
    assert first["snapshot"] is None  # not frozen: reading a week never freezes it
    _data(wbr, 20)  # the data is corrected afterwards: an unfrozen week shows it
    assert viewer.get(f"/api/v1/wbr/{EARLIER}").json()["metrics"]["orders"]["summary"]["last_week"]["value"] == 140
    # the admin freezes the week; members and viewers may not
    assert api_as("member").post(f"/api/v1/wbr/{EARLIER}/freeze").status_code == 403
    assert viewer.post(f"/api/v1/wbr/{EARLIER}/freeze").status_code == 403
    frozen = admin.post(f"/api/v1/wbr/{EARLIER}/freeze")
    assert frozen.status_code == 200 and frozen.json()["snapshot"]["taken_by"] == "Ada Admin"
    _data(wbr, 30)
    again = viewer.get(f"/api/v1/wbr/{EARLIER}").json()
    assert again["metrics"]["orders"]["summary"]["last_week"]["value"] == 140
    assert again["snapshot"] == frozen.json()["snapshot"]
    live = viewer.get(f"/api/v1/wbr/{EARLIER}?live=true").json()
    assert live["metrics"]["orders"]["summary"]["last_week"]["value"] == 210 and live["snapshot"] is None
    latest = viewer.get("/api/v1/wbr/latest").json()
    assert latest["week_ending"] == WEEK and latest["snapshot"] is None
    assert viewer.get("/api/v1/wbr/snapshots").json() == [EARLIER]


def test_the_page_says_whether_a_week_is_frozen(browser_as: Client, wbr: Path) -> None:
    viewer, admin = browser_as("viewer"), browser_as("admin")
    live = viewer.get(f"/wbr/{EARLIER}").text
    assert "Not frozen: computed live from today’s data" in live and "A frozen deck" not in live
    assert "Freeze the deck to keep it" not in live and "Freeze this deck" not in live  # a viewer cannot
    page = admin.get(f"/wbr/{EARLIER}").text
    assert "Freeze the deck to keep it as it is now" in page
    frozen = admin.post(f"/wbr/{EARLIER}/freeze", data={"csrf_token": csrf_of(admin, f"/wbr/{EARLIER}")},
                        follow_redirects=False)
    assert frozen.status_code == 303
    html = viewer.get(f"/wbr/{EARLIER}").text
    assert "A frozen deck" in html and "See it computed from today" in html and "Not frozen" not in html
    (wbr / "m.yaml").write_text("gone")  # the snapshot needs neither the file nor the data
    (wbr / "d.csv").unlink()
    again = viewer.get(f"/wbr/{EARLIER}")
    assert again.status_code == 200 and 'id="metric-orders"' in again.text


def test_the_metrics_file_is_exported_edited_and_imported_through_the_api(api_as: Client, wbr: Path) -> None:
    viewer, admin = api_as("viewer"), api_as("admin")
    current = admin.get("/api/v1/metrics/file").json()
    assert current["body"] == FILE and current["name"] == "m.yaml"
    assert viewer.get("/api/v1/metrics/file").status_code == 403  # the file names where the data lives
    broken = FILE.replace("column: orders", "column: orders, aggregation: summ").replace("kind: input", "kind: inpt")
    refused = admin.put("/api/v1/metrics/file", json={"body": broken, "based_on": current["version"]})
    assert refused.status_code == 422
    problems = {(d["location"]["line"], d["suggestion"]) for d in refused.json()["error"]["details"]}
    assert problems == {(3, "did you mean `sum`?"), (4, "did you mean `input`?")}
    assert admin.get("/api/v1/metrics/file").json()["version"] == current["version"]  # nothing saved
    assert viewer.put("/api/v1/metrics/file", json={"body": FILE, "based_on": current["version"]}).status_code == 403
    unversioned = admin.put("/api/v1/metrics/file", json={"body": FILE})  # based_on is required
    assert unversioned.status_code == 422 and unversioned.json()["error"]["details"][0]["field"] == "based_on"
    edited = FILE + "  visits: {source: d, column: sessions, aggregation: mean}\n"
    saved = admin.put("/api/v1/metrics/file", json={"body": edited, "based_on": current["version"]})
    assert saved.status_code == 200 and saved.json()["version"] > current["version"]
    assert "visits" in {m["name"] for m in viewer.get("/api/v1/metrics").json()}
    stale = admin.put("/api/v1/metrics/file", json={"body": FILE, "based_on": current["version"]})
    assert stale.status_code == 409 and "changed since you opened it" in stale.json()["error"]["message"]


def test_the_metrics_page_lists_problems_and_saves_a_valid_file(browser_as: Client, wbr: Path) -> None:
    admin = browser_as("admin")
    csrf = csrf_of(admin, "/wbr/metrics")
    version = re.search(r'name="based_on" value="(\d+)"', admin.get("/wbr/metrics").text).group(1)  # type: ignore
    bad = admin.post("/wbr/metrics", data={"csrf_token": csrf, "based_on": version,
                                           "body": FILE.replace("ratio", "ration")})
    assert bad.status_code == 422 and "line 5" in bad.text and "did you mean `ratio`?" in bad.text
    assert "ration" in bad.text  # the edit is kept in the editor, not lost
    unversioned = admin.post("/wbr/metrics", data={"csrf_token": csrf, "body": FILE.replace("bps", "percent")})
    assert unversioned.status_code == 422 and "based_on: give the version" in unversioned.text
    assert "comparison: percent" in unversioned.text  # kept in the editor
    good = admin.post("/wbr/metrics", data={"csrf_token": csrf, "based_on": version,
                                            "body": FILE.replace("bps", "percent")})
    assert good.status_code == 200 and "Saved version" in good.text
    stale = admin.post("/wbr/metrics", data={"csrf_token": csrf, "based_on": version, "body": FILE})
    assert stale.status_code == 409 and "changed since you opened it" in stale.text
    download = admin.get("/wbr/metrics/download")
    assert download.text == FILE.replace("bps", "percent") and "attachment" in download.headers["content-disposition"]
    viewer = browser_as("viewer").get("/wbr/metrics").text
    assert "Check and save" not in viewer and "conversion" in viewer
    assert "csv: d.csv" not in viewer and str(wbr) not in viewer  # no YAML, no folder for non-admins
    assert browser_as("member").get("/wbr/metrics/download").status_code == 403


def test_the_sql_behind_a_number(api_as: Client, wbr: Path) -> None:
    viewer = api_as("viewer")
    base = viewer.get(f"/api/v1/wbr/{WEEK}/sql/orders").json()
    assert base["dialect"] == "duckdb" and base["aggregation"] == "sum" and base["location"] == "d.csv"
    assert "sum(\"orders\")" in base["sql"] and "BETWEEN DATE '2026-11-15' AND DATE '2026-11-21'" in base["sql"]
    assert "FILTER" not in base["sql"] and "GROUP BY p.idx" in base["deck_query"]
    derived = viewer.get(f"/api/v1/wbr/{WEEK}/sql/conversion").json()
    assert derived["formula"] == "orders ÷ sessions" and "never from daily ratios" in derived["explanation"]
    assert viewer.get(f"/api/v1/wbr/{WEEK}/sql/nothing").status_code == 404
    assert viewer.get(f"/api/v1/wbr/{EARLIER[:-1]}3/sql/orders").status_code == 422


def test_opening_a_week_makes_its_pdf_ahead_of_the_download(
        browser_as: Client, wbr: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dayone.wbr import pdf as wbr_pdf

    monkeypatch.setattr(wbr_pdf, "_PDFS", type(wbr_pdf._PDFS)())
    started: list = []
    prerender = wbr_pdf.prerender
    monkeypatch.setattr(wbr_pdf, "prerender", lambda make: started.append(prerender(make)) or started[-1])
    viewer = browser_as("viewer")
    assert viewer.get(f"/wbr/{WEEK}").status_code == 200
    assert len(started) == 1 and started[0] is not None  # the page did not wait for it
    made = started[0].result(120)
    assert made.startswith(b"%PDF-")

    def laid_out_again(html: str) -> bytes:
        raise AssertionError("the download laid the deck out again")

    lay_out_parts = wbr_pdf.lay_out_parts
    monkeypatch.setattr(wbr_pdf, "lay_out_parts", laid_out_again)
    download = viewer.get(f"/wbr/{WEEK}/pdf")  # the same print document: the PDF already made
    assert download.status_code == 200 and download.content == made
    monkeypatch.setattr(wbr_pdf, "lay_out_parts", lay_out_parts)
    # a live deck is another document: opened, it is made in the background as well
    assert viewer.get(f"/wbr/{WEEK}?live=true").status_code == 200 and len(started) == 2
    assert started[1] is not None and started[1].result(120).startswith(b"%PDF-")


def test_the_pdf_and_plans_and_drivers(api_as: Client, wbr: Path) -> None:
    viewer = api_as("viewer")
    pdf = viewer.get(f"/api/v1/wbr/{WEEK}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    deck = viewer.get(f"/api/v1/wbr/{WEEK}").json()
    summary = deck["metrics"]["orders"]["summary"]
    assert summary["mtd"]["plan"] == pytest.approx(300 * 21 / 30)  # November's plan spread over its days
    assert summary["last_week"]["plan"] == pytest.approx(70) and summary["last_week"]["vs_plan"] == 0.0
    assert "plan" not in summary["ytd"]  # no plan for January to October
    assert deck["metrics"]["orders"]["drivers"][0]["input"] == "sessions"


def test_a_metric_is_added_in_the_browser_and_through_the_api(api_as: Client, browser_as: Client, wbr: Path) -> None:
    admin = api_as("admin")
    commented = "# our WBR\n" + FILE + "\ndeck: []  # every metric, in order\n"
    first = admin.get("/api/v1/metrics/file").json()["version"]
    version = admin.put("/api/v1/metrics/file", json={"body": commented, "based_on": first}).json()["version"]
    added = admin.post("/api/v1/metrics", json={"name": "visits", "source": "d", "column": "sessions",
                                                 "aggregation": "mean", "kind": "input", "drives": ["orders"]})
    assert added.status_code == 201 and added.json()["version"] > version
    body = admin.get("/api/v1/metrics/file").json()["body"]
    assert body == ("# our WBR\n" + FILE + "  visits: {kind: input, source: d, column: sessions, aggregation: mean, "
                    "drives: [orders]}\n\ndeck: []  # every metric, in order\n")  # comments and layout kept
    wrong = admin.post("/api/v1/metrics", json={"name": "bad", "source": "dd", "column": "orders"})
    assert wrong.status_code == 422 and "did you mean `d`?" in str(wrong.json()["error"]["details"])
    again = admin.post("/api/v1/metrics", json={"name": "visits", "source": "d", "column": "orders"})
    assert again.status_code == 422 and "already a metric" in again.json()["error"]["message"]
    assert api_as("member").post("/api/v1/metrics", json={"name": "x", "source": "d", "column": "orders"}
                                 ).status_code == 403
    page = browser_as("admin")
    csrf = csrf_of(page, "/wbr/metrics")
    made = page.post("/wbr/metrics/new", data={"csrf_token": csrf, "name": "orders_per_visit", "derived": "ratio",
                                               "of": "orders, visits", "comparison": "bps"})
    assert made.status_code == 200 and "Added orders_per_visit" in made.text
    assert "orders_per_visit" in {m["name"] for m in admin.get("/api/v1/metrics").json()}
    refused = page.post("/wbr/metrics/new", data={"csrf_token": csrf, "name": "lonely", "derived": "ratio",
                                                  "of": "orders"})
    assert refused.status_code == 422 and "combines exactly two metrics" in refused.text
    assert 'value="lonely"' in refused.text  # what was typed is kept
