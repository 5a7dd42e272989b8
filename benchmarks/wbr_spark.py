"""The same metrics file on Spark (local mode) and on DuckDB: it works, and every number agrees.

Uses the row-level order data of benchmarks/wbr_rows.py (generated once, kept in --dir) and
its 20 metrics; prints the time of each engine, the number of Spark jobs the deck takes (the
SparkContext's status tracker, by job group), and compares every number of the deck — all 143
periods' values behind the weeks, months, summary boxes and comparisons.

    python benchmarks/wbr_spark.py [--rows 10M] [--dir DIR]

The target (issue 17): at 10M rows, Spark's set-up and compute within three times DuckDB's,
the session's start excluded. The machine's load average is printed at the start and the end:
other work on the two cores skews both engines' times.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from wbr_rows import END, FOLDER, compare, deck_numbers, ensure_parquet, sizes, write_metrics

from dayone.metrics import spec
from dayone.metrics.compute import Engine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=lambda text: sizes(text)[0], default=10_000_000, help="rows: 1M, 10M… (10M)")
    parser.add_argument("--dir", type=Path, default=FOLDER,
                        help="where the generated files are kept and reused (as benchmarks/wbr_rows.py)")
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"{os.cpu_count()} cores; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the start")
    args.dir.mkdir(parents=True, exist_ok=True)
    parquet, _ = ensure_parquet(args.dir, args.rows)
    metrics = spec.load(write_metrics(args.dir, parquet))
    results, seconds = {}, {}
    session = None
    for engine in ("duckdb", "spark"):
        if engine == "spark":
            from dayone.metrics.warehouse import spark_session

            started = time.perf_counter()
            session = spark_session()
            print(f"spark session started in {time.perf_counter() - started:.1f} s (not counted below)")
            session.sparkContext.setJobGroup("wbr-setup", "register the sources")
        started = time.perf_counter()
        with Engine(metrics, engine=engine) as built:
            ready = time.perf_counter()
            if session is not None:
                session.sparkContext.setJobGroup("wbr-deck", "compute the deck")
            deck = built.compute(END)
        done = time.perf_counter()
        results[engine], seconds[engine] = deck_numbers(deck), done - started
        jobs = ""
        if session is not None:
            tracker = session.sparkContext.statusTracker()
            jobs = (f"   Spark jobs: {len(tracker.getJobIdsForGroup('wbr-setup'))} to register the sources, "
                    f"{len(tracker.getJobIdsForGroup('wbr-deck'))} for the deck")
        print(f"{engine:7} set up {ready - started:6.2f} s   compute {done - ready:6.2f} s{jobs}")
    print(f"spark / duckdb (set up and compute, session start excluded): {seconds['spark'] / seconds['duckdb']:.1f}x "
          "(target: within 3x)")
    duck, spark = results["duckdb"], results["spark"]
    total, differ = compare(duck, spark)  # a number missing in one deck counts as different
    print(f"{args.rows:,} rows, {len(metrics.metrics)} metrics: {total:,} numbers compared, {len(differ)} different")
    for key in differ[:10]:
        print(f"  {key}: duckdb {duck.get(key)!r}, spark {spark.get(key)!r}")
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the end")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
