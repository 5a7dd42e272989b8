"""Hostile metrics files through the faces: the API answers 4xx with the error shape (never 500),
`dayone wbr build` exits non-zero with its problems one a line (never a traceback), and a bad file
already stored — saved before a check existed — makes the deck a clear error, not a 500."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from dayone.auth.permissions import CLI_ACTOR
from dayone.wbr import service
from dayone.wbr.models import WbrMetricsFile
from dayone.workspace import Workspace
from tests.cli.test_check_cli import _run
from tests.metrics.metrics_files import DAYONE, dump, metrics_files, write_data
from tests.metrics.test_spec_fuzz import KINDS
from tests.test_yamlfile import billion_laughs

Client = Callable[[str], TestClient]
WEEK = "2026-11-21"
ON_A_FIXTURE = settings(max_examples=40, deadline=None,
                        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture
def folder(ws: Workspace) -> Path:
    """The workspace's WBR set to a valid Day One file, its data beside it in the data folder."""
    data = write_data(ws.settings.home / "data")
    (data / "m.yaml").write_text(dump(DAYONE))
    with ws.session() as session:
        service.use(session, CLI_ACTOR, data / "m.yaml")
    return data


def _error_shape(response: object) -> dict:
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["message"]
    return body["error"]


@ON_A_FIXTURE
@given(text=metrics_files)
def test_put_metrics_file_never_answers_500(api_as: Client, folder: Path, text: str) -> None:
    admin = api_as("admin")
    version = admin.get("/api/v1/metrics/file").json()["version"]
    saved = admin.put("/api/v1/metrics/file", json={"body": text, "based_on": version})
    assert saved.status_code in (200, 422), saved.text
    if saved.status_code == 422:
        error = _error_shape(saved)
        assert error["code"] in ("validation_failed", "invalid_input")
        assert admin.get("/api/v1/metrics/file").json()["version"] == version  # nothing saved
    deck = admin.get("/api/v1/wbr/latest")  # whatever was saved, the deck answers
    assert deck.status_code < 500, deck.text


def test_put_metrics_file_names_each_kind_of_old_crash(api_as: Client, folder: Path) -> None:
    admin = api_as("admin")
    version = admin.get("/api/v1/metrics/file").json()["version"]
    for text, line, _ in KINDS:
        refused = admin.put("/api/v1/metrics/file", json={"body": text, "based_on": version})
        assert refused.status_code == 422, (text[:80], refused.text[:300])
        # at its line; the workspace's rules may refuse it first (a connections file, a folder)
        assert line in {d["location"].get("line") for d in _error_shape(refused)["details"]}, (text[:80], refused.text)


