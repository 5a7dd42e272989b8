"""Hostile metrics files through every door (issue 9): the web editor, the API and the CLI.

Each file tries to read a file (an expression, a source, a symlink or `..` out of the data
folder, the workspace's own database), write one (COPY … TO), attach a database, install or
load an extension, run a second statement, hide a comment, expand the server's environment or
reach the network. Each is refused before anything runs, with the field and line; and the file
system says so: the files outside the data are tripwires that record being opened, and the
files a write would create do not exist.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dayone.auth.permissions import CLI_ACTOR
from dayone.settings import Settings
from dayone.wbr import service
from dayone.wbr.models import WbrMetricsFile
from dayone.workspace import Workspace
from tests.cli.test_cli import Cli, cli  # noqa: F401
from tests.helpers import csrf_of

Client = Callable[[str], TestClient]
SECRET = "TRIPWIRE-SECRET-CONTENT"
GOOD = """\
sources:
  d: {csv: d.csv, date_column: date}
metrics:
  orders: {source: d, column: orders, owner: max@example.com}
"""


class Tripwire:
    """Named pipes that record being opened: a reader's open() waits for a writer, so the
    watcher sees every reader, notes the pipe, and lets the reader go with end-of-file. Stat,
    realpath and directory listings do not open a file, so they do not trip it."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths, self.opened = paths, set[Path]()
        for path in paths:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.mkfifo(path)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.is_set():
            for path in self.paths:
                try:
                    fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)  # succeeds only while someone reads
                except OSError:
                    continue
                self.opened.add(path)
                # A reader may open the pipe and leave before reading (Arrow, finding it cannot seek).
                with contextlib.suppress(BrokenPipeError):
                    os.write(fd, f"date,orders\n2026-11-21,{SECRET}\n".encode())
                os.close(fd)
            time.sleep(0.002)

    def wait_for(self, expected: set[Path], seconds: float = 2.0) -> set[Path]:
        """The pipes opened so far, waiting up to `seconds` for `expected`: a reader that gives
        up at once can return before the watcher's thread has noted it."""
        deadline = time.monotonic() + seconds
        while self.opened != expected and time.monotonic() < deadline:
            time.sleep(0.005)
        return set(self.opened)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Scene:
    home: Path
    data: Path
    outside: Path  # a tripwire outside every allowed folder
    private: Path  # a tripwire in the workspace's home, outside its data folder
    marker: Path  # what a write would create
    tripwire: Tripwire

    def fill(self, body: str) -> str:
        return (body.replace("{outside}", str(self.outside)).replace("{private}", str(self.private))
                .replace("{marker}", str(self.marker)).replace("{home}", str(self.home)))

    def untouched(self) -> None:
        time.sleep(0.02)  # a reader blocked in open() is seen within milliseconds
        assert self.tripwire.opened == set(), f"read: {self.tripwire.opened}"
        assert not list(self.marker.parent.glob(self.marker.name + "*")), "written"


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    """The test workspace, with one named connection (a SQLite file in its data folder) and
    one more data folder."""
    return settings.model_copy(update={"wbr_connections": {"shop": f"sqlite:///{settings.home / 'data' / 'shop.db'}"},
                                       "wbr_data_dirs": (tmp_path / "exports",)})


