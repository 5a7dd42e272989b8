"""`dayone experiment new|list|show|start|stop|decide|results` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import Cli, cli  # noqa: F401  (the fixture)
from tests.experiments.conftest import STATS


def test_an_experiment_from_design_to_decision(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    cli("user", "add", "ana@example.com", "--name", "Ana", "--password", "long-password-1")
    code, out, err = cli("experiment", "new", "Bigger buy button", "--owner", "ana@example.com", "--primary",
                         "conversion", "--min-effect", "0.02", "--guardrail", "page_load_ms:up",
                         "--baseline-mean", "0.1", "--plan", "--format", "json")
    assert code == 0, err
    made = json.loads(out)
    assert made["status"] == "designed" and made["planned_sample_size"] > 0
    assert made["guardrails"] == [{"metric": "page_load_ms", "bad_direction": "up"}]
    ident = str(made["id"])
    code, _, err = cli("experiment", "stop", ident)
    assert code == 1 and "designed cannot become stopped; it can only become running next" in err
    assert cli("experiment", "start", ident, "--as", "ana@example.com")[0] == 0
    stats = tmp_path / "stats.csv"
    stats.write_text(STATS.replace("control,conversion,10000", "control,conversion,-1"))
    code, _, err = cli("experiment", "results", ident, str(stats))
    assert code == 1 and "-1 is negative" in err
    code, _, err = cli("experiment", "results", ident)
    assert code == 1 and "has no results yet" in err
    stats.write_text(STATS)
    code, out, _ = cli("experiment", "results", ident, str(stats))
    assert code == 0 and "Sample ratio check passed" in out and "REGRESSION: Guardrail page_load_ms regressed" in out
    code, out, _ = cli("experiment", "results", ident, "--format", "json")
    assert json.loads(out)["results"][0]["metric"] == "conversion"
    assert cli("experiment", "stop", ident)[0] == 0
    code, _, err = cli("experiment", "decide", ident, "--outcome", "ship", "--learning", "x")
    assert code == 1 and "outcome" in err.lower()
    code, out, _ = cli("experiment", "decide", ident, "--outcome", "stop", "--learning", "Speed first.")
    assert code == 0 and "recorded in the decision log: stop" in out
    code, out, _ = cli("experiment", "list")
    assert "Bigger buy button" in out and "Ideas tested 1: launched 0, iterated 0, stopped 1" in out
    code, out, _ = cli("experiment", "show", ident)
    assert "Speed first." in out
    assert "Stop Bigger buy button" in cli("decision", "list")[1]
    code, _, err = cli("experiment", "new", "X", "--owner", "ana@example.com", "--primary", "m", "--min-effect",
                       "0.1", "--variants", "a=0.5,b=0.6")
    assert code == 1 and "they sum to 1.1" in err
