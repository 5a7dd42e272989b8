"""The statistics CSV: one row per variant and metric, checked before any number is computed.

Columns: ``variant, metric, n, sum, sum_squares``; for a ratio metric also
``denominator_sum, denominator_sum_squares, cross_sum``; for CUPED also
``pre_sum, pre_sum_squares, pre_cross_sum``. The first variant named is the control.
Optional labels slice the statistics: ``dimension`` and ``dimension_value`` (a breakdown:
the units of that value only) or ``date`` (the cumulative statistics up to that day, for
the interval over time). Rows with no label are the whole experiment; without any, the
whole is the latest date's rows, else the sum over the first dimension's values.
Every problem in the file is collected (file, line, column and what to do) and raised
together as one `ValidationFailed`; nothing is computed from a file with any.
"""

from __future__ import annotations

import csv
import difflib
import io
import itertools
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dayone.errors import ValidationFailed
from dayone.findings import Finding, Level, Location

REQUIRED = ("variant", "metric", "n", "sum", "sum_squares")
RATIO = ("denominator_sum", "denominator_sum_squares", "cross_sum")
CUPED = ("pre_sum", "pre_sum_squares", "pre_cross_sum")
NUMBERS = ("n", "sum", "sum_squares", *RATIO, *CUPED)
COLUMNS = (*REQUIRED, *RATIO, *CUPED)
LABELS = ("dimension", "dimension_value", "date")
WHOLE: tuple[str, str, date | None] = ("", "", None)  # the slice of rows with no label
TOLERANCE = 1e-9  # relative slack for sums written with rounding


@dataclass(frozen=True)
class StatisticsRow:
    """One variant's statistics for one metric, as read (numbers are floats; ``n`` is whole)."""

    variant: str
    metric: str
    values: dict[str, float]
    line: int
    dimension: str = ""
    dimension_value: str = ""
    day: date | None = None

    @property
    def slice(self) -> tuple[str, str, date | None]:
        return (self.dimension, self.dimension_value, self.day)

    @property
    def kind(self) -> str:
        return "ratio" if "denominator_sum" in self.values else "cuped" if "pre_sum" in self.values else "mean"


@dataclass(frozen=True)
class StatisticsTable:
    """A checked statistics file: variants in order (the first is the control), metrics in order."""

    source: str
    variants: tuple[str, ...]
    metrics: tuple[str, ...]
    rows: dict[tuple[str, str], StatisticsRow] = field(repr=False)
    # dimension → value → that value's table, in the file's order
    breakdowns: dict[str, dict[str, StatisticsTable]] = field(default_factory=dict, repr=False)
    timeline: dict[date, StatisticsTable] = field(default_factory=dict, repr=False)  # by date, ascending

    def row(self, variant: str, metric: str) -> StatisticsRow:
        return self.rows[(variant, metric)]

    def kind(self, metric: str) -> str:
        """``mean``, ``ratio`` or ``cuped``: the same in every variant (checked when read)."""
        return self.rows[(self.variants[0], metric)].kind


class _Problems:
    def __init__(self, source: str, what: str = "the statistics") -> None:
        self.source, self.what, self.found = source, what, list[Finding]()

    def add(self, line: int | None, column: str | None, message: str, suggestion: str | None = None) -> None:
        text = f"column {column}: {message}" if column else message
        self.found.append(Finding(Level.ERROR, "experiment-statistics", text,
                                  Location(file=self.source, line=line, field=column), suggestion))

    def raise_if_any(self) -> None:
        """One problem: its whole sentence. Several: a count, each listed (file:line: …) in the details."""
        if not self.found:
            return
        if len(self.found) == 1:
            only = self.found[0]
            where = f"{self.source}, line {only.location.line}" if only.location.line else self.source
            hint = f" ({only.suggestion})" if only.suggestion else ""
            raise ValidationFailed(f"{where}: {only.message}{hint}", details=[only.to_dict()])
        raise ValidationFailed(f"{self.source}: {len(self.found)} problems in {self.what} (listed above); "
                               "nothing was computed", details=[f.to_dict() for f in self.found])


