"""Whose note answers a flag: the metric's owner, or a delegate the owner names. An admin's
note is shown as the admin's, and the flag still waits for the owner."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient

from dayone.auth.permissions import CLI_ACTOR
from dayone.demo import metrics as demo_metrics
from dayone.wbr import service
from dayone.workspace import Workspace

Client = Callable[[str], TestClient]
WEEK = "2026-11-21"
NOTE = f"/api/v1/wbr/{WEEK}/notes/support_contacts"  # flagged in the demo's week


def _demo_owned_by_max(ws: Workspace) -> None:
    path = demo_metrics.write(ws.settings.home / "data" / "wbr", date(2026, 11, 21), domain="example.com")
    owner = re.search(r"support_contacts: \{[^}]*owner: ([^,}]+)", path.read_text()).group(1)  # type: ignore[union-attr]
    path.write_text(path.read_text().replace(f"owner: {owner}", "owner: max@example.com"))
    with ws.session() as session:
        service.use(session, CLI_ACTOR, path)


def test_an_admins_note_does_not_answer_the_owners_flag(api_as: Client, browser_as: Client, ws: Workspace) -> None:
    _demo_owned_by_max(ws)
    admin, viewer = api_as("admin"), api_as("viewer")
    assert admin.put(NOTE, json={"body": "Looking into it.", "based_on": None}).status_code == 200
    shown = viewer.get(f"/api/v1/wbr/{WEEK}/notes").json()["support_contacts"]
    assert shown["author"] == "Ada Admin" and shown["answers"] is False and shown["written_as"] == "other"
    page = browser_as("viewer").get(f"/wbr/{WEEK}").text
    card = page[page.index('id="metric-support_contacts"'):]
    card = card[:card.index("</section>")] if "</section>" in card else card
    assert "Note from Ada Admin (not the owner)" in card
    assert "Waiting for a note from max@example.com" in card

    based_on = shown["updated_at"]
    answer = api_as("member").put(NOTE, json={"body": "A release doubled the contacts.", "based_on": based_on})
    assert answer.status_code == 200
    shown = viewer.get(f"/api/v1/wbr/{WEEK}/notes").json()["support_contacts"]
    assert shown["answers"] is True and shown["written_as"] == "owner"
    page = browser_as("viewer").get(f"/wbr/{WEEK}").text
    card = page[page.index('id="metric-support_contacts"'):]
    assert "Note from Max Member:" in card and "Waiting for a note from max@example.com" not in card[:2000]


def test_a_delegate_the_owner_names_answers_for_them(api_as: Client, browser_as: Client, ws: Workspace) -> None:
    _demo_owned_by_max(ws)
    owner, otto = api_as("member"), api_as("outsider")
    assert otto.put(NOTE, json={"body": "x", "based_on": None}).status_code == 403
    for wrong, says in ((["nobody@example.com"], "is no one in the workspace"),
                        (["max@example.com"], "you write your own notes already")):
        refused = owner.put("/api/v1/wbr/delegates/mine", json={"delegates": wrong})
        assert refused.status_code == 422 and says in refused.json()["error"]["message"]
    named = owner.put("/api/v1/wbr/delegates/mine", json={"delegates": ["OTTO@example.com"]})
    assert named.status_code == 200 and named.json() == {"delegates": ["otto@example.com"]}
    assert owner.get("/api/v1/wbr/delegates/mine").json() == {"owner": "max@example.com",
                                                              "delegates": ["otto@example.com"]}
    written = otto.put(NOTE, json={"body": "Max is away: a release doubled the contacts.", "based_on": None})
    assert written.status_code == 200
    shown = api_as("viewer").get(f"/api/v1/wbr/{WEEK}/notes").json()["support_contacts"]
    assert shown["answers"] is True and shown["written_as"] == "delegate"
    assert "Note from Otto Outsider (for max@example.com)" in browser_as("viewer").get(f"/wbr/{WEEK}").text
    assert api_as("viewer").put("/api/v1/wbr/delegates/mine", json={"delegates": []}).status_code == 403

    page = browser_as("member")
    form = page.get("/wbr/metrics").text
    assert "Who writes your notes" in form and "<option selected>otto@example.com</option>" in form
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    cleared = page.post("/wbr/delegates", data={"csrf_token": csrf})
    assert cleared.status_code == 200 and "Only you write the notes on your metrics now." in cleared.text
    assert otto.put(NOTE, json={"body": "y", "based_on": written.json()["updated_at"]}).status_code == 403
    assert "Who writes your notes" not in browser_as("outsider").get("/wbr/metrics").text  # owns nothing
