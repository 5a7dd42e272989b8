"""Compare Day One's numbers with the WBR App's own golden test fixtures.

Usage: python scripts/wbrapp_parity.py PATH/TO/wbr-app/src/unit_test_case/scenario_N [...]

Each scenario folder holds the App's config.yaml, original.csv and testconfig.yml (its expected
numbers). Day One builds the deck from the unchanged config and CSV and compares every number:
the six weeks and twelve months (this year and last), the summary box (the App's comparisons are
×100 or ×10,000, ours are fractions), and the rows of month tables. Differences that
docs/wbr-semantics.md lists on purpose are counted apart: a missing prior year is "—", not 0.0;
a change over an incomplete base (a prior year the data only partly cover) is withheld — and
counted as deliberate only when, compared anyway (``compare_incomplete``), it equals the App's.
"""

from __future__ import annotations

import dataclasses
import math
import sys
from pathlib import Path
from typing import Any

import yaml

from dayone.metrics import spec
from dayone.metrics.compute import Engine
from dayone.metrics.wbrapp import split_series
from dayone.wbr.deck import fiscal_months, prior_values, series_values


def _close(ours: Any, theirs: Any) -> bool:
    if theirs is None or isinstance(theirs, str) or (isinstance(theirs, float) and math.isnan(theirs)):
        return ours is None
    return ours is not None and abs(ours - theirs) <= max(1e-6 * abs(theirs), 0.01)


def check(folder: Path) -> tuple[int, int, int]:
    tests = yaml.safe_load((folder / "testconfig.yml").read_text())["tests"]
    metrics = spec.load(folder / "config.yaml", folder / "original.csv")
    with Engine(metrics) as engine:
        deck = engine.compute()
    anyway = dataclasses.replace(metrics, metrics={name: dataclasses.replace(m, compare_incomplete=True)
                                                   for name, m in metrics.metrics.items()})
    with Engine(anyway) as engine:
        compared = engine.compute()
    agree = differ = deliberate = 0
    for entry in tests:
        found = _pairs(entry["test"], metrics, deck)
        again = _pairs(entry["test"], metrics, compared)
        for (key, ours, theirs), (_, anyway_ours, _) in zip(found, again, strict=True):
            for i, (a, b) in enumerate(zip(ours, theirs, strict=False)):
                if _close(a, b):
                    agree += 1
                elif a is None and b == 0:
                    deliberate += 1  # the App shows 0.0 for a missing base; Day One shows "—"
                elif a is None and i < len(anyway_ours) and _close(anyway_ours[i], b):
                    deliberate += 1  # withheld over an incomplete base; compared anyway, the App's number
                else:
                    differ += 1
                    print(f"{folder.name} {entry['test']['metric_name']} {key}[{i}]: Day One {a}, WBR App {b}")
    return agree, deliberate, differ


def _pairs(test: dict[str, Any], metrics: spec.MetricsFile, deck: dict[str, Any]
           ) -> list[tuple[str, list[Any], list[Any]]]:
    """(what, Day One's numbers, the App's numbers) for one of the App's tests."""
    block = next((b for b in metrics.deck if b.value == test["metric_name"]), None)
    pairs: list[tuple[str, list[Any], list[Any]]] = []
    if block is not None and block.kind == "months_table":
        for key, theirs in test.items():
            if isinstance(theirs, list) and key != "headers":
                name, series = split_series(key, metrics.metrics)
                pairs.append((key, [m.get(series) for m in deck["metrics"][name]["months"]], theirs))
    else:
        metric = block.lines[0].metric if block is not None and block.lines else test["metric_name"]
        report = deck["metrics"][metric]
        months = fiscal_months(deck) if test.get("x_axis_monthly_display") == "fiscal_year" else None
        weeks, month_values = series_values(report, "value", months)
        py_weeks, py_months = prior_values(report, months)
        scale = 10_000 if report["comparison"] == "bps" else 100
        s = report["summary"]
        box = [s["last_week"]["value"], s["last_week"]["wow"], s["last_week"]["yoy"], s["mtd"]["value"],
               s["mtd"]["yoy"], s["qtd"]["value"], s["qtd"]["yoy"], s["ytd"]["value"], s["ytd"]["yoy"]]
        box = [v * scale if v is not None and i in (1, 2, 4, 6, 8) else v for i, v in enumerate(box)]
        pairs += [("cy_6_weeks", weeks, test.get("cy_6_weeks", [])),
                  ("py_6_weeks", py_weeks, test.get("py_6_weeks", [])),
                  ("cy_monthly", month_values, test.get("cy_monthly", [])),
                  ("py_monthly", py_months, test.get("py_monthly", [])),
                  ("box_totals", box, test.get("box_totals", []))]
    return pairs


def main() -> None:
    total = [0, 0, 0]
    for arg in sys.argv[1:]:
        counts = check(Path(arg))
        print(f"{Path(arg).name}: {counts[0]} equal, {counts[1]} deliberately different (— for 0.0 or a partial base), "
              f"{counts[2]} different")
        total = [t + c for t, c in zip(total, counts, strict=True)]
    print(f"all: {total[0]} equal, {total[1]} deliberately different, {total[2]} different")
    sys.exit(1 if total[2] else 0)


if __name__ == "__main__":
    main()
