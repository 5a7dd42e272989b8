"""The WBR engine on row-level data: N order rows in one Parquet file, 20 metrics, one deck.

The scaling curve (issue 17): for each size (``--rows 1M,10M,30M,100M``; default 1M,10M) the
engine computes the deck in a fresh process, and the baseline — the engine of git revision
``--baseline`` (default: the commit before the two-pass percentiles), extracted with git
archive — does the same in another; each line gives the whole process's wall time and peak
RSS (``ru_maxrss`` from wait4: start-up, imports, reading the Parquet file and computing),
the speed-up, and every number of the two decks compared (weeks, months, summary boxes).
Target: 100M rows under 15 s and 4 GB on two cores. The machine's load average is printed:
other work on the machine skews the times.

The Parquet files are generated with DuckDB SQL (fast, memory-light) once and kept in --dir
(a folder under the system's temporary folder by default).

    python benchmarks/wbr_rows.py [--rows 1M,10M] [--dir DIR] [--baseline REV|''] [--handwritten]

``--handwritten`` also runs the older comparison at the first size: the engine against one
hand-written DuckDB query computing the same aggregates for the same periods, stage by stage
(peaks read from /proc/self/status, VmHWM, reset through /proc/self/clear_refs).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

END = date(2026, 11, 21)  # a Saturday: the as-of week ending
START = END - timedelta(days=3 * 365)
DAYS = (END - START).days + 1
TARGET_SECONDS, TARGET_GB, TARGET_RATIO = 15.0, 4.0, 2.0
MARK = "@@wbr_rows@@ "
FOLDER = Path(tempfile.gettempdir()) / "dayone-wbr-rows"  # the generated files, kept and reused by every benchmark

# name → (column or expression, aggregation, filter); count has no column
METRICS: dict[str, tuple[str | None, str, str | None]] = {
    "orders": (None, "count", None),
    "revenue": ("amount", "sum", None),
    "units": ("quantity", "sum", None),
    "line_value": ("amount * quantity", "sum", None),
    "aov": ("amount", "mean", None),
    "customers": ("customer_id", "count_distinct", None),
    "products": ("product_id", "count_distinct", None),
    "amount_p50": ("amount", "p50", None),
    "amount_p90": ("amount", "p90", None),
    "amount_p99": ("amount", "p99", None),
    "delivery_p50": ("delivery_hours", "p50", None),
    "delivery_p90": ("delivery_hours", "p90", None),
    "delivery_p99": ("delivery_hours", "p99", None),
    "eu_orders": (None, "count", "region = 'EU'"),
    "eu_revenue": ("amount", "sum", "region = 'EU'"),
    "na_revenue": ("amount", "sum", "region = 'NA'"),
    "eu_customers": ("customer_id", "count_distinct", "region = 'EU'"),
    "returned_orders": (None, "count", "status = 'returned'"),
}
DERIVED = {"revenue_per_customer": ("revenue", "customers"), "eu_share": ("eu_revenue", "revenue")}


# ---- inputs -------------------------------------------------------------------------------------

def generation_sql(rows: int, target: Path) -> str:
    """Deterministic rows from hash(i, k): order dates sorted and growing over time (density ∝ day),
    ~rows/20 customers, 50k products, four regions, a long-tailed amount, 2% undelivered (NULL)."""
    u = "((hash(i, {k}) % 1000000)::DOUBLE + 0.5) / 1e6"  # uniform in (0, 1), k picks the stream
    return f"""
