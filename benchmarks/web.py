"""Latency and throughput of the organization page and /api/v1/initiatives.

Starts `dayone demo` (SQLite, a fresh DAYONE_HOME) in its own process, signs in,
then drives it from a separate load process over loopback with 1, 10 and 50
keep-alive clients for a bounded time each, and prints p50/p95/p99 and requests/s.

    python benchmarks/web.py [--seconds 5] [--clients 1,10,50]
"""

from __future__ import annotations

import argparse
import asyncio
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from multiprocessing import get_context
from pathlib import Path

TARGET_P95_MS = 50.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_demo(home: Path, port: int, workers: int) -> tuple[subprocess.Popen[str], str, str]:
    env = {**os.environ, "DAYONE_HOME": str(home)}
    env.pop("DAYONE_DATABASE_URL", None)
    dayone = [sys.executable, "-m", "dayone"]
    server = subprocess.Popen([*dayone, "demo", "--port", str(port), "--workers", str(workers)],
                              env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert server.stdout is not None
    email = password = ""
    for line in server.stdout:
        if found := re.search(r"Sign in as (\S+) with password (\S+)", line):
            email, password = found.groups()
        if line.startswith("Open http"):
            break
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/-/health", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    token = subprocess.run([*dayone, "token", "create", "--user", email, "--name", "bench"],
                           env=env, text=True, capture_output=True, check=True).stdout.strip()
    return server, email + "\n" + password, token


def session_cookie(base: str, email: str, password: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/sign-in").read().decode()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    form = urllib.parse.urlencode({"csrf_token": csrf, "email": email, "password": password,
                                   "next": "/org"}).encode()
    opener.open(f"{base}/sign-in", data=form).read()
    return "; ".join(f"{c.name}={c.value}" for c in jar)


async def _client(port: int, request: bytes, until: float, latencies: list[float],
                  errors: list[str]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < until:
            start = time.perf_counter()
            writer.write(request)
            await writer.drain()
            status_line = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - start)
            if b" 200 " not in status_line:
                errors.append(status_line.decode().strip())
    finally:
        writer.close()


def load(port: int, path: str, headers: dict[str, str], clients: int, seconds: float) -> dict:
    """Runs in its own process: the load never shares an interpreter with the server."""
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{head}\r\n".encode()
    latencies: list[float] = []
    errors: list[str] = []

    async def main() -> float:
        until = time.perf_counter() + seconds
        started = time.perf_counter()
        await asyncio.gather(*(_client(port, request, until, latencies, errors)
                               for _ in range(clients)))
        return time.perf_counter() - started

    elapsed = asyncio.run(main())
    ms = sorted(x * 1000 for x in latencies)
    cut = statistics.quantiles(ms, n=100) if len(ms) > 1 else ms * 99
    return {"requests": len(ms), "errors": len(errors), "rps": len(ms) / elapsed,
            "p50": cut[49], "p95": cut[94], "p99": cut[98]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5.0, help="time per measurement")
    parser.add_argument("--clients", default="1,10,50", help="concurrency levels")
    parser.add_argument("--workers", default="1,2", help="server processes to compare")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        for workers in (int(w) for w in args.workers.split(",")):
            run(Path(home), workers, args)


def run(home: Path, workers: int, args: argparse.Namespace) -> None:
    port = free_port()
    server, login, token = start_demo(home, port, workers)
    try:
        email, password = login.split("\n")
        base = f"http://127.0.0.1:{port}"
        targets = {
            "GET /org (page)": ("/org", {"Cookie": session_cookie(base, email, password)}),
            "GET /api/v1/initiatives": ("/api/v1/initiatives",
                                        {"Authorization": f"Bearer {token}"}),
        }
        print(f"\nDay One demo on SQLite, {workers} server process(es), {os.cpu_count()} cores; "
              f"{args.seconds:g} s per row, load from a separate process\n")
        print(f"{'target':26} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
              f"{'p99 ms':>8} {'errors':>6}")
        results = []
        with get_context("spawn").Pool(1) as pool:
            for name, (path, headers) in targets.items():
                pool.apply(load, (port, path, headers, 1, 1.0))  # warm up
                for clients in (int(c) for c in args.clients.split(",")):
                    r = pool.apply(load, (port, path, headers, clients, args.seconds))
                    results.append({"workers": workers, "target": name, "clients": clients, **r})
                    print(f"{name:26} {clients:>7} {r['rps']:>8.0f} {r['p50']:>8.1f} "
                          f"{r['p95']:>8.1f} {r['p99']:>8.1f} {r['errors']:>6}", flush=True)
        at10 = [r for r in results if r["clients"] == 10]
        for r in at10:
            verdict = "meets" if r["p95"] < TARGET_P95_MS else "MISSES"
            print(f"\n{r['target']}: p95 {r['p95']:.1f} ms at 10 clients {verdict} the "
                  f"{TARGET_P95_MS:.0f} ms target", end="")
        print()
        if os.environ.get("BENCH_JSON"):
            Path(os.environ["BENCH_JSON"]).write_text(json.dumps(results, indent=2))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
