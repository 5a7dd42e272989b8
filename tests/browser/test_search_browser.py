"""Searching from the header in a real Chromium, at laptop and phone width: a document
shared with the member is found, another person's private draft is not (nor counted)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import NARROW, WIDE, LiveServer, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=[WIDE, NARROW], ids=["1366px", "390px"])
def viewport(request: pytest.FixtureRequest) -> dict[str, int]:
    return dict(request.param)


def _fits(page: Page) -> None:
    width = page.evaluate("() => document.querySelector('main').scrollWidth")
    assert width <= page.viewport_size["width"], f"the results are {width} px wide"  # type: ignore[index]


def test_search_finds_a_shared_document_and_not_another_s_private_one(page: Page, live_server: LiveServer,
                                                                       viewport: dict[str, int]) -> None:
    sign_in(page, live_server.login.member_email, live_server.login.password)  # Maya, a member
    box = page.get_by_role("search").get_by_label("Search")
    expect(box).to_be_visible()
    box.fill("returns boxes")
    box.press("Enter")
    page.wait_for_url("**/search?q=returns+boxes")
    results = page.locator("ol.search-results")
    hit = results.get_by_role("link", name="Returns Without Boxes")
    expect(hit).to_be_visible()  # Farid's draft, shared with Maya
    expect(results.locator("mark").first).to_be_visible()
    _fits(page)
    hit.click()
    expect(page.get_by_role("heading", name="Returns Without Boxes").first).to_be_visible()

    # Tariq's private draft: its own word finds nothing, and no kind counts it
    page.goto("/search?q=chargeback")
    expect(page.get_by_role("status")).to_contain_text("Nothing you can read matches “chargeback”")
    expect(page.locator(".search-kinds .n").first).to_have_text("0")
    page.goto("/search?q=fraud")
    expect(page.locator("ol.search-results")).to_contain_text("Fraud Screening")  # the initiative
    expect(page.locator("ol.search-results")).not_to_contain_text("Holiday Fraud Rings")

    # filters by kind, and a metric found by the words written above it in the metrics file
    page.goto("/search?q=gift+cards")
    page.locator(".search-kinds").get_by_role("link", name="Metrics").click()
    expect(page.locator("ol.search-results")).to_contain_text("gift_card_sales")
    expect(page.locator(".search-kinds a[aria-current=page]")).to_contain_text("Metrics")
    _fits(page)

    page.goto("/search?q=%22*%22")  # nothing but operators: said, not failed
    expect(page.get_by_role("alert")).to_contain_text("type at least one word")
