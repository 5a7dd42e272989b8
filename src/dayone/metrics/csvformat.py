"""How a source writes its values: the format options a CSV (or Parquet) source may declare, and
the rules every engine reads values by, so that a file gives the same number on DuckDB and Spark.

- **Numbers**: a point is the decimal mark unless the source declares ``decimal: ","``. A
  thousands separator (``,`` by default; ``.`` when the decimal mark is a comma; or the one
  declared) counts only in groups of three (``1,234,567``): ``"12,5"`` is never 125 — it is not
  a number, and the error says what to declare.
- **Missing values**: only an empty cell is missing, unless the source lists its
  ``null_values``; ``NA`` is Namibia.
- **Days**: a timestamp belongs to the day written in it (its UTC offset does not move it); a
  source's ``timezone`` turns instants (timestamps with an offset, Parquet's zoned timestamps)
  into that zone's days. Nothing depends on the machine's time zone.
- **Delimiter**: detected (Python's ``csv.Sniffer``) unless declared.
- **Encoding**: UTF-8 unless declared; other bytes are an error naming the line and the fix.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import re
import zoneinfo
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dayone.metrics.problems import Problems

FORMAT_FIELDS = ("delimiter", "decimal", "thousands", "encoding", "null_values", "timezone")
CSV_ONLY = ("delimiter", "decimal", "thousands", "encoding", "null_values")
DECIMALS = (".", ",")
# the separators people's exports group thousands with: comma, point, space, apostrophe (Swiss),
# the no-break spaces French locales write; "none" refuses any
THOUSANDS = {",": ",", ".": ".", " ": " ", "'": "'", "\u00a0": "\u00a0", "\u202f": "\u202f", "none": ""}
DELIMITER_NAMES = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " "}
SNIFFED = ",;\t|"  # the delimiters detection chooses among
SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class FileFormat:
    """A source's declared format; the defaults read plain UTF-8 comma-separated files."""

    delimiter: str | None = None  # None: detected
    decimal: str = "."
    thousands: str | None = None  # None: the decimal mark's usual partner; "" none
    encoding: str = "utf-8"
    null_values: tuple[str, ...] = ()
    timezone: str | None = None

    @property
    def grouping(self) -> str:
        """The thousands separator in force ("" for none)."""
        if self.thousands is not None:
            return self.thousands
        return "," if self.decimal == "." else "."

    @property
    def is_utf8(self) -> bool:
        return codecs.lookup(self.encoding).name == "utf-8"

    def spelled(self) -> str:
        """How this format writes numbers, for messages: ``1,234,567.5``."""
        return f"1{self.grouping}234{self.grouping}567{self.decimal}5"


def number_patterns(fmt: FileFormat) -> tuple[str, str]:
    """Two regular expressions (RE2 and Java alike: no ``\\d``) for the text that is a number:
    plain (``-12.5``, ``1e6``) and grouped in thousands (``1,234,567.5``)."""
    d = f"[{fmt.decimal}]"  # a class: the same in every regex dialect and SQL string literal
    plain = rf"^[+-]?([0-9]+({d}[0-9]*)?|{d}[0-9]+)([eE][+-]?[0-9]+)?$"
    if not fmt.grouping:
        return plain, plain
    t = f"[{fmt.grouping}]"
    return plain, rf"^[+-]?[0-9]{{1,3}}({t}[0-9]{{3}})+({d}[0-9]*)?$"


def is_number(text: str, fmt: FileFormat) -> bool:
    """Whether ``text`` is a number as ``fmt`` writes them (what the engines' SQL checks)."""
    plain, grouped = _compiled(fmt)
    stripped = text.strip(" ")  # as SQL's trim: spaces only
    return bool(plain.match(stripped) or grouped.match(stripped))


def to_number(text: str, fmt: FileFormat) -> float:
    """The number ``text`` stands for under ``fmt`` (ValueError when it is none)."""
    if not is_number(text, fmt):
        raise ValueError(text)
    stripped = text.strip(" ")
    if fmt.grouping:
        stripped = stripped.replace(fmt.grouping, "")
    return float(stripped.replace(fmt.decimal, "."))


@cache
def _compiled(fmt: FileFormat) -> tuple[re.Pattern[str], re.Pattern[str]]:
    plain, grouped = number_patterns(fmt)
    return re.compile(plain), re.compile(grouped)


SEPARATOR_NAMES = {",": "a comma", ".": "a point", " ": "a space", "'": "an apostrophe", "\u00a0": "a no-break space",
                   "\u202f": "a narrow no-break space"}


