"""A metrics file is data, not code (issue 9): its expressions and filters pass an allow-list
and reach the engine as sqlglot renders the checked tree; its source queries are one SELECT;
DuckDB may open only the declared files; the workspace's file reads only its data folders and
the server's named connections; no source reads a Day One home. Everything refused is refused
when the file is read, before any engine runs — and the DuckDB sandbox holds even for SQL that
never went through the checks."""

from __future__ import annotations

import csv
import os
import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
import sqlglot
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text
from sqlglot.tokens import TokenType

from dayone.errors import ValidationFailed
from dayone.metrics import expressions, spec
from dayone.metrics.compute import Engine
from dayone.metrics.sandbox import Sandbox
from dayone.metrics.sources import DuckDBFiles, SourceFailed, sandboxed
from dayone.metrics.spec import SourceSpec

WEEK = date(2026, 11, 21)


def _rows() -> list[tuple[str, float, int, str, str]]:
    rng = random.Random(3)
    out = []
    for i in range(120):
        day = WEEK - timedelta(days=i)
        for _ in range(3):
            out.append((day.isoformat(), round(rng.uniform(1, 90), 2), rng.randint(0, 5),
                        rng.choice(["EU", "US", "APAC"]), rng.choice(["ada", "Bob", " bea ", "carl", "Al"])))
    return out


ROWS = _rows()


