"""What a metrics file may say in SQL: metric expressions and filters checked against an
allow-list, and source queries checked to be one SELECT that reads no files.

A metric's ``column:`` (when it is an expression) and ``filter:`` are parsed with sqlglot, in
DuckDB's dialect, into a tree, and every node of the tree must be of an allowed kind: column
references, literals, arithmetic, comparisons, AND/OR/NOT, CASE, IN with a list, LIKE/ILIKE,
BETWEEN, IS NULL, casts to plain types and the scalar functions of ``FUNCTIONS``. The engine
then receives the tree rendered again by sqlglot, in its own dialect, never the text that was
written: nothing that is not in the tree (a second statement, a comment) reaches it.

A source's ``sql:`` query runs in the database an administrator named; it must be one SELECT
(no other statement, no SELECT INTO or FOR UPDATE) and call none of the functions that read
or write files, run other SQL or change the server (``pg_read_file``, ``read_csv``,
``load_extension``, …). It too reaches the database as sqlglot renders its tree.
"""

from __future__ import annotations

import re
from functools import lru_cache

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.tokens import TokenType

# sqlglot's own errors, and what its parser raises on some malformed text (`{:}` gives an
# AttributeError): text the parser cannot handle is refused, never a traceback
PARSER_FAULTS = (SqlglotError, ValueError, RecursionError, AttributeError, TypeError, IndexError, KeyError)

MAX_EXPRESSION = 2000  # characters: a metric's expression or filter is a line, not a program
MAX_QUERY = 100_000

# The scalar functions an expression may call, by the name a reader writes (docs/wbr.md lists
# them), each with the sqlglot node it parses to; sqlglot renders each in the engine's dialect.
FUNCTIONS: dict[str, type[exp.Expr]] = {
    "abs": exp.Abs, "round": exp.Round, "floor": exp.Floor, "ceil": exp.Ceil, "trunc": exp.Trunc,
    "sqrt": exp.Sqrt, "ln": exp.Ln, "log": exp.Log, "exp": exp.Exp, "power": exp.Pow, "sign": exp.Sign,
    "greatest": exp.Greatest, "least": exp.Least, "coalesce": exp.Coalesce, "nullif": exp.Nullif,
    "if": exp.If, "lower": exp.Lower, "upper": exp.Upper, "length": exp.Length, "trim": exp.Trim,
    "substring": exp.Substring, "concat": exp.Concat, "replace": exp.Replace, "strpos": exp.StrPosition,
    "left": exp.Left, "right": exp.Right, "starts_with": exp.StartsWith, "extract": exp.Extract,
    "year": exp.Year, "quarter": exp.Quarter, "month": exp.Month, "day": exp.Day, "dayofweek": exp.DayOfWeek,
    "date_trunc": exp.TimestampTrunc, "date_diff": exp.DateDiff,
}
# functions sqlglot knows only by name: rendered as written, so only these few
NAMED_FUNCTIONS = frozenset({"date_part", "datepart"})
# the nodes of the language itself
STRUCTURE: tuple[type[exp.Expr], ...] = (
    exp.Column, exp.Identifier, exp.Literal, exp.Boolean, exp.Null, exp.Paren, exp.Neg, exp.Not, exp.And, exp.Or,
    exp.Add, exp.Sub, exp.Mul, exp.Div, exp.IntDiv, exp.Mod, exp.DPipe, exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT,
    exp.LTE, exp.NullSafeEQ, exp.NullSafeNEQ, exp.Is, exp.Like, exp.ILike, exp.Escape, exp.Between, exp.In,
    exp.Case, exp.Cast, exp.TryCast, exp.DataType, exp.DataTypeParam, exp.Interval,
)
ALLOWED: tuple[type[exp.Expr], ...] = (*STRUCTURE, *FUNCTIONS.values(), exp.Anonymous, exp.Var)
# a word (a unit like DAY or YEAR) is allowed only where a unit goes
UNIT_OWNERS = (exp.Extract, exp.Interval, exp.TimestampTrunc, exp.DateTrunc, exp.DateDiff)
PLAIN_TYPES = frozenset({
    exp.DataType.Type.BOOLEAN, exp.DataType.Type.TINYINT, exp.DataType.Type.SMALLINT, exp.DataType.Type.INT,
    exp.DataType.Type.BIGINT, exp.DataType.Type.FLOAT, exp.DataType.Type.DOUBLE, exp.DataType.Type.DECIMAL,
    exp.DataType.Type.TEXT, exp.DataType.Type.VARCHAR, exp.DataType.Type.CHAR, exp.DataType.Type.DATE,
    exp.DataType.Type.TIMESTAMP, exp.DataType.Type.TIMESTAMPNTZ,
})
ALLOWED_SUMMARY = ("columns, numbers and 'text', + - * / // %, ||, comparisons, AND/OR/NOT, CASE, IN (a list), "
                   "LIKE/ILIKE, BETWEEN, IS [NOT] NULL, CAST to a plain type, and the functions "
                   + ", ".join(sorted([*FUNCTIONS, "date_part"])))


_PLAIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_KEYWORDS = frozenset(k.upper() for k in sqlglot.Dialect.get_or_raise("duckdb").tokenizer_class.KEYWORDS)


class ExpressionRefused(ValueError):
    """A metric's expression or filter, or a source's query, says something not allowed;
    the message says what, in words a person can act on."""


def _what(node: exp.Expr) -> str:
    """A node named for the person who wrote it."""
    if isinstance(node, exp.Subquery | exp.Select | exp.Exists | exp.Query):
        return "a subquery"
    if isinstance(node, exp.Star):
        return "`*`"
    if isinstance(node, exp.Placeholder | exp.Parameter):
        return f"a parameter (`{node.sql()}`)"
    if isinstance(node, exp.Window):
        return "a window (OVER …)"
    if isinstance(node, exp.AggFunc):
        return f"the aggregate {node.sql_name().lower()}() (the metric's `aggregation:` aggregates)"
    if isinstance(node, exp.Anonymous):
        return f"the function {node.name.lower()}()"
    if isinstance(node, exp.Func):
        return f"the function {node.sql_name().lower()}()"
    if isinstance(node, exp.Column):
        return f"the qualified column `{node.sql()}` (name the column alone)"
    if isinstance(node, exp.DataType):
        return f"a cast to {node.sql()} (cast to a plain type: INT, BIGINT, DOUBLE, DECIMAL, VARCHAR, DATE, …)"
    if isinstance(node, exp.Alias):
        return "an alias (AS …)"
    text = node.sql(comments=False)
    return f"`{text[:60]}`" if text else type(node).__name__


def _refusal(node: exp.Expr) -> str | None:
    """Why this node may not appear in an expression, or None when it may."""
    if not isinstance(node, ALLOWED):
        return _what(node)
    if isinstance(node, exp.Anonymous) and node.name.lower() not in NAMED_FUNCTIONS:
        return _what(node)
    if isinstance(node, exp.Var) and not isinstance(node.parent, UNIT_OWNERS):
        return f"the word `{node.name}`"
    if isinstance(node, exp.Column) and (node.args.get("table") or node.args.get("db") or node.args.get("catalog")):
        return _what(node)
    if isinstance(node, exp.In) and (node.args.get("query") or node.args.get("unnest") or node.args.get("field")):
        return "IN with anything but a list of values"
    if isinstance(node, exp.DataType):
        nested = [e for e in node.expressions if not isinstance(e, exp.DataTypeParam)]
        if node.this not in PLAIN_TYPES or nested or node.args.get("nested"):
            return _what(node)
    return None


def _unreadable(text: str, exc: BaseException) -> ExpressionRefused:
    if isinstance(exc, RecursionError):
        return ExpressionRefused("it is nested too deeply; write it more simply.")
    return ExpressionRefused(f"{text[:80]!r} is not an SQL expression: {_first_line(exc)}.")


