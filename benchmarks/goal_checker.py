"""Precision and recall of the goal wording rules on goals people wrote
(tests/documents/goal_corpus/), against the labels a reader gave each goal.

    python benchmarks/goal_checker.py [--misses]

--misses lists each wrong call (a finding the labels do not expect, and one they expect
that did not come).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dayone.documents.checks.goals import corpus

CORPUS = Path(__file__).parents[1] / "tests" / "documents" / "goal_corpus"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", action="store_true", help="list every wrong call")
    args = parser.parse_args()
    goals = corpus.load_goals(CORPUS)
    outcome = corpus.evaluate(goals)
    print(f"{len(goals)} goals from {len({g.file for g in goals})} files\n")
    print(corpus.report(outcome))
    if args.misses:
        print()
        print("\n".join(outcome.misses))


if __name__ == "__main__":
    main()
