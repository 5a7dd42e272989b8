"""Decks are computed once for everyone asking at once, and afresh when the file or the data
change."""

from __future__ import annotations

import csv
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dayone.auth.permissions import CLI_ACTOR
from dayone.metrics import compute
from dayone.wbr import service
from dayone.wbr.cache import RACY_SECONDS, SharedResults
from dayone.workspace import Workspace

Client = Callable[[str], TestClient]
FILE = """\
sources: {d: {csv: d.csv, date_column: date}}
metrics:
  orders: {source: d, column: orders}
"""


def _data(folder: Path, orders: int) -> None:
    with (folder / "d.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "orders"])
        for i in range(400):
            writer.writerow([date(2026, 11, 21) - timedelta(days=i), orders])


def _settle(path: Path) -> None:
    """Date the file back, as a file written minutes ago would be."""
    past = time.time() - 10 * RACY_SECONDS
    os.utime(path, (past, past))


@pytest.fixture
def wbr(ws: Workspace) -> Path:
    """The metrics file and its data in the workspace's data folder, the file in use."""
    folder = ws.settings.home / "data"
    folder.mkdir(parents=True, exist_ok=True)
    _data(folder, 10)
    _settle(folder / "d.csv")
    (folder / "m.yaml").write_text(FILE)
    with ws.session() as session:
        service.use(session, CLI_ACTOR, folder / "m.yaml")
    return folder


def test_concurrent_requests_for_one_key_compute_once() -> None:
    shared: SharedResults = SharedResults()
    calls = 0
    release = threading.Event()

    def slow() -> int:
        nonlocal calls
        calls += 1
        release.wait(10)
        return 42

    with ThreadPoolExecutor(8) as pool:
        pending = [pool.submit(shared.get, "k", slow) for _ in range(8)]
        time.sleep(0.2)
        release.set()
        assert [f.result() for f in pending] == [42] * 8
    assert calls == 1
    assert shared.get("k", lambda: 0) == 42  # kept


def test_an_error_is_not_kept() -> None:
    shared: SharedResults = SharedResults()

    def fail() -> int:
        raise ValueError("no")

    with pytest.raises(ValueError):
        shared.get("k", fail)
    assert shared.get("k", lambda: 7) == 7


def test_the_deck_is_computed_once_and_again_when_data_changes(
        api_as: Client, wbr: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runs = 0
    real = compute.Engine.compute

    def counted(self: compute.Engine, *args: object, **kwargs: object) -> object:
        nonlocal runs
        runs += 1
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(compute.Engine, "compute", counted)
    viewer = api_as("viewer")
    first = [viewer.get("/api/v1/wbr/latest").json() for _ in range(3)]
    assert runs == 1
    assert all(d["metrics"]["orders"]["summary"]["last_week"]["value"] == 70 for d in first)

    _data(wbr, 20)  # the data changes (same size): the next reader sees it
    fresh = viewer.get("/api/v1/wbr/latest").json()
    assert fresh["metrics"]["orders"]["summary"]["last_week"]["value"] == 140
    _settle(wbr / "d.csv")
    viewer.get("/api/v1/wbr/latest")
    before = runs
    viewer.get("/api/v1/wbr/latest")
    assert runs == before  # settled again: shared


def test_a_new_metrics_file_is_a_new_deck(api_as: Client, wbr: Path, ws: Workspace) -> None:
    viewer = api_as("viewer")
    assert viewer.get("/api/v1/wbr/latest").json()["metrics"]["orders"]["summary"]["last_week"]["value"] == 70
    (wbr / "m.yaml").write_text(FILE.replace("column: orders", "column: orders * 2"))
    with ws.session() as session:
        service.use(session, CLI_ACTOR, wbr / "m.yaml")
    assert viewer.get("/api/v1/wbr/latest").json()["metrics"]["orders"]["summary"]["last_week"]["value"] == 140
