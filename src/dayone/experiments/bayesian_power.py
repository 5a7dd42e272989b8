"""Before a Bayesian test: how likely it is to end convinced, and the users that takes.

The Bayesian engine (``bayesian.py``) calls a variant a winner when its chance to beat the control
reaches a threshold ``c`` (95% by default). Planning asks, for a true relative effect ``e``: with
``n`` users per variant, how likely is the test to get there? The estimate ``d`` is Gaussian around
``e`` with the standard error ``s`` of ``power.py`` (the delta method at ``m(1 + e)``). With a prior
``N(μ₀, v)`` on the relative effect the posterior has precision ``1/s² + 1/v`` and mean
``(d/s² + μ₀/v) / precision``, so its chance to win reaches ``c`` exactly when

    d > s²·(z_c·√(1/s² + 1/v) − μ₀/v),    z_c = Φ⁻¹(c),

and the **Bayesian power** is ``P(d > that) = Φ((e − s²·(z_c·√(1/s² + 1/v) − μ₀/v)) / s)``. With the
flat prior (``v → ∞``) the bound is ``z_c·s``: the power of a one-sided test at ``α = 1 − c``, which
the tests check. A sceptical prior (mean 0, small ``v``) pulls the posterior towards no effect and
asks for more users; an optimistic one (``μ₀ > 0``) for fewer. A negative ``e`` plans a metric where
lower is better: the chance that the variant is lower, the prior's mean read the same way.

The sample size is the fewest users per variant whose Bayesian power reaches the target (80% by
default), found by doubling and bisection as ``power.sample_size`` does.
"""

from __future__ import annotations

import math

from scipy import special

from dayone.experiments.bayesian import GaussianPrior
from dayone.experiments.power import PowerDesign


def _check(design: PowerDesign, effect: float, chance: float, prior: GaussianPrior) -> None:
    if design.sequential_tuning is not None:
        raise ValueError("the Bayesian engine reads no confidence sequence: plan it without --sequential")
    if effect == 0 or not math.isfinite(effect):
        raise ValueError("the effect to plan for must be a number other than 0")
    if not 0.5 <= chance < 1:
        raise ValueError(f"the chance to win wanted must be at least 0.5 and below 1, not {chance}")
    if prior.proper and not (prior.variance > 0 and math.isfinite(prior.variance) and math.isfinite(prior.mean)):
        raise ValueError("a proper prior needs a finite mean and a positive, finite variance")


def bayesian_power(design: PowerDesign, effect: float, users: float, *, chance: float = 0.95,
                   prior: GaussianPrior | None = None) -> float:
    """The probability that a test with ``users`` in all variants ends with the variant's chance to
    beat the control at ``chance`` or more, when the true relative effect is ``effect``."""
    prior = prior or GaussianPrior()
    _check(design, effect, chance, prior)
    per_variant = users / design.variants
    if per_variant <= 1:
        raise ValueError("too few users: give each variant at least 2")
    sign = 1.0 if effect > 0 else -1.0
    s2 = design.standard_error(effect, per_variant) ** 2
    z_c = float(special.ndtri(chance))
    if prior.proper:
        bound = s2 * (z_c * math.sqrt(1 / s2 + 1 / prior.variance) - sign * prior.mean / prior.variance)
    else:
        bound = z_c * math.sqrt(s2)
    return float(special.ndtr((abs(effect) - bound) / math.sqrt(s2)))


def bayesian_sample_size(design: PowerDesign, effect: float, target: float = 0.8, *, chance: float = 0.95,
                         prior: GaussianPrior | None = None, limit: int = 10**12) -> int:
    """The fewest users per variant whose Bayesian power for ``effect`` reaches ``target``."""
    if not 0 < target < 1:
        raise ValueError(f"power must be between 0 and 1, not {target}")

    def enough(n: int) -> bool:
        return bayesian_power(design, effect, n * design.variants, chance=chance, prior=prior) >= target

    high = 2
    while not enough(high):
        if high > limit:
            raise ValueError(f"more than {limit:,} users per variant would be needed: is the effect too small, "
                             "or the prior too sure of no effect?")
        high *= 2
    low = max(high // 2, 2)
    if enough(low):
        return low
    while high - low > 1:  # enough(high) and not enough(low)
        middle = (low + high) // 2
        low, high = (low, middle) if enough(middle) else (middle, high)
    return high
