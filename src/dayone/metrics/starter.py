"""From a data file to a first metrics file: what a CSV or Parquet file holds, and a starter
metrics file for the metrics a person picks from it.

:func:`preview` reads the file once, every cell as text, and says per column what it holds
(dates, numbers or text), which column is the date column, whether the data is daily or weekly
(and so which weekday ends its weeks), and every cell that does not fit its column's type, by
line. :func:`starter_file` writes a metrics file (YAML text) for chosen columns and ratios; the
caller then parses it with :func:`dayone.metrics.spec.parse` and computes it, so what is
offered is what the engine itself reads.

Arrow reads a CSV, every cell as text (its separator detected as the engine detects it); DuckDB, sandboxed
to the one file, reads a Parquet file (its path a query parameter, never SQL text) and profiles
the cells. Nothing here writes anything.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from dayone import yamlfile
from dayone.errors import InvalidInput

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%y", "%a, %d-%b-%Y", "%d-%b-%Y")  # those metrics/sources.py reads
_THOUSANDS = r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$"
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
_LEVEL_WORDS = ("rate", "ratio", "pct", "percent", "share", "avg", "average", "mean", "median", "price",
                "score", "nps", "csat", "latency", "duration", "time", "age", "temperature", "balance",
                "inventory", "stock", "level", "per")
_DATE_NAMES = ("date", "day", "ds", "week", "week_ending", "period", "timestamp", "time", "created_at")
_SHOWN_PROBLEMS = 20  # per column; the rest are counted
_MAX_METRICS = 40  # a starter file: more columns are offered, not chosen
TYPE_SHARE = 0.9  # a column is of a type when at least this share of its filled cells are
# text that stands for "no value" in a column of numbers: the starter file declares it as the
# source's null_values (any other text there stays an error to fix in the data)
NULLISH = re.compile(r"^(n/?a|#n/a|null|none|nil|nan|-+|\u2013|\u2014|\?|missing|unknown)$", re.IGNORECASE)


@dataclass(frozen=True)
class Column:
    """One column: its name, what it holds (``date``, ``number`` or ``text``), how many cells
    are filled, and a few example values."""

    name: str
    holds: str
    filled: int
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class CellProblem:
    """A cell that does not fit its column: the file's line (the header is line 1)."""

    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


@dataclass(frozen=True)
class Choice:
    """A metric of the starter file: a column and its aggregation, or a ratio of two metrics."""

    name: str
    column: str | None = None
    aggregation: str = "sum"
    ratio: tuple[str, str] | None = None  # (numerator, denominator) metric names

    def as_spec(self, source: str) -> dict[str, Any]:
        if self.ratio:
            return {"derived": "ratio", "of": list(self.ratio), "comparison": "bps", "format": "0.00%"}
        spec: dict[str, Any] = {"source": source}
        if self.aggregation != "count":
            spec["column"] = sql_column(self.column or "")
        spec["aggregation"] = self.aggregation
        return spec


@dataclass(frozen=True)
class Preview:
    """What a data file holds. ``head`` is its first rows as text; ``problems`` every cell that
    does not fit its column's type (``more_problems`` counts those not listed)."""

    file: Path
    kind: str  # csv | parquet
    rows: int
    columns: tuple[Column, ...]
    head: tuple[tuple[str, ...], ...]
    date_column: str | None
    first_day: date | None
    last_day: date | None
    cadence: str  # daily | weekly | none
    week_ending: str  # a weekday name: the data's own for weekly data, else saturday
    problems: tuple[CellProblem, ...] = ()
    more_problems: int = 0
    delimiter: str = ","
    suggested: tuple[Choice, ...] = field(default=())
    null_values: tuple[str, ...] = ()  # markers of a missing value found in columns of numbers

    def to_dict(self) -> dict[str, Any]:
        """The preview as JSON-ready data (the API's answer)."""
        return {
            "file": self.file.name, "kind": self.kind, "rows": self.rows, "delimiter": self.delimiter,
            "columns": [{"name": c.name, "holds": c.holds, "filled": c.filled, "examples": list(c.examples)}
                        for c in self.columns],
            "head": [list(row) for row in self.head],
            "date_column": self.date_column, "cadence": self.cadence, "week_ending": self.week_ending,
            "first_day": self.first_day.isoformat() if self.first_day else None,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "problems": [{"line": p.line, "column": p.column, "value": p.value, "message": p.message}
                         for p in self.problems],
            "more_problems": self.more_problems, "null_values": list(self.null_values),
            "suggested": [{"name": c.name, "column": c.column, "aggregation": c.aggregation}
                          for c in self.suggested],
        }


