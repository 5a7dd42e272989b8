"""The demo company's WBR deck as a PDF: what `GET /wbr/DATE/pdf` and `dayone wbr build --out
deck.pdf` lay out. Target: under 3 s on a 2-core machine. Prints, for a few runs, the cold
render (its sections laid out in the worker processes, the contents page last, stitched): wall
time, the CPU time of all the processes and the critical path (the busier worker's sections,
then the longer of the first page and the stitching: the wall time on an idle machine); then
the download after the deck page's pre-render; and the load average, without which no figure
here means much.

    python benchmarks/wbr_pdf.py [--runs 3] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from dayone.demo import metrics as demo_metrics
from dayone.metrics import spec
from dayone.metrics.compute import Engine
from dayone.wbr import deck as wbr_deck


def demo_deck(folder: Path) -> tuple[dict[str, Any], spec.MetricsFile]:
    """The demo company's numbers for its last complete week, and its metrics file."""
    today = date.today()
    last_saturday = today - timedelta(days=(today.weekday() - 5) % 7 or 7)
    metrics_file = spec.load(demo_metrics.write(folder, last_saturday, domain="example.com"))
    engine = Engine(metrics_file)
    try:
        return engine.compute(), metrics_file
    finally:
        engine.close()


def one_run(html: str) -> dict[str, Any]:
    """One cold PDF, as render_pdf lays it out (nothing kept): wall seconds, this process's CPU
    seconds, each part's CPU seconds (in the workers), pages."""
    from dayone.wbr import pdf

    stats: dict[str, Any] = {}
    started, cpu = time.perf_counter(), time.process_time()
    data = pdf.lay_out_parts(html, stats)
    wall, main_cpu = time.perf_counter() - started, time.process_time() - cpu
    # the parts go to the two workers longest first; the busier one bounds the wall time
    workers = [0.0] * pdf.WORKERS
    for seconds in sorted(stats["parts"], reverse=True):
        workers[workers.index(min(workers))] += seconds
    # then a worker lays the first page out while this process copies the sections' pages
    return {"wall": wall, "cpu": main_cpu + sum(stats["parts"]) + stats["front"], "main": main_cpu,
            "path": max(workers) + max(main_cpu, stats["front"]), "pages": len(PdfReader(io.BytesIO(data)).pages)}


def warm_download(html: str) -> tuple[float, float]:
    """The deck page's pre-render, then the download: (seconds the pre-render took in the
    background, seconds the download took)."""
    from dayone.wbr import pdf

    pdf._PDFS.clear()
    started = time.perf_counter()
    job = pdf.prerender(lambda: html)
    assert job is not None
    job.result()
    made = time.perf_counter() - started
    started = time.perf_counter()
    wbr_deck.render_pdf(html)
    return made, time.perf_counter() - started


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile of one run in one process")
    args = parser.parse_args()
    from dayone.wbr import pdf

    with tempfile.TemporaryDirectory() as tmp:
        numbers, metrics_file = demo_deck(Path(tmp))
        html = wbr_deck.render_html(numbers, metrics_file, for_print=True)
        print(f"demo deck: {len(numbers['metrics'])} metrics, week ending {numbers['week_ending']}; {load()}")
        pdf._warm()
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            pdf.lay_out(html)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
            return
        pdf._pool().submit(pdf._warm).result()  # the workers start with the server, not per PDF
        runs = []
        for run in range(args.runs):
            runs.append(one_run(html))
            r = runs[-1]
            print(f"cold run {run + 1}: wall {r['wall']:.2f} s; CPU {r['cpu']:.2f} s in all, critical path "
                  f"{r['path']:.2f} s (the busier worker, then the first page or the stitching, "
                  f"{r['main']:.2f} s); {r['pages']} pages; "
                  f"{load()}")
        walls, paths = [r["wall"] for r in runs], [r["path"] for r in runs]
        print(f"cold PDF of the demo deck: wall min {min(walls):.2f} s, median {statistics.median(walls):.2f} s; "
              f"critical-path CPU min {min(paths):.2f} s, median {statistics.median(paths):.2f} s; total CPU median "
              f"{statistics.median(r['cpu'] for r in runs):.2f} s (target < 3 s)")
        made, download = warm_download(html)
        print(f"after the deck page's pre-render ({made:.2f} s in the background): the download takes "
              f"{download * 1000:.1f} ms; {load()}")


if __name__ == "__main__":
    main()
