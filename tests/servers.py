"""Real server processes for tests: `dayone serve` on a free loopback port, with the
environment of a fresh workspace on SQLite or on a PostgreSQL database of its own."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_healthy(base: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(f"{base}/-/health", timeout=1).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def init_workspace(env: dict[str, str]) -> None:
    """`dayone init` in ``env``'s workspace (nothing changes when it is already there)."""
    done = subprocess.run([sys.executable, "-m", "dayone", "init"], env=env, text=True, capture_output=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr


def start_server(env: dict[str, str], log: Path, *extra: str, port: int | None = None
                 ) -> tuple[subprocess.Popen[bytes], int]:
    """`dayone serve` with ``env``, its output appended to ``log`` (a pipe could fill and stall it)."""
    port = port or free_port()
    init_workspace(env)  # `dayone serve` makes no workspace of its own
    with log.open("ab") as out:
        process = subprocess.Popen([sys.executable, "-m", "dayone", "serve", "--port", str(port), *extra],
                                   env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_healthy(f"http://127.0.0.1:{port}")
    except OSError:
        process.kill()
        process.wait()
        raise AssertionError(f"the server did not start: {log.read_text()[-2000:]}") from None
    return process, port


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()



@contextmanager
def workspace_env(backend: str, home: Path, prefix: str) -> Iterator[dict[str, str]]:
    """DAYONE_* settings for a new workspace in ``home``: its SQLite file, or (``postgresql``) a
    database of its own on the test server, dropped afterwards."""
    env = {**os.environ, "DAYONE_HOME": str(home), "DAYONE_SECRET_KEY": f"{prefix}-secret"}
    env.pop("DAYONE_DATABASE_URL", None)
    if backend == "sqlite":
        init_workspace(env)
        yield env
        return
    admin_url = os.environ.get("DAYONE_TEST_POSTGRES_URL")
    if not admin_url:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL not configured: run the suite with `make test`")
        pytest.skip("PostgreSQL not configured")
    database = f"dayone_{prefix}_{os.getpid()}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{database}"'))
        conn.execute(text(f'CREATE DATABASE "{database}"'))
    env["DAYONE_DATABASE_URL"] = make_url(admin_url).set(database=database).render_as_string(hide_password=False)
    try:
        init_workspace(env)
        yield env
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()
