"""The interval over time: the experiment read at each date of cumulative statistics.

Always read with the sequential engine (the always-valid confidence sequence), whatever the
experiment's own engine: only an always-valid interval may be looked at day after day. The
statistics at each date are cumulative (every unit up to and including that day).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dayone.experiments.analysis import AnalysisOptions, analyze
from dayone.experiments.table import StatisticsTable


def analyze_timeline(table: StatisticsTable, options: AnalysisOptions | None = None) -> list[dict[str, Any]]:
    """One object per date, ascending: ``date`` and ``results`` (each metric × variant: ``metric``,
    ``variant``, ``n_control``, ``n_variant``, ``effect``, ``ci_low``, ``ci_high``, ``p_value``)."""
    options = replace(options or AnalysisOptions(), engine="sequential", correction=None,
                      prior=AnalysisOptions().prior)
    out = []
    for day, part in table.timeline.items():
        read = analyze(part, options)
        out.append({"date": day.isoformat(), "results": [
            {k: r.to_dict("sequential")[k] for k in ("metric", "variant", "n_control", "n_variant", "effect",
                                                      "ci_low", "ci_high", "p_value", "error")}
            for r in read.results]})
    return out
