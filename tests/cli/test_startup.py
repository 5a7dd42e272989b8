"""Start-up: each `dayone` command loads only what it uses (checked in a fresh process).

No timings here (benchmarks/cli_startup.py prints them): what a command imports is
what makes it slow, and that is exact.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

import dayone
from dayone.cli.lazy import Listed
from dayone.cli.main import DayOne, app

HEAVY = ("fastapi", "sqlalchemy", "weasyprint", "duckdb")
WATCHED = (*HEAVY, "sqlglot", "pyspark", "pandas", "alembic")
# runs `dayone ARGS…` through the entry module, then prints its exit code and which watched
# packages it loaded
PROBE = """
import json, os, sys
from dayone.cli.main import run
code = 0
try:
    run(sys.argv[1:])
except SystemExit as exit:
    code = exit.code if isinstance(exit.code, int) else 1
watched = set(json.loads(os.environ["WATCHED"]))
print("CODE=" + str(code), file=sys.stderr)
print("LOADED=" + json.dumps(sorted({name.split(".")[0] for name in sys.modules} & watched)), file=sys.stderr)
"""


def _env() -> dict[str, str]:
    """This interpreter's `dayone` first on the path, whatever folder the command runs in."""
    source = str(Path(dayone.__file__).parents[1])
    path = os.pathsep.join(p for p in (source, os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "COLUMNS": "120", "WATCHED": json.dumps(WATCHED)}


def _loaded(*args: str, cwd: Path | None = None, code: int = 0) -> list[str]:
    """The watched packages `dayone ARGS…` loads, run in a fresh interpreter; the command must
    end with exit code ``code`` (it did its work, not an import error caught on the way)."""
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120, env=_env())
    assert f"CODE={code}" in done.stderr.splitlines(), done.stderr
    line = [x for x in done.stderr.splitlines() if x.startswith("LOADED=")]
    assert line, done.stderr
    return list(json.loads(line[-1].removeprefix("LOADED=")))


def test_importing_the_entry_module_loads_no_heavy_package() -> None:
    code = ("import sys, dayone.cli.main, dayone\n"
            f"print(sorted({{n.split('.')[0] for n in sys.modules}} & {set(HEAVY)!r}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=_env())
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(("args", "code"), [(["--version"], 0), (["--help"], 0), ([], 2)],
                         ids=["version", "help", "no-args"])  # no arguments: the help, as a usage error
def test_version_and_help_load_no_heavy_package(args: list[str], code: int) -> None:
    assert _loaded(*args, code=code) == []


def test_check_loads_neither_the_web_the_database_nor_the_layout(tmp_path: Path) -> None:
    (tmp_path / "memo.md").write_text("---\ntype: narrative\n---\n# Memo\n\nWe ship on Monday.\n")
    assert _loaded("check", "memo.md", cwd=tmp_path) == []


def test_check_with_layout_lays_the_document_out(tmp_path: Path) -> None:
    (tmp_path / "memo.md").write_text("---\ntype: narrative\n---\n# Memo\n\nWe ship on Monday.\n")
    assert _loaded("check", "--layout", "memo.md", cwd=tmp_path) == ["weasyprint"]


def test_help_of_a_sub_app_loads_no_engine() -> None:
    assert _loaded("wbr", "--help") == []


def test_wbr_build_loads_its_engine_and_nothing_else(tmp_path: Path) -> None:
    """DuckDB and sqlglot compute the deck; neither the database nor pandas is needed."""
    start = date(2025, 1, 1)
    rows = "".join(f"{start + timedelta(days=d)},{100 + d % 7}\n" for d in range(400))
    (tmp_path / "daily.csv").write_text("date,orders\n" + rows)
    (tmp_path / "metrics.yaml").write_text("sources: {daily: {csv: daily.csv, date_column: date}}\n"
                                           "metrics: {orders: {source: daily, column: orders, aggregation: sum}}\n")
    assert _loaded("wbr", "build", "metrics.yaml", "--out", "deck.json", cwd=tmp_path) == ["duckdb", "sqlglot"]
    assert "orders" in json.loads((tmp_path / "deck.json").read_text())["metrics"]


def _help(group: Any, name: str) -> str:
    return " ".join((group.commands[name].help or "").split())


def test_the_listing_matches_each_command_s_own_help() -> None:
    """Each name `dayone --help` lists lazily carries the help its command declares."""
    import typer

    group = typer.main.get_command(app)
    assert isinstance(group, DayOne)
    listed = {name: _help(group, name) for name, command in group.commands.items() if isinstance(command, Listed)}
    assert set(listed) == set(DayOne.lazy)
    group.load_all()
    assert {name: _help(group, name) for name in listed} == listed
    assert not any(isinstance(command, Listed) for command in group.commands.values())


def test_help_lists_every_command_in_order() -> None:
    done = subprocess.run([sys.executable, "-m", "dayone", "--help"], capture_output=True, text=True,
                          check=True, env=_env())
    rows = [line.strip("│ ").split(" ", 1) for line in done.stdout.splitlines() if line.startswith("│ ")]
    names = [row[0] for row in rows if not row[0].startswith("--")]
    assert names == list(DayOne.order)
    assert "Check PR/FAQs and narratives" in done.stdout and "The Weekly Business Review" in done.stdout


def test_a_mistyped_command_still_gets_a_suggestion() -> None:
    done = subprocess.run([sys.executable, "-m", "dayone", "chek"], capture_output=True, text=True, env=_env())
    assert done.returncode == 2 and "Did you mean 'check'?" in done.stderr
