"""Independent answers: textbook examples, SciPy and statsmodels on raw data, numerical integration."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate, stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower

from dayone.experiments.bayesian import expected_losses, posterior
from dayone.experiments.corrections import adjust
from dayone.experiments.effects import compare
from dayone.experiments.frequentist import t_test
from dayone.experiments.power import PowerDesign, minimum_detectable_effect, power, sample_size
from dayone.experiments.srm import srm_p_value
from dayone.experiments.statistics import SampleStatistics, cuped_theta, unit_moments

# Welch's t-test, Wikipedia's first example (two samples of 15): t = −2.46, ν ≈ 24.99, p ≈ 0.021
WIKI_A1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]
WIKI_A2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]


def _summary(values: np.ndarray, pre: np.ndarray | None = None, den: np.ndarray | None = None) -> SampleStatistics:
    extra: dict[str, object] = {}
    if pre is not None:
        extra = {"pre_sum": pre.sum(), "pre_sum_squares": (pre**2).sum(), "pre_cross_sum": (pre * values).sum()}
    if den is not None:
        extra = {"denominator_sum": den.sum(), "denominator_sum_squares": (den**2).sum(),
                 "cross_sum": (den * values).sum()}
    return SampleStatistics.of(len(values), values.sum(), (values**2).sum(), **extra)  # type: ignore[arg-type]


def test_welch_textbook_example() -> None:
    a, b = np.array(WIKI_A1), np.array(WIKI_A2)
    moments = compare(_summary(b), _summary(a), relative=False)  # A1 − A2, as the example
    result = t_test(moments)
    assert float(moments.estimate / moments.standard_error) == pytest.approx(-2.46, abs=0.005)
    assert float(moments.dof) == pytest.approx(24.99, abs=0.01)
    assert float(result.p_value) == pytest.approx(0.021, abs=0.0005)


@pytest.mark.parametrize("sided", ["two-sided", "greater", "less"])
def test_welch_equals_scipy_on_raw_data(sided: str) -> None:
    rng = np.random.default_rng(7)
    control, variant = rng.gamma(2.0, 3.0, 400), rng.gamma(2.1, 3.0, 380)
    ours = t_test(compare(_summary(control), _summary(variant), relative=False), alpha=0.1, sided=sided)  # type: ignore[arg-type]
    theirs = stats.ttest_ind(variant, control, equal_var=False, alternative=sided)
    low, high = theirs.confidence_interval(0.9)
    assert float(ours.p_value) == pytest.approx(theirs.pvalue, rel=1e-9)
    assert float(ours.ci_low) == pytest.approx(low, rel=1e-9) and float(ours.ci_high) == pytest.approx(high, rel=1e-9)


def test_a_ratio_over_a_denominator_of_one_is_the_plain_mean() -> None:
    rng = np.random.default_rng(3)
    a, b = rng.normal(5, 2, 300), rng.normal(5.3, 2, 320)
    ones_a, ones_b = np.ones(300), np.ones(320)
    for relative in (True, False):
        plain = t_test(compare(_summary(a), _summary(b), relative=relative))
        ratio = t_test(compare(_summary(a, den=ones_a), _summary(b, den=ones_b), relative=relative))
        np.testing.assert_allclose([ratio.estimate, ratio.ci_low, ratio.p_value],
                                   [plain.estimate, plain.ci_low, plain.p_value], rtol=1e-9)


def test_ratio_standard_error_matches_its_sampling_spread() -> None:
    """The delta method's standard error against the spread of 4,000 simulated ratio estimates."""
    rng = np.random.default_rng(11)
    sessions = rng.poisson(3, (4000, 500)) + 1.0
    revenue = sessions * rng.gamma(2, 1.5, (4000, 500))
    estimates = revenue.sum(axis=1) / sessions.sum(axis=1)
    each = SampleStatistics.of(500, revenue.sum(axis=1), (revenue**2).sum(axis=1), denominator_sum=sessions.sum(axis=1),
                               denominator_sum_squares=(sessions**2).sum(axis=1),
                               cross_sum=(revenue * sessions).sum(axis=1))
    se = np.sqrt(unit_moments(each).variance / 500)  # 4,000 estimates of the standard error at once
    assert float(np.sqrt((se**2).mean())) == pytest.approx(estimates.std(), rel=0.03)


