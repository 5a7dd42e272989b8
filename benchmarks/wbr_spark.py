"""The same metrics file on Spark (local mode) and on DuckDB: it works, and every number agrees.

Uses the row-level order data of benchmarks/wbr_rows.py (generated once, kept in --dir) and
its 20 metrics; prints the time of each engine, the number of Spark jobs the deck takes (the
SparkContext's status tracker, by job group), and compares every number of the deck — all 143
periods' values behind the weeks, months, summary boxes and comparisons.

    python benchmarks/wbr_spark.py [--rows 10M] [--dir DIR]

The target (issue 17): at 10M rows, Spark's set-up and compute within three times DuckDB's,
the session's start excluded. Each engine computes the deck twice: first in a fresh process
(Spark's JVM compiles its code as it goes), then again in the same process, as a server that
keeps its session computes every deck after its first. Then each engine runs the same plain
statements alone (a GROUP BY over the rows): their ratio is the least a deck on Spark can cost
against DuckDB. The machine's load average is printed at the start and the end: other work on
the two cores skews both engines' times.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from wbr_rows import END, FOLDER, compare, deck_numbers, ensure_parquet, sizes, write_metrics

from dayone.metrics import spec
from dayone.metrics.compute import Engine

FLOOR = {  # one plain statement each engine runs over the same rows: no deck, only the engine
    "group the rows by customer": "SELECT count(*) FROM (SELECT customer_id, count(*) FROM {} GROUP BY customer_id)",
    "a day's sums and distinct products": ("SELECT CAST(order_date AS DATE) AS d, count(*), sum(amount), "
                                           "count(DISTINCT product_id) FROM {} GROUP BY d"),
}


def floor(parquet: Path, session: Any) -> None:
    """The engines' own ratio on single plain statements (the better of three runs each): the
    least a deck on Spark can cost against DuckDB, whatever its SQL."""
    import duckdb

    con = duckdb.connect()
    session.read.parquet(str(parquet)).createOrReplaceTempView("floor_rows")
    for name, sql in FLOOR.items():
        best = {}
        for engine, run in (("duckdb", lambda q=sql: con.execute(q.format(f"'{parquet}'")).fetchall()),
                            ("spark", lambda q=sql: session.sql(q.format("floor_rows")).collect())):
            times = []
            for _ in range(3):
                started = time.perf_counter()
                run()
                times.append(time.perf_counter() - started)
            best[engine] = min(times)
        print(f"  {name:36} duckdb {best['duckdb']:5.2f} s   spark {best['spark']:5.2f} s   "
              f"{best['spark'] / best['duckdb']:4.1f}x")
    session.catalog.dropTempView("floor_rows")


def deck(metrics: spec.MetricsFile, engine: str, session: Any, run: int) -> tuple[dict[str, float], float, str]:
    """One deck computed: its numbers, set-up and compute seconds, and what the line prints."""
    started = time.perf_counter()
    setup, compute = f"wbr-setup-{run}", f"wbr-deck-{run}"  # each deck's own job groups
    if session is not None:
        session.sparkContext.setJobGroup(setup, "register the sources")
    with Engine(metrics, engine=engine) as built:
        ready = time.perf_counter()
        if session is not None:
            session.sparkContext.setJobGroup(compute, "compute the deck")
        found = built.compute(END)
    done = time.perf_counter()
    jobs = ""
    if session is not None:
        tracker = session.sparkContext.statusTracker()
        jobs = (f"   Spark jobs: {len(tracker.getJobIdsForGroup(setup))} to register the sources, "
                f"{len(tracker.getJobIdsForGroup(compute))} for the deck")
    return deck_numbers(found), done - started, f"set up {ready - started:6.2f} s   compute {done - ready:6.2f} s{jobs}"


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
    from dayone.metrics.warehouse import spark_session

    started = time.perf_counter()
    session = spark_session()
    print(f"spark session started in {time.perf_counter() - started:.1f} s (not counted below)")
    results: dict[tuple[str, int], dict[str, float]] = {}
    seconds: dict[tuple[str, int], float] = {}
    for run in (1, 2):  # the first deck of a process, then another as a server computes it (the JVM warm)
        print(f"deck {run} ({'a fresh process' if run == 1 else 'the same process again'}):")
        for engine in ("duckdb", "spark"):
            found = deck(metrics, engine, session if engine == "spark" else None, run)
            results[engine, run], seconds[engine, run], line = found
            print(f"  {engine:7} {line}")
        print(f"  spark / duckdb (set up and compute, session start excluded): "
              f"{seconds['spark', run] / seconds['duckdb', run]:.1f}x (target: within 3x)")
    print("each engine alone on one plain statement over the same rows (the engines' own ratio):")
    floor(parquet, session)
    duck = results["duckdb", 1]
    differ: list[str] = []
    for engine, run in (("spark", 1), ("spark", 2), ("duckdb", 2)):  # every deck against DuckDB's first
        total, different = compare(duck, results[engine, run])  # a number missing in one counts as different
        print(f"{args.rows:,} rows, {len(metrics.metrics)} metrics, {engine} deck {run}: {total:,} numbers compared "
              f"with duckdb's deck 1, {len(different)} different")
        for key in different[:10]:
            print(f"  {key}: duckdb {duck.get(key)!r}, {engine} {results[engine, run].get(key)!r}")
        differ += different
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the end")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