def _first_line(exc: BaseException) -> str:
    if not isinstance(exc, SqlglotError | ValueError):  # the parser's own fault: its words mean nothing here
        return "the text cannot be read as SQL (check brackets, quotes and commas)"
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


@lru_cache(maxsize=4096)
def parse_expression(text: str) -> exp.Expr:
    """The tree of a metric's expression or filter (DuckDB's SQL), every node allowed; raises
    ExpressionRefused naming what is not."""
    if len(text) > MAX_EXPRESSION:
        raise ExpressionRefused(f"it is {len(text):,} characters; the limit is {MAX_EXPRESSION:,}.")
    if not text.strip():
        raise ExpressionRefused("it is empty.")
    try:
        tokens = sqlglot.tokenize(text, read="duckdb")
    except PARSER_FAULTS as exc:
        raise _unreadable(text, exc) from None
    for token in tokens:
        if token.comments:
            raise ExpressionRefused("a comment (`--` or `/* … */`) is not allowed.")
        if token.token_type == TokenType.SEMICOLON:
            raise ExpressionRefused("a second statement (`;`) is not allowed.")
    try:
        statements = sqlglot.parse(text, read="duckdb")
    except PARSER_FAULTS as exc:
        raise _unreadable(text, exc) from None
    if len(statements) != 1 or statements[0] is None:
        raise ExpressionRefused("give one expression.")
    tree = statements[0]
    if isinstance(tree, _STATEMENTS) or tree.key in ("install", "load", "attach", "detach"):
        raise ExpressionRefused(f"the statement {tree.key.upper()} is not allowed: write an expression over the "
                                "source's columns.")
    for node in tree.walk():
        why = _refusal(node)
        if why is not None:
            raise ExpressionRefused(f"{why} is not allowed. Allowed: {ALLOWED_SUMMARY}.")
        missing = node.error_messages()  # e.g. `@` alone: an ABS() of nothing
        if missing:
            raise ExpressionRefused(f"{text[:80]!r} is not an SQL expression: {missing[0]}.")
        if isinstance(node, exp.Identifier) and not node.quoted and not _PLAIN_NAME.match(node.name):
            node.set("quoted", True)
    try:  # a column named like a keyword (COPY) must stay a name when rendered: quote it then
        sqlglot.parse_one(tree.sql(dialect="duckdb"), read="duckdb")
    except (SqlglotError, ValueError, AttributeError, TypeError, IndexError, KeyError):
        for ident in tree.find_all(exp.Identifier):
            if ident.name.upper() in _KEYWORDS:
                ident.set("quoted", True)
    except RecursionError as exc:
        raise _unreadable(text, exc) from None
    rendered = tree.sql(dialect="duckdb")
    try:  # what the engine gets must read back as the same tree (`.0.` once rendered as `0.0.`)
        again = sqlglot.parse_one(rendered, read="duckdb").sql(dialect="duckdb")
    except (SqlglotError, ValueError, AttributeError, TypeError, IndexError, KeyError, RecursionError):
        again = None
    if again != rendered:
        raise ExpressionRefused(f"{text[:80]!r} is not an SQL expression that reads the same once written out "
                                f"({rendered[:80]!r}): write it plainly, e.g. `0.5` for a number.")
    return tree


# A column's name, written as it is (spaces and all): it reaches the engine only as a quoted
# name, or, when the source has no such column, through the check as an expression.
_NAME_LIKE = re.compile(r"^[^()'\";`\[\]{}*/\\$?:=<>!|&^~]+$")


