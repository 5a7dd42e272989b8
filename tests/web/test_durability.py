"""No acknowledged write is lost: the server is killed (SIGKILL) in the middle of a burst of
writes while a CLI command opens the same database; after a restart every write that was
answered 201 is there, and SQLite's integrity check passes. SQLite and PostgreSQL, real
server processes, loopback only."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import loadgen
from tests.loadgen import Report, Request
from tests.servers import start_server, stop, workspace_env

pytestmark = pytest.mark.xdist_group("load")



@pytest.fixture(params=["sqlite", "postgresql"])
def env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    with workspace_env(request.param, tmp_path / "home", "crash") as settings:
        yield settings


def _dayone(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dayone", *args], env=env, text=True, capture_output=True,
                          timeout=120)


def test_acknowledged_writes_survive_a_kill_and_a_concurrent_cli_command(env: dict[str, str],
                                                                        tmp_path: Path) -> None:
    made = _dayone(env, "user", "add", "ada@example.com", "--name", "Ada", "--role", "admin",
                   "--password", "Crash-test-password-2026")
    assert made.returncode == 0, made.stderr
    token = _dayone(env, "token", "create", "--user", "ada@example.com", "--name", "crash").stdout.strip()
    process, port = start_server(env, tmp_path / "server.log")
    api = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    plans = [[Request("write", "POST", "/api/v1/teams", api,
                      loadgen.json_body(lambda n, k=k: {"name": f"Crash {k}-{n}"}))] for k in range(8)]
    result: list[Report] = []
    burst = threading.Thread(target=lambda: result.append(
        loadgen.run("127.0.0.1", port, plans, seconds=4, timeout=20)))
    burst.start()
    time.sleep(1.0)
    cli = _dayone(env, "org", "findings")  # another process opens and closes the same database mid-burst
    assert cli.returncode in (0, 1), cli.stderr
    time.sleep(1.0)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    burst.join()

    acknowledged = {json.loads(o.body)["name"] for o in result[0].outcomes if o.status == 201}
    assert len(acknowledged) > 10, "the burst wrote too little to prove anything"
    if "DAYONE_DATABASE_URL" not in env:
        with sqlite3.connect(Path(env["DAYONE_HOME"]) / "dayone.db") as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    again, port = start_server(env, tmp_path / "server.log")
    try:
        listed = urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/teams",
                                                               headers=api), timeout=30)
        stored = {t["name"] for t in json.loads(listed.read())}
    finally:
        stop(again)
    assert acknowledged <= stored, f"acknowledged but lost: {sorted(acknowledged - stored)[:5]}"
