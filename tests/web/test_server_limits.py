"""What a client can make the server hold: slow headers and bodies are cut off, oversized bodies
refused before they are read, a full server answers 503 at once, a crash restarts on the same
port at once, and an unexpected error keeps the connection open. Real server processes on
loopback; the admission and error middleware also through their ASGI interface."""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import select
import signal
import socket
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.types import Message, Receive, Scope, Send

from dayone.web.errors import UnexpectedErrors
from dayone.web.limits import RequestLimits
from tests.loadgen import run_async
from tests.servers import start_server, stop

LIMIT = 64 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    home = tmp_path_factory.mktemp("limits")
    env = {**os.environ, "DAYONE_HOME": str(home), "DAYONE_SECRET_KEY": "limits",
           "DAYONE_HEADER_TIMEOUT_SECONDS": "1", "DAYONE_REQUEST_BODY_SECONDS": "1",
           "DAYONE_MAX_REQUEST_BYTES": str(LIMIT)}
    env.pop("DAYONE_DATABASE_URL", None)
    process, port = start_server(env, home / "server.log")
    yield port
    stop(process)


def _connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    return sock


def _read_all(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def test_a_client_that_sends_nothing_is_disconnected(server: int) -> None:
    with _connect(server) as sock:
        started = time.monotonic()
        answer = _read_all(sock)  # returns when the server closes
        assert time.monotonic() - started < 5
        assert answer.startswith(b"HTTP/1.1 408")


def test_headers_sent_a_byte_at_a_time_are_cut_off(server: int) -> None:
    with _connect(server) as sock:
        started = time.monotonic()
        head = b"GET /-/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100
        sent = 0
        try:
            for byte in head:
                sock.sendall(bytes([byte]))
                sent += 1
                time.sleep(0.05)  # 5 s in all, if the server let it
        except (BrokenPipeError, ConnectionResetError):
            assert sent < len(head)  # the server hung up before the head was complete
        answer = _read_all(sock)
        assert time.monotonic() - started < 4
        assert answer.startswith(b"HTTP/1.1 408")


def test_keep_alive_requests_each_get_their_own_deadline(server: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server, timeout=10)
    try:
        for _ in range(3):
            conn.request("GET", "/-/health")
            answer = conn.getresponse()
            assert answer.status == 200 and answer.read()
            assert conn.sock is not None  # the same connection, kept alive
            time.sleep(0.6)  # under the deadline each time, over it in all
    finally:
        conn.close()


def test_an_oversized_body_is_refused_before_it_is_read(server: int) -> None:
    with _connect(server) as sock:
        sock.sendall(b"POST /sign-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     b"Content-Length: 300000000\r\n\r\n")
        answer = _read_all(sock)
    assert answer.startswith(b"HTTP/1.1 413")
    body = json.loads(answer.split(b"\r\n\r\n", 1)[1])
    assert body["error"]["code"] == "too_large" and f"{LIMIT:,}" in body["error"]["message"]


def test_a_chunked_body_is_refused_once_it_passes_the_limit(server: int) -> None:
    with _connect(server) as sock:
        sock.sendall(b"POST /sign-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        chunk = b"x" * 16384
        for _ in range(LIMIT // len(chunk) + 2):
            sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            if select.select([sock], [], [], 0.1)[0]:
                break  # answered: stop sending, as a client reading its answer would
        answer = _read_all(sock)
    assert answer.startswith(b"HTTP/1.1 413")


def test_a_body_that_never_finishes_is_cut_off(server: int) -> None:
    with _connect(server) as sock:
        sock.sendall(b"POST /sign-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     b"Content-Length: 100\r\n\r\nemail=a")
        started = time.monotonic()
        answer = _read_all(sock)
    assert answer.startswith(b"HTTP/1.1 408") and time.monotonic() - started < 5


def test_a_body_on_a_get_is_read_and_cut_off_too(server: int) -> None:
    with _connect(server) as sock:  # a GET that declares a body and never sends it
        sock.sendall(b"GET /-/health HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nx")
        started = time.monotonic()
        answer = _read_all(sock)
    assert answer.startswith(b"HTTP/1.1 408") and time.monotonic() - started < 5


def test_an_api_body_without_a_token_is_refused_unread(server: int) -> None:
    with _connect(server) as sock:
        sock.sendall(b"POST /api/v1/teams HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 60000\r\n\r\n")
        answer = _read_all(sock)
    assert answer.startswith(b"HTTP/1.1 401")


def test_health_answers_head(server: int) -> None:
    request = urllib.request.Request(f"http://127.0.0.1:{server}/-/health", method="HEAD")
    assert urllib.request.urlopen(request, timeout=5).status == 200


def test_a_crashed_server_restarts_on_its_port_at_once(tmp_path: Path) -> None:
    env = {**os.environ, "DAYONE_HOME": str(tmp_path), "DAYONE_SECRET_KEY": "restart"}
    env.pop("DAYONE_DATABASE_URL", None)
    process, port = start_server(env, tmp_path / "server.log")
    for _ in range(5):  # the server closes these: its side of each lingers in TIME_WAIT
        request = urllib.request.Request(f"http://127.0.0.1:{port}/-/health", headers={"Connection": "close"})
        urllib.request.urlopen(request, timeout=5).read()
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    again, _ = start_server(env, tmp_path / "server.log", port=port)
    try:
        assert urllib.request.urlopen(f"http://127.0.0.1:{port}/-/health", timeout=5).status == 200
    finally:
        stop(again)


# --- the middleware through its ASGI interface ---------------------------------------

async def _call(app: Any, path: str = "/x", method: str = "GET", body: bytes = b"") -> list[Message]:
    sent: list[Message] = []
    messages = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> Message:
        if messages:
            return messages.pop(0)
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    headers = [(b"content-length", str(len(body)).encode())] if body else []
    await app({"type": "http", "method": method, "path": path, "headers": headers, "query_string": b""},
              receive, send)
    return sent


def test_a_full_server_answers_503_with_retry_after_instead_of_hanging() -> None:
    release = asyncio.Event()

    async def slow(scope: Scope, receive: Receive, send: Send) -> None:
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    limits = RequestLimits(slow, max_body=LIMIT, body_seconds=1, concurrency=2, queue_seconds=0.3, queue_limit=10)

    async def scenario() -> tuple[list[list[Message]], list[Message], list[Message]]:
        busy = [asyncio.create_task(_call(limits)) for _ in range(2)]
        await asyncio.sleep(0.05)
        started = asyncio.get_running_loop().time()
        refused = await _call(limits)
        waited = asyncio.get_running_loop().time() - started
        assert 0.25 < waited < 2
        release.set()
        done = await asyncio.gather(*busy)
        after = await _call(limits)  # the slots were given back
        return done, refused, after

    done, refused, after = run_async(scenario)
    assert refused[0]["status"] == 503
    assert dict(refused[0]["headers"])[b"retry-after"] == b"1"
    assert json.loads(refused[1]["body"])["error"]["code"] == "busy"
    assert all(d[0]["status"] == 200 for d in done) and after[0]["status"] == 200


def test_health_is_answered_while_the_server_is_full() -> None:
    release = asyncio.Event()

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["path"] != "/-/health":
            await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    limits = RequestLimits(app, max_body=LIMIT, body_seconds=1, concurrency=1, queue_seconds=5, queue_limit=10)

    async def scenario() -> list[Message]:
        busy = asyncio.create_task(_call(limits))
        await asyncio.sleep(0.05)
        health = await asyncio.wait_for(_call(limits, "/-/health"), 1)
        release.set()
        await busy
        return health

    assert run_async(scenario)[0]["status"] == 200


def test_an_unexpected_error_is_answered_without_breaking_the_connection() -> None:
    async def broken(scope: Scope, receive: Receive, send: Send) -> None:
        raise RuntimeError("a bug")

    # it does not raise: the server keeps the connection
    sent = run_async(lambda: _call(UnexpectedErrors(broken), "/api/v1/x"))
    assert sent[0]["status"] == 500
    body = json.loads(sent[1]["body"])
    assert body["error"]["code"] == "internal_error" and "a bug" not in sent[1]["body"].decode()


def test_a_flood_of_sign_ins_leaves_slots_for_everyone_else() -> None:
    release = asyncio.Event()

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["path"] == "/sign-in":
            await release.wait()  # a password being checked
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    limits = RequestLimits(app, max_body=LIMIT, body_seconds=1, concurrency=8, queue_seconds=5, queue_limit=100)

    async def scenario() -> list[Message]:
        flood = [asyncio.create_task(_call(limits, "/sign-in", "POST", b"email=x")) for _ in range(40)]
        await asyncio.sleep(0.05)
        other = await asyncio.wait_for(_call(limits, "/org"), 1)  # a sign-in gate of 2 leaves 6 slots
        release.set()
        done = await asyncio.gather(*flood)
        assert all(d[0]["status"] == 200 for d in done)  # the flood waited its turn, none was lost
        return other

    assert run_async(scenario)[0]["status"] == 200


def test_bodies_held_at_once_are_bounded() -> None:
    release = asyncio.Event()

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    limits = RequestLimits(app, max_body=LIMIT, body_seconds=1, concurrency=8, queue_seconds=5, queue_limit=100,
                           body_budget=3 * 1000)

    async def scenario() -> list[list[Message]]:
        held = [asyncio.create_task(_call(limits, "/x", "POST", b"b" * 1000)) for _ in range(3)]
        await asyncio.sleep(0.05)
        over = await asyncio.wait_for(_call(limits, "/x", "POST", b"b" * 1000), 1)  # the budget is spent
        release.set()
        return [over, *await asyncio.gather(*held)]

    over, *held = run_async(scenario)
    assert over[0]["status"] == 503 and all(h[0]["status"] == 200 for h in held)
