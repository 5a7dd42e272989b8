"""Anomaly flags a meeting can trust: each metric's latest week against what its own history
says the week should be — every metric at once, as one matrix.

A metric is judged in its own terms: in logs when it is compared in percent and all its values
are positive (a count, an amount: changes are relative), else in its values (a rate compared
in bps, an absolute metric: changes are differences). For reference year k = 1 and 2:

- **the yearly pattern**: the reference week, 52·k weeks back over the same calendar days, or
  near a moving holiday the week that held the same holiday (metrics/references.py);
- **the trend**: this year's growth over year k — over the last ``WINDOW`` weeks, the mean of
  (week − its own reference week) for those within 3 SDs of their median, so one odd recent
  week does not move it; when the last ``RECENT`` weeks agree on a level ``SHIFT`` SDs away
  from that, their median instead, so a lasting change of level is followed from its third week;
- **the forecast** f_k = reference week + trend.

**The noise** s is the SD of the errors of the year-1 forecast made in the same way for each
of the 52 weeks before: the root mean square of the errors within 3 × (1.4826 × their median
absolute value), corrected for that cut — robust to the weeks that were themselves anomalies.

The week is judged against the nearest of the years' forecasts: the score is how many s it
lies beyond the nearest (0 between them), and it is flagged when the score exceeds the
threshold. So a reference week that was itself unusual (an outage last year) cannot make an
ordinary week look unusual. Away from holidays, a reference week that stood out from its own
neighbours by 3 s more than the other year's (which did not) is set aside. With under a year
of history the expectation is the median of the last ``WINDOW`` weeks, its noise that
forecast's errors. Measured by ``benchmarks/anomalies.py``; the rule is in docs/wbr.md.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from dayone.metrics.references import BOTH_WEEKS, WEEK_BEFORE, WEEK_ITSELF, References

WINDOW = 6  # weeks of this year's growth over the reference year behind the trend
HISTORY = 52  # past weeks whose forecast errors give the noise
RECENT = 3  # the last weeks that, agreeing on a new level, move the trend at once
SHIFT = 2.0  # SDs between them and the window's typical value that make it a new level
MIN_RESIDUALS = 8  # fewer past errors than this: no noise to judge by
ODD = 3.0  # SDs by which one reference year's week must stand out more than the other's to be set aside
TRIM = 3.0  # errors beyond this many SDs are left out of the noise
SCALE = 1.4826  # robust SD from the median absolute deviation of normal errors
MAX_SCORE = 999.0  # a series that never missed its forecast: any miss is "far"


@dataclass
class Assessment:
    """Per metric (arrays of length M), in the metric's units: the expectation for the latest
    week and how it was formed, the band outside which it is flagged, the score."""

    expected: np.ndarray  # the reference years' forecasts averaged
    nearest_low: np.ndarray  # the lowest and the highest of the years' forecasts
    nearest_high: np.ndarray
    sd: np.ndarray  # one SD of the noise, around the expectation
    low: np.ndarray  # the week is flagged below low or above high
    high: np.ndarray
    score: np.ndarray  # SDs beyond the nearest forecast (0 between them); NaN when not judged
    flagged: np.ndarray
    years: np.ndarray  # reference years used: 0 (recent weeks only), 1 or 2; -1 not judged
    set_aside: np.ndarray  # the reference year (1 or 2) set aside as unusual; 0 none
    growth: np.ndarray  # this year over the nearest reference year used: ratio − 1 (log) or difference
    log: np.ndarray
    aligned: np.ndarray  # the reference week is the one that held the week's holiday


def _lagged(x: np.ndarray, lag: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """(1 − w) · x[:, i − lag] + w · x[:, j] for every column i, with w = weight[i] and j the
    week before the reference week (w > 0) or the week after it (w < 0: its trend carried on);
    the reference week alone where the other has no value; NaN before the first week."""
    n = x.shape[1]
    padded = np.concatenate([x, np.full((x.shape[0], 1), np.nan)], axis=1)
    source = np.arange(n) - lag
    other = np.where(weight > 0, source - 1, source + 1)
    week = padded[:, np.where(source >= 0, source, n)]
    beside = padded[:, np.where(other >= 0, other, n)]
    return np.where(np.isnan(beside), week, (1 - weight) * week + weight * beside)


def _median(block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The median along the last axis of a block sorted NaN-last, and how many values it has."""
    count = (~np.isnan(block)).sum(axis=-1)
    top = block.shape[-1] - 1
    lo, hi = np.clip((count - 1) // 2, 0, top), np.clip(count // 2, 0, top)
    median = (np.take_along_axis(block, lo[..., None], -1) + np.take_along_axis(block, hi[..., None], -1))[..., 0]
    return median / 2, count


def _level(d: np.ndarray, columns: np.ndarray, cut: np.ndarray | None) -> np.ndarray:
    """For each column c in ``columns``, the typical value of d over the ``WINDOW`` weeks
    before c: their median, or — given ``cut`` per row — the mean of those within ``cut`` of the
    median (as robust, less noisy). NaN when fewer than half the window have a value."""
    offsets = columns[:, None] - np.arange(1, WINDOW + 1)[None, :]
    block = np.sort(np.where((offsets >= 0)[None], d[:, np.clip(offsets, 0, None)], np.nan), axis=2)
    median, count = _median(block)
    if cut is not None:
        with np.errstate(invalid="ignore"):
            near = np.abs(block - median[..., None]) <= cut[:, None, None]
        kept = near.sum(axis=2)
        median = np.where(kept > 0, np.where(near, block, 0.0).sum(axis=2) / np.maximum(kept, 1), median)
        # a change of level: the last weeks agree with each other, not with the window's typical
        # value — follow them (the median of the last RECENT: one odd week among them does not)
        recent, _ = _median(np.sort(np.where((offsets[:, :RECENT] >= 0)[None],
                                             d[:, np.clip(offsets[:, :RECENT], 0, None)], np.nan), axis=2))
        with np.errstate(invalid="ignore"):
            moved = np.abs(recent - median) > SHIFT * cut[:, None] / TRIM
        median = np.where(moved & ~np.isnan(recent), recent, median)
    return np.where(count * 2 >= WINDOW, median, np.nan)


@functools.lru_cache(maxsize=8)
def _truncated_sd(cut: float) -> float:
    """The SD of a standard normal variable given that it lies within ``cut`` of 0."""
    normal = NormalDist()
    return math.sqrt(1 - 2 * cut * normal.pdf(cut) / (2 * normal.cdf(cut) - 1))


def _scale(residuals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The SD of each row's forecast errors, and how many errors it rests on. A first guess,
    1.4826 × the median absolute error, finds the errors beyond ``TRIM`` SDs (weeks that were
    themselves anomalies, or looked back on one); the SD is then the root mean square of the
    others (around zero: a biased forecast widens it), corrected for the cut — as robust as the
    median, about twice as precise on 52 weeks."""
    count = (~np.isnan(residuals)).sum(axis=1)
    if residuals.shape[1] == 0:
        return np.full(residuals.shape[0], np.nan), count
    absolute = np.sort(np.abs(residuals), axis=1)
    scale = SCALE * _median(absolute)[0]
    for _ in range(2):
        with np.errstate(invalid="ignore"):
            kept = absolute <= TRIM * scale[:, None]
        n = kept.sum(axis=1)
        rms = np.sqrt(np.where(kept, absolute ** 2, 0.0).sum(axis=1) / np.maximum(n, 1))
        scale = np.where(n >= MIN_RESIDUALS, rms / _truncated_sd(TRIM), scale)
    # forecasts nearly always exact (whole numbers that rarely move): the mean error, not zero
    mean = np.where(np.isnan(absolute), 0.0, absolute).sum(axis=1) / np.maximum(count, 1)
    return np.where(count > 0, np.where(scale > 0, scale, 1.2533 * mean), np.nan), count


@dataclass
class _Forecasts:
    history: np.ndarray  # year 1's forecast of every column judged for the noise
    now: np.ndarray  # (years, M): each year's forecast of the judged week
    low: np.ndarray  # (years, M): the lowest and highest each year allows for it (ambiguous weeks)
    high: np.ndarray
    growth: np.ndarray  # (years, M)
    aligned: np.ndarray  # (M,): the judged week's reference is holiday-aligned


def _seasonal(x: np.ndarray, refs: References, columns: np.ndarray, cut: np.ndarray | None) -> _Forecasts:
    """Each reference year's forecast (reference week + this year's growth over that year):
    year 1's for every column (the noise is measured on them), every year's for the last.

    Where a holiday moved against the 52-week grid, the aligned and the plain reference are both
    candidates. In the history the nearer one is kept (holidays that do not move this metric do
    not widen its noise). For the judged week the data decide, never this week's value: the
    aligned week, unless the plain reference forecast last year's weeks of the same holiday
    better. Where a dated holiday makes the calendar days ambiguous, a year allows the range of
    both whole weeks."""
    m, last = x.shape[0], x.shape[1] - 1
    aligned_now = np.ones(m, dtype=bool)
    history = np.empty(0)
    now, low, high, growths = [], [], [], []
    for k in range(refs.lags.shape[0]):
        at = columns if k == 0 else columns[-1:]
        reference = _lagged(x, refs.lags[k], refs.weights[k])
        growth = _level(x - reference, at, cut)
        forecast = reference[:, at] + growth
        plain = np.full(refs.lags.shape[1], 52 * (k + 1))
        moved = refs.lags[k][at] != plain[at]
        if moved.any():
            where = at[moved]
            plain_reference = _lagged(x, plain, refs.plain[k])
            plain_growth = _level(x - plain_reference, where, cut)
            candidate = plain_reference[:, where] + plain_growth
            with np.errstate(invalid="ignore"):
                miss_aligned, miss_plain = np.abs(x[:, where] - forecast[:, moved]), np.abs(x[:, where] - candidate)
            holiday = refs.holidays[last]
            if k == 0 and holiday is not None:
                same = np.array([c != last and refs.holidays[c] == holiday for c in where])
                aligned_now = ~(np.nansum(miss_plain * same, axis=1) < np.nansum(miss_aligned * same, axis=1))
            use = np.where(where == last, aligned_now[:, None], ~(miss_plain < miss_aligned))
            use = (use | np.isnan(candidate)) & ~(np.isnan(forecast[:, moved]) & ~np.isnan(candidate))
            forecast[:, moved] = np.where(use, forecast[:, moved], candidate)
            growth[:, moved] = np.where(use, growth[:, moved], plain_growth)
        if k == 0:
            history = forecast
        lo = hi = forecast[:, -1]
        ambiguous = refs.ambiguous[k, last]
        if ambiguous:
            lags = {BOTH_WEEKS: (0, 1), WEEK_ITSELF: (0,), WEEK_BEFORE: (1,)}[int(ambiguous)]
            for lag in (52 * (k + 1) + extra for extra in lags):  # the same trend, another reference week
                f = x[:, last - lag] + growth[:, -1] if last >= lag else np.full(m, np.nan)
                lo, hi = np.fmin(lo, f), np.fmax(hi, f)
        now.append(forecast[:, -1])
        low.append(lo)
        high.append(hi)
        growths.append(growth[:, -1])
    return _Forecasts(history, np.array(now), np.array(low), np.array(high), np.array(growths), aligned_now)


def _bump(x: np.ndarray, column: np.ndarray) -> np.ndarray:
    """How far each row's week ``column`` (one per row) stands above the median of the two
    weeks either side of it (a median: an outlier beside it does not make it look like one);
    NaN where it cannot tell."""
    rows = np.arange(x.shape[0])
    inside = (column >= 2) & (column + 2 < x.shape[1])
    at = np.clip(column, 2, x.shape[1] - 3)
    median, count = _median(np.sort(np.array([x[rows, at + d] for d in (-2, -1, 1, 2)]).T, axis=1))
    with np.errstate(invalid="ignore"):
        return np.where(inside & (count >= 2), x[rows, at] - median, np.nan)


def _set_aside(x: np.ndarray, refs: References, f: _Forecasts, scale: np.ndarray) -> np.ndarray:
    """Per metric, the reference year (1 or 2) whose week stood out from its own neighbours by
    ``ODD`` SDs more than the other year's, which did not (0: none). Never near a holiday, where
    one-week bumps are the rule."""
    last = x.shape[1] - 1
    if f.now.shape[0] < 2 or refs.holidays[last] is not None:
        return np.zeros(x.shape[0], dtype=np.int64)
    plain = 52 * np.arange(1, f.now.shape[0] + 1)[:, None]
    lag = np.where(f.aligned[None, :], refs.lags[:, last][:, None], plain)
    bumps = np.array([_bump(x, last - lag[k]) for k in range(2)])
    worse = np.argmax(np.abs(np.nan_to_num(bumps)), axis=0)
    with np.errstate(invalid="ignore"):
        calm = np.abs(np.where(worse == 0, bumps[1], bumps[0])) < scale
        odd = (np.abs(bumps[0] - bumps[1]) > ODD * scale) & calm & ~np.isnan(f.now).any(axis=0)
    return np.where(odd, worse + 1, 0)


def assess(values: np.ndarray, usable: np.ndarray, log: np.ndarray, refs: References, threshold: float
           ) -> Assessment:
    """Judge the last column of ``values`` (metrics × weeks, oldest first) against the rest.

    ``usable``: the past weeks fit to learn from (complete, with a value); ``log``: the metrics
    judged in relative terms; ``refs``: each week's reference weeks (``reference_lags``)."""
    m, last = values.shape[0], values.shape[1] - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.where(usable, np.where(log[:, None], np.log(np.where(values > 0, values, np.nan)), values), np.nan)
        now = values[:, last]
        x_now = np.where(log, np.log(np.where(now > 0, now, 1.0)), now)
    floor = np.fmin.reduce(x[:, :last], axis=1) - 20 if last else np.full(m, np.nan)
    x_now = np.where(log & (now <= 0), floor, x_now)  # a zero: far below the least week there was
    x[:, last] = np.nan  # the judged week never forecasts itself

    # a first pass with plain medians finds the noise; a second averages the growth over the
    # weeks within 3 SDs of their median
    columns = np.arange(max(0, last - HISTORY), last + 1)
    cut = None
    for _ in range(2):
        f = _seasonal(x, refs, columns, cut)
        scale, errors = _scale(x[:, columns[:-1]] - f.history[:, :-1])
        cut = 3 * scale
    seasonal = ~np.isnan(f.now[0]) & (errors >= MIN_RESIDUALS)

    # under a year of history: the median of the recent weeks, judged by that forecast's errors
    recent, recent_errors = np.full(m, np.nan), np.zeros(m, dtype=np.int64)
    if not seasonal.all():
        short = ~seasonal
        level = _level(x[short], columns, None)
        recent[short] = level[:, -1]
        scale[short], recent_errors[short] = _scale(x[short][:, columns[:-1]] - level[:, :-1])

    set_aside = np.where(seasonal, _set_aside(x, refs, f, scale), 0)
    kept = ~np.isnan(f.now) & (set_aside[None, :] != np.arange(1, f.now.shape[0] + 1)[:, None])
    count = kept.sum(axis=0)
    lowest = np.where(seasonal, np.fmin.reduce(np.where(kept, f.low, np.nan), axis=0), recent)
    highest = np.where(seasonal, np.fmax.reduce(np.where(kept, f.high, np.nan), axis=0), recent)
    expected = np.where(seasonal, np.where(kept, f.now, 0.0).sum(axis=0) / np.maximum(count, 1), recent)
    growth = np.where(seasonal, np.where(set_aside == 1, f.growth[-1], f.growth[0]), np.nan)
    judged = (seasonal | (recent_errors >= MIN_RESIDUALS)) & ~np.isnan(expected) & ~np.isnan(now)
    with np.errstate(divide="ignore", invalid="ignore"):
        miss = np.where(x_now > highest, x_now - highest, np.where(x_now < lowest, x_now - lowest, 0.0))
        # below floating-point noise a week is exactly as expected: a constant series' rounding
        # errors (6.000000000000001 against 6, with a spread of 1e-16) are not a move of 10 SDs
        miss = np.where(np.abs(miss) > 1e-9 * np.maximum(1.0, np.abs(x_now)), miss, 0.0)
        score = np.where(scale > 0, miss / scale, np.where(np.abs(miss) > 1e-9, np.sign(miss) * MAX_SCORE, 0.0))
    score = np.where(judged, np.clip(score, -MAX_SCORE, MAX_SCORE), np.nan)
    band = threshold * scale

    def units(v: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore", invalid="ignore"):
            return np.where(judged, np.where(log, np.exp(v), v), np.nan)

    with np.errstate(over="ignore", invalid="ignore"):  # a week of 1e22 against one of 1: no finite growth
        sd = np.where(judged, np.where(log, np.exp(expected) * np.expm1(scale), scale), np.nan)
        growth = np.where(log, np.expm1(growth), growth)
    return Assessment(units(expected), units(lowest), units(highest), sd, units(lowest - band),
                      units(highest + band), score, judged & (np.abs(score) > threshold),
                      np.where(judged, np.where(seasonal, count, 0), -1), np.where(judged, set_aside, 0),
                      growth, log, judged & seasonal & f.aligned)


# ---- in words ------------------------------------------------------------------------------

_UNITS = ((1e9, 1e9, "B"), (1e6, 1e6, "M"), (1e4, 1e3, "K"))  # from, divide by, unit


def _amount(value: float, sd: float, fmt: str, like: float | None = None) -> tuple[str, str]:
    """A value and a spread in the unit that suits ``like`` (default: the value), with the
    digits the spread needs — ("2.91M", "0.18M"), ("1,020", "35") — and the format's currency
    sign in front."""
    size = abs(value if like is None else like)
    factor, unit = next(((f, u) for start, f, u in _UNITS if size >= start), (1.0, ""))
    spread = abs(sd) / factor
    decimals = 0 if spread == 0 else max(0, min(4, 1 - math.floor(math.log10(spread))))
    prefix = "" if fmt.endswith("%") or fmt.startswith("##") else re.match(r"^[^#0.,]*", fmt).group(0)  # type: ignore[union-attr]
    sign = "-" if value < 0 else ""
    return f"{sign}{prefix}{abs(value) / factor:,.{decimals}f}{unit}", f"{prefix}{spread:,.{decimals}f}{unit}"


def _percent(change: float) -> str:
    return f"{change:+.0%}" if abs(change) >= 0.095 else f"{change:+.1%}"


def describe(a: Assessment, i: int, *, value: float, comparison: str, fmt: str, holiday: str | None,
             days: int) -> str:
    """Why metric ``i`` was flagged, against what: "Expected 2.91M ± 0.18M (the same week in the
    last 2 years, with this year's trend: +12% on last year); got 3.52M: +21%, 4.2 SDs above."."""
    sd, score = float(a.sd[i]), float(a.score[i])
    low, high = float(a.nearest_low[i]), float(a.nearest_high[i])
    nearest = high if score > 0 else low
    rate = comparison == "bps"

    like = float(a.expected[i])  # one unit for every amount of the sentence

    def shown(v: float) -> str:
        return f"{v:.{2 if abs(v) < 0.1 else 1}%}" if rate else _amount(v, sd, fmt, like)[0]

    def difference(d: float) -> str:
        return f"{d * 10000:+,.0f} bps" if rate else ("+" if d >= 0 else "-") + _amount(abs(d), sd, fmt, like)[0]

    spread = (f"{sd * 10000:,.0f} bps" if sd * 10000 >= 1 else f"{sd * 10000:.1f} bps") if rate \
        else _amount(float(a.expected[i]), sd, fmt)[1]
    move = _percent(value / nearest - 1) if a.log[i] and nearest else difference(value - nearest)
    growth = float(a.growth[i])
    trend = _percent(growth) if a.log[i] else difference(growth)
    years, set_aside = int(a.years[i]), int(a.set_aside[i])
    wide = abs(high - low) > abs(sd)  # forecasts (years, or whole weeks near a dated holiday) apart
    apart = years == 2 and wide
    expected = f"{shown(low)} to {shown(high)}" if wide else shown(float(a.expected[i]))
    on = f", aligned on {holiday}," if holiday and a.aligned[i] else ","
    if years == 2:
        basis = f"the same week {'last year and the year before' if apart else 'in the last 2 years'}{on} with " \
                f"this year's trend: {trend} on last year"
    elif years == 1 and set_aside == 1:
        basis = f"the same week 2 years ago{on} with this year's trend: {trend} on it; last year's was unusual " \
                "and is set aside"
    elif years == 1:
        basis = f"the same week last year{on} with this year's trend: {trend} on it"
        if set_aside == 2:
            basis += "; the year before's was unusual and is set aside"
    else:
        basis = f"the median of the last {WINDOW} weeks: under a year of history, no same week last year to go by"
    size = f"{abs(score):.1f} SDs" if abs(score) < MAX_SCORE else "far"
    beyond = ("above" if score > 0 else "below") + (" the nearer" if wide else "")
    text = f"Expected {expected} ± {spread} ({basis}); got {shown(value)}: {move}, {size} {beyond}."
    if days < 7:
        text += f" Only {days} of the week's 7 days have data."
    return text
