"""The command line says which workspace it reads, never makes one by accident, and words its
listings as the web does: "1 decision", "2 decisions", "One-way door (Type 1)"."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from dayone.cli.main import run
from dayone.cli.words import plural
from tests.cli.test_cli import Cli, cli  # noqa: F401  (the fixture)
from tests.helpers import run_cli


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """`dayone ARGS…` with DAYONE_HOME a folder that holds no workspace yet."""
    home = tmp_path / "nowhere"
    monkeypatch.setenv("DAYONE_HOME", str(home))
    monkeypatch.setenv("DAYONE_SECRET_KEY", "k")
    monkeypatch.delenv("DAYONE_DATABASE_URL", raising=False)
    monkeypatch.delenv("CI", raising=False)

    def call(*args: str) -> tuple[int, str, str]:
        return run_cli(capsys, *args)

    return call


def _terminal(monkeypatch: pytest.MonkeyPatch, answer: str) -> None:
    """A person at a terminal, who answers ``answer`` to the question asked."""
    stdin = io.StringIO(answer)
    stdin.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", stdin)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)


@pytest.mark.parametrize("command", [("user", "list"), ("decision", "list"), ("org", "findings"), ("db", "upgrade"),
                                     ("serve", "--port", "1")])
def test_a_script_where_there_is_no_workspace_is_told_to_run_init(fresh: Cli, tmp_path: Path,
                                                                   command: tuple[str, ...]) -> None:
    code, _, err = fresh(*command)
    assert code == 1
    assert f"No Day One workspace in {tmp_path / 'nowhere'} (SQLite): run `dayone init`" in err
    assert not (tmp_path / "nowhere" / "dayone.db").exists()


def test_ci_never_waits_for_an_answer(fresh: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _terminal(monkeypatch, "")  # a terminal, but CI says nobody is there to answer
    monkeypatch.setenv("CI", "true")
    code, _, err = fresh("user", "list")
    assert code == 1 and "run `dayone init`" in err
    assert not (tmp_path / "nowhere" / "dayone.db").exists()


def test_at_a_terminal_it_asks_first(fresh: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _terminal(monkeypatch, "n\n")
    code, _, err = fresh("user", "list")
    assert code == 1 and "Create one there?" in err and "No workspace created: run `dayone init`" in err
    assert not (tmp_path / "nowhere" / "dayone.db").exists()
    _terminal(monkeypatch, "y\n")
    code, out, _ = fresh("user", "list")
    assert code == 0 and (tmp_path / "nowhere" / "dayone.db").exists()  # (click echoes a space: input(" "))
    assert out.lstrip().startswith(f"0 accounts in {tmp_path / 'nowhere'} (SQLite)")


def test_init_creates_the_workspace_once_and_demo_still_makes_its_own(fresh: Cli, tmp_path: Path) -> None:
    code, out, _ = fresh("init")
    assert code == 0 and f"Created a Day One workspace in {tmp_path / 'nowhere'} (SQLite)." in out
    code, out, _ = fresh("init")
    assert code == 0 and "already in" in out and "nothing changed" in out
    assert fresh("user", "add", "ana@example.com", "--name", "Ana", "--password", "long-password-1")[0] == 0
    code, out, _ = fresh("user", "list")
    assert out.startswith(f"1 account in {tmp_path / 'nowhere'} (SQLite)")


def test_demo_makes_its_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DAYONE_HOME", str(tmp_path / "demo"))
    monkeypatch.delenv("DAYONE_DATABASE_URL", raising=False)
    for command in (["demo", "--no-serve"], ["decision", "list"]):
        with pytest.raises(SystemExit) as done:
            run(command)
        assert done.value.code in (0, None)
        if command[0] == "demo":
            assert "Demo company ready" in capsys.readouterr().out
    listed = capsys.readouterr().out
    assert re.match(rf"\d+ decisions in {re.escape(str(tmp_path / 'demo'))} \(SQLite\)\n", listed), listed


def test_listings_count_in_words_and_name_the_doors_as_the_web_does(cli: Cli) -> None:  # noqa: F811
    code, out, _ = cli("decision", "list")
    assert code == 0 and out.startswith("0 decisions in ")
    cli("user", "add", "ana@example.com", "--name", "Ana", "--password", "long-password-1")
    cli("decision", "new", "Leave the EU", "--owner", "ana@example.com", "--undo-cost", "impossible",
        "--undo-time", "months", "--customers", "all")
    code, out, _ = cli("decision", "list")
    assert out.startswith("1 decision in ") and "One-way door (Type 1)" in out
    cli("decision", "new", "Weekly payouts", "--owner", "ana@example.com", "--undo-cost", "cheap",
        "--undo-time", "days", "--customers", "some", "--decide-now")
    code, out, _ = cli("decision", "list")
    assert out.startswith("2 decisions in ") and "Two-way door (Type 2)" in out
    code, out, _ = cli("decision", "inspect")
    assert "One-way door (Type 1): 0 decided, 1 open" in out and "Two-way door (Type 2): 1 decided" in out
    code, out, _ = cli("org", "findings", "--json")
    assert isinstance(json.loads(out), list)  # JSON on stdout stays JSON: no header line


@pytest.mark.parametrize(("count", "noun", "said"), [
    (0, "decision", "0 decisions"), (1, "decision", "1 decision"), (2, "decision", "2 decisions"),
    (1, "person", "1 person"), (3, "person", "3 people"), (2, "entry", "2 entries"), (2, "day", "2 days"),
    (2, "match", "2 matches"), (1200, "row", "1,200 rows"), (2, "API token", "2 API tokens")])
def test_plural(count: int, noun: str, said: str) -> None:
    assert plural(count, noun) == said
