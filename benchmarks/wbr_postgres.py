"""The same 20-metric deck on PostgreSQL (pushed down) and on DuckDB (Parquet), on the same rows.

Uses the order rows of benchmarks/wbr_rows.py (its Parquet file, generated once and kept in
--dir) and its 20 metrics. The rows are loaded once into a PostgreSQL table ``orders_N`` of the
database --url (DuckDB writes them as CSV, psycopg sends them with ``COPY … FROM STDIN``, then
``VACUUM ANALYZE``), kept between runs and reused while its row count matches. No index: the
deck reads 92% of the rows (its last 26 months), which a scan reads fastest, as it would read
a warehouse table.

Each engine computes the deck in a fresh process measured as a whole (wall time and peak RSS
from wait4, as wbr_rows.py does): the PostgreSQL process's own memory is the client's, the
server's work is in its wall time. The PostgreSQL side also prints the round trips its source
takes during ``compute()`` (the statements the backend sends, counted at its one seam to the
server) and the server's settings. Every number of the two decks (weeks, months, summary
boxes) is compared, relative tolerance 1e-9; any difference exits 1.

    python benchmarks/wbr_postgres.py [--rows 10M] [--dir DIR] [--url URL] [--statements]

--statements: then time each statement of the deck alone (where the server's time goes).
--url: a database the benchmark may create a table in (default: DAYONE_TEST_POSTGRES_URL's
server, database ``wbr_bench``, which must exist).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from wbr_rows import (
    FOLDER,
    MARK,
    METRICS,
    compare,
    deck_numbers,
    ensure_parquet,
    rss_mb,
    run_measured,
    sizes,
    write_metrics,
)

URL_VARIABLE = "WBR_BENCH_POSTGRES_URL"  # the metrics file names it: no password in the file
COLUMNS = ("order_date DATE, customer_id BIGINT, product_id INTEGER, region TEXT, amount DOUBLE PRECISION, "
           "quantity INTEGER, delivery_hours DOUBLE PRECISION, status TEXT")


SETTINGS = ("SELECT version(), current_setting('work_mem'), current_setting('max_parallel_workers_per_gather'), "
            "current_setting('shared_buffers'), current_setting('jit')")


def plain_url(url: str) -> str:
    """``postgresql+psycopg://…`` → ``postgresql://…`` (what psycopg takes)."""
    return "postgresql://" + url.split("://", 1)[1]


def default_url() -> str | None:
    found = os.environ.get("DAYONE_TEST_POSTGRES_URL")
    if not found:
        return None
    head, _, _ = found.rpartition("/")
    return f"{head}/wbr_bench"


# ---- the table ----------------------------------------------------------------------------------

def ensure_table(url: str, parquet: Path, rows: int, folder: Path) -> tuple[str, float | None]:
    """The table ``orders_N`` holding the Parquet file's rows, loaded if missing or not whole;
    returns its name and the load time (None when reused)."""
    import duckdb
    import psycopg

    table = f"orders_{rows}"
    with psycopg.connect(plain_url(url), autocommit=True) as con:
        found = con.execute("SELECT to_regclass(%s) IS NOT NULL", (table,)).fetchone()
        if found and found[0]:
            count = con.execute(f"SELECT count(*) FROM {table}").fetchone()
            if count and count[0] == rows:
                return table, None
        started = time.perf_counter()
        con.execute(f"DROP TABLE IF EXISTS {table}")
        # unlogged: loading skips the write-ahead log; reading it is the same as a logged table's (but a
        # crash empties it: the row count then differs, and the next run loads it again)
        con.execute(f"CREATE UNLOGGED TABLE {table} ({COLUMNS})")
        with tempfile.TemporaryDirectory(dir=folder, prefix="csv_") as tmp:
            csv = Path(tmp) / "rows.csv"
            writer = duckdb.connect()
            writer.execute("SET enable_progress_bar = false")
            writer.execute(f"COPY (SELECT * FROM read_parquet('{parquet}')) TO '{csv}' (FORMAT csv, HEADER false)")
            writer.close()
            with con.cursor() as cur, cur.copy(f"COPY {table} FROM STDIN (FORMAT csv)") as copy, \
                    csv.open("rb") as handle:
                while block := handle.read(1 << 20):
                    copy.write(block)
        con.execute(f"VACUUM ANALYZE {table}")  # hint bits and visibility set once, statistics for the planner
        return table, time.perf_counter() - started


def write_pg_metrics(folder: Path, parquet: Path, table: str) -> Path:
    """wbr_rows' metrics file with its source a query on the PostgreSQL table."""
    text = write_metrics(folder, parquet).read_text()
    source = f"  orders: {{parquet: {parquet.name}, date_column: order_date}}"
    assert source in text
    path = folder / f"metrics_pg_{table}.yaml"
    path.write_text(text.replace(source, f"  orders: {{sql: 'SELECT * FROM {table}', database: '${{{URL_VARIABLE}}}', "
                                         "date_column: order_date}"))
    return path


# ---- one engine, in its own process -------------------------------------------------------------

