"""Market tests: a few regions treated, the rest as controls, read from a panel of one metric per
region and date by difference-in-differences or a synthetic control, with placebo-based uncertainty.

- **Difference-in-differences**: the treated regions' mean (their average series) after the start
  minus before, less the same change in the control regions' average series. The counterfactual
  is the treated pre-period level moved as the controls moved.
- **Synthetic control** (Abadie, Diamond and Hainmueller, JASA 2010): non-negative weights on the
  control regions, summing to one, that best reproduce the treated series before the start (least
  squares, `scipy.optimize`); the effect is the mean gap between treated and synthetic after it.
- **In-space placebos**: each control region in turn is read as if it had been treated (its donors
  the other controls); the p-value is the treated statistic's rank among them,
  ``(1 + #placebos at least as extreme) / (1 + #placebos)``: exact when regions are exchangeable,
  and never below ``1/(1 + #controls)``. The statistic is the absolute relative effect for
  difference-in-differences (regions differ in size) and the post/pre RMSPE ratio for the
  synthetic control (a placebo fitted badly before the start does not count as extreme).

Relative effects are the mean effect after the start over the counterfactual's mean.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import numpy as np
from scipy import optimize

from dayone.errors import InvalidInput
from dayone.experiments.statistics import FloatArray

Method = Literal["did", "synthetic"]
METHODS: tuple[Method, ...] = ("did", "synthetic")
MIN_PRE: dict[str, int] = {"did": 1, "synthetic": 2}  # dates before the start: a fit needs more than one
MIN_POST = 1


@dataclass(frozen=True)
class Panel:
    """One metric for each region (rows of ``values``) on each date (columns), dates ascending."""

    regions: tuple[str, ...]
    dates: tuple[date, ...]
    values: FloatArray
    source: str = "<panel>"


@dataclass(frozen=True)
class Fit:
    """One unit read against its donors: its series, the counterfactual, and the summary numbers."""

    actual: FloatArray
    counterfactual: FloatArray
    effect: float  # mean gap after the start
    relative: float | None  # over the counterfactual's mean after the start
    pre_rmspe: float
    post_rmspe: float
    weights: FloatArray | None  # synthetic control only

    def statistic(self, method: Method) -> float:
        """What the placebos are ranked on (larger: more extreme)."""
        if method == "did":
            return abs(self.relative) if self.relative is not None else abs(self.effect)
        return self.post_rmspe / self.pre_rmspe if self.pre_rmspe > 0 else math.inf


def synthetic_weights(target: FloatArray, donors: FloatArray) -> FloatArray:
    """Weights ≥ 0 summing to 1 on the ``donors`` (rows) whose combination best fits ``target``
    (least squares over the columns: the pre-period dates).

    Solved as non-negative least squares (`scipy.optimize.nnls`, an active-set method that ends
    exactly) with the sum-to-one constraint as a heavily weighted extra row, then rescaled onto
    the simplex: SLSQP reaches the same weights but is a hundred times slower on a placebo run."""
    k = donors.shape[0]
    if k == 1:
        return np.ones(1)
    scale = float(np.sqrt(np.mean(target**2))) or 1.0
    penalty = 1e4 * math.sqrt(len(target))
    a = np.vstack([donors.T / scale, np.full((1, k), penalty)])
    b = np.concatenate([target / scale, [penalty]])
    w, _ = optimize.nnls(a, b, maxiter=50 * k)
    total = w.sum()
    return np.asarray(w / total if total > 0 else np.full(k, 1 / k), dtype=np.float64)


def fit(actual: FloatArray, donors: FloatArray, post: np.ndarray, method: Method) -> Fit:
    """``actual`` (a series over the dates) against the ``donors`` (rows), treatment from ``post`` on."""
    pre = ~post
    weights = None
    if method == "did":
        control = donors.mean(axis=0)
        counterfactual = actual[pre].mean() + (control - control[pre].mean())
    else:
        weights = synthetic_weights(actual[pre], donors[:, pre])
        counterfactual = weights @ donors
    gap = actual - counterfactual
    base = float(counterfactual[post].mean())
    effect = float(gap[post].mean())
    return Fit(actual, counterfactual, effect, effect / abs(base) if base != 0 else None,
               float(np.sqrt(np.mean(gap[pre] ** 2))), float(np.sqrt(np.mean(gap[post] ** 2))), weights)


def _check(panel: Panel, treated: list[str], start: date, method: str) -> None:
    if method not in METHODS:
        raise InvalidInput(f"method: {method!r}; use did (difference-in-differences) or synthetic", field="method")
    if not treated:
        raise InvalidInput("treated: name the treated regions (e.g. --treated north,east)", field="treated")
    for region in treated:
        if region not in panel.regions:
            import difflib

            near = difflib.get_close_matches(region, panel.regions, n=1)
            raise InvalidInput(f"treated: {region!r} is not a region of {panel.source}"
                               + (f"; did you mean {near[0]!r}?" if near else
                                  f"; its regions: {', '.join(panel.regions[:12])}"), field="treated")
    if len(set(treated)) != len(treated):
        raise InvalidInput("treated: a region is named twice", field="treated")
    if len(treated) >= len(panel.regions):
        raise InvalidInput("treated: every region is treated; leave at least one as a control", field="treated")
    pre, least = sum(d < start for d in panel.dates), MIN_PRE[method]
    if pre < least or len(panel.dates) - pre < MIN_POST:
        raise InvalidInput(f"start: {start} leaves {pre} date(s) before and {len(panel.dates) - pre} from it on; "
                           f"{'a synthetic control' if method == 'synthetic' else 'difference-in-differences'} "
                           f"needs at least {least} before and {MIN_POST} from the start on "
                           f"(the panel runs {panel.dates[0]} to {panel.dates[-1]})", field="start")


def analyze_market(panel: Panel, treated: list[str], start: date, method: Method = "did") -> dict[str, Any]:
    """The market test's read: effect, relative effect, placebo p-value, the series for a chart."""
    _check(panel, treated, start, method)
    post = np.array([d >= start for d in panel.dates])
    is_treated = np.array([r in treated for r in panel.regions])
    controls = [r for r, t in zip(panel.regions, is_treated, strict=True) if not t]
    donors = panel.values[~is_treated]
    main = fit(panel.values[is_treated].mean(axis=0), donors, post, method)
    placebos: list[dict[str, Any]] = []
    statistics: list[float] = []
    if len(controls) >= 2:
        for j, region in enumerate(controls):
            others = np.delete(donors, j, axis=0)
            placebo = fit(donors[j], others, post, method)
            placebos.append({"region": region, "effect": placebo.effect, "relative_effect": placebo.relative,
                             "statistic": placebo.statistic(method)})
            statistics.append(placebo.statistic(method))
    p_value = None
    if placebos:
        observed = main.statistic(method)
        extreme = sum(stat >= observed * (1 - 1e-12) for stat in statistics)
        p_value = (1 + extreme) / (1 + len(placebos))
    return {"method": method, "treated": list(treated), "controls": controls, "start": start.isoformat(),
            "pre_dates": int((~post).sum()), "post_dates": int(post.sum()),
            "effect": main.effect, "relative_effect": main.relative,
            "treated_mean_post": float(main.actual[post].mean()),
            "counterfactual_mean_post": float(main.counterfactual[post].mean()),
            "pre_rmspe": main.pre_rmspe, "post_rmspe": main.post_rmspe, "statistic": main.statistic(method),
            "p_value": p_value, "smallest_p_value": 1 / (1 + len(placebos)) if placebos else None,
            "weights": None if main.weights is None else {r: float(w) for r, w in zip(
                controls, main.weights, strict=True) if w > 1e-6},
            "placebos": placebos,
            "series": {"dates": [d.isoformat() for d in panel.dates], "treated": main.actual.tolist(),
                       "counterfactual": main.counterfactual.tolist()},
            "reading": reading(main, method, p_value, len(placebos))}


