"""`dayone archive`, `dayone restore`, `dayone purge` and `dayone decision edit`."""

from __future__ import annotations

from dayone.auth.permissions import CLI_ACTOR
from dayone.org import service as org
from dayone.org.schemas import InitiativeCreate, TeamCreate
from dayone.workspace import Workspace
from tests.cli.test_cli import Cli, cli  # noqa: F401  (the fixture)


def test_archive_restore_and_purge_from_the_command_line(cli: Cli, ws: Workspace) -> None:  # noqa: F811
    with ws.session() as s:
        team = org.create_team(s, CLI_ACTOR, TeamCreate(name="Search")).id
        item = org.create_initiative(s, CLI_ACTOR, InitiativeCreate(name="Relevance", team_id=team)).id
    assert cli("archive", "list")[1].strip() == "Nothing is archived."
    code, out, _ = cli("archive", "initiative", str(item))
    assert code == 0 and f"Archived initiative Relevance; `dayone restore initiative {item}`" in out
    code, out, _ = cli("archive", "list")
    assert "initiative" in out and "Relevance" in out and "cli" in out
    code, _, err = cli("archive", "team", str(team))
    assert code == 0, err  # its one initiative is archived: nothing is left pointing at it
    code, _, err = cli("restore", "initiative", str(item))
    assert code == 1 and "its team Search is archived: restore that first" in err
    code, _, err = cli("purge", "team", str(team), "--yes")
    assert code == 1 and "initiatives Relevance belong to it" in err
    code, _, err = cli("purge", "initiative", str(item))  # no terminal to ask on: --yes is required
    assert code == 1 and "--yes: removal for good cannot be undone" in err
    code, out, _ = cli("purge", "initiative", str(item), "--yes")
    assert code == 0 and "takes with it: its name, goal and status." in out and "Removed Relevance for good." in out
    assert cli("restore", "team", str(team))[0] == 0
    code, _, err = cli("archive", "widget", "1")
    assert code == 2 and "No such command 'widget'" in err
    code, _, err = cli("restore", "widget", "1")
    assert code == 1 and "kind: 'widget' is not something the archive holds; choose one of document" in err
    code, _, err = cli("restore", "team", "twelve")
    assert code == 1 and "id: 'twelve' is not a record id" in err


def test_decision_edit_from_the_command_line(cli: Cli) -> None:  # noqa: F811
    cli("user", "add", "ana@example.com", "--name", "Ana", "--password", "long-password-1")
    code, out, _ = cli("decision", "new", "Payouts", "--owner", "ana@example.com", "--undo-cost", "cheap",
                       "--undo-time", "days", "--customers", "some", "--choice", "weekly")
    decision = out.split()[0]
    assert cli("decision", "versions", decision)[1].startswith(f"Decision {decision} has one version")
    code, _, err = cli("decision", "edit", decision)
    assert code == 1 and "Nothing to change" in err
    code, out, err = cli("decision", "edit", decision, "--choice", "monthly", "--note", "cash flow")
    assert code == 0 and "version 2 of its text" in out, err
    code, out, _ = cli("decision", "versions", decision)
    assert "cash flow" in out and "as proposed" in out
