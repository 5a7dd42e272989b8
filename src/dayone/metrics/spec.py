"""The metrics file: sources, base and derived metrics, the deck — read from YAML,
validated all at once, each problem with its file, line, field and a "did you mean".

Nothing is computed from an invalid file. A data file that is not there (moved, deleted) does
not make the file invalid: data changes after a file is saved, so the engine fails that source
alone and computes the rest (metrics/compute.py).
"""

from __future__ import annotations

import difflib
import glob
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dayone import yamlfile
from dayone.errors import ValidationFailed
from dayone.metrics import csvformat, expressions, references, wbrapp
from dayone.metrics.csvformat import FileFormat
from dayone.metrics.deckstyle import formats_from_deck, safe_style
from dayone.metrics.problems import Problems, as_day, as_number, kind_of, lines
from dayone.metrics.sandbox import Sandbox

_Problems = Problems  # the name the functions below have always used for it

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
    one_row_per_day: bool = False  # daily data: a second row for a day is an error, not a second sale
    format: FileFormat = field(default_factory=FileFormat)  # how its file writes values (metrics/csvformat.py)
    approximate: bool = False  # its distinct counts and percentiles from sketches (APPROXIMABLE)


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
    compare_incomplete: bool = False  # show changes over an incomplete base (marked) instead of withholding them
    approximate: bool = False  # a distinct count or percentile from a sketch, its error bound shown

    @property
    def is_derived(self) -> bool:
        return self.derived is not None

    @property
    def approximable(self) -> bool:
        """A distinct count or a percentile: what ``approximate: true`` computes from a sketch."""
        return self.aggregation == "count_distinct" or _is_percentile(self.aggregation)


@dataclass(frozen=True)
class Line:
    """One line of a chart block: a metric's values (or its yoy / wow / mom series)."""

    metric: str
    series: str = "value"
    style: str = "primary"  # primary | secondary | tertiary | quaternary | target
    prior_year: bool = True
    legend: str = ""


@dataclass(frozen=True)
class Row:
    """One row of a table block; a row without a metric is a header or a spacer."""

    header: str
    metric: str | None = None
    series: str = "value"
    style: str = ""
    y_scaling: str = ""


@dataclass(frozen=True)
class DeckItem:
    kind: str  # section | metric | chart | weeks_table | months_table | embed
    value: str  # the section's or block's title, or the metric's name
    lines: tuple[Line, ...] = ()
    rows: tuple[Row, ...] = ()
    y_scaling: str = ""
    source: str = ""  # embed: the address of the embedded page
    width: int = 0
    height: int = 0
    monthly: str = "trailing_twelve_months"  # or fiscal_year: the months axis of charts and month tables


@dataclass(frozen=True)
class MetricsFile:
    path: Path | None
    week_ending: str
    fiscal_year_end_month: int
    sources: dict[str, SourceSpec]
    metrics: dict[str, MetricSpec]
    deck: list[DeckItem]
    anomaly_threshold: float = 3.0
    title: str = "Weekly Business Review"
    as_of: date | None = None  # the week a WBR App config names in its setup
    data: dict[str, Any] = field(default_factory=dict)  # source name → data given in place of its file
    annotations: tuple[dict[str, str], ...] = ()  # {date, metric, description}
    sandbox: Sandbox = field(default_factory=Sandbox)  # the rules it was read under; the engine applies them too
    holidays: str | None = "US"  # the country whose holidays anomaly flags align between years; None: none

    def additive(self, name: str) -> bool:
        """Whether the metric's period value is the sum of its days' values (sums, counts, and
        sums or differences of them): its plan can be spread over days."""
        metric = self.metrics[name]
        if metric.is_derived:
            return metric.derived in ("sum", "difference") and all(self.additive(p) for p in metric.of)
        return metric.aggregation in ("sum", "count")

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


def _is_aggregation(value: str) -> bool:
    return value in AGGREGATIONS or _is_percentile(value)


def _is_percentile(value: str) -> bool:
    return bool(PERCENTILE.match(value) and 0 < float(value[1:]) < 100)


