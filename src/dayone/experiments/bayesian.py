"""The Bayesian read: a Gaussian posterior on the effect, as GrowthBook's effect engine computes it.

The data's estimate ``d`` with standard error ``s`` is a Gaussian likelihood. With a proper
Gaussian prior ``N(m, v)`` on the effect the posterior is Gaussian with precision
``1/s² + 1/v`` and mean ``(d/s² + m/v) / precision``; with the default flat (improper)
prior it is ``N(d, s²)``. A prior is stated on the relative effect and scaled by the
control's mean (``m·|μa|``, ``v·μa²``) for an absolute one.

From the posterior ``X ~ N(μ, σ²)``:

- chance to win ``P(X > 0) = Φ(μ/σ)`` (``P(X < 0)`` for a metric where lower is better);
- credible interval: the ``α/2`` and ``1 − α/2`` quantiles;
- risk (expected loss) of shipping the variant ``E[max(−X, 0)] = σ·(φ(z) − z·Φ(−z))``, of keeping
  the control ``E[max(X, 0)] = σ·(φ(z) + z·Φ(z))``, ``z = μ/σ`` (swapped when lower is better).
  Computed in closed form with the scaled complementary error function so the tails keep
  their digits; beyond ``|z| > 37`` they are ``max(±μ, 0)`` exactly as in gbstats.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

from dayone.experiments.effects import EffectMoments
from dayone.experiments.intervals import check_alpha
from dayone.experiments.statistics import FloatArray

SQRT_2PI = float(np.sqrt(2 * np.pi))
FAR_TAIL = 37.0  # beyond this many standard deviations gbstats takes the limits; we do the same


@dataclass(frozen=True)
class GaussianPrior:
    """A prior on the (relative) effect; ``proper=False`` is the flat prior: the data alone."""

    mean: float = 0.0
    variance: float = 1.0
    proper: bool = False


@dataclass(frozen=True)
class Posterior:
    """Element-wise posterior summaries; NaN where the effect could not be estimated."""

    mean: FloatArray
    stddev: FloatArray
    chance_to_win: FloatArray
    ci_low: FloatArray
    ci_high: FloatArray
    risk: FloatArray  # expected loss of shipping the variant
    risk_control: FloatArray  # expected loss of keeping the control


def _shortfall(x: FloatArray) -> FloatArray:
    """``φ(x) − x·Φ(−x)`` = ``E[max(Z − x, 0)]`` for a standard normal ``Z``, stable in both tails."""
    ax = np.abs(x)
    # for x ≥ 0: exp(−x²/2)·(1/√(2π) − x·erfcx(x/√2)/2), no underflow before the product
    right = np.exp(-0.5 * ax**2) * (1 / SQRT_2PI - 0.5 * ax * special.erfcx(ax / np.sqrt(2)))
    return np.where(x >= 0, right, ax + right)  # φ(x) − xΦ(−x) = |x| + (the same at |x|) for x < 0


def expected_losses(mean: FloatArray, stddev: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``(E[max(−X, 0)], E[max(X, 0)])`` for ``X ~ N(mean, stddev²)``: shipping's and keeping's risk."""
    with np.errstate(divide="ignore", invalid="ignore"):
        z = mean / stddev
    ship, keep = stddev * _shortfall(z), stddev * _shortfall(-z)
    far = np.abs(z) > FAR_TAIL
    ship = np.where(far, np.maximum(-mean, 0.0), ship)
    keep = np.where(far, np.maximum(mean, 0.0), keep)
    return ship, keep


def posterior(moments: EffectMoments, *, alpha: float = 0.05, prior: GaussianPrior | None = None,
              inverse: bool = False) -> Posterior:
    """The posterior of every comparison in ``moments``; ``inverse`` when lower is better."""
    check_alpha(alpha)
    prior = prior or GaussianPrior()
    est, var = moments.estimate, moments.standard_error**2
    if prior.proper:
        if prior.variance <= 0:
            raise ValueError("a proper prior needs a positive variance")
        scale = 1.0 if moments.relative else np.abs(moments.control_mean)
        prior_mean, prior_var = prior.mean * scale, prior.variance * scale**2
        with np.errstate(divide="ignore", invalid="ignore"):
            precision = 1 / var + 1 / prior_var
            mean = (est / var + prior_mean / prior_var) / precision
        std = np.sqrt(1 / precision)
    else:
        mean, std = est, np.sqrt(var)
    with np.errstate(divide="ignore", invalid="ignore"):
        chance = special.ndtr(mean / std)
    ship, keep = expected_losses(mean, std)
    if inverse:
        chance, ship, keep = 1 - chance, keep, ship
    quantile = special.ndtri(1 - alpha / 2)
    return Posterior(mean, std, chance, mean - quantile * std, mean + quantile * std, ship, keep)
