"""`dayone experiment new|list|show|start|stop|decide|results` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dayone.workspace import Workspace
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


def test_the_cli_stores_a_market_test_on_an_experiment_as_the_api_does(cli: Cli, tmp_path: Path,  # noqa: F811
                                                                         ws: Workspace) -> None:
    import numpy as np

    from dayone.experiments import service
    from tests.experiments.test_market import START, _panel

    cli("user", "add", "ana@example.com", "--name", "Ana", "--password", "long-password-1")
    code, out, err = cli("experiment", "new", "Same-day delivery", "--owner", "ana@example.com", "--primary",
                         "orders", "--min-effect", "0.05", "--format", "json")
    assert code == 0, err
    ident = str(json.loads(out)["id"])
    panel = _panel(np.random.default_rng(11), effect=0.10)
    path = tmp_path / "panel.csv"
    path.write_text("region,date,value\n" + "".join(f"{r},{d},{float(v)!r}\n" for r, row in zip(
        panel.regions, panel.values, strict=True) for d, v in zip(panel.dates, row, strict=True)))
    design = ("--treated", "r00", "--start", START.isoformat(), "--method", "synthetic")
    code, _, err = cli("experiment", "market-test", str(path), *design, "--experiment", ident)
    assert code == 1 and "Start the experiment" in err  # a designed one takes no results yet
    assert cli("experiment", "start", ident)[0] == 0
    for bad, said in ((("--treated", "r000"), "did you mean 'r00'?"), (("--start", "soon"), "is not a date"),
                      (("--as", "nobody@example.com"), "nobody@example.com")):
        code, _, err = cli("experiment", "market-test", str(path), *design, *bad, "--experiment", ident)
        assert code == 1 and said in err and "Traceback" not in err
    code, _, err = cli("experiment", "market-test", str(path), *design, "--experiment", "999")
    assert code == 1 and "No experiment with id 999" in err
    code, _, err = cli("experiment", "market-test", str(path), *design, "--as", "ana@example.com")
    assert code == 1 and "--as: only with --experiment" in err
    with ws.session() as session:
        assert service.get(session, int(ident)).market is None  # every refusal changed nothing
    code, out, err = cli("experiment", "market-test", str(path), *design, "--experiment", ident, "--as",
                         "ana@example.com", "--format", "json")
    assert code == 0, err
    assert f"Stored the market test on experiment {ident}" in err
    read = json.loads(out)
    assert read["method"] == "synthetic" and read["relative_effect"] == pytest.approx(0.10, abs=0.01)
    with ws.session() as session:
        stored = service.get(session, int(ident))
        assert stored.market is not None and stored.market["treated"] == ["r00"]
        assert stored.market["start"] == START.isoformat() and stored.market["source"] == str(path)
        assert service.market_analysis(stored) == read  # what the web page and the API show