def parse(text: str, *, file: str = "metrics.yaml", base: Path | None = None, data_file: Path | None = None,
          sandbox: Sandbox | None = None) -> MetricsFile:
    """Read and validate a metrics file; raise ValidationFailed with every problem at once.
    ``sandbox`` says where its sources may read (metrics/sandbox.py); by default, a file on
    the command line's."""
    sandbox = sandbox or Sandbox()
    node = yamlfile.compose(text, file=file)  # parsed once: the node gives each key's line, then the data
    data = yamlfile.construct(node, file=file)
    problems = Problems(file, lines(node) if node is not None else {})
    if not isinstance(data, dict):
        problems.add((), f"{file}: expected a mapping with `sources`, `metrics` and `deck`.")
        data = {}
    if wbrapp.is_app_config(data):
        data = wbrapp.translate(data, problems, base, data_file, sandbox)
    elif data_file is not None:
        problems.add((), f"{file}: --data is for WBR App configs that expect an uploaded CSV; this file names "
                     "its own sources.")
    for key in data:
        problems.choice((str(key),), key, ("setup", "sources", "metrics", "deck", "annotations"),
                        "top-level section")
    setup = problems.mapping(("setup",), data.get("setup"), "{week_ending: saturday}")
    week_ending = str(setup.get("week_ending", "saturday")).lower()
    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    if problems.choice(("setup", "week_ending"), week_ending, (*days, *(d[:3] for d in days)), "weekday"):
        week_ending = next(d for d in days if d.startswith(week_ending[:3]))
    fiscal = setup.get("fiscal_year_end_month", 12)
    if isinstance(fiscal, bool) or not isinstance(fiscal, int) or not 1 <= fiscal <= 12:
        problems.add(("setup", "fiscal_year_end_month"), "setup.fiscal_year_end_month: give a month number 1-12.")
        fiscal = 12
    threshold = as_number(setup.get("anomaly_threshold", 3.0))
    if threshold is None or threshold <= 0:
        problems.add(("setup", "anomaly_threshold"),
                     "setup.anomaly_threshold: give a positive number of SDs, like 3 (the default).")
        threshold = 3.0
    as_of = as_day(setup.get("as_of"))
    if as_of is None and setup.get("as_of") is not None:
        problems.add(("setup", "as_of"), f"setup.as_of: {kind_of(setup.get('as_of'))} is not a date like 2026-11-21.")
    elif as_of is not None and week_ending in days and as_of.strftime("%A").lower() != week_ending:
        problems.add(("setup", "as_of"), f"setup.as_of: {as_of} is a {as_of:%A}, but weeks end on "
                     f"{week_ending.title()}; give a week's last day.")
    title = problems.text(("setup", "title"), setup.get("title"), max_length=200)
    country = setup.get("holidays", "US")
    if (problem := references.check_country(country)) is not None:
        problems.add(("setup", "holidays"), problem)
    country = None if country is None or str(country).lower() == "none" else str(country).upper()
    absent: list[tuple[int, tuple[str, ...], str, str]] = []
    sources = _sources(data.get("sources") or {}, problems, base, sandbox, absent)
    metrics = _metrics(data.get("metrics") or {}, problems, sources)
    deck = _deck(data.get("deck") or [], problems, metrics)
    annotations = _annotations(data.get("annotations"), problems, metrics)
    if problems.found:
        for at, where, message, hint in reversed(absent):  # nothing computes anyway: every problem at once,
            problems.add(where, message, hint)                # in the file's order
            problems.found.insert(at, problems.found.pop())
        raise ValidationFailed(f"{file}: {len(problems.found)} problem(s); nothing was computed.",
                               details=[f.to_dict() for f in problems.found])
    metrics = formats_from_deck(metrics, deck)
    return MetricsFile(base / file if base else None, week_ending, fiscal, sources, metrics, deck, threshold,
                       title=title or "Weekly Business Review", as_of=as_of, annotations=annotations,
                       sandbox=sandbox, holidays=country)


