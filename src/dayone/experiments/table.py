"""The statistics CSV: one row per variant and metric, checked before any number is computed.

Columns: ``variant, metric, n, sum, sum_squares``; for a ratio metric also
``denominator_sum, denominator_sum_squares, cross_sum``; for CUPED also
``pre_sum, pre_sum_squares, pre_cross_sum``. The first variant named is the control.
Every problem in the file is collected (file, line, column and what to do) and raised
together as one `ValidationFailed`; nothing is computed from a file with any.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

from dayone.errors import ValidationFailed
from dayone.findings import Finding, Level, Location

REQUIRED = ("variant", "metric", "n", "sum", "sum_squares")
RATIO = ("denominator_sum", "denominator_sum_squares", "cross_sum")
CUPED = ("pre_sum", "pre_sum_squares", "pre_cross_sum")
NUMBERS = ("n", "sum", "sum_squares", *RATIO, *CUPED)
COLUMNS = (*REQUIRED, *RATIO, *CUPED)
TOLERANCE = 1e-9  # relative slack for sums written with rounding


@dataclass(frozen=True)
class StatisticsRow:
    """One variant's statistics for one metric, as read (numbers are floats; ``n`` is whole)."""

    variant: str
    metric: str
    values: dict[str, float]
    line: int

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

    def row(self, variant: str, metric: str) -> StatisticsRow:
        return self.rows[(variant, metric)]

    def kind(self, metric: str) -> str:
        """``mean``, ``ratio`` or ``cuped``: the same in every variant (checked when read)."""
        return self.rows[(self.variants[0], metric)].kind


class _Problems:
    def __init__(self, source: str) -> None:
        self.source, self.found = source, list[Finding]()

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
        raise ValidationFailed(f"{self.source}: {len(self.found)} problems in the statistics (listed above); "
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


def _read_row(record: dict[str, str], line: int, problems: _Problems) -> StatisticsRow | None:
    before = len(problems.found)
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
    return StatisticsRow(names["variant"], names["metric"], values, line)


def _header(header: list[str], problems: _Problems) -> list[str] | None:
    names = [h.strip() for h in header]
    for name in names:
        if name not in COLUMNS:
            near = difflib.get_close_matches(name, COLUMNS, n=1)
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
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            problems.add(None, None, "is empty; the first line must name the columns: " + ", ".join(REQUIRED))
            problems.raise_if_any()
        assert header is not None
        names = _header(header, problems)
        problems.raise_if_any()
        assert names is not None
        rows: dict[tuple[str, str], StatisticsRow] = {}
        variants: dict[str, None] = {}
        metrics: dict[str, None] = {}
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
            if (row.variant, row.metric) in rows:
                problems.add(line, None, f"variant {row.variant!r} and metric {row.metric!r} already have a row "
                             f"(line {rows[(row.variant, row.metric)].line}); give each pair once")
                continue
            rows[(row.variant, row.metric)] = row
            variants.setdefault(row.variant)
            metrics.setdefault(row.metric)
    except csv.Error as exc:
        problems.add(reader.line_num, None, f"is not valid CSV ({exc})")
    problems.raise_if_any()
    return _complete(StatisticsTable(source, tuple(variants), tuple(metrics), rows), problems)


def _complete(table: StatisticsTable, problems: _Problems) -> StatisticsTable:
    """Every variant has every metric, of the same kind; there is a control and a variant."""
    if not table.rows:
        problems.add(None, None, "has no rows; give one row per variant and metric")
    elif len(table.variants) < 2:
        problems.add(None, None, f"names only variant {table.variants[0]!r}; an experiment needs a control "
                     "(the first variant) and at least one variant to compare with it")
    for metric in table.metrics:
        present = [v for v in table.variants if (v, metric) in table.rows]
        for variant in table.variants:
            if (variant, metric) not in table.rows:
                problems.add(None, "metric", f"metric {metric!r} has no row for variant {variant!r}",
                             "give every metric for every variant, or remove the metric")
        kinds = {table.rows[(v, metric)].kind for v in present}
        if len(kinds) > 1:
            first = table.rows[(present[0], metric)]
            for v in present[1:]:
                row = table.rows[(v, metric)]
                if row.kind != first.kind:
                    problems.add(row.line, None, f"metric {metric!r} is a {row.kind} metric here but a "
                                 f"{first.kind} metric on line {first.line}; give the same columns in every variant")
    problems.raise_if_any()
    return table
