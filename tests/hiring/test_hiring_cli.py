"""`dayone hiring …` through the real entry point: set up, coverage fixed, sealed feedback, debrief."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import Cli, cli  # noqa: F401  (the fixture)
from tests.hiring.conftest import Crew

NOTE = "{} | An outage at Acme | Restore billing | She rolled the release back | Invoices went out that day"


def test_a_loop_from_the_command_line(cli: Cli, crew: Crew, tmp_path: Path) -> None:  # noqa: F811
    code, out, _ = cli("hiring", "principles", "list")
    assert code == 0 and out.count("\n") == 16 and "Customer Obsession" in out
    code, _, err = cli("hiring", "roles", "add", "SDE", "--need", "Dive Deeper: Why?")
    assert code == 1 and "no principle 'Dive Deeper'" in err
    bad = tmp_path / "cv.docx"
    bad.write_bytes(b"PK\x03\x04\xff\xfe\x00")
    code, _, err = cli("hiring", "candidate", "add", "Al", "--resume", str(bad))
    assert code == 1 and "cv.docx is neither a PDF nor UTF-8 text" in err
    loop = str(crew.loop_id)
    code, out, _ = cli("hiring", "loop", "interviewer", loop, crew.ian, "--principle", "Dive Deep")
    assert "principle-doubled" in out and "principle-not-covered" in out
    assert cli("hiring", "loop", "check", loop)[0] == 1
    code, _, err = cli("hiring", "loop", "move", loop, "interviewing")
    assert code == 1 and "cannot start interviewing" in err and "Assign Earn Trust" in err
    assert cli("hiring", "loop", "interviewer", loop, crew.ian, "--principle", "Earn Trust")[0] == 0
    assert cli("hiring", "loop", "bar-raiser", loop, crew.insider)[0] == 0
    code, out, _ = cli("hiring", "loop", "check", loop)
    assert code == 1 and "bar-raiser-in-chain" in out
    assert cli("hiring", "loop", "bar-raiser", loop, crew.raiser)[0] == 0
    assert cli("hiring", "loop", "check", loop)[0] == 0
    assert cli("hiring", "loop", "move", loop, "interviewing")[0] == 0
    code, _, err = cli("hiring", "feedback", "submit", loop, "--as", crew.ian, "--note", NOTE.format("Earn Trust"),
                       "--vote", "neutral", "--reason", "x")
    assert code == 1 and "not on the scale" in err
    code, _, err = cli("hiring", "feedback", "submit", loop, "--as", crew.ian, "--note", NOTE.format("Dive Deep"),
                       "--vote", "inclined", "--reason", "x")
    assert code == 1 and "not assigned to you" in err
    assert cli("hiring", "feedback", "submit", loop, "--as", crew.ivy, "--note", NOTE.format("Customer Obsession"),
               "--note", NOTE.format("Dive Deep"), "--vote", "strongly_inclined", "--reason", "Owned it.")[0] == 0
    sealed = json.loads(cli("hiring", "feedback", "show", loop, "--as", crew.ian)[1])
    assert sealed["sealed"] is True and sealed["others"] == []
    assert cli("hiring", "feedback", "submit", loop, "--as", crew.ian, "--note", NOTE.format("Earn Trust"),
               "--vote", "not_inclined", "--reason", "Thin on trust.")[0] == 0
    assert json.loads(cli("hiring", "feedback", "show", loop, "--as", crew.ian)[1])["sealed"] is False
    assert cli("hiring", "debrief", "open", loop, "--as", crew.raiser)[0] == 0
    assert cli("hiring", "debrief", "vote", loop, "--as", crew.ian, "--vote", "inclined",
               "--reason", "Heard Ivy")[0] == 0
    code, _, err = cli("hiring", "debrief", "decide", loop, "--as", crew.raiser, "--decision", "hire", "--reason", "x")
    assert code == 1 and "hiring manager decides" in err
    code, out, _ = cli("hiring", "debrief", "decide", loop, "--as", crew.manager, "--decision", "hire",
                       "--reason", "Strong")
    assert code == 0 and "hire" in out
    code, out, _ = cli("hiring", "debrief", "veto", loop, "--as", crew.raiser, "--reason", "Trust not shown")
    assert code == 0 and "no hire (vetoed)" in out
    board = json.loads(cli("hiring", "debrief", "show", loop, "--as", crew.manager)[1])
    assert [v["changes"][0]["from"] for v in board["votes"] if v["changes"]] == ["not_inclined"]
