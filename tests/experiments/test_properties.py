"""Properties every read must have, over generated statistics (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dayone.experiments.bayesian import posterior
from dayone.experiments.corrections import adjust
from dayone.experiments.effects import compare
from dayone.experiments.frequentist import t_test
from dayone.experiments.sequential import confidence_sequence
from dayone.experiments.statistics import SampleStatistics

counts = st.integers(min_value=2, max_value=10**6)
means = st.floats(min_value=-1e3, max_value=1e3).filter(lambda m: abs(m) > 1e-3)
spreads = st.floats(min_value=1e-2, max_value=1e3)


@st.composite
def groups(draw: st.DrawFn) -> SampleStatistics:
    """Statistics of a group with a given count, mean and standard deviation (always possible)."""
    n, mean, sd = draw(counts), draw(means), draw(spreads)
    return SampleStatistics.of(n, n * mean, (n - 1) * sd**2 + n * mean**2)


def _scaled(s: SampleStatistics, c: float, shift: float = 0.0) -> SampleStatistics:
    """The statistics of every value times ``c`` plus ``shift``."""
    return SampleStatistics.of(s.n, c * s.sum + s.n * shift,
                               c**2 * s.sum_squares + 2 * c * shift * s.sum + s.n * shift**2)


def _close(x: object, y: object, rtol: float = 1e-7) -> None:
    np.testing.assert_allclose(np.asarray(x, dtype=float), np.asarray(y, dtype=float), rtol=rtol, atol=1e-12)


@given(groups(), groups())
def test_swapping_control_and_variant_mirrors_the_absolute_effect(a: SampleStatistics, b: SampleStatistics) -> None:
    forward, backward = t_test(compare(a, b, relative=False)), t_test(compare(b, a, relative=False))
    _close(forward.estimate, -backward.estimate)
    _close(forward.ci_low, -backward.ci_high)
    _close(forward.p_value, backward.p_value, rtol=1e-6)


@given(groups(), groups(), st.floats(min_value=1e-3, max_value=1e3))
def test_rescaling_the_metric_leaves_the_relative_read_alone(a: SampleStatistics, b: SampleStatistics,
                                                            c: float) -> None:
    plain, scaled = t_test(compare(a, b)), t_test(compare(_scaled(a, c), _scaled(b, c)))
    # a relative effect near zero is a difference of close means: its rounding is the interval's, not its own
    width = abs(plain.ci_high - plain.ci_low)
    np.testing.assert_allclose([scaled.estimate, scaled.ci_low, scaled.ci_high],
                               [plain.estimate, plain.ci_low, plain.ci_high], rtol=1e-6, atol=max(1e-12, 1e-6 * width))
    _close(plain.p_value, scaled.p_value, rtol=1e-5)
    absolute, absolute_scaled = compare(a, b, relative=False), compare(_scaled(a, c), _scaled(b, c), relative=False)
    size = c * float(abs(a.sum / a.n) + abs(b.sum / b.n))
    np.testing.assert_allclose(absolute_scaled.estimate, c * absolute.estimate, rtol=1e-6, atol=1e-12 * size)


@given(groups(), groups(), st.floats(min_value=-100, max_value=100))
def test_shifting_every_value_leaves_the_absolute_read_alone(a: SampleStatistics, b: SampleStatistics,
                                                            shift: float) -> None:
    plain = t_test(compare(a, b, relative=False))
    shifted = t_test(compare(_scaled(a, 1.0, shift), _scaled(b, 1.0, shift), relative=False))
    # sums of squares cannot carry a variance below float precision of the mean² (gbstats neither):
    # a shift that cancels it away leaves nothing to compare
    assume(not np.isnan(shifted.estimate))
    scale = float(abs(a.sum / a.n) + abs(b.sum / b.n) + abs(shift)) + 1
    np.testing.assert_allclose(shifted.estimate, plain.estimate, atol=1e-9 * scale)


@settings(max_examples=200)
@given(groups(), groups(), st.sampled_from(["two-sided", "greater", "less"]),
       st.floats(min_value=0.001, max_value=0.3), st.booleans())
def test_intervals_hold_the_estimate_and_agree_with_the_p_value(a: SampleStatistics, b: SampleStatistics,
                                                               sided: str, alpha: float, relative: bool) -> None:
    moments = compare(a, b, relative=relative)
    for engine in (t_test, confidence_sequence):
        result = engine(moments, alpha=alpha, sided=sided)  # type: ignore[operator]
        assert result.ci_low <= result.estimate <= result.ci_high
        excludes_zero = bool(result.ci_low > 0 or result.ci_high < 0)
        margin = 1e-9 * max(1.0, float(abs(result.estimate)))
        if abs(result.ci_low) > margin and abs(result.ci_high) > margin and abs(result.p_value - alpha) > 1e-6:
            assert excludes_zero == bool(result.p_value < alpha), (engine, result)
    post = posterior(moments, alpha=alpha)
    assert post.ci_low <= post.mean <= post.ci_high and 0 <= post.chance_to_win <= 1
    assert post.risk >= 0 and post.risk_control >= 0


@given(st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=30))
def test_adjusted_p_values_are_no_smaller_and_keep_the_order(p: list[float]) -> None:
    raw = np.array(p)
    holm, bh = adjust(raw, "holm"), adjust(raw, "bh")
    assert np.all(holm >= raw - 1e-15) and np.all(bh >= raw - 1e-15) and np.all(holm >= bh - 1e-15)
    assert np.all(holm <= 1) and np.all(bh <= 1)
    order = np.argsort(raw, kind="stable")
    assert np.all(np.diff(holm[order]) >= -1e-15) and np.all(np.diff(bh[order]) >= -1e-15)
