"""Configs written for the WBR App (github.com/working-backwards/wbr-app), accepted unchanged.

The App's YAML — ``setup``, ``data_sources`` (``csv_files`` and database queries), ``metrics``
with ``column``/``aggf``/``filter``/``function`` and ``metric_comparison_method``, ``deck``
blocks and ``annotations`` — is translated into Day One's own metrics file, so that everything
downstream (validation, the engine, the deck) is one code path. Where the App and
docs/wbr-semantics.md agree on meaning, the numbers are the App's; where they differ, the table at
the end of docs/wbr-semantics.md says how and why.
"""

from __future__ import annotations

import ast
import csv
import difflib
import math
import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dayone import yamlfile
from dayone.errors import ValidationFailed

if TYPE_CHECKING:
    from dayone.metrics.problems import Problems as _Problems
    from dayone.metrics.sandbox import Sandbox

AGGF = {"sum": "sum", "mean": "mean", "min": "min", "max": "max", "first": "first", "last": "last",
        "count": "count", "median": "p50", "nunique": "count_distinct"}
FUNCTIONS = {"divide": "ratio", "sum": "sum", "difference": "difference", "product": "product"}
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
UI_TYPES = ("6_12Graph", "6_WeeksTable", "12_MonthsTable", "section", "embedded_content")
SERIES = {"YOY": "yoy", "WOW": "wow", "MOM": "mom"}
MAIN = "main"


def is_app_config(data: Any) -> bool:
    """A WBR App config: blocks in its deck, or metrics with ``aggf``/``function``, or ``data_sources``."""
    if not isinstance(data, dict):
        return False
    deck, metrics = data.get("deck"), data.get("metrics")
    return ("data_sources" in data or "annotations" in data
            or (isinstance(deck, list) and any(isinstance(e, dict) and "block" in e for e in deck))
            or (isinstance(metrics, dict) and any(isinstance(m, dict) and ("aggf" in m or "function" in m)
                                                  for m in metrics.values())))


def translate(data: dict[str, Any], problems: _Problems, base: Path | None, data_file: Path | None,
              sandbox: Sandbox) -> dict[str, Any]:
    """The App config as a Day One metrics file (a plain mapping for ``spec``), every problem recorded.
    Its files and connections obey ``sandbox`` like a Day One file's."""
    for key in data:
        problems.choice((str(key),), key, ("setup", "data_sources", "annotations", "metrics", "deck"),
                        "WBR App section")
    setup: dict[str, Any] = data["setup"] if isinstance(data.get("setup"), dict) else {}
    out: dict[str, Any] = {"setup": _setup(setup, problems)}
    sources, columns = _sources(data.get("data_sources") or {}, setup, problems, base, data_file, sandbox)
    out["sources"] = sources
    out["metrics"] = _metrics(data.get("metrics") or {}, sources, columns, problems)
    out["deck"] = data.get("deck") or []
    out["annotations"] = _annotations(data.get("annotations"), problems, base, sandbox)
    return out


def _setup(setup: dict[str, Any], problems: _Problems) -> dict[str, Any]:
    out: dict[str, Any] = {"title": str(setup.get("title") or "Weekly Business Review")}
    raw = setup.get("week_ending")
    if raw is None:
        problems.add(("setup",), "setup: give week_ending, e.g. 25-SEP-2021.")
    else:
        try:
            as_of = raw.date() if isinstance(raw, datetime) else raw if isinstance(raw, date) \
                else datetime.strptime(str(raw).strip(), "%d-%b-%Y").date()
            out["as_of"] = as_of
            out["week_ending"] = as_of.strftime("%A").lower()
        except ValueError:
            problems.add(("setup", "week_ending"), f"setup.week_ending: {raw!r} is not a date like 25-SEP-2021.")
    month = setup.get("fiscal_year_end_month", "DEC")
    if isinstance(month, int) and not isinstance(month, bool) and 1 <= month <= 12:
        out["fiscal_year_end_month"] = month
    elif problems.choice(("setup", "fiscal_year_end_month"), str(month).upper()[:3], MONTHS, "month like DEC"):
        out["fiscal_year_end_month"] = MONTHS.index(str(month).upper()[:3]) + 1
    return out