def _annotations(raw: Any, problems: _Problems, metrics: dict[str, MetricSpec]) -> tuple[dict[str, str], ...]:
    """Events shown under a metric's chart: ``- {date: 2026-11-19, metric: orders, description: …}``."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.add(("annotations",), "annotations: expected a list of {date, metric, description}.")
        return ()
    out = []
    for i, note in enumerate(raw):
        path = ("annotations", str(i))
        if not isinstance(note, dict):
            problems.add(path, "annotations: each is {date: 2026-11-19, metric: orders, description: …}.")
            continue
        day = as_day(note.get("date"))
        if day is None:
            problems.add((*path, "date"), f"annotations.{i}.date: {kind_of(note.get('date'))} is not a date like "
                         "2026-11-19.")
        metric = problems.text((*path, "metric"), note.get("metric"), max_length=200)
        if metric is not None and metric not in metrics:
            problems.choice((*path, "metric"), metric, list(metrics), "metric")
        description = problems.text((*path, "description"), note.get("description"), max_length=2000)
        if day is not None and metric is not None:
            out.append({"date": day.isoformat(), "metric": metric, "description": description or ""})
    return tuple(out)


def _sources(raw: Any, problems: _Problems, base: Path | None, sandbox: Sandbox,
             absent: list[tuple[int, tuple[str, ...], str, str]]) -> dict[str, SourceSpec]:
    """The sources. A data file that is not there is not a problem of the file (``absent``
    collects it): data moves after a file is saved, and the engine then fails that source
    alone (metrics/compute.py); saving checks that the file computes (wbr/service.py)."""
    out: dict[str, SourceSpec] = {}
    if not isinstance(raw, dict):
        problems.add(("sources",), "sources: expected a mapping of source names.")
        return out
    for name, spec in raw.items():
        path = ("sources", str(name))
        if not isinstance(name, str):
            problems.add(path, f"sources: {kind_of(name)} is not a source name; write names as text (quote it).")
            continue
        if not isinstance(spec, dict):
            problems.add(path, f"sources.{name}: expected csv, parquet or sql with a date_column.")
            continue
        kinds = [k for k in (*SOURCE_KINDS, "table") if k in spec]
        for key in spec:
            problems.choice((*path, str(key)), key, (*SOURCE_KINDS, "table", "date_column", "database",
                                                   "one_row_per_day", "approximate", *csvformat.FORMAT_FIELDS),
                            "source field")
        if len(kinds) != 1:
            problems.add(path, f"sources.{name}: give exactly one of csv, parquet, sql or table.")
            continue
        kind = kinds[0]
        location = problems.text((*path, kind), spec[kind], max_length=100_000)
        database = problems.text((*path, "database"), spec.get("database"), max_length=2000)
        date_column = problems.text((*path, "date_column"), spec.get("date_column"), max_length=200)
        one_row_per_day = problems.flag((*path, "one_row_per_day"), spec.get("one_row_per_day"), False)
        approximate = problems.flag((*path, "approximate"), spec.get("approximate"), False)
        file_format = csvformat.parse(spec, path, problems, "sql" if kind == "table" else kind)
        if not location:
            if location == "" or spec[kind] is None:  # (a value of the wrong type is reported already)
                problems.add((*path, kind), f"sources.{name}.{kind}: give the {'query' if kind == 'sql' else kind}.")
            continue
        if kind == "table":
            kind, location = "sql", 'SELECT * FROM "' + location.replace('"', '""') + '"'
        if kind == "sql":  # (a database of the wrong type is reported already: checked as none)
            _database(name, {**spec, "database": database}, location, path, problems, sandbox)
        if kind in ("csv", "parquet") and base is not None and not Path(location).is_absolute() \
                and "://" not in location:  # a web address stays one, to be refused as such
            location = str(base / location)
        pattern = kind == "parquet" and any(c in location for c in "*?[")  # a glob of Parquet files
        refused = sandbox.file_problem(location) if kind in ("csv", "parquet") else None
        if refused:
            problems.add((*path, kind), f"sources.{name}.{kind}: {refused}")
        elif kind in ("csv", "parquet") and not _exists(location, pattern):
            absent.append((len(problems.found), (*path, kind), f"sources.{name}.{kind}: no file {location}.",
                           "paths are relative to the metrics file"))
        if spec.get("date_column") in (None, ""):
            problems.add(path, f"sources.{name}: name its date_column.")
        out[name] = SourceSpec(name, kind, location, date_column or "date", database, one_row_per_day, file_format,
                               approximate)
    return out


def _database(name: str, spec: dict[str, Any], query: str, path: tuple[str, ...], problems: _Problems,
              sandbox: Sandbox) -> None:
    """A query source's database (allowed by the sandbox) and its query (one SELECT)."""
    database = spec.get("database")
    problem = sandbox.database_problem(database)
    if problem:
        problems.add((*path, "database") if database else path, f"sources.{name}: {problem}" if not database
                     else f"sources.{name}.database: {problem}")
        return
    dialect = sandbox.dialect(database)
    if dialect is not None:  # else (a ${VAR} URL) the engine checks it before it connects
        try:
            expressions.check_query(query, dialect)
        except expressions.ExpressionRefused as exc:
            field = "sql" if "sql" in spec else "table"
            problems.add((*path, field), f"sources.{name}.{field}: {exc}")


