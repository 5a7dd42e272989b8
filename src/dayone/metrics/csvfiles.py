"""Reading a CSV source into an Arrow table, under its declared format (metrics/csvformat.py).

Arrow parses the file (multi-threaded, types inferred) with the source's delimiter — declared or
detected —, encoding and decimal mark; only empty cells (and the declared ``null_values``) are
missing. A column Arrow cannot type stays text and is checked and converted in the engine
(metrics/sources.py), so that a bad cell is named by its row. Text Arrow would otherwise
misread is kept as text: a timestamp with a UTC offset (Arrow would move it to UTC, losing the
day written in it) and ``nan``/``inf`` (which no person writes as a number). A file Arrow
cannot read at all is diagnosed line by line: every problem is one line naming the file, the
line and what to do.
"""

from __future__ import annotations

import csv

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from dayone.errors import ValidationFailed
from dayone.metrics.csvformat import FileFormat, delimiter_of
from dayone.metrics.spec import SourceSpec

SEPARATORS = {"\t": "tabs", ";": "semicolons", "|": "vertical bars", ",": "commas"}


def read(source: SourceSpec, path: str) -> pa.Table:
    """The file as an Arrow table, or a ValidationFailed naming its file, line and the fix."""
    fmt = source.format
    try:
        delimiter = delimiter_of(path, fmt)
    except OSError as exc:
        raise ValidationFailed(f"sources.{source.name}: {source.location} cannot be read ({exc.strerror}).") from None
    options = _options(fmt, delimiter)
    try:
        table = pa_csv.read_csv(path, *options)
    except (pa.ArrowInvalid, UnicodeError):
        table = None
    if table is not None:
        if any(pa.types.is_binary(f.type) for f in table.schema):  # Arrow's answer to bytes that are not UTF-8
            raise ValidationFailed(encoding_problem(source, path) or f"sources.{source.name}: {source.location} "
                                   "holds bytes that are not text; is it a CSV file?")
        if table.num_columns == 1:  # one column: perhaps another separator than the one used
            problem = _csv_problem(source, path, table.column_names, delimiter)
            if problem:
                raise ValidationFailed(problem)
        return _as_text(table, source, path, options)
    names = _csv_header(source, path, delimiter)
    try:
        as_text = pa_csv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=True,
                                        null_values=["", *fmt.null_values])
        return pa_csv.read_csv(path, options[0], options[1], as_text)
    except (pa.ArrowInvalid, UnicodeError) as exc:
        raise ValidationFailed(_csv_problem(source, path, names, delimiter) or
                               f"sources.{source.name}: {source.location} is not a readable CSV file: "
                               f"{str(exc).splitlines()[0]}") from None


def _options(fmt: FileFormat, delimiter: str) -> tuple[pa_csv.ReadOptions, pa_csv.ParseOptions, pa_csv.ConvertOptions]:
    return (pa_csv.ReadOptions(encoding="utf8" if fmt.is_utf8 else fmt.encoding),
            pa_csv.ParseOptions(delimiter=delimiter),
            pa_csv.ConvertOptions(null_values=["", *fmt.null_values], strings_can_be_null=True,
                                  decimal_point=fmt.decimal))


def _as_text(table: pa.Table, source: SourceSpec, path: str,
             options: tuple[pa_csv.ReadOptions, pa_csv.ParseOptions, pa_csv.ConvertOptions]) -> pa.Table:
    """The table with the columns Arrow would misread read again as text: zoned timestamps (the
    offset written decides the day) and floating-point columns holding nan or inf."""
    again = []
    for i, f in enumerate(table.schema):
        if pa.types.is_timestamp(f.type) and f.type.tz is not None:
            again.append(f.name)
        elif pa.types.is_floating(f.type) and table.num_rows:
            column = table.column(i)
            if pc.any(pc.is_nan(column)).as_py() or pc.any(pc.is_inf(column)).as_py():
                again.append(f.name)
    if not again:
        return table
    convert = options[2]
    text = pa_csv.ConvertOptions(column_types=dict.fromkeys(again, pa.string()), include_columns=again,
                                 null_values=convert.null_values, strings_can_be_null=True)
    reread = pa_csv.read_csv(path, options[0], options[1], text)
    for name in again:
        table = table.set_column(table.schema.get_field_index(name), name, reread.column(name))
    return table


def _csv_header(source: SourceSpec, path: str, delimiter: str) -> list[str]:
    where = f"sources.{source.name}: {source.location}"
    try:
        with open(path, newline="", encoding=source.format.encoding) as handle:
            header = next(csv.reader(handle, delimiter=delimiter), None)
    except UnicodeDecodeError:
        raise ValidationFailed(encoding_problem(source, path) or f"{where}, line 1: the text is not "
                               f"{source.format.encoding}.") from None
    if not header or not any(name.strip() for name in header):
        raise ValidationFailed(f"{where} is empty: it needs a header row naming its columns "
                               f"({source.date_column!r} among them) and then one row per day or event.")
    return [name.removeprefix("\ufeff") for name in header]


def encoding_problem(source: SourceSpec, path: str) -> str | None:
    """The first line whose bytes are not text in the source's encoding, and the fix."""
    encoding = source.format.encoding
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode(encoding)
            except UnicodeDecodeError as exc:
                shown = line.decode("latin-1").strip()[max(0, exc.start - 20):exc.start + 20]
                declared = "UTF-8" if source.format.is_utf8 else encoding
                if number == 1 and line.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16's byte-order mark
                    return (f"sources.{source.name}: {source.location}, line 1: the text is UTF-16 (its first bytes "
                            f"say so), not {declared}; declare encoding: utf-16 on the source, or save it as UTF-8.")
                return (f"sources.{source.name}: {source.location}, line {number}: the text is not {declared} "
                        f"(byte 0x{line[exc.start]:02x} in {shown!r}); declare the file's encoding on the source, "
                        f"e.g. encoding: latin-1 (cp1252 for Excel on Windows), or save it as UTF-8.")
    return None


def _csv_problem(source: SourceSpec, path: str, names: list[str], delimiter: str) -> str | None:
    """The first line whose number of fields differs from the header's, said in words a person
    can act on; None when every line has the header's number of fields."""
    where = f"sources.{source.name}: {source.location}"
    others = [sep for sep in SEPARATORS if sep != delimiter and sep in names[0]] if len(names) == 1 else []
    if others:
        return (f"{where}, line 1: the columns seem separated by {SEPARATORS[others[0]]}, not "
                f"{SEPARATORS.get(delimiter, repr(delimiter))}; declare delimiter: {others[0]!r} on the source.")
    try:
        with open(path, newline="", encoding=source.format.encoding) as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            next(reader, None)
            for row in reader:
                if row and len(row) != len(names):
                    hint = (" An unquoted thousands separator (1,234)? Quote such numbers or write them "
                            "without separators." if len(row) > len(names) else
                            " Fill in the missing fields, or leave them empty between separators.")
                    return (f"{where}, line {reader.line_num}: {len(row)} fields, but the header has "
                            f"{len(names)}.{hint}")
    except UnicodeDecodeError:
        return encoding_problem(source, path)
    except csv.Error as exc:
        return f"{where}: {exc}; check the quotes on that line."
    return None
