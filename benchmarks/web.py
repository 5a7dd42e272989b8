"""Latency, throughput and errors of the server under a mixed load, by clients and processes.

Starts `dayone demo` (SQLite, a fresh DAYONE_HOME) in its own process with one and then two
server processes, signs in, and drives it over loopback from a separate load process with
10, 50 and 200 keep-alive clients for a bounded time each. The mix: the deck page
(/wbr/WEEK), the organization page, the documents list, the initiatives API and team
writes through the API. Prints, per row, requests/s, p50/p95/p99 in ms, 503s (busy, with
Retry-After), other errors and requests that hung past their 30 s timeout.

    python benchmarks/web.py [--seconds 10] [--clients 10,50,200] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import loadgen  # the load generator the load test uses
from tests.loadgen import Request
from tests.servers import free_port, wait_healthy


def start_demo(home: Path, port: int, workers: int) -> tuple[subprocess.Popen[bytes], str, str]:
    env = {**os.environ, "DAYONE_HOME": str(home)}
    env.pop("DAYONE_DATABASE_URL", None)
    dayone = [sys.executable, "-m", "dayone"]
    made = subprocess.run([*dayone, "demo", "--no-serve"], env=env, text=True, capture_output=True, check=True)
    found = re.search(r"Sign in as (\S+) with password (\S+)", made.stdout)
    assert found, made.stdout
    server = subprocess.Popen([*dayone, "serve", "--port", str(port), "--workers", str(workers)], env=env,
                              stdout=subprocess.DEVNULL, stderr=(home / "server.log").open("ab"))
    wait_healthy(f"http://127.0.0.1:{port}")
    token = subprocess.run([*dayone, "token", "create", "--user", found.group(1), "--name", f"bench{port}"],
                           env=env, text=True, capture_output=True, check=True).stdout.strip()
    return server, found.group(1) + "\n" + found.group(2), token


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def deck_week(base: str, cookie: str) -> str:
    try:
        urllib.request.build_opener(_NoRedirect).open(
            urllib.request.Request(f"{base}/wbr", headers={"Cookie": cookie}), timeout=120)
    except urllib.error.HTTPError as answer:
        return str(answer.headers["Location"]).rsplit("/", 1)[1]
    raise SystemExit("/wbr did not redirect to a week")


def plans(cookie: str, token: str, week: str, clients: int) -> list[list[Request]]:
    page = {"Cookie": cookie}
    api = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    mix = [
        [Request("deck page", "GET", f"/wbr/{week}", page)],
        [Request("org page", "GET", "/org", page), Request("documents page", "GET", "/documents", page)],
        [Request("initiatives API", "GET", "/api/v1/initiatives", api)],
        [Request("team write API", "POST", "/api/v1/teams", api,
                 loadgen.json_body(lambda n: {"name": f"Bench {time.time_ns()}-{n}"}))],
    ]
    return [mix[k % len(mix)] for k in range(clients)]


def measure(port: int, who: tuple[str, str, str], clients: int, seconds: float) -> dict[str, float]:
    """Runs in its own process: the load never shares an interpreter with the server."""
    report = loadgen.run("127.0.0.1", port, plans(*who, clients), seconds)
    statuses = report.by_status()
    ok = sum(n for s, n in statuses.items() if 200 <= s < 400)
    busy = statuses.get(503, 0)
    return {"requests": len(report.outcomes), "rps": ok / report.elapsed, "p50": report.percentile(50),
            "p95": report.percentile(95), "p99": report.percentile(99), "busy": busy, "hung": report.hung,
            "errors": len(report.outcomes) - ok - busy - report.hung}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10.0, help="time per measurement")
    parser.add_argument("--clients", default="10,50,200", help="concurrency levels")
    parser.add_argument("--workers", default="1,2", help="server processes to compare")
    args = parser.parse_args()
    print(f"Day One demo on SQLite, {os.cpu_count()} cores, {args.seconds:g} s a row, load from a separate "
          "process; mix: deck page, org/documents pages, initiatives API, team writes\n")
    print(f"{'processes':>9} {'clients':>7} {'requests':>8} {'ok req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p99 ms':>8} {'503':>5} {'errors':>6} {'hung':>5}")
    for workers in (int(w) for w in args.workers.split(",")):
        with tempfile.TemporaryDirectory() as home:
            port = free_port()
            server, login, token = start_demo(Path(home), port, workers)
            try:
                email, password = login.split("\n")
                base = f"http://127.0.0.1:{port}"
                cookie, _ = loadgen.sign_in_cookie(base, email, password)
                who = (cookie, token, deck_week(base, cookie))
                with get_context("spawn").Pool(1) as pool:
                    pool.apply(measure, (port, who, 4, 2.0))  # warm up
                    for clients in (int(c) for c in args.clients.split(",")):
                        r = pool.apply(measure, (port, who, clients, args.seconds))
                        print(f"{workers:>9} {clients:>7} {r['requests']:>8} {r['rps']:>8.0f} {r['p50']:>8.0f} "
                              f"{r['p95']:>8.0f} {r['p99']:>8.0f} {r['busy']:>5} {r['errors']:>6} {r['hung']:>5}",
                              flush=True)
                        wait_healthy(base)
            finally:
                server.terminate()
                server.wait(timeout=15)


if __name__ == "__main__":
    main()
