"""Experiments: read A/B tests right from per-variant sufficient statistics.

The statistics engine is pure (NumPy and SciPy, no database, no web) and vectorised
over arrays of comparisons:

- `statistics`   per-variant sufficient statistics → means, variances, CUPED, ratios
- `effects`      a variant against its control: absolute and relative (delta method) effects
- `frequentist`  Welch's t-test, one- and two-sided, confidence intervals
- `sequential`   always-valid confidence sequences (safe to look early)
- `bayesian`     Gaussian posterior: chance to beat control, expected loss, credible intervals
- `srm`          the sample-ratio check
- `corrections`  Holm and Benjamini–Hochberg over several comparisons
- `power`        power, minimum detectable effect and sample size before a test
- `table`        the statistics CSV (`dayone experiment analyze STATS.csv`), validated
- `analysis`     one experiment's statistics → results that serialize to the API's JSON
- `breakdown`    by a dimension: top values read alone, the rest pooled into "other"
- `timeline`     the always-valid interval at each date of cumulative statistics
- `market`       market tests: difference-in-differences, synthetic control, placebo p-value
- `market_data`  the market test's panel CSV (region, date, value), validated
- `sufficient`   the statistics computed from row-level data by DuckDB, PostgreSQL or Spark

Importing this package loads neither NumPy nor SciPy (the command line stays quick);
the modules above do.
"""

from __future__ import annotations