def not_a_number(value: Any, fmt: FileFormat, source: str) -> str:
    """Why a cell is no number, and what to declare when it looks like one in another format."""
    text = str(value)
    said = f"{text!r} is not a number"
    if not re.fullmatch(r"\s*[+-]?[0-9][0-9.,' \u00a0\u202f]*\s*", text):
        return said + (f" (if it marks a missing value, list it in sources.{source}.null_values)"
                       if text.strip() and not any(c.isdigit() for c in text) else "") + "."
    grouping = (f"{SEPARATOR_NAMES.get(fmt.grouping, repr(fmt.grouping))} separates thousands only in groups of "
                f"three ({fmt.spelled()})" if fmt.grouping else "no thousands separator is read")
    if fmt.decimal == ".":
        return (f"{said}: here {grouping}, and decimal commas are not read; if the file writes decimal commas "
                f'(12,5 or 1.234,50), declare decimal: "," on sources.{source}.')
    return (f"{said}: here the decimal mark is a comma and {grouping}; declare the file's thousands separator "
            f'on sources.{source} (thousands: ...), or decimal: ".".')


def sniff_delimiter(sample: str) -> str | None:
    """The delimiter of a CSV sample (whole lines); None if no candidate fits.

    A candidate fits when the sample, parsed as the engines parse it (double quotes), has the
    header's number of fields (more than one) on every line. When several fit, Python's
    ``csv.Sniffer`` chooses among them; its guess alone is not enough, as it takes an apostrophe
    for a quote, so a text like ``;'`` misleads it (found by hypothesis). If it guesses none of
    them, the first that fits wins, commas first."""
    lines = sample.splitlines()[:20]
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the last line may be cut
    if not lines:
        return None
    fitting = [d for d in SNIFFED if _fits(lines, d)]
    if len(fitting) == 1:  # the usual case: nothing for the Sniffer to settle (it costs ~20 ms on wide files)
        return fitting[0]
    try:
        guess: str | None = csv.Sniffer().sniff("\n".join(lines) + "\n", delimiters=SNIFFED).delimiter
    except csv.Error:
        guess = None
    return guess if guess in fitting else (fitting[0] if fitting else None)


def _fits(lines: list[str], delimiter: str) -> bool:
    try:
        counts = {len(row) for row in csv.reader(lines, delimiter=delimiter) if row}
    except csv.Error:
        return False
    return len(counts) == 1 and counts.pop() > 1


def read_sample(path: str, fmt: FileFormat) -> str:
    """The file's first bytes as text (undecodable bytes replaced), for detection."""
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    return head.decode(fmt.encoding, errors="replace").removeprefix("\ufeff")


def delimiter_of(path: str, fmt: FileFormat) -> str:
    """The declared delimiter, else the detected one, else a comma."""
    if fmt.delimiter:
        return fmt.delimiter
    return sniff_delimiter(read_sample(path, fmt)) or ","


def java_charset(encoding: str) -> str:
    """The Java name of a Python codec (Spark reads through Java)."""
    name = codecs.lookup(encoding).name
    known = {"iso8859-1": "ISO-8859-1", "cp1252": "windows-1252", "utf-8": "UTF-8", "utf-16": "UTF-16",
             "utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE", "iso8859-15": "ISO-8859-15", "cp1250": "windows-1250",
             "mac-roman": "x-MacRoman", "latin-1": "ISO-8859-1"}
    return known.get(name, name)


def parse(spec: dict[Any, Any], path: tuple[str, ...], problems: Problems, kind: str) -> FileFormat:
    """The format fields of a source (``spec``), each checked; a bad one is a problem at its
    field, with the values allowed."""
    name = ".".join(path)
    values: dict[str, Any] = {}
    for key in FORMAT_FIELDS:
        if key not in spec:
            continue
        here = (*path, key)
        raw = spec[key]
        if kind != "csv" and key in CSV_ONLY:
            problems.add(here, f"{name}.{key}: applies to CSV sources only.")
            continue
        if kind == "sql" and key == "timezone":
            problems.add(here, f"{name}.timezone: applies to file sources; in a query, convert the instants "
                         "with AT TIME ZONE.")
            continue
        checked = _check(key, raw, f"{name}.{key}", here, problems)
        if checked is not None:
            values[key] = checked
    if "thousands" in values and values["thousands"] and values["thousands"] == values.get("decimal", "."):
        problems.add((*path, "thousands"), f"{name}.thousands: {values['thousands']!r} is also the decimal mark; "
                     "give another separator, or none.")
        del values["thousands"]
    return FileFormat(**values)


