"""Serving the app: one listening socket, Uvicorn workers, and a deadline for request headers.

Uvicorn times out idle keep-alive connections, but not a client that connects and sends
nothing, nor one that sends its headers a byte at a time: each would hold a connection for
ever. ``HeaderDeadline`` gives every request ``header_timeout`` seconds, from the moment the
connection is made or the previous response ended, to send its whole head.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import resource
import socket
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from dayone.errors import UserError

WRITE_TIMEOUT = 30.0  # seconds a client may leave its answer unread before the connection is dropped
TIMEOUT_RESPONSE = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain\r\ncontent-length: 35\r\n"
                    b"connection: close\r\n\r\nThe request headers came too slowly.")


class HeaderDeadline(H11Protocol):
    """Uvicorn's HTTP/1.1 protocol, closing a connection whose request head is late, or whose
    client stops reading its answer for ``WRITE_TIMEOUT`` seconds (the answer would otherwise
    stay in memory, and the connection open, for as long as the client likes)."""

    header_timeout: float = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_deadline: asyncio.TimerHandle | None = None
        self._write_deadline: asyncio.TimerHandle | None = None

    def pause_writing(self) -> None:
        super().pause_writing()
        if self._write_deadline is None:
            self._write_deadline = self.loop.call_later(WRITE_TIMEOUT, self.transport.abort)

    def resume_writing(self) -> None:
        if self._write_deadline is not None:
            self._write_deadline.cancel()
            self._write_deadline = None
        super().resume_writing()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is h11.IDLE:  # still reading a request's head
            if self._head_deadline is None:
                self._arm()
        else:
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        # the next request's head is timed by Uvicorn's keep-alive timer until its first byte

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if self._write_deadline is not None:
            self._write_deadline.cancel()
            self._write_deadline = None
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._head_deadline = self.loop.call_later(self.header_timeout, self._late)

    def _disarm(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _late(self) -> None:
        self._head_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            if self.cycle is None or self.cycle.response_complete:
                self.transport.write(TIMEOUT_RESPONSE)
            self.transport.close()


def protocol(header_timeout: float) -> type[HeaderDeadline]:
    return type("HeaderDeadlineProtocol", (HeaderDeadline,), {"header_timeout": header_timeout})


class EnvironmentHeaderDeadline(HeaderDeadline):
    """For worker processes, which import their protocol by name: the deadline comes from
    DAYONE_HEADER_TIMEOUT_SECONDS, as the rest of their settings do."""

    _from_environment: float | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        cls = type(self)
        if cls._from_environment is None:  # read once a process, not once a connection
            from dayone.settings import Settings

            cls._from_environment = Settings().header_timeout_seconds
        self.header_timeout = cls._from_environment
        super().__init__(*args, **kwargs)


def raise_open_file_limit() -> None:
    """Each connection is a file descriptor: take the most the system allows this process
    (the soft limit is often 1,024), so many idle clients cannot run the server out of them."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 1 << 20
    if soft != resource.RLIM_INFINITY and soft < wanted:
        with contextlib.suppress(ValueError, OSError):  # else keep the limit we have
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def listening_socket(host: str, port: int) -> socket.socket:
    """The socket the workers share. SO_REUSEADDR lets a restarted server bind at once, even
    while the last one's connections linger in TIME_WAIT; IPPROTO_TCP makes asyncio turn
    Nagle off on accepted connections (Uvicorn's own socket has proto 0: 40 ms a response)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        why = "is already in use" if exc.errno == errno.EADDRINUSE else f"cannot be used ({exc.strerror})"
        raise UserError(f"Port {port} on {host} {why}; pass --port with a free one.") from None
    sock.set_inheritable(True)
    return sock