def part(metrics_path: Path) -> dict[str, Any]:
    """Compute the deck of ``metrics_path``; on PostgreSQL, count the round trips of compute()."""
    from wbr_rows import END

    from dayone.metrics import spec
    from dayone.metrics.compute import Engine

    out: dict[str, Any] = {"rss_start": rss_mb()}
    t = time.perf_counter()
    with Engine(spec.load(metrics_path)) as engine:
        out["construct_s"] = time.perf_counter() - t
        databases = list(engine.databases.values())
        settings = databases[0].run(SETTINGS, "settings")[0] if databases else None
        before = [(d.round_trips, d.statements) for d in databases]
        t = time.perf_counter()
        deck = engine.compute(END)
        out["compute_s"] = time.perf_counter() - t
        trips = sum(d.round_trips - b[0] for d, b in zip(databases, before, strict=True))
        statements = sum(d.statements - b[1] for d, b in zip(databases, before, strict=True))
    out.update(settings=settings, round_trips=trips, statements=statements, numbers=deck_numbers(deck))
    return out


# ---- report -------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=lambda s: sizes(s)[0], default=10_000_000, help="rows (10M, 1M, 1_000_000)")
    parser.add_argument("--dir", type=Path, default=FOLDER,
                        help="where wbr_rows.py's generated files are kept and reused")
    parser.add_argument("--url", default=default_url(), help="the PostgreSQL database for the table")
    parser.add_argument("--statements", action="store_true", help="also time each statement of the deck alone")
    parser.add_argument("--part", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:
        print(MARK + json.dumps(part(Path(args.part))))
        return
    if not args.url:
        sys.exit("give --url postgresql://user:password@host/database (or set DAYONE_TEST_POSTGRES_URL)")
    folder = args.dir.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    parquet, generated = ensure_parquet(folder, args.rows)
    table, loaded = ensure_table(args.url, parquet, args.rows, folder)
    duck_file, pg_file = write_metrics(folder, parquet), write_pg_metrics(folder, parquet, table)
    os.environ[URL_VARIABLE] = args.url  # for the PostgreSQL part's metrics file, ${WBR_BENCH_POSTGRES_URL}
    load = os.getloadavg()
    print(f"{args.rows:,} order rows, {len(METRICS) + 2} metrics (3 distinct counts, 6 percentiles), "
          f"{os.cpu_count()} cores; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the start")
    print(f"  Parquet {parquet}" + (f" (generated in {generated:.0f} s)" if generated else "")
          + f"; PostgreSQL table {table}" + (f" (loaded in {loaded:.0f} s)" if loaded else " (reused)"))
    me = Path(__file__).resolve()
    duck = run_measured(["--part", str(duck_file)], folder, script=me)
    pg = run_measured(["--part", str(pg_file)], folder, script=me)
    for label, found in (("duckdb", duck), ("postgres", pg)):
        if "error" in found:
            print(f"{label}: FAILED {found['error']}")
    if "error" in duck or "error" in pg:
        sys.exit(1)
    version, work_mem, workers, shared, jit = pg["settings"]
    print(f"  {version.split(' on ')[0]}: work_mem {work_mem}, max_parallel_workers_per_gather {workers}, "
          f"shared_buffers {shared}, jit {jit}")
    print(f"  {'engine':10} {'process':>10} {'compute':>10} {'peak RSS':>10}  round trips in compute()")
    for label, found in (("duckdb", duck), ("postgres", pg)):
        trips = (f"{found['round_trips']} ({found['statements']} statements)" if label == "postgres"
                 else "- (in-process)")
        print(f"  {label:10} {found['process_s']:8.2f} s {found['compute_s']:8.2f} s "
              f"{found['process_peak_mb']:7.0f} MB  {trips}")
    print(f"  postgres / duckdb: {pg['process_s'] / duck['process_s']:.2f}x (whole process), "
          f"{pg['compute_s'] / duck['compute_s']:.2f}x (compute)")
    total, differ = compare(duck["numbers"], pg["numbers"])
    print(f"  numbers: {total:,} compared, {len(differ)} different")
    for key in differ[:10]:
        print(f"    {key}: duckdb {duck['numbers'].get(key)!r}, postgres {pg['numbers'].get(key)!r}")
    if args.statements:
        statement_times(pg_file, args.url)
    load = os.getloadavg()
    print(f"  load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    sys.exit(1 if differ else 0)


def statement_times(metrics_path: Path, url: str) -> None:
    """Where the server's time goes: each statement of the deck's message run alone."""
    import psycopg
    from wbr_rows import END

    from dayone.metrics import spec
    from dayone.metrics.compute import Engine

    with Engine(spec.load(metrics_path)) as engine:
        statements = engine.queries(END)["orders"].split(";\n\n")
    print("  each statement alone (PostgreSQL):")
    with psycopg.connect(plain_url(url), autocommit=True) as con:
        con.execute("SET jit = off")  # as the engine's session (metrics/warehouse.py)
        for k, sql in enumerate(statements):
            kind = ("the distinct counts" if "bit_or" in sql else "one value's percentiles" if "fr(k, f)" in sql
                    else "the additive query" if k == 0 else "per layer")
            started = time.perf_counter()
            con.execute(sql).fetchall()
            print(f"    {k}: {time.perf_counter() - started:6.2f} s  {kind}")


if __name__ == "__main__":
    main()
