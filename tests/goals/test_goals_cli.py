"""`dayone plan …` and `dayone goal …`: the same services, errors in one line and exit status 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dayone.workspace import Workspace
from tests.helpers import run_cli


@pytest.fixture
def home(metrics_ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.setenv("DAYONE_HOME", str(metrics_ws.settings.home))
    if metrics_ws.settings.database_url:
        monkeypatch.setenv("DAYONE_DATABASE_URL", metrics_ws.settings.database_url)
    monkeypatch.setenv("DAYONE_SECRET_KEY", "test-secret")
    return metrics_ws


def test_a_plan_and_its_goals_from_the_command_line(home: Workspace, capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    code, out, err = run_cli(capsys, "plan", "new", "2026", "--team", "Core", "--as", "max@example.com")
    assert code == 0, err
    plan_id = out.split("\t")[0].strip()
    assert plan_id.isdigit(), repr(out)
    code, out, err = run_cli(capsys, "goal", "new", "Reach 7,000 orders a week by 31 December 2026.", "--plan",
                             plan_id, "--due", "2026-12-31", "--metric", "orders", "--target", "8000", "--period",
                             "week", "--as", "max@example.com")
    assert code == 0, err
    goal_id = out.split("\t")[0]
    code, out, _ = run_cli(capsys, "goal", "measure", "--plan", plan_id, "--as", "max@example.com")
    assert out.strip() == f"{goal_id}\tunknown → red"
    code, out, _ = run_cli(capsys, "goal", "show", goal_id)
    assert json.loads(out)["measurement"]["value"] == 7000
    code, out, err = run_cli(capsys, "goal", "status", goal_id, "yellow", "--as", "max@example.com")
    assert code == 1 and "note:" in err and "Traceback" not in err
    code, out, err = run_cli(capsys, "goal", "new", "Grow.", "--plan", plan_id, "--due", "2024-01-01",
                             "--metric", "orders", "--target", "1", "--period", "week", "--as", "max@example.com")
    assert code == 1 and "due: 2024-01-01 is before planning year 2026" in err
    path = tmp_path / "goals.csv"
    path.write_text("text,owner,due\nShip it by 1 May 2026.,max@example.com,2026-05-01\n")
    code, out, err = run_cli(capsys, "plan", "import", plan_id, str(path), "--as", "max@example.com")
    assert code == 0 and out.strip() == "1 goals imported", err
    code, out, _ = run_cli(capsys, "plan", "export", plan_id)
    assert out.splitlines()[0].startswith("kind,text,owner,due") and len(out.splitlines()) == 3
    code, out, _ = run_cli(capsys, "plan", "op2", plan_id, "--as", "max@example.com")
    code, out, _ = run_cli(capsys, "plan", "review", plan_id, "--hold", "--as", "max@example.com")
    assert out.splitlines()[0].startswith("red")
    code, out, _ = run_cli(capsys, "plan", "report", plan_id)
    assert json.loads(out)["metric_goals"] == 1
