"""A source that fails after the metrics file was saved (its file moved or replaced by garbage,
its database down) fails alone: its metrics show "—" with what failed (the path and the
engine's words for admins, a plain message for others), the other metrics compute, the page
says what failed, and a frozen week keeps its snapshot. On SQLite and PostgreSQL workspaces."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from dayone.auth.permissions import CLI_ACTOR
from dayone.cli.main import run
from dayone.settings import Settings
from dayone.wbr import service
from dayone.wbr.models import WbrMetricsFile
from dayone.workspace import Workspace
from tests.helpers import csrf_of

Client = Callable[[str], TestClient]
WEEK = "2026-11-21"
FILE = """\
sources:
  d: {csv: d.csv, date_column: date}
  v: {parquet: v.parquet, date_column: date}
  shop: {table: t, database: shop, date_column: date}
metrics:
  orders: {source: d, column: orders, owner: max@example.com}
  visits: {source: v, column: visits, owner: max@example.com}
  refunds: {source: shop, column: refunds}
  per_visit: {derived: ratio, of: [orders, visits]}
"""
GARBAGE = bytes(range(256)) * 20


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The workspace, with a named connection to a SQLite file in its data folder, and one to a
    PostgreSQL server that is down (nothing listens on port 1)."""
    return settings.model_copy(update={"wbr_connections": {
        "shop": f"sqlite:///{settings.home / 'data' / 'shop.db'}",
        "ledger": "postgresql://u:hunter2@127.0.0.1:1/ledger"}})