def _exists(location: str, pattern: bool) -> bool:
    """Whether a data file (or, for a pattern, any file) is there; a path the system refuses is not."""
    try:
        return bool(glob.glob(location)) if pattern else Path(location).exists()
    except (OSError, ValueError):  # a name too long, a NUL byte
        return False


METRIC_FIELDS = ("kind", "owner", "unit", "format", "direction", "comparison", "source", "column",
                 "aggregation", "filter", "derived", "of", "plan", "drives", "require_complete",
                 "compare_incomplete", "approximate")


def _metrics(raw: Any, problems: _Problems, sources: dict[str, SourceSpec]) -> dict[str, MetricSpec]:
    out: dict[str, MetricSpec] = {}
    if not isinstance(raw, dict) or not raw:
        problems.add(("metrics",), "metrics: define at least one metric.")
        return out
    names = [str(n) for n in raw]
    for name, spec in raw.items():
        path = ("metrics", str(name))
        if not isinstance(name, str) or not name or len(name) > 200:
            problems.add(path, f"metrics: {kind_of(name)} is not a metric name; write names as text of at most "
                         "200 characters (quote it).")
            continue
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
        of = problems.names((*path, "of"), spec.get("of"))
        source = problems.text((*path, "source"), spec.get("source"), max_length=200)
        column = problems.text((*path, "column"), spec.get("column"))
        where = problems.text((*path, "filter"), spec.get("filter"))
        if derived is not None:
            problems.choice((*path, "derived"), derived, DERIVATIONS, "derivation")
            if len(of) < 2 or (derived in ("ratio", "difference") and len(of) != 2):
                problems.add((*path, "of"), f"metrics.{name}.of: {derived} combines "
                             f"{'exactly two' if derived in ('ratio', 'difference') else 'two or more'} metrics.")
            for part in of:
                if part not in names:
                    problems.choice((*path, "of"), part, names, "metric")
        else:
            if source is None:
                if spec.get("source") is None:
                    problems.add(path, f"metrics.{name}: give a source (or derived: and of:).")
            elif source not in sources:
                problems.choice((*path, "source"), source, list(sources), "source")
            aggregation = str(spec.get("aggregation", "sum"))
            if not _is_aggregation(aggregation):
                close = difflib.get_close_matches(aggregation, list(AGGREGATIONS), n=1)
                problems.add((*path, "aggregation"), f"metrics.{name}.aggregation: {aggregation!r} is not an "
                             "aggregation.", f"did you mean `{close[0]}`?" if close else
                             f"use {', '.join(AGGREGATIONS)} or a percentile like p90")
            if aggregation != "count" and (column == "" or (column is None and spec.get("column") is None)):
                problems.add(path, f"metrics.{name}: give the column (or expression) to aggregate.")
            for key, given in (("column", column), ("filter", where)):  # the allow-list, before any engine
                refused = expressions.problem(given, key) if given else None
                if refused:
                    problems.add((*path, key), f"metrics.{name}.{key}: {refused}")
        plan = _plan(name, spec.get("plan"), problems)
        drives = problems.names((*path, "drives"), spec.get("drives"))
        for target in drives:
            problems.choice((*path, "drives"), target, names, "metric")
        text = {key: problems.text((*path, key), spec.get(key), max_length=limit) or ""
                for key, limit in (("owner", 320), ("unit", 50), ("format", 50))}
        out[name] = MetricSpec(
            name=name, kind=str(kind), owner=text["owner"] or None, unit=text["unit"], format=text["format"],
            direction=str(spec.get("direction", "up")), comparison=str(spec.get("comparison", "percent")),
            source=source, column=column, aggregation=str(spec.get("aggregation", "sum")),
            filter=where or None, derived=None if derived is None else str(derived), of=of, plan=plan,
            drives=drives, require_complete=problems.flag((*path, "require_complete"), spec.get("require_complete"),
                                                          False),
            compare_incomplete=problems.flag((*path, "compare_incomplete"), spec.get("compare_incomplete"), False),
            approximate=problems.flag((*path, "approximate"), spec.get("approximate"), False))
        if out[name].approximate and not out[name].approximable:
            what = "a derived metric follows its parts" if derived is not None else \
                f"{out[name].aggregation} is always computed exactly"
            problems.add((*path, "approximate"), f"metrics.{name}.approximate: only a distinct count or a percentile "
                         f"can be approximate ({what}); remove approximate.")
    _cycles(out, problems)
    return out