def sql_column(name: str) -> str:
    """A column name as the metrics file's `column:` expression: bare when it is a plain
    lower-case identifier, else double-quoted (``"Order Count"``)."""
    if _IDENTIFIER.match(name):
        return name
    return '"' + name.replace('"', '""') + '"'


def metric_name(column: str, taken: Iterable[str] = ()) -> str:
    """A metric's name from a column's: lower case, words joined by ``_``, unique among ``taken``."""
    base = re.sub(r"[^0-9a-z]+", "_", column.lower()).strip("_") or "metric"
    if base[0].isdigit():
        base = "m_" + base
    name, n, used = base, 2, set(taken)
    while name in used:
        name, n = f"{base}_{n}", n + 1
    return name


def _connect(path: Path) -> Any:
    """DuckDB, sandboxed as the engine's (metrics/sources.py): it may open this one file only."""
    from dayone.metrics.sources import MEMORY_LIMIT, sandboxed

    return sandboxed(MEMORY_LIMIT, [str(path.resolve())])


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return "parquet"
    if suffix in (".csv", ".txt", ".tsv"):
        return "csv"
    raise InvalidInput(f"{path.name}: give a .csv or .parquet file.")


def _read_text_csv(path: Path) -> tuple[Any, str]:
    """Every cell of a CSV as text (an Arrow table, empty cells as ""), and its separator.
    Raises InvalidInput naming the file and line of what cannot be read."""
    import csv

    import pyarrow as pa
    import pyarrow.csv as pa_csv

    from dayone.metrics.csvformat import FileFormat, delimiter_of

    try:
        delimiter = delimiter_of(str(path), FileFormat())  # as the engine detects it
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle, delimiter=delimiter), [])
            for _ in handle:  # the whole file must be UTF-8, not only its start
                pass
    except UnicodeDecodeError as exc:
        raise _not_utf8(path) from exc
    if not any(name.strip() for name in header):
        raise InvalidInput(f"{path.name}: the first line is empty; it must name the columns.")
    try:
        table = pa_csv.read_csv(path, parse_options=pa_csv.ParseOptions(delimiter=delimiter),
                                convert_options=pa_csv.ConvertOptions(
                                    column_types={name: pa.string() for name in header},
                                    strings_can_be_null=False, quoted_strings_can_be_null=False))
    except pa.ArrowInvalid:
        raise _ragged(path, delimiter, len(header)) from None
    return table, delimiter


def _not_utf8(path: Path) -> InvalidInput:
    data = path.read_bytes()
    try:
        data.decode("utf-8")
        line = None
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
    where = f"{path.name}, line {line}" if line else path.name
    return InvalidInput(f"{where}: the file is not UTF-8 text; save it as UTF-8 (\"CSV UTF-8\" in Excel), "
                        "or declare its encoding on the source (encoding: latin-1).")


def _ragged(path: Path, delimiter: str, width: int) -> InvalidInput:
    """The first line whose number of fields is not the header's."""
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        for fields in reader:
            if fields and len(fields) != width:
                return InvalidInput(f"{path.name}, line {reader.line_num}: {len(fields)} fields where the header has "
                                    f"{width}; quote a value that holds a {delimiter!r}, or remove the extra ones.")
    return InvalidInput(f"{path.name}: cannot be read as a CSV file; save it again as CSV UTF-8.")