def read_table(path: Path) -> StatisticsTable:
    """Read and check the statistics CSV at ``path``."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ValidationFailed(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise ValidationFailed(f"{path}: not a UTF-8 text file; save the statistics as CSV in UTF-8") from None
    except OSError as exc:
        raise ValidationFailed(f"{path}: cannot be read ({exc.strerror})") from None
    return parse_table(text, str(path))


def _number(raw: str, column: str, line: int, problems: _Problems) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        problems.add(line, column, f"{raw!r} is not a number")
        return None
    if not math.isfinite(value):
        problems.add(line, column, f"{raw!r} is not a finite number")
        return None
    return value


def _check_group(values: dict[str, float], n: float, names: tuple[str, str], line: int,
                 problems: _Problems) -> None:
    """A sum of squares must be ≥ 0 and ≥ sum²/n (Cauchy–Schwarz)."""
    total, squares = values[names[0]], values[names[1]]
    if squares < 0:
        problems.add(line, names[1], f"{squares:g} is negative; a sum of squares cannot be")
    elif total**2 > n * squares * (1 + TOLERANCE) + TOLERANCE:
        problems.add(line, names[1], f"{squares:g} is impossible for {names[0]} {total:g} over n {n:g}: "
                     f"a sum of squares is at least sum²/n = {total**2 / n:g}",
                     "give the sum of the squared values (Σx²), not a variance or a standard deviation")


def _check_cross(values: dict[str, float], n: float, x: tuple[str, str], y: tuple[str, str], cross: str,
                 line: int, problems: _Problems) -> None:
    """A cross-product's covariance cannot exceed the two variances' geometric mean."""
    sx, sy, sxx, syy, sxy = values[x[0]], values[y[0]], values[x[1]], values[y[1]], values[cross]
    covariance, var_x, var_y = n * sxy - sx * sy, n * sxx - sx**2, n * syy - sy**2
    if var_x < 0 or var_y < 0:
        return  # reported already
    if covariance**2 > var_x * var_y * (1 + TOLERANCE) + TOLERANCE * (1 + abs(n * sxy)) ** 2:
        problems.add(line, cross, f"{sxy:g} is impossible with those sums and sums of squares "
                     "(the correlation it implies is beyond ±1)", f"give Σ({x[0]}·{y[0]}) per unit, summed")


def _labels(record: dict[str, str], line: int, problems: _Problems) -> tuple[str, str, date | None]:
    """The row's slice: a dimension and its value, or a date, or neither (the whole experiment)."""
    dimension, value = (record.get("dimension") or "").strip(), (record.get("dimension_value") or "").strip()
    raw_day, day = (record.get("date") or "").strip(), None
    if bool(dimension) != bool(value):
        problems.add(line, "dimension_value" if dimension else "dimension",
                     "is empty; a breakdown row needs both the dimension (e.g. country) and its value (e.g. FR)")
    if raw_day:
        try:
            day = date.fromisoformat(raw_day)
        except ValueError:
            problems.add(line, "date", f"{raw_day!r} is not a date; write it as YYYY-MM-DD")
        if dimension or value:
            problems.add(line, None, "a row is either a breakdown (dimension) or a day's statistics (date), not both")
    return dimension, value, day


def _read_row(record: dict[str, str], line: int, problems: _Problems) -> StatisticsRow | None:
    before = len(problems.found)
    labels = _labels(record, line, problems)
    names = {}
    for column in ("variant", "metric"):
        names[column] = record[column].strip()
        if not names[column]:
            problems.add(line, column, "is empty; name the " + column)
    values: dict[str, float] = {}
    for column in NUMBERS:
        raw = (record.get(column) or "").strip()
        if not raw:
            if column in REQUIRED:
                problems.add(line, column, "is empty; give a number")
            continue
        if (value := _number(raw, column, line, problems)) is not None:
            values[column] = value
    for group, what in ((RATIO, "a ratio metric"), (CUPED, "CUPED")):
        given = [c for c in group if (record.get(c) or "").strip()]
        if given and len(given) < len(group):
            missing = [c for c in group if c not in given]
            problems.add(line, missing[0], f"is empty, but {what} needs all of {', '.join(group)}")
    if any((record.get(c) or "").strip() for c in RATIO) and any((record.get(c) or "").strip() for c in CUPED):
        problems.add(line, None, "a row is either a ratio metric or has CUPED's pre-period columns, not both "
                     "(CUPED for ratio metrics needs cross-products this table does not carry)")
    if len(problems.found) > before:
        return None
    n = values["n"]
    if n < 0:
        problems.add(line, "n", f"{n:g} is negative; a count of units cannot be")
    elif n != int(n):
        problems.add(line, "n", f"{n:g} is not a whole number of units")
    elif n == 0:
        problems.add(line, "n", f"variant {names['variant']!r} has no units for metric {names['metric']!r}",
                     "check the assignment: every variant needs units before it can be compared")
    elif n == 1:
        problems.add(line, "n", "1 unit gives no variance; a variant needs at least 2")
    else:
        _check_group(values, n, ("sum", "sum_squares"), line, problems)
        if "denominator_sum" in values:
            _check_group(values, n, ("denominator_sum", "denominator_sum_squares"), line, problems)
            if values["denominator_sum"] == 0:
                problems.add(line, "denominator_sum", "is 0; a ratio needs a denominator other than 0")
            _check_cross(values, n, ("sum", "sum_squares"), ("denominator_sum", "denominator_sum_squares"),
                         "cross_sum", line, problems)
        if "pre_sum" in values:
            _check_group(values, n, ("pre_sum", "pre_sum_squares"), line, problems)
            _check_cross(values, n, ("sum", "sum_squares"), ("pre_sum", "pre_sum_squares"), "pre_cross_sum",
                         line, problems)
    if len(problems.found) > before:
        return None
    return StatisticsRow(names["variant"], names["metric"], values, line, *labels)