def _is_file(path: Path) -> bool:
    """Whether a file is there; a path the system refuses (too long, a NUL byte) is no file."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _url_or_path(value: str, base: Path | None) -> str:
    return value if value.startswith(("http://", "https://")) or Path(value).is_absolute() or base is None \
        else str(base / value)


def _sources(raw: Any, setup: dict[str, Any], problems: _Problems, base: Path | None, data_file: Path | None,
             sandbox: Sandbox) -> tuple[dict[str, Any], dict[str, str]]:
    """Sources, and the prefix each namespaces its columns with (``name.column``; the uploaded CSV: none)."""
    sources: dict[str, Any] = {}
    prefixes: dict[str, str] = {}
    if data_file is not None:
        sources[MAIN] = {"csv": str(data_file), "date_column": "Date"}
        prefixes[MAIN] = ""
    if not isinstance(raw, dict):
        problems.add(("data_sources",), "data_sources: expected csv_files and connection names.")
        return sources, prefixes
    csv_files = raw.get("csv_files") or {}
    if not isinstance(csv_files, dict):
        problems.add(("data_sources", "csv_files"), "data_sources.csv_files: expected a mapping of names to "
                     "{url_or_path: …}.")
        csv_files = {}
    for name, spec in csv_files.items():
        location = str((spec or {}).get("url_or_path", "")) if isinstance(spec, dict) else ""
        if location.startswith(("http://", "https://")):
            problems.add(("data_sources", "csv_files", str(name)), f"data_sources.csv_files.{name}: {location} is "
                         "on the web; download it and give its path (Day One reads local files).")
            continue
        refused = sandbox.file_problem(_url_or_path(location, base))
        if refused:  # said here, where the App config has its line
            problems.add(("data_sources", "csv_files", str(name)), f"data_sources.csv_files.{name}: {refused}")
            continue
        # relative to the config, as the metrics file's own paths are: spec joins it to the folder once
        declared = _file_format(spec if isinstance(spec, dict) else {}, ("data_sources", "csv_files", str(name)),
                                problems)
        sources[str(name)] = {"csv": location, "date_column": "Date", **declared}
        prefixes[str(name)] = f"{name}."
    connections = {k: v for k, v in raw.items() if k != "csv_files"}
    if connections:
        urls = _connections(setup, problems, base, sandbox)
        for connection, queries in connections.items():
            if connection not in urls:
                close = difflib.get_close_matches(str(connection), list(urls), n=1)
                where = "the connections file" if urls is not sandbox.connections else "the server's named connections"
                problems.add(("data_sources", str(connection)), f"data_sources.{connection}: {where} "
                             "has no connection of that name" + (f"; did you mean {close[0]!r}?" if close else
                                                                 "; ask an admin to add it (DAYONE_WBR_CONNECTIONS)."
                                                                 if urls is sandbox.connections else "."))
                continue
            if not isinstance(queries, dict):
                problems.add(("data_sources", str(connection)), f"data_sources.{connection}: expected a mapping of "
                             "query names to {query: …}.")
                continue
            for query_name, spec in queries.items():
                if not isinstance(spec, dict) or "query" not in spec:
                    problems.add(("data_sources", str(connection), str(query_name)),
                                 f"data_sources.{connection}.{query_name}: give its query.")
                    continue
                database = str(connection) if urls is sandbox.connections else urls[connection]
                sources[str(query_name)] = {"sql": str(spec["query"]), "database": database, "date_column": "Date"}
                prefixes[str(query_name)] = f"{query_name}."
    if not sources:
        problems.add(("setup",), "This WBR App config expects its data as an uploaded CSV: give the file with "
                     "--data FILE (or list data_sources).")
    return sources, prefixes


def _file_format(spec: dict[str, Any], path: tuple[str, ...], problems: _Problems) -> dict[str, Any]:
    """The format fields (Day One's, beside ``url_or_path``: delimiter, decimal, …) that are valid;
    a bad one is a problem at its line in the App config."""
    from dayone.metrics import csvformat

    given = {k: v for k, v in spec.items() if k in csvformat.FORMAT_FIELDS}  # others are ignored, as by the App
    before = len(problems.found)
    csvformat.parse(given, path, problems, "csv")
    bad = {str(f.location.field).rsplit(".", 1)[-1] for f in problems.found[before:]}
    return {k: v for k, v in given.items() if k not in bad}


def _connections(setup: dict[str, Any], problems: _Problems, base: Path | None, sandbox: Sandbox
                 ) -> Mapping[str, str]:
    """Connection name → database URL, from the App's connections file (``setup.db_config_url``);
    or the server's named connections, which the workspace's metrics file uses instead (its
    editors never see credentials), as a file on the command line does without a connections file."""
    where = setup.get("db_config_url")
    if sandbox.stored and where:
        problems.add(("setup", "db_config_url"), "setup.db_config_url: the workspace's metrics file reads databases "
                     "through the server's named connections, not a connections file; remove db_config_url and "
                     "ask an admin to add the connections (DAYONE_WBR_CONNECTIONS) under the names data_sources uses.")
        return {}
    if sandbox.stored or (not where and sandbox.connections):
        return sandbox.connections
    if not where:
        problems.add(("setup",), "setup: database queries need db_config_url, the App's connections file.")
        return {}
    path = Path(_url_or_path(str(where), base))
    refused = sandbox.file_problem(str(path)) if not str(where).startswith(("http://", "https://")) else None
    if refused:
        problems.add(("setup", "db_config_url"), f"setup.db_config_url: {refused}")
        return {}
    if str(where).startswith(("http://", "https://")) or not _is_file(path):
        problems.add(("setup", "db_config_url"), f"setup.db_config_url: no connections file at {where} "
                     "(Day One reads a local file).")
        return {}
    try:
        loaded = yamlfile.load(path.read_text(encoding="utf-8"), file=path.name)
    except ValidationFailed as exc:
        problems.add(("setup", "db_config_url"), f"setup.db_config_url: {exc.message}")
        return {}
    except (OSError, UnicodeDecodeError):
        loaded = None
    listed = loaded.get("connections") if isinstance(loaded, dict) else None
    if not isinstance(listed, list):
        problems.add(("setup", "db_config_url"), f"setup.db_config_url: {path} is not a connections file "
                     "(`connections:`, a list of {name, type, config}).")
        return {}
    urls = {}
    for item in listed:
        config = item.get("config") if isinstance(item, dict) else None
        if not isinstance(config, dict):
            problems.add(("setup", "db_config_url"), f"{path.name}: each connection is {{name, type, config}}.")
            continue
        kind = str(item.get("type", "")).lower()
        if kind not in ("postgres", "postgresql"):
            problems.add(("setup", "db_config_url"), f"{path.name}: connection {item.get('name')!r} is {kind}; "
                         "Day One reads PostgreSQL (and SQLite, in its own metrics files).")
            continue
        user = config.get("username") or config.get("user") or ""
        password = f":{config['password']}" if config.get("password") else ""
        urls[str(item.get("name"))] = (f"postgresql://{user}{password}@{config.get('host', 'localhost')}:"
                                       f"{config.get('port', 5432)}/{config.get('database', '')}")
    return urls


def _column(name: str, sources: dict[str, Any], prefixes: dict[str, str]) -> tuple[str | None, str]:
    """Which source a column of the App's merged frame comes from, and its name there."""
    for source, prefix in prefixes.items():
        if prefix and name.startswith(prefix):
            return source, name[len(prefix):]
    if MAIN in sources:
        return MAIN, name
    return (next(iter(sources)) if len(sources) == 1 else None), name


def _metrics(raw: Any, sources: dict[str, Any], prefixes: dict[str, str], problems: _Problems
             ) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not isinstance(raw, dict):
        problems.add(("metrics",), "metrics: expected a mapping of metric names.")
        return out
    for name, config in raw.items():
        path = ("metrics", str(name))
        if not isinstance(config, dict):
            problems.add(path, f"metrics.{name}: expected a mapping.")
            continue
        metric: dict[str, Any] = {"comparison": "percent"}
        method = config.get("metric_comparison_method")
        if method is not None and problems.choice((*path, "metric_comparison_method"), str(method), ("bps", "%"),
                                                  "comparison method"):
            metric["comparison"] = "bps" if method == "bps" else "percent"
        if "function" in config:
            _function(str(name), config["function"], metric, out, path, problems)
        else:
            aggf = str(config.get("aggf", ""))
            if problems.choice((*path, "aggf"), aggf, list(AGGF), "aggregation"):
                metric["aggregation"] = AGGF[aggf]
            column = config.get("column")
            where = config.get("filter")
            if isinstance(where, dict):
                column = where.get("base_column")
                try:
                    metric["filter"] = pandas_query_to_sql(str(where.get("query", "")))
                except ValueError as exc:
                    problems.add((*path, "filter", "query"), f"metrics.{name}.filter.query: {exc}")
            if not column:
                problems.add(path, f"metrics.{name}: give its column (or a filter with base_column, or a function).")
                continue
            source, column = _column(str(column), sources, prefixes)
            if source is None:
                problems.add((*path, "column"), f"metrics.{name}.column: {column!r} names no data source; write it "
                             f"as <source>.<column>, with one of {', '.join(sources)}.")
                continue
            metric.update(source=source, column=column)
        out[str(name)] = metric
    return out


def _function(name: str, raw: Any, metric: dict[str, Any], out: dict[str, Any], path: tuple[str, ...],
              problems: _Problems) -> None:
    if not isinstance(raw, dict) or len(raw) != 1:
        problems.add((*path, "function"), f"metrics.{name}.function: give one of {', '.join(FUNCTIONS)} "
                     "with its operands.")
        return
    ((op, operands),) = raw.items()
    if not problems.choice((*path, "function", str(op)), str(op), list(FUNCTIONS), "function"):
        return
    parts = []
    if operands is not None and not isinstance(operands, list):
        problems.add((*path, "function", str(op)), f"metrics.{name}.function.{op}: list its operands, each "
                     "`- metric: {name: …}`.")
        return
    for i, operand in enumerate(operands or []):
        inner = (operand or {}).get("metric") or (operand or {}).get("column") if isinstance(operand, dict) else None
        if not isinstance(inner, dict):
            problems.add((*path, "function", str(op), str(i)), f"metrics.{name}.function.{op}: each operand is "
                         "`- metric: {name: …}`.")
            continue
        if "function" in inner:  # a nested function becomes a metric of its own
            nested: dict[str, Any] = {"comparison": metric["comparison"]}
            inner_name = str(inner.get("name") or f"{name} ({op} {i + 1})")
            _function(inner_name, inner["function"], nested, out, (*path, "function", str(op), str(i)), problems)
            out[inner_name] = nested
            parts.append(inner_name)
        else:
            parts.append(str(inner.get("name")))
    if op in ("divide", "difference", "product"):
        parts = parts[:2]  # the App combines the first two operands
    metric.update(derived=FUNCTIONS[str(op)], of=parts)


def split_series(name: str, metrics: dict[str, Any]) -> tuple[str, str]:
    """``PageViewsYOY`` → (``PageViews``, ``yoy``): the App's derived comparison series."""
    if name in metrics:
        return name, "value"
    for suffix, series in SERIES.items():
        if name.endswith(suffix) and name[:-len(suffix)] in metrics:
            return name[:-len(suffix)], series
    return name, "value"


def _annotations(raw: Any, problems: _Problems, base: Path | None, sandbox: Sandbox) -> list[dict[str, str]]:
    files = raw.get("csv_files") if isinstance(raw, dict) else raw
    out: list[dict[str, str]] = []
    if files is not None and not isinstance(files, list):
        problems.add(("annotations",), "annotations: expected a list of CSV files (Date, MetricName, "
                     "EventDescription).")
        return out
    for i, item in enumerate(files or []):
        path = Path(_url_or_path(str(item), base))
        refused = sandbox.file_problem(str(path)) if isinstance(item, str) else None
        if refused:
            problems.add(("annotations", str(i)), f"annotations: {refused}")
            continue
        if not isinstance(item, str) or not _is_file(path):
            problems.add(("annotations", str(i)), f"annotations: no file {item} (Day One reads local files).")
            continue
        try:
            out += _annotation_rows(path, i, problems)
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            problems.add(("annotations", str(i)), f"annotations: {path.name} cannot be read as a UTF-8 CSV "
                         f"({type(exc).__name__}).")
    return out


def _annotation_rows(path: Path, i: int, problems: _Problems) -> list[dict[str, str]]:
    out = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                day = _parse_date(row.get("Date") or "")
            except ValueError:
                problems.add(("annotations", str(i)), f"{path.name}, line {line}: {row.get('Date')!r} is not "
                             "a date.")
                continue
            out.append({"date": day.isoformat(), "metric": row.get("MetricName") or "",
                        "description": row.get("EventDescription") or ""})
    return out


DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%a, %d-%b-%Y", "%d-%b-%Y", "%Y/%m/%d", "%m/%d/%y")


def _parse_date(text: str) -> date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


_BACKTICK = re.compile(r"`([^`]+)`")
_COMPARE = {ast.Eq: "=", ast.NotEq: "<>", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
            ast.In: "IN", ast.NotIn: "NOT IN"}


def pandas_query_to_sql(text: str) -> str:
    """A pandas ``DataFrame.query`` expression as an SQL condition (``Department == 'Sales'`` →
    ``"Department" = 'Sales'``). Comparisons, ``and``/``or``/``not`` (and ``&``/``|``/``~``),
    ``in`` lists, and backticked column names."""
    names: dict[str, str] = {}

    def hold(match: re.Match[str]) -> str:
        key = f"__col{len(names)}"
        names[key] = match.group(1)
        return key

    if len(text) > 10_000:
        raise ValueError(f"the query is {len(text):,} characters; write it in at most 10,000.")
    try:
        tree = ast.parse(_BACKTICK.sub(hold, text).strip(), mode="eval").body
    except (SyntaxError, RecursionError, MemoryError):  # MemoryError: CPython's parser on a very deep nesting
        raise ValueError(f"{text!r} is not a query expression like \"Department == 'Sales'\".") from None

    def sql(node: ast.AST) -> str:
        if isinstance(node, ast.BoolOp):
            joiner = " AND " if isinstance(node.op, ast.And) else " OR "
            return "(" + joiner.join(sql(v) for v in node.values) + ")"
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitAnd | ast.BitOr):
            return f"({sql(node.left)} {'AND' if isinstance(node.op, ast.BitAnd) else 'OR'} {sql(node.right)})"
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.Invert):
            return f"(NOT {sql(node.operand)})"
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return f"-{sql(node.operand)}"
        if isinstance(node, ast.Compare):
            parts, left = [], node.left
            for op, right in zip(node.ops, node.comparators, strict=True):
                if type(op) not in _COMPARE:
                    raise ValueError(f"{text!r}: the comparison {type(op).__name__} is not supported.")
                parts.append(f"{sql(left)} {_COMPARE[type(op)]} {sql(right)}")
                left = right
            return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"
        if isinstance(node, ast.Name):
            column = names.get(node.id, node.id)
            return '"' + column.replace('"', '""') + '"'
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return "'" + node.value.replace("'", "''") + "'"
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return "TRUE" if node.value else "FALSE"
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and math.isfinite(node.value):
            return repr(node.value)
        if isinstance(node, ast.List | ast.Tuple):
            return "(" + ", ".join(sql(e) for e in node.elts) + ")"
        raise ValueError(f"{text!r}: {ast.unparse(node)!r} is not supported in a filter; use comparisons of "
                         "columns with values, joined by and/or.")

    try:
        return sql(tree)
    except RecursionError:  # ~~~~…x thousands deep
        raise ValueError(f"{text[:40]!r}…: nested too deeply.") from None