COPY (
  SELECT
    DATE '{START.isoformat()}' + least({DAYS - 1}, floor({DAYS} * sqrt((i + 0.5) / {rows}))::INTEGER)
        AS order_date,
    (hash(i, 1) % {max(rows // 20, 1)})::BIGINT AS customer_id,
    (hash(i, 2) % 50000)::INTEGER AS product_id,
    CASE WHEN hash(i, 3) % 100 < 40 THEN 'NA' WHEN hash(i, 3) % 100 < 70 THEN 'EU'
         WHEN hash(i, 3) % 100 < 90 THEN 'APAC' ELSE 'LATAM' END AS region,
    round(4.99 + 495 * pow({u.format(k=4)}, 3), 2) AS amount,
    (1 + hash(i, 5) % 5)::INTEGER AS quantity,
    CASE WHEN hash(i, 6) % 100 < 2 THEN NULL ELSE 2 + 94 * pow({u.format(k=7)}, 2) END AS delivery_hours,
    CASE WHEN hash(i, 8) % 100 < 5 THEN 'returned' WHEN hash(i, 8) % 100 < 7 THEN 'cancelled'
         ELSE 'delivered' END AS status
  FROM range({rows}) t(i)
) TO '{target}' (FORMAT parquet, COMPRESSION zstd)
"""


def ensure_parquet(folder: Path, rows: int) -> tuple[Path, float | None]:
    """The cached file for ``rows`` rows, generated if missing; returns it and the generation time."""
    import duckdb

    target = folder / f"orders_{rows}.parquet"
    if target.exists():
        return target, None
    partial = target.with_suffix(".partial")
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute(f"SET temp_directory = '{folder / 'duckdb_tmp'}'")
    con.execute(generation_sql(rows, partial))
    con.close()
    partial.rename(target)
    return target, time.perf_counter() - started


def write_metrics(folder: Path, parquet: Path) -> Path:
    lines = ["sources:", f"  orders: {{parquet: {parquet.name}, date_column: order_date}}", "metrics:"]
    for name, (column, aggregation, where) in METRICS.items():
        fields = ["source: orders", f"aggregation: {aggregation}"]
        if column:
            fields.append(f"column: {json.dumps(column)}")
        if where:
            fields.append(f"filter: {json.dumps(where)}")
        lines.append(f"  {name}: {{{', '.join(fields)}}}")
    for name, (a, b) in DERIVED.items():
        lines.append(f"  {name}: {{derived: ratio, of: [{a}, {b}]{', comparison: bps' if name == 'eu_share' else ''}}}")
    path = folder / f"metrics_{parquet.stem}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


# ---- measuring ----------------------------------------------------------------------------------

def peak_mb() -> float:
    """The process's peak RSS since start (or since the last reset_peak), in MB (10^6 bytes)."""
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) * 1024 / 1e6  # type: ignore[union-attr]


def rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) * 1024 / 1e6  # type: ignore[union-attr]


def reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def short(exc: BaseException) -> str:
    """The first line of an error, its middle cut when long (a list of metric names)."""
    text = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    return text if len(text) <= 200 else f"{text[:60]} … {text[-140:]}"


def cpu_since(before: resource.struct_rusage) -> tuple[float, float]:
    """User and system CPU seconds of the process since ``before`` (all threads)."""
    now = resource.getrusage(resource.RUSAGE_SELF)
    return now.ru_utime - before.ru_utime, now.ru_stime - before.ru_stime


class SpillWatch:
    """The most DuckDB holds in spill files during a query, asked of the database itself
    (``duckdb_temporary_files()``) from a second connection every half second."""

    def __init__(self, con: Any) -> None:
        self.cursor = con.cursor() if con is not None else None
        self.most = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while self.cursor is not None and not self.done.wait(0.5):
            try:
                found = self.cursor.execute("SELECT coalesce(sum(size), 0) FROM duckdb_temporary_files()").fetchone()
            except Exception:  # the database is busy closing, or the function is missing
                return
            self.most = max(self.most, int(found[0]) if found else 0)

    def __enter__(self) -> SpillWatch:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.thread.join()


SETTINGS = ("SELECT current_setting('memory_limit'), current_setting('threads'), "
            "coalesce(nullif(current_setting('temp_directory'), ''), '.tmp')")


def part_engine(metrics_path: Path, profile: str | None) -> dict[str, Any]:
    from dayone.metrics import spec
    from dayone.metrics.compute import Engine

    out: dict[str, Any] = {"rss_start": rss_mb()}
    t = time.perf_counter()
    metrics_file = spec.load(metrics_path)
    out["load_s"] = time.perf_counter() - t
    t = time.perf_counter()
    engine = Engine(metrics_file, profile=profile)  # the sandboxed DuckDB is locked: profiling is set up front
    out["construct_s"] = time.perf_counter() - t
    out["construct_peak"] = peak_mb()
    out["rss_before_compute"] = rss_mb()
    out["reset"] = reset_peak()
    t = time.perf_counter()
    con = engine.con  # the in-process DuckDB of the file sources
    out["settings"] = list(con.execute(SETTINGS).fetchone()) if con is not None else None
    spill, cpu = SpillWatch(con), resource.getrusage(resource.RUSAGE_SELF)
    try:
        with spill:
            deck = engine.compute(END)
    except Exception as exc:  # e.g. DuckDB's out-of-memory error: reported, not raised
        out["error"] = short(exc)
        deck = {"metrics": {}}
    out["spill_mb"] = spill.most / 1e6
    out["compute_s"] = time.perf_counter() - t
    out["compute_peak"] = peak_mb()
    out["cpu"] = cpu_since(cpu)
    out["last_week"] = {name: m["weeks"][-1]["value"] for name, m in deck["metrics"].items()}
    out["numbers"] = deck_numbers(deck)
    return out


def deck_numbers(deck: dict[str, Any]) -> dict[str, float]:
    """Every number of the deck's weeks, months and summary boxes, by its path."""
    out: dict[str, float] = {}

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}.{i}")
        elif isinstance(node, int | float) and not isinstance(node, bool):
            out[path] = float(node)

    for name, report in deck["metrics"].items():
        walk({k: report[k] for k in ("weeks", "months", "summary")}, name)
    return out