def preview(path: Path, *, head_rows: int = 10) -> Preview:
    """What ``path`` (a .csv or .parquet file) holds; raises InvalidInput naming the file (and
    the line) when it cannot be read, is empty or has no rows."""
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file.")
    kind = _kind(path)
    if not path.stat().st_size:
        raise InvalidInput(f"{path.name}: the file is empty; its first line must name the columns.")
    path = path.resolve()
    con = _connect(path)
    try:
        delimiter = ","
        parameters: dict[str, str] = {}
        if kind == "csv":
            table, delimiter = _read_text_csv(path)
            con.register("raw", table)
            source = "raw"
        else:
            source, parameters = "read_parquet($path)", {"path": str(path)}
        try:
            described = con.execute(f"DESCRIBE SELECT * FROM {source}", parameters).fetchall()
        except Exception as exc:  # DuckDB's errors are many classes; each becomes one line
            raise InvalidInput(f"{path.name}: cannot be read as a Parquet file "
                               f"({str(exc).splitlines()[0][:200]}).") from None
        names = [row[0] for row in described]
        types = {row[0]: str(row[1]).upper() for row in described}
        as_text = ", ".join(f"CAST({_q(n)} AS VARCHAR) AS {_q(n)}" for n in names)
        con.execute(f"CREATE TEMP TABLE cells AS SELECT row_number() OVER () AS _line, {as_text} FROM {source}",
                    parameters)
        rows = con.execute("SELECT count(*) FROM cells").fetchone()[0]
        if not rows:
            raise InvalidInput(f"{path.name}: no rows under the header line; export the data with its rows.")
        head = tuple(tuple("" if v is None else str(v) for v in row) for row in con.execute(
            f"SELECT * EXCLUDE (_line) FROM cells ORDER BY _line LIMIT {int(head_rows)}").fetchall())
        columns = [_profile(con, name, types[name]) for name in names]
    finally:
        con.close()
    return _decide(path, kind, delimiter, rows, columns, head)


@dataclass
class _Profile:
    name: str
    native: str
    filled: int
    numbers: int
    dates: int
    examples: tuple[str, ...]
    bad_numbers: list[tuple[int, str]]
    bad_dates: list[tuple[int, str]]
    days: list[date]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _date_test(cell: str) -> str:
    formats = ", ".join(f"'{f}'" for f in DATE_FORMATS)
    return (f"coalesce(TRY_CAST({cell} AS DATE), CAST(TRY_CAST({cell} AS TIMESTAMP) AS DATE), "
            f"CAST(TRY_STRPTIME({cell}, [{formats}]) AS DATE))")


def _number_test(cell: str) -> str:
    return f"(TRY_CAST({cell} AS DOUBLE) IS NOT NULL OR regexp_full_match({cell}, '{_THOUSANDS}'))"


def _profile(con: Any, name: str, native: str) -> _Profile:
    cell = f"trim({_q(name)})"
    filled_cond = f"{cell} IS NOT NULL AND {cell} <> ''"
    numeric_native = any(t in native for t in ("INT", "DOUBLE", "FLOAT", "DECIMAL", "REAL", "NUMERIC"))
    date_native = native.startswith(("DATE", "TIMESTAMP"))
    filled, numbers, dates = con.execute(
        f"SELECT count(*) FILTER (WHERE {filled_cond}), "
        f"count(*) FILTER (WHERE {filled_cond} AND {_number_test(cell)}), "
        f"count(*) FILTER (WHERE {filled_cond} AND {_date_test(cell)} IS NOT NULL) FROM cells").fetchone()
    if numeric_native:
        numbers, dates = filled, 0
    elif date_native:
        numbers, dates = 0, filled
    examples = tuple(str(v[0]) for v in con.execute(
        f"SELECT DISTINCT {cell} FROM cells WHERE {filled_cond} LIMIT 3").fetchall())
    profile = _Profile(name, native, filled, numbers, dates, examples, [], [], [])
    if filled and dates >= TYPE_SHARE * filled and not numeric_native:
        profile.bad_dates = [(int(line), str(v)) for line, v in con.execute(
            f"SELECT _line + 1, {cell} FROM cells WHERE {filled_cond} AND {_date_test(cell)} IS NULL "
            f"ORDER BY _line").fetchall()]
        profile.days = [d for (d,) in con.execute(
            f"SELECT DISTINCT {_date_test(cell)} AS d FROM cells WHERE {filled_cond} AND d IS NOT NULL "
            f"ORDER BY d").fetchall()]
    elif filled and numbers >= TYPE_SHARE * filled:
        profile.bad_numbers = [(int(line), str(v)) for line, v in con.execute(
            f"SELECT _line + 1, {cell} FROM cells WHERE {filled_cond} AND NOT {_number_test(cell)} "
            f"ORDER BY _line").fetchall()]
    return profile


