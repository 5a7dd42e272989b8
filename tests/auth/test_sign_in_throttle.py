"""Sign-in under attack, on SQLite and PostgreSQL: the password is checked with no
transaction open, parallel guesses cannot slip past the throttle, guesses are
counted per account and per address, and nobody can lock the owner out."""

from __future__ import annotations

import http.client
import json
import re
import sqlite3
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
import uvicorn
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from dayone.auth import service as accounts
from dayone.auth.passwords import use_hasher
from dayone.auth.permissions import CLI_ACTOR
from dayone.settings import Settings
from dayone.web.app import create_app
from dayone.workspace import Workspace
from tests.conftest import People
from tests.helpers import PASSWORD, csrf_of
from tests.servers import free_port, wait_healthy


def cheap_hasher() -> PasswordHasher:
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)  # as in conftest


class SlowHasher(PasswordHasher):
    """The suite's cheap hasher, but each check takes ``seconds`` longer, like argon2 at
    production cost on a busy machine (without burning the shared CPUs)."""

    def __init__(self, seconds: float, probe: Callable[[], None] | None = None) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.seconds, self.probe = seconds, probe

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        if self.probe is not None:
            self.probe()
        time.sleep(self.seconds)
        return super().verify(hash, password)

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        if self.probe is not None:
            self.probe()
        return super().hash(password, salt=salt)


@pytest.fixture
def hasher() -> Iterator[Callable[[PasswordHasher], None]]:
    """Swap the password hasher for one test."""
    yield use_hasher
    use_hasher(cheap_hasher())


def attempt(app: FastAPI, email: str, password: str = "wrong-password-1", *,
            address: str = "10.0.0.1") -> int:
    """One sign-in through the real form, from a client address; the status code."""
    with TestClient(app, base_url="http://testserver", client=(address, 40000)) as client:
        token = csrf_of(client)
        return client.post("/sign-in", data={"csrf_token": token, "email": email, "password": password,
                                             "next": "/org"}, follow_redirects=False).status_code