def _check(key: str, raw: Any, field: str, here: tuple[str, ...], problems: Problems) -> Any:
    if key == "null_values":
        listed = [raw] if isinstance(raw, str) else raw
        if not isinstance(listed, list) or not all(isinstance(v, str) and 0 < len(v) <= 100 for v in listed):
            problems.add(here, f"{field}: give the texts that mark a missing value, like [NA, \"-\"] (text, not "
                         "empty: an empty cell is always missing).")
            return None
        return tuple(listed)
    if not isinstance(raw, str):
        problems.add(here, f"{field}: expected text, not {type(raw).__name__}" + (
            ' (quote it: decimal: "," )' if key in ("decimal", "thousands") else "") + ".")
        return None
    if key == "delimiter":
        value = DELIMITER_NAMES.get(raw.lower(), raw)
        if len(value) != 1 or value in "\"\r\n" or value.isalnum():
            problems.add(here, f"{field}: {raw!r} is not a delimiter; give one character, like ';', '|' or "
                         "tab.")
            return None
        return value
    if key == "decimal":
        if raw not in DECIMALS:
            problems.add(here, f"{field}: {raw!r} is not a decimal mark; use \".\" or \",\".")
            return None
        return raw
    if key == "thousands":
        if raw.lower() not in THOUSANDS and raw not in THOUSANDS:
            problems.add(here, f"{field}: {raw!r} is not a thousands separator; use \",\", \".\", \" \", \"'\" or "
                         "none.")
            return None
        return THOUSANDS.get(raw, THOUSANDS.get(raw.lower()))
    if key == "encoding":
        try:
            codec = codecs.lookup(raw)
        except LookupError:
            close = difflib.get_close_matches(raw.lower(), ["utf-8", "latin-1", "cp1252", "utf-16", "iso-8859-15"],
                                              n=1)
            problems.add(here, f"{field}: {raw!r} is not an encoding" + (f"; did you mean {close[0]!r}?" if close
                                                                         else "; use utf-8, latin-1 or cp1252."))
            return None
        if not _is_text_codec(codec.name):
            problems.add(here, f"{field}: {raw!r} is not a text encoding; use utf-8, latin-1 or cp1252.")
            return None
        return codec.name
    # timezone
    try:
        zoneinfo.ZoneInfo(raw)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        close = difflib.get_close_matches(raw, sorted(zoneinfo.available_timezones()), n=1)
        problems.add(here, f"{field}: {raw!r} is not a time zone" + (
            f"; did you mean {close[0]!r}?" if close else "; give an IANA name like Europe/Berlin or UTC."))
        return None
    return raw


def _is_text_codec(name: str) -> bool:
    try:
        return "a,1".encode(name).decode(name) == "a,1"
    except (LookupError, TypeError, UnicodeError):
        return False


# --- the same rules in each engine's SQL (DuckDB, Spark) ------------------------------------

DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S.%f",
                "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%m/%d/%y", "%m/%d/%Y",
                "%a, %d-%b-%Y", "%d-%b-%Y", "%Y/%m/%d")
# besides ISO dates, the forms WBR App CSVs use: 1/31/2020, "Sun, 05-Jan-2020", 05-Jan-2020
# (DuckDB's own cast reads 3/1/23 as the year 3, so text dates go through these formats only)
SPARK_DATE_PATTERNS = ("M/d/yy", "M/d/yyyy", "yyyy/MM/dd")  # and dd-MMM-yyyy, after any weekday
# a UTC offset (or Z, UTC, GMT) after a time of day: "2024-06-01T23:30:00-05:00" → "-05:00" (group 4);
# classes, not \d or \s, so that the same text is a pattern in RE2 (DuckDB) and Java (Spark)
ZONED = r"([0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)[ ]*(Z|UTC|GMT|[+-][0-9]{2}(:?[0-9]{2})?)$"


def literal(text: str, dialect: str) -> str:
    """``text`` as an SQL string literal of the dialect (Spark's take backslash escapes)."""
    if dialect == "spark":
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return "'" + text.replace("'", "''") + "'"


def _matches(column: str, pattern: str, dialect: str) -> str:
    if dialect == "spark":
        return f"({column} rlike {literal(pattern, dialect)})"
    return f"regexp_full_match({column}, {literal(pattern, dialect)})"


def blank_sql(column: str) -> str:
    """SQL: the cell is missing (NULL, empty or spaces)."""
    return f"(nullif(trim({column}), '') IS NULL)"


