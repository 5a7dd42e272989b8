"""Decks computed once and shared: twenty people opening the deck on Monday morning cost one
computation, not twenty.

A computed deck is kept under a key made of the workspace's database, the metrics file (its
text and folder), the week asked for, and the state of its data: each file source's files'
sizes and modification times, and, for database sources (whose changes cannot be seen from
here), the current ``DATABASE_SOURCE_SECONDS`` window. Any change to the file or the data
makes a new key. Concurrent requests for a key that is being computed wait for that one
computation (single flight) instead of starting their own.
"""

from __future__ import annotations

import glob
import hashlib
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from dayone.metrics.spec import MetricsFile

T = TypeVar("T")
DATABASE_SOURCE_SECONDS = 60  # a database source's new rows show in the deck within a minute
MAX_ENTRIES = 32
RACY_SECONDS = 2


def data_fingerprint(metrics: MetricsFile) -> tuple[Any, ...]:
    """What, in the metrics file's sources, would change the numbers if it changed.

    A file written in the last ``RACY_SECONDS`` may be written again within the clock's
    granularity with the same size and time, so its deck is not shared: the fingerprint is
    then unique (as git does with "racily clean" files)."""
    parts: list[Any] = []
    racy_after = time.time_ns() - RACY_SECONDS * 1_000_000_000
    for source in sorted(metrics.sources.values(), key=lambda s: s.name):
        if source.kind in ("csv", "parquet"):
            paths = sorted(glob.glob(source.location)) if glob.has_magic(source.location) else [source.location]
            for path in paths:
                try:
                    stat = os.stat(path)
                    parts.append((path, stat.st_size, stat.st_mtime_ns, stat.st_ino))
                    if stat.st_mtime_ns > racy_after:
                        parts.append(object())  # equal to no other key: computed afresh
                except OSError:
                    parts.append((path, None))
        else:
            parts.append((source.name, int(time.time() // DATABASE_SOURCE_SECONDS)))
    return tuple(parts)


def file_key(database: str, body: str, base_dir: str | Path | None) -> str:
    digest = hashlib.sha256()
    for part in (database, str(base_dir or ""), body):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


class SharedResults:
    """A small LRU of results by key, computed at most once at a time per key."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._done: OrderedDict[Any, Any] = OrderedDict()
        self._running: dict[Any, Future[Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: Any, compute: Callable[[], T], keep: Callable[[T], bool] | None = None) -> T:
        """The result for ``key``, computing it with ``compute`` unless it is known or under way.
        An error is not kept: the next request tries again (and waiting requests get the error);
        nor is a result that ``keep`` refuses (waiting requests get it all the same)."""
        with self._lock:
            if key in self._done:
                self._done.move_to_end(key)
                return self._done[key]  # type: ignore[no-any-return]
            running = self._running.get(key)
            mine = running is None
            if mine:
                running = self._running[key] = Future()
        assert running is not None
        if not mine:
            return running.result()  # type: ignore[no-any-return]
        try:
            value = compute()
        except BaseException as exc:
            with self._lock:
                del self._running[key]
            running.set_exception(exc)
            raise
        with self._lock:
            del self._running[key]
            if keep is None or keep(value):
                self._done[key] = value
            while len(self._done) > self.max_entries:
                self._done.popitem(last=False)
        running.set_result(value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._done.clear()
