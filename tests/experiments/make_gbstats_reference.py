"""Write gbstats_reference.json: gbstats' own answers on a fixed set of inputs.

Not a test: run it against a checkout of GrowthBook's current gbstats (not the PyPI 0.8.0,
which lags it) and review the diff:

    PYTHONPATH=/path/to/growthbook/packages/stats python tests/experiments/make_gbstats_reference.py COMMIT

The inputs are sufficient statistics of simulated data (so every one is possible), plain,
ratio and CUPED, with small and large samples, negative means and strong effects.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
from gbstats.bayesian.tests import EffectBayesianABTest, EffectBayesianConfig, GaussianPrior
from gbstats.frequentist.tests import (
    FrequentistConfig,
    OneSidedTreatmentGreaterTTest,
    OneSidedTreatmentLesserTTest,
    SequentialConfig,
    SequentialOneSidedTreatmentGreaterTTest,
    SequentialOneSidedTreatmentLesserTTest,
    SequentialTwoSidedTTest,
    TwoSidedTTest,
)
from gbstats.models.statistics import RatioStatistic, RegressionAdjustedStatistic, SampleMeanStatistic
from gbstats.utils import check_srm

OUT = Path(__file__).with_name("gbstats_reference.json")


def _group(rng: np.random.Generator, n: int, mean: float, sd: float, kind: str, lift: float) -> dict[str, float]:
    pre = rng.normal(mean, sd, n)
    post = 0.7 * pre + rng.normal(mean * 0.3 * (1 + lift), sd * 0.7, n)
    row = {"n": n, "sum": post.sum(), "sum_squares": (post**2).sum()}
    if kind == "ratio":
        den = rng.poisson(3, n) + 1.0
        num = post * den / 3
        row.update(sum=num.sum(), sum_squares=(num**2).sum(), denominator_sum=den.sum(),
                   denominator_sum_squares=(den**2).sum(), cross_sum=(num * den).sum())
    elif kind == "cuped":
        row.update(pre_sum=pre.sum(), pre_sum_squares=(pre**2).sum(), pre_cross_sum=(pre * post).sum())
    return {k: float(v) for k, v in row.items()}


def _statistic(row: dict[str, float], kind: str) -> Any:
    n = int(row["n"])
    post = SampleMeanStatistic(n=n, sum=row["sum"], sum_squares=row["sum_squares"])
    if kind == "ratio":
        den = SampleMeanStatistic(n=n, sum=row["denominator_sum"], sum_squares=row["denominator_sum_squares"])
        return RatioStatistic(n=n, m_statistic=post, d_statistic=den, m_d_sum_of_products=row["cross_sum"])
    if kind == "cuped":
        pre = SampleMeanStatistic(n=n, sum=row["pre_sum"], sum_squares=row["pre_sum_squares"])
        return RegressionAdjustedStatistic(n=n, post_statistic=post, pre_statistic=pre,
                                           post_pre_sum_of_products=row["pre_cross_sum"], theta=None)
    return post


def _result(result: Any) -> dict[str, Any]:
    out = {"estimate": result.expected, "ci": [float(c) for c in result.ci], "error": result.errorMessage}
    if hasattr(result, "pValue"):
        out["p_value"] = result.pValue
    else:
        out.update(chance_to_win=float(result.chanceToWin), risk=[float(r) for r in result.risk])
    return out


def main(commit: str) -> None:
    rng = np.random.default_rng(20260915)
    tests = {"two-sided": TwoSidedTTest, "greater": OneSidedTreatmentGreaterTTest,
             "less": OneSidedTreatmentLesserTTest}
    sequential = {"two-sided": SequentialTwoSidedTTest, "greater": SequentialOneSidedTreatmentGreaterTTest,
                  "less": SequentialOneSidedTreatmentLesserTTest}
    cases = []
    for kind in ("mean", "ratio", "cuped"):
        for n_a, n_b, mean, sd, lift in ((50, 60, 5.0, 3.0, 0.1), (1000, 1010, 10.0, 8.0, 0.02),
                                         (20000, 19800, 2.0, 5.0, -0.03), (300, 290, -4.0, 2.0, 0.2),
                                         (5, 7, 1.0, 1.0, 0.5), (100000, 100000, 0.1, 0.3, 0.0)):
            control, variant = _group(rng, n_a, mean, sd, kind, 0.0), _group(rng, n_b, mean, sd, kind, lift)
            cases.append(_case(kind, control, variant, tests, sequential))
        # where gbstats declines: a control without variance (all values 5), a control mean of 0
        flat = {"n": 10.0, "sum": 50.0, "sum_squares": 250.0}
        zero = {"n": 100.0, "sum": 0.0, "sum_squares": 400.0}
        if kind == "mean":
            for control in (flat, zero):
                cases.append(_case(kind, control, _group(rng, 100, 5.0, 2.0, kind, 0.1), tests, sequential))
    srm = [{"counts": c, "weights": w, "p_value": float(check_srm(c, w))}
           for c, w in (([1000, 1010], [0.5, 0.5]), ([5000, 5400], [0.5, 0.5]), ([100, 210, 290], [0.2, 0.3, 0.5]),
                        ([33, 30, 37, 25], [0.25] * 4), ([0, 0], [0.5, 0.5]))]
    OUT.write_text(json.dumps({"gbstats_commit": commit, "cases": cases, "srm": srm}, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {OUT}")


def _case(kind: str, control: dict[str, float], variant: dict[str, float], tests: dict[str, Any],
          sequential: dict[str, Any]) -> dict[str, Any]:
    a, b = _statistic(control, kind), _statistic(variant, kind)
    answers: dict[str, Any] = {}
    for dt in ("relative", "absolute"):
        for alpha in (0.05, 0.1):
            for side, test in tests.items():
                cfg = FrequentistConfig(difference_type=dt, alpha=alpha)
                answers[f"frequentist/{dt}/{side}/{alpha}"] = _result(test([(a, b)], cfg).compute_result())
            for side, test in sequential.items():
                cfg = SequentialConfig(difference_type=dt, alpha=alpha, sequential_tuning_parameter=5000)
                answers[f"sequential/{dt}/{side}/{alpha}"] = _result(test([(a, b)], cfg).compute_result())
            for name, prior in (("flat", GaussianPrior()), ("proper", GaussianPrior(0.02, 0.09, True))):
                cfg = EffectBayesianConfig(difference_type=dt, alpha=alpha, prior_effect=prior)
                answers[f"bayesian/{dt}/{name}/{alpha}"] = _result(
                    EffectBayesianABTest([(a, b)], cfg).compute_result())
    return {"kind": kind, "control": control, "variant": variant, "answers": answers}


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "unknown")