def number_sql(column: str, fmt: FileFormat, dialect: str) -> str:
    """SQL: a text cell is a number as ``fmt`` writes them."""
    plain, grouped = number_patterns(fmt)
    cell = f"trim({column})"
    if plain == grouped:
        return _matches(cell, plain, dialect)
    return f"({_matches(cell, plain, dialect)} OR {_matches(cell, grouped, dialect)})"


def value_sql(column: str, fmt: FileFormat, dialect: str) -> str:
    """SQL: the DOUBLE a text cell of numbers stands for (NULL for a blank cell)."""
    cell = f"trim({column})"
    if fmt.grouping:
        cell = f"replace({cell}, {literal(fmt.grouping, dialect)}, '')"
    if fmt.decimal != ".":
        cell = f"replace({cell}, {literal(fmt.decimal, dialect)}, '.')"
    cast = "try_cast" if dialect == "spark" else "TRY_CAST"
    return f"{cast}(nullif({cell}, '') AS DOUBLE)"


def day_sql(column: str, type_name: str, fmt: FileFormat) -> str:
    """DuckDB SQL: the day of a date column of type ``type_name``. Text is parsed by
    ``DATE_FORMATS``; a timestamp with a UTC offset is the day written in it, or, with a declared
    ``timezone``, the day of that instant in the zone; zoned timestamps (Parquet) are UTC days
    unless a zone is declared."""
    zone = literal(fmt.timezone or "UTC", "duckdb")
    kind = type_name.upper()
    if kind == "DATE":
        return column
    if kind.startswith("TIMESTAMP WITH TIME ZONE") or kind == "TIMESTAMPTZ":
        return f"CAST(timezone({zone}, {column}) AS DATE)"
    if kind != "VARCHAR":
        return f"TRY_CAST({column} AS DATE)"
    formats = "[" + ", ".join(literal(f, "duckdb") for f in DATE_FORMATS) + "]"
    text = f"trim({column})"
    local = f"try_strptime(regexp_replace({text}, {literal(ZONED, 'duckdb')}, '\\1'), {formats})"
    if not fmt.timezone:
        return f"CAST({local} AS DATE)"
    offset = f"regexp_extract({text}, {literal(ZONED, 'duckdb')}, 4)"
    sign = f"(CASE WHEN left({offset}, 1) = '-' THEN -1 ELSE 1 END)"
    digits = f"replace(substr({offset}, 2), ':', '')"
    minutes = (f"(CASE WHEN {offset} IN ('Z', 'UTC', 'GMT') THEN 0 ELSE {sign} * (CAST(left({digits}, 2) AS INTEGER)"
               f" * 60 + coalesce(TRY_CAST(nullif(substr({digits}, 3, 2), '') AS INTEGER), 0)) END)")
    instant = f"timezone('UTC', {local} - to_minutes(CAST({minutes} AS BIGINT)))"
    return (f"(CASE WHEN regexp_matches({text}, {literal(ZONED, 'duckdb')}) "
            f"THEN CAST(timezone({zone}, {instant}) AS DATE) ELSE CAST({local} AS DATE) END)")


def spark_day_sql(column: str, type_name: str, fmt: FileFormat) -> str:
    """Spark SQL: the day of a date column, by the rules of ``day_sql`` (Spark's session is UTC;
    its cast of text to a date takes the day written, whatever follows it)."""
    zone = literal(fmt.timezone or "UTC", "spark")
    kind = type_name.lower()
    if kind == "date":
        return column
    if kind == "timestamp":  # an instant
        return f"CAST(from_utc_timestamp({column}, {zone}) AS DATE)"
    if kind != "string":
        return f"try_cast({column} AS DATE)"
    text = f"trim({column})"
    # ISO dates and timestamps (the day written), then the forms of DATE_FORMATS in Spark's patterns;
    # Spark parses no weekday, so "Sat, " is dropped first
    formats = [f"CAST(try_to_timestamp({text}, '{p}') AS DATE)" for p in SPARK_DATE_PATTERNS]
    weekday = f"regexp_replace({text}, '^[A-Za-z]{{3}},[ ]*', '')"
    written = (f"coalesce(try_cast({text} AS DATE), {', '.join(formats)}, "
               f"CAST(try_to_timestamp({weekday}, 'dd-MMM-yyyy') AS DATE))")
    if not fmt.timezone:
        return written
    return (f"(CASE WHEN {_matches(text, ZONED, 'spark')} THEN CAST(from_utc_timestamp(try_cast({text} AS TIMESTAMP), "
            f"{zone}) AS DATE) ELSE {written} END)")
