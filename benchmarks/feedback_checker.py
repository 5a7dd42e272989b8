"""Precision and recall of each interview-feedback rule on the labelled notes, with the mistakes.

    python benchmarks/feedback_checker.py [--mistakes]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from dayone.documents.checks.feedback import quality

CORPUS = Path(__file__).parents[1] / "tests" / "documents" / "feedback_corpus"

if __name__ == "__main__":
    items = quality.load(CORPUS)
    started = time.perf_counter()
    outcome = quality.evaluate(items)
    took = time.perf_counter() - started
    expected = sum(len(i.expect) for i in items)
    traps = sum(len(i.wrong) for i in items)
    print(f"{len(items)} notes in {len({i.file for i in items})} files, {sum(not i.expect for i in items)} clean; "
          f"{expected} findings expected, {traps} labelled wrong; checked in {took * 1000 / len(items):.1f} ms "
          "a note\n")
    print(quality.report(outcome))
    if "--mistakes" in sys.argv:
        for m in outcome.mistakes:
            print(f"{m.kind:15} {m.item:10} {m.code:24} {m.part:12} {' '.join(m.text.split())[:90]}")
