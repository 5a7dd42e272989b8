"""Precision and recall of the WBR's anomaly flags on series with known, planted anomalies.

    python benchmarks/anomalies.py [--series 6] [--weeks 52] [--seed 1] [--per-year 2] [--threshold T] [--stl]

The data: three years and ten weeks of daily values for ``--series`` series of every kind of
anomaly at every scale, one CSV column each, read through a metrics file by the real engine
(``Engine.compute``), exactly as a deck is built. Every series has
- a weekly pattern (random day-of-week factors), a yearly one (two harmonics, random phase and
  size), a trend (−10% to +40% a year), and US holidays that move: Thanksgiving weekend through
  Cyber Monday lifted (30-100%), a December peak, Christmas Day low;
- noise: each day × a log-normal factor (SD 2-6%), then Poisson counts. Scales: counts of 10,
  1,000, 100,000 and 10 million a day, and a rate (3% of 20,000 a day: a derived ratio of two
  columns, compared in bps).

Sizes are honest relative to each series' noise. ``σ`` is the week's own noise, from the
generator's parameters at that week: for a count, the SD of the log of the weekly total,
√(σ_day² · Σλ²/(Σλ)² + 1/Σλ); for a rate, the SD of the weekly ratio, rate · √(σ_day²/7 + 1/Σnum).
Every planted anomaly moves its week by m·σ, m drawn from 6 to 10 (in logs for counts, in rate
points for rates) — a move no week of noise makes: at 10 a day a spike doubles or triples the
week, at 10 million a day it adds 5% to 25%:
- **spike** / **drop**: 1 to 7 consecutive days of one week raised / lowered (a drop lowers a
  day by at most 70%) so that the week moves by m·σ;
- **level shift**: from the first day of a week on, every day × e^(±m·σ) (a rate ± m·σ), for
  good; the weeks after it are judged against the new level;
- **broken feed**: as many days of one week as needed for a drop of at least m·σ (at most 6)
  arrive empty (blank cells) or near zero (1% of the day).
Anomalies of the series' kind are planted through all its years (``--per-year``, default 2 a
year, half as many level shifts; at least 5 weeks apart, 12 for level shifts), so the weeks a
forecast looks back on hold anomalies too. Series of the kind "none" hold none: their flags are
all false.

The test: each of the last ``--weeks`` weeks in turn is the deck's week (as if it were the
latest: rows after it never enter), and each series is flagged or not. A flag in a week with a
planted anomaly is a true positive; a planted week without one a miss; a flag elsewhere a false
positive — except in the 3 weeks right after a level shift (the expectation follows a new
level from its third week), which count neither way. Precision = TP/(TP+FP) and
recall = TP/(TP+misses), by kind (the false positives of that kind's series) and by scale.

``--stl`` also runs the comparison the decision rests on: statsmodels' robust STL (period 52)
per series on the same weekly values up to the judged week (logs for counts), the judged
week's residual against 1.4826 × the median absolute residual of the 52 before (in-sample: the
plain way to use STL for flags), and its time per fit — about 3 ms a plain fit and 20 ms a
robust one on 113 weeks, so seconds for a 500-metric deck whose whole budget is a second.
Goal: precision and recall at least 0.8 for each kind. Figures only; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import csv
import math
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from dayone.metrics import spec
from dayone.metrics.compute import Engine

KINDS = ("spike", "drop", "level shift", "broken feed", "none")
SCALES = {"10/day": 10.0, "1K/day": 1e3, "100K/day": 1e5, "10M/day": 1e7, "rate": 0.03}
RATE_BASE = 20_000.0
END = date(2026, 11, 28)  # a Saturday: weeks end on Saturdays
GRACE = 3  # weeks after a level shift that count neither way


def thanksgiving(year: int) -> date:
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)


@dataclass
class Series:
    name: str
    kind: str
    scale: str
    planted: set[date] = field(default_factory=set)  # week ends with a planted anomaly
    grace: set[date] = field(default_factory=set)  # week ends that count neither way
    sizes: dict[date, float] = field(default_factory=dict)
    noise: float = 0.0  # σ of a typical week (the median over its weeks)


def _shape(days: list[date], rng: np.random.Generator) -> np.ndarray:
    """The noiseless multiplicative pattern: weekly, yearly, trend, holidays."""
    t = np.array([(d - days[0]).days for d in days], dtype=float)
    weekday = np.array([d.weekday() for d in days])
    doy = np.array([d.timetuple().tm_yday for d in days], dtype=float)
    week = 1 + rng.uniform(0, 0.3) * rng.uniform(-1, 1, 7)
    yearly = (1 + rng.uniform(0.05, 0.3) * np.sin(2 * np.pi * doy / 365.25 + rng.uniform(0, 2 * np.pi))
              + rng.uniform(0, 0.08) * np.sin(4 * np.pi * doy / 365.25 + rng.uniform(0, 2 * np.pi)))
    growth = (1 + rng.uniform(-0.1, 0.4)) ** (t / 365.25)
    lift = rng.uniform(0.3, 1.0)
    december = rng.uniform(0, 0.3)
    holiday = np.ones(len(days))
    for i, d in enumerate(days):
        offset = (d - thanksgiving(d.year)).days
        if 0 <= offset <= 4:  # Thanksgiving, Black Friday, the weekend, Cyber Monday
            holiday[i] += lift * (0.4, 1.0, 0.8, 0.7, 0.9)[offset]
        holiday[i] *= 1 + december * math.exp(-((d - date(d.year, 12, 14)).days / 9) ** 2 / 2)
        if d.month == 12 and d.day == 25:
            holiday[i] *= 0.5
    return week[weekday] * yearly * growth * holiday


def _weeks(days: list[date]) -> dict[date, np.ndarray]:
    ends: dict[date, list[int]] = {}
    for i, d in enumerate(days):
        ends.setdefault(d + timedelta(days=(5 - d.weekday()) % 7), []).append(i)
    return {e: np.array(ix) for e, ix in ends.items() if len(ix) == 7}


def _plant_weeks(week_ends: list[date], rng: np.random.Generator, per_year: float, gap: int) -> list[date]:
    chosen: list[int] = []
    wanted = round(per_year * len(week_ends) / 52)
    for _ in range(200 * wanted):
        if len(chosen) == wanted:
            break
        k = int(rng.integers(8, len(week_ends)))
        if all(abs(k - c) >= gap for c in chosen):
            chosen.append(k)
    return sorted(week_ends[k] for k in chosen)


def generate(days: list[date], kind: str, scale: str, name: str, rng: np.random.Generator, per_year: float = 2.0
             ) -> tuple[Series, dict[str, list[str]], str]:
    """One series' CSV columns and its metric line(s)."""
    series = Series(name, kind, scale)
    weeks = _weeks(days)
    week_ends = sorted(weeks)
    sigma_day = rng.uniform(0.02, 0.06)
    rate = scale == "rate"
    level = RATE_BASE if rate else SCALES[scale]
    base = level * _shape(days, rng)  # the expected count (rates: the denominator)
    r = np.full(len(days), SCALES["rate"]) * (1 + 0.1 * np.sin(2 * np.pi * np.arange(len(days)) / 365.25)) if rate \
        else np.ones(len(days))
    if rate:
        r *= (1 + rng.uniform(-0.1, 0.2)) ** (np.arange(len(days)) / 365.25)
    mean = base * r  # expected counts of the judged column (rates: the numerator)
    factor = np.ones(len(days))  # multiplies the judged column's mean (counts) — for rates, the rate
    blank = np.zeros(len(days), dtype=bool)

    def sigma(ix: np.ndarray) -> float:
        lam = mean[ix]
        total = lam.sum()
        if rate:
            return float(np.mean(r[ix]) * math.sqrt(sigma_day ** 2 / 7 + 1 / total))
        return math.sqrt(sigma_day ** 2 * (lam ** 2).sum() / total ** 2 + 1 / total)

    series.noise = float(np.median([sigma(ix) for ix in weeks.values()]))
    count, gap = (per_year / 2, 12) if kind == "level shift" else (per_year, 5)
    for end in (_plant_weeks(week_ends, rng, count, gap) if kind != "none" else []):
        ix = weeks[end]
        m = rng.uniform(6, 10)
        s = sigma(ix)
        lam = mean[ix] * factor[ix]
        series.planted.add(end)
        series.sizes[end] = m
        if kind == "level shift":
            sign = rng.choice([-1, 1])
            later = np.array([d >= days[ix[0]] for d in days])
            if rate:
                factor[later] *= 1 + sign * m * s / np.mean(r[ix])
            else:
                factor[later] *= math.exp(sign * m * s)
            k = week_ends.index(end)
            series.grace.update(week_ends[k + 1:k + 1 + GRACE])
            continue
        target = math.exp(m * s) - 1 if not rate else m * s / np.mean(r[ix])  # relative move of the week
        if kind == "spike":
            n = int(rng.integers(1, 8))
            start = int(rng.integers(0, 8 - n))
            hit = ix[start:start + n]
            factor[hit] *= 1 + target * lam.sum() / (mean[hit] * factor[hit]).sum()
        elif kind == "drop":
            lost = (1 - math.exp(-m * s)) if not rate else min(0.9, target)
            need = lost * lam.sum()
            for n in range(1, 8):  # the fewest days that can lose it, at most 70% a day
                start = int(rng.integers(0, 8 - n))
                hit = ix[start:start + n]
                if 0.7 * (mean[hit] * factor[hit]).sum() >= need:
                    break
            factor[hit] *= max(0.3, 1 - need / (mean[hit] * factor[hit]).sum())
        else:  # broken feed: whole days empty or near zero, as many as the size needs
            lost = (1 - math.exp(-m * s)) if not rate else min(0.95, target)
            start = int(rng.integers(0, 2))
            n = 1
            while n < 6 and (lam[start:start + n].sum() < lost * lam.sum()):
                n += 1
            n = min(n, 7 - start)
            hit = ix[start:start + n]
            if rng.random() < 0.5:
                blank[hit] = True
            else:
                factor[hit] *= 0.01
    noise = np.exp(rng.normal(0, sigma_day, len(days)) - sigma_day ** 2 / 2)
    columns: dict[str, list[str]] = {}
    if rate:
        den = rng.poisson(base * np.exp(rng.normal(0, 0.03, len(days))))
        num = rng.poisson(den * r * factor * noise)
        columns[f"{name}_num"] = ["" if b else str(v) for v, b in zip(num, blank, strict=True)]
        columns[f"{name}_den"] = [str(v) for v in den]
        lines = (f"  {name}_num: {{source: daily, column: {name}_num}}\n"
                 f"  {name}_den: {{source: daily, column: {name}_den}}\n"
                 f"  {name}: {{derived: ratio, of: [{name}_num, {name}_den], comparison: bps}}\n")
    else:
        lam = mean * factor * noise
        values = rng.poisson(lam) if level < 1e6 else np.round(lam + np.sqrt(lam) * rng.normal(size=len(days)))
        columns[name] = ["" if b else str(int(v)) for v, b in zip(values, blank, strict=True)]
        lines = f"  {name}: {{source: daily, column: {name}}}\n"
    return series, columns, lines


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Tally) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def row(self) -> str:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else float("nan")
        return f"{precision:9.2f} {recall:7.2f} {self.tp:5d} {self.fp:5d} {self.fn:5d}"


