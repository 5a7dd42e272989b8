"""Several comparisons at once: adjusted p-values (Holm; Benjamini–Hochberg).

- Holm (1979) controls the family-wise error rate: sort ascending, ``p₍ᵢ₎·(m − i + 1)``,
  then a running maximum, capped at 1.
- Benjamini–Hochberg (1995) controls the false discovery rate: sort ascending,
  ``p₍ᵢ₎·m / i``, then a running minimum from the largest down, capped at 1.

Both as GrowthBook applies them (over every metric and variant of an analysis) and as
``statsmodels.stats.multitest.multipletests`` computes them. NaN p-values (comparisons
without an estimate) are left out of the family and stay NaN.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from dayone.experiments.statistics import FloatArray, as_array

Correction = Literal["holm", "bh"]
CORRECTIONS: tuple[Correction, ...] = ("holm", "bh")


def adjust(p_values: ArrayLike, method: Correction) -> FloatArray:
    """Adjusted p-values of a 1-D family, in the input's order."""
    p = as_array(p_values)
    if p.ndim != 1:
        raise ValueError("give the p-values of one family as a 1-D array")
    if method not in CORRECTIONS:
        raise ValueError(f"correction must be one of {', '.join(CORRECTIONS)}, not {method!r}")
    out = np.full(p.shape, np.nan)
    present = np.flatnonzero(~np.isnan(p))
    m = present.size
    if m == 0:
        return out
    order = present[np.argsort(p[present], kind="stable")]
    ranked = p[order]
    rank = np.arange(1, m + 1)
    if method == "holm":
        adjusted = np.maximum.accumulate(ranked * (m - rank + 1))
    else:
        adjusted = np.minimum.accumulate((ranked * m / rank)[::-1])[::-1]
    out[order] = np.minimum(adjusted, 1.0)
    return out
