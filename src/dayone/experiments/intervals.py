"""What every engine returns for a batch of comparisons: an estimate, an interval, a p-value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from dayone.experiments.statistics import FloatArray

Sided = Literal["two-sided", "greater", "less"]
SIDES: tuple[Sided, ...] = ("two-sided", "greater", "less")


@dataclass(frozen=True)
class IntervalTest:
    """Element-wise results of a test; NaN where the effect could not be estimated.

    A one-sided interval is open on one side (``-inf`` or ``inf``): ``greater`` tests
    whether the variant is higher, ``less`` whether it is lower.
    """

    estimate: FloatArray
    ci_low: FloatArray
    ci_high: FloatArray
    p_value: FloatArray


def interval(estimate: FloatArray, halfwidth: FloatArray, sided: Sided) -> tuple[FloatArray, FloatArray]:
    """The interval around ``estimate`` for the sides asked (an infinite end for one-sided tests)."""
    if sided not in SIDES:
        raise ValueError(f"sided must be one of {', '.join(SIDES)}, not {sided!r}")
    low, high = estimate - halfwidth, estimate + halfwidth
    nan_or = np.isnan(estimate)
    if sided == "greater":
        high = np.where(nan_or, np.nan, np.inf)
    elif sided == "less":
        low = np.where(nan_or, np.nan, -np.inf)
    return low, high


def check_alpha(alpha: float) -> None:
    """Refuse a significance level outside (0, 1)."""
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, not {alpha}")