def _data(folder: Path) -> None:
    with (folder / "d.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "orders", "region"])
        for i in range(400):
            writer.writerow([date(2026, 11, 21) - timedelta(days=i), 10, "EU"])


@pytest.fixture
def scene(ws: Workspace, tmp_path: Path) -> Iterator[Scene]:
    home = ws.settings.home
    data = home / "data"
    data.mkdir(parents=True, exist_ok=True)
    _data(data)
    with sqlite3.connect(data / "shop.db") as con:
        con.execute("CREATE TABLE t (date TEXT, orders INT)")
        con.execute("INSERT INTO t VALUES ('2026-11-21', 3)")
    (data / "m.yaml").write_text(GOOD)
    outside, private = tmp_path / "outside" / "secret.csv", home / "private" / "secret.csv"
    tripwire = Tripwire([outside, private])
    (data / "link.csv").symlink_to(outside)
    with ws.session() as session:
        service.use(session, CLI_ACTOR, data / "m.yaml")
    yield Scene(home, data, outside, private, tmp_path / "MARKER", tripwire)
    tripwire.stop()


def _metric(**fields: str) -> str:
    inner = ", ".join(f"{k}: {v!r}" if k in ("column", "filter") else f"{k}: {v}" for k, v in fields.items())
    return GOOD + f"  hostile: {{{inner}}}\n"


def _source(source: str) -> str:
    return GOOD.replace("metrics:", f"  x: {{{source}, date_column: date}}\nmetrics:") + \
        "  hostile: {source: x, column: orders}\n"


# (what it tries, the file, the field refused, whether a file on the command line is refused too)
HOSTILE = [
    ("read a file", _metric(source="d", column="read_text('{outside}')"), "metrics.hostile.column", True),
    ("read the store", _metric(source="d", column="length(read_blob('{home}/dayone.db'))"), "metrics.hostile.column",
     True),
    ("read a CSV in a filter", _metric(source="d", column="orders",
                                       filter="(SELECT count(*) FROM read_csv('{outside}')) > 0"),
     "metrics.hostile.filter", True),
    ("read Parquet", _metric(source="d", column="read_parquet('{outside}')"), "metrics.hostile.column", True),
    ("list files", _metric(source="d", column="orders", filter="region IN (SELECT file FROM glob('/*'))"),
     "metrics.hostile.filter", True),
    ("write a file", _metric(source="d", column="orders", filter="region = 'EU'; COPY (SELECT 1) TO '{marker}'"),
     "metrics.hostile.filter", True),
    ("attach", _metric(source="d", column="orders", filter="ATTACH '{marker}' AS stolen"),
     "metrics.hostile.filter", True),
    ("install", _metric(source="d", column="orders", filter="INSTALL httpfs"), "metrics.hostile.filter", True),
    ("load", _metric(source="d", column="orders", filter="LOAD httpfs"), "metrics.hostile.filter", True),
    ("hide a comment", _metric(source="d", column="orders", filter="region = 'EU' -- "), "metrics.hostile.filter",
     True),
    ("a subquery", _metric(source="d", column="(SELECT max(orders) FROM d)"), "metrics.hostile.column", True),
    ("expand the environment", _source("table: t, database: 'sqlite:///${HOME}/x.db'"), "sources.x.database",
     False),
    ("a URL with a password", _source("table: t, database: 'postgresql://u:pw@127.0.0.1:1/db'"),
     "sources.x.database", False),
    ("a second statement", _source("sql: 'SELECT * FROM t; DELETE FROM t', database: shop"), "sources.x.sql", True),
    ("a function that loads code", _source("sql: \"SELECT load_extension('{marker}') AS date\", database: shop"),
     "sources.x.sql", True),
    ("the network (CSV)", _source("csv: 'http://127.0.0.1:9/x.csv'"), "sources.x.csv", True),
    ("the network (Parquet)", _source("parquet: 'https://example.com/x.parquet'"), "sources.x.parquet", True),
    ("escape with ..", _source("csv: ../../outside/secret.csv"), "sources.x.csv", False),
    ("an absolute path", _source("csv: '{outside}'"), "sources.x.csv", False),
    ("escape with a symlink", _source("csv: link.csv"), "sources.x.csv", False),
    ("the home outside its data", _source("csv: '{private}'"), "sources.x.csv", True),
    ("the store as CSV", _source("csv: '{home}/dayone.db'"), "sources.x.csv", True),
    ("the store as a database", _source("table: users, database: 'sqlite:///{home}/dayone.db'"),
     "sources.x.database", True),
]
IDS = [h[0] for h in HOSTILE]


def _line(body: str, field: str) -> int:
    key = field.split(".")[1]
    return next(i for i, text in enumerate(body.splitlines(), start=1) if text.startswith(f"  {key}:"))


def test_the_api_refuses_each_before_anything_runs(api_as: Client, scene: Scene) -> None:
    admin = api_as("admin")
    version = admin.get("/api/v1/metrics/file").json()["version"]
    for what, body, field, _ in HOSTILE:
        body = scene.fill(body)
        response = admin.put("/api/v1/metrics/file", json={"body": body, "based_on": version})
        assert response.status_code == 422, (what, response.text)
        found = {(d["location"]["field"].rsplit(".", 1)[0] if d["location"]["field"].count(".") > 2 else
                  d["location"]["field"], d["location"]["line"]) for d in response.json()["error"]["details"]}
        assert (field, _line(body, field)) in found, (what, response.json())
        assert SECRET not in response.text and os.environ.get("HOME", "~") not in response.text.replace(
            str(scene.home), ""), what
        scene.untouched()
    assert admin.get("/api/v1/metrics/file").json()["version"] == version  # nothing was saved
    viewer = api_as("viewer")
    assert viewer.get("/api/v1/wbr/latest").status_code == 200  # the deck still computes, from the good file
    scene.untouched()


def test_the_web_editor_refuses_each_before_anything_runs(browser_as: Client, scene: Scene) -> None:
    admin = browser_as("admin")
    csrf = csrf_of(admin, "/wbr/metrics")
    version = re.search(r'name="based_on" value="(\d+)"', admin.get("/wbr/metrics").text).group(1)  # type: ignore
    for what, body, field, _ in HOSTILE:
        body = scene.fill(body)
        page = admin.post("/wbr/metrics", data={"csrf_token": csrf, "body": body, "based_on": version})
        assert page.status_code == 422, what
        assert f"line {_line(body, field)}: {field}" in page.text, (what, field)
        assert SECRET not in page.text
        scene.untouched()
    assert "Saved version" not in admin.get("/wbr/metrics").text


def test_the_api_refuses_a_hostile_new_metric(api_as: Client, scene: Scene) -> None:
    admin = api_as("admin")
    for column, filter_ in (("read_text('/etc/passwd')", None), ("orders", "1 = 1; COPY (SELECT 1) TO 'x'")):
        added = admin.post("/api/v1/metrics", json={"name": "evil", "source": "d", "column": column,
                                                      "filter": filter_})
        assert added.status_code == 422 and "is not allowed" in str(added.json()["error"]["details"])
    scene.untouched()


def test_the_command_line_refuses_what_it_must(cli: Cli, scene: Scene, tmp_path: Path,  # noqa: F811
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A file on the command line keeps its freedoms (paths, URLs, ${VAR}), not statements,
    extensions, file-reading functions, the network or the workspace's own folder."""
    monkeypatch.setenv("DAYONE_WBR_CONNECTIONS", f'{{"shop": "sqlite:///{scene.data / "shop.db"}"}}')
    out = tmp_path / "deck.json"
    for what, body, field, refused in HOSTILE:
        if not refused:
            continue
        path = scene.data / "cli.yaml"
        path.write_text(scene.fill(body))
        code, _, err = cli("wbr", "build", str(path), "--out", str(out))
        assert code == 1 and f"cli.yaml:{_line(scene.fill(body), field)}: {field}" in err, (what, err)
        assert "Traceback" not in err and not out.exists() and SECRET not in err
        scene.untouched()
    for what, body, _, refused in HOSTILE:  # what the workspace refuses, `dayone wbr use` refuses too
        if refused:
            continue
        path = scene.data / "use.yaml"
        path.write_text(scene.fill(body))
        code, _, err = cli("wbr", "use", str(path))
        assert code == 1 and "Traceback" not in err, what
    scene.untouched()


def test_the_tripwire_sees_the_readers_of_the_engines(tmp_path: Path) -> None:
    """What the tests above rely on: DuckDB's and Arrow's readers trip it, a stat does not."""
    import duckdb
    import pyarrow.csv as pa_csv

    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    tripwire = Tripwire([first, second])
    try:
        assert first.exists() and os.path.realpath(first) and tripwire.opened == set()
        assert SECRET in duckdb.connect().execute(f"SELECT content FROM read_text('{first}')").fetchone()[0]
        with pytest.raises(OSError, match="lseek"):  # Arrow opens the pipe, then finds it cannot seek it
            pa_csv.read_csv(second)
        assert tripwire.wait_for({first, second}) == {first, second}
    finally:
        tripwire.stop()


def test_a_hostile_file_stored_before_the_rules_is_refused_when_read(api_as: Client, browser_as: Client,
                                                                      ws: Workspace, scene: Scene) -> None:
    """A version saved by an older Day One (or written straight into the database) is checked
    again when it is read: nothing runs, and only admins see why."""
    hostile = scene.fill(_metric(source="d", column="read_text('{outside}')"))
    with ws.session() as session:
        session.add(WbrMetricsFile(body=hostile, name="m.yaml", base_dir=str(scene.data)))
    viewer = api_as("viewer").get("/api/v1/wbr/2026-11-21?live=true")
    assert viewer.status_code == 422 and "Ask an admin" in viewer.json()["error"]["message"]
    assert "read_text" not in viewer.text and str(scene.outside) not in viewer.text
    admin = api_as("admin").get("/api/v1/wbr/2026-11-21?live=true")
    assert admin.status_code == 422 and "read_text()" in str(admin.json()["error"]["details"])
    page = browser_as("admin").get("/wbr/metrics")  # the admin can open the editor to fix it
    assert page.status_code == 200 and "cannot be read" in page.text and "read_text()" in page.text
    scene.untouched()


def test_engine_errors_are_shown_to_admins_only(api_as: Client, browser_as: Client, scene: Scene) -> None:
    """The engine's message can quote the data; others learn what failed and whom to ask."""
    (scene.data / "d.csv").write_text(f"date,orders\n2026-11-21,1\n{SECRET},2\n")
    for role in ("viewer", "member"):
        client = api_as(role)
        deck = client.get("/api/v1/wbr/2026-11-21?live=true")
        assert deck.status_code == 422 and SECRET not in deck.text
        message = deck.json()["error"]["message"]
        assert message == ("The metric orders could not be computed. Ask its owner (max@example.com) or an admin: "
                           "admins see the reason.")
        shown = client.get("/api/v1/wbr/2026-11-21/sql/orders")
        assert shown.status_code == 422 and SECRET not in shown.text
        page = browser_as(role).get("/wbr/2026-11-21?live=true")
        assert page.status_code == 422 and SECRET not in page.text and "max@example.com" in page.text
    admin = api_as("admin").get("/api/v1/wbr/2026-11-21?live=true")
    assert admin.status_code == 422 and SECRET in admin.json()["error"]["message"]
    assert SECRET in browser_as("admin").get("/wbr/2026-11-21/sql/orders").text


CRASHING_SERVER = """
import os, subprocess, sys
from pathlib import Path
from dayone.auth import service as accounts
from dayone.auth.permissions import CLI_ACTOR
from dayone.errors import ValidationFailed
from dayone.metrics import spec
from dayone.metrics.compute import Engine
from dayone.settings import Settings
from dayone.wbr import service
from dayone.workspace import Workspace

home = Path(sys.argv[1])
ws = Workspace.open(Settings(home=home, secret_key="k"))
reader = ws.engine.connect()  # a pooled connection, held as a server holds them
reader.exec_driver_sql("SELECT 1")


def add(n):
    with ws.session() as session:
        accounts.add_user(session, CLI_ACTOR, email=f"u{n}@example.com", name=f"U{n}", role="viewer",
                          password="a-long-enough-password")


add(1)
store = home / "dayone.db"
(home / "data").mkdir(exist_ok=True)
(home / "data" / "m.yaml").write_text(
    f"sources: {{s: {{csv: '{store}', date_column: d}}}}\\nmetrics: {{n: {{source: s, column: n}}}}\\n")
refused = []
with ws.session() as session:
    try:
        service.use(session, CLI_ACTOR, home / "data" / "m.yaml")
    except ValidationFailed as exc:
        refused.append("workspace" if "Day One" in str(exc.details) else "?")
try:
    Engine(spec.load(home / "data" / "m.yaml")).close()  # the command line's rules
except ValidationFailed as exc:
    refused.append("command line" if "Day One" in str(exc.details) else "?")
source = spec.SourceSpec("s", "csv", str(store), "d")  # past the file's checks, straight to the engine
with Engine(spec.MetricsFile(None, "saturday", 12, {"s": source},
                             {"n": spec.MetricSpec("n", source="s", column="n")}, [])) as built:
    if "s" in built.failed:  # the source is refused before anything opens it; the others would compute
        refused.append("engine" if "Day One" in built.failed["s"].message else "?")
add(2)
subprocess.run([sys.executable, "-m", "dayone", "user", "list"], check=True, capture_output=True,
               env=dict(os.environ, DAYONE_HOME=str(home), DAYONE_SECRET_KEY="k"))
add(3)
print(",".join(refused), flush=True)
os._exit(0)  # a crash: nothing closed, nothing checkpointed
"""


def test_the_store_is_never_opened_by_the_engine_so_acknowledged_writes_survive(tmp_path: Path) -> None:
    """High 3: once the server's process opened dayone.db with Arrow or DuckDB, SQLite's POSIX
    locks were gone, the next `dayone` command deleted the live WAL, and the writes after it
    were lost in a crash. Every way to make the engine open the store is refused, so a write
    acknowledged after a CLI command survives the crash."""
    import subprocess
    import sys

    home = tmp_path / "home"
    done = subprocess.run([sys.executable, "-c", CRASHING_SERVER, str(home)], capture_output=True, text=True,
                          timeout=120, env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "workspace,command line,engine"
    with sqlite3.connect(home / "dayone.db") as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        emails = {row[0] for row in con.execute("SELECT email FROM people")}
    assert {"u1@example.com", "u2@example.com", "u3@example.com"} <= emails


def test_the_servers_settings_name_what_the_workspace_file_may_read(api_as: Client, scene: Scene,
                                                                      tmp_path: Path) -> None:
    """A named connection and a folder of DAYONE_WBR_DATA_DIRS work through the API."""
    (tmp_path / "exports").mkdir()
    _data(tmp_path / "exports")
    admin = api_as("admin")
    body = GOOD + "  sold: {source: shop_t, column: orders}\n  exported: {source: e, column: orders}\n"
    body = body.replace("metrics:", f"  shop_t: {{table: t, database: shop, date_column: date}}\n"
                                    f"  e: {{csv: '{tmp_path / 'exports' / 'd.csv'}', date_column: date}}\nmetrics:")
    saved = admin.put("/api/v1/metrics/file", json={"body": body,
                                                    "based_on": admin.get("/api/v1/metrics/file").json()["version"]})
    assert saved.status_code == 200, saved.text
    deck = api_as("viewer").get("/api/v1/wbr/2026-11-21?live=true").json()
    last = {name: m["weeks"][-1]["value"] for name, m in deck["metrics"].items()}
    assert last["sold"] == 3 and last["exported"] == 70
    scene.untouched()
