"""What one request may cost before any route sees it, and how many run at once.

``RequestLimits`` is pure ASGI middleware, outermost in the app:

- **Bodies are bounded.** A ``Content-Length`` over the limit is answered 413 before a byte
  of the body is read; a chunked body is counted as it arrives and refused the moment it
  passes the limit; the whole body must arrive within ``body_seconds`` (else 408). The body
  is read here, once, kept in ``scope["dayone.body"]`` for routes that read it themselves
  (forms), and replayed to the app.
- **Admission control.** At most ``concurrency`` requests are inside the app at a time. The
  database pool holds that many connections and the thread pool more threads, so every
  admitted request can always get both: no request can wait on a connection that another
  waiting request holds. Others queue for at most ``queue_seconds`` (and at most
  ``queue_limit`` of them); past either they get 503 with ``Retry-After`` instead of hanging.
  Sign-ins (a password check each) also pass a smaller gate of their own, so a flood of
  them cannot take every slot.

Health checks and static files skip the queue: they touch no database.

Uploads of data files (``POST /wbr/data``, ``PUT /api/v1/wbr/data/NAME``, an experiment's
statistics on ``POST /experiments/ID/results``) are the one kind of
body not held in memory: it is streamed to a file in ``upload_dir`` (at most ``max_upload``
bytes, within ``upload_seconds``, at most two at a time), the file's path is put in
``scope["dayone.upload"]`` for the route, and the file is removed once the answer is sent
unless the route took it.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

BODY_KEY = "dayone.body"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
UNQUEUED_PREFIXES = ("/-/health", "/static/")
SIGN_IN_PATHS = frozenset({"/sign-in", "/account/password"})
UPLOAD_KEY = "dayone.upload"
_UPLOAD_PATHS = (("POST", re.compile(r"^/wbr/data$")), ("PUT", re.compile(r"^/api/v1/wbr/data/[^/]+$")),
                 ("POST", re.compile(r"^/experiments/[0-9]+/(results|market)$")),  # an experiment's statistics or panel
                 ("POST", re.compile(r"^/hiring/candidates$")))  # a candidate's resume


def is_upload(scope: Scope) -> bool:
    """Whether the request sends a data file: its body is streamed to disk, not held in memory."""
    return any(scope["method"] == method and path.match(scope["path"]) for method, path in _UPLOAD_PATHS)


class RequestLimits:
    def __init__(self, app: ASGIApp, *, max_body: int, body_seconds: float, concurrency: int,
                 queue_seconds: float, queue_limit: int, body_budget: int | None = None,
                 upload_dir: Path | None = None, max_upload: int = 0, upload_seconds: float = 600) -> None:
        self.app = app
        self.upload_dir, self.max_upload, self.upload_seconds = upload_dir, max_upload, upload_seconds
        self.uploads = _Gate(2, queue_limit)  # files being written to disk at once
        self.max_body = max_body
        self.body_seconds = body_seconds
        self.queue_seconds = queue_seconds
        self.general = _Gate(concurrency, queue_limit)
        # password checks cost ~150 ms of CPU each: a flood of sign-ins (or of guesses at the
        # current password) may take only a quarter of the slots, so everyone else keeps working
        self.sign_ins = _Gate(max(1, concurrency // 4), queue_limit)
        # a PDF takes seconds of CPU: at most one in eight slots lays one out
        self.pdfs = _Gate(max(1, concurrency // 8), queue_limit)
        # bodies are held in memory from the moment they arrive: all of them at once, at most this
        self.body_budget = body_budget if body_budget is not None else 16 * max_body
        self.body_bytes = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _declared_body(scope)
        if declared is not None and self.upload_dir is not None and is_upload(scope):
            await self._upload(scope, receive, send, declared)
            return
        reserved = 0
        try:
            if declared is not None:  # any method: a body nobody reads would keep the connection for ever
                if declared > self.max_body:
                    await _answer(send, 413, _too_large_message(self.max_body), close=True)
                    return
                if scope["path"].startswith("/api/") and not _header(scope, b"authorization"):
                    # refuse before anything parses the body (FastAPI reads JSON on the event loop)
                    await _answer(send, 401, "Send an API token: Authorization: Bearer <token>.", close=True,
                                  headers=[(b"www-authenticate", b"Bearer")])
                    return
                reserved = declared or self.max_body  # a chunked body may grow to the limit
                if self.body_bytes + reserved > self.body_budget:
                    reserved = 0
                    await _busy(send, self.queue_seconds, close=True)
                    return
                self.body_bytes += reserved
                try:
                    with anyio.fail_after(self.body_seconds):
                        body = await _read_body(receive, self.max_body)
                except TimeoutError:
                    await _answer(send, 408, f"The request body did not arrive within {self.body_seconds:g} s.",
                                  close=True)
                    return
                except _TooLarge:
                    await _answer(send, 413, _too_large_message(self.max_body), close=True)
                    return
                except _Disconnected:
                    return
                scope[BODY_KEY] = body
                receive = _replay(body, receive)
            elif scope["method"] in BODY_METHODS:
                scope[BODY_KEY] = b""
            if scope["path"].startswith(UNQUEUED_PREFIXES):
                await self.app(scope, receive, send)
                return
            await self._admitted(scope, receive, send)
        finally:
            self.body_bytes -= reserved

    async def _upload(self, scope: Scope, receive: Receive, send: Send, declared: int) -> None:
        """Stream a data file's body to disk, then run the app with its path in the scope."""
        if declared > self.max_upload:
            await _answer(send, 413, f"The file is larger than {self.max_upload:,} bytes, the largest upload "
                          "this server takes (DAYONE_WBR_UPLOAD_MAX_BYTES); upload less data, or ask the admin "
                          "to raise the limit.", close=True)
            return
        signed_in = _header(scope, b"authorization") if scope["path"].startswith("/api/") else _header(scope, b"cookie")
        if not signed_in:  # nothing is written to disk for a client who is not even signed in
            await _answer(send, 401, "Sign in (or send an API token) to upload data.", close=True,
                          headers=[(b"www-authenticate", b"Bearer")])
            return
        if not await self.uploads.admit(self.queue_seconds):
            await _busy(send, self.queue_seconds, close=True)
            return
        path: str | None = None
        try:
            folder = self.upload_dir
            assert folder is not None  # (checked by the caller)
            await anyio.to_thread.run_sync(lambda: folder.mkdir(parents=True, exist_ok=True))
            handle, path = await anyio.to_thread.run_sync(lambda: tempfile.mkstemp(suffix=".part", dir=folder))
            try:
                with anyio.fail_after(self.upload_seconds):
                    await _spool(receive, handle, self.max_upload)
            except TimeoutError:
                await _answer(send, 408, f"The file did not arrive within {self.upload_seconds:g} s.", close=True)
                return
            except _TooLarge:
                await _answer(send, 413, f"The file is larger than {self.max_upload:,} bytes, the largest upload "
                              "this server takes (DAYONE_WBR_UPLOAD_MAX_BYTES).", close=True)
                return
            except _Disconnected:
                return
            scope[UPLOAD_KEY] = path
            scope[BODY_KEY] = b""
            await self._admitted(scope, _replay(b"", receive), send)
        finally:
            self.uploads.slots.release()
            if path is not None:
                with contextlib.suppress(FileNotFoundError):
                    await anyio.to_thread.run_sync(os.unlink, path)

    async def _admitted(self, scope: Scope, receive: Receive, send: Send) -> None:
        gates = [self.general]
        if scope["method"] == "POST" and scope["path"] in SIGN_IN_PATHS:
            gates.insert(0, self.sign_ins)
        if scope["path"].endswith("/pdf"):
            gates.insert(0, self.pdfs)
        admitted: list[_Gate] = []
        try:
            for gate in gates:
                if not await gate.admit(self.queue_seconds):
                    await _busy(send, self.queue_seconds)
                    return
                admitted.append(gate)
            await self.app(scope, receive, send)
        finally:
            for gate in admitted:
                gate.slots.release()


