"""The anomaly model on synthetic weekly series (metrics/anomalies.py), and through the engine:
seasonality, moving holidays, trend and noise are expected; planted anomalies are flagged."""

from __future__ import annotations

import csv
import math
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dayone.errors import ValidationFailed
from dayone.metrics import anomalies, references, spec
from dayone.metrics.compute import Engine

WEEKS = 113


def _ends(last: date, n: int = WEEKS) -> tuple[date, ...]:
    return tuple(last - timedelta(weeks=n - 1 - i) for i in range(n))


def _thanksgiving(year: int) -> date:
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)


def _series(ends: tuple[date, ...], rng: np.random.Generator, *, swing: float, growth: float, noise: float,
            holiday_lift: float = 0.0) -> np.ndarray:
    """Weekly totals: a yearly wave, growth, log-normal noise, and a lift in the week that holds
    Thanksgiving (whichever week of the 52-week grid that is)."""
    t = np.array([(e - ends[0]).days for e in ends], dtype=float)
    doy = np.array([e.timetuple().tm_yday for e in ends], dtype=float)
    level = 10_000 * (1 + growth) ** (t / 365.25) * (1 + swing * np.sin(2 * np.pi * doy / 365.25))
    lift = np.array([1 + holiday_lift if e - timedelta(days=6) <= _thanksgiving(e.year) <= e else 1.0 for e in ends])
    return level * lift * np.exp(rng.normal(0, noise, len(ends)))


def _judge(values: np.ndarray, ends: tuple[date, ...], *, log: bool = True, country: str | None = "US",
           threshold: float = 3.0) -> anomalies.Assessment:
    matrix = values[None, :]
    return anomalies.assess(matrix, ~np.isnan(matrix), np.array([log]), references.reference_lags(ends, country),
                            threshold)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), swing=st.floats(0.0, 0.4), growth=st.floats(-0.2, 0.6),
       noise=st.floats(0.005, 0.05), size=st.floats(10, 16), up=st.booleans(),
       last=st.dates(date(2020, 1, 4), date(2035, 12, 29)))
def test_a_planted_spike_is_flagged_and_the_same_series_without_it_is_not(
        seed: int, swing: float, growth: float, noise: float, size: float, up: bool, last: date) -> None:
    last += timedelta(days=(5 - last.weekday()) % 7)  # a Saturday
    ends = _ends(last)
    values = _series(ends, np.random.default_rng(seed), swing=swing, growth=growth, noise=noise, holiday_lift=0.4)
    plain = _judge(values, ends)
    assert not plain.flagged[0] and abs(plain.score[0]) < 3.0
    planted = values.copy()
    planted[-1] *= math.exp((1 if up else -1) * size * noise)  # 10 to 16 times the week's noise
    found = _judge(planted, ends)
    assert found.flagged[0] and (found.score[0] > 3.0 if up else found.score[0] < -3.0)
    assert found.low[0] < plain.expected[0] < found.high[0]


@pytest.mark.parametrize(("last", "moved"), [
    (date(2030, 11, 30), True),  # the holiday's week: 52 weeks back is an ordinary week of 2029
    (date(2030, 11, 23), True),  # the week before: 52 weeks back is 2029's Thanksgiving week
    (date(2029, 11, 24), False), (date(2026, 11, 28), False), (date(2027, 12, 4), False)])
def test_thanksgiving_week_is_expected_even_when_it_moves_against_the_52_week_grid(last: date, moved: bool) -> None:
    """Thanksgiving 2029 is on 22 November and 2030's on the 28th. Aligned on the week that held
    the holiday, the lift (and its absence the week before and after) is expected; without the
    holiday calendar (the same calendar days a year earlier) it is not."""
    ends = _ends(last)
    values = _series(ends, np.random.default_rng(7), swing=0.2, growth=0.15, noise=0.01, holiday_lift=0.5)
    assert not _judge(values, ends).flagged[0]
    assert (references.reference_lags(ends, "US").lags[0, -1] != 52) == moved
    assert _judge(values, ends, country=None).flagged[0]


