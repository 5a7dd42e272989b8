"""The YAML of documents — front matter and the writing checker's settings — is read by the one
safe reader: an alias bomb or a deep nesting is a finding or a clear refusal, never a hang or a 500."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.cli.test_check_cli import _run
from tests.helpers import csrf_of
from tests.test_yamlfile import billion_laughs

from dayone.documents.checks import check_markdown

Client = Callable[[str], TestClient]
DEEP = "checks:\n" + "".join("  " * i + "- \n" for i in range(1, 30)) + "  " * 30 + "- x\n"


def _front(matter: str) -> str:
    return f"---\n{matter}---\n# Press release\n\nToday we launch.\n"


@pytest.mark.parametrize(("matter", "says", "line"), [
    (billion_laughs(), "YAML anchors and aliases", 2),
    (DEEP, "nested more than 20 levels deep", 22),
    ("type: prfaq\nwhen: 2026-04-31\n", "'2026-04-31' cannot be read", 3),
])
def test_front_matter_yaml_is_a_finding_at_its_line(matter: str, says: str, line: int) -> None:
    result = check_markdown(_front(matter), file="doc.md")
    (finding,) = [f for f in result.findings if f.code == "front-matter"]
    assert says in finding.message and f"(line {line})" in finding.message


def test_a_document_with_an_alias_bomb_in_its_front_matter_is_checked_through_the_api(api_as: Client) -> None:
    member = api_as("member")
    doc = member.post("/api/v1/documents", json={"title": "Bomb", "doc_type": "prfaq"}).json()
    saved = member.post(f"/api/v1/documents/{doc['id']}/versions",
                        json={"body": _front(billion_laughs()), "base_version": 1})
    assert saved.status_code == 201
    checked = member.get(f"/api/v1/documents/{doc['id']}/check")
    assert checked.status_code == 200
    assert any(f["code"] == "front-matter" and "anchors and aliases" in f["message"]
               for f in checked.json()["findings"])


def test_checker_settings_with_an_alias_or_deep_nesting_are_refused_in_the_browser(browser_as: Client) -> None:
    admin = browser_as("admin")
    token = csrf_of(admin, "/admin/checks")
    for text, says in ((billion_laughs(), "settings, line 1: YAML anchors and aliases"),
                       (DEEP, "settings, line 21: nested more than 20 levels deep")):
        refused = admin.post("/admin/checks", data={"csrf_token": token, "settings": text})
        assert refused.status_code == 422 and says in refused.text
    assert "lol" not in admin.get("/admin/checks").text  # nothing was saved


def test_check_config_with_an_alias_is_one_line_on_the_command_line(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ok.md").write_text("Hello.\n")
    (tmp_path / "bomb.yaml").write_text(billion_laughs())
    code, _, err = _run(capsys, "check", str(tmp_path / "ok.md"), "--config", str(tmp_path / "bomb.yaml"))
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert err.startswith(f"error: {tmp_path / 'bomb.yaml'}, line 1: YAML anchors and aliases")