def test_put_metrics_file_refuses_an_alias_bomb_and_deep_nesting(api_as: Client, folder: Path) -> None:
    admin = api_as("admin")
    version = admin.get("/api/v1/metrics/file").json()["version"]
    for body, says, line in ((billion_laughs(), "anchors and aliases", 1),
                             ("metrics:\n" + "".join("  " * i + "- \n" for i in range(1, 60)), "nested more than", 41)):
        refused = admin.put("/api/v1/metrics/file", json={"body": body, "based_on": version})
        assert refused.status_code == 422
        error = _error_shape(refused)
        assert says in error["message"] and error["details"][0]["location"]["line"] == line


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(text=metrics_files)
def test_wbr_build_exits_with_its_problems_and_no_traceback(text: str, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_data(tmp_path / "data")
    (folder / "m.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    out = folder / "deck.json"
    out.unlink(missing_ok=True)
    code, _, err = _run(capsys, "wbr", "build", str(folder / "m.yaml"), "--out", str(out))
    if code == 0:
        assert out.is_file()
        return
    lines = err.strip().splitlines()
    assert code == 1 and "Traceback" not in err, err
    # every problem, one a line: at its line where it has one
    assert lines[-1].startswith("error: ") and all(re.match(r"^m\.yaml(:\d+)?: ", x) for x in lines[:-1]), err


@pytest.mark.parametrize(("text", "line", "says"), KINDS, ids=[f"kind-{i}" for i in range(len(KINDS))])
def test_wbr_build_names_each_kind_of_old_crash(text: str, line: int, says: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (write_data(tmp_path) / "m.yaml").write_text(text)
    code, _, err = _run(capsys, "wbr", "build", str(tmp_path / "m.yaml"), "--out", str(tmp_path / "d.json"))
    assert code == 1 and "Traceback" not in err and err.strip().splitlines()[-1].startswith("error: m.yaml")
    assert any(x.startswith(f"m.yaml:{line}: ") and says in x for x in err.splitlines()), err


def test_wbr_build_refuses_an_alias_bomb_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "m.yaml").write_text(billion_laughs())
    code, _, err = _run(capsys, "wbr", "build", str(tmp_path / "m.yaml"), "--out", str(tmp_path / "d.json"))
    assert code == 1 and err.strip().splitlines() == [
        "error: m.yaml, line 1: YAML anchors and aliases (`&name`, `*name`, `<<: *name`) are not accepted: "
        "write the repeated part out in full."]


def _store(ws: Workspace, folder: Path, body: str) -> None:
    """A version saved straight into the database, as one saved before today's checks would be."""
    with ws.session() as session:
        session.add(WbrMetricsFile(body=body, name="m.yaml", base_dir=str(folder)))


ASK_AN_ADMIN = ("The workspace's metrics file has problems, so the deck cannot be computed. Ask an admin: they see "
                "the problems on the metrics file's page.")


@pytest.mark.parametrize(("body", "says"), [
    (dump({**DAYONE, "setup": {**DAYONE["setup"], "as_of": "tomorrow"}}),
     "line 6: setup.as_of: 'tomorrow' is not a date"),
    (dump(DAYONE).replace("column: orders", "column: [orders]"),
     "line 15: metrics.orders.column: expected text, not a list"),
    (billion_laughs(), "line 1: YAML anchors and aliases"),
])
def test_a_bad_stored_file_is_a_clear_error_on_every_deck_view(api_as: Client, browser_as: Client, ws: Workspace,
                                                                folder: Path, body: str, says: str) -> None:
    _store(ws, folder, body)
    viewer, page = api_as("viewer"), browser_as("viewer")
    for response in (viewer.get("/api/v1/wbr/latest"), viewer.get(f"/api/v1/wbr/{WEEK}"),
                     viewer.get("/api/v1/metrics"), viewer.get(f"/api/v1/wbr/{WEEK}/sql/orders")):
        assert response.status_code == 422, response.text
        assert _error_shape(response)["message"] == ASK_AN_ADMIN  # what a problem says is for admins
    for path in ("/wbr", f"/wbr/{WEEK}", f"/wbr/{WEEK}/pdf"):
        shown = page.get(path, follow_redirects=False)
        assert shown.status_code == 422 and "Ask an admin" in shown.text
    listing = page.get("/wbr/metrics")  # the metrics page still opens
    assert listing.status_code == 200 and "An admin can see the problems on this page" in listing.text
    admin = api_as("admin").get("/api/v1/wbr/latest")
    message = _error_shape(admin)["message"]
    assert admin.status_code == 422 and says in message
    assert message.startswith("The workspace's metrics file (version 2, m.yaml) cannot be used: ")
    assert message.endswith("An admin can fix it on /wbr/metrics.")
    editor = browser_as("admin").get("/wbr/metrics")
    assert editor.status_code == 200 and "cannot be read" in editor.text
    assert says.split(": ", 1)[1].replace("'", "&#39;") in editor.text


def test_an_admin_fixes_a_bad_stored_file_in_the_browser(browser_as: Client, ws: Workspace, folder: Path) -> None:
    from tests.helpers import csrf_of

    _store(ws, folder, dump(DAYONE).replace("kind: input", "kind: inpt"))  # checked then, refused now
    admin = browser_as("admin")
    page = admin.get("/wbr/metrics")
    assert page.status_code == 200 and "Check and save" in page.text and "inpt" in page.text
    assert "did you mean `input`?" in page.text
    fixed = admin.post("/wbr/metrics", data={"csrf_token": csrf_of(admin, "/wbr/metrics"), "body": dump(DAYONE),
                                             "based_on": "2"})
    assert fixed.status_code == 200 and "Saved version 3" in fixed.text
    assert admin.get(f"/wbr/{WEEK}").status_code == 200


def test_a_frozen_week_still_shows_when_the_stored_file_goes_bad(api_as: Client, ws: Workspace,
                                                                 folder: Path) -> None:
    admin = api_as("admin")
    assert admin.post(f"/api/v1/wbr/{WEEK}/freeze").status_code == 200
    _store(ws, folder, "setup: {as_of: tomorrow}\n")
    frozen = api_as("viewer").get(f"/api/v1/wbr/{WEEK}")
    assert frozen.status_code == 200 and frozen.json()["snapshot"] is not None
