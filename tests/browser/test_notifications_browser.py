"""Notifications in a real Chromium at a laptop's and a phone's width: choose per kind on
/account, then `notify send` mails the invited review to the real test SMTP server with its
calendar invitation, and not the kind turned to the digest."""

from __future__ import annotations

import dataclasses

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import delete, select

from dayone.notify import service
from dayone.notify.models import NotificationSent
from dayone.org.models import Person
from tests.browser.conftest import NARROW, WIDE, LiveServer, sign_in
from tests.mailbox import Mailbox
from tests.notify.conftest import calendars

pytestmark = pytest.mark.browser


@pytest.fixture(params=[WIDE, NARROW], ids=["1366", "390"])
def viewport(request: pytest.FixtureRequest) -> dict[str, int]:
    return dict(request.param)


def test_choose_notifications_then_an_invited_review_arrives_with_its_calendar(
        page: Page, live_server: LiveServer, viewport: dict[str, int], mailbox: Mailbox, smtp_server: object) -> None:
    with live_server.ws.session() as s:  # the shared demo: forget what an earlier run mailed her
        s.execute(delete(NotificationSent).where(NotificationSent.person_id.in_(
            select(Person.id).where(Person.email == live_server.login.email))))
    sign_in(page, live_server.login.email, live_server.login.password)
    page.goto("/account#notifications")
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    page.get_by_role("group", name="A review you are invited to").get_by_label("Immediately").check()
    page.get_by_role("group", name="A decision that asks your approval").get_by_label(
        "In the daily digest").check()
    page.get_by_role("button", name="Save notifications").click()
    expect(page.get_by_role("status")).to_contain_text("Your notification choices are saved")
    expect(page.get_by_role("group", name="A decision that asks your approval").get_by_label(
        "In the daily digest")).to_be_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    port = smtp_server.port  # type: ignore[attr-defined]
    ws = dataclasses.replace(live_server.ws, settings=live_server.ws.settings.model_copy(update={
        "smtp_host": "127.0.0.1", "smtp_port": port, "smtp_security": "none", "public_url": live_server.url}))
    service.send(ws)
    mine = mailbox.to(live_server.login.email)
    invitations = [m for m in mine if calendars(m)]
    assert invitations, [str(m["Subject"]) for m in mine]
    (cal,) = calendars(invitations[0])
    (vevent,) = cal.walk("VEVENT")
    assert str(cal["METHOD"]) == "REQUEST" and vevent.decoded("DTSTART").tzinfo is not None
    url = str(vevent["URL"])
    assert url.startswith(f"{live_server.url}/reviews/")
    assert not any(str(m["Subject"]).startswith("Approve") for m in mine)  # approvals: digest now
    page.goto(url.removeprefix(live_server.url))  # the link opens the review for her
    expect(page.locator("h1").first).to_contain_text(str(vevent["SUMMARY"]).removeprefix("Review of ")[:20])
