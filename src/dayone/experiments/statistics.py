"""Per-variant sufficient statistics and the per-unit moments they give.

A metric in a group of units (a variant) is summarised by its count ``n``, the sum of
its values and the sum of their squares; a ratio metric (revenue per session) adds the
denominator's sum, sum of squares and the cross-product of numerator and denominator;
CUPED adds the pre-period value's sum, sum of squares and its cross-product with the
metric. Every field is an array (or a number) and all broadcast together, so one call
handles thousands of groups.

Variances are the unbiased sample variances (divided by ``n - 1``), as gbstats'
``SampleMeanStatistic``; a ratio's variance is the delta method's
(``var_m/d² + var_d·m²/d⁴ − 2·cov·m/d³`` with per-unit means ``m`` and ``d``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

RATIO_FIELDS = ("denominator_sum", "denominator_sum_squares", "cross_sum")
CUPED_FIELDS = ("pre_sum", "pre_sum_squares", "pre_cross_sum")


def as_array(value: ArrayLike) -> FloatArray:
    """``value`` as a float64 array (a copy only when it must convert)."""
    return np.asarray(value, dtype=np.float64)


@dataclass(frozen=True)
class SampleStatistics:
    """Sufficient statistics of one metric in one group or in many (arrays broadcast together).

    Give the three ratio fields together for a ratio metric (numerator in ``sum``), or the
    three ``pre_`` fields together for CUPED; not both.
    """

    n: FloatArray
    sum: FloatArray
    sum_squares: FloatArray
    denominator_sum: FloatArray | None = None
    denominator_sum_squares: FloatArray | None = None
    cross_sum: FloatArray | None = None
    pre_sum: FloatArray | None = None
    pre_sum_squares: FloatArray | None = None
    pre_cross_sum: FloatArray | None = None

    @classmethod
    def of(cls, n: ArrayLike, sum: ArrayLike, sum_squares: ArrayLike, **optional: ArrayLike | None,
           ) -> SampleStatistics:
        """Build from numbers, lists or arrays; checks that optional fields come in complete sets."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(optional) - known)
        if unknown:
            raise TypeError(f"unknown statistics: {', '.join(unknown)}")
        made = cls(as_array(n), as_array(sum), as_array(sum_squares),
                   **{k: None if v is None else as_array(v) for k, v in optional.items()})
        for group in (RATIO_FIELDS, CUPED_FIELDS):
            given = [getattr(made, name) is not None for name in group]
            if any(given) and not all(given):
                raise ValueError(f"give all of {', '.join(group)} or none")
        if made.is_ratio and made.is_cuped:
            raise ValueError("CUPED for ratio metrics needs cross-products this table does not carry")
        return made

    @property
    def is_ratio(self) -> bool:
        return self.denominator_sum is not None

    @property
    def is_cuped(self) -> bool:
        return self.pre_sum is not None

    def take(self, index: Any) -> SampleStatistics:
        """The groups at ``index`` (anything NumPy indexes with), every field alike."""
        picked: dict[str, Any] = {f.name: None if (v := getattr(self, f.name)) is None else np.broadcast_to(
            v, self.n.shape)[index] for f in fields(self)}
        return replace(self, **picked)

    def __add__(self, other: SampleStatistics) -> SampleStatistics:
        """Pooled statistics of two groups (sums add)."""
        pooled: dict[str, Any] = {f.name: None if (v := getattr(self, f.name)) is None or getattr(
            other, f.name) is None else v + getattr(other, f.name) for f in fields(self)}
        return replace(self, **pooled)


def safe_divide(numerator: ArrayLike, denominator: ArrayLike) -> FloatArray:
    """``numerator / denominator``, and 0 where the denominator is 0 (gbstats' convention)."""
    num, den = np.broadcast_arrays(as_array(numerator), as_array(denominator))
    out = np.zeros(num.shape)
    np.divide(num, den, out=out, where=den != 0)
    return out


