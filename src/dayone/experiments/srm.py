"""Sample-ratio mismatch: were units split between variants as the weights planned?

Pearson's chi-square test of the observed counts against ``weight · total`` expected, on
``k − 1`` degrees of freedom for ``k`` variants (variants with weight 0 add no term), as
gbstats' ``check_srm``. A p-value below ``SRM_THRESHOLD`` (GrowthBook's default, 0.001)
means the split is broken: the results cannot be trusted until the cause is found.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from dayone.experiments.statistics import FloatArray, as_array

SRM_THRESHOLD = 0.001


def srm_p_value(counts: ArrayLike, weights: ArrayLike | None = None) -> FloatArray:
    """The chi-square p-value of ``counts`` (last axis: variants) against ``weights`` (equal by default).

    Works on one experiment (a 1-D array) or many (rows); 1 where no unit was counted.
    """
    observed = as_array(counts)
    k = observed.shape[-1]
    share = as_array(np.full(k, 1 / k) if weights is None else weights)
    share = share / share.sum(axis=-1, keepdims=True)
    total = observed.sum(axis=-1, keepdims=True)
    expected = share * total
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(expected > 0, (observed - expected) ** 2 / expected, 0.0)
    statistic = terms.sum(axis=-1)
    p = special.chdtrc(k - 1, statistic)
    return np.where(total[..., 0] > 0, p, 1.0)
