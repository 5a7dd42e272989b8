"""An experiment computed from a source of the workspace's metrics file, on that source's engine: a
CSV and a Parquet source through DuckDB, a PostgreSQL table in the database itself; through the CLI
and the API, on SQLite and PostgreSQL workspaces. Its statistics equal the data_file path's over the
same rows; an unknown source, a source of a kind experiments cannot read, a query without its table
and a missing column are refused, naming the field, and change nothing."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url, text

from dayone.auth.permissions import CLI_ACTOR
from dayone.experiments.models import Experiment
from dayone.settings import Settings
from dayone.wbr import service as wbr
from dayone.workspace import Workspace
from tests.cli.test_cli import Cli, cli  # noqa: F401  (the fixture)
from tests.conftest import PG_ADMIN_URL, People
from tests.experiments.conftest import DESIGN

Client = Callable[[str], TestClient]
ROWS = 500
COLUMNS = {"conversion": "conversion", "page_load_ms": {"column": "revenue", "pre": "pre_revenue"},
           "per_session": {"column": "revenue", "denominator": "sessions"}}
FILE = """\
sources:
  units: {csv: units.csv, date_column: date}
  pq: {parquet: units.parquet, date_column: date}
  glob: {parquet: "u*.parquet", date_column: date}
  lite: {table: units, database: lite, date_column: date}
%s
metrics:
  conversion: {source: units, column: conversion}
  page_load_ms: {source: pq, column: revenue}
  lite_orders: {source: lite, column: conversion}
%s
"""
PG_SOURCES = """\
  shop: {table: units, database: shop, date_column: date}
  shop_query: {sql: "SELECT * FROM units WHERE conversion >= 0", database: shop, date_column: date}"""
PG_METRICS = "  shop_orders: {source: shop, column: conversion}\n  shop_q: {source: shop_query, column: revenue}"


def _units() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(11)
    pre = rng.gamma(2.0, 10.0, ROWS).round(2)
    return {"date": np.array([date(2026, 11, 21) - timedelta(days=int(i)) for i in rng.integers(0, 60, ROWS)]),
            "arm": np.array(["control", "treatment"])[rng.integers(0, 2, ROWS)],
            "conversion": rng.integers(0, 2, ROWS).astype(float),
            "revenue": (pre * 0.8 + rng.normal(5, 3, ROWS)).round(2), "pre_revenue": pre,
            "sessions": rng.integers(1, 6, ROWS).astype(float)}


@pytest.fixture(scope="module")
def shop_url() -> Iterator[str | None]:
    """A PostgreSQL database of its own (not the workspace's) with the units table, when a server runs."""
    if not PG_ADMIN_URL:
        yield None
        return
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"dayone_expsource_{os.getpid()}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(url)
    units = _units()
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE units (date DATE, arm TEXT, conversion DOUBLE PRECISION, "
                          "revenue NUMERIC(12, 2), pre_revenue DOUBLE PRECISION, sessions INTEGER)"))
        conn.execute(text("INSERT INTO units VALUES (:date, :arm, :conversion, :revenue, :pre_revenue, :sessions)"),
                     [{k: (v[i].item() if hasattr(v[i], "item") else v[i]) for k, v in units.items()}
                      for i in range(ROWS)])
    engine.dispose()
    yield "postgresql://" + url.split("://", 1)[1]
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def settings(settings: Settings, shop_url: str | None, monkeypatch: pytest.MonkeyPatch) -> Settings:
    connections = {"lite": f"sqlite:///{settings.home / 'data' / 'lite.db'}",
                   **({"shop": shop_url} if shop_url else {})}
    monkeypatch.setenv("DAYONE_WBR_CONNECTIONS", json.dumps(connections))  # the CLI reads its settings from here
    return settings.model_copy(update={"wbr_connections": connections})


