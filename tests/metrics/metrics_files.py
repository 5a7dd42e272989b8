"""Metrics files for fuzzing: a valid Day One file and a valid WBR App config (with the data they
read), and hypothesis strategies that damage them — any value at any place replaced by another
value or structure, keys dropped or added, built from the real field names of both formats."""

from __future__ import annotations

import copy
import csv
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

WEEK = date(2026, 11, 21)

DAYONE: dict[str, Any] = {
    "setup": {"week_ending": "saturday", "fiscal_year_end_month": 12, "anomaly_threshold": 3.5, "title": "T",
              "as_of": WEEK},
    "sources": {"d": {"csv": "d.csv", "date_column": "date", "one_row_per_day": True}},
    "metrics": {
        "orders": {"source": "d", "column": "orders", "owner": "max@example.com", "unit": "$", "format": "#,##0",
                   "plan": {"2026-11": 300, WEEK: 70}},
        "sessions": {"source": "d", "column": "sessions", "kind": "input", "drives": ["orders"],
                     "aggregation": "p90", "filter": "orders > 1", "require_complete": True},
        "conversion": {"derived": "ratio", "of": ["orders", "sessions"], "comparison": "bps", "direction": "down"},
    },
    "deck": [{"section": "Customers"}, {"metric": "orders"}, {"metric": "conversion"}],
}

APP: dict[str, Any] = {
    "setup": {"week_ending": "21-NOV-2026", "week_number": 47, "title": "App", "fiscal_year_end_month": "DEC",
              "db_config_url": "connections.yaml"},
    "data_sources": {"csv_files": {"main": {"url_or_path": "d.csv"}}, "pg": {"q1": {"query": "SELECT 1"}}},
    "annotations": ["events.csv"],
    "metrics": {
        "Orders": {"column": "main.orders", "aggf": "sum"},
        "Big": {"filter": {"base_column": "main.orders", "query": "orders > 3 and not sessions in [1, 2]"},
                "aggf": "mean"},
        "Rate": {"function": {"divide": [{"metric": {"name": "Orders"}}, {"metric": {"name": "Big"}}]},
                 "metric_comparison_method": "bps"},
        "Nested": {"function": {"sum": [
            {"metric": {"function": {"difference": [{"metric": {"name": "Orders"}}, {"metric": {"name": "Big"}}]}}},
            {"metric": {"name": "Big"}}]}},
    },
    "deck": [
        {"block": {"ui_type": "6_12Graph", "title": "Orders", "y_scaling": "##.1KK",
                   "metrics": {"Orders": {"line_style": "primary", "graph_prior_year_flag": True,
                                          "legend_name": "All"}, "OrdersYOY": None}}},
        {"block": {"ui_type": "section", "title": "S", "x_axis_monthly_display": "fiscal_year"}},
        {"block": {"ui_type": "6_WeeksTable", "title": "W", "rows": [
            {"row": {"header": "H", "metric": "Orders", "style": "font-weight: bold", "y_scaling": "##"}}]}},
        {"block": {"ui_type": "12_MonthsTable", "rows": [{"row": {"header": "M", "metric": "OrdersMOM"}}]}},
        {"block": {"ui_type": "embedded_content", "source": "https://example.com", "width": "100px",
                   "height": "50px"}},
    ],
}


def write_data(folder: Path) -> Path:
    """The files both configs read: two years of daily data, an events file, a connections file."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "d.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "orders", "sessions"])
        for i in range(800):
            writer.writerow([WEEK - timedelta(days=i), 10 + i % 7, 100])
    (folder / "events.csv").write_text("Date,MetricName,EventDescription\n2026-11-19,Orders,Launch\n")
    (folder / "connections.yaml").write_text(
        "connections:\n  - {name: pg, type: postgres, config: {host: localhost, database: shop}}\n")
    return folder


class _PlainDumper(yaml.SafeDumper):
    """Writes a value used twice out twice: no anchors and aliases (the reader refuses them)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False)


def _names(value: Any) -> set[str]:
    if isinstance(value, dict):
        return {k for k in value if isinstance(k, str)} | {n for v in value.values() for n in _names(v)}
    if isinstance(value, list):
        return {n for v in value for n in _names(v)}
    return {value} if isinstance(value, str) else set()


NAMES = sorted(_names(DAYONE) | _names(APP) | {"table", "parquet", "sql", "database", "derived", "of", "rows",
                                               "row", "block", "section", "metric", "csv_files", "function"})
ODD = ["", " ", "2026-11", "2026-13", "2026-02-30", "25-SEP-2021", "tomorrow", "p90", "p100", "p0", "sum", "ratio",
       "100px", "1" * 30 + "px", "https://x", "../../etc/passwd", "*.parquet", "[", "a\x00b", "x" * 300,
       "~" * 3000 + "x", ".nan", "-.inf", "1e999", "0x1F", "yes"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10, 10**6), st.integers(), st.floats(),
                    st.sampled_from(NAMES), st.sampled_from(ODD), st.text(max_size=8), st.dates(), st.datetimes())
keys = st.one_of(st.sampled_from(NAMES), st.integers(-1, 3), st.booleans(), st.none(), st.dates(), st.text(max_size=6))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(keys, inner, max_size=4)), max_leaves=10)


def _places(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _places(inner, (*here, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            found += _places(inner, (*here, i))
    return found


@st.composite
def damaged(draw: st.DrawFn, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """A valid file with one to three places damaged: replaced, removed, or given an extra key."""
    doc: dict[str, Any] = copy.deepcopy(base if base is not None else draw(st.sampled_from([DAYONE, APP])))
    for _ in range(draw(st.integers(1, 3))):
        place = draw(st.sampled_from(_places(doc)[1:]))
        parent: Any = doc
        for step in place[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "replace", "remove", "add"]))
        if action == "remove":
            del parent[place[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(keys)] = draw(values)
        else:
            parent[place[-1]] = draw(values)
    return doc


metrics_files = st.one_of(damaged().map(dump), st.dictionaries(keys, values, max_size=5).map(dump),
                          values.map(dump), st.text(max_size=200))
"""Text for a metrics file: a damaged valid file, any structure, or any text at all."""
