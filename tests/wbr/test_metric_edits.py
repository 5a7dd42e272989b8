"""Edits that cannot break the deck: a metric is edited or removed in place (the file's other
lines, comments included, kept), and no save — editor, Add a metric, API, `wbr use` — stores a
file that does not compute on its data; what was typed stays on the page."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from dayone import yamlfile
from dayone.auth.permissions import CLI_ACTOR
from dayone.cli.main import run
from dayone.errors import InvalidInput
from dayone.wbr import edits
from dayone.wbr import service as wbr
from dayone.workspace import Workspace

Client = Callable[[str], TestClient]
FILE = """\
# Northwind's WBR
sources:
  d: {csv: d.csv, date_column: date}   # the daily export
metrics:
  # inputs
  sessions: {source: d, column: sessions, kind: input, drives: [orders]}
  orders:
    source: d
    column: orders   # one row a day
  conversion: {derived: ratio, of: [orders, sessions], comparison: bps}
  refunds: {source: d, column: refunds}
deck:
  - section: Customers
  - metric: sessions
  - metric: orders
  - metric: refunds
  - metric: conversion
"""


def _workspace_file(ws: Workspace, body: str = FILE) -> None:
    folder = ws.settings.home / "data"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "d.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "sessions", "orders", "refunds"])
        for i in range(400):
            writer.writerow([date(2026, 11, 21) - timedelta(days=i), 100, 10, 1])
    (folder / "m.yaml").write_text(body)
    with ws.session() as session:
        wbr.use(session, CLI_ACTOR, folder / "m.yaml")


def _version(ws: Workspace) -> int:
    with ws.session() as session:
        return wbr.current_file(session).id


def _body(ws: Workspace) -> str:
    with ws.session() as session:
        return wbr.current_file(session).body


def test_replacing_a_metric_changes_its_lines_only() -> None:
    body = edits.replace_metric(FILE, "orders", {"source": "d", "column": "orders", "aggregation": "max"})
    assert "  orders: {source: d, column: orders, aggregation: max}\n  conversion:" in body
    assert body.replace("  orders: {source: d, column: orders, aggregation: max}\n", "") == FILE.replace(
        "  orders:\n    source: d\n    column: orders   # one row a day\n", "")


def test_removing_a_metric_takes_it_out_of_the_deck_and_of_drives() -> None:
    body = edits.remove_metric(FILE, "refunds")
    assert "refunds" not in body and "# the daily export" in body and "# inputs" in body
    body = edits.remove_metric(edits.remove_metric(FILE, "conversion"), "orders")
    data = yamlfile.load(body, file="m.yaml")
    assert list(data["metrics"]) == ["sessions", "refunds"]
    assert "drives" not in data["metrics"]["sessions"] or data["metrics"]["sessions"]["drives"] == []
    assert data["deck"] == [{"section": "Customers"}, {"metric": "sessions"}, {"metric": "refunds"}]


def test_a_metric_in_use_is_not_removed() -> None:
    with pytest.raises(InvalidInput, match=re.escape("orders cannot be removed: metric conversion uses it")):
        edits.remove_metric(FILE, "orders")
    assert edits.removal(FILE, "sessions") == {"drives": [], "deck": ["2"], "derived": ["conversion"], "blocks": []}
    assert edits.removal(FILE, "orders") == {"drives": ["sessions"], "deck": ["3"], "derived": ["conversion"],
                                             "blocks": []}


# names YAML reads as text (the file below is written by hand; `on` and `no` are tested apart)
names = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True).filter(lambda n: yaml.safe_load(n) == n)


@settings(max_examples=150, deadline=None)
@given(st.lists(names, min_size=2, max_size=6, unique=True), st.data())
def test_any_block_file_keeps_every_other_line_through_an_edit(metrics: list[str], data: st.DataObject) -> None:
    owned: list[tuple[str, str | None]] = [("# a comment at the top", None), ("sources:", None),
                                           ("  d: {csv: d.csv, date_column: date}", None), ("metrics:", None)]
    for k, name in enumerate(metrics):
        if k % 2:
            owned += [(f"  {name}:  # about {name}", name), ("    source: d", name), (f"    column: c{k}", name)]
        else:
            owned.append((f"  {name}: {{source: d, column: c{k}}}", name))
    owned += [("deck:", None), *[(f"  - metric: {name}", name) for name in metrics], ("# the end", None)]
    body = "\n".join(line for line, _ in owned) + "\n"
    target = data.draw(st.sampled_from(metrics))

    replaced = edits.replace_metric(body, target, {"source": "d", "column": "x"})
    assert yamlfile.load(replaced, file="m")["metrics"][target] == {"source": "d", "column": "x"}
    assert list(yamlfile.load(replaced, file="m")["metrics"]) == metrics  # in place
    assert edits.remove_metric(body, target) == "\n".join(line for line, who in owned if who != target) + "\n"


def test_edit_and_archive_through_the_api(api_as: Client, ws: Workspace) -> None:
    _workspace_file(ws)
    admin = api_as("admin")
    edited = admin.put("/api/v1/metrics/refunds", json={"name": "refunds", "source": "d", "column": "refunds * 2",
                                                        "based_on": _version(ws)})
    assert edited.status_code == 200, edited.text
    deck = admin.get("/api/v1/wbr/2026-11-21").json()
    assert deck["metrics"]["refunds"]["summary"]["last_week"]["value"] == 14
    assert "# the daily export" in _body(ws)

    assert admin.put("/api/v1/metrics/refunds", json={"name": "returns", "source": "d", "column": "refunds"}
                     ).status_code == 422
    stale = admin.post("/api/v1/metrics/refunds/archive", params={"based_on": _version(ws) - 1})
    assert stale.status_code == 409
    in_use = admin.post("/api/v1/metrics/orders/archive")
    assert in_use.status_code == 422 and "metric conversion uses it" in in_use.json()["error"]["message"]
    assert admin.post("/api/v1/metrics/refunds/archive", params={"based_on": _version(ws)}).status_code == 200
    assert "refunds" not in admin.get("/api/v1/wbr/2026-11-21").json()["metrics"]
    assert admin.post("/api/v1/metrics/refunds/archive").status_code == 409  # already in the archive
    assert admin.post("/api/v1/metrics/nothing/archive").status_code == 404
    assert api_as("member").post("/api/v1/metrics/orders/archive").status_code == 403


@pytest.mark.parametrize(("how", "mistake"), [
    ("editor", "column: orderz"), ("add", "orderz"), ("api-file", "column: orderz"), ("api-edit", "orderz"),
    ("api-add", "orderz")])
def test_a_file_that_does_not_compute_is_never_saved(api_as: Client, browser_as: Client, ws: Workspace,
                                                     how: str, mistake: str) -> None:
    _workspace_file(ws)
    before = _version(ws)
    admin, page = api_as("admin"), browser_as("admin")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.get("/wbr/metrics").text).group(1)  # type: ignore[union-attr]
    answer: Any
    if how == "editor":
        body = FILE.replace("column: refunds", mistake)
        answer = page.post("/wbr/metrics", data={"csrf_token": csrf, "based_on": str(before), "body": body})
        assert answer.status_code == 422 and "orderz" in answer.text
        assert body.replace("\n", "\n") in answer.text.replace("&#39;", "'")  # what was typed is kept
    elif how == "add":
        answer = page.post("/wbr/metrics/new", data={"csrf_token": csrf, "based_on": str(before), "name": "late",
                                                     "source": "d", "column": mistake, "aggregation": "sum"})
        assert answer.status_code == 422 and 'value="orderz"' in answer.text
    elif how == "api-file":
        answer = admin.put("/api/v1/metrics/file", json={"body": FILE.replace("column: refunds", mistake),
                                                         "based_on": before})
    elif how == "api-edit":
        answer = admin.put("/api/v1/metrics/refunds", json={"name": "refunds", "source": "d", "column": mistake})
    else:
        answer = admin.post("/api/v1/metrics", json={"name": "late", "source": "d", "column": mistake})
    assert answer.status_code == 422
    message = answer.text if how in ("editor", "add") else answer.json()["error"]["message"]
    assert "does not compute on its data, so nothing was saved" in message and "orderz" in message
    assert _version(ws) == before
    assert admin.get("/api/v1/wbr/2026-11-21").status_code == 200  # the deck still serves


def test_wbr_use_refuses_a_file_that_does_not_compute(ws: Workspace, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    _workspace_file(ws)
    broken = ws.settings.home / "data" / "broken.yaml"
    broken.write_text(FILE.replace("column: refunds", "column: refundz"))
    monkeypatch.setenv("DAYONE_HOME", str(ws.settings.home))
    if ws.settings.database_url:
        monkeypatch.setenv("DAYONE_DATABASE_URL", ws.settings.database_url)
    before = _version(ws)
    with pytest.raises(SystemExit) as refused:
        run(["wbr", "use", str(broken)])
    assert refused.value.code == 1
    assert "does not compute on its data, so nothing was saved" in capsys.readouterr().err
    assert _version(ws) == before


def test_the_pages_edit_and_archive_with_a_confirmation(browser_as: Client, ws: Workspace) -> None:
    _workspace_file(ws)
    page = browser_as("admin")
    listing = page.get("/wbr/metrics")
    assert 'href="/wbr/metrics/refunds/edit"' in listing.text and 'href="/wbr/metrics/refunds/remove"' in listing.text
    form = page.get("/wbr/metrics/orders/edit").text
    assert 'id="m-column" name="column" value="orders"' in form
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    saved = page.post("/wbr/metrics/orders/edit", data={"csrf_token": csrf, "based_on": str(_version(ws)),
                                                        "source": "d", "column": "orders", "aggregation": "max"})
    assert saved.status_code == 200 and "Saved orders" in saved.text
    bad = page.post("/wbr/metrics/orders/edit", data={"csrf_token": csrf, "based_on": str(_version(ws)),
                                                      "source": "d", "column": "ordrs", "aggregation": "max"})
    assert bad.status_code == 422 and 'value="ordrs"' in bad.text

    confirm = page.get("/wbr/metrics/refunds/remove").text
    assert "Archive refunds?" in confirm and "It leaves the deck (1 place)" in confirm
    assert "cannot be removed while the metric conversion uses it" in page.get("/wbr/metrics/orders/remove").text
    removed = page.post("/wbr/metrics/refunds/remove", data={"csrf_token": csrf, "based_on": str(_version(ws))},
                        follow_redirects=False)
    assert removed.status_code == 303 and removed.headers["location"] == "/archive?archived=metric:refunds"
    assert "Metric refunds is in the archive" in page.get(removed.headers["location"]).text
    assert "refunds" not in _body(ws)
    assert browser_as("member").get("/wbr/metrics/orders/edit").status_code == 403


@pytest.mark.parametrize("name", ["on", "no", "null", "y"])
def test_a_metric_named_like_a_yaml_word_stays_text(name: str) -> None:
    body = edits.insert_metric(FILE, name, {"source": "d", "column": "orders"})
    assert name in yamlfile.load(body, file="m.yaml")["metrics"]
    replaced = edits.replace_metric(body, name, {"source": "d", "column": "sessions"})
    assert yamlfile.load(replaced, file="m.yaml")["metrics"][name] == {"source": "d", "column": "sessions"}