PLAN_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _plan(name: str, raw: Any, problems: _Problems) -> dict[str, float]:
    """Targets by month (``YYYY-MM``) or by week (its last day, ``YYYY-MM-DD``)."""
    path = ("metrics", name, "plan")
    plan: dict[str, float] = {}
    for period, target in problems.mapping(path, raw, '{"2026-11": 310000}').items():
        here = (*path, str(period))
        key = period if isinstance(period, str) and PLAN_MONTH.match(period) else None
        day = None if key else as_day(period)
        if key is None and day is None:
            problems.add(here, f"metrics.{name}.plan: {kind_of(period)} is not a month (YYYY-MM) or a week's last "
                         "day (YYYY-MM-DD).", 'quote months: "2026-11"')
            continue
        number = as_number(target)
        if number is None:
            problems.add(here, f"metrics.{name}.plan.{period}: {kind_of(target)} is not a number.")
            continue
        plan[key or day.isoformat()] = number  # type: ignore[union-attr]
    return plan


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
        problems.add(("deck",), "deck: expected a list of `section:`, `metric:` and `block:` entries.")
        return items
    for i, entry in enumerate(raw):
        path = ("deck", str(i))
        if not isinstance(entry, dict) or len(entry) != 1:
            problems.add(path, "deck: each entry is `section: Title`, `metric: name` or `block: {ui_type: …}`.")
            continue
        ((key, value),) = entry.items()
        if key == "block":
            block = _block(value, (*path, "block"), problems, metrics)
            if block is not None:
                items.append(block)
            continue
        if key not in ("section", "metric"):
            problems.choice((*path, str(key)), key, ("section", "metric", "block"), "deck entry")
            continue
        text = problems.text((*path, key), value, max_length=200)
        if text is None:
            if value is None:
                problems.add((*path, key), f"deck: give the {key}'s {'title' if key == 'section' else 'name'}.")
            continue
        if key == "metric" and text not in metrics:
            problems.choice((*path, "metric"), text, list(metrics), "metric")
        items.append(DeckItem(key, text))
    if not items:
        items = [DeckItem("metric", name) for name in metrics]
    return items


def _series(name: str, path: tuple[str, ...], problems: _Problems, metrics: dict[str, MetricSpec]
            ) -> tuple[str, str]:
    metric, series = wbrapp.split_series(name, metrics)
    if metric not in metrics:
        problems.choice(path, name, list(metrics), "metric (or a metric's YOY, WOW or MOM)")
    return metric, series


