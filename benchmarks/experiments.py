"""10,000 metric × variant comparisons, frequentist and Bayesian: our engine against gbstats.

    python benchmarks/experiments.py [--comparisons 10000] [--gbstats-sample 1000]

Both read the same sufficient statistics (simulated, every one possible). Ours runs on all
the comparisons at once (arrays); gbstats answers one comparison per object, so it runs on
``--gbstats-sample`` of them and its time is scaled up to all (it is linear in the count).
The answers are compared on that sample too (largest relative difference).

gbstats is optional: install the PyPI release beside the project without touching the
project's NumPy/pandas (0.8.0 pins numpy<2 and pandas<2), or point at GrowthBook's checkout:

    pip install --no-deps --target /tmp/gbstats080 gbstats==0.8.0
    PYTHONPATH=src:/tmp/gbstats080 python benchmarks/experiments.py
    PYTHONPATH=src:/path/to/growthbook/packages/stats python benchmarks/experiments.py
"""

from __future__ import annotations

import argparse
import inspect
import time
from typing import Any

import numpy as np

from dayone.experiments.analysis import AnalysisOptions, compare_arrays
from dayone.experiments.statistics import SampleStatistics


def _statistics(rng: np.random.Generator, count: int) -> tuple[SampleStatistics, SampleStatistics]:
    n = rng.integers(100, 100_000, (2, count)).astype(float)
    mean = rng.uniform(1, 20, count)
    sd = rng.uniform(0.5, 10, count)
    lift = rng.normal(0, 0.05, count)
    groups = []
    for i, m in enumerate((mean, mean * (1 + lift))):
        total = rng.normal(n[i] * m, np.sqrt(n[i]) * sd)
        squares = sd**2 * rng.chisquare(n[i] - 1) + total**2 / n[i]
        groups.append(SampleStatistics.of(n[i], total, squares))
    return groups[0], groups[1]


def _ours(control: SampleStatistics, variant: SampleStatistics, engine: str) -> tuple[float, Any]:
    options = AnalysisOptions(engine=engine)  # type: ignore[arg-type]
    compare_arrays(control.take(slice(0, 10)), variant.take(slice(0, 10)), options)  # warm up
    start = time.perf_counter()
    result = compare_arrays(control, variant, options)
    return time.perf_counter() - start, result


def _theirs(control: SampleStatistics, variant: SampleStatistics, engine: str, sample: int,
            ) -> tuple[float, list[Any]] | None:
    try:
        from gbstats.bayesian.tests import EffectBayesianABTest
        from gbstats.frequentist.tests import TwoSidedTTest
        from gbstats.models.statistics import SampleMeanStatistic
    except ImportError:
        return None
    test = TwoSidedTTest if engine == "frequentist" else EffectBayesianABTest
    pairwise = "stat_b" in inspect.signature(test.__init__).parameters  # 0.8.0: (stat_a, stat_b)
    answers = []
    start = time.perf_counter()
    for i in range(sample):
        a, b = (SampleMeanStatistic(n=int(s.n[i]), sum=float(s.sum[i]), sum_squares=float(s.sum_squares[i]))
                for s in (control, variant))
        answers.append((test(a, b) if pairwise else test([(a, b)])).compute_result())
    return time.perf_counter() - start, answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--comparisons", type=int, default=10_000)
    parser.add_argument("--gbstats-sample", type=int, default=1000)
    args = parser.parse_args()
    control, variant = _statistics(np.random.default_rng(1), args.comparisons)
    sample = min(args.gbstats_sample, args.comparisons)
    for engine in ("frequentist", "bayesian"):
        seconds, ours = _ours(control, variant, engine)
        line = f"{engine:<12} ours {seconds * 1000:8.1f} ms for {args.comparisons:,}"
        theirs = _theirs(control, variant, engine, sample)
        if theirs is None:
            print(line + "   (gbstats not importable: see this script's docstring)")
            continue
        their_seconds, answers = theirs
        scaled = their_seconds * args.comparisons / sample
        expected = np.array([r.expected for r in answers])
        low = np.array([r.ci[0] for r in answers])
        differs = max(np.max(np.abs(ours.relative.estimate[:sample] - expected) / np.abs(expected)),
                      np.max(np.abs(ours.relative.ci_low[:sample] - low) / np.abs(low)))
        print(f"{line}   gbstats {scaled:8.2f} s (from {sample:,})   ratio {scaled / seconds:8.0f}×   "
              f"largest relative difference {differs:.1e}")


if __name__ == "__main__":
    main()
