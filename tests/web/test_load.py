"""Fifty signed-in clients for ten seconds against a real server process, on SQLite and
PostgreSQL: nothing hangs, nothing fails with 500, the server answers its health check at
once afterwards, and every write it acknowledged is in the database.

Bounded (ten seconds of load, a timeout on every request) and on loopback only.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import loadgen
from tests.loadgen import Request
from tests.servers import start_server, stop, workspace_env

pytestmark = pytest.mark.xdist_group("load")  # one load at a time: the machine has two cores

REQUEST_TIMEOUT = 30.0


@dataclass(frozen=True)
class Server:
    base: str
    port: int
    env: dict[str, str]
    email: str
    password: str
    process: subprocess.Popen[bytes]

    def dayone(self, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "dayone", *args], env=self.env, text=True,
                              capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Server]:
    with workspace_env(request.param, tmp_path / "home", "load") as env:
        made = subprocess.run([sys.executable, "-m", "dayone", "demo", "--no-serve"], env=env, text=True,
                              capture_output=True, timeout=300)
        assert made.returncode == 0, made.stderr
        found = re.search(r"Sign in as (\S+) with password (\S+)", made.stdout)
        assert found, made.stdout
        process, port = start_server(env, tmp_path / "server.log")
        try:
            yield Server(f"http://127.0.0.1:{port}", port, env, found.group(1), found.group(2), process)
        finally:
            stop(process)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _deck_week(base: str, cookie: str) -> str:
    """The week /wbr sends its readers to."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(urllib.request.Request(f"{base}/wbr", headers={"Cookie": cookie}), timeout=60)
    except urllib.error.HTTPError as answer:
        assert answer.code == 303, answer.code
        return str(answer.headers["Location"]).rsplit("/", 1)[1]
    raise AssertionError("/wbr did not redirect to a week")


def _plans(server: Server) -> list[list[Request]]:
    viewer_email = server.email.replace("ava.okafor", "sam.fischer")
    viewer_cookie, _ = loadgen.sign_in_cookie(server.base, viewer_email, server.password)
    member_cookie, _ = loadgen.sign_in_cookie(server.base, server.email.replace("ava.okafor", "maya.cohen"),
                                              server.password)
    admin_token = server.dayone("token", "create", "--user", server.email, "--name", "load").strip()
    viewer = {"Cookie": viewer_cookie}
    member = {"Cookie": member_cookie}
    api = {"Authorization": f"Bearer {admin_token}", "Content-Type": "application/json"}
    week = _deck_week(server.base, viewer_cookie)
    deck = [Request("deck", "GET", f"/wbr/{week}", viewer), Request("org", "GET", "/org", viewer),
            Request("latest", "GET", "/wbr", viewer)]
    pages = [Request("documents", "GET", "/documents", member), Request("decisions", "GET", "/decisions", member),
             Request("mechanisms", "GET", "/mechanisms", member), Request("people", "GET", "/people", member)]
    reads = [Request("api-initiatives", "GET", "/api/v1/initiatives", api),
             Request("api-deck", "GET", "/api/v1/wbr/latest", api)]
    plans: list[list[Request]] = []
    for k in range(50):
        if k < 20:
            plans.append(deck)  # the busy Monday: twenty people open the deck at once
        elif k < 35:
            plans.append(pages)
        elif k < 45:
            plans.append(reads)
        else:
            writer = k
            plans.append([Request("write", "POST", "/api/v1/teams", api,
                                  loadgen.json_body(lambda n, w=writer: {"name": f"Load {w}-{n}"}))])
    return plans


def test_fifty_clients_for_ten_seconds(server: Server) -> None:
    plans = _plans(server)
    report = loadgen.run("127.0.0.1", server.port, plans, seconds=10, timeout=REQUEST_TIMEOUT)

    statuses = report.by_status()
    assert report.hung == 0, f"{report.hung} requests hung past {REQUEST_TIMEOUT:g} s"
    assert -1 not in statuses, f"connections failed: {statuses}"
    assert not [s for s in statuses if s >= 500 and s != 503], statuses
    allowed = {200, 201, 303, 503}  # 303: /wbr sends its readers to the week
    assert set(statuses) <= allowed, statuses
    assert all(o.status == 303 for o in report.outcomes if o.name == "latest")
    for name in ("deck", "org", "documents", "api-initiatives", "api-deck", "write"):
        assert any(o.name == name and o.status in (200, 201) for o in report.outcomes), f"no {name} succeeded"

    started = time.monotonic()
    urllib.request.urlopen(f"{server.base}/-/health", timeout=5).read()
    assert time.monotonic() - started < 3  # the queue has drained: no request is still being served

    acknowledged = {json.loads(o.body)["name"] for o in report.outcomes if o.name == "write" and o.status == 201}
    assert acknowledged
    token = plans[-1][0].headers["Authorization"]
    listed = urllib.request.urlopen(urllib.request.Request(f"{server.base}/api/v1/teams",
                                                           headers={"Authorization": token}), timeout=30)
    stored = {t["name"] for t in json.loads(listed.read())}
    assert acknowledged <= stored, f"acknowledged but lost: {sorted(acknowledged - stored)[:5]}"