def periods() -> list[tuple[date, date]]:
    """The spans the engine computes (``Periods`` in compute.py): the trailing weeks, the last six
    weeks' prior-year weeks, 13 months and the prior year of the last 12, MTD/QTD/YTD and their
    prior year. Built here from the calendar so that the baseline does not depend on the engine."""
    from dayone.metrics.calendar import WbrCalendar
    from dayone.metrics.compute import HISTORY_WEEKS

    cal = WbrCalendar.from_names("saturday", 12)
    weeks = cal.trailing_weeks(END, HISTORY_WEEKS)
    months = cal.trailing_months(END, 13)
    todate = [cal.mtd(END), cal.qtd(END), cal.ytd(END)]
    spans = [*weeks, *(cal.prior_year_week(w) for w in weeks[-6:]), *months,
             *(cal.prior_year_month(m) for m in months[1:]), *todate, *(cal.prior_year_span(s) for s in todate)]
    return [(s.start, s.end) for s in dict.fromkeys(spans)]


SQL_AGGREGATES = {"count": "count(*)", "sum": "sum({})", "mean": "avg({})", "count_distinct": "count(DISTINCT {})",
                  "p50": "quantile_cont({}, 0.5)", "p90": "quantile_cont({}, 0.9)", "p99": "quantile_cont({}, 0.99)"}


def handwritten_sql(parquet: Path) -> str:
    """One query, one pass: every period's rows by a range join, each metric's filter as a FILTER clause."""
    columns = []
    for name, (column, aggregation, where) in METRICS.items():
        sql = SQL_AGGREGATES[aggregation].format(f"({column})")
        columns.append(f"{sql}{f' FILTER (WHERE {where})' if where else ''} AS {name}")
    return (f"SELECT p.start, p.stop, count(DISTINCT o.order_date) AS days, {', '.join(columns)} "
            f"FROM periods p JOIN read_parquet('{parquet}') o ON o.order_date BETWEEN p.start AND p.stop "
            "WHERE o.order_date <= ? GROUP BY p.start, p.stop")


def part_handwritten(parquet: Path) -> dict[str, Any]:
    import duckdb

    spans = periods()
    out: dict[str, Any] = {"rss_start": rss_mb(), "periods": len(spans)}
    con = duckdb.connect()
    out["rss_before_compute"] = rss_mb()
    out["reset"] = reset_peak()
    t = time.perf_counter()
    rows: dict[tuple[date, date], dict[str, Any]] = {}
    out["settings"] = list(con.execute(SETTINGS).fetchone() or ())  # DuckDB's defaults
    spill, cpu = SpillWatch(con), resource.getrusage(resource.RUSAGE_SELF)
    try:
        con.execute("CREATE TEMP TABLE periods (start DATE, stop DATE)")
        con.executemany("INSERT INTO periods VALUES (?, ?)", spans)
        with spill:
            cursor = con.execute(handwritten_sql(parquet), [END])
            names = [d[0] for d in cursor.description]
            rows = {(r[0], r[1]): dict(zip(names, r, strict=True)) for r in cursor.fetchall()}
    except duckdb.Error as exc:
        out["error"] = short(exc)
    out["spill_mb"] = spill.most / 1e6
    out["compute_s"] = time.perf_counter() - t
    out["compute_peak"] = peak_mb()
    out["cpu"] = cpu_since(cpu)
    last = (END - timedelta(days=6), END)
    if last not in rows:  # the full query failed: check the engine against the last week alone
        out["checked_by"] = "a query over the last week alone (the full query failed)"
        con.execute("DELETE FROM periods")
        con.execute("INSERT INTO periods VALUES (?, ?)", last)
        cursor = con.execute(handwritten_sql(parquet), [END])
        names = [d[0] for d in cursor.description]
        rows = {(r[0], r[1]): dict(zip(names, r, strict=True)) for r in cursor.fetchall()}
    week = rows[last]
    values: dict[str, float | None] = {name: None if week[name] is None else float(week[name]) for name in METRICS}
    for name, (a, b) in DERIVED.items():
        x, y = values[a], values[b]
        values[name] = None if x is None or not y else x / y
    out["last_week"] = values
    return out


