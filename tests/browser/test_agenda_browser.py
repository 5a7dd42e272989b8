"""My week in a real Chromium, on the demo company, at a laptop's and a phone's width: sign
in, land on My week, follow an item to where it is done."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import NARROW, WIDE, LiveServer, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=[WIDE, NARROW], ids=["1366", "390"])
def viewport(request: pytest.FixtureRequest) -> dict[str, int]:
    return dict(request.param)


def test_sign_in_lands_on_my_week_and_an_item_leads_to_its_page(page: Page, live_server: LiveServer,
                                                                viewport: dict[str, int]) -> None:
    sign_in(page, live_server.login.email, live_server.login.password)  # Ava, in America/New_York
    expect(page.get_by_role("heading", name="My week")).to_be_visible()
    expect(page.locator(".hint").first).to_contain_text("America/New_York")
    items = page.locator("#agenda li.agenda-item")
    kinds = set(items.evaluate_all("els => els.map(e => e.dataset.kind)"))
    assert {"decision-approval", "decision-escalation", "review-invitation", "wbr-note"} <= kinds, kinds
    # the page never scrolls sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    # times in her zone
    expect(page.locator("#agenda time").first).to_have_text(re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d E[SD]T$"))

    approval = page.locator("li[data-kind=decision-approval]").first
    title = approval.locator("a.agenda-title").inner_text().removeprefix("Approve: ")
    approval.locator("a.agenda-title").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    page.go_back()
    note = page.locator("li[data-kind=wbr-note]").first
    note.locator("a.agenda-title").click()
    expect(page).to_have_url(re.compile(r"/wbr/\d{4}-\d\d-\d\d#note-revenue$"))
    expect(page.locator("#note-revenue")).to_be_visible()


def test_a_viewer_with_nothing_waiting_is_told_so(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server.login.viewer_email, live_server.login.password)
    expect(page.locator("#agenda-empty")).to_contain_text("Nothing waits on you")
    page.get_by_role("link", name="change it").click()
    page.get_by_label("Time zone").fill("Asia/Tokyo")
    page.get_by_role("button", name="Save the time zone").click()
    expect(page.get_by_role("status")).to_contain_text("Your time zone is now Asia/Tokyo")
    page.goto("/agenda")
    expect(page.locator(".hint").first).to_contain_text("Asia/Tokyo")
    page.goto("/account")
    page.get_by_label("Time zone").fill("UTC")  # leave the shared demo as it was
    page.get_by_role("button", name="Save the time zone").click()