def test_cuped_theta_is_the_pooled_regression_slope_and_shrinks_the_interval() -> None:
    rng = np.random.default_rng(5)
    pre_a, pre_b = rng.normal(10, 3, 2000), rng.normal(10, 3, 2100)
    post_a = 0.8 * pre_a + rng.normal(2, 1.5, 2000)
    post_b = 0.8 * pre_b + rng.normal(2.2, 1.5, 2100)
    a, b = _summary(post_a, pre=pre_a), _summary(post_b, pre=pre_b)
    pooled_pre, pooled_post = np.concatenate([pre_a, pre_b]), np.concatenate([post_a, post_b])
    slope = np.polyfit(pooled_pre, pooled_post, 1)[0]
    assert float(cuped_theta(a, b)) == pytest.approx(slope, rel=1e-9)
    adjusted = compare(a, b, relative=False)
    expected = (post_b - slope * pre_b).mean() - (post_a - slope * pre_a).mean()
    assert float(adjusted.estimate) == pytest.approx(expected, rel=1e-9)
    plain = compare(_summary(post_a), _summary(post_b), relative=False)
    rho = np.corrcoef(pooled_pre, pooled_post)[0, 1]
    assert float(adjusted.standard_error / plain.standard_error) == pytest.approx(np.sqrt(1 - rho**2), rel=0.03)


@pytest.mark.parametrize(("counts", "weights"), [([1000, 1010], None), ([5000, 5400], [0.5, 0.5]),
                                                  ([100, 210, 290], [0.2, 0.3, 0.5])])
def test_srm_is_pearsons_chi_square(counts: list[int], weights: list[float] | None) -> None:
    shares = np.array(weights if weights else [1 / len(counts)] * len(counts))
    expected = shares * sum(counts)
    assert float(srm_p_value(counts, weights)) == pytest.approx(stats.chisquare(counts, expected).pvalue, rel=1e-9)


@pytest.mark.parametrize(("ours", "theirs"), [("holm", "holm"), ("bh", "fdr_bh")])
def test_corrections_equal_statsmodels(ours: str, theirs: str) -> None:
    p = np.random.default_rng(2).uniform(0, 0.2, 40) ** 2
    expected = multipletests(p, method=theirs)[1]
    np.testing.assert_allclose(adjust(p, ours), expected, rtol=1e-12)  # type: ignore[arg-type]


@pytest.mark.parametrize(("mean", "sd"), [(0.02, 0.01), (-0.02, 0.01), (0.0, 1.0), (-0.3, 0.01), (0.3, 0.01)])
def test_expected_loss_is_the_integral(mean: float, sd: float) -> None:
    dist = stats.norm(mean, sd)
    ship = integrate.quad(lambda x: -x * dist.pdf(x), -np.inf, 0, epsabs=0, epsrel=1e-12, limit=200)[0]
    keep = integrate.quad(lambda x: x * dist.pdf(x), 0, np.inf, epsabs=0, epsrel=1e-12, limit=200)[0]
    ours_ship, ours_keep = expected_losses(np.array(mean), np.array(sd))
    assert float(ours_ship) == pytest.approx(ship, rel=1e-7, abs=1e-300)
    assert float(ours_keep) == pytest.approx(keep, rel=1e-7, abs=1e-300)


def test_flat_prior_chance_to_win_is_one_minus_the_normal_one_sided_p() -> None:
    moments = compare(SampleStatistics.of(1000, 5000, 30000), SampleStatistics.of(1000, 5150, 31000))
    post = posterior(moments)
    z = float(moments.estimate / moments.standard_error)
    assert float(post.chance_to_win) == pytest.approx(stats.norm.cdf(z), rel=1e-12)


def test_power_equals_statsmodels_with_the_same_standard_error() -> None:
    design = PowerDesign(mean=10, variance=25)
    effect, users = 0.03, 20000
    per_variant = users / 2
    # our relative-effect standard error written as a standardized effect for a two-sample z-test
    se = np.sqrt(25 * (1 + (1 + effect) ** 2) / (per_variant * 100))
    standardized = effect / se * np.sqrt(2 / per_variant)
    theirs = NormalIndPower().power(standardized, nobs1=per_variant, alpha=0.05, ratio=1)
    assert power(design, effect, users) == pytest.approx(theirs, rel=1e-9)


def test_sample_size_is_the_fewest_users_that_reach_the_power() -> None:
    design = PowerDesign(mean=0.1, variance=0.09)
    n = sample_size(design, 0.05)
    assert power(design, 0.05, n * 2) >= 0.8 > power(design, 0.05, (n - 1) * 2)
    # the textbook approximation, (z₀.₉₇₅ + z₀.₈)²·σ²(1 + 1.05²)/(m·e)², within a unit
    approx = (stats.norm.ppf(0.975) + stats.norm.ppf(0.8)) ** 2 * 0.09 * (1 + 1.05**2) / (0.1 * 0.05) ** 2
    assert abs(n - approx) <= 1


def test_mde_is_detected_with_the_target_power() -> None:
    design = PowerDesign(mean=5, variance=16, variants=3)
    mde = minimum_detectable_effect(design, 30000, 0.8)
    assert power(design, mde, 30000) == pytest.approx(0.8, abs=1e-4)  # the far tail, ignored, is tiny
    sequential = minimum_detectable_effect(PowerDesign(mean=5, variance=16, variants=3, sequential_tuning=5000),
                                           30000, 0.8)
    assert sequential > mde  # looking early costs sensitivity
