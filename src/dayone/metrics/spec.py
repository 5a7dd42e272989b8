"""The metrics file: sources, base and derived metrics, the deck — read from YAML,
validated all at once, each problem with its file, line, field and a "did you mean".

Nothing is computed from an invalid file.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dayone.errors import ValidationFailed
from dayone.findings import Finding, Level, Location

AGGREGATIONS = ("sum", "count", "count_distinct", "mean", "min", "max", "first", "last")
PERCENTILE = re.compile(r"^p(\d{1,2}(?:\.\d+)?)$")
DERIVATIONS = ("ratio", "sum", "difference", "product")
COMPARISONS = ("percent", "bps", "absolute")
KINDS = ("input", "output")
DIRECTIONS = ("up", "down")
SOURCE_KINDS = ("csv", "parquet", "sql")


@dataclass(frozen=True)
class SourceSpec:
    name: str
    kind: str  # csv | parquet | sql
    location: str  # a file path (csv, parquet) or a query (sql)
    date_column: str
    database: str | None = None  # for sql: a SQLAlchemy-style URL or a DuckDB-readable path


@dataclass(frozen=True)
class MetricSpec:
    name: str
    kind: str = "output"
    owner: str | None = None
    unit: str = ""
    format: str = ""
    direction: str = "up"
    comparison: str = "percent"
    source: str | None = None
    column: str | None = None  # a column or an expression over the source's columns
    aggregation: str = "sum"
    filter: str | None = None
    derived: str | None = None
    of: tuple[str, ...] = ()
    plan: dict[str, float] = field(default_factory=dict)  # period key (YYYY-MM or YYYY-MM-DD week end) → target
    drives: tuple[str, ...] = ()
    require_complete: bool = False

    @property
    def is_derived(self) -> bool:
        return self.derived is not None


@dataclass(frozen=True)
class DeckItem:
    kind: str  # section | metric
    value: str


@dataclass(frozen=True)
class MetricsFile:
    path: Path | None
    week_ending: str
    fiscal_year_end_month: int
    sources: dict[str, SourceSpec]
    metrics: dict[str, MetricSpec]
    deck: list[DeckItem]
    anomaly_threshold: float = 3.5

    def order(self) -> list[str]:
        """Metric names in dependency order: a derived metric after what it combines."""
        done: list[str] = []

        def visit(name: str) -> None:
            if name in done:
                return
            for part in self.metrics[name].of:
                visit(part)
            done.append(name)

        for name in self.metrics:
            visit(name)
        return done


def _lines(node: yaml.Node, path: tuple[str, ...] = (), out: dict[tuple[str, ...], int] | None = None
           ) -> dict[tuple[str, ...], int]:
    """Each mapping key's 1-based line, by its path."""
    out = {} if out is None else out
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            here = (*path, str(key.value))
            out[here] = key.start_mark.line + 1
            _lines(value, here, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            here = (*path, str(i))
            out[here] = item.start_mark.line + 1
            _lines(item, here, out)
    return out


class _Problems:
    def __init__(self, file: str, lines: dict[tuple[str, ...], int]) -> None:
        self.file, self.lines = file, lines
        self.found: list[Finding] = []

    def add(self, path: tuple[str, ...], message: str, suggestion: str | None = None) -> None:
        line = None
        for cut in range(len(path), 0, -1):
            line = self.lines.get(path[:cut])
            if line:
                break
        self.found.append(Finding(Level.ERROR, "metrics-file", message,
                                  Location(file=self.file, line=line, field=".".join(path)), suggestion))

    def choice(self, path: tuple[str, ...], value: Any, allowed: tuple[str, ...] | list[str], what: str) -> bool:
        if value in allowed:
            return True
        close = difflib.get_close_matches(str(value), list(allowed), n=1)
        self.add(path, f"{'.'.join(path)}: {value!r} is not a {what}.",
                 f"did you mean `{close[0]}`?" if close else f"use one of {', '.join(allowed)}")
        return False


def _is_aggregation(value: str) -> bool:
    return value in AGGREGATIONS or bool(PERCENTILE.match(value) and 0 < float(value[1:]) < 100)


def parse(text: str, *, file: str = "metrics.yaml", base: Path | None = None) -> MetricsFile:
    """Read and validate a metrics file; raise ValidationFailed with every problem at once."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster
    try:
        node = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ValidationFailed(f"{file}: not valid YAML{where}: {getattr(exc, 'problem', exc)}.",
                               details=[{"file": file, "line": mark.line + 1 if mark else None}]) from None
    problems = _Problems(file, _lines(node) if node is not None else {})
    if not isinstance(data, dict):
        problems.add((), f"{file}: expected a mapping with `sources`, `metrics` and `deck`.")
        data = {}
    for key in data:
        problems.choice((str(key),), key, ("setup", "sources", "metrics", "deck"), "top-level section")
    setup = data.get("setup") or {}
    week_ending = str(setup.get("week_ending", "saturday")).lower()
    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    if problems.choice(("setup", "week_ending"), week_ending, (*days, *(d[:3] for d in days)), "weekday"):
        week_ending = next(d for d in days if d.startswith(week_ending[:3]))
    fiscal = setup.get("fiscal_year_end_month", 12)
    if not isinstance(fiscal, int) or not 1 <= fiscal <= 12:
        problems.add(("setup", "fiscal_year_end_month"), "setup.fiscal_year_end_month: give a month number 1-12.")
        fiscal = 12
    threshold = setup.get("anomaly_threshold", 3.5)
    sources = _sources(data.get("sources") or {}, problems, base)
    metrics = _metrics(data.get("metrics") or {}, problems, sources)
    deck = _deck(data.get("deck") or [], problems, metrics)
    if problems.found:
        raise ValidationFailed(f"{file}: {len(problems.found)} problem(s); nothing was computed.",
                               details=[f.to_dict() for f in problems.found])
    return MetricsFile(base / file if base else None, week_ending, fiscal, sources, metrics, deck, float(threshold))


def _sources(raw: Any, problems: _Problems, base: Path | None) -> dict[str, SourceSpec]:
    out: dict[str, SourceSpec] = {}
    if not isinstance(raw, dict):
        problems.add(("sources",), "sources: expected a mapping of source names.")
        return out
    for name, spec in raw.items():
        path = ("sources", str(name))
        if not isinstance(spec, dict):
            problems.add(path, f"sources.{name}: expected csv, parquet or sql with a date_column.")
            continue
        kinds = [k for k in SOURCE_KINDS if k in spec]
        for key in spec:
            problems.choice((*path, str(key)), key, (*SOURCE_KINDS, "date_column", "database"), "source field")
        if len(kinds) != 1:
            problems.add(path, f"sources.{name}: give exactly one of csv, parquet or sql.")
            continue
        kind = kinds[0]
        location = str(spec[kind])
        if kind in ("csv", "parquet") and base is not None and not Path(location).is_absolute():
            location = str(base / location)
        if kind in ("csv", "parquet") and not Path(location).exists():
            problems.add((*path, kind), f"sources.{name}.{kind}: no file {location}.",
                         "paths are relative to the metrics file")
        if "date_column" not in spec:
            problems.add(path, f"sources.{name}: name its date_column.")
        out[str(name)] = SourceSpec(str(name), kind, location, str(spec.get("date_column", "date")),
                                    spec.get("database"))
    return out


METRIC_FIELDS = ("kind", "owner", "unit", "format", "direction", "comparison", "source", "column",
                 "aggregation", "filter", "derived", "of", "plan", "drives", "require_complete")


def _metrics(raw: Any, problems: _Problems, sources: dict[str, SourceSpec]) -> dict[str, MetricSpec]:
    out: dict[str, MetricSpec] = {}
    if not isinstance(raw, dict) or not raw:
        problems.add(("metrics",), "metrics: define at least one metric.")
        return out
    names = [str(n) for n in raw]
    for name, spec in raw.items():
        path = ("metrics", str(name))
        if not isinstance(spec, dict):
            problems.add(path, f"metrics.{name}: expected a mapping.")
            continue
        for key in spec:
            problems.choice((*path, str(key)), key, METRIC_FIELDS, "metric field")
        kind = spec.get("kind", "output")
        problems.choice((*path, "kind"), kind, KINDS, "kind")
        problems.choice((*path, "direction"), spec.get("direction", "up"), DIRECTIONS, "direction")
        problems.choice((*path, "comparison"), spec.get("comparison", "percent"), COMPARISONS, "comparison")
        derived = spec.get("derived")
        of = tuple(str(x) for x in spec.get("of") or ())
        if derived is not None:
            problems.choice((*path, "derived"), derived, DERIVATIONS, "derivation")
            if len(of) < 2 or (derived in ("ratio", "difference") and len(of) != 2):
                problems.add((*path, "of"), f"metrics.{name}.of: {derived} combines "
                             f"{'exactly two' if derived in ('ratio', 'difference') else 'two or more'} metrics.")
            for part in of:
                if part not in names:
                    problems.choice((*path, "of"), part, names, "metric")
        else:
            source = spec.get("source")
            if source is None:
                problems.add(path, f"metrics.{name}: give a source (or derived: and of:).")
            elif str(source) not in sources:
                problems.choice((*path, "source"), str(source), list(sources), "source")
            aggregation = str(spec.get("aggregation", "sum"))
            if not _is_aggregation(aggregation):
                close = difflib.get_close_matches(aggregation, list(AGGREGATIONS), n=1)
                problems.add((*path, "aggregation"), f"metrics.{name}.aggregation: {aggregation!r} is not an "
                             "aggregation.", f"did you mean `{close[0]}`?" if close else
                             f"use {', '.join(AGGREGATIONS)} or a percentile like p90")
            if aggregation != "count" and not spec.get("column"):
                problems.add(path, f"metrics.{name}: give the column (or expression) to aggregate.")
        plan: dict[str, float] = {}
        for period, target in (spec.get("plan") or {}).items():
            try:
                plan[str(period)] = float(target)
            except (TypeError, ValueError):
                problems.add((*path, "plan", str(period)), f"metrics.{name}.plan.{period}: {target!r} is not a number.")
        drives = tuple(str(x) for x in spec.get("drives") or ())
        for target in drives:
            problems.choice((*path, "drives"), target, names, "metric")
        out[str(name)] = MetricSpec(
            name=str(name), kind=str(kind), owner=spec.get("owner"), unit=str(spec.get("unit", "")),
            format=str(spec.get("format", "")), direction=str(spec.get("direction", "up")),
            comparison=str(spec.get("comparison", "percent")), source=spec.get("source"),
            column=spec.get("column"), aggregation=str(spec.get("aggregation", "sum")), filter=spec.get("filter"),
            derived=derived, of=of, plan=plan, drives=drives, require_complete=bool(spec.get("require_complete")))
    _cycles(out, problems)
    return out


def _cycles(metrics: dict[str, MetricSpec], problems: _Problems) -> None:
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        if state.get(name) == 2 or name not in metrics:
            return
        if state.get(name) == 1:
            cycle = [*trail[trail.index(name):], name]
            problems.add(("metrics", name, "of"), "metrics: derived metrics form a cycle: " + " → ".join(cycle) + ".")
            return
        state[name] = 1
        for part in metrics[name].of:
            visit(part, [*trail, name])
        state[name] = 2

    for name in metrics:
        visit(name, [])


def _deck(raw: Any, problems: _Problems, metrics: dict[str, MetricSpec]) -> list[DeckItem]:
    items: list[DeckItem] = []
    if not isinstance(raw, list):
        problems.add(("deck",), "deck: expected a list of `section:` and `metric:` entries.")
        return items
    for i, entry in enumerate(raw):
        path = ("deck", str(i))
        if not isinstance(entry, dict) or len(entry) != 1:
            problems.add(path, "deck: each entry is `section: Title` or `metric: name`.")
            continue
        ((key, value),) = entry.items()
        if key == "metric" and str(value) not in metrics:
            problems.choice((*path, "metric"), str(value), list(metrics), "metric")
        elif key not in ("section", "metric"):
            problems.choice((*path, str(key)), key, ("section", "metric"), "deck entry")
            continue
        items.append(DeckItem(str(key), str(value)))
    if not items:
        items = [DeckItem("metric", name) for name in metrics]
    return items


def load(path: Path) -> MetricsFile:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValidationFailed(f"{path}: no such file.") from None
    except UnicodeDecodeError as exc:
        raise ValidationFailed(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8.") from None
    return parse(text, file=path.name, base=path.parent)