def score(series: list[Series], flags: dict[str, dict[date, bool]], weeks: list[date]) -> dict[tuple[str, str], Tally]:
    out: dict[tuple[str, str], Tally] = {}
    for s in series:
        t = out.setdefault((s.kind, s.scale), Tally())
        for w in weeks:
            flagged = flags[s.name][w]
            if w in s.planted:
                t.tp += flagged
                t.fn += not flagged
            elif flagged and w not in s.grace:
                t.fp += 1
    return out


def report(title: str, tallies: dict[tuple[str, str], Tally], metric_weeks: dict[str, int]) -> None:
    print(f"\n{title}")
    print(f"  {'':22} {'precision':>9} {'recall':>7} {'TP':>5} {'FP':>5} {'miss':>5}")
    for label, pick in [*((f"kind: {k}", lambda key, k=k: key[0] == k) for k in KINDS),
                        *((f"scale: {s}", lambda key, s=s: key[1] == s) for s in SCALES)]:
        total = Tally()
        for key, t in tallies.items():
            if pick(key):
                total.add(t)
        extra = ""
        if label == "kind: none":
            extra = f"   ({total.fp} false flags in {metric_weeks['none']} metric-weeks)"
        print(f"  {label:22} {total.row()}{extra}")
    everything = Tally()
    for t in tallies.values():
        everything.add(t)
    print(f"  {'all':22} {everything.row()}")


