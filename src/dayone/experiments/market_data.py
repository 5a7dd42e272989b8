"""The market-test panel CSV: ``region, date, value``, one row per region and date, every region on
every date. Every problem is collected (line, column, what to do) and raised together; nothing is
read from a file with any."""

from __future__ import annotations

import csv
import difflib
import io
import math
from datetime import date
from pathlib import Path

import numpy as np

from dayone.errors import ValidationFailed
from dayone.experiments.market import Panel
from dayone.experiments.table import Problems

COLUMNS = ("region", "date", "value")
MAX_REGIONS, MAX_DATES = 1000, 10000


def read_panel_text(path: Path) -> str:
    """The text of the panel CSV at ``path``, or a clear refusal naming it."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ValidationFailed(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise ValidationFailed(f"{path}: not a UTF-8 text file; save the panel as CSV in UTF-8") from None
    except OSError as exc:
        raise ValidationFailed(f"{path}: cannot be read ({exc.strerror})") from None


def read_panel(path: Path) -> Panel:
    """Read and check the panel CSV at ``path``."""
    return parse_panel(read_panel_text(path), str(path))


def parse_panel(text: str, source: str = "<panel>") -> Panel:
    """Parse and check a panel CSV held in ``text``; ``source`` names it in messages."""
    problems = Problems(source, "the panel")
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    cells: dict[tuple[str, date], tuple[float, int]] = {}
    try:
        header = [h.strip() for h in next(reader, [])]
        for name in header:
            if name not in COLUMNS:
                near = difflib.get_close_matches(name, COLUMNS, n=1)
                problems.add(1, name or "(blank)", "is not a column of a market-test panel",
                             f"did you mean {near[0]!r}?" if near else "the columns are region, date, value")
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            problems.add(1, None, f"missing column{'s' * (len(missing) > 1)} {', '.join(missing)}; a panel has "
                         "region, date, value: one row per region and date")
        problems.raise_if_any()
        for row in reader:
            line = reader.line_num
            if not any(c.strip() for c in row):
                continue
            if len(row) != len(header):
                problems.add(line, None, f"has {len(row)} cells but the header names {len(header)} columns")
                continue
            record = {h: c.strip() for h, c in zip(header, row, strict=True)}
            if not record["region"]:
                problems.add(line, "region", "is empty; name the region")
            try:
                day = date.fromisoformat(record["date"])
            except ValueError:
                problems.add(line, "date", f"{record['date']!r} is not a date; write it as YYYY-MM-DD")
                continue
            try:
                value = float(record["value"])
            except ValueError:
                problems.add(line, "value", f"{record['value']!r} is not a number")
                continue
            if not math.isfinite(value):
                problems.add(line, "value", f"{record['value']!r} is not a finite number")
                continue
            key = (record["region"], day)
            if key in cells:
                problems.add(line, None, f"region {key[0]!r} on {day} already has a row (line {cells[key][1]}); "
                             "give each region and date once")
                continue
            if record["region"]:
                cells[key] = (value, line)
    except csv.Error as exc:
        problems.add(reader.line_num, None, f"is not valid CSV ({exc})")
    problems.raise_if_any()
    regions = tuple(dict.fromkeys(r for r, _ in cells))
    dates = tuple(sorted({d for _, d in cells}))
    if len(regions) < 2:
        problems.add(None, None, "names fewer than two regions; a market test needs treated and control regions")
    if len(regions) > MAX_REGIONS or len(dates) > MAX_DATES:
        problems.add(None, None, f"has {len(regions)} regions and {len(dates)} dates; give at most {MAX_REGIONS} "
                     f"and {MAX_DATES} (aggregate to weeks)")
    problems.raise_if_any()
    values = np.full((len(regions), len(dates)), np.nan)
    at = {d: j for j, d in enumerate(dates)}
    for i, region in enumerate(regions):
        for day, j in at.items():
            if (region, day) in cells:
                values[i, j] = cells[(region, day)][0]
    holes = [(regions[i], dates[j]) for i, j in zip(*np.nonzero(np.isnan(values)), strict=True)]
    for region, day in holes[:10]:
        problems.add(None, "value", f"region {region!r} has no row for {day}",
                     "give every region a value on every date (a balanced panel)")
    if len(holes) > 10:
        problems.add(None, "value", f"and {len(holes) - 10} more region-dates are missing")
    problems.raise_if_any()
    return Panel(regions, dates, values, source)
