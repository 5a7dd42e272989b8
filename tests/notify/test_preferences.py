"""Each person's choice per kind, through the API, /account and the CLI: immediately, in the
daily digest (grouped by kind, once a day), or never; and the admin's SMTP status and test."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from dayone.notify import service
from dayone.notify.kinds import KINDS
from dayone.notify.models import NotificationSent
from dayone.settings import Settings
from dayone.workspace import Workspace
from tests.agenda.conftest import Week
from tests.cli.test_cli import cli  # noqa: F401  (the fixture)
from tests.conftest import People
from tests.mailbox import Mailbox
from tests.notify.conftest import PUBLIC, body, calendars

Client = Callable[[str], TestClient]
MAX = "max@example.com"


def test_the_api_reads_and_changes_ones_choices_and_names_a_wrong_one(
        ws: Workspace, people: People, api_as: Client) -> None:
    client = api_as("member")
    got = client.get("/api/v1/me/notifications").json()
    assert got["email"] == MAX and got["email_configured"] is True
    assert [k["kind"] for k in got["kinds"]] == list(KINDS)
    assert {k["kind"]: k["delivery"] for k in got["kinds"]}["review-invitation"] == "immediate"
    changed = client.put("/api/v1/me/notifications",
                         json={"deliveries": {"review-invitation": "digest", "mechanism-due": "off"}})
    assert changed.status_code == 200
    by_kind = {k["kind"]: k["delivery"] for k in changed.json()["kinds"]}
    assert by_kind["review-invitation"] == "digest" and by_kind["mechanism-due"] == "off"
    assert by_kind["decision-approval"] == "immediate"  # untouched
    for wrong, field in (({"no-such-kind": "off"}, "no-such-kind"), ({"wbr-note": "hourly"}, "wbr-note")):
        answer = client.put("/api/v1/me/notifications", json={"deliveries": wrong})
        assert answer.status_code == 422
        assert answer.json()["error"]["details"][0]["field"] == field
    assert client.get("/api/v1/me/notifications").json() == changed.json()  # nothing changed by the refusals
    assert api_as("anonymous").get("/api/v1/me/notifications").status_code == 401
    # each person's own: the viewer's are untouched
    viewer = {k["kind"]: k["delivery"] for k in api_as("viewer").get("/api/v1/me/notifications").json()["kinds"]}
    assert viewer["review-invitation"] == "immediate"


def test_preferences_are_respected_and_the_digest_groups_items_once_a_day(
        ws: Workspace, people: People, zoned: Week, mailbox: Mailbox, api_as: Client) -> None:
    api_as("member").put("/api/v1/me/notifications", json={"deliveries": {
        "decision-approval": "off", "review-invitation": "digest", "decision-escalation": "digest"}})
    service.send(ws)
    subjects = [str(m["Subject"]) for m in mailbox.to(MAX)]
    assert subjects == ["Write the note on Support contacts"]  # only the flag on his metric stays immediate
    mailbox.clear()

    report = service.digest(ws)
    (digest,) = mailbox.to(MAX)
    text = body(digest)
    assert re.match(r"Your day: \d+ items waiting \(\d+ new\)", str(digest["Subject"]))
    # grouped by kind, each group under its words, each item with its link; off is never mailed
    assert "A review you are invited to (with a calendar invitation) (1)" in text
    assert "A decision escalated to you (1)" in text and "A decision of yours to decide (1)" in text
    assert f"{PUBLIC}/reviews/{zoned.invited_review}" in text and f"{PUBLIC}/decisions/{zoned.own_proposed}" in text
    assert "Otto's pricing test" not in text  # approvals: off
    assert "Support contacts" not in text  # immediate: already mailed, not in the digest
    assert text.index("A review you are invited to") < text.index("A decision of yours to decide")
    (cal,) = calendars(digest)  # the new invitation's calendar rides along
    assert str(cal["METHOD"]) == "REQUEST"
    assert report.messages == len(mailbox.messages)  # one digest a person
    # once per day of his: a second run sends him nothing
    mailbox.clear()
    service.digest(ws)
    assert mailbox.to(MAX) == []
    # the next day, the items still waiting are listed again, none marked new
    service.digest(ws, now=datetime.now(UTC) + timedelta(days=1))
    (tomorrow,) = mailbox.to(MAX)
    assert "[new]" not in body(tomorrow) and "new)" not in str(tomorrow["Subject"])


def test_account_page_chooses_per_kind(ws: Workspace, people: People, browser_as: Client) -> None:
    page = browser_as("member")
    shown = page.get("/account")
    assert 'id="notifications"' in shown.text
    assert shown.text.count('type="radio"') == 3 * len(KINDS)
    token = re.search(r'name="csrf_token" value="([^"]+)"', shown.text).group(1)  # type: ignore[union-attr]
    saved = page.post("/account/notifications", data={"csrf_token": token, "n-wbr-note": "off",
                                                      "n-review-invitation": "digest"})
    assert saved.status_code == 200 and "Your notification choices are saved." in saved.text
    assert re.search(r'name="n-wbr-note" value="off" checked', saved.text)
    assert re.search(r'name="n-review-invitation" value="digest" checked', saved.text)
    wrong = page.post("/account/notifications", data={"csrf_token": token, "n-wbr-note": "hourly"})
    assert wrong.status_code == 422 and "choose immediate, digest or off" in wrong.text
    assert page.post("/account/notifications", data={"n-wbr-note": "off"}).status_code == 403  # no CSRF token


def test_the_admin_sees_the_smtp_status_and_sends_a_test_message(
        ws: Workspace, people: People, browser_as: Client, mailbox: Mailbox) -> None:
    admin = browser_as("admin")
    shown = admin.get("/admin/notifications")
    assert shown.status_code == 200 and "127.0.0.1:" in shown.text and 'id="smtp-test"' in shown.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', shown.text).group(1)  # type: ignore[union-attr]
    sent = admin.post("/admin/notifications/test", data={"csrf_token": token})
    assert sent.status_code == 200 and "A test message went to ada@example.com" in sent.text
    (message,) = mailbox.to("ada@example.com")
    assert str(message["Subject"]) == "Day One: a test message"
    assert browser_as("member").get("/admin/notifications").status_code == 403


def test_the_admin_page_says_when_smtp_is_down(ws: Workspace, people: People, browser_as: Client) -> None:
    from tests.servers import free_port

    ws.settings = ws.settings.model_copy(update={"smtp_port": free_port()})
    admin = browser_as("admin")
    token = re.search(r'name="csrf_token" value="([^"]+)"',  # type: ignore[union-attr]
                      admin.get("/admin/notifications").text).group(1)
    failed = admin.post("/admin/notifications/test", data={"csrf_token": token})
    assert failed.status_code == 502 and "connection refused" in failed.text and "DAYONE_SMTP_PORT" in failed.text


@pytest.fixture
def env_smtp(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("smtp_host", "smtp_port", "smtp_security", "public_url", "smtp_from"):
        monkeypatch.setenv(f"DAYONE_{name.upper()}", str(getattr(settings, name)))


def test_the_cli_sends_and_digests_and_says_what_it_did(
        ws: Workspace, people: People, zoned: Week, mailbox: Mailbox, cli, env_smtp: None) -> None:  # noqa: F811
    code, out, err = cli("notify", "send")
    assert code == 0, err
    assert re.match(r"\d+ messages sent to \d+ people\.", out.strip())
    assert mailbox.to(MAX)
    code, out, _ = cli("notify", "send")
    assert code == 0 and out.strip() == "0 messages sent to 0 people."
    code, out, _ = cli("notify", "digest")
    assert code == 0 and "sent" in out
    code, out, _ = cli("notify", "test", "someone@example.com")
    assert code == 0 and mailbox.to("someone@example.com")


def test_the_cli_names_a_missing_or_unreachable_server(
        ws: Workspace, people: People, zoned: Week, cli, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    from tests.servers import free_port

    monkeypatch.delenv("DAYONE_SMTP_HOST", raising=False)
    code, _, err = cli("notify", "send")
    assert code == 1 and "set DAYONE_SMTP_HOST" in err and "Traceback" not in err
    monkeypatch.setenv("DAYONE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("DAYONE_SMTP_PORT", str(free_port()))
    monkeypatch.setenv("DAYONE_SMTP_SECURITY", "none")
    code, _, err = cli("notify", "send")
    assert code == 1 and "connection refused" in err and "Traceback" not in err
    with ws.session() as s:
        assert (s.scalar(select(func.count()).select_from(NotificationSent)) or 0) == 0