def _block(raw: Any, path: tuple[str, ...], problems: _Problems, metrics: dict[str, MetricSpec]) -> DeckItem | None:
    """A WBR App deck block: 6_12Graph, 6_WeeksTable, 12_MonthsTable, section or embedded_content."""
    if not isinstance(raw, dict):
        problems.add(path, "deck block: expected a mapping with its ui_type.")
        return None
    ui = str(raw.get("ui_type", ""))
    if not problems.choice((*path, "ui_type"), ui, wbrapp.UI_TYPES, "ui_type"):
        return None
    title = problems.text((*path, "title"), raw.get("title"), max_length=500) or ""
    y_scaling = problems.text((*path, "y_scaling"), raw.get("y_scaling"), max_length=50) or ""
    monthly = str(raw.get("x_axis_monthly_display", "trailing_twelve_months"))
    problems.choice((*path, "x_axis_monthly_display"), monthly, ("trailing_twelve_months", "fiscal_year"),
                    "monthly display")
    if ui == "section":
        return DeckItem("section", title)
    if ui == "embedded_content":
        sizes = []
        for key, default in (("width", "2000px"), ("height", "700px")):
            text = str(raw.get(key, default))
            if not re.fullmatch(r"[0-9]{1,5}px", text):
                problems.add((*path, key), f"deck block {key}: {text!r} is not a size like 700px.")
                text = default
            sizes.append(int(text[:-2]))
        source = problems.text((*path, "source"), raw.get("source"), max_length=2000) or ""
        if not source.startswith(("https://", "http://")):
            problems.add((*path, "source"), f"deck block source: {source!r} is not a web address.")
        name = problems.text((*path, "name"), raw.get("name"), max_length=500)
        return DeckItem("embed", title or name or source, source=source, width=sizes[0], height=sizes[1])
    if ui == "6_12Graph":
        lines = []
        listed = raw.get("metrics")
        if not isinstance(listed, dict) or not listed:
            problems.add(path, "deck block 6_12Graph: list its metrics.")
            return None
        for name, options in listed.items():
            here = (*path, "metrics", str(name))
            options = options if isinstance(options, dict) else {}
            shown, series = _series(str(name), here, problems, metrics)
            style = str(options.get("line_style", "primary"))
            problems.choice((*here, "line_style"), style,
                            ("primary", "secondary", "tertiary", "quaternary", "target"), "line style")
            prior_year = problems.flag((*here, "graph_prior_year_flag"), options.get("graph_prior_year_flag"), True)
            legend = problems.text((*here, "legend_name"), options.get("legend_name"), max_length=500)
            lines.append(Line(shown, series, style, prior_year, legend or str(name)))
        return DeckItem("chart", title, lines=tuple(lines), y_scaling=y_scaling, monthly=monthly)
    rows = []
    listed_rows = raw.get("rows") or []
    if not isinstance(listed_rows, list):
        problems.add((*path, "rows"), f"deck block {ui}: rows is a list of `- row: {{header: …, metric: …}}`.")
        return None
    for j, entry in enumerate(listed_rows):
        row = entry.get("row") if isinstance(entry, dict) else None
        if not isinstance(row, dict):
            problems.add((*path, "rows", str(j)), "deck block rows: each is `- row: {header: …, metric: …}`.")
            continue
        metric: str | None = None
        series = "value"
        if row.get("metric") is not None:
            metric, series = _series(str(row["metric"]), (*path, "rows", str(j), "row", "metric"), problems, metrics)
            if ui == "6_WeeksTable" and series == "mom":
                problems.add((*path, "rows", str(j), "row", "metric"), "a weeks table has no month-over-month row.")
        here = (*path, "rows", str(j), "row")
        rows.append(Row(problems.text((*here, "header"), row.get("header"), max_length=500) or "", metric, series,
                        safe_style(problems.text((*here, "style"), row.get("style"), max_length=500) or ""),
                        problems.text((*here, "y_scaling"), row.get("y_scaling"), max_length=50) or ""))
    if not rows:
        problems.add(path, f"deck block {ui}: give its rows.")
    return DeckItem("weeks_table" if ui == "6_WeeksTable" else "months_table", title, rows=tuple(rows),
                    monthly=monthly)


def load(path: Path, data_file: Path | None = None, *, sandbox: Sandbox | None = None) -> MetricsFile:
    """Read and validate a metrics file on disk (see ``parse``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValidationFailed(f"{path}: no such file.") from None
    except UnicodeDecodeError as exc:
        raise ValidationFailed(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8.") from None
    if data_file is not None and not data_file.is_file():
        raise ValidationFailed(f"--data: no file {data_file}.")
    return parse(text, file=path.name, base=path.parent, data_file=data_file.resolve() if data_file else None,
                 sandbox=sandbox)
