"""Decisions and mechanisms in a real Chromium, on the demo company."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, sign_in

pytestmark = pytest.mark.browser


def test_record_a_two_way_door_through_the_questions_then_disagree_and_commit(
        page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server.login.member_email, live_server.login.password)
    page.get_by_role("link", name="Decisions").click()
    page.get_by_role("link", name="Record a decision").click()
    page.get_by_label("Decision", exact=True).fill("Show prices per unit on grocery items")
    page.get_by_label("The choice").fill("Show them on every grocery item page.")
    page.get_by_label("How costly is it to undo?").select_option("cheap")
    page.get_by_label("How long would undoing take?").select_option("hours")
    page.get_by_label("How many customers does it affect?").select_option("many")
    page.get_by_label("Is there legal or safety exposure?").select_option("no")
    page.get_by_role("button", name="Propose the type").click()
    expect(page.locator("#proposal")).to_contain_text("Proposed: two-way door (Type 2)")
    expect(page.locator("#proposal")).to_contain_text("undoing it is cheap and takes hours")
    expect(page.get_by_label("Type", exact=True)).to_have_value("type-2")
    page.get_by_label("Decide now (two-way doors)").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("heading", name="Show prices per unit on grocery items")).to_be_visible()
    expect(page.locator("#decision-status")).to_have_text("decided")

    page.get_by_label("Stance").select_option("disagree")
    page.get_by_label("Your view (required to disagree)").fill("Start with produce only.")
    page.get_by_role("button", name="Record my position").click()
    expect(page.locator("#positions li[data-stance=disagree]")).to_contain_text(
        "Maya Cohen disagrees: Start with produce only. — commits")


def test_the_inspection_pages_show_the_failure_modes(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server.login.viewer_email, live_server.login.password)
    page.goto("/decisions")
    expect(page.locator("li.finding[data-code=two-way-door-waiting]")).to_contain_text(
        "Change the checkout button colour")
    expect(page.get_by_role("link", name="Record a decision")).to_have_count(0)
    page.get_by_role("link", name="Mechanisms").click()
    row = page.locator("tr[data-mechanism='Weekly Business Review']")
    expect(row.locator(".adoption")).to_contain_text("5/7")
    expect(row.locator(".strip .lapse")).to_have_count(2)