def _csv(folder: Path, name: str = "orders.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["day", "amount", "qty", "region", "name"])
        writer.writerows(ROWS)
    return path


def _problems(body: str, *, base: Path, sandbox: Sandbox | None = None) -> list[dict[str, Any]]:
    with pytest.raises(ValidationFailed) as failed:
        spec.parse(body, base=base, sandbox=sandbox)
    return list(failed.value.details)


HEAD = "sources:\n  o: {csv: orders.csv, date_column: day}\nmetrics:\n"

# (field, text, what the refusal says): reading files, writing, attaching, loading, second
# statements, comments, subqueries, the environment — none passes the allow-list
HOSTILE_EXPRESSIONS = [
    ("column", "read_text('/etc/passwd')", "the function read_text()"),
    ("column", "length(read_text('/etc/passwd'))", "the function read_text()"),
    ("column", "read_csv('/etc/passwd')", "the function read_csv()"),
    ("column", "read_parquet('/srv/other.parquet')", "the function read_parquet()"),
    ("column", "(SELECT count(*) FROM glob('/*'))", "a subquery"),
    ("column", "*", "`*`"),
    ("column", "sum(amount)", "the aggregate sum()"),
    ("filter", "o.amount > 0", "the qualified column"),
    ("column", "amount::JSON", "a cast to JSON"),
    ("column", "nonsense_function(amount)", "the function nonsense_function()"),
    ("column", "list_transform([amount], x -> x)", "is not allowed"),
    ("filter", "region = 'EU'; COPY (SELECT 1) TO 'MARKER'", "a second statement (`;`)"),
    ("filter", "region = 'EU' -- and the rest", "a comment"),
    ("filter", "region = 'EU' /* hidden */", "a comment"),
    ("filter", "region IN (SELECT file FROM glob('/etc/*'))", "IN with anything but a list"),
    ("filter", "EXISTS (SELECT 1)", "a subquery"),
    ("filter", "getenv('HOME') = '/root'", "the function getenv()"),
    ("filter", "current_setting('temp_directory') <> ''", "the function current_setting()"),
    ("filter", "ATTACH 'MARKER' AS stolen", "is not allowed"),
    ("filter", "COPY (SELECT 1) TO 'MARKER'", "is not allowed"),
    ("filter", "INSTALL httpfs", "is not allowed"),
    ("filter", "LOAD httpfs", "is not allowed"),
    ("filter", "amount > $1", "a parameter"),
    ("filter", "amount > 0) OR (1 = 1", "not an SQL expression"),
    ("filter", "sum(amount) OVER () > 0", "is not allowed"),
]


@pytest.mark.parametrize(("field", "written", "says"), HOSTILE_EXPRESSIONS)
def test_hostile_expressions_are_refused_when_the_file_is_read(tmp_path: Path, field: str, written: str,
                                                                says: str) -> None:
    _csv(tmp_path)
    line = f'  m: {{source: o, column: amount, {field}: "{written}"}}\n'.replace("column: amount, column", "column")
    problems = _problems(HEAD + line, base=tmp_path)
    assert len(problems) == 1
    problem = problems[0]
    assert problem["location"]["field"] == f"metrics.m.{field}" and problem["location"]["line"] == 4
    assert problem["message"].startswith(f"metrics.m.{field}: ") and says in problem["message"]
    assert not list(tmp_path.glob("MARKER*"))


def test_a_column_name_with_spaces_waits_for_the_source_and_is_checked_there(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "v.csv").write_text("Date,Page Views\n2026-11-20,3\n2026-11-21,4\n")
    body = "sources:\n  v: {csv: v.csv, date_column: Date}\nmetrics:\n  views: {source: v, column: Page Views}\n"
    with Engine(spec.parse(body, base=folder)) as built:
        assert built.compute(WEEK)["metrics"]["views"]["weeks"][-1]["value"] == 7
    hostile = body.replace("column: Page Views", "column: Page Views OR 1")  # not a column: checked as SQL
    with pytest.raises(SourceFailed) as failed, Engine(spec.parse(hostile, base=folder)) as built:
        built.compute(WEEK)
    assert failed.value.metrics == ("views",) and "metrics.views.column" in failed.value.message


ALLOWED = """\
sources:
  o: {SOURCE, date_column: day}
metrics:
  per_item: {source: o, column: "amount / nullif(qty, 0)", aggregation: max}
  banded: {source: o, column: "CASE WHEN amount >= 50 THEN 1 WHEN amount >= 20 THEN 0.5 ELSE 0 END"}
  eu_us: {source: o, column: amount, filter: "region IN ('EU', 'US')"}
  named_a: {source: o, aggregation: count, filter: "name LIKE 'a%' OR name LIKE 'A%'"}
  mid: {source: o, column: amount, filter: "amount BETWEEN 10 AND 50 AND name IS NOT NULL"}
  shifted: {source: o, column: "abs(amount - 30) + coalesce(nullif(qty, 0), 1)"}
  letters: {source: o, column: "length(upper(trim(name)))"}
  doubled: {source: o, column: "CAST(qty AS DOUBLE) * 2"}
  b_or_eu: {source: o, aggregation: count, filter: "trim(lower(name)) LIKE 'b%' OR NOT region <> 'EU'"}
  capped: {source: o, column: "greatest(amount, 20) - least(qty, 3)"}
"""


def _expected() -> dict[str, float]:
    """The last week's values, computed by hand from the rows."""
    week = [r for r in ROWS if "2026-11-15" <= r[0] <= "2026-11-21"]
    return {
        "per_item": max(a / q for _, a, q, _, _ in week if q),
        "banded": sum(1 if a >= 50 else 0.5 if a >= 20 else 0 for _, a, _, _, _ in week),
        "eu_us": sum(a for _, a, _, r, _ in week if r in ("EU", "US")),
        "named_a": sum(1 for *_, n in week if n.startswith(("a", "A"))),
        "mid": sum(a for _, a, _, _, _ in week if 10 <= a <= 50),
        "shifted": sum(abs(a - 30) + (q or 1) for _, a, q, _, _ in week),
        "letters": sum(len(n.strip()) for *_, n in week),
        "doubled": sum(q * 2 for _, _, q, _, _ in week),
        "b_or_eu": sum(1 for _, _, _, r, n in week if n.strip().lower().startswith("b") or r == "EU"),
        "capped": sum(max(a, 20) - min(q, 3) for _, a, q, _, _ in week),
    }


def _last_week(body: str, base: Path, **engine: Any) -> dict[str, float]:
    with Engine(spec.parse(body, base=base), **engine) as built:
        deck = built.compute(WEEK)
    return {name: m["weeks"][-1]["value"] for name, m in deck["metrics"].items()}


def test_allowed_expressions_compute_on_duckdb_and_sqlite(tmp_path: Path) -> None:
    _csv(tmp_path)
    expected = _expected()
    assert _last_week(ALLOWED.replace("SOURCE", "csv: orders.csv"), tmp_path) == pytest.approx(expected)
    with sqlite3.connect(tmp_path / "shop.db") as con:
        con.execute("CREATE TABLE orders (day TEXT, amount REAL, qty INT, region TEXT, name TEXT)")
        con.executemany("INSERT INTO orders VALUES (?, ?, ?, ?, ?)", ROWS)
    source = f"table: orders, database: 'sqlite:///{tmp_path / 'shop.db'}'"
    assert _last_week(ALLOWED.replace("SOURCE", source), tmp_path) == pytest.approx(expected)


def test_allowed_expressions_compute_on_postgresql(tmp_path: Path, postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS expr_orders"))
            conn.execute(text("CREATE TABLE expr_orders (day DATE, amount DOUBLE PRECISION, qty INT, region TEXT, "
                              "name TEXT)"))
            conn.execute(text("INSERT INTO expr_orders VALUES (CAST(:d AS DATE), :a, :q, :r, :n)"),
                         [{"d": d, "a": a, "q": q, "r": r, "n": n} for d, a, q, r, n in ROWS])
        source = f"sql: 'SELECT * FROM expr_orders', database: '{postgres_url}'"
        assert _last_week(ALLOWED.replace("SOURCE", source), tmp_path) == pytest.approx(_expected())
    finally:
        engine.dispose()


@pytest.mark.spark
@pytest.mark.filterwarnings("ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning")
def test_allowed_expressions_compute_on_spark(tmp_path: Path, spark: Any) -> None:
    _csv(tmp_path)
    body = ALLOWED.replace("SOURCE", "csv: orders.csv").replace("trim(lower(name))", "lower(trim(name))")
    assert _last_week(body, tmp_path, engine="spark", spark=spark) == pytest.approx(_expected())


# -- the allow-list as a parser: any text gives a verdict, never a crash, and what it accepts
#    renders to SQL that it accepts again, unchanged


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([
    *"abxyz019 _.,;:'\"()[]{}*/+-<>=!%|&$?@#\\\n", "read_text", "SELECT", "FROM", " IN ", " LIKE ", "CASE",
    "WHEN", "THEN", "END", "--", "/*", "*/", "::",
    "COPY", "ATTACH", "glob", "sum", "abs", "NULL", " AND ", " OR ", "NOT "]), max_size=30).map("".join),
       st.sampled_from(["column", "filter"]))
