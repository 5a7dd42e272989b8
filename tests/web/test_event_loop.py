"""No database work on the event loop: every route and dependency is a plain function (run
in the thread pool), and a request stuck on the database leaves the server answering others."""

from __future__ import annotations

import inspect
import os
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts

from dayone.web.app import create_app
from dayone.workspace import Workspace
from tests.servers import start_server, stop


def _dependencies(dependant: Any) -> list[Any]:
    found = []
    for sub in dependant.dependencies:
        found.append(sub.call)
        found.extend(_dependencies(sub))
    return found


def test_no_route_or_dependency_is_a_coroutine(ws: Workspace) -> None:
    contexts = list(iter_route_contexts(create_app(ws).routes))
    assert len(contexts) > 100  # every included router's routes are walked
    offenders = []
    for context in contexts:
        route = context.route
        if not isinstance(route, APIRoute):
            continue
        for call in [route.endpoint, *_dependencies(route.dependant)]:
            if inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call):
                offenders.append(f"{route.path}: {call.__module__}.{call.__qualname__}")
    assert offenders == []


@pytest.mark.xdist_group("load")
def test_a_request_waiting_on_the_database_blocks_no_one_else(tmp_path: Path) -> None:
    env = {**os.environ, "DAYONE_HOME": str(tmp_path), "DAYONE_SECRET_KEY": "loop"}
    env.pop("DAYONE_DATABASE_URL", None)
    for command in (["init"], ["user", "add", "ada@example.com", "--name", "Ada", "--role", "admin", "--password",
                     "Event-loop-test-2026"], ["token", "create", "--user", "ada@example.com", "--name", "t"]):
        done = subprocess.run([sys.executable, "-m", "dayone", *command], env=env, text=True, capture_output=True)
        assert done.returncode == 0, done.stderr
    token = done.stdout.strip()
    process, port = start_server(env, tmp_path / "server.log")
    base = f"http://127.0.0.1:{port}"
    blocker = sqlite3.connect(tmp_path / "dayone.db", isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")  # another process holds the write lock for a while
        waiting: list[int] = []

        def write(k: int) -> None:  # waits for the lock in its thread
            request = urllib.request.Request(f"{base}/api/v1/teams", data=f'{{"name": "T{k}"}}'.encode(),
                                             headers={"Authorization": f"Bearer {token}",
                                                      "Content-Type": "application/json"})
            waiting.append(urllib.request.urlopen(request, timeout=30).status)

        writers = [threading.Thread(target=write, args=(k,)) for k in range(4)]
        for w in writers:
            w.start()
        time.sleep(0.5)
        for _ in range(5):
            started = time.monotonic()
            assert urllib.request.urlopen(f"{base}/-/health", timeout=5).status == 200
            assert time.monotonic() - started < 3  # a blocked loop would wait for the lock: 5 s and more
            page = urllib.request.urlopen(f"{base}/sign-in", timeout=5)  # a read: WAL readers do not wait
            assert page.status == 200
            time.sleep(0.2)
        assert waiting == []  # the writes were still waiting for the lock all along
        blocker.execute("ROLLBACK")
        for w in writers:
            w.join(30)
        assert waiting == [201] * 4  # each was stored once the lock was free
    finally:
        blocker.close()
        stop(process)
