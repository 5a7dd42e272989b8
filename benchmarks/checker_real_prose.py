"""Precision of the writing checker on real documents (tests/documents/real_prose/):
per rule and overall, against an editor's judgment of every finding, and the count of
findings nobody has judged yet.

    python benchmarks/checker_real_prose.py [--unjudged] [--no-workspaces] [--strict]
                                            [--settings FILE.yaml]

--unjudged prints each new finding as a judgments.yaml entry with `verdict: TODO`;
judge it (useful or noise, and a one-line reason) and add it to the file.
--settings checks with workspace rule settings (YAML, as on the Writing rules page),
for instance the rules as they were before calibration, to compare.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from dayone import yamlfile
from dayone.documents.checks import judgments, quality

CORPUS = Path(__file__).parents[1] / "tests" / "documents" / "real_prose"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--unjudged", action="store_true", help="print unjudged findings as entries")
    parser.add_argument("--settings", type=Path, help="workspace rule settings (YAML) for every document")
    parser.add_argument("--strict", action="store_true",
                        help="check with the rules at their strictest, the defaults before calibration")
    parser.add_argument("--minor", action="store_true",
                        help="count the minor findings too (listed after the major ones, marked minor)")
    parser.add_argument("--no-workspaces", action="store_true",
                        help="check at the defaults, without each team's vocabulary (workspaces.yaml)")
    args = parser.parse_args()
    settings = None
    if args.settings:
        settings = yamlfile.load(args.settings.read_text(encoding="utf-8"), file=args.settings.name)
    elif args.strict:
        settings = quality.STRICT_SETTINGS
    docs = judgments.documents(CORPUS)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in docs)
    outcome = judgments.evaluate(CORPUS, settings, use_workspaces=not args.no_workspaces, minor=args.minor)
    print(f"{len(docs)} documents, {words:,} words; {'every finding' if args.minor else 'major findings'}\n")
    print(judgments.report(outcome))
    if args.unjudged and outcome.unjudged:
        entries = [{"document": f.document, "code": f.code, "text": f.text, "sentence": f.sentence_hash,
                    "verdict": "TODO", "reason": f"TODO (line {f.line}: {f.sentence[:120]})"}
                   for f in outcome.unjudged]
        print()
        print(yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=200))


if __name__ == "__main__":
    main()