def _date_rank(profile: _Profile) -> tuple[int, int]:
    lowered = profile.name.lower()
    named = next((i for i, word in enumerate(_DATE_NAMES) if word == lowered or word in lowered.split("_")),
                 len(_DATE_NAMES))
    return named, -profile.dates


def _decide(path: Path, kind: str, delimiter: str, rows: int, profiles: list[_Profile],
            head: tuple[tuple[str, ...], ...]) -> Preview:
    dated = [p for p in profiles if p.days]
    chosen = min(dated, key=_date_rank) if dated else None
    columns, problems = [], []
    for p in profiles:
        if p is chosen:
            holds = "date"
            problems += [CellProblem(line, p.name, value, f"{value!r} is not a date (use YYYY-MM-DD)")
                         for line, value in p.bad_dates]
        elif p.filled and p.numbers >= TYPE_SHARE * p.filled and p.numbers > 0:
            holds = "number"
            problems += [CellProblem(line, p.name, value, f"{value!r} stands for no value: it is read as missing "
                                     "(null_values)" if NULLISH.match(value.strip()) else
                                     f"{value!r} is not a number in a column of numbers")
                         for line, value in p.bad_numbers]
        else:
            holds = "date" if p.days else "text"
        columns.append(Column(p.name, holds, p.filled, p.examples))
    cadence, week_ending = "none", "saturday"
    days = chosen.days if chosen else []
    if len(days) >= 2:
        weekdays = {d.weekday() for d in days}
        gaps = {(b - a).days for a, b in itertools.pairwise(days)}
        if len(weekdays) == 1 and min(gaps) >= 7:
            cadence, week_ending = "weekly", WEEKDAYS[days[0].weekday()]
        else:
            cadence = "daily"
    elif days:
        cadence = "daily"
    problems.sort(key=lambda p: (p.line, p.column))
    shown = _cap(problems)
    markers = tuple(sorted({p.value.strip() for p in problems if p.message.endswith("(null_values)")}))
    preview = Preview(path, kind, rows, tuple(columns), head, chosen.name if chosen else None,
                      days[0] if days else None, days[-1] if days else None, cadence, week_ending,
                      tuple(shown), len(problems) - len(shown), delimiter, null_values=markers)
    return _with_suggestions(preview)


def _cap(problems: list[CellProblem]) -> list[CellProblem]:
    per_column: dict[str, int] = {}
    shown = []
    for p in problems:
        per_column[p.column] = per_column.get(p.column, 0) + 1
        if per_column[p.column] <= _SHOWN_PROBLEMS:
            shown.append(p)
    return shown


def default_aggregation(column: str) -> str:
    """``mean`` for a column that reads as a level (a rate, a price, a score, a latency), else
    ``sum``: adding up a week's conversion rates or prices means nothing."""
    words = set(re.split(r"[^0-9a-z]+", column.lower()))
    return "mean" if words & set(_LEVEL_WORDS) or column.lower().endswith("%") else "sum"


def _with_suggestions(preview: Preview) -> Preview:
    taken: list[str] = []
    suggested = []
    for column in preview.columns:
        if column.holds != "number":
            continue
        lowered = column.name.lower()
        if lowered == "id" or lowered.endswith(("_id", " id")):
            continue  # an identifier: summing it means nothing
        name = metric_name(column.name, taken)
        taken.append(name)
        suggested.append(Choice(name, column.name, default_aggregation(column.name)))
    return Preview(**{**preview.__dict__, "suggested": tuple(suggested[:_MAX_METRICS])})


