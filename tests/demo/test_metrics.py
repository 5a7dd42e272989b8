"""The demo company's metric data and the anomaly flags a meeting sees on it: a few flags in an
ordinary week, the planted incidents flagged in their week, Thanksgiving expected — for decks
built on several dates (the demo's data end on the Saturday before the day it is created)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from dayone.demo import metrics as demo_metrics
from dayone.metrics import spec
from dayone.metrics.compute import Engine

INCIDENTS = {"orders", "revenue", "search_clicks", "support_contacts"}  # the outage, the ranking bug, the contacts


@pytest.mark.parametrize("end", [date(2026, 11, 28), date(2026, 12, 12), date(2027, 6, 5), date(2028, 1, 8),
                                 date(2030, 12, 7)])
def test_flags_in_ordinary_weeks_are_few_and_the_incidents_are_flagged(tmp_path: Path, end: date) -> None:
    metrics = spec.load(demo_metrics.write(tmp_path, end, domain="x.example"))
    with Engine(metrics) as engine:
        incident = engine.compute(end)["metrics"]
        assert {name for name, m in incident.items() if m["anomaly"]} >= INCIDENTS
        for weeks_back in range(1, 9):  # the weeks before, each as if it were the latest
            deck = engine.compute(end - timedelta(weeks=weeks_back))
            flagged = [name for name, m in deck["metrics"].items() if m["anomaly"]]
            assert len(deck["metrics"]) >= 5 * len(flagged), (deck["week_ending"], flagged)


@pytest.mark.parametrize("week", [date(2026, 11, 28), date(2026, 12, 5), date(2030, 11, 23), date(2030, 11, 30),
                                  date(2030, 12, 7), date(2026, 12, 26)])
def test_the_thanksgiving_weekend_is_expected_as_it_moves(tmp_path: Path, week: date) -> None:
    """Thanksgiving is a week later against the 52-week grid in 2030 than in 2029; sessions rise
    some 30% in its week either way, as they did the year before, and are not flagged."""
    metrics = spec.load(demo_metrics.write(tmp_path, week + timedelta(weeks=3), domain="x.example"))
    with Engine(metrics) as engine:
        deck = engine.compute(week)["metrics"]
    assert deck["sessions"]["anomaly"] is None and deck["sessions"]["anomaly_check"]["reference_years"] >= 1
    assert len(deck) >= 5 * sum(1 for m in deck.values() if m["anomaly"])


def test_the_holiday_moves_with_thanksgiving() -> None:
    assert [demo_metrics.thanksgiving(y) for y in (2025, 2026, 2029, 2030)] == [
        date(2025, 11, 27), date(2026, 11, 26), date(2029, 11, 22), date(2030, 11, 28)]
    assert demo_metrics.holiday_lift(date(2030, 11, 29)) > 1.8  # Black Friday
    assert demo_metrics.holiday_lift(date(2029, 11, 29)) == 1.0  # a week after Thanksgiving 2029
