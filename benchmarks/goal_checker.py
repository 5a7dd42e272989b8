"""Precision and recall of the goal wording rules on goals people wrote
(tests/documents/goal_corpus/), against the labels a reader gave each goal.

    python benchmarks/goal_checker.py [--misses]

--misses lists each wrong call (a finding the labels do not expect, and one they expect
that did not come). Then the time to check pasted pages of 100,000 characters built from
the shapes that once made the rules quadratic (tests/documents/test_goal_checker.py runs
the same shapes without timing them).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from dayone.documents.checks.goals import check_goal, corpus

CORPUS = Path(__file__).parents[1] / "tests" / "documents" / "goal_corpus"
LONG_SHAPES = ("5 more ", "Improve 2027 than in Q3 2026 of the EU (Ava + Ben) ", "1,", "2027 ")


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
    print("\nlong text (100,000 characters)      seconds")
    for unit in LONG_SHAPES:
        text = unit * (100_000 // len(unit))
        started = time.perf_counter()
        check_goal(text)
        print(f"  {unit.strip()[:32]!r:36} {time.perf_counter() - started:7.2f}")


if __name__ == "__main__":
    main()