def problem(text: object, field: str) -> str | None:
    """Why a metric's ``column`` or ``filter`` is refused, or None. A column that might be a
    column's own name (``Page Views``) waits for the source: the engine checks it then."""
    if not isinstance(text, str):
        return f"give text (quote it): {text!r} is not a column or an expression."
    if field == "column" and _PLAIN_NAME.match(text):
        return None  # a column's name: it reaches the engine quoted, as a name (the common case, kept fast)
    try:
        parse_expression(text)
    except ExpressionRefused as exc:
        if field == "column" and _NAME_LIKE.match(text) and "--" not in text:
            return None
        return str(exc)
    return None


@lru_cache(maxsize=4096)
def render(text: str, dialect: str) -> str:
    """A checked expression or filter as the engine of ``dialect`` reads it: sqlglot's rendering
    of the tree, never the text as written."""
    try:
        return parse_expression(text).sql(dialect=dialect, comments=False)
    except PARSER_FAULTS as exc:
        raise _unreadable(text, exc) from None


# Source queries: statements and functions that touch anything but the rows.
_STATEMENTS = (exp.DML, exp.DDL, exp.Command, exp.Into, exp.Lock, exp.Copy, exp.Pragma, exp.Set,
               exp.Transaction, exp.Commit, exp.Rollback, exp.Use)
_FUNCTION_PREFIXES = (
    "pg_read", "pg_ls", "pg_stat_file", "pg_file", "pg_logdir", "lo_", "dblink", "query_to_xml", "cursor_to_xml",
    "table_to_xml", "database_to_xml", "schema_to_xml", "pg_terminate", "pg_cancel", "pg_reload", "pg_rotate",
    "pg_promote", "pg_sleep", "pg_switch", "pg_create", "pg_drop", "pg_replication", "pg_logical", "pg_backup",
    "pg_start_backup", "pg_stop_backup", "set_config", "current_setting", "pg_advisory", "pg_notify", "nextval",
    "setval", "load_extension", "readfile", "writefile", "fsdir", "edit", "read_", "sniff_csv", "parquet_",
    "glob", "copy", "getenv", "shell", "system",
)


def _function_name(node: exp.Expr) -> str | None:
    if isinstance(node, exp.Anonymous):
        return node.name.lower()
    if isinstance(node, exp.Func):
        return node.sql_name().lower()
    return None


@lru_cache(maxsize=256)
def check_query(text: str, dialect: str) -> str:
    """A source's query, checked to be one SELECT that calls no function reading or writing
    files or running other SQL, as sqlglot renders it for ``dialect`` (postgres, sqlite)."""
    if len(text) > MAX_QUERY:
        raise ExpressionRefused(f"the query is {len(text):,} characters; the limit is {MAX_QUERY:,}.")
    body = text.strip().rstrip(";").strip()
    if not body:
        raise ExpressionRefused("the query is empty.")
    try:
        statements = [s for s in sqlglot.parse(body, read=dialect) if s is not None]
    except RecursionError:
        raise ExpressionRefused("the query is nested too deeply.") from None
    except PARSER_FAULTS as exc:
        raise ExpressionRefused(f"the query cannot be read as one SELECT: {_first_line(exc)}.") from None
    if len(statements) != 1:
        raise ExpressionRefused("give one SELECT: a second statement (`;`) is not allowed.")
    tree = statements[0]
    if not isinstance(tree, exp.Select | exp.SetOperation):
        raise ExpressionRefused(f"give one SELECT: {tree.key.upper()} statements are not allowed.")
    for node in tree.walk():
        if isinstance(node, _STATEMENTS):
            raise ExpressionRefused(f"give one SELECT: `{node.sql(comments=False)[:60]}` is not allowed in it.")
        name = _function_name(node)
        if name is not None and name.startswith(_FUNCTION_PREFIXES):
            raise ExpressionRefused(f"the function {name}() is not allowed in a source's query: it reads or "
                                    "changes something other than the rows.")
    try:
        return tree.sql(dialect=dialect, comments=False)
    except PARSER_FAULTS as exc:
        raise ExpressionRefused(f"the query cannot be read as one SELECT: {_first_line(exc)}.") from None