@example("{:}", "column")  # sqlglot's parser raised AttributeError on it
@example("{:}", "filter")
@example(".0.", "column")  # accepted once, then rendered as `0.0.`, which no engine reads
def test_any_text_gets_a_verdict(written: str, field: str) -> None:
    verdict = expressions.problem(written, field)
    assert verdict is None or isinstance(verdict, str)
    try:
        rendered = expressions.render(written, "duckdb")
    except expressions.ExpressionRefused:
        return
    assert expressions.render(rendered, "duckdb") == rendered  # the rendering is itself allowed, and stable
    tokens = sqlglot.tokenize(rendered, read="duckdb")  # what the engine gets: no comment, no second statement
    assert not any(t.comments or t.token_type == TokenType.SEMICOLON for t in tokens)


_COLUMNS = st.sampled_from(["amount", "qty", '"qty"'])
_NUMBERS = st.integers(min_value=-5, max_value=60).map(str)


def _numeric(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*"]), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        children.map(lambda c: f"abs({c})"),
        st.tuples(children, children).map(lambda t: f"coalesce(nullif({t[0]}, 0), {t[1]})"),
        st.tuples(children, children).map(lambda t: f"greatest({t[0]}, {t[1]})"),
        st.tuples(children, children, children).map(lambda t: f"CASE WHEN {t[0]} > {t[1]} THEN {t[2]} ELSE 0 END"),
        children.map(lambda c: f"CAST({c} AS DOUBLE)"),
    )


