"""Speed of the writing checker on a six-page narrative (about 3,500 words), warm,
and the ratio to proselint on the same text.

    python benchmarks/checker.py [--runs 50]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from dayone.documents.checks import check_markdown

SENTENCES = [
    "Families buy the same 30 items every two weeks and rebuild that basket by hand.",
    "Our new checkout is significantly faster for many customers.",
    "The reorder page was redesigned recently by the Checkout team.",
    "We measured a median of 14 minutes per basket in the March 2026 study of 2,400 households.",
    "The SLA for the Orders service is 99.9% of requests under 300 ms at p99.",
    "Latency fell from 300 to 120 after the cache went live on 4 February 2026.",
    "We will expand to Canada soon if the pilot in Tacoma meets its goal of 18% repeat purchases.",
    "The team believes that customers want to change at most five items in a repeat basket.",
    "Each basket keeps its items, quantities and substitutions so that a shopper can review it.",
    "Gross margin on reordered baskets is 31%, two points above the average basket.",
    "It costs $400,000 to build and $35,000 a month to run on the current infrastructure.",
    "The Payments team owns saved cards, and we depend on their tokenization service for every order.",
    "Shoppers who reorder place 2.3 orders a month, against 1.6 for those who do not.",
    "We could also offer a subscription, but the data does not yet support it.",
]


def narrative(words: int = 3500, seed: int = 7) -> str:
    rng = random.Random(seed)
    parts = ["---", "type: narrative", "---", "# One-Click Reorder", ""]
    count, paragraph = 0, []
    section = 1
    while count < words:
        sentence = rng.choice(SENTENCES)
        paragraph.append(sentence)
        count += len(sentence.split())
        if len(paragraph) == 5:
            parts += [" ".join(paragraph), ""]
            paragraph = []
            if rng.random() < 0.15:
                section += 1
                parts += [f"## Part {section}", ""]
    parts.append(" ".join(paragraph))
    return "\n".join(parts) + "\n"


def timed(fn: object, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    text = narrative()
    words = len(text.split())
    check_markdown(text)  # warm: imports, compiled patterns, caches
    ours = timed(lambda: check_markdown(text), args.runs)
    result = check_markdown(text)
    print(f"narrative: {words} words, {len(result.findings)} findings")
    print(f"dayone check (estimated pages), warm median of {args.runs}: {ours:.1f} ms  "
          f"(target < 50 ms)")
    check_markdown(text, layout_pages=True)
    layout = timed(lambda: check_markdown(text, layout_pages=True), max(3, args.runs // 10))
    print(f"dayone check (pages laid out with WeasyPrint), warm median: {layout:.1f} ms")
    try:
        from proselint.checks import __register__
        from proselint.tools import CheckRegistry, LintFile

        CheckRegistry().register_many(__register__)  # what proselint's own CLI does first
    except ImportError:
        print("proselint is not installed: pip install proselint for the comparison")
        return
    LintFile("bench.md", text).lint()
    theirs = timed(lambda: LintFile("bench.md", text).lint(), max(3, args.runs // 5))
    print(f"proselint {len(LintFile('bench.md', text).lint())} findings, warm median: {theirs:.1f} ms")
    print(f"ratio proselint / dayone: {theirs / ours:.1f}x")


if __name__ == "__main__":
    main()
