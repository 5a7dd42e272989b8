"""Simulated experiments: intervals cover as often as they claim; peeking stays safe with sequences.

Normal data are drawn through their sufficient statistics (a group's sum is normal, its sum
of squared deviations σ²·χ²ₙ₋₁, independent), so 10,000 experiments take a fraction of a second.
"""

from __future__ import annotations

import numpy as np
import pytest

from dayone.experiments.effects import compare
from dayone.experiments.frequentist import t_test
from dayone.experiments.sequential import confidence_sequence
from dayone.experiments.statistics import SampleStatistics


def _groups(rng: np.random.Generator, shape: tuple[int, ...], n: int, mean: float, sd: float,
            ) -> tuple[np.ndarray, np.ndarray]:
    """Sums and sums of squares of ``n`` normal values, for every cell of ``shape``."""
    total = rng.normal(n * mean, np.sqrt(n) * sd, shape)
    deviations = sd**2 * rng.chisquare(n - 1, shape)
    return total, deviations + total**2 / n


@pytest.mark.parametrize(("relative", "sided", "alpha"), [(False, "two-sided", 0.05), (True, "two-sided", 0.05),
                                                          (True, "greater", 0.1), (False, "two-sided", 0.2)])
def test_interval_coverage_over_10000_aa_tests(relative: bool, sided: str, alpha: float) -> None:
    rng = np.random.default_rng(2024)
    runs, n = 10_000, 200
    control, variant = _groups(rng, (runs,), n, 10.0, 3.0), _groups(rng, (runs,), n, 10.0, 3.0)
    result = t_test(compare(SampleStatistics.of(n, *control), SampleStatistics.of(n, *variant), relative=relative),
                    alpha=alpha, sided=sided)  # type: ignore[arg-type]
    covered = np.mean((result.ci_low <= 0) & (result.ci_high >= 0))
    assert abs(covered - (1 - alpha)) < 0.01, covered


def test_peeking_with_a_confidence_sequence_keeps_the_error_rate() -> None:
    """2,000 A/A tests looked at 100 times each (every 100 units per arm): false alarms ≤ α with
    confidence sequences, while the fixed-horizon t-test, peeked at the same way, raises far more."""
    rng = np.random.default_rng(99)
    runs, looks, batch, alpha = 2000, 100, 100, 0.05
    cumulative = []
    for _ in range(2):
        total, squares = _groups(rng, (runs, looks), batch, 1.0, 2.0)
        cumulative.append((np.cumsum(total, axis=1), np.cumsum(squares, axis=1)))
    n = batch * np.arange(1, looks + 1, dtype=float)[None, :]
    a = SampleStatistics.of(np.broadcast_to(n, (runs, looks)), *cumulative[0])
    b = SampleStatistics.of(np.broadcast_to(n, (runs, looks)), *cumulative[1])
    moments = compare(a, b, relative=False)
    sequence = confidence_sequence(moments, alpha=alpha, tuning=5000)
    fixed = t_test(moments, alpha=alpha)
    alarms_sequence = np.mean(((sequence.ci_low > 0) | (sequence.ci_high < 0)).any(axis=1))
    alarms_fixed = np.mean(((fixed.ci_low > 0) | (fixed.ci_high < 0)).any(axis=1))
    assert alarms_sequence <= alpha, alarms_sequence
    assert alarms_fixed > 3 * alpha, alarms_fixed  # the test above can fail: naive peeking does