def run_part(args: list[str], folder: Path) -> dict[str, Any]:
    """Run one part in a fresh interpreter, in a working directory of its own under ``folder``
    (DuckDB's default spill directory is ./.tmp), removed afterwards."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with tempfile.TemporaryDirectory(dir=folder, prefix="part_") as cwd:
        done = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], capture_output=True,
                              text=True, env=env, cwd=cwd, check=False)
    if done.returncode != 0:
        sys.exit(f"part {args[:2]} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    line = next(x for x in reversed(done.stdout.splitlines()) if x.startswith(MARK))
    return json.loads(line[len(MARK):])


def same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


# ---- report -------------------------------------------------------------------------------------

def figure(part: dict[str, Any], seconds: float, peak: float) -> str:
    text = f"{seconds:7.2f} s  {peak / 1000:7.2f} GB"
    if part.get("cpu"):
        text += f"  (CPU {part['cpu'][0]:.0f} s user + {part['cpu'][1]:.0f} s system)"
    if part.get("spill_mb"):
        text += f"  (+{part['spill_mb'] / 1000:.1f} GB spilled to disk)"
    if part.get("error"):
        text += f"  FAILED: {part['error']}"
    return text


def report(rows: int, parquet: Path, generated: float | None, engine: dict[str, Any], hand: dict[str, Any],
           load: float) -> bool:
    print(f"{rows:,} order rows ({START} .. {END}), {parquet.stat().st_size / 1e9:.2f} GB Parquet at {parquet}"
          + (f", generated in {generated:.1f} s" if generated is not None else " (cached)"))
    print(f"{len(METRICS) + len(DERIVED)} metrics ({len(DERIVED)} derived), week ending {END}, "
          f"{hand['periods']} periods, {os.cpu_count()} cores, load average {load:.1f} at the start")
    for label, part in (("engine", engine), ("hand-written (DuckDB defaults)", hand)):
        if part.get("settings"):
            limit, threads, spill = part["settings"]
            print(f"  DuckDB of the {label}: memory_limit {limit}, {threads} threads, spills to {spill}")
    if not (engine["reset"] and hand["reset"]):
        print("  (peak RSS could not be reset between stages: compute peaks include start-up)")
    print(f"  {'stage':44} {'time':>9} {'peak RSS':>10}")
    print(f"  {'read and validate the metrics file':44} {engine['load_s'] * 1000:7.0f} ms")
    construct = figure({}, engine["construct_s"], engine["construct_peak"])
    print(f"  {'Engine construction (register source)':44} {construct}")
    print(f"  {'engine.compute()':44} {figure(engine, engine['compute_s'], engine['compute_peak'])}")
    total = engine["load_s"] + engine["construct_s"] + engine["compute_s"]
    peak = max(engine["construct_peak"], engine["compute_peak"])
    print(f"  {'engine total':44} {figure({}, total, peak)}")
    print(f"  {'hand-written DuckDB query (same periods)':44} {figure(hand, hand['compute_s'], hand['compute_peak'])}")
    ratio = total / hand["compute_s"]
    note = ""
    if "error" in hand and "error" not in engine:
        note = f"  n/a: the hand-written query failed after {hand['compute_s']:.0f} s"
    elif "error" in engine:
        note = "  n/a: the engine failed"
    print(f"  {'ratio engine / hand-written':44} {ratio:7.2f} x  (compute only "
          f"{engine['compute_s'] / hand['compute_s']:.2f} x; peak memory {peak / hand['compute_peak']:.2f} x)" + note)
    print(f"  (RSS before compute: engine {engine['rss_before_compute']:.0f} MB, "
          f"hand-written {hand['rss_before_compute']:.0f} MB)")
    ok = "error" not in engine
    ratio_ok = "PASS" if ok and "error" not in hand and ratio <= TARGET_RATIO else \
        "n/a (the hand-written query failed)" if ok and "error" in hand else "FAIL"
    fast, small = ok and total < TARGET_SECONDS, ok and peak / 1000 < TARGET_GB
    verdict = {
        f"time   < {TARGET_SECONDS:.0f} s ": (f"{total:7.2f} s ", "PASS" if fast else "FAIL"),
        f"memory < {TARGET_GB:.0f} GB": (f"{peak / 1000:7.2f} GB", "PASS" if small else "FAIL"),
        f"ratio  <= {TARGET_RATIO:.0f}x ": (f"{ratio:7.2f} x ", ratio_ok),
    }
    print("targets" + ("" if rows == 100_000_000 else " (set for 100M rows)") + ":")
    for label, (shown, verdict_text) in verdict.items():
        print(f"  {label}   {shown}  {verdict_text}")
    week = f"{END - timedelta(days=6)} .. {END}"
    if not ok:
        print(f"last week ({week}): not compared, the engine failed")
        return False
    if hand.get("checked_by"):
        print(f"  (hand-written numbers below from {hand['checked_by']})")
    print(f"last week ({week}): {'engine':>22} {'hand-written':>22}")
    all_ok = True
    for name, value in engine["last_week"].items():
        theirs = hand["last_week"].get(name)
        same_value = same(value, theirs)
        all_ok = all_ok and same_value
        print(f"  {name:22} {value!s:>22} {theirs!s:>22}  {'OK' if same_value else 'MISMATCH'}")
    return all_ok


BASELINE = "f176bec"  # the engine before the two-pass percentiles and segment bitmaps (issue 17)
REPO = Path(__file__).resolve().parents[1]


def sizes(text: str) -> list[int]:
    """``1M,10M,30M,100M`` (or plain numbers, ``10_000_000``) as row counts."""
    out = []
    for part in text.split(","):
        part = part.strip().replace("_", "").upper()
        scale = {"K": 1_000, "M": 1_000_000}.get(part[-1:], 1)
        out.append(int(float(part.rstrip("KM")) * scale))
    return out


def run_measured(args: list[str], folder: Path, pythonpath: str | None = None, script: Path | None = None
                 ) -> dict[str, Any]:
    """One part in a fresh interpreter (this script, or ``script``): its own figures, plus the whole
    process's wall time and peak RSS (``ru_maxrss`` of that child, from wait4) — start-up, imports
    and Parquet reads included."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    with tempfile.TemporaryDirectory(dir=folder, prefix="part_") as cwd, \
            tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, str(script or Path(__file__).resolve()), *args], stdout=out,
                                 stderr=err, env=env, cwd=cwd)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if child.returncode != 0:
        return {"error": f"exit {child.returncode}: {(stderr.strip().splitlines() or [''])[-1][:200]}",
                "process_s": wall, "process_peak_mb": usage.ru_maxrss / 1000}
    line = next(x for x in reversed(stdout.splitlines()) if x.startswith(MARK))
    part = json.loads(line[len(MARK):])
    part.update(process_s=wall, process_peak_mb=usage.ru_maxrss * 1024 / 1e6)
    return part


