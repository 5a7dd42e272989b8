"""Uploading the WBR's own data: a CSV or Parquet file goes to disk as it arrives (never into
memory, never past the size limit, never for someone not signed in), is previewed, and becomes
a starter metrics file and its deck — or a source's new data, once every metric computes on it,
the previous file kept otherwise. Through the API and the pages, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dayone.settings import Settings
from dayone.wbr import uploads
from dayone.workspace import Workspace

Client = Callable[[str], TestClient]
LAST = date(2026, 11, 25)


def _csv(days: int = 400, orders: int = 10, header: tuple[str, ...] = ("date", "sessions", "orders")) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for i in range(days):
        writer.writerow([(LAST - timedelta(days=days - 1 - i)).isoformat(), 100 + i % 7, orders + i % 3][:len(header)])
    return out.getvalue().encode()


def _week_sum(data: bytes, column: str, end: str = "2026-11-21") -> float:
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    start = (date.fromisoformat(end) - timedelta(days=6)).isoformat()
    return sum(float(r[column]) for r in rows if start <= r["date"] <= end)


def _put(client: TestClient, name: str, data: bytes, content_type: str = "text/csv") -> Any:
    return client.put(f"/api/v1/wbr/data/{name}", content=data, headers={"Content-Type": content_type})


def _incoming(settings: Settings) -> list[str]:
    folder = uploads.incoming(settings)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_from_an_uploaded_csv_to_a_deck_through_the_api(api_as: Client, ws: Workspace) -> None:
    admin = api_as("admin")
    data = _csv()
    answer = _put(admin, "shop", data)
    assert answer.status_code == 201, answer.text
    preview = answer.json()["preview"]
    assert preview["rows"] == 400 and preview["date_column"] == "date" and preview["week_ending"] == "saturday"
    assert [c["holds"] for c in preview["columns"]] == ["date", "number", "number"]
    assert admin.get("/api/v1/wbr/data/shop/preview").json()["preview"] == preview
    assert admin.get("/api/v1/wbr/data").json() == []  # pending: the deck reads nothing new yet

    draft = admin.post("/api/v1/wbr/data/shop/starter", json={"ratios": ["orders/sessions"]})
    assert draft.status_code == 200 and draft.json()["version"] is None
    assert "shop: {csv: uploads/shop.csv, date_column: date}" in draft.json()["body"]

    made = admin.post("/api/v1/wbr/data/shop/starter", json={"ratios": ["orders/sessions"], "use": True})
    assert made.status_code == 200, made.text
    assert made.json()["week_ending"] == "2026-11-21"
    deck = admin.get("/api/v1/wbr/2026-11-21").json()
    box = {name: m["summary"]["last_week"]["value"] for name, m in deck["metrics"].items()}
    assert box["orders"] == _week_sum(data, "orders") and box["sessions"] == _week_sum(data, "sessions")
    assert box["orders_per_sessions"] == pytest.approx(box["orders"] / box["sessions"])
    assert [u["name"] for u in admin.get("/api/v1/wbr/data").json()] == ["shop"]
    assert _incoming(ws.settings) == []  # every spooled body is gone


def test_new_data_replaces_the_old_only_once_every_metric_computes_on_it(api_as: Client, ws: Workspace) -> None:
    admin = api_as("admin")
    assert _put(admin, "shop", _csv()).status_code == 201
    assert admin.post("/api/v1/wbr/data/shop/starter", json={"use": True}).status_code == 200
    before = admin.get("/api/v1/wbr/2026-11-21").json()["metrics"]["orders"]["summary"]["last_week"]["value"]

    renamed = _csv(header=("date", "sessions", "purchases"))  # a column the metrics file reads is gone
    assert _put(admin, "shop", renamed).status_code == 201
    refused = admin.post("/api/v1/wbr/data/shop/accept")
    assert refused.status_code == 422
    assert "does not compute on the new data, so the previous file is kept" in refused.json()["error"]["message"]
    assert "orders" in refused.json()["error"]["message"]
    still = admin.get("/api/v1/wbr/2026-11-21").json()["metrics"]["orders"]["summary"]["last_week"]["value"]
    assert still == before

    newer = _csv(orders=1000)
    assert _put(admin, "shop", newer).status_code == 201
    taken = admin.post("/api/v1/wbr/data/shop/accept")
    assert taken.status_code == 200 and taken.json()["sources"] == ["shop"]
    after = admin.get("/api/v1/wbr/2026-11-21?live=true").json()["metrics"]["orders"]["summary"]["last_week"]["value"]
    assert after == _week_sum(newer, "orders") != before


def test_an_upload_past_the_limit_is_refused_before_it_is_stored(ws: Workspace, people: Any) -> None:
    from dayone.auth import service as accounts
    from dayone.auth.permissions import CLI_ACTOR
    from dayone.web.app import create_app

    small = Workspace.open(ws.settings.model_copy(update={"wbr_upload_max_bytes": 4096}))
    with small.session() as session:
        secret = accounts.create_token(session, CLI_ACTOR, people.admin).secret
    with TestClient(create_app(small), headers={"Authorization": f"Bearer {secret}"}) as admin:
        answer = _put(admin, "big", _csv())
        assert answer.status_code == 413
        assert "larger than 4,096 bytes" in answer.json()["error"]["message"]
        assert "DAYONE_WBR_UPLOAD_MAX_BYTES" in answer.json()["error"]["message"]

        def chunks() -> Any:  # no Content-Length: counted as it arrives
            data = _csv()
            for k in range(0, len(data), 1000):
                yield data[k:k + 1000]

        streamed = admin.put("/api/v1/wbr/data/big", content=chunks(), headers={"Content-Type": "text/csv"})
        assert streamed.status_code == 413
    small.close()
    assert _incoming(ws.settings) == [] and not (uploads.folder(ws.settings) / ".pending-big.csv").exists()


@pytest.mark.parametrize("role", ["anonymous", "viewer", "member"])
def test_only_admins_upload(api_as: Client, ws: Workspace, role: str) -> None:
    answer = _put(api_as(role), "shop", _csv(30))
    assert answer.status_code == (401 if role == "anonymous" else 403)
    assert _incoming(ws.settings) == []
    folder = uploads.folder(ws.settings)
    assert not folder.exists() or list(folder.glob(".pending-*")) == []


@pytest.mark.parametrize(("name", "data", "content_type", "says"), [
    ("-shop", b"date,n\n2026-11-21,1\n", "text/csv", "name: 1 to 40 of a-z"),
    ("Shop Data", b"date,n\n2026-11-21,1\n", "text/csv", "name: 1 to 40 of a-z"),
    ("shop", b"date,n\n2026-11-21,1\n", "application/json", "Content-Type: send text/csv"),
    ("shop", b"date,n\n2026-11-21,1,2\n", "text/csv", "shop.csv, line 2: 3 fields where the header has 2"),
    ("shop", "date,city\n2026-11-21,Z\u00fcrich\n".encode("latin-1"), "text/csv",
     "shop.csv, line 2: the file is not UTF-8"),
    ("shop", b"", "text/csv", "The request's body is empty"),
])
def test_a_bad_upload_says_what_is_wrong_and_keeps_nothing(api_as: Client, ws: Workspace, name: str, data: bytes,
                                                            content_type: str, says: str) -> None:
    answer = _put(api_as("admin"), name, data, content_type)
    assert answer.status_code == 422, answer.text
    assert says in answer.json()["error"]["message"]
    assert _incoming(ws.settings) == []
    folder = uploads.folder(ws.settings)
    assert not folder.exists() or [p.name for p in folder.iterdir() if p.name != ".incoming"] == []


def test_from_an_uploaded_csv_to_a_deck_in_the_pages(browser_as: Client, ws: Workspace) -> None:
    admin = browser_as("admin")
    page = admin.get("/wbr/data")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    data = _csv()
    sent = admin.post("/wbr/data", data={"csrf_token": csrf, "name": ""},
                      files={"file": ("Shop Export.csv", data, "text/csv")}, follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"] == "/wbr/data/shop_export"
    preview = admin.get("/wbr/data/shop_export")
    assert "400 rows, separated by commas" in preview.text and "Dates in <strong>date</strong>" in preview.text
    assert "weeks end on Saturday" in preview.text

    nothing = admin.post("/wbr/data/shop_export/start", data={"csrf_token": csrf, "based_on": ""})
    assert nothing.status_code == 422 and "choose at least one column" in nothing.text

    started = admin.post("/wbr/data/shop_export/start", data={
        "csrf_token": csrf, "based_on": "", "metric": ["sessions", "orders"], "aggregation:orders": "sum",
        "aggregation:sessions": "sum", "ratio_top": "orders", "ratio_bottom": "sessions",
        "date_column": "date", "week_ending": "saturday"}, follow_redirects=False)
    assert started.status_code == 303, started.text[-2000:]
    deck = admin.get("/wbr/2026-11-21")
    assert deck.status_code == 200 and "orders_per_sessions" in deck.text

    forged = admin.post("/wbr/data", data={"name": "x"}, files={"file": ("x.csv", data, "text/csv")})
    assert forged.status_code == 403 and "security token" in forged.text
    wrong = admin.post("/wbr/data", data={"csrf_token": csrf}, files={"file": ("notes.xlsx", b"PK..", "text/csv")})
    assert wrong.status_code == 422 and "is not a .csv or .parquet file" in wrong.text
    assert _incoming(ws.settings) == []
