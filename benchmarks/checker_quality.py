"""Precision and recall of each sentence rule on the labelled corpus, with the mistakes.

    python benchmarks/checker_quality.py [--mistakes]
"""

from __future__ import annotations

import sys
from pathlib import Path

from dayone.documents.checks import quality

CORPUS = Path(__file__).parents[1] / "tests" / "documents" / "corpus" / "sentences.yaml"

if __name__ == "__main__":
    items = quality.load(CORPUS)
    scores, mistakes = quality.evaluate(items)
    print(f"{len(items)} sentences, {sum(not i.get('flags') for i in items)} clean\n")
    print(quality.report(scores))
    if "--mistakes" in sys.argv:
        for m in mistakes:
            print(f"{m.kind:15} {m.code:30} {m.text}")
