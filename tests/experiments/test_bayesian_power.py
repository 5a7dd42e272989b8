"""Bayesian planning before the test: the chance that the Bayesian engine ends with the chance to win at 95%
(or another threshold), and the users that takes — checked against the one-sided test it equals under a
flat prior, and against the engine itself over simulated experiments; and through `dayone experiment power`."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy import stats

from dayone.experiments.bayesian import GaussianPrior, posterior
from dayone.experiments.bayesian_power import bayesian_power, bayesian_sample_size
from dayone.experiments.effects import EffectMoments
from dayone.experiments.power import PowerDesign, power, sample_size
from tests.helpers import run_cli

RATE = PowerDesign(mean=0.1, variance=0.09)
SCEPTIC = GaussianPrior(0.0, 0.03**2, True)


@pytest.mark.parametrize(("chance", "effect", "users"), [(0.95, 0.05, 100_000), (0.9, 0.02, 400_000),
                                                         (0.99, -0.04, 150_000)])
def test_under_a_flat_prior_it_is_the_one_sided_test_at_alpha_one_minus_the_chance(
        chance: float, effect: float, users: int) -> None:
    one_sided = PowerDesign(mean=0.1, variance=0.09, alpha=1 - chance, two_sided=False)
    # the one-sided test in the effect's direction: its power at the effect's size and side
    se = one_sided.standard_error(effect, users / 2)
    frequentist = float(stats.norm.cdf(abs(effect) / se - stats.norm.ppf(chance)))
    assert bayesian_power(RATE, effect, users, chance=chance) == pytest.approx(frequentist, rel=1e-12)
    if effect > 0:
        assert bayesian_power(RATE, effect, users, chance=chance) == pytest.approx(power(one_sided, effect, users))
        assert bayesian_sample_size(RATE, effect, chance=chance) == sample_size(one_sided, effect)


@pytest.mark.parametrize(("effect", "prior"), [(0.03, SCEPTIC), (0.03, GaussianPrior(0.01, 0.02**2, True)),
                                               (-0.03, SCEPTIC), (0.03, GaussianPrior())])
def test_the_engine_itself_calls_the_win_as_often_as_planned(effect: float, prior: GaussianPrior) -> None:
    """20,000 simulated experiments' estimates, read by the Bayesian engine as any result is."""
    users = 120_000
    planned = bayesian_power(RATE, effect, users, prior=prior)
    se = RATE.standard_error(effect, users / 2)
    rng = np.random.default_rng(5)
    size = 20_000
    estimates = rng.normal(effect, se, size)
    ones = np.ones(size)
    moments = EffectMoments(relative=True, estimate=estimates, standard_error=se * ones, dof=ones * 1e9,
                            n=users * ones, control_mean=0.1 * ones, variant_mean=0.1 * (1 + estimates),
                            theta=0 * ones, error=np.full(size, None, dtype=object))
    read = posterior(moments, prior=prior, inverse=effect < 0)
    seen = float(np.mean(read.chance_to_win >= 0.95))
    assert 0.05 < planned < 0.95  # a case where the plan can be wrong
    assert seen == pytest.approx(planned, abs=4 * np.sqrt(planned * (1 - planned) / size))


def test_the_sample_size_is_the_fewest_users_and_the_prior_moves_it() -> None:
    flat = bayesian_sample_size(RATE, 0.05)
    sceptical = bayesian_sample_size(RATE, 0.05, prior=SCEPTIC)
    hopeful = bayesian_sample_size(RATE, 0.05, prior=GaussianPrior(0.05, 0.03**2, True))
    assert hopeful < flat < sceptical
    for n, prior in ((flat, GaussianPrior()), (sceptical, SCEPTIC)):
        assert bayesian_power(RATE, 0.05, 2 * n, prior=prior) >= 0.8 > bayesian_power(RATE, 0.05, 2 * (n - 1),
                                                                                        prior=prior)
    assert bayesian_sample_size(RATE, 0.05, chance=0.99) > flat  # a higher bar takes more users


@pytest.mark.parametrize(("call", "said"), [
    (lambda: bayesian_power(RATE, 0.0, 1000), "other than 0"),
    (lambda: bayesian_power(RATE, 0.05, 1000, chance=1.0), "below 1"),
    (lambda: bayesian_power(RATE, 0.05, 1000, chance=0.3), "at least 0.5"),
    (lambda: bayesian_power(RATE, 0.05, 2), "too few users"),
    (lambda: bayesian_power(RATE, 0.05, 1000, prior=GaussianPrior(0, 0, True)), "positive, finite variance"),
    (lambda: bayesian_power(PowerDesign(0.1, 0.09, sequential_tuning=5000), 0.05, 1000), "without --sequential"),
    (lambda: bayesian_sample_size(RATE, 1e-9, limit=10**6), "too small"),
])
def test_bad_plans_are_refused_saying_why(call: object, said: str) -> None:
    with pytest.raises(ValueError, match=said):
        call()  # type: ignore[operator]


def test_the_cli_plans_the_bayesian_read(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "experiment", "power", "--rate", "0.1", "--effect", "0.05", "--users", "100000",
                             "--bayesian", "--prior-sd", "0.03", "--format", "json")
    assert code == 0, err
    plan = json.loads(out)["bayesian"]
    assert plan["users_per_variant_needed"] == bayesian_sample_size(RATE, 0.05, prior=SCEPTIC)
    assert plan["users_needed"] == 2 * plan["users_per_variant_needed"] and plan["chance"] == 0.95
    assert plan["power"] == pytest.approx(bayesian_power(RATE, 0.05, 100_000, prior=SCEPTIC))
    assert plan["prior"] == "prior N(0, 0.03²)"
    code, out, _ = run_cli(capsys, "experiment", "power", "--rate", "0.1", "--effect", "0.05", "--bayesian")
    assert code == 0 and "Bayesian (flat prior): 93,592 users (46,796 per variant)" in out
    for args, said in ((("--prior-sd", "0.3"), "--prior-mean and --prior-sd are for --bayesian"),
                       (("--bayesian", "--prior-sd", "-1"), "--prior-sd: give a positive"),
                       (("--bayesian", "--chance", "2"), "below 1"),
                       (("--bayesian", "--sequential", "5000"), "without --sequential")):
        code, _, err = run_cli(capsys, "experiment", "power", "--rate", "0.1", "--effect", "0.05", *args)
        assert code != 0 and said in err and "Traceback" not in err, err
    code, _, err = run_cli(capsys, "experiment", "power", "--rate", "0.1", "--users", "1000", "--bayesian")
    assert code != 0 and "--bayesian: give --effect" in err
