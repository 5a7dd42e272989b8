"""Statistics checked against an experiment's design before they are stored: every variant and
no other, the primary metric and the guardrails present, counts that stay exact."""

from __future__ import annotations

import difflib
from typing import Any

from dayone.errors import ValidationFailed
from dayone.experiments.models import Experiment
from dayone.findings import Finding, Level, Location

MAX_UNITS = 2**53  # counts stay exact as floats


def check_against_design(experiment: Experiment, table: Any) -> None:
    """The statistics (``table``, a StatisticsTable) name exactly the experiment's variants and
    include its primary metric and guardrails; raises ValidationFailed naming each problem."""
    names = [v["name"] for v in experiment.variants]
    found: list[Finding] = []

    def problem(message: str, suggestion: str | None = None, column: str = "variant") -> None:
        found.append(Finding(Level.ERROR, "experiment-statistics", message,
                             Location(file=table.source, field=column), suggestion))

    for v in table.variants:
        if v not in names:
            near = difflib.get_close_matches(v, names, n=1)
            problem(f"variant {v!r} is not one of the experiment's variants ({', '.join(names)})",
                    f"did you mean {near[0]!r}?" if near else None)
    for v in names:
        if v not in table.variants:
            problem(f"variant {v!r} of the experiment has no rows", "give every variant's statistics")
    wanted = [("primary metric", experiment.primary_metric)] + [("guardrail", g["metric"])
                                                                 for g in experiment.guardrails]
    for what, metric in wanted:
        if metric not in table.metrics:
            near = difflib.get_close_matches(metric, list(table.metrics), n=1)
            problem(f"metric {metric!r} (the {what}) has no rows",
                    f"is {near[0]!r} its name in the file?" if near else "add its rows for every variant", "metric")
    for row in table.rows.values():
        if row.values["n"] > MAX_UNITS:
            problem(f"variant {row.variant!r}, metric {row.metric!r}: n = {row.values['n']:g} is more units than "
                    "can be counted exactly", None, "n")
    said = [f.message + (f" ({f.suggestion})" if f.suggestion else "") for f in found]
    if len(found) == 1:
        raise ValidationFailed(f"{table.source}: {said[0]}; nothing was stored.", details=[f.to_dict() for f in found])
    if found:
        raise ValidationFailed(f"{table.source}: {len(found)} problems against the experiment's design; nothing was "
                               "stored: " + "; ".join(said) + ".", details=[f.to_dict() for f in found])
