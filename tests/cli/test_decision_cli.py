"""`dayone decision` and `dayone mechanism` through the real entry point."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_cli import Cli, cli  # noqa: F401  (the fixture)


def test_decisions_from_the_command_line(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    cli("user", "add", "ana@example.com", "--name", "Ana", "--password", "long-password-1")
    cli("user", "add", "bo@example.com", "--name", "Bo", "--password", "long-password-2")
    code, out, _ = cli("decision", "new", "Weekly payouts", "--owner", "ana@example.com", "--undo-cost", "cheap",
                       "--undo-time", "days", "--customers", "some", "--decide-now")
    assert code == 0 and out.split()[1:] == ["type-2", "decided"]
    code, out, _ = cli("decision", "new", "Leave the EU", "--owner", "ana@example.com", "--undo-cost",
                       "impossible", "--undo-time", "months", "--customers", "all")
    one_way = out.split()[0]
    assert code == 0 and out.split()[1:] == ["type-1", "proposed"]
    code, _, err = cli("decision", "decide", one_way, "--as", "ana@example.com")
    assert code == 1 and "A one-way door needs a linked narrative or PR/FAQ" in err
    code, _, err = cli("decision", "position", one_way, "--as", "bo@example.com", "--disagree")
    assert code == 1 and "view: say what you disagree with" in err
    assert cli("decision", "position", one_way, "--as", "bo@example.com", "--disagree",
               "--view", "Too soon.")[0] == 0
    code, out, _ = cli("decision", "inspect")
    assert "one-way-door-unprepared" in out
    code, _, err = cli("decision", "new", "X", "--owner", "ana@example.com", "--undo-cost", "free",
                       "--undo-time", "days", "--customers", "some")
    assert code == 1 and "How costly is it to undo? Answer one of: cheap, moderate" in err
    md, csv = tmp_path / "d.md", tmp_path / "log.csv"
    assert cli("decision", "export", "--id", one_way, "--out", str(md))[0] == 0
    assert "Bo disagrees: Too soon.; commits" in md.read_text()
    cli("decision", "export", "--out", str(csv))
    assert len(csv.read_text().splitlines()) == 3
    assert cli("decision", "revisit", "1", "--outcome", "kept", "--as", "ana@example.com")[0] == 0
    assert "revisited" in cli("decision", "list")[1]


def test_mechanisms_from_the_command_line(cli: Cli) -> None:  # noqa: F811
    code, out, _ = cli("mechanism", "add", "Ops review", "--cadence", "every 2 weeks on friday",
                       "--description", "Incidents.")
    assert code == 0 and "every 2 weeks on Friday" in out
    mech_id = out.split()[0]
    assert cli("mechanism", "record", mech_id, "--output", "Fixed 3 incidents.")[0] == 0
    code, _, err = cli("mechanism", "record", mech_id, "--output", "x", "--on", "yesterday")
    assert code == 1 and "--on: 'yesterday' is not a date" in err
    code, _, err = cli("mechanism", "add", "Bad", "--cadence", "sometimes")
    assert code == 1 and "cadence: cannot read 'sometimes'" in err
    code, out, _ = cli("mechanism", "list")
    assert "Weekly Business Review" in out and "Ops review" in out
