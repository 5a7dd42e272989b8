"""`dayone agenda` through the real entry point: whose week, in their time zone."""

from __future__ import annotations

import json

from dayone.workspace import Workspace
from tests.agenda.conftest import WEEK, Week
from tests.cli.test_cli import Cli, cli  # noqa: F401  (the fixture)


def test_a_persons_week_from_the_command_line(week: Week, cli: Cli, ws: Workspace) -> None:  # noqa: F811
    code, out, _ = cli("agenda", "--as", "max@example.com")
    assert code == 0, out
    assert "Max Member's week (UTC)" in out and "Approve: Otto's pricing test" in out
    assert "Write the note on Support contacts" in out and "/decisions/" in out
    assert "Otto's secret acquisition" not in out
    code, out, _ = cli("agenda", "--as", "max@example.com", "--json")
    listed = json.loads(out)
    assert code == 0 and f"wbr-note:{WEEK}:support_contacts" in {i["key"] for i in listed["items"]}
    assert all(i["since"].endswith("Z") for i in listed["items"])
    assert cli("agenda", "--as", "vic@example.com")[1].strip() == "Nothing waits on Vic Viewer."


def test_whose_week_must_be_said(week: Week, cli: Cli) -> None:  # noqa: F811
    code, _, err = cli("agenda")
    assert code == 1 and "--as: whose agenda? Give --as EMAIL" in err and "Traceback" not in err
    code, _, err = cli("agenda", "--as", "nobody@example.com")
    assert code == 1 and "No account with email nobody@example.com" in err