def baseline_src(folder: Path, ref: str) -> str:
    """The ``src`` of git revision ``ref`` (git archive), extracted once into ``folder``."""
    target = folder / f"baseline_{ref}"
    if not (target / "src" / "dayone").is_dir():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(REPO), "archive", ref, "src"], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return str(target / "src")


def compare(a: dict[str, float], b: dict[str, float]) -> tuple[int, list[str]]:
    """How many of the deck's numbers both have, and those that differ (beyond 1e-9 relative:
    a parallel sum may add in another order)."""
    keys = sorted(set(a) | set(b))
    return len(keys), [k for k in keys if k not in a or k not in b or not same(a[k], b[k])]


def warm(path: Path) -> float:
    """Read ``path`` once (into the page cache), so that the engine and the baseline, run one
    after the other, both read it from memory; the seconds it took (from disk when it was cold:
    this machine read the 1.7 GB file of 100M rows in 3.6 s cold, 0.3 s warm)."""
    started = time.perf_counter()
    with path.open("rb") as handle:
        while handle.read(1 << 24):
            pass
    return time.perf_counter() - started


def scaling(args: argparse.Namespace, folder: Path) -> bool:
    """Each size: the engine and the baseline, each in its own process, side by side."""
    load = os.getloadavg()
    print(f"{len(METRICS) + len(DERIVED)} metrics ({len(DERIVED)} derived: 3 distinct counts, 6 percentiles), "
          f"week ending {END}, {os.cpu_count()} cores; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"data in {folder}")
    base = baseline_src(folder, args.baseline) if args.baseline else None
    header = f"{'rows':>12}  {'engine':>24}  {'baseline ' + (args.baseline or '(none)'):>26}  {'speed-up':>8}  numbers"
    print(header)
    ok = True
    for rows in args.rows:
        parquet, generated = ensure_parquet(folder, rows)
        metrics_path = write_metrics(folder, parquet)
        read = warm(parquet)
        engine = run_measured(["--part", "engine", "--file", str(metrics_path)], folder)
        old = run_measured(["--part", "engine", "--file", str(metrics_path)], folder, base) if base else None

        def cell(part: dict[str, Any] | None) -> str:
            if part is None:
                return "-"
            if "error" in part:
                return f"FAILED ({part['error'][:40]})"
            return f"{part['process_s']:6.2f} s {part['process_peak_mb'] / 1000:5.2f} GB"

        checked = "-"
        if old and "error" not in old and "error" not in engine:
            total, differ = compare(engine["numbers"], old["numbers"])
            checked = f"{total:,} compared, {len(differ)} different" + (f" ({', '.join(differ[:3])})" if differ else "")
            ok = ok and not differ
        speed = (f"{old['process_s'] / engine['process_s']:6.2f}x" if old and "error" not in old
                 and "error" not in engine else "-")
        ok = ok and "error" not in engine
        print(f"{rows:>12,}  {cell(engine):>24}  {cell(old):>26}  {speed:>8}  {checked}"
              + (f"  (data generated in {generated:.0f} s)" if generated else ""))
        print(f"{'':>12}  the file ({parquet.stat().st_size / 1e9:.2f} GB) read once before both, in {read:.1f} s, so "
              "that each starts with it in the page cache")
        for label, part in (("engine", engine), ("baseline", old)):
            if part is not None and "error" not in part:
                print(f"{'':>12}  {label}: compute {part['compute_s']:.2f} s, CPU {sum(part['cpu']):.1f} s (user + "
                      f"system, all threads); load, construct and compute "
                      f"{part['load_s'] + part['construct_s'] + part['compute_s']:.2f} s of the process")
    if 100_000_000 in args.rows:
        load = os.getloadavg()
        print(f"targets at 100M rows: under {TARGET_SECONDS:.0f} s and {TARGET_GB:.0f} GB (whole process); "
              f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=sizes, default=[1_000_000, 10_000_000],
                        help="sizes, comma-separated: 1M,10M,30M,100M (default 1M,10M)")
    parser.add_argument("--dir", type=Path, default=FOLDER,
                        help="where the generated files are kept and reused")
    parser.add_argument("--baseline", default=BASELINE, help="git revision whose engine runs beside ('' for none)")
    parser.add_argument("--handwritten", action="store_true",
                        help="also run one hand-written DuckDB query (the first size only; slow, and out of memory "
                             "at 100M)")
    parser.add_argument("--repeat", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--profile", help="write the DuckDB JSON profile of the engine's queries to this file")
    parser.add_argument("--part", choices=("engine", "handwritten"), help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.part == "engine":
        print(MARK + json.dumps(part_engine(args.file, args.profile)))
        return
    if args.part == "handwritten":
        print(MARK + json.dumps(part_handwritten(args.file)))
        return

    folder = args.dir.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    ok = scaling(args, folder)
    if args.handwritten:
        rows = args.rows[0]
        parquet, generated = ensure_parquet(folder, rows)
        metrics_path = write_metrics(folder, parquet)
        load = os.getloadavg()[0]
        profile = ["--profile", str(Path(args.profile).resolve())] if args.profile else []
        runs = [(run_part(["--part", "engine", "--file", str(metrics_path), *profile], folder),
                 run_part(["--part", "handwritten", "--file", str(parquet)], folder)) for _ in range(args.repeat)]
        engine = min((e for e, _ in runs), key=lambda part: part["compute_s"])
        hand = min((h for _, h in runs), key=lambda part: part["compute_s"])
        ok = report(rows, parquet, generated, engine, hand, load) and ok
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