@contextmanager
def live(app: FastAPI) -> Iterator[str]:
    """The app on a real Uvicorn server on loopback, in this process (so the swapped hasher
    applies), for requests from many threads at once: one event loop, as in production.
    Uvicorn trusts X-Forwarded-For from 127.0.0.1, so a client can say which address it is."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False, forwarded_allow_ips="127.0.0.1"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base)
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def request(base: str, method: str, path: str, body: bytes | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    """One request to a live server: status, headers, text (redirects are not followed)."""
    conn = http.client.HTTPConnection(base.removeprefix("http://"), timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        conn.close()


def attempt_live(base: str, email: str, password: str = "wrong-password-1", *,
                 address: str = "10.0.0.1") -> int:
    """One sign-in through the real form of a live server, as if from ``address``."""
    status, headers, page = request(base, "GET", "/sign-in", headers={"X-Forwarded-For": address})
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if found is None:
        return status
    cookie = headers["set-cookie"].split(";")[0]
    form = urllib.parse.urlencode({"csrf_token": found.group(1), "email": email, "password": password,
                                   "next": "/org"}).encode()
    return request(base, "POST", "/sign-in", form, {
        "X-Forwarded-For": address, "Cookie": cookie,
        "Content-Type": "application/x-www-form-urlencoded"})[0]


def allowed_checks(free: int, elapsed: float) -> int:
    """Checks the throttle allows in ``elapsed`` seconds: the free ones, the one that starts the
    first delay, and one more each time a delay (2 s, 4 s, 8 s …) runs out."""
    allowed, spent, delay = free + 1, 0.0, 2
    while spent + delay <= elapsed + 1:  # a second of slack for the clock
        allowed, spent, delay = allowed + 1, spent + delay, delay * 2
    return allowed


def in_parallel(calls: list[Callable[[], int]]) -> tuple[list[int], float]:
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        codes = list(pool.map(lambda call: call(), calls))
    return codes, time.monotonic() - started


def transaction_probe(ws: Workspace, seen: list[str]) -> Callable[[], None]:
    """Called while argon2 runs: notes whether another writer gets SQLite's write lock at
    once, or whether PostgreSQL shows a transaction of ours left open."""

    def probe() -> None:
        if ws.engine.dialect.name == "sqlite":
            other = sqlite3.connect(str(ws.settings.home / "dayone.db"), timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("ROLLBACK")
                seen.append("free")
            except sqlite3.OperationalError as exc:
                seen.append(str(exc))
            finally:
                other.close()
        else:
            with ws.engine.connect() as conn:
                open_ones = conn.execute(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()")).scalar()
            seen.append("free" if open_ones == 0 else f"{open_ones} transaction(s) open")

    return probe


def test_the_password_is_checked_with_no_transaction_open(ws: Workspace, people: People,
                                                          hasher: Callable[[PasswordHasher], None]) -> None:
    seen: list[str] = []
    hasher(SlowHasher(0, transaction_probe(ws, seen)))
    app = create_app(ws)
    assert attempt(app, people.admin, "wrong-password-1") == 401
    assert attempt(app, people.admin, PASSWORD) == 303
    assert attempt(app, "nobody@example.com") == 401  # checked against a dummy hash (made once)
    assert len(seen) >= 3 and set(seen) == {"free"}, seen


def test_changing_a_password_or_adding_an_account_hashes_with_no_transaction_open(
        ws: Workspace, people: People, browser_as: Callable[[str], TestClient],
        api_as: Callable[[str], TestClient], hasher: Callable[[PasswordHasher], None]) -> None:
    member, admin = browser_as("member"), api_as("admin")
    seen: list[str] = []
    hasher(SlowHasher(0, transaction_probe(ws, seen)))
    new = "plum-orchard-telescope"
    changed = member.post("/account/password", data={"csrf_token": csrf_of(member, "/account"),
                                                     "current_password": PASSWORD, "new_password": new,
                                                     "confirm_password": new})
    assert changed.status_code == 200, changed.text
    assert seen == ["free", "free"]  # the check of the current password, the new hash
    added = admin.post("/api/v1/users", json={"name": "Nia", "email": "nia@example.com", "password": new})
    assert added.status_code == 201
    assert seen == ["free"] * 3


def test_a_sign_in_flood_does_not_stall_other_writes(ws: Workspace, people: People, settings: Settings,
                                                     hasher: Callable[[PasswordHasher], None]) -> None:
    """Forty parallel guessers, each check taking a second, while a member saves teams on the
    same server: every save lands (on SQLite the checks used to hold the one write lock in turn)."""
    lax = Workspace.open(settings.model_copy(update={"sign_in_free_failures": 1000,
                                                     "sign_in_free_failures_per_address": 1000}))
    with lax.session() as s:
        token = accounts.create_token(s, CLI_ACTOR, people.member).secret
    hasher(SlowHasher(1.0))
    with live(create_app(lax)) as base:
        guesses = [lambda i=i: attempt_live(base, f"guess{i % 4}@example.com", address=f"10.1.0.{i}")
                   for i in range(40)]

        def saves() -> list[int]:
            time.sleep(0.3)  # let the flood start
            bearer = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            return [request(base, "POST", "/api/v1/teams", json.dumps({"name": f"Saved {i}"}).encode(),
                            bearer)[0] for i in range(5)]

        with ThreadPoolExecutor(max_workers=41) as pool:
            saved = pool.submit(saves)
            flood = list(pool.map(lambda call: call(), guesses))
    lax.close()
    assert saved.result() == [201] * 5
    # every guess is refused: checked and wrong (401), or shed by the sign-in gate when the
    # machine is too slow to check them all within the queue's wait (503 with Retry-After)
    assert set(flood) <= {401, 503} and flood.count(401) >= 10, flood


@dataclass
class Guesses:
    """A batch of parallel sign-ins and what came back."""

    codes: list[int]
    elapsed: float
    counts: dict[int, int] = field(init=False)

    def __post_init__(self) -> None:
        self.counts = {code: self.codes.count(code) for code in set(self.codes)}


def _guess(app: FastAPI, emails: Callable[[int], str], n: int = 30, address: str = "10.0.0.1") -> Guesses:
    with live(app) as base:
        return Guesses(*in_parallel([lambda i=i: attempt_live(base, emails(i), address=address)
                                     for i in range(n)]))


def test_parallel_guesses_on_one_account_stay_within_the_allowance(
        ws: Workspace, people: People, hasher: Callable[[PasswordHasher], None]) -> None:
    hasher(SlowHasher(0.2))  # a slower check widens the window a read-then-write race needs
    app = create_app(ws)
    free = ws.settings.sign_in_free_failures
    guesses = _guess(app, lambda i: people.admin)
    assert set(guesses.counts) <= {401, 429}, guesses.counts  # no 500 on duplicate keys
    assert guesses.counts.get(401, 0) <= allowed_checks(free, guesses.elapsed), guesses


def test_parallel_guesses_across_accounts_from_one_address_are_throttled(
        ws: Workspace, people: People, hasher: Callable[[PasswordHasher], None]) -> None:
    hasher(SlowHasher(0.2))
    app = create_app(ws)
    free = ws.settings.sign_in_free_failures_per_address
    guesses = _guess(app, lambda i: f"spray{i}@example.com", n=free + 15)
    assert set(guesses.counts) <= {401, 429}, guesses.counts
    assert guesses.counts.get(401, 0) <= allowed_checks(free, guesses.elapsed), guesses
    # another address is not slowed down by this one
    assert attempt(create_app(ws), "spray0@example.com", address="10.0.0.2") == 401


def test_an_address_is_refused_after_its_free_failures_and_says_so(ws: Workspace, people: People) -> None:
    app = create_app(ws)
    free = ws.settings.sign_in_free_failures_per_address
    codes = [attempt(app, f"someone{i}@example.com") for i in range(free + 1)]
    assert codes == [401] * (free + 1)
    with TestClient(app, client=("10.0.0.1", 40000)) as client:
        refused = client.post("/sign-in", data={"csrf_token": csrf_of(client), "email": people.member,
                                                "password": PASSWORD})
    assert refused.status_code == 429 and "from your network address" in refused.text
    assert int(refused.headers["retry-after"]) >= 1
    assert attempt(app, people.member, PASSWORD, address="10.0.0.2") == 303


def test_a_guesser_elsewhere_cannot_lock_the_owner_out(ws: Workspace, people: People) -> None:
    """The owner signed in from 10.0.0.7 before; someone at 10.6.6.6 guesses until refused.
    The owner still signs in from 10.0.0.7, while strangers are delayed."""
    app = create_app(ws)
    assert attempt(app, people.admin, PASSWORD, address="10.0.0.7") == 303
    free = ws.settings.sign_in_free_failures
    codes = [attempt(app, people.admin, address="10.6.6.6") for _ in range(free + 2)]
    assert codes == [401] * (free + 1) + [429]
    assert attempt(app, people.admin, PASSWORD, address="10.9.9.9") == 429  # a stranger waits
    assert attempt(app, people.admin, PASSWORD, address="10.0.0.7") == 303  # the owner does not


def test_the_owners_own_typos_are_throttled_too(ws: Workspace, people: People) -> None:
    app = create_app(ws)
    assert attempt(app, people.member, PASSWORD, address="10.0.0.7") == 303
    free = ws.settings.sign_in_free_failures
    codes = [attempt(app, people.member, address="10.0.0.7") for _ in range(free + 2)]
    assert codes == [401] * (free + 1) + [429]


def test_a_successful_sign_in_clears_the_accounts_count(ws: Workspace, people: People) -> None:
    app = create_app(ws)
    free = ws.settings.sign_in_free_failures
    assert [attempt(app, people.viewer) for _ in range(free)] == [401] * free
    assert attempt(app, people.viewer, PASSWORD) == 303  # within the free attempts: counts cleared
    assert [attempt(app, people.viewer, address="10.0.0.3") for _ in range(free)] == [401] * free
    with ws.engine.connect() as conn:
        rows: list[Any] = conn.execute(text("SELECT key, failures FROM sign_in_throttle ORDER BY key")).all()
    assert (f"account:{people.viewer}", free) in [tuple(r) for r in rows]
