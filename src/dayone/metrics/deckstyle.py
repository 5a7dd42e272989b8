"""What the deck's blocks give the metrics: a row's plain typographic style, and each
metric's default format from the first block that shows its values."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dayone.metrics.spec import DeckItem, MetricSpec

_STYLE = re.compile(r"^\s*(font-weight|font-style|background-color|text-align|color)\s*:\s*([#\w .,%()-]+?)\s*$")


def safe_style(style: str) -> str:
    """Keep only the plain typographic declarations of a row style (no urls, no layout)."""
    kept = [f"{m.group(1)}: {m.group(2)}" for part in style.split(";") if (m := _STYLE.match(part))
            and "url" not in m.group(2).lower()]
    return "; ".join(kept)


def formats_from_deck(metrics: dict[str, MetricSpec], deck: list[DeckItem]) -> dict[str, MetricSpec]:
    """A metric without a format takes the y_scaling of the first block that shows its values."""
    found: dict[str, str] = {}
    for item in deck:
        for line in item.lines:
            if line.series == "value" and item.y_scaling:
                found.setdefault(line.metric, item.y_scaling)
        for row in item.rows:
            if row.metric and row.series == "value" and row.y_scaling:
                found.setdefault(row.metric, row.y_scaling)
    return {name: replace(m, format=found[name]) if not m.format and name in found else m
            for name, m in metrics.items()}
