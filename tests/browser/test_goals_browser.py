"""Goals in a real Chromium, on the demo company, at laptop and phone width: reach the plans
from the menu, write a goal and see its findings, see its status computed from the WBR,
override it with a note, and hold the quarterly review — with no console error or CSP
violation, and nothing wider than the screen."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import NARROW, WIDE, LiveServer, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def expected_statuses() -> set[int]:
    return {422}  # a status without its note is refused (422) on purpose


def _fits(page: Page, width: int) -> None:
    """Nothing makes the page scroll sideways: wide tables scroll inside their own box."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1366", "390"])
def test_write_a_goal_see_its_status_override_it_and_hold_the_review(
        page: Page, live_server: LiveServer, viewport: dict[str, int]) -> None:
    sign_in(page, live_server.login.member_email, live_server.login.password)
    page.goto("/mechanisms")
    page.locator("#goals-link a").click()
    expect(page.get_by_role("heading", name="Goals", exact=True)).to_be_visible()
    _fits(page, viewport["width"])
    page.get_by_role("link", name=f"Checkout plan {date.today().year}").click()
    expect(page.locator("#plan-stage")).to_have_text("OP2")
    expect(page.locator("#s-team-share")).to_contain_text("about 10–20% is usual")
    _fits(page, viewport["width"])

    text = f"Improve conversion on {'laptops' if viewport['width'] > 800 else 'phones'}."  # vague, on purpose
    page.get_by_label("The goal, as written in the plan").fill(text)
    page.get_by_label("Date").fill(f"{date.today().year}-12-31")
    page.locator("#f-metric").fill("conversion")
    page.get_by_label("Target (a number, or 4.5% for a rate)").fill("3.1%")
    page.get_by_label("Measured over").select_option("month")
    page.get_by_role("button", name="Add the goal").click()
    expect(page.get_by_role("heading", name=text)).to_be_visible()
    expect(page.locator("#computed-status")).to_have_text(re.compile(r"^(green|yellow|red)$"))
    expect(page.locator("#measurement")).to_contain_text("WBR week ending")
    expect(page.locator("#goal-findings [data-code=goal-vague-verb]")).to_be_visible()  # the wording checker
    expect(page.locator("#goal-findings [data-code=goal-no-date]")).to_be_visible()
    _fits(page, viewport["width"])

    page.get_by_label("Status").select_option("red")
    page.get_by_role("button", name="Set the status").click()  # no note: refused beside the field
    expect(page.locator(".field-error")).to_contain_text("say why")
    page.get_by_label("Status").select_option("red")
    page.get_by_label("Why (required)").fill("The payment provider's outage will cost us a month.")
    page.get_by_role("button", name="Set the status").click()
    expect(page.locator("#goal-status")).to_have_text("red")
    expect(page.locator("#goal-history")).to_contain_text("The payment provider's outage")

    page.get_by_role("link", name=f"Checkout plan {date.today().year}").first.click()
    page.get_by_role("link", name="Quarterly review packet").click()
    expect(page.locator("#packet tbody tr").first).to_have_attribute("data-status", "red")  # red first
    _fits(page, viewport["width"])
    page.get_by_label("Notes of the review").fill("Payments outage: recovery plan next week.")
    page.get_by_role("button", name="Hold the review").click()
    expect(page.locator("#review-notes")).to_have_text("Payments outage: recovery plan next week.")
    expect(page.get_by_text("Held on")).to_be_visible()
    _fits(page, viewport["width"])


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1366", "390"])
def test_an_initiative_goal_not_owned_by_its_leader_shows_the_finding(
        page: Page, live_server: LiveServer, viewport: dict[str, int]) -> None:
    sign_in(page, live_server.login.viewer_email, live_server.login.password)
    page.goto("/goals")
    page.get_by_role("link", name=f"Company plan {date.today().year}").click()
    page.get_by_role("link", name="Sell and redeem digital gift cards in all stores by 30 November.").click()
    expect(page.locator("#goal-findings [data-code=goal-initiative-no-leader]")).to_be_visible()
    expect(page.get_by_role("button", name="Set the status")).to_have_count(0)  # a viewer reads only
    _fits(page, viewport["width"])