def _header(header: list[str], problems: _Problems) -> list[str] | None:
    names = [h.strip() for h in header]
    for name in names:
        if name not in COLUMNS and name not in LABELS:
            near = difflib.get_close_matches(name, (*COLUMNS, *LABELS), n=1)
            problems.add(1, name or "(blank)", "is not a column of the statistics table",
                         f"did you mean {near[0]!r}?" if near else f"the columns are {', '.join(COLUMNS)}")
    for name in {n for n in names if names.count(n) > 1}:
        problems.add(1, name, "appears twice in the header")
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        problems.add(1, None, f"missing column{'s' * (len(missing) > 1)} {', '.join(missing)}; "
                     f"the table needs {', '.join(REQUIRED)}")
    return None if problems.found else names


def parse_table(text: str, source: str = "<statistics>") -> StatisticsTable:
    """Parse and check a statistics CSV held in ``text``; ``source`` names it in messages."""
    problems = _Problems(source)
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    by_slice: dict[tuple[str, str, date | None], dict[tuple[str, str], StatisticsRow]] = {}
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            problems.add(None, None, "is empty; the first line must name the columns: " + ", ".join(REQUIRED))
            problems.raise_if_any()
        assert header is not None
        names = _header(header, problems)
        problems.raise_if_any()
        assert names is not None
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(names):
                problems.add(line, None, f"has {len(cells)} cells but the header names {len(names)} columns")
                continue
            row = _read_row(dict(zip(names, cells, strict=True)), line, problems)
            if row is None:
                continue
            rows = by_slice.setdefault(row.slice, {})
            if (row.variant, row.metric) in rows:
                where = f" for {slice_name(row.slice)}" if row.slice != WHOLE else ""
                problems.add(line, None, f"variant {row.variant!r} and metric {row.metric!r} already have a row"
                             f"{where} (line {rows[(row.variant, row.metric)].line}); give each pair once")
                continue
            rows[(row.variant, row.metric)] = row
    except csv.Error as exc:
        problems.add(reader.line_num, None, f"is not valid CSV ({exc})")
    problems.raise_if_any()
    return _assemble(source, by_slice, problems)


def slice_name(key: tuple[str, str, date | None]) -> str:
    """``country = FR``, ``date 2026-11-02`` or ``the whole experiment``."""
    dimension, value, day = key
    return f"{dimension} = {value}" if dimension else f"date {day}" if day else "the whole experiment"


def _of_rows(source: str, rows: dict[tuple[str, str], StatisticsRow]) -> StatisticsTable:
    return StatisticsTable(source, tuple(dict.fromkeys(r.variant for r in rows.values())),
                           tuple(dict.fromkeys(r.metric for r in rows.values())), rows)


def pool(tables: list[StatisticsTable], source: str) -> StatisticsTable:
    """The tables' statistics added together (sufficient statistics of disjoint groups of units add
    exactly): each variant and metric of the first table, summed over all of them."""
    first = tables[0]
    rows = {}
    for key, row in first.rows.items():
        values = {name: math.fsum(t.rows[key].values[name] for t in tables) for name in row.values}
        rows[key] = StatisticsRow(row.variant, row.metric, values, 0)
    return StatisticsTable(source, first.variants, first.metrics, rows)


