"""Sequential testing: asymptotic confidence sequences that stay valid however often one looks.

Waudby-Smith, Arbour, Sinha, Kennedy and Ramdas, *Time-uniform central limit theory and
asymptotic confidence sequences* (arXiv:2103.06476v7), the normal-mixture boundary that
GrowthBook uses. With ``N`` units in the two groups, the effect's standard error ``se``,
``s² = se²·N`` and mixing parameter ``ρ``:

- two-sided half-width (eq. 9): ``sqrt(s²) · sqrt(2(Nρ²+1)/(Nρ)² · log(sqrt(Nρ²+1)/α))``
- one-sided half-width (eq. 134): ``sqrt(s² · 2(Nρ²+1)/(Nρ)² · log(1 + sqrt(Nρ²+1)/(2α)))``
- ``ρ`` (eq. 161) makes the boundary tightest at ``N`` = the tuning parameter:
  ``ρ = sqrt((−2 log α' + log(−2 log α' + 1)) / tuning)``, ``α' = α`` two-sided, ``2α`` one-sided.
- two-sided p-value (eq. 155): the reciprocal of the mixture e-value
  ``exp(ρ²·N·z² / (2(Nρ²+1))) / sqrt(Nρ²+1)`` with ``z = (estimate − test_value)/se``, capped at 1.
- one-sided p-value: the ``α`` at which the interval's finite end touches 0 for the ``ρ``
  chosen at the test's ``α``; solved in closed form (GrowthBook bisects for it) and held in
  ``[1e-5, 0.4999]`` as GrowthBook does.
"""

from __future__ import annotations

import numpy as np

from dayone.experiments.effects import EffectMoments
from dayone.experiments.intervals import IntervalTest, Sided, check_alpha, interval
from dayone.experiments.statistics import FloatArray

DEFAULT_TUNING = 5000.0
ONE_SIDED_P_RANGE = (1e-5, 0.4999)


def mixture_rho(alpha: float, tuning: float, *, two_sided: bool = True) -> float:
    """The normal mixture's parameter ρ that makes the sequence tightest near ``tuning`` units."""
    a = alpha if two_sided else 2 * alpha
    return float(np.sqrt((-2 * np.log(a) + np.log(-2 * np.log(a) + 1)) / tuning))


def halfwidth(s2: FloatArray, n: FloatArray, alpha: float, rho: float, *, two_sided: bool = True) -> FloatArray:
    """The confidence sequence's half-width for per-unit variance ``s2`` after ``n`` units."""
    spread = 2 * (n * rho**2 + 1) / (n * rho) ** 2
    if two_sided:
        return np.sqrt(s2) * np.sqrt(spread * np.log(np.sqrt(n * rho**2 + 1) / alpha))
    return np.sqrt(s2 * spread * np.log(1 + np.sqrt(n * rho**2 + 1) / (2 * alpha)))


def _one_sided_p(estimate: FloatArray, s2: FloatArray, n: FloatArray, rho: float, sided: Sided) -> FloatArray:
    """The smallest α whose one-sided sequence excludes 0 (ρ held), within GrowthBook's range."""
    low, high = ONE_SIDED_P_RANGE
    c = np.sqrt(n * rho**2 + 1)
    # the interval's finite end reaches 0 where halfwidth = |estimate|: invert eq. 134 for α
    log_term = estimate**2 * (n * rho) ** 2 / (2 * s2 * (n * rho**2 + 1))
    with np.errstate(over="ignore", divide="ignore"):
        root = c / (2 * np.expm1(log_term))
    toward = estimate > 0 if sided == "greater" else estimate < 0
    p = np.where(toward, np.clip(root, low, high), high)
    return np.where(np.isnan(estimate), np.nan, p)


def confidence_sequence(moments: EffectMoments, *, alpha: float = 0.05, sided: Sided = "two-sided",
                        tuning: float = DEFAULT_TUNING, test_value: float = 0.0) -> IntervalTest:
    """Always-valid intervals and p-values for every comparison in ``moments``."""
    check_alpha(alpha)
    if tuning <= 0:
        raise ValueError(f"the tuning parameter must be positive, not {tuning}")
    two_sided = sided == "two-sided"
    if not two_sided and alpha >= 0.5:
        raise ValueError("a one-sided sequential test needs alpha below 0.5")
    rho = mixture_rho(alpha, tuning, two_sided=two_sided)
    est, n = moments.estimate, moments.n
    s2 = moments.standard_error**2 * n
    width = halfwidth(s2, n, alpha, rho, two_sided=two_sided)
    low, high = interval(est, width, sided)
    if two_sided:
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            z2 = (est - test_value) ** 2 * n / moments.standard_error**2  # eq. 155's S²/σ², reparameterized
            spread = n * rho**2 + 1
            log_e = rho**2 * z2 / (2 * spread) - 0.5 * np.log(spread)
        p = np.where(np.isnan(est), np.nan, np.minimum(np.exp(-log_e), 1.0))
    else:
        p = _one_sided_p(est - test_value, s2, n, rho, sided)
    return IntervalTest(est, low, high, p)