EXPRESSIONS = st.recursive(st.one_of(_COLUMNS, _NUMBERS), _numeric, max_leaves=8)
CONDITIONS = st.one_of(
    st.tuples(EXPRESSIONS, st.sampled_from(["<", "<=", "=", "<>", ">"]), EXPRESSIONS).map(" ".join),
    st.tuples(EXPRESSIONS, _NUMBERS, _NUMBERS).map(lambda t: f"{t[0]} BETWEEN {t[1]} AND {t[2]}"),
    st.lists(st.sampled_from(["'EU'", "'US'", "'x'"]), min_size=1, max_size=3).map(
        lambda v: f"region IN ({', '.join(v)})"),
    st.sampled_from(["name LIKE 'a%'", "name ILIKE 'B%'", "name IS NULL", "NOT name IS NULL"]),
)


@pytest.fixture(scope="module")
def table() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (amount DOUBLE, qty INT, region TEXT, name TEXT)")
    con.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", [r[1:] for r in ROWS[:60]] + [(None, None, None, None)])
    return con


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(EXPRESSIONS, CONDITIONS)
def test_the_checked_tree_means_what_was_written(table: duckdb.DuckDBPyConnection, value: str, condition: str
                                                 ) -> None:
    """The engine gets sqlglot's rendering, not the text: it must compute the same numbers."""
    rendered_value, rendered_condition = expressions.render(value, "duckdb"), expressions.render(condition, "duckdb")
    as_written = table.execute(f"SELECT sum({value}) FILTER (WHERE {condition}), count(*) FILTER (WHERE {condition}) "
                               "FROM t").fetchone()
    as_checked = table.execute(f"SELECT sum({rendered_value}) FILTER (WHERE {rendered_condition}), count(*) FILTER "
                               f"(WHERE {rendered_condition}) FROM t").fetchone()
    assert as_checked == pytest.approx(as_written)


# -- source queries


@pytest.mark.parametrize(("dialect", "query", "says"), [
    ("postgres", "SELECT day, n FROM t; DELETE FROM t", "second statement"),
    ("postgres", "DELETE FROM t RETURNING *", "DELETE statements are not allowed"),
    ("postgres", "WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x", "is not allowed in it"),
    ("postgres", "SELECT pg_read_file('/etc/passwd') AS day", "pg_read_file()"),
    ("postgres", "SELECT * FROM pg_ls_dir('.') d", "pg_ls_dir()"),
    ("postgres", "SELECT query_to_xml('select 1', true, true, '') AS day", "query_to_xml()"),
    ("postgres", "SELECT lo_import('/etc/passwd') AS day", "lo_import()"),
    ("postgres", "SELECT * INTO stolen FROM t", "is not allowed in it"),
    ("postgres", "SELECT * FROM t FOR UPDATE", "is not allowed in it"),
    ("postgres", "COPY t TO '/tmp/x'", "not allowed"),
    ("postgres", "SELECT 1) q; SELECT pg_read_file('x'); SELECT * FROM (SELECT 1", "cannot be read"),
    ("sqlite", "SELECT load_extension('/tmp/evil.so') AS day", "load_extension()"),
    ("sqlite", "ATTACH '/tmp/x.db' AS y", "not allowed"),
    ("sqlite", "PRAGMA query_only = 0", "not allowed"),
])
def test_hostile_source_queries_are_refused(dialect: str, query: str, says: str) -> None:
    with pytest.raises(expressions.ExpressionRefused, match=says.replace("(", r"\(").replace(")", r"\)")):
        expressions.check_query(query, dialect)


def test_source_queries_reach_the_database_as_rendered() -> None:
    rendered = expressions.check_query("select a::date as day, b from t -- the sales\nwhere c = 'x';", "postgres")
    assert rendered == "SELECT CAST(a AS DATE) AS day, b FROM t WHERE c = 'x'"  # no comment, no `;`


