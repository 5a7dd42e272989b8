"""Welch's t-test on an effect's moments: p-values and confidence intervals, one- or two-sided.

The statistic is ``t = (estimate − test_value) / standard_error`` on the Welch–Satterthwaite
degrees of freedom (for relative effects too, as gbstats does); the interval is
``estimate ± t_{1−α/2, dof} · standard_error`` (``t_{1−α, dof}`` and one open end when
one-sided). P-values come from the t distribution's survival function, which keeps tiny
p-values accurate (gbstats' ``1 − cdf`` rounds them to 0 below about 1e-16).
"""

from __future__ import annotations

import numpy as np
from scipy import special

from dayone.experiments.effects import EffectMoments
from dayone.experiments.intervals import IntervalTest, Sided, check_alpha, interval


def t_test(moments: EffectMoments, *, alpha: float = 0.05, sided: Sided = "two-sided",
           test_value: float = 0.0) -> IntervalTest:
    """Welch's t-test of every comparison in ``moments`` at level ``alpha``."""
    check_alpha(alpha)
    est, se, dof = moments.estimate, moments.standard_error, moments.dof
    with np.errstate(invalid="ignore", divide="ignore"):
        t = (est - test_value) / se
        if sided == "two-sided":
            p = 2 * special.stdtr(dof, -np.abs(t))
            quantile = special.stdtrit(dof, 1 - alpha / 2)
        else:
            p = special.stdtr(dof, -t) if sided == "greater" else special.stdtr(dof, t)
            quantile = special.stdtrit(dof, 1 - alpha)
    low, high = interval(est, quantile * se, sided)
    return IntervalTest(est, low, high, np.minimum(p, 1.0))