def reading(main: Fit, method: Method, p_value: float | None, placebos: int) -> str:
    """What the market test says in words, and what it does not."""
    name = "difference-in-differences" if method == "did" else "a synthetic control"
    size = f"{main.relative:+.1%}" if main.relative is not None else f"{main.effect:+.4g}"
    said = f"Read by {name}, the treated regions moved {size} against their counterfactual after the start."
    if p_value is None:
        return said + (" With fewer than two control regions there are no placebos to compare with, so this "
                       "read has no measure of uncertainty: treat it as a description, not evidence.")
    said += f" {placebos} placebo region{'s' * (placebos > 1)} give a p-value of {p_value:.2g}"
    smallest = 1 / (1 + placebos)
    if p_value <= 0.05:
        return said + ": few control regions moved as much, so the change is unlikely to be chance."
    if p_value <= smallest * (1 + 1e-9):
        return said + (f": the treated regions moved more than every control region, but with {placebos} controls "
                       f"no p-value below {smallest:.2g} is possible; add control regions or time for a firmer read.")
    return said + (": control regions moved as much by themselves, so this test cannot tell the effect from "
                   "ordinary regional swings" + (f" (with {placebos} controls the smallest possible p-value is "
                                                 f"{smallest:.2g})." if smallest > 0.05 else "."))
