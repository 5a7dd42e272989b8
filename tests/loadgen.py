"""A small, bounded HTTP/1.1 load generator for loopback servers (the load test and
benchmarks/web.py share it).

Each client keeps one connection alive and sends its requests one after the other, each
with its own timeout; a request that times out is counted as hung and its connection
dropped. Runs for a fixed time and stops by itself. Loopback addresses only.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import ipaddress
import json
import re
import statistics
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Request:
    """One request a client sends; ``body`` is made afresh for each send (``n`` counts them)."""

    name: str
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: Callable[[int], bytes] | None = None


@dataclass
class Outcome:
    name: str
    status: int  # 0: hung past its timeout, or the connection failed
    seconds: float
    body: bytes = b""


@dataclass
class Report:
    outcomes: list[Outcome]
    elapsed: float

    def by_status(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for o in self.outcomes:
            counts[o.status] = counts.get(o.status, 0) + 1
        return counts

    def percentile(self, q: int, name: str | None = None) -> float:
        """The q-th percentile of latency in ms (of one request kind when ``name`` is given)."""
        ms = sorted(o.seconds * 1000 for o in self.outcomes if name is None or o.name == name)
        if not ms:
            return float("nan")
        if len(ms) == 1:
            return ms[0]
        return statistics.quantiles(ms, n=100, method="inclusive")[q - 1]

    @property
    def hung(self) -> int:
        return sum(1 for o in self.outcomes if o.status == 0)


def _loopback(host: str) -> None:
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"load is only ever sent to loopback addresses, not {host}")


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("the server closed the connection")
    status = int(status_line.split()[1])
    length, chunked, close = 0, False, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value:
            chunked = True
        elif name == "connection" and value == "close":
            close = True
    if not chunked:
        return status, await reader.readexactly(length), close
    parts = []
    while True:
        size = int((await reader.readline()).split(b";")[0], 16)
        if size == 0:
            await reader.readline()
            return status, b"".join(parts), close
        parts.append(await reader.readexactly(size))
        await reader.readline()


async def _client(host: str, port: int, plan: list[Request], until: float, timeout: float,
                  out: list[Outcome], offset: int) -> None:
    conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    n = offset
    while time.perf_counter() < until:
        request = plan[n % len(plan)]
        n += 1
        body = request.body(n) if request.body else b""
        head = {"Host": f"{host}:{port}", **request.headers}
        if request.body is not None:
            head["Content-Length"] = str(len(body))
        raw = (f"{request.method} {request.path} HTTP/1.1\r\n"
               + "".join(f"{k}: {v}\r\n" for k, v in head.items()) + "\r\n").encode() + body
        start = time.perf_counter()
        try:
            async with asyncio.timeout(timeout):
                if conn is None:
                    conn = await asyncio.open_connection(host, port)
                reader, writer = conn
                writer.write(raw)
                await writer.drain()
                status, payload, close = await _read_response(reader)
            out.append(Outcome(request.name, status, time.perf_counter() - start, payload))
            if close:
                conn[1].close()
                conn = None
        except TimeoutError:
            out.append(Outcome(request.name, 0, time.perf_counter() - start))
            if conn is not None:
                conn[1].close()
            conn = None
        except (ConnectionError, OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            out.append(Outcome(request.name, -1, time.perf_counter() - start))
            if conn is not None:
                conn[1].close()
            conn = None
            await asyncio.sleep(0.05)
    if conn is not None:
        conn[1].close()


def run(host: str, port: int, plans: list[list[Request]], seconds: float, timeout: float = 30.0) -> Report:
    """Drive one client per plan for ``seconds`` (each request at most ``timeout`` s)."""
    _loopback(host)

    async def main() -> Report:
        out: list[Outcome] = []
        start = time.perf_counter()
        until = start + seconds
        await asyncio.gather(*(_client(host, port, plan, until, timeout, out, k)
                               for k, plan in enumerate(plans)))
        return Report(out, time.perf_counter() - start)

    return run_async(main)


def run_async(main: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """``asyncio.run(main())`` in a thread of its own: the calling thread may already have a
    running loop (Playwright's sync API keeps one in the test process)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(main())).result()


def sign_in_cookie(base: str, email: str, password: str) -> tuple[str, str]:
    """A signed-in session: (the Cookie header, the page's CSRF token)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/sign-in", timeout=30).read().decode()
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "no CSRF token on the sign-in page"
    form = urllib.parse.urlencode({"csrf_token": found.group(1), "email": email, "password": password,
                                   "next": "/org"}).encode()
    landed = opener.open(f"{base}/sign-in", data=form, timeout=30).read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', landed)
    return "; ".join(f"{c.name}={c.value}" for c in jar), token.group(1) if token else found.group(1)


def json_body(make: Callable[[int], dict[str, Any]]) -> Callable[[int], bytes]:
    return lambda n: json.dumps(make(n)).encode()