class _Gate:
    """At most ``size`` requests through at once; at most ``queue_limit`` waiting."""

    def __init__(self, size: int, queue_limit: int) -> None:
        self.slots = anyio.Semaphore(size)
        self.queue_limit = queue_limit
        self.waiting = 0

    async def admit(self, seconds: float) -> bool:
        try:
            self.slots.acquire_nowait()
            return True
        except anyio.WouldBlock:
            pass
        if self.waiting >= self.queue_limit:
            return False
        self.waiting += 1
        try:
            with anyio.move_on_after(seconds):
                await self.slots.acquire()
                return True
            return False
        finally:
            self.waiting -= 1


class _TooLarge(Exception):
    pass


class _Disconnected(Exception):
    pass


def _too_large_message(limit: int) -> str:
    return f"The request body is larger than {limit:,} bytes; send less (split it, or shorten the text)."


def _header(scope: Scope, wanted: bytes) -> bytes | None:
    for name, value in scope["headers"]:
        if name == wanted:
            return bytes(value)
    return None


def _declared_body(scope: Scope) -> int | None:
    """The body's declared length; 0 for a chunked body (length unknown); None for none.
    (The HTTP server has already refused a malformed Content-Length.)"""
    length = _header(scope, b"content-length")
    if length is not None:
        declared = int(length)
        return declared if declared > 0 else None
    encoding = _header(scope, b"transfer-encoding")
    return 0 if encoding and b"chunked" in encoding.lower() else None


async def _busy(send: Send, queue_seconds: float, *, close: bool = False) -> None:
    await _answer(send, 503, "The server is busy; try again in a few seconds.", close=close,
                  headers=[(b"retry-after", str(max(1, math.ceil(queue_seconds))).encode())])


async def _chunks(receive: Receive, limit: int) -> AsyncIterator[bytes]:
    """The body's chunks as they arrive; _TooLarge past ``limit`` bytes, _Disconnected if the
    client leaves first."""
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Disconnected
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        yield chunk
        if not message.get("more_body", False):
            return


async def _read_body(receive: Receive, limit: int) -> bytes:
    return b"".join([chunk async for chunk in _chunks(receive, limit)])


async def _spool(receive: Receive, handle: int, limit: int) -> None:
    """The body into the open file ``handle`` (closed at the end), at most ``limit`` bytes."""
    with os.fdopen(handle, "wb") as out:
        async for chunk in _chunks(receive, limit):
            if chunk:
                await anyio.to_thread.run_sync(out.write, chunk)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: the client's disconnect, when it comes

    return replay


async def _answer(send: Send, status: int, message: str, *, close: bool = False,
                  headers: list[tuple[bytes, bytes]] | None = None) -> None:
    """The API's error shape; a person's browser shows the same JSON, which says what to do."""
    code = {401: "not_authenticated", 408: "request_timeout", 413: "too_large", 503: "busy"}[status]
    payload = json.dumps({"error": {"code": code, "message": message, "details": None}}).encode()
    out = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
           (b"cache-control", b"no-store"), *(headers or [])]
    if close:  # the rest of an unread body is still on the wire: the connection cannot be reused
        out.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": out})
    await send({"type": "http.response.body", "body": payload})