def test_rates_are_judged_by_differences_and_counts_by_ratios(tmp_path: Path) -> None:
    days = [date(2023, 1, 1) + timedelta(days=i) for i in range((date(2026, 11, 21) - date(2023, 1, 1)).days + 1)]
    rng = np.random.default_rng(3)
    with (tmp_path / "daily.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "visits", "orders"])
        for d in days:
            visits = int(rng.poisson(20_000))
            rate = 0.03 + (0.006 if d > date(2026, 11, 14) else 0.0)  # +60 bps in the last week
            writer.writerow([d, visits, int(rng.poisson(visits * rate))])
    (tmp_path / "m.yaml").write_text("sources: {daily: {csv: daily.csv, date_column: date}}\nmetrics:\n"
                                     "  visits: {source: daily, column: visits}\n"
                                     "  orders: {source: daily, column: orders}\n"
                                     "  conversion: {derived: ratio, of: [orders, visits], comparison: bps}\n")
    deck = Engine(spec.load(tmp_path / "m.yaml")).compute()
    rate, count = deck["metrics"]["conversion"], deck["metrics"]["visits"]
    check = rate["anomaly_check"]  # a band of differences, in the rate's units
    assert check["high"] - check["expected_high"] == pytest.approx(check["expected_low"] - check["low"])
    assert check["high"] - check["expected_high"] == pytest.approx(3.0 * check["sd"])
    assert rate["anomaly"] and " bps" in rate["anomaly"] and "; got 3.48%: +" in rate["anomaly"]
    band = count["anomaly_check"]  # a band of ratios
    assert band["high"] / band["expected_high"] == pytest.approx(band["expected_low"] / band["low"])
    assert count["anomaly"] is None


def _write_days(path: Path, days: list[date], value: object = 100) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "orders"])
        writer.writerows([d, value(d) if callable(value) else value] for d in days)


METRIC = "sources: {daily: {csv: daily.csv, date_column: date}}\nmetrics: {orders: {source: daily, column: orders}}\n"


def test_under_a_year_of_history_the_recent_weeks_are_the_expectation(tmp_path: Path) -> None:
    end = date(2026, 11, 21)
    days = [end - timedelta(days=i) for i in range(30 * 7)][::-1]
    rng = np.random.default_rng(5)
    noise = {d: int(rng.integers(-5, 6)) for d in days}
    _write_days(tmp_path / "daily.csv", days, lambda d: 100 + noise[d] + (60 if d > end - timedelta(days=7) else 0))
    (tmp_path / "m.yaml").write_text(METRIC)
    orders = Engine(spec.load(tmp_path / "m.yaml")).compute()["metrics"]["orders"]
    assert orders["anomaly"].startswith("Expected 7")
    assert "(the median of the last 6 weeks: under a year of history, no same week last year to go by)" in \
        orders["anomaly"]
    assert orders["anomaly_check"]["reference_years"] == 0


def test_too_short_a_history_is_not_judged(tmp_path: Path) -> None:
    end = date(2026, 11, 21)
    _write_days(tmp_path / "daily.csv", [end - timedelta(days=i) for i in range(8 * 7)], 100)
    (tmp_path / "m.yaml").write_text(METRIC)
    orders = Engine(spec.load(tmp_path / "m.yaml")).compute()["metrics"]["orders"]
    assert orders["anomaly"] is None and orders["anomaly_check"] is None


def test_a_week_with_days_missing_says_so(tmp_path: Path) -> None:
    end = date(2026, 11, 21)
    rng = np.random.default_rng(9)
    days = [d for d in (date(2023, 6, 1) + timedelta(days=i) for i in range((end - date(2023, 6, 1)).days + 1))
            if not end - timedelta(days=3) <= d <= end - timedelta(days=1)]  # a broken feed: 3 days missing
    _write_days(tmp_path / "daily.csv", days, lambda d: int(rng.poisson(1000)))
    (tmp_path / "m.yaml").write_text(METRIC)
    orders = Engine(spec.load(tmp_path / "m.yaml")).compute(end)["metrics"]["orders"]
    assert orders["anomaly"].endswith("Only 4 of the week's 7 days have data.")
    assert orders["anomaly_check"]["score"] < -3


@pytest.mark.parametrize(("setup", "message"), [
    ("{holidays: XX}", "setup.holidays: 'XX' is not a country the holidays package knows"),
    ("{holidays: NO}", 'write the code in quotes, like "NO"'),
    ("{anomaly_threshold: high}", "setup.anomaly_threshold: give a positive number of SDs, like 3"),
    ("{anomaly_threshold: 0}", "setup.anomaly_threshold: give a positive number of SDs, like 3"),
])
def test_bad_anomaly_settings_are_named(tmp_path: Path, setup: str, message: str) -> None:
    _write_days(tmp_path / "daily.csv", [date(2026, 11, 1)], 1)
    (tmp_path / "m.yaml").write_text(f"setup: {setup}\n" + METRIC)
    with pytest.raises(ValidationFailed) as raised:
        spec.load(tmp_path / "m.yaml")
    assert any(message in d["message"] and d["location"]["line"] == 1 for d in raised.value.details), \
        raised.value.details


@pytest.mark.parametrize(("setup", "country"), [("", "US"), ("setup: {holidays: de}\n", "DE"),
                                                ("setup: {holidays: \"NO\"}\n", "NO"),
                                                ("setup: {holidays: none}\n", None)])
def test_the_holiday_country_is_set_in_the_setup(tmp_path: Path, setup: str, country: str | None) -> None:
    _write_days(tmp_path / "daily.csv", [date(2026, 11, 1)], 1)
    (tmp_path / "m.yaml").write_text(setup + METRIC)
    assert spec.load(tmp_path / "m.yaml").holidays == country