def sample_covariance(n: FloatArray, sum_x: FloatArray, sum_y: FloatArray, sum_xy: FloatArray) -> FloatArray:
    """Unbiased sample covariance from sums; 0 where there are fewer than two units."""
    return np.where(n > 1, safe_divide(sum_xy - safe_divide(sum_x * sum_y, n), n - 1), 0.0)


def sample_variance(n: FloatArray, total: FloatArray, squares: FloatArray) -> FloatArray:
    """Unbiased sample variance from the count, sum and sum of squares."""
    return sample_covariance(n, total, total, squares)


def ratio_variance(mean_m: FloatArray, var_m: FloatArray, mean_d: FloatArray, var_d: FloatArray,
                   cov_md: FloatArray) -> FloatArray:
    """Delta-method variance of ``M / D`` given the moments of ``M`` and ``D``; 0 where ``mean_d`` is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        value = var_m / mean_d**2 + var_d * mean_m**2 / mean_d**4 - 2 * cov_md * mean_m / mean_d**3
    return np.where(mean_d != 0, value, 0.0)


@dataclass(frozen=True)
class UnitMoments:
    """A metric's per-unit mean and variance in each group, with the pre-period terms CUPED needs.

    ``mean`` is the plain (unadjusted) mean: the ratio of sums for a ratio metric. Without
    pre-period data ``pre_mean``, ``pre_variance`` and ``covariance`` are 0.
    """

    n: FloatArray
    mean: FloatArray
    variance: FloatArray
    pre_mean: FloatArray
    pre_variance: FloatArray
    covariance: FloatArray

    def adjusted(self, theta: FloatArray) -> tuple[FloatArray, FloatArray]:
        """CUPED-adjusted mean and variance for the coefficient ``theta`` (0: unadjusted)."""
        mean = self.mean - theta * self.pre_mean
        variance = self.variance + theta**2 * self.pre_variance - 2 * theta * self.covariance
        return mean, np.where(self.n > 1, variance, 0.0)


def unit_moments(stats: SampleStatistics) -> UnitMoments:
    """Per-unit moments of every group in ``stats``."""
    n = np.broadcast_to(stats.n, np.broadcast_shapes(stats.n.shape, stats.sum.shape)).astype(np.float64)
    zero = np.zeros(n.shape)
    if stats.denominator_sum is not None:
        assert stats.denominator_sum_squares is not None and stats.cross_sum is not None
        mean_m, mean_d = safe_divide(stats.sum, n), safe_divide(stats.denominator_sum, n)
        variance = ratio_variance(mean_m, sample_variance(n, stats.sum, stats.sum_squares), mean_d,
                                  sample_variance(n, stats.denominator_sum, stats.denominator_sum_squares),
                                  sample_covariance(n, stats.sum, stats.denominator_sum, stats.cross_sum))
        return UnitMoments(n, safe_divide(stats.sum, stats.denominator_sum), np.where(n > 1, variance, 0.0),
                           zero, zero, zero)
    mean, variance = safe_divide(stats.sum, n), sample_variance(n, stats.sum, stats.sum_squares)
    if stats.pre_sum is None:
        return UnitMoments(n, mean, variance, zero, zero, zero)
    assert stats.pre_sum_squares is not None and stats.pre_cross_sum is not None
    return UnitMoments(n, mean, variance, safe_divide(stats.pre_sum, n),
                       sample_variance(n, stats.pre_sum, stats.pre_sum_squares),
                       sample_covariance(n, stats.sum, stats.pre_sum, stats.pre_cross_sum))


def cuped_theta(control: SampleStatistics, variant: SampleStatistics) -> FloatArray:
    """CUPED's coefficient for each comparison: the pooled regression slope of metric on pre-period value.

    Pooled over control and variant (sums added, as gbstats does); 0 — no adjustment —
    where either pooled variance is 0 or there is no pre-period data.
    """
    if control.pre_sum is None or variant.pre_sum is None:
        return np.zeros(np.broadcast_shapes(control.n.shape, variant.n.shape))
    pooled = unit_moments(control + variant)
    usable = (pooled.pre_variance != 0) & (pooled.variance != 0)
    return np.where(usable, safe_divide(pooled.covariance, pooled.pre_variance), 0.0)