# -- the in-process DuckDB: sandboxed even for SQL that never went through the checks


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A Day One home with its database and key, a file of its data folder and one outside."""
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    with sqlite3.connect(home / "dayone.db") as con:
        con.execute("CREATE TABLE users (email TEXT, password_hash TEXT)")
        con.execute("INSERT INTO users VALUES ('ada@example.com', 'argon2-HASH')")
    (home / "secret_key").write_text("KEY-THAT-SIGNS-SESSIONS")
    duckdb.sql(f"COPY (SELECT DATE '2026-11-21' AS day, 5 AS n) TO '{home / 'data' / 'n.parquet'}' (FORMAT parquet)")
    (tmp_path / "elsewhere.csv").write_text("day,n\n2026-11-21,9\n")
    return home


def _bypass(home: Path, marker: Path) -> list[str]:
    return [
        "SELECT * FROM read_text('/etc/passwd')",
        f"SELECT * FROM read_csv('{home / 'dayone.db'}')",
        f"SELECT * FROM read_blob('{home / 'dayone.db'}')",
        f"SELECT * FROM read_text('{home / 'secret_key'}')",
        f"SELECT * FROM read_csv('{home.parent / 'elsewhere.csv'}')",
        f"SELECT * FROM read_text('{home / 'data' / 'n.parquet'}/../../secret_key')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM read_parquet('https://example.com/x.parquet')",
        f"COPY (SELECT 1) TO '{marker}'",
        f"ATTACH '{marker}.duckdb' AS stolen",
        f"ATTACH '{home / 'dayone.db'}' AS app (TYPE sqlite)",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "SET lock_configuration = false",
        "SET allowed_directories = ['/']",
        f"SELECT 1; COPY (SELECT 1) TO '{marker}'",
    ]


def test_duckdb_reads_only_the_declared_files_even_past_the_checks(home: Path, tmp_path: Path) -> None:
    data = str(home / "data" / "n.parquet")
    backend = DuckDBFiles(files={"n": [data]})
    try:
        backend.add(SourceSpec("n", "parquet", data, "day"))
        assert backend.run("SELECT sum(n) FROM src_n", "the declared file") == [(5,)]
        marker = tmp_path / "MARKER"
        ran = []
        for sql in _bypass(home, marker):
            with pytest.raises(ValidationFailed):
                backend.run(sql, "hostile")
            try:  # straight to DuckDB, past run()'s one-SELECT rule too
                backend.con.execute(sql)
                ran.append(sql)
            except duckdb.Error as refused:
                assert str(refused), sql  # DuckDB says why it refused
        assert all(sql.startswith("SELECT 1;") for sql in ran), ran  # only a harmless first statement ran
        assert not list(tmp_path.glob("MARKER*"))
        settings_now = dict(backend.con.execute(
            "SELECT name, value FROM duckdb_settings() WHERE name IN ('enable_external_access', 'lock_configuration', "
            "'autoload_known_extensions', 'autoinstall_known_extensions', 'allow_community_extensions')").fetchall())
        assert settings_now == {"enable_external_access": "false", "lock_configuration": "true",
                                "autoload_known_extensions": "false", "autoinstall_known_extensions": "false",
                                "allow_community_extensions": "false"}
    finally:
        backend.close()
    with sqlite3.connect(home / "dayone.db") as con:  # the store is intact
        assert con.execute("SELECT count(*) FROM users").fetchone() == (1,)


def test_the_sandboxed_duckdb_still_spills_to_disk() -> None:
    query = ("SELECT count(*) FROM (SELECT DISTINCT range % 4000000 AS a, range * 7 % 3999999 AS b "
             "FROM range(4000000))")
    con = sandboxed("60MB")
    try:
        assert con.execute(query).fetchone() == (4000000,)
    finally:
        con.close()
    unspilled = duckdb.connect()  # the same memory without a spill directory: proof the query needed one
    unspilled.execute("SET memory_limit = '60MB'")
    unspilled.execute("SET temp_directory = ''")
    with pytest.raises(duckdb.OutOfMemoryException):
        unspilled.execute(query)
    unspilled.close()


# -- where files may be read from


def _workspace(home: Path, **extra: Any) -> Sandbox:
    return Sandbox(data_dirs=(home / "data", *extra.pop("dirs", ())), homes=(home,),
                   stores=(home / "dayone.db",), **extra)


def test_the_workspace_file_reads_only_its_data_folders(home: Path, tmp_path: Path) -> None:
    data = home / "data"
    (data / "d.csv").write_text("day,n\n2026-11-21,1\n")
    (data / "escape.csv").symlink_to(tmp_path / "elsewhere.csv")
    (data / "key.csv").symlink_to(home / "secret_key")
    (data / "parts").mkdir()
    (data / "parts" / "inside.parquet").symlink_to(data / "n.parquet")
    (data / "parts" / "outside.parquet").symlink_to(tmp_path / "elsewhere.csv")
    sandbox = _workspace(home)
    body = "sources:\n  s: {SOURCE, date_column: day}\nmetrics:\n  n: {source: s, column: n}\n"
    assert spec.parse(body.replace("SOURCE", "csv: d.csv"), base=data, sandbox=sandbox).sources["s"]
    for source, says in [
        ("csv: ../../elsewhere.csv", "outside the folders"),
        (f"csv: {tmp_path / 'elsewhere.csv'}", "outside the folders"),
        ("csv: escape.csv", "outside the folders"),  # a symlink out
        ("csv: key.csv", "inside the Day One workspace folder"),
        ("csv: ../secret_key", "inside the Day One workspace folder"),
        ("csv: ../dayone.db", "Day One's own database"),
        ("csv: ../dayone.db-wal", "Day One's own database"),
        ("parquet: 'parts/*.parquet'", "outside the folders"),  # one match of the glob links out
        ("parquet: '../*'", "inside the Day One workspace folder"),
        ("csv: 'http://attacker.example/x.csv'", "not a local file"),
        ("parquet: 'https://attacker.example/x.parquet'", "not a local file"),
    ]:
        problems = _problems(body.replace("SOURCE", source), base=data, sandbox=sandbox)
        assert len(problems) == 1 and says in problems[0]["message"], (source, problems)
        assert problems[0]["location"]["line"] == 2
    # a folder the server's settings name is readable too
    wider = _workspace(home, dirs=(tmp_path,))
    assert spec.parse(body.replace("SOURCE", "csv: ../../elsewhere.csv"), base=data, sandbox=wider)


def test_a_file_swapped_for_a_symlink_after_the_check_is_refused_by_the_engine(home: Path, tmp_path: Path) -> None:
    data = home / "data"
    (data / "d.csv").write_text("day,n\n2026-11-21,1\n")
    body = "sources:\n  s: {csv: d.csv, date_column: day}\nmetrics:\n  n: {source: s, column: n}\n"
    parsed = spec.parse(body, base=data, sandbox=_workspace(home))
    (data / "d.csv").unlink()
    (data / "d.csv").symlink_to(home / "secret_key")
    with Engine(parsed) as built, pytest.raises(SourceFailed, match="inside the Day One workspace folder") as failed:
        built.compute()  # refused before anything is read; the only source, so nothing computes
    assert failed.value.source == "s" and failed.value.metrics == ("n",)
    assert "KEY-THAT-SIGNS" not in failed.value.message


def test_no_mode_reads_a_day_one_home(home: Path, tmp_path: Path) -> None:
    """On the command line too (no settings needed: a home is known by its files)."""
    body = "sources:\n  s: {SOURCE, date_column: day}\nmetrics:\n  n: {source: s, column: n}\n"
    for source, says in [
        (f"csv: {home / 'dayone.db'}", "inside the Day One workspace folder"),
        (f"csv: {home / 'secret_key'}", "inside the Day One workspace folder"),
        (f"parquet: '{home}/*'", "inside the Day One workspace folder"),
        (f"table: users, database: 'sqlite:///{home / 'dayone.db'}'", "inside the Day One workspace folder"),
    ]:
        problems = _problems(body.replace("SOURCE", source), base=tmp_path)
        assert len(problems) == 1 and says in problems[0]["message"], (source, problems)
    # a store kept outside its home (DAYONE_DATABASE_URL=sqlite:///…) is known from the settings
    store = tmp_path / "elsewhere" / "app.db"
    store.parent.mkdir()
    store.write_bytes(b"")
    problems = _problems(body.replace("SOURCE", f"table: users, database: 'sqlite:///{store}'"), base=tmp_path,
                         sandbox=Sandbox(stores=(store,)))
    assert "Day One's own database" in problems[0]["message"]
    # the command line keeps its freedoms elsewhere: any folder
    parsed = spec.parse(body.replace("SOURCE", f"csv: {tmp_path / 'elsewhere.csv'}"), base=home / "data")
    with Engine(parsed) as built:
        assert built.compute(WEEK)["metrics"]["n"]["weeks"][-1]["value"] == 9


def test_databases_of_the_workspace_file_are_named_connections_only(home: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    with sqlite3.connect(home / "data" / "shop.db") as con:
        con.execute("CREATE TABLE t (day TEXT, n INT)")
        con.execute("INSERT INTO t VALUES ('2026-11-21', 4)")
    monkeypatch.setenv("SHOP_SECRET", "s3cr3t-from-the-environment")
    url = f"sqlite:///{home / 'data' / 'shop.db'}"
    sandbox = _workspace(home, connections={"shop": url})
    body = "sources:\n  s: {table: t, database: DATABASE, date_column: day}\nmetrics:\n  n: {source: s, column: n}\n"
    with Engine(spec.parse(body.replace("DATABASE", "shop"), base=home / "data", sandbox=sandbox)) as built:
        assert built.compute(WEEK)["metrics"]["n"]["weeks"][-1]["value"] == 4
    for database, says in [
        (f"'{url}'", "a database URL (or ${VAR}) is not allowed"),
        ("'postgresql://u:${SHOP_SECRET}@127.0.0.1/db'", "a database URL (or ${VAR}) is not allowed"),
        ("'${SHOP_SECRET}'", "a database URL (or ${VAR}) is not allowed"),
        ("shops", "did you mean 'shop'?"),
    ]:
        problems = _problems(body.replace("DATABASE", database), base=home / "data", sandbox=sandbox)
        assert len(problems) == 1 and says in problems[0]["message"], (database, problems)
        assert "s3cr3t" not in str(problems)  # ${VAR} is never expanded
    # the command line keeps URLs and ${VAR}
    monkeypatch.setenv("SHOP_DB", str(home / "data" / "shop.db"))
    with Engine(spec.parse(body.replace("DATABASE", "'sqlite:///${SHOP_DB}'"), base=tmp_path)) as built:
        assert built.compute(WEEK)["metrics"]["n"]["weeks"][-1]["value"] == 4


def test_a_named_connection_into_a_home_is_refused(home: Path) -> None:
    sandbox = _workspace(home, connections={"app": f"sqlite:///{home / 'dayone.db'}"})
    body = "sources:\n  s: {table: users, database: app, date_column: day}\nmetrics:\n  n: {source: s, column: n}\n"
    problems = _problems(body, base=home / "data", sandbox=sandbox)
    assert "Day One's own database" in problems[0]["message"]


def test_wbr_app_configs_obey_the_same_rules(home: Path, tmp_path: Path) -> None:
    data = home / "data"
    (data / "d.csv").write_text("Date,Visits\n2026-11-21,3\n")
    app = """\
