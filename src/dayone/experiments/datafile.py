"""An experiment's statistics computed where its data live: a CSV or Parquet file, one row per
unit, with a variant column and one column per metric, aggregated in DuckDB.

The file is read as the metrics engine reads its sources: only from the workspace's data
folder (metrics/sandbox.py), a CSV parsed by Arrow (metrics/csvfiles.py), in a sandboxed
DuckDB that may open that one file and nothing else (metrics/sources.py). The SQL holds no
user text: each column named is first found among the file's own columns (the allow-list)
and then quoted as an identifier. The sums come back as a statistics CSV and go through the
same checks as an upload (experiments/table.py).
"""

from __future__ import annotations

import csv
import difflib
import io
import os
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from dayone.errors import InvalidInput, ValidationFailed
from dayone.metrics.sandbox import DATA_FOLDER, GLOB_CHARS

KINDS = {".csv": "csv", ".parquet": "parquet"}
MEMORY_LIMIT = "1GB"


def _settings(session: Session) -> Any:
    from dayone.settings import Settings

    settings = session.info.get("settings")
    return settings if isinstance(settings, Settings) else Settings()


def resolve(session: Session, location: str) -> tuple[str, str]:
    """The file's resolved path and kind (csv or parquet); refused unless it lies where the
    workspace's metrics may read (its data folder, or the server's DAYONE_WBR_DATA_DIRS)."""
    from dayone.wbr.service import sandbox

    kind = KINDS.get(Path(location).suffix.lower())
    if kind is None:
        raise InvalidInput(f"data_file: {location!r} is neither a .csv nor a .parquet file.", field="data_file")
    if any(c in location for c in GLOB_CHARS):
        raise InvalidInput(f"data_file: {location!r} is a pattern; name one file.", field="data_file")
    path = location if os.path.isabs(location) else str(_settings(session).home / DATA_FOLDER / location)
    try:
        return sandbox(session).files(path)[0], kind
    except ValidationFailed as exc:
        raise InvalidInput(f"data_file: {exc.message}", field="data_file") from None


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _column(name: str | None, columns: dict[str, str], location: str, what: str) -> str | None:
    """The column's quoted identifier, once it is found among the file's columns."""
    if name is None:
        return None
    if name not in columns:
        near = difflib.get_close_matches(name, list(columns), n=1)
        raise ValidationFailed(f"{location}: no column {name!r} ({what})"
                               + (f"; did you mean {near[0]!r}?" if near else f"; its columns: {', '.join(columns)}."))
    return _ident(name)


def _numbers(con: Any, quoted: str, name: str, location: str) -> None:
    """Every cell of the column is a number: none empty, none text."""
    blank, text = con.execute(f"SELECT count(*) FILTER (WHERE {quoted} IS NULL), "
                              f"min(CAST({quoted} AS VARCHAR)) FILTER (WHERE {quoted} IS NOT NULL AND "
                              f"TRY_CAST({quoted} AS DOUBLE) IS NULL) FROM raw").fetchone()
    if text is not None:
        raise ValidationFailed(f"{location}, column {name!r}: {text!r} is not a number; each unit's value must be one.")
    if blank:
        raise ValidationFailed(f"{location}, column {name!r}: {blank} row{'s' * (blank > 1)} empty; every unit needs a "
                               "value (write 0 for a unit that did nothing).")


def statistics(session: Session, location: str, variant_column: str, metrics: dict[str, dict[str, Any]],
               variants: list[str]) -> Any:
    """The statistics table of the file at ``location``: per variant, each metric's count, sums,
    sums of squares and (for ratio metrics and CUPED) cross-products."""
    from dayone.experiments.table import parse_table
    from dayone.metrics import csvfiles
    from dayone.metrics.sources import sandboxed
    from dayone.metrics.spec import SourceSpec

    path, kind = resolve(session, location)
    if not os.path.isfile(path):
        raise ValidationFailed(f"data_file: no file {location} in the workspace's data folder; put it there first.")
    con = sandboxed(MEMORY_LIMIT, [path])
    try:
        if kind == "csv":
            source = SourceSpec(name="experiment", kind="csv", location=location, date_column=variant_column)
            con.register("raw", csvfiles.read(source, path))
        else:
            quoted_path = "'" + path.replace("'", "''") + "'"
            con.execute(f"CREATE VIEW raw AS SELECT * FROM read_parquet([{quoted_path}])")
        columns = {r[0]: r[1] for r in con.execute("DESCRIBE raw").fetchall()}
        variant = _column(variant_column, columns, location, "the variant column")
        assert variant is not None
        missing = (con.execute(f"SELECT count(*) FROM raw WHERE {variant} IS NULL").fetchone() or (0,))[0]
        if missing:
            raise ValidationFailed(f"{location}, column {variant_column!r}: {missing} row{'s' * (missing > 1)} name no "
                                   "variant; give every unit its variant, or remove the rows.")
        selects = [f"CAST({variant} AS VARCHAR)", "count(*)"]
        kinds: list[tuple[str, str]] = []
        checked: set[str] = set()
        for metric, spec in metrics.items():
            x = _column(spec["column"], columns, location, f"metric {metric}")
            d = _column(spec.get("denominator"), columns, location, f"the denominator of {metric}")
            p = _column(spec.get("pre"), columns, location, f"the pre-period of {metric}")
            if d and p:
                raise ValidationFailed(f"metric_columns.{metric}: a ratio metric cannot also take CUPED's pre-period "
                                       "column; give one or the other.")
            for name in filter(None, (spec["column"], spec.get("denominator"), spec.get("pre"))):
                if name not in checked:
                    _numbers(con, _ident(name), name, location)
                    checked.add(name)
            x = f"CAST({x} AS DOUBLE)"
            selects += [f"sum({x})", f"sum({x} * {x})"]
            if d:
                d = f"CAST({d} AS DOUBLE)"
                selects += [f"sum({d})", f"sum({d} * {d})", f"sum({x} * {d})"]
            if p:
                p = f"CAST({p} AS DOUBLE)"
                selects += [f"sum({p})", f"sum({p} * {p})", f"sum({x} * {p})"]
            kinds.append((metric, "ratio" if d else "cuped" if p else "mean"))
        rows = con.execute(f"SELECT {', '.join(selects)} FROM raw GROUP BY 1").fetchall()
    finally:
        con.close()
    rank = {v: i for i, v in enumerate(variants)}
    rows.sort(key=lambda r: (rank.get(r[0], len(rank)), r[0]))
    return parse_table(as_csv(rows, kinds), location)


def as_csv(rows: list[tuple[Any, ...]], kinds: list[tuple[str, str]]) -> str:
    """The sums as the statistics CSV (`dayone experiment analyze` reads the same)."""
    from dayone.experiments.table import COLUMNS

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    extra = {"mean": (), "ratio": ("denominator_sum", "denominator_sum_squares", "cross_sum"),
             "cuped": ("pre_sum", "pre_sum_squares", "pre_cross_sum")}
    for row in rows:
        at = 2
        for metric, kind in kinds:
            cells = dict(zip(("sum", "sum_squares", *extra[kind]), row[at:at + 2 + len(extra[kind])], strict=True))
            at += 2 + len(extra[kind])
            numbers = [repr(float(cells[c])) if c in cells else "" for c in COLUMNS[3:]]
            writer.writerow([row[0], metric, row[1], *numbers])
    return out.getvalue()
