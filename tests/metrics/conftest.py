"""Every engine test runs under two machine time zones (tests/timezones.py)."""

from __future__ import annotations

import pytest

from tests.timezones import parametrize


@pytest.fixture(autouse=True)
def _under_two_time_zones(machine_time_zone: str) -> str:
    return machine_time_zone


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize(metafunc)