def _write(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "d.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "orders"])
        for i in range(800):
            writer.writerow([date(2026, 11, 21) - timedelta(days=i), 10])
    duckdb.sql(f"COPY (SELECT DATE '2026-11-21' - CAST(i AS INTEGER) AS date, 100 AS visits FROM range(800) r(i)) "
               f"TO '{folder / 'v.parquet'}' (FORMAT parquet)")
    (folder / "shop.db").unlink(missing_ok=True)
    with sqlite3.connect(folder / "shop.db") as con:
        con.execute("CREATE TABLE t (date TEXT, refunds INT)")
        con.executemany("INSERT INTO t VALUES (?, 2)", [((date(2026, 11, 21) - timedelta(days=i)).isoformat(),)
                                                       for i in range(400)])
    con.close()


@pytest.fixture
def data(ws: Workspace) -> Path:
    """The data folder with three sources (a CSV, a Parquet file, a SQLite table), the file in use."""
    folder = ws.settings.home / "data"
    _write(folder)
    (folder / "m.yaml").write_text(FILE)
    with ws.session() as session:
        service.use(session, CLI_ACTOR, folder / "m.yaml")
    return folder


def _week(deck: dict[str, object], name: str) -> object:
    return deck["metrics"][name]["summary"]["last_week"]["value"]  # type: ignore[index]


def test_a_moved_file_fails_its_source_alone(api_as: Client, browser_as: Client, data: Path, ws: Workspace) -> None:
    (data / "v.parquet").rename(data / "elsewhere.parquet")
    admin = api_as("admin").get(f"/api/v1/wbr/{WEEK}")
    assert admin.status_code == 200
    deck = admin.json()
    assert _week(deck, "orders") == 70 and _week(deck, "refunds") == 14 and _week(deck, "visits") is None
    visits = deck["metrics"]["visits"]
    assert visits["problem"] == "Its source v could not be read."
    assert visits["problem_detail"] == f"sources.v.parquet: no file {data / 'v.parquet'}."
    assert deck["metrics"]["per_visit"]["problem"] == "It is computed from visits: its source v could not be read."
    assert deck["failed_sources"] == [{"source": "v", "metrics": ["visits"], "problem": "Source v could not be read.",
                                       "problem_detail": f"sources.v.parquet: no file {data / 'v.parquet'}."}]
    for role in ("viewer", "member"):
        told = api_as(role).get(f"/api/v1/wbr/{WEEK}")
        assert told.status_code == 200 and str(data) not in told.text, role
        shown = told.json()
        assert _week(shown, "orders") == 70
        assert shown["metrics"]["visits"]["problem"] == ("Its source v could not be read. Ask its owner "
                                                         "(max@example.com) or an admin: admins see the reason.")
        assert shown["failed_sources"] == [{"source": "v", "metrics": ["visits"], "problem_detail": None,
                                            "problem": "Source v could not be read. Ask an admin: admins see the "
                                                       "reason."}]
        page = browser_as(role).get(f"/wbr/{WEEK}")
        assert page.status_code == 200 and str(data) not in page.text
        assert "Not every number could be computed" in page.text and "Source v could not be read." in page.text
    page = browser_as("admin").get("/wbr", follow_redirects=True)  # the latest week still opens
    assert page.status_code == 200 and page.url.path == f"/wbr/{WEEK}"
    assert "Not every number could be computed" in page.text and f"no file {data / 'v.parquet'}" in page.text
    assert 'href="#metric-visits"' in page.text  # the banner links the metrics without numbers
    with ws.session() as session:  # a decision's revisit condition on it says why it has no value
        reading = service.metric_reading(session, "visits")
    assert reading is not None and reading["value"] is None
    assert reading["reason"].startswith("Its source v could not be read.") and str(data) not in reading["reason"]
    # the file is back: the next reader gets every number (a failed deck is not kept)
    (data / "elsewhere.parquet").rename(data / "v.parquet")
    again = api_as("viewer").get(f"/api/v1/wbr/{WEEK}").json()
    assert _week(again, "visits") == 700 and again["failed_sources"] == []
    assert "Not every number could be computed" not in browser_as("viewer").get(f"/wbr/{WEEK}").text


@pytest.mark.parametrize("garbage", ["d.csv", "v.parquet"])
def test_a_file_replaced_by_garbage_fails_its_source_alone(api_as: Client, data: Path, garbage: str) -> None:
    (data / garbage).write_bytes(GARBAGE)
    deck = api_as("admin").get(f"/api/v1/wbr/{WEEK}")
    assert deck.status_code == 200, deck.text
    numbers = deck.json()
    [failed] = numbers["failed_sources"]
    broken, fine = ("orders", "visits") if garbage == "d.csv" else ("visits", "orders")
    assert failed["metrics"] == [broken] and _week(numbers, broken) is None
    assert _week(numbers, fine) == (70 if fine == "orders" else 700) and _week(numbers, "refunds") == 14
    says = "not UTF-8" if garbage == "d.csv" else "cannot be read as Parquet"
    assert says in failed["problem_detail"] and str(data / garbage) in failed["problem_detail"]
    viewer = api_as("viewer").get(f"/api/v1/wbr/{WEEK}")
    assert viewer.status_code == 200 and str(data) not in viewer.text and says not in viewer.text


def test_a_source_without_metrics_that_fails_is_told_to_admins_only(api_as: Client, data: Path,
                                                                    ws: Workspace) -> None:
    body = FILE.replace("metrics:", "  spare: {csv: spare.csv, date_column: date}\nmetrics:")
    with ws.session() as session:  # saved when spare.csv was there; nothing reads it
        session.add(WbrMetricsFile(body=body, name="m.yaml", base_dir=str(data)))
    admin = api_as("admin").get(f"/api/v1/wbr/{WEEK}").json()
    assert admin["failed_sources"][0]["problem_detail"] == f"sources.spare.csv: no file {data / 'spare.csv'}."
    viewer = api_as("viewer").get(f"/api/v1/wbr/{WEEK}")
    assert viewer.json()["failed_sources"][0]["problem_detail"] is None and str(data) not in viewer.text


def test_a_database_that_is_down_fails_its_sources_alone(api_as: Client, browser_as: Client, data: Path,
                                                        ws: Workspace) -> None:
    (data / "shop.db").unlink()
    numbers = api_as("admin").get(f"/api/v1/wbr/{WEEK}").json()
    assert _week(numbers, "orders") == 70 and _week(numbers, "refunds") is None
    assert numbers["failed_sources"][0]["problem_detail"] == (f"sources.shop.database: no SQLite database at "
                                                              f"{data / 'shop.db'}.")
    # a PostgreSQL server that went down after its version was saved: every source on it fails, once
    body = FILE.replace("metrics:", "  paid: {sql: 'SELECT * FROM payments', database: ledger, date_column: day}\n"
                        "  owed: {table: owed, database: ledger, date_column: day}\nmetrics:") + \
        "  payments: {source: paid, column: amount}\n  debts: {source: owed, column: amount}\n"
    with ws.session() as session:
        session.add(WbrMetricsFile(body=body, name="m.yaml", base_dir=str(data)))
    admin = api_as("admin").get(f"/api/v1/wbr/{WEEK}")
    assert admin.status_code == 200 and _week(admin.json(), "orders") == 70
    down = {f["source"]: f for f in admin.json()["failed_sources"]}
    assert set(down) == {"shop", "paid", "owed"}
    for name in ("paid", "owed"):
        assert "cannot connect to postgresql://u:***@127.0.0.1:1/ledger" in down[name]["problem_detail"]
        assert "hunter2" not in admin.text
    page = browser_as("viewer").get(f"/wbr/{WEEK}")
    assert page.status_code == 200 and "Source paid could not be read." in page.text and "127.0.0.1" not in page.text
    sql = browser_as("viewer").get(f"/wbr/{WEEK}/sql/payments")  # the SQL of a metric whose source is down
    assert sql.status_code == 422 and "could not be computed" in sql.text and "127.0.0.1" not in sql.text
    assert "cannot connect" in browser_as("admin").get(f"/wbr/{WEEK}/sql/payments").text


def test_a_frozen_week_keeps_its_snapshot_and_is_not_frozen_without_a_source(api_as: Client, browser_as: Client,
                                                                            data: Path) -> None:
    admin = api_as("admin")
    assert admin.post(f"/api/v1/wbr/{WEEK}/freeze").status_code == 200
    (data / "v.parquet").unlink()
    frozen = api_as("viewer").get(f"/api/v1/wbr/{WEEK}").json()  # exactly as it was frozen
    assert frozen["snapshot"] is not None and _week(frozen, "visits") == 700
    assert "Not every number could be computed" not in browser_as("viewer").get(f"/wbr/{WEEK}").text
    live = browser_as("viewer").get(f"/wbr/{WEEK}?live=true")  # today's data: what it can, and what failed
    assert live.status_code == 200 and "Source v could not be read." in live.text
    refused = admin.post(f"/api/v1/wbr/{WEEK}/freeze")  # a frozen deck would keep the metrics without numbers
    assert refused.status_code == 422
    assert "cannot be frozen while a source cannot be read" in refused.json()["error"]["message"]
    assert api_as("admin").get(f"/api/v1/wbr/{WEEK}").json()["snapshot"]["taken_at"] == frozen["snapshot"]["taken_at"]
    hold = browser_as("admin")
    held = hold.post(f"/wbr/{WEEK}/hold", data={"csrf_token": csrf_of(hold, f"/wbr/{WEEK}?live=true")})
    assert held.status_code == 422 and "cannot be frozen" in held.text


def test_when_nothing_computes_the_last_frozen_deck_is_named(api_as: Client, browser_as: Client,
                                                             data: Path) -> None:
    assert api_as("admin").post("/api/v1/wbr/2026-11-14/freeze").status_code == 200
    for name in ("d.csv", "v.parquet", "shop.db"):
        (data / name).unlink()
    for role in ("viewer", "admin"):
        failed = api_as(role).get(f"/api/v1/wbr/{WEEK}")
        assert failed.status_code == 422, role
        message = failed.json()["error"]["message"]
        assert message.endswith("The last frozen deck, for the week ending 2026-11-14, is still shown at "
                                "/wbr/2026-11-14."), role
        assert (str(data) in message) == (role == "admin"), role
    page = browser_as("viewer").get("/wbr")
    assert page.status_code == 422 and "/wbr/2026-11-14" in page.text
    frozen = browser_as("viewer").get("/wbr/2026-11-14")
    assert frozen.status_code == 200 and "A frozen deck" in frozen.text


def test_saving_refuses_a_file_whose_data_is_not_there(api_as: Client, data: Path) -> None:
    """The check moved from reading the file to saving it: nothing is saved, every problem named."""
    admin = api_as("admin")
    version = admin.get("/api/v1/metrics/file").json()["version"]
    body = FILE.replace("v.parquet", "nowhere.parquet").replace("d.csv", "garbage.csv")
    (data / "garbage.csv").write_bytes(GARBAGE)
    saved = admin.put("/api/v1/metrics/file", json={"body": body, "based_on": version})
    assert saved.status_code == 422
    error = saved.json()["error"]
    assert "nothing was saved" in error["message"] and f"no file {data / 'nowhere.parquet'}" in error["message"]
    messages = [d["message"] for d in error["details"]]
    assert any(m.startswith("Source v could not be read.") for m in messages)
    assert any(m.startswith("Source d could not be read.") and "not UTF-8" in m for m in messages)
    assert admin.get("/api/v1/metrics/file").json()["version"] == version


def _build(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as done:
        run(["wbr", "build", *args])
    return int(done.value.code or 0), capsys.readouterr().err


def test_the_cli_builds_what_it_can_and_prints_what_failed(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    """`dayone wbr build` exits 0 when anything computed (1 with --strict when a source failed),
    and 1 when nothing did."""
    _write(tmp_path)
    (tmp_path / "m.yaml").write_text(FILE.replace("database: shop", f"database: 'sqlite:///{tmp_path / 'shop.db'}'"))
    out = tmp_path / "deck.json"
    code, err = _build([str(tmp_path / "m.yaml"), "--out", str(out)], capsys)
    assert code == 0 and json.loads(out.read_text())["failed_sources"] == []
    os.rename(tmp_path / "v.parquet", tmp_path / "moved.parquet")
    code, err = _build([str(tmp_path / "m.yaml"), "--out", str(out)], capsys)
    assert code == 0 and "Traceback" not in err
    assert f"sources.v: could not be read, so visits has no numbers: sources.v.parquet: no file " \
           f"{tmp_path / 'v.parquet'}." in err
    assert "1 not computed: 1 source could not be read." in err
    deck = json.loads(out.read_text())
    assert _week(deck, "orders") == 70 and _week(deck, "visits") is None
    code, _ = _build([str(tmp_path / "m.yaml"), "--out", str(out), "--strict"], capsys)
    assert code == 1 and out.exists()
    (tmp_path / "d.csv").write_bytes(GARBAGE)
    (tmp_path / "shop.db").unlink()
    out.unlink()
    code, err = _build([str(tmp_path / "m.yaml"), "--out", str(out)], capsys)
    assert code == 1 and "error: " in err and "Traceback" not in err and not out.exists()
