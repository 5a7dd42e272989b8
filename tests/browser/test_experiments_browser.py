"""Experiments in a real Chromium, on the demo company, at laptop and phone width: design one, start it,
upload its statistics, read the result, stop it and record the decision — with no console error or
CSP violation, and nothing wider than the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import NARROW, WIDE, LiveServer, sign_in
from tests.experiments.conftest import STATS

pytestmark = pytest.mark.browser


def _fits(page: Page, width: int) -> None:
    """Nothing makes the page scroll sideways: wide tables scroll inside their own box."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1366", "390"])
def test_design_upload_read_and_decide(page: Page, live_server: LiveServer, viewport: dict[str, int]) -> None:
    sign_in(page, live_server.login.member_email, live_server.login.password)
    page.goto("/experiments")
    expect(page.locator("#portfolio [data-count=stop]")).to_have_text("1")  # the demo's failed idea, a result
    _fits(page, viewport["width"])
    page.get_by_role("link", name="Design an experiment").click()
    title = f"Reorder reminder email ({viewport['width']})"
    page.get_by_label("What is tested").fill(title)
    page.get_by_label("Hypothesis: what we expect, and why").fill("A reminder brings repeat customers back.")
    page.get_by_label("Primary metric (a WBR metric)").fill("conversion")
    page.get_by_label("Guardrail metrics").fill("page_load_ms up")
    page.get_by_label("Minimum effect worth detecting").fill("2")
    page.get_by_label("Primary metric's mean per unit").fill("0.1")
    page.get_by_label("Compute the sample size needed").check()
    _fits(page, viewport["width"])
    page.get_by_role("button", name="Design the experiment").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.locator("#experiment-status")).to_have_text("designed")
    expect(page.locator("#no-results")).to_contain_text("start the experiment")

    page.get_by_role("button", name="Start the experiment").click()
    expect(page.locator("#experiment-status")).to_have_text("running")
    page.get_by_label("Statistics CSV").set_input_files(
        {"name": "stats.csv", "mimeType": "text/csv", "buffer": STATS.encode()})
    page.get_by_role("button", name="Store the statistics").click()
    expect(page.locator("#srm")).to_contain_text("Sample ratio check passed")
    expect(page.locator("#headline")).to_contain_text("treatment raised conversion by 10.0% against control")
    expect(page.locator("#guardrails [data-status=regressed]")).to_contain_text("Guardrail page_load_ms regressed")
    expect(page.locator("svg.effects-chart")).to_have_count(2)
    chart = page.locator("svg.effects-chart").first.bounding_box()
    assert chart is not None and chart["width"] <= viewport["width"]
    _fits(page, viewport["width"])

    page.get_by_role("button", name="Stop the experiment").click()
    expect(page.locator("#experiment-status")).to_have_text("stopped")
    page.get_by_label("Decision", exact=True).select_option("iterate")
    page.get_by_label("What the test taught").fill("Reminders work; make the page faster before launch.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#experiment-status")).to_have_text("decided")
    page.locator("#experiment-decision").click()
    expect(page.get_by_role("heading", name=f"Iterate on {title}")).to_be_visible()
    expect(page.locator("#decision-status")).to_have_text("decided")


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1366", "390"])
def test_a_sample_ratio_mismatch_leads_the_page(page: Page, live_server: LiveServer,
                                                viewport: dict[str, int]) -> None:
    sign_in(page, live_server.login.viewer_email, live_server.login.password)
    page.goto("/experiments")
    page.get_by_role("link", name="Free shipping over $35").click()
    warning = page.get_by_role("alert")
    expect(warning).to_contain_text("Sample ratio mismatch")
    expect(warning).to_contain_text("Do not trust these results")
    box, headline = warning.bounding_box(), page.locator("#headline").bounding_box()
    assert box is not None and headline is not None and box["y"] < headline["y"]
    expect(page.get_by_role("button", name="Record the decision")).to_have_count(0)  # a viewer reads only
    _fits(page, viewport["width"])


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1366", "390"])
def test_the_interval_over_time_a_breakdown_and_a_market_test(page: Page, live_server: LiveServer,
                                                             viewport: dict[str, int]) -> None:
    sign_in(page, live_server.login.viewer_email, live_server.login.password)
    page.goto("/experiments")
    page.get_by_role("link", name="Delivery date on product pages").click()
    expect(page.locator("#timeline")).to_be_visible()
    chart = page.locator("svg.line-chart").first.bounding_box()
    assert chart is not None and 0 < chart["width"] <= viewport["width"]
    expect(page.locator("table.exp-breakdown[data-dimension=device] tr[data-value=mobile]")).to_have_count(1)
    _fits(page, viewport["width"])
    page.goto("/experiments")
    page.get_by_role("link", name="Same-day delivery in two metros (market test)").click()
    expect(page.locator("#market-reading")).to_contain_text("Read by a synthetic control")
    expect(page.locator("#market-p")).to_contain_text("12 control regions")
    expect(page.locator("svg.line-chart")).to_have_count(1)
    _fits(page, viewport["width"])
