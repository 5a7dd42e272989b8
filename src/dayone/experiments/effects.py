"""A variant against its control: the effect's estimate, standard error and degrees of freedom.

Absolute effect: ``mean_b − mean_a`` with variance ``var_b/n_b + var_a/n_a``.
Relative effect: ``(mean_b − mean_a) / |mean_a|``, its variance by the delta method
(first-order Taylor expansion of the ratio, control and variant independent):
``var_b/(n_b·μa²) + (var_a·μb²/μa² − 2θ·cov_a·μb/μa + θ²·var_pre_a)/(n_a·μa²)``,
where ``μ`` are the unadjusted means and θ is CUPED's coefficient (0 without CUPED, which
leaves the textbook ``var_b/(n_b·μa²) + var_a·μb²/(n_a·μa⁴)``). With CUPED the means in the
numerator are the adjusted ones, ``μ − θ·pre_mean``.

Degrees of freedom: Welch–Satterthwaite on the (adjusted) group variances, for either effect.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from dayone.experiments.statistics import FloatArray, SampleStatistics, cuped_theta, unit_moments

NO_VARIANCE = "no variance to measure: a group has fewer than 2 units or all its values are equal"
ZERO_BASELINE = "the control's mean is 0, so a relative effect is undefined"


@dataclass(frozen=True)
class EffectMoments:
    """Each comparison's effect estimate and standard error; NaN where ``error`` says why not."""

    relative: bool
    estimate: FloatArray
    standard_error: FloatArray
    dof: FloatArray
    n: FloatArray  # units in control and variant together: the sequential test's sample size
    control_mean: FloatArray  # unadjusted, per unit
    variant_mean: FloatArray
    theta: FloatArray
    error: NDArray[np.object_]  # None, or why this comparison has no estimate

    @property
    def ok(self) -> NDArray[np.bool_]:
        """Where the comparison has an estimate."""
        return np.asarray(self.error == None)  # noqa: E711  (element-wise)


def _errors(*conditions: tuple[NDArray[np.bool_], str]) -> NDArray[np.object_]:
    """The first message whose condition holds, element-wise (None where none does)."""
    shape = np.broadcast_shapes(*(c.shape for c, _ in conditions))
    out = np.full(shape, None, dtype=object)
    for condition, message in reversed(conditions):
        out[np.broadcast_to(condition, shape)] = message
    return out


def compare(control: SampleStatistics, variant: SampleStatistics, *, relative: bool = True) -> EffectMoments:
    """Moments of the effect of ``variant`` against ``control``, element-wise over their arrays.

    Both must be the same kind (plain, ratio or CUPED). Comparisons that cannot be estimated
    carry NaN and a message in ``error``: a group without variance, or (relative effects) a
    control mean of 0.
    """
    if (control.is_ratio, control.is_cuped) != (variant.is_ratio, variant.is_cuped):
        raise ValueError("control and variant statistics must be of the same kind")
    theta = cuped_theta(control, variant)
    a, b = unit_moments(control), unit_moments(variant)
    mean_a, var_a = a.adjusted(theta)
    mean_b, var_b = b.adjusted(theta)
    with np.errstate(divide="ignore", invalid="ignore"):
        se2_a, se2_b = var_a / a.n, var_b / b.n
        dof = (se2_a + se2_b) ** 2 / (se2_b**2 / (b.n - 1) + se2_a**2 / (a.n - 1))
        if relative:
            baseline = a.mean
            estimate = (mean_b - mean_a) / np.abs(baseline)
            control_term = (a.variance * b.mean**2 / baseline**2 - 2 * theta * a.covariance * b.mean / baseline
                            + theta**2 * a.pre_variance)
            variance = var_b / (b.n * baseline**2) + control_term / (a.n * baseline**2)
        else:
            estimate, variance = mean_b - mean_a, se2_a + se2_b
    no_variance = ~((var_a > 0) & (var_b > 0) & (variance > 0))
    conditions = [(no_variance, NO_VARIANCE)]
    if relative:
        conditions.append(((a.mean == 0) | (mean_a == 0), ZERO_BASELINE))
    error = _errors(*conditions)
    bad = error != None  # noqa: E711
    nan = np.float64(np.nan)
    return EffectMoments(
        relative=relative,
        estimate=np.where(bad, nan, estimate),
        standard_error=np.where(bad, nan, np.sqrt(np.where(bad, 1.0, variance))),
        dof=np.where(bad, nan, dof),
        n=np.broadcast_to(a.n + b.n, error.shape).astype(np.float64),
        control_mean=np.broadcast_to(a.mean, error.shape),
        variant_mean=np.broadcast_to(b.mean, error.shape),
        theta=np.broadcast_to(theta, error.shape),
        error=error,
    )