def _assemble(source: str, by_slice: dict[tuple[str, str, date | None], dict[tuple[str, str], StatisticsRow]],
              problems: _Problems) -> StatisticsTable:
    """The whole experiment's table with its breakdowns and timeline, each slice checked against it."""
    if not by_slice:
        problems.add(None, None, "has no rows; give one row per variant and metric")
        problems.raise_if_any()
    tables = {key: _complete(_of_rows(source, rows), problems, key) for key, rows in by_slice.items()}
    problems.raise_if_any()
    dated = sorted(key[2] for key in tables if key[2] is not None)
    dimensions = list(dict.fromkeys(key[0] for key in tables if key[0]))
    if WHOLE in tables:
        whole = tables[WHOLE]
    elif dated:  # cumulative statistics: the latest day's are the whole experiment's
        whole = tables[("", "", dated[-1])]
    else:  # the first dimension's values partition the units: their sum is the whole
        parts = [t for key, t in tables.items() if key[0] == dimensions[0]]
        _same_shape(parts, dimensions[0], problems)
        problems.raise_if_any()
        whole = pool(parts, source)
    if len(whole.variants) < 2:
        problems.add(None, None, f"names only variant {whole.variants[0]!r}; an experiment needs a control "
                     "(the first variant) and at least one variant to compare with it")
    for key, table in tables.items():
        if key == WHOLE:
            continue
        where = slice_name(key)
        if set(table.variants) != set(whole.variants):
            problems.add(None, "variant", f"{where} has variants {', '.join(table.variants)} but the experiment has "
                         f"{', '.join(whole.variants)}", "give every variant in every breakdown value and date "
                         "(pool a rare value into another)")
        for metric in table.metrics:
            if metric not in whole.metrics:
                problems.add(None, "metric", f"{where} has metric {metric!r}, which the whole experiment has not")
            elif table.kind(metric) != whole.kind(metric):
                problems.add(None, "metric", f"metric {metric!r} is a {table.kind(metric)} metric for {where} but a "
                             f"{whole.kind(metric)} metric for the whole experiment; give the same columns")
    for dimension in dimensions:
        _same_shape([t for key, t in tables.items() if key[0] == dimension], dimension, problems)
    for before, after in itertools.pairwise(dated):
        _cumulative(tables[("", "", before)], tables[("", "", after)], problems)
    problems.raise_if_any()

    def ordered(table: StatisticsTable) -> StatisticsTable:
        return StatisticsTable(table.source, whole.variants, table.metrics, table.rows)

    breakdowns: dict[str, dict[str, StatisticsTable]] = {}
    for (dimension, value, _), table in tables.items():
        if dimension:
            breakdowns.setdefault(dimension, {})[value] = ordered(table)
    timeline = {day: ordered(tables[("", "", day)]) for day in dated}
    return StatisticsTable(source, whole.variants, whole.metrics, whole.rows, breakdowns, timeline)


def _cumulative(before: StatisticsTable, after: StatisticsTable, problems: _Problems) -> None:
    """A date's statistics hold every unit up to that day: no variant loses units from one date to the next."""
    for key, row in after.rows.items():
        earlier = before.rows.get(key)
        if earlier is not None and row.values["n"] < earlier.values["n"]:
            problems.add(row.line, "n", f"variant {row.variant!r}, metric {row.metric!r} has {row.values['n']:g} "
                         f"units on {row.day} but {earlier.values['n']:g} on {earlier.day} (line {earlier.line})",
                         "give cumulative statistics for each date (every unit up to that day), not each day's own")


def _same_shape(tables: list[StatisticsTable], dimension: str, problems: _Problems) -> None:
    """Every value of a dimension gives the same metrics (so values can be pooled into "other")."""
    metrics = set(tables[0].metrics)
    for table in tables[1:]:
        if set(table.metrics) != metrics:
            problems.add(None, "metric", f"dimension {dimension!r}: its values give different metrics "
                         f"({', '.join(sorted(metrics))} and {', '.join(table.metrics)})",
                         "give the same metrics for every value of a dimension")
            return


def _complete(table: StatisticsTable, problems: _Problems,
              key: tuple[str, str, date | None] = WHOLE) -> StatisticsTable:
    """Every variant has every metric, of the same kind (within one slice of the file)."""
    where = "" if key == WHOLE else f" ({slice_name(key)})"
    for metric in table.metrics:
        present = [v for v in table.variants if (v, metric) in table.rows]
        for variant in table.variants:
            if (variant, metric) not in table.rows:
                problems.add(None, "metric", f"metric {metric!r} has no row for variant {variant!r}{where}",
                             "give every metric for every variant, or remove the metric")
        kinds = {table.rows[(v, metric)].kind for v in present}
        if len(kinds) > 1:
            first = table.rows[(present[0], metric)]
            for v in present[1:]:
                row = table.rows[(v, metric)]
                if row.kind != first.kind:
                    problems.add(row.line, None, f"metric {metric!r} is a {row.kind} metric here but a "
                                 f"{first.kind} metric on line {first.line}; give the same columns in every variant")
    return table


Problems = _Problems  # shared with the market-test panel reader (market_data.py)
