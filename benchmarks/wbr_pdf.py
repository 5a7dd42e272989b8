"""The demo company's WBR deck as a PDF: what `GET /wbr/DATE/pdf` and `dayone wbr build --out
deck.pdf` lay out. Target: under 3 s on a 2-core machine. Prints the min and median of a few
runs, each stage, and the page count.

    python benchmarks/wbr_pdf.py [--runs 3] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

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


def one_run(numbers: dict[str, Any], metrics_file: spec.MetricsFile
            ) -> tuple[float, float, list[tuple[str, float]], int]:
    """One PDF laid out from scratch, as render_pdf does: (seconds, CPU seconds, stages, pages).
    The CPU time is the figure to trust on a machine that other work keeps busy."""
    import weasyprint

    stages: list[tuple[str, float]] = []
    started, cpu = time.perf_counter(), time.process_time()
    t = started

    def stage(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        stages.append((name, now - t))
        t = now

    html = wbr_deck.render_html(numbers, metrics_file, for_print=True)
    stage("the deck's print HTML")
    source = weasyprint.HTML(string=html)
    stage("parse the HTML")
    document = source.render()
    stage("style and lay out")
    document.write_pdf()
    stage("draw and write the PDF")
    return time.perf_counter() - started, time.process_time() - cpu, stages, len(document.pages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile of one run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        numbers, metrics_file = demo_deck(Path(tmp))
        import weasyprint

        weasyprint.HTML(string="<p>warm</p>").write_pdf()  # fonts and libraries load once a process
        print(f"demo deck: {len(numbers['metrics'])} metrics, week ending {numbers['week_ending']}")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            one_run(numbers, metrics_file)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
            return
        totals, cpus = [], []
        for run in range(args.runs):
            total, cpu, stages, pages = one_run(numbers, metrics_file)
            totals.append(total)
            cpus.append(cpu)
            print(f"run {run + 1}: {total:5.2f} s (CPU {cpu:.2f} s), {pages} pages  ("
                  + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in stages) + ")")
        print(f"PDF of the demo deck: min {min(totals):.2f} s, median {statistics.median(totals):.2f} s "
              f"over {args.runs} runs (CPU min {min(cpus):.2f} s, median {statistics.median(cpus):.2f} s), "
              f"{pages} pages (target < 3 s)")

if __name__ == "__main__":
    main()
