"""One experiment's statistics → its results: the sample-ratio check first, then every metric × variant.

`compare_arrays` is the vectorised core (any number of comparisons as arrays); `analyze`
reads a checked `StatisticsTable` with `AnalysisOptions` and returns an `ExperimentAnalysis`
whose ``to_dict()`` is the JSON of ``dayone experiment analyze --format json`` (and of the
API later): ``srm`` first, then ``results``, one object per metric and non-control variant.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from dayone.errors import InvalidInput
from dayone.experiments.bayesian import GaussianPrior, posterior
from dayone.experiments.corrections import CORRECTIONS, Correction, adjust
from dayone.experiments.effects import EffectMoments, compare
from dayone.experiments.frequentist import t_test
from dayone.experiments.intervals import SIDES, IntervalTest, Sided
from dayone.experiments.sequential import DEFAULT_TUNING, confidence_sequence
from dayone.experiments.srm import SRM_THRESHOLD, srm_p_value
from dayone.experiments.statistics import FloatArray, SampleStatistics
from dayone.experiments.table import StatisticsTable

Engine = Literal["frequentist", "bayesian", "sequential"]
ENGINES: tuple[Engine, ...] = ("frequentist", "bayesian", "sequential")
WEIGHT_TOLERANCE = 1e-6


@dataclass(frozen=True)
class AnalysisOptions:
    """How to read the experiment; checked when built (an `InvalidInput` names the field)."""

    engine: Engine = "frequentist"
    alpha: float = 0.05
    sided: Sided = "two-sided"
    correction: Correction | None = None
    weights: tuple[float, ...] | None = None  # planned traffic shares, control first; equal if None
    sequential_tuning: float = DEFAULT_TUNING
    prior: GaussianPrior = field(default_factory=GaussianPrior)
    top_values: int = 5  # breakdowns: the values read one by one; the rest are pooled into "other"

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise InvalidInput(f"engine: {self.engine!r}; use one of {', '.join(ENGINES)}", field="engine")
        if not (isinstance(self.alpha, float | int) and 0 < self.alpha < 1):
            raise InvalidInput(f"alpha: {self.alpha} must be between 0 and 1 (e.g. 0.05)", field="alpha")
        if self.sided not in SIDES:
            raise InvalidInput(f"sided: {self.sided!r}; use one of {', '.join(SIDES)}", field="sided")
        if self.correction is not None and self.correction not in CORRECTIONS:
            raise InvalidInput(f"correction: {self.correction!r}; use holm or bh", field="correction")
        if self.correction is not None and self.engine == "bayesian":
            raise InvalidInput("correction: Holm and Benjamini–Hochberg adjust p-values; the Bayesian engine "
                               "has none (use --engine frequentist or sequential)", field="correction")
        if self.engine == "sequential" and self.sided != "two-sided" and self.alpha >= 0.5:
            raise InvalidInput("alpha: a one-sided sequential test needs alpha below 0.5", field="alpha")
        if not self.sequential_tuning > 0:
            raise InvalidInput("sequential_tuning: must be positive (e.g. 5000, the sample size to tune for)",
                               field="sequential_tuning")
        if self.prior.proper and not self.prior.variance > 0:
            raise InvalidInput("prior: a proper prior needs a positive variance", field="prior")
        if self.weights is not None:
            check_weights(self.weights)
        if not (isinstance(self.top_values, int) and 1 <= self.top_values <= 100):
            raise InvalidInput(f"top_values: {self.top_values}; give 1 to 100 values to read one by one",
                               field="top_values")


def check_weights(weights: tuple[float, ...], variants: int | None = None) -> None:
    """Traffic weights: one per variant, each positive, summing to 1."""
    if variants is not None and len(weights) != variants:
        raise InvalidInput(f"weights: {len(weights)} given for {variants} variants; give one per variant, "
                           "control first", field="weights")
    if any(not math.isfinite(w) or w <= 0 for w in weights):
        raise InvalidInput("weights: each must be a positive number", field="weights")
    if abs(sum(weights) - 1) > WEIGHT_TOLERANCE:
        raise InvalidInput(f"weights: they sum to {sum(weights):g}; they must sum to 1 (e.g. 0.5,0.5)",
                           field="weights")


@dataclass(frozen=True)
class ComparisonArrays:
    """Element-wise results of many comparisons: relative and absolute, and why any is missing."""

    relative: IntervalTest
    absolute: IntervalTest
    chance_to_win: FloatArray | None  # Bayesian engine only
    risk: FloatArray | None
    risk_control: FloatArray | None
    moments: EffectMoments  # the relative effect's


def _read(moments: EffectMoments, options: AnalysisOptions) -> tuple[IntervalTest, Any]:
    if options.engine == "frequentist":
        return t_test(moments, alpha=options.alpha, sided=options.sided), None
    if options.engine == "sequential":
        return confidence_sequence(moments, alpha=options.alpha, sided=options.sided,
                                   tuning=options.sequential_tuning), None
    post = posterior(moments, alpha=options.alpha, prior=options.prior)
    return IntervalTest(post.mean, post.ci_low, post.ci_high, np.full(post.mean.shape, np.nan)), post


def compare_arrays(control: SampleStatistics, variant: SampleStatistics,
                   options: AnalysisOptions | None = None) -> ComparisonArrays:
    """Every comparison of ``variant`` against ``control`` (arrays broadcast together) under ``options``."""
    options = options or AnalysisOptions()
    rel_moments = compare(control, variant, relative=True)
    relative, post = _read(rel_moments, options)
    absolute, _ = _read(compare(control, variant, relative=False), options)
    return ComparisonArrays(relative, absolute, None if post is None else post.chance_to_win,
                            None if post is None else post.risk, None if post is None else post.risk_control,
                            rel_moments)


def _number(value: Any) -> float | None:
    """A JSON-safe float: None for NaN or an open (infinite) interval end."""
    value = float(value)
    return value if math.isfinite(value) else None


@dataclass(frozen=True)
class SrmCheck:
    """The sample-ratio check: observed units per variant against the planned weights."""

    p_value: float
    variants: tuple[str, ...]
    counts: tuple[int, ...]
    weights: tuple[float, ...]
    metric: str  # whose counts were checked: the first metric's
    threshold: float = SRM_THRESHOLD

    @property
    def passed(self) -> bool:
        return self.p_value >= self.threshold

    @property
    def warning(self) -> str | None:
        if self.passed:
            return None
        return (f"Sample ratio mismatch (p = {self.p_value:.2g}): the units were not split between variants as "
                "planned. Do not trust these results until you find why (assignment, logging, bots, redirects).")

    def to_dict(self) -> dict[str, Any]:
        total = sum(self.counts)
        return {"p_value": self.p_value, "passed": self.passed, "threshold": self.threshold,
                "warning": self.warning, "metric": self.metric,
                "variants": [{"variant": v, "n": c, "weight": w, "expected": w * total}
                             for v, c, w in zip(self.variants, self.counts, self.weights, strict=True)]}


@dataclass(frozen=True)
class ComparisonResult:
    """One metric of one variant against the control. Effects are relative unless named absolute."""

    metric: str
    variant: str
    control: str
    n_control: int
    n_variant: int
    control_mean: float
    variant_mean: float
    effect: float | None
    ci_low: float | None
    ci_high: float | None
    absolute_effect: float | None
    absolute_ci_low: float | None
    absolute_ci_high: float | None
    srm_p_value: float
    p_value: float | None = None
    p_value_adjusted: float | None = None
    chance_to_win: float | None = None
    risk: float | None = None
    risk_control: float | None = None
    cuped_theta: float | None = None
    error: str | None = None

    def to_dict(self, engine: Engine = "frequentist", correction: Correction | None = None) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items()
               if k not in ("p_value", "p_value_adjusted", "chance_to_win", "risk", "risk_control")}
        if engine == "bayesian":
            out.update(chance_to_win=self.chance_to_win, risk=self.risk, risk_control=self.risk_control)
        else:
            out["p_value"] = self.p_value
            if correction is not None:
                out["p_value_adjusted"] = self.p_value_adjusted
        return out


@dataclass(frozen=True)
class ExperimentAnalysis:
    """The whole read of one experiment."""

    options: AnalysisOptions
    control: str
    variants: tuple[str, ...]
    metrics: tuple[str, ...]
    srm: SrmCheck
    results: tuple[ComparisonResult, ...]
    breakdowns: tuple[dict[str, Any], ...] = ()  # breakdown.analyze_breakdowns's, when the table has any
    timeline: tuple[dict[str, Any], ...] = ()  # timeline.analyze_timeline's, when the table has dates

    def to_dict(self) -> dict[str, Any]:
        o = self.options
        out = {"engine": o.engine, "alpha": o.alpha, "sided": o.sided, "correction": o.correction,
               "control": self.control, "variants": list(self.variants), "metrics": list(self.metrics),
               "srm": self.srm.to_dict(),
               "results": [r.to_dict(o.engine, o.correction) for r in self.results]}
        if self.breakdowns:
            out["breakdowns"] = list(self.breakdowns)
        if self.timeline:
            out["timeline"] = list(self.timeline)
        return out


def _metric_statistics(table: StatisticsTable, metric: str) -> SampleStatistics:
    """One metric's statistics as arrays over the table's variants (control first)."""
    rows = [table.row(v, metric) for v in table.variants]
    names = rows[0].values.keys()
    return SampleStatistics.of(**{name: [r.values[name] for r in rows] for name in names})  # type: ignore[arg-type]


def analyze(table: StatisticsTable, options: AnalysisOptions | None = None) -> ExperimentAnalysis:
    """Read every metric of every variant in ``table`` against its control (the first variant)."""
    options = options or AnalysisOptions()
    k = len(table.variants)
    weights = options.weights or tuple(1 / k for _ in range(k))
    check_weights(weights, k)
    per_metric: list[tuple[str, SampleStatistics, ComparisonArrays]] = []
    for metric in table.metrics:  # metrics differ in kind; each call is vectorised over its variants
        stats = _metric_statistics(table, metric)
        per_metric.append((metric, stats, compare_arrays(stats.take(slice(0, 1)), stats.take(slice(1, None)),
                                                         options)))
    p_values = np.concatenate([c.relative.p_value for _, _, c in per_metric])
    adjusted = adjust(p_values, options.correction) if options.correction else np.full(p_values.shape, np.nan)
    results, i = [], 0
    for metric, stats, c in per_metric:
        srm_p = float(srm_p_value(stats.n, weights))
        for j, variant in enumerate(table.variants[1:]):
            bayes = options.engine == "bayesian"
            results.append(ComparisonResult(
                metric=metric, variant=variant, control=table.variants[0],
                n_control=int(stats.n[0]), n_variant=int(stats.n[j + 1]),
                control_mean=float(c.moments.control_mean[j]), variant_mean=float(c.moments.variant_mean[j]),
                effect=_number(c.relative.estimate[j]), ci_low=_number(c.relative.ci_low[j]),
                ci_high=_number(c.relative.ci_high[j]), absolute_effect=_number(c.absolute.estimate[j]),
                absolute_ci_low=_number(c.absolute.ci_low[j]), absolute_ci_high=_number(c.absolute.ci_high[j]),
                srm_p_value=srm_p,
                p_value=None if bayes else _number(c.relative.p_value[j]),
                p_value_adjusted=_number(adjusted[i]),
                chance_to_win=_number(c.chance_to_win[j]) if c.chance_to_win is not None else None,
                risk=_number(c.risk[j]) if c.risk is not None else None,
                risk_control=_number(c.risk_control[j]) if c.risk_control is not None else None,
                cuped_theta=float(c.moments.theta[j]) if stats.is_cuped else None,
                error=c.moments.error[j]))
            i += 1
    first = table.metrics[0]
    counts = tuple(int(table.row(v, first).values["n"]) for v in table.variants)
    srm = SrmCheck(float(srm_p_value(counts, weights)), table.variants, counts, tuple(weights), first)
    breakdowns: list[dict[str, Any]] = []
    timeline: list[dict[str, Any]] = []
    if table.breakdowns:
        from dayone.experiments.breakdown import analyze_breakdowns

        breakdowns = analyze_breakdowns(table, options, options.top_values)
    if table.timeline:
        from dayone.experiments.timeline import analyze_timeline

        timeline = analyze_timeline(table, options)
    return ExperimentAnalysis(options, table.variants[0], table.variants, table.metrics, srm, tuple(results),
                              tuple(breakdowns), tuple(timeline))
