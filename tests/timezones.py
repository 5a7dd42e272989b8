"""The engine's numbers may not depend on the machine's time zone: its tests run under two
(far apart: every instant falls on a different calendar day in one of them than in UTC).
tests/metrics/conftest.py and tests/wbr/test_deck.py use ``parametrize`` with the
``machine_time_zone`` fixture of tests/conftest.py.

``TZ`` and ``time.tzset()`` move Python's local time and the default time zone of every
DuckDB connection opened afterwards; Spark's session is pinned to UTC in its own JVM, so
Spark tests run once.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

MACHINE_TIME_ZONES = ("Pacific/Kiritimati", "Pacific/Pago_Pago")  # UTC+14 and UTC-11


def parametrize(metafunc: pytest.Metafunc) -> None:
    """Run the test once under each machine time zone (unless it runs on Spark)."""
    if "machine_time_zone" in metafunc.fixturenames and "spark" not in metafunc.definition.keywords:
        metafunc.parametrize("machine_time_zone", MACHINE_TIME_ZONES, indirect=True)


@contextmanager
def machine_time_zone_set(zone: str) -> Iterator[None]:
    """The process's local time zone (``TZ``) set to ``zone``, then restored."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()