def parse_choices(preview: Preview, metrics: Sequence[str], ratios: Sequence[str]) -> list[Choice]:
    """Choices from the command line's words: ``COLUMN`` or ``COLUMN:AGGREGATION`` (``rows:count``
    counts rows), and ratios ``A/B`` of two chosen metrics. Raises InvalidInput naming the word."""
    from dayone.metrics.spec import AGGREGATIONS, PERCENTILE

    by_name = {c.name: c for c in preview.columns}
    choices: list[Choice] = []
    for word in metrics or [f"{c.column}:{c.aggregation}" for c in preview.suggested]:
        column, _, aggregation = word.rpartition(":") if ":" in word else (word, "", "")
        if column == "rows" and aggregation in ("", "count") and "rows" not in by_name:
            choices.append(Choice(metric_name("rows", [c.name for c in choices]), None, "count"))
            continue
        if column not in by_name:
            raise InvalidInput(f"--metric {word}: {preview.file.name} has no column {column!r}; its columns are "
                               f"{', '.join(by_name)}.")
        aggregation = aggregation or default_aggregation(column)
        if aggregation not in AGGREGATIONS and not PERCENTILE.match(aggregation):
            raise InvalidInput(f"--metric {word}: {aggregation!r} is not an aggregation; use one of "
                               f"{', '.join(AGGREGATIONS)} or a percentile like p90.")
        if by_name[column].holds != "number" and aggregation not in ("count", "count_distinct"):
            raise InvalidInput(f"--metric {word}: column {column!r} holds {by_name[column].holds}, not numbers; "
                               f"count it ({column}:count_distinct) or pick a number column.")
        choices.append(Choice(metric_name(column, [c.name for c in choices]), column, aggregation))
    for word in ratios:
        top, slash, bottom = word.partition("/")
        names = {c.name for c in choices} | {c.column for c in choices if c.column}
        missing = [part for part in (top, bottom) if part not in names]
        if not slash or missing:
            raise InvalidInput(f"--ratio {word}: write NUMERATOR/DENOMINATOR, two of the chosen metrics "
                               f"({', '.join(c.name for c in choices)}).")
        parts = tuple(next(c.name for c in choices if part in (c.name, c.column)) for part in (top, bottom))
        choices.append(Choice(metric_name(f"{parts[0]}_per_{parts[1]}", [c.name for c in choices]),
                              ratio=(parts[0], parts[1])))
    if not choices:
        raise InvalidInput(f"{preview.file.name}: no column of numbers to make a metric of; name one with "
                           "--metric COLUMN:count_distinct, or count rows with --metric rows:count.")
    return choices


def starter_file(preview: Preview, choices: Sequence[Choice], *, data_path: str, source: str = "data",
                 title: str | None = None, week_ending: str | None = None, date_column: str | None = None,
                 today: date | None = None) -> str:
    """The metrics file (YAML text) for ``choices`` over the previewed file, read from
    ``data_path`` (as the file will name it: relative to the metrics file, or in the workspace's
    data folder). Raises InvalidInput when the file has no date column."""
    date_column = date_column or preview.date_column
    if date_column is None:
        raise InvalidInput(f"{preview.file.name}: no column holds dates; the WBR needs one (a column of "
                           "YYYY-MM-DD days or timestamps).")
    if date_column not in {c.name for c in preview.columns}:
        raise InvalidInput(f"--date-column: {preview.file.name} has no column {date_column!r}.")
    week_ending = (week_ending or preview.week_ending).lower()
    if week_ending not in WEEKDAYS:
        raise InvalidInput(f"--week-ending: {week_ending!r} is not a weekday; use saturday, sunday, …")
    title = title or f"{Path(data_path).stem.replace('_', ' ').replace('-', ' ').title()} WBR"
    made = (today or datetime.now().date()).isoformat()
    source_spec: dict[str, Any] = {preview.kind: data_path, "date_column": date_column}
    if preview.null_values and preview.kind == "csv":
        source_spec["null_values"] = list(preview.null_values)
    lines = [f"# A starter metrics file, written by `dayone wbr init` from {preview.file.name} on {made}.",
             "# Give each metric its owner, plan, unit and format; see docs/wbr.md.",
             "setup: " + _flow({"week_ending": week_ending, "fiscal_year_end_month": 12, "title": title}),
             "sources:", f"  {yamlfile.plain_key(source)}: " + _flow(source_spec), "metrics:"]
    lines += [f"  {yamlfile.plain_key(c.name)}: " + _flow(c.as_spec(source)) for c in choices]
    lines += ["deck:", "  - " + _flow({"section": title})]
    lines += ["  - " + _flow({"metric": c.name}) for c in choices]
    return "\n".join(lines) + "\n"


def _flow(value: dict[str, Any]) -> str:
    return yaml.safe_dump(value, default_flow_style=True, sort_keys=False, width=10_000, allow_unicode=True).strip()
