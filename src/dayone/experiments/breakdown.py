"""Breakdowns by a dimension: the experiment read within each of the dimension's top values, the
rest pooled into "other" (sufficient statistics of disjoint groups of units add exactly).

Breakdowns are exploration: each value is read on its own, with no correction for the many
values looked at, so a value that stands out is a question for a new test, not a result.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dayone.experiments.analysis import AnalysisOptions, analyze
from dayone.experiments.table import StatisticsTable, pool

TOP_VALUES = 5
OTHER = "other"


def units(table: StatisticsTable) -> int:
    """The units in ``table`` across its variants (counted on its first metric)."""
    return int(sum(table.row(v, table.metrics[0]).values["n"] for v in table.variants))


def top_values(values: dict[str, StatisticsTable], top: int = TOP_VALUES,
               ) -> list[tuple[str, StatisticsTable, tuple[str, ...]]]:
    """The ``top`` values with the most units, then the rest pooled into "other" (a single leftover
    value keeps its name): (value, its table, the values pooled into it)."""
    if top < 1:
        raise ValueError(f"top must be at least 1, not {top}")
    ranked = sorted(values.items(), key=lambda item: -units(item[1]))  # stable: ties keep the file's order
    if len(ranked) <= top + 1:
        return [(value, table, ()) for value, table in ranked]
    kept, rest = ranked[:top], ranked[top:]
    name = OTHER if OTHER not in values else f"{OTHER} ({len(rest)} values)"
    pooled = pool([t for _, t in rest], rest[0][1].source)
    return [*((v, t, ()) for v, t in kept), (name, pooled, tuple(v for v, _ in rest))]


def analyze_breakdowns(table: StatisticsTable, options: AnalysisOptions | None = None,
                       top: int = TOP_VALUES) -> list[dict[str, Any]]:
    """Each dimension of ``table``: its top values (and "other") read under ``options``, uncorrected.

    One object per dimension: ``dimension`` and ``values``, each with ``value``, ``pooled`` (the
    values pooled into it), ``units``, ``srm_p_value`` and ``results`` (as the analysis's)."""
    options = replace(options or AnalysisOptions(), correction=None)
    out = []
    for dimension, values in table.breakdowns.items():
        rows = []
        for value, part, pooled in top_values(values, top):
            read = analyze(part, options)
            rows.append({"value": value, "pooled": list(pooled), "units": units(part),
                         "srm_p_value": read.srm.p_value,
                         "results": [r.to_dict(options.engine) for r in read.results]})
        out.append({"dimension": dimension, "values": rows})
    return out
