"""Real server processes for tests: `dayone serve` on a free loopback port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


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


def start_server(env: dict[str, str], log: Path, *extra: str, port: int | None = None
                 ) -> tuple[subprocess.Popen[bytes], int]:
    """`dayone serve` with ``env``, its output appended to ``log`` (a pipe could fill and stall it)."""
    port = port or free_port()
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