setup: {week_ending: 21-NOV-2026, SETUP}
data_sources:
  SOURCES
metrics:
  Visits: {column: d.Visits, aggf: sum}
  Risky: {column: "d.read_text('/etc/passwd')", aggf: sum}
deck:
  - block: {ui_type: 6_WeeksTable, title: T, rows: [{row: {header: V, metric: Visits}}]}
"""
    sandbox = _workspace(home, connections={"warehouse": f"sqlite:///{data / 'w.db'}"})
    body = app.replace(", SETUP", "").replace("SOURCES", "csv_files: {d: {url_or_path: d.csv}}")
    problems = _problems(body, base=data, sandbox=sandbox)
    assert [p["location"]["field"] for p in problems] == ["metrics.Risky.column"]
    assert "read_text()" in problems[0]["message"]
    body = body.replace("d.csv}}", "../../elsewhere.csv}}").replace('  Risky: {column: "d.read_text(\'/etc/passwd\')", '
                                                                    "aggf: sum}\n", "")
    escaped = _problems(body, base=data, sandbox=sandbox)
    assert escaped[0]["location"] == {"file": "metrics.yaml", "line": 3, "field": "data_sources.csv_files.d"}
    assert "outside the folders" in escaped[0]["message"]
    (tmp_path / "connections.yaml").write_text("connections: [{name: w, type: postgres, config: {host: x}}]\n")
    with_file = app.replace("SETUP", f"db_config_url: {tmp_path / 'connections.yaml'}").replace(
        "SOURCES", "warehouse: {d: {query: 'SELECT * FROM t'}}").replace("d.read_text('/etc/passwd')", "d.Visits")
    assert "not a connections file" in str(_problems(with_file, base=data, sandbox=sandbox))
    annotated = body.replace("deck:", f"annotations: ['{tmp_path / 'elsewhere.csv'}']\ndeck:").replace(
        "../../elsewhere.csv", "d.csv")
    assert "annotations: " in str(_problems(annotated, base=data, sandbox=sandbox))


def test_settings_give_the_workspace_its_sandbox(tmp_path: Path) -> None:
    from dayone.settings import Settings

    settings = Settings(home=tmp_path / "h", wbr_data_dirs="/srv/a:/srv/b",  # type: ignore[arg-type]
                        wbr_connections='{"shop": "postgresql://u:p@h/db"}')  # type: ignore[arg-type]
    sandbox = Sandbox.from_settings(settings, workspace=True)
    assert sandbox.stored and sandbox.data_dirs == (Path(os.path.realpath(tmp_path / "h" / "data")),
                                                     Path("/srv/a"), Path("/srv/b"))
    assert sandbox.connections == {"shop": "postgresql://u:p@h/db"}
    assert Path(os.path.realpath(tmp_path / "h" / "dayone.db")) in sandbox.stores
    assert not Sandbox.from_settings(settings, workspace=False).stored
    for bad in ('{"shop": "mysql://x"}', "[1]", "{nope", '{"1x": "sqlite:///x"}'):
        with pytest.raises(ValueError, match="wbr_connections"):
            Settings(home=tmp_path, wbr_connections=bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not an absolute path"):
        Settings(home=tmp_path, wbr_data_dirs="relative/dir")  # type: ignore[arg-type]


SAMPLE_CALLS = {
    "abs": "abs(amount)", "round": "round(amount, 1)", "floor": "floor(amount)", "ceil": "ceil(amount)",
    "trunc": "trunc(amount)", "sqrt": "sqrt(qty)", "ln": "ln(amount)", "log": "log(amount)", "exp": "exp(qty)",
    "power": "power(qty, 2)", "sign": "sign(amount)", "greatest": "greatest(amount, 1)", "least": "least(qty, 2)",
    "coalesce": "coalesce(qty, 0)", "nullif": "nullif(qty, 0)", "if": "if(qty > 1, 1, 0)", "lower": "lower(name)",
    "upper": "upper(name)", "length": "length(name)", "trim": "trim(name)", "substring": "substring(name, 1, 2)",
    "concat": "concat(name, region)", "replace": "replace(name, 'a', 'b')", "strpos": "strpos(name, 'a')",
    "left": "left(name, 1)", "right": "right(name, 1)", "starts_with": "starts_with(name, 'a')",
    "extract": "extract(year FROM day)", "date_part": "date_part('year', day)",
    "date_trunc": "date_trunc('month', day)", "date_diff": "date_diff('day', day, DATE '2026-12-31')",
    "year": "year(day)", "quarter": "quarter(day)",
    "month": "month(day)", "day": "day(day)", "dayofweek": "dayofweek(day)",
}


def test_every_documented_function_is_allowed_and_runs_in_duckdb() -> None:
    import re as regex

    docs = (Path(__file__).parents[2] / "docs" / "wbr.md").read_text()
    section = docs.split("- these functions:", 1)[1].split("\n\n", 1)[0]
    documented = set(regex.findall(r"`([a-z_]+)`", section))
    assert documented == set(SAMPLE_CALLS) == {*expressions.FUNCTIONS, "date_part"}
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT DATE '2026-11-21' AS day, 12.5 AS amount, 3 AS qty, 'ada' AS name, "
                "'EU' AS region")
    for name, call in SAMPLE_CALLS.items():
        assert con.execute(f"SELECT {expressions.render(call, 'duckdb')} FROM t").fetchone() is not None, name
