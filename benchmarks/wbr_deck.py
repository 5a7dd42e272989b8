"""500 metrics over three years of daily data, deck built to JSON and to HTML.

Target: under 1 second of compute on a 2-core machine (the reference WBR App takes
about 15-20 s on such a file). Prints the time of each stage.

    python benchmarks/wbr_deck.py [--metrics 500] [--years 3]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

STARTED = time.perf_counter()
from dayone.metrics import spec  # noqa: E402
from dayone.metrics.compute import Engine  # noqa: E402
from dayone.wbr.deck import render_html  # noqa: E402

IMPORTS = time.perf_counter() - STARTED


def write_inputs(folder: Path, metrics: int, years: int) -> Path:
    base = metrics * 4 // 5  # the rest are derived ratios of two base metrics
    rng = random.Random(42)
    end = date(2026, 11, 21)
    start = end - timedelta(days=365 * years)
    with (folder / "daily.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Date", *[f"c{i}" for i in range(base)]])
        day = start
        while day <= end:
            writer.writerow([day.isoformat(), *[rng.randint(900, 1100) for _ in range(base)]])
            day += timedelta(days=1)
    lines = ["sources:", "  daily: {csv: daily.csv, date_column: Date}", "metrics:"]
    lines += [f"  m{i}: {{source: daily, column: c{i}, aggregation: {'sum' if i % 5 else 'mean'}}}"
              for i in range(base)]
    lines += [f"  r{i}: {{derived: ratio, of: [m{i}, m{i + 1}], comparison: bps}}" for i in range(metrics - base)]
    (folder / "metrics.yaml").write_text("\n".join(lines) + "\n")
    return folder / "metrics.yaml"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--metrics", type=int, default=500)
    parser.add_argument("--years", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = write_inputs(Path(tmp), args.metrics, args.years)
        import duckdb
        import pyarrow as pa

        t = time.perf_counter()
        duckdb.connect().from_arrow(pa.table({"x": [1]})).fetchall()  # DuckDB loads pandas on its first Arrow scan
        import holidays

        holidays.country_holidays("US")  # the holidays package loads its country tables on first use (~0.2 s)
        libraries = time.perf_counter() - t + IMPORTS
        print(f"{args.metrics} metrics, {args.years} years of daily data")
        print(f"  {'loading the libraries (once a process)':44} {libraries * 1000:8.0f} ms  (not compute)")
        for run in ("first build", "second build (a running server)"):
            stages: list[tuple[str, float]] = []

            def stage(name: str, started: float, stages: list[tuple[str, float]] = stages) -> float:
                now = time.perf_counter()
                stages.append((name, now - started))
                return now

            t = time.perf_counter()
            metrics_file = spec.load(path)
            t = stage("read and validate the metrics file", t)
            engine = Engine(metrics_file)
            t = stage("load the CSV (Arrow → DuckDB)", t)
            deck = engine.compute()
            t = stage(f"compute {len(deck['metrics'])} metrics", t)
            text = json.dumps(deck)
            t = stage("JSON", t)
            html = render_html(deck, metrics_file)
            t = stage("HTML with charts", t)
            engine.close()
            print(f"{run}, week ending {deck['week_ending']}:")
            for name, seconds in stages:
                print(f"  {name:44} {seconds * 1000:8.0f} ms")
            compute = sum(s for n, s in stages if not n.startswith("HTML"))
            print(f"  {'total to JSON':44} {compute * 1000:8.0f} ms  (target < 1000 ms)")
            print(f"  {'total to HTML':44} {(compute + stages[-1][1]) * 1000:8.0f} ms  (target < 1000 ms; "
                  f"JSON {len(text) / 1e6:.1f} MB, HTML {len(html) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