def stl_flags(path: Path, series: list[Series], weeks: list[date], threshold: float) -> tuple[dict, float]:
    """The comparison: robust STL on each series' weekly values up to each judged week."""
    from statsmodels.tsa.seasonal import STL

    with path.open() as handle:
        rows = list(csv.DictReader(handle))
    days = [date.fromisoformat(r["date"]) for r in rows]
    week_of = [d + timedelta(days=(5 - d.weekday()) % 7) for d in days]
    ends = sorted({w for w in week_of if w <= weeks[-1]})[1:]  # the first week is partial
    flags: dict[str, dict[date, bool]] = {}
    fits, spent = 0, 0.0
    for s in series:
        def column(name: str) -> np.ndarray:
            totals: dict[date, float] = {}
            for r, w in zip(rows, week_of, strict=True):
                totals[w] = totals.get(w, 0.0) + (float(r[name]) if r[name] else 0.0)
            return np.array([totals[e] for e in ends])
        values = column(f"{s.name}_num") / column(f"{s.name}_den") if s.scale == "rate" else \
            np.log(np.maximum(column(s.name), 0.5))
        flags[s.name] = {}
        for w in weeks:
            k = ends.index(w)
            history = values[:k + 1]
            started = time.perf_counter()
            fit = STL(history, period=52, robust=True).fit()
            spent += time.perf_counter() - started
            fits += 1
            resid = fit.resid
            scale = 1.4826 * np.median(np.abs(resid[-53:-1]))
            flags[s.name][w] = bool(scale > 0 and abs(resid[-1]) > threshold * scale)
    return flags, spent / fits


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--series", type=int, default=6, help="series of each kind at each scale")
    parser.add_argument("--weeks", type=int, default=52, help="weeks judged, each as if the latest")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-year", type=float, default=2.0,
                        help="anomalies planted a year in each series (level shifts: half as many)")
    parser.add_argument("--threshold", type=float, default=None, help="setup.anomaly_threshold (default: the engine's)")
    parser.add_argument("--stl", action="store_true", help="also measure robust STL on the same series")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    start = END - timedelta(days=3 * 364 + 70 - 1)
    days = [start + timedelta(days=i) for i in range((END - start).days + 1)]
    series: list[Series] = []
    columns: dict[str, list[str]] = {}
    lines = (f"setup: {{anomaly_threshold: {args.threshold}}}\n" if args.threshold else "") + \
        "sources: {daily: {csv: daily.csv, date_column: date}}\nmetrics:\n"
    for kind in KINDS:
        for scale in SCALES:
            for k in range(args.series):
                name = f"{kind.replace(' ', '_')}_{scale.split('/')[0].lower()}_{k}"
                s, cols, text = generate(days, kind, scale, name, rng, args.per_year)
                series.append(s)
                columns.update(cols)
                lines += text
    weeks = [END - timedelta(days=7 * k) for k in range(args.weeks)][::-1]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with (folder / "daily.csv").open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["date", *columns])
            for i, d in enumerate(days):
                writer.writerow([d.isoformat(), *(c[i] for c in columns.values())])
        (folder / "metrics.yaml").write_text(lines)
        metrics = spec.load(folder / "metrics.yaml")
        flags: dict[str, dict[date, bool]] = {s.name: {} for s in series}
        started = time.perf_counter()
        with Engine(metrics) as engine:
            for w in weeks:
                deck = engine.compute(w)
                for s in series:
                    flags[s.name][w] = deck["metrics"][s.name]["anomaly"] is not None
        elapsed = time.perf_counter() - started
        judged = {k: sum(1 for s in series if s.kind == k) * len(weeks) for k in KINDS}
        print(f"{len(series)} series ({args.series} of each kind at each scale), {len(days)} days; "
              f"{len(weeks)} weeks judged, each as if the latest ({elapsed:.1f} s, "
              f"{elapsed / len(weeks) * 1000:.0f} ms a deck of {len(metrics.metrics)} metrics)")
        threshold = metrics.anomaly_threshold
        report(f"The engine's flags (threshold {threshold} SDs)", score(series, flags, weeks), judged)
        if args.stl:
            stl, per_fit = stl_flags(folder / "daily.csv", series, weeks, threshold)
            report(f"Robust STL, period 52, per series ({per_fit * 1000:.1f} ms a fit: "
                   f"{per_fit * 500 * 1000:.0f} ms for 500 metrics)", score(series, stl, weeks), judged)


if __name__ == "__main__":
    main()
