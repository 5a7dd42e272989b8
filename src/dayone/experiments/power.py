"""Before the test: power, minimum detectable effect (MDE) and sample size, for a relative effect.

As GrowthBook's power calculator (``packages/shared/src/power/power.ts``): a metric with
per-unit mean ``m`` and variance ``v`` (``p(1 − p)`` for a rate), ``n`` units in each of
``k`` variants, a relative effect ``e``. The relative effect's standard error is the delta
method's with the variant's mean at ``m(1 + e)``: ``se² = v·(1 + (1 + e)²) / (n·m²)``.

- power: ``1 − Φ(z* − e/se) + Φ(−z* − e/se)`` (the second term only two-sided),
  ``z* = Φ⁻¹(1 − α/2)`` two-sided, ``Φ⁻¹(1 − α)`` one-sided;
- MDE: the ``e`` solving ``e = (z* + Φ⁻¹(power))·se(e)`` (a quadratic; the far tail ignored);
- sample size: the fewest units per variant whose power reaches the target.

Sequential testing widens the interval: the standard error is multiplied by the confidence
sequence's half-width over the fixed test's, ``z_seq / z*`` at ``N = 2n`` units (GrowthBook's
``sequentialPowerSequentialVariance``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special

from dayone.experiments.sequential import halfwidth, mixture_rho


@dataclass(frozen=True)
class PowerDesign:
    """What the calculation needs besides the effect and the sample size."""

    mean: float
    variance: float
    variants: int = 2
    alpha: float = 0.05
    two_sided: bool = True
    sequential_tuning: float | None = None  # None: a fixed-horizon test

    def __post_init__(self) -> None:
        if self.mean == 0 or not math.isfinite(self.mean):
            raise ValueError("the metric's mean must be a number other than 0 (effects are relative to it)")
        if not self.variance > 0 or not math.isfinite(self.variance):
            raise ValueError("the metric's variance must be positive")
        if self.variants < 2:
            raise ValueError("an experiment needs at least 2 variants (the control and one more)")
        if not 0 < self.alpha < 1:
            raise ValueError(f"alpha must be between 0 and 1, not {self.alpha}")
        if self.sequential_tuning is not None and self.sequential_tuning <= 0:
            raise ValueError("the sequential tuning parameter must be positive")

    @property
    def z_star(self) -> float:
        return float(special.ndtri(1 - self.alpha / 2 if self.two_sided else 1 - self.alpha))

    def inflation(self, per_variant: float) -> float:
        """How much sequential testing widens the interval after ``per_variant`` units in each group."""
        if self.sequential_tuning is None:
            return 1.0
        pair = 2 * per_variant
        rho = mixture_rho(self.alpha, self.sequential_tuning)
        z_seq = float(halfwidth(np.array(pair), np.array(pair), self.alpha, rho))
        return z_seq / float(special.ndtri(1 - self.alpha / 2))

    def standard_error(self, effect: float, per_variant: float) -> float:
        """The relative effect's standard error with ``per_variant`` units in each group."""
        spread = self.variance * (1 + (1 + effect) ** 2) / (per_variant * self.mean**2)
        return math.sqrt(spread) * self.inflation(per_variant)


def power(design: PowerDesign, effect: float, users: float) -> float:
    """The chance of a significant result for a true relative ``effect`` with ``users`` in all variants."""
    per_variant = users / design.variants
    if per_variant <= 1:
        raise ValueError("too few users: give each variant at least 2")
    standardized = effect / design.standard_error(effect, per_variant)
    result = special.ndtr(standardized - design.z_star)
    if design.two_sided:
        result += special.ndtr(-design.z_star - standardized)
    return float(result)


def minimum_detectable_effect(design: PowerDesign, users: float, target: float = 0.8) -> float:
    """The smallest relative effect (upwards) detected with probability ``target`` with ``users`` in all."""
    if not design.alpha < target < 1:
        raise ValueError(f"power must be between alpha ({design.alpha}) and 1, not {target}")
    per_variant = users / design.variants
    if per_variant <= 1:
        raise ValueError("too few users: give each variant at least 2")
    z = design.z_star + float(special.ndtri(target))
    m = abs(design.mean)
    sigma2 = design.variance * design.inflation(per_variant) ** 2 / per_variant
    if z**2 * sigma2 >= m**2:
        raise ValueError("too few users to detect any effect at this power: add users or remove variants")
    # (μb − m)² = z²σ²(1 + μb²/m²), solved for the larger root μb
    a, b, c = 1 - z**2 * sigma2 / m**2, -2 * m, m**2 - z**2 * sigma2
    root = (-b + math.sqrt(b**2 - 4 * a * c)) / (2 * a)
    return (root - m) / m


def sample_size(design: PowerDesign, effect: float, target: float = 0.8, limit: int = 10**12) -> int:
    """The fewest units per variant whose power for ``effect`` reaches ``target``."""
    if effect == 0 or not math.isfinite(effect):
        raise ValueError("the effect to detect must be a number other than 0")
    if not design.alpha < target < 1:
        raise ValueError(f"power must be between alpha ({design.alpha}) and 1, not {target}")

    def enough(n: int) -> bool:
        return power(design, effect, n * design.variants) >= target

    high = 2
    while not enough(high):
        if high > limit:
            raise ValueError(f"more than {limit:,} users per variant would be needed: is the effect too small?")
        high *= 2
    low = max(high // 2, 2)
    if enough(low):
        return low
    while high - low > 1:  # enough(high) and not enough(low)
        middle = (low + high) // 2
        low, high = (low, middle) if enough(middle) else (middle, high)
    return high