@pytest.fixture
def data(ws: Workspace, shop_url: str | None) -> Path:
    """The data folder with the units as CSV, Parquet and a SQLite table; the metrics file naming them in use."""
    folder = ws.settings.home / "data"
    folder.mkdir(parents=True, exist_ok=True)
    units = _units()
    with (folder / "units.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(units))
        writer.writerows([[units[k][i] for k in units] for i in range(ROWS)])
    table = pa.table({k: pa.array(v) for k, v in units.items()})
    pq.write_table(table, folder / "units.parquet")
    pq.write_table(table, folder / "u1.parquet")
    with sqlite3.connect(folder / "lite.db") as con:
        con.execute("CREATE TABLE units (date TEXT, conversion REAL)")
        con.executemany("INSERT INTO units VALUES (?, ?)", [(d.isoformat(), 1.0) for d in units["date"]])
    con.close()
    (folder / "m.yaml").write_text(FILE % ((PG_SOURCES, PG_METRICS) if shop_url else ("", "")))
    with ws.session() as session:
        wbr.use(session, CLI_ACTOR, folder / "m.yaml")
    return folder


def _stored(ws: Workspace, experiment_id: int) -> dict[tuple[str, str], dict[str, Any]]:
    with ws.session() as session:
        e = session.get(Experiment, experiment_id)
        assert e is not None
        return {(s.variant, s.metric): {k: getattr(s, k) for k in (
            "n", "sum", "sum_squares", "denominator_sum", "denominator_sum_squares", "cross_sum", "pre_sum",
            "pre_sum_squares", "pre_cross_sum")} for s in e.statistics}


def _same(got: dict[tuple[str, str], dict[str, Any]], want: dict[tuple[str, str], dict[str, Any]]) -> None:
    assert set(got) == set(want) and len(got) == 6
    for key, values in want.items():
        for name, value in values.items():
            assert got[key][name] == (None if value is None else pytest.approx(value, rel=1e-12)), (key, name)


def _running(api: TestClient, **fields: Any) -> int:
    made = api.post("/api/v1/experiments", json={**DESIGN, "variant_column": "arm", "metric_columns": COLUMNS,
                                                 **fields})
    assert made.status_code == 201, made.text
    assert api.post(f"/api/v1/experiments/{made.json()['id']}/transition", json={"status": "running"}).status_code \
        == 200
    return int(made.json()["id"])


def test_a_source_computes_the_data_files_statistics_through_the_api_and_the_cli(
        api_as: Client, cli: Cli, ws: Workspace, people: People, data: Path,  # noqa: F811
        shop_url: str | None) -> None:
    api = api_as("member")
    by_file = _running(api, data_file="units.csv")
    assert api.post(f"/api/v1/experiments/{by_file}/results/compute").status_code == 200
    want = _stored(ws, by_file)
    sources = ["units", "pq"] + (["shop"] if shop_url else [])
    for source in sources:
        made = _running(api, source=source)
        computed = api.post(f"/api/v1/experiments/{made}/results/compute")
        assert computed.status_code == 200, computed.text
        _same(_stored(ws, made), want)
        shown = api.get(f"/api/v1/experiments/{made}").json()
        assert shown["source"] == source and shown["results_source"] == f"source {source}"
    if shop_url:  # a query source reads the table named for the experiment, in PostgreSQL
        made = _running(api, source="shop_query", source_table="units")
        assert api.post(f"/api/v1/experiments/{made}/results/compute").status_code == 200
        _same(_stored(ws, made), want)
    # the CLI: designed with a source, started, computed
    metric_args = ["--metric-column", "conversion=conversion", "--metric-column", "page_load_ms=revenue"]
    code, out, err = cli("experiment", "new", "From the source", "--owner", people.member, "--primary", "conversion",
                         "--min-effect", "0.02", "--guardrail", "page_load_ms:up", "--source", sources[-1],
                         "--variant-column", "arm", *metric_args, "--format", "json")
    assert code == 0, err
    ident = str(json.loads(out)["id"])
    assert json.loads(out)["source"] == sources[-1]
    assert cli("experiment", "start", ident, "--as", people.member)[0] == 0
    code, out, err = cli("experiment", "results", ident, "--compute", "--as", people.member, "--format", "json")
    assert code == 0, err
    got = _stored(ws, int(ident))
    for (variant, metric), values in want.items():
        if metric == "conversion":
            assert got[(variant, metric)]["sum"] == pytest.approx(values["sum"], rel=1e-12)
            assert got[(variant, metric)]["n"] == values["n"]


def test_bad_sources_are_refused_naming_the_field_and_change_nothing(api_as: Client, ws: Workspace,
                                                                     data: Path, shop_url: str | None) -> None:
    api = api_as("member")
    unknown = api.post("/api/v1/experiments", json={**DESIGN, "source": "unitz", "variant_column": "arm"})
    assert unknown.status_code == 422
    assert "source: the workspace's metrics file has no source 'unitz'; did you mean 'units'?" in unknown.text
    assert "Its sources: glob, lite, pq" in unknown.text
    lite = api.post("/api/v1/experiments", json={**DESIGN, "source": "lite", "variant_column": "arm"})
    assert lite.status_code == 422 and "source: source 'lite' is on a sqlite database" in lite.text
    glob = api.post("/api/v1/experiments", json={**DESIGN, "source": "glob", "variant_column": "arm"})
    assert glob.status_code == 422 and "source: source 'glob' reads several files" in glob.text
    both = api.post("/api/v1/experiments", json={**DESIGN, "source": "units", "data_file": "units.csv"})
    assert both.status_code == 422 and "give a data_file or a source, not both" in both.text
    table = api.post("/api/v1/experiments", json={**DESIGN, "source": "units", "source_table": "x"})
    assert table.status_code == 422 and "source_table: source 'units' is a csv file" in table.text
    if shop_url:
        query = api.post("/api/v1/experiments", json={**DESIGN, "source": "shop_query"})
        assert query.status_code == 422 and "source_table: source 'shop_query' is a query" in query.text
    assert api.get("/api/v1/experiments").json()["items"] == []
    # a missing column: refused when computed, nothing stored; a PATCH to an unknown source changes nothing
    for source in ["units"] + (["shop"] if shop_url else []):
        made = _running(api, source=source, metric_columns={**COLUMNS, "conversion": "converted"})
        refused = api.post(f"/api/v1/experiments/{made}/results/compute")
        assert refused.status_code == 422 and "no column 'converted'" in refused.text
        assert "did you mean 'conversion'?" in refused.text
        assert _stored(ws, made) == {}
        version = api.get(f"/api/v1/experiments/{made}").json()["version"]
        patched = api.patch(f"/api/v1/experiments/{made}", json={"source": "nope", "version": version})
        assert patched.status_code == 422 and "source: the workspace's metrics file has no source 'nope'" \
            in patched.text
        assert api.get(f"/api/v1/experiments/{made}").json()["source"] == source


def test_the_form_sets_a_source_and_the_page_computes_from_it(ws: Workspace, people: People, data: Path,
                                                              shop_url: str | None) -> None:
    from tests.experiments.test_experiments_web import FORM, _member

    client, csrf = _member(ws, people)
    form = {**FORM, "variant_column": "arm", "metric_columns": "page_load_ms = revenu", "csrf_token": csrf}
    refused = client.post("/experiments/new", data={**form, "source": "unitz"}, follow_redirects=False)
    assert refused.status_code == 422 and "has no source &#39;unitz&#39;; did you mean &#39;units&#39;?" \
        in refused.text
    with ws.session() as session:
        assert session.query(Experiment).count() == 0
    made = client.post("/experiments/new", data={**form, "source": "units"}, follow_redirects=False)
    assert made.status_code == 303, made.text
    ident = int(made.headers["location"].rsplit("/", 1)[1])
    client.post(f"/experiments/{ident}/transition", data={"status": "running", "csrf_token": csrf})
    page = client.get(f"/experiments/{ident}").text
    assert "Compute from source units" in page and "units of the metrics file" in page
    missing = client.post(f"/experiments/{ident}/compute", data={"csrf_token": csrf}, follow_redirects=False)
    assert missing.status_code == 422 and "source units: no column &#39;revenu&#39;" in missing.text
    assert "did you mean &#39;revenue&#39;?" in missing.text and _stored(ws, ident) == {}
    with ws.session() as session:  # a designed experiment's columns are edited as its design; here, directly
        e = session.get(Experiment, ident)
        assert e is not None
        e.metric_columns = {"page_load_ms": {"column": "revenue", "denominator": None, "pre": None}}
    computed = client.post(f"/experiments/{ident}/compute", data={"csrf_token": csrf}, follow_redirects=False)
    assert computed.status_code == 303, computed.text
    got = _stored(ws, ident)
    assert {k for k in got} == {(v, m) for v in ("control", "treatment") for m in ("conversion", "page_load_ms")}


@pytest.mark.spark
@pytest.mark.filterwarnings("ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning")
def test_a_file_source_read_on_spark_gives_duckdbs_statistics(ws: Workspace, data: Path, spark: Any) -> None:
    from dayone.experiments.sourcedata import source_statistics
    from dayone.experiments.sufficient import MetricColumns

    metrics = [MetricColumns("conversion", "conversion"), MetricColumns("rev", "revenue", pre="pre_revenue"),
               MetricColumns("per_session", "revenue", denominator="sessions")]
    with ws.session() as session:
        tables = [source_statistics(session, "pq", None, "arm", metrics, ["control", "treatment"], spark=engine)
                  for engine in (None, spark)]
    duck, on_spark = tables
    assert duck.variants == on_spark.variants == ("control", "treatment")
    for key, row in duck.rows.items():
        for name, value in row.values.items():
            assert on_spark.rows[key].values[name] == pytest.approx(value, rel=1e-12), (key, name)
