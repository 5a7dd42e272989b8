"""The demo's WBR deck in a real Chromium: open it, see a flagged metric."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import NARROW, WIDE, LiveServer, sign_in

pytestmark = pytest.mark.browser


def test_open_the_demo_wbr_and_see_a_flagged_metric(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server.login.viewer_email, live_server.login.password)
    page.get_by_role("link", name="WBR").click()
    expect(page.get_by_role("heading", name="Weekly Business Review")).to_be_visible()
    flagged = page.locator(".metric.flagged#metric-support_contacts")
    expect(flagged.locator(".anomaly")).to_contain_text("SDs above")
    expect(page.locator(".metric svg.chart")).to_have_count(page.locator(".metric").count())
    # inputs before the outputs they drive
    order = page.locator(".metric").evaluate_all("els => els.map(e => e.id)")
    assert order.index("metric-sessions") < order.index("metric-orders")


def test_the_owner_writes_a_note_on_a_flagged_metric(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server.login.member_email, live_server.login.password)  # Maya owns orders
    page.goto("/wbr")
    orders = page.locator("#metric-orders")
    expect(orders.locator(".note.waiting")).to_contain_text("Waiting for a note from maya.cohen@")
    orders.get_by_label("Your note on Orders").fill("Thursday's checkout outage cost about 4,000 orders.")
    orders.get_by_role("button", name="Save the note").click()
    expect(page.locator("#metric-orders .note")).to_contain_text(
        "Note from Maya Cohen: Thursday's checkout outage cost about 4,000 orders.")
    expect(page.locator("#metric-support_contacts .note-form")).to_have_count(0)  # not hers


def test_export_the_pdf_and_see_the_sql_behind_a_number(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server.login.viewer_email, live_server.login.password)
    page.goto("/wbr")
    with page.expect_download(timeout=90_000) as download:  # WeasyPrint lays ~40 metric cards out in ~15 s
        page.get_by_role("link", name="Download PDF").click()
        expect(page.locator("#pdf-status")).to_contain_text("Preparing the PDF…")  # progress while it renders
    expect(page.locator("#pdf-status")).to_contain_text("PDF ready (")
    path = download.value.path()
    assert download.value.suggested_filename.startswith("wbr-") and path is not None
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    page.locator("#metric-orders").get_by_role("link", name="Show the SQL").click()
    expect(page.get_by_role("heading", name="How orders is computed")).to_be_visible()
    expect(page.locator("#sql-week")).to_contain_text("sum(")
    expect(page.locator("#sql-week")).to_contain_text("BETWEEN DATE")


@pytest.mark.parametrize("expected_statuses", [{422}])  # the form comes back with the mistake named
def test_an_admin_edits_the_metrics_file_and_a_mistake_saves_nothing(
        expected_statuses: set[int], page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server.login.email, live_server.login.password)
    page.goto("/wbr/metrics")
    editor = page.get_by_label("Metrics file (YAML)")
    original = editor.input_value()
    editor.fill(original.replace("aggregation: sum", "aggregation: summ", 1))
    page.get_by_role("button", name="Check and save").click()
    expect(page.locator(".problems")).to_contain_text("did you mean `sum`?")
    expect(page.locator(".problems li").first).to_contain_text("line ")
    page.goto("/wbr/metrics")
    assert page.get_by_label("Metrics file (YAML)").input_value() == original  # nothing was saved


@pytest.mark.parametrize("expected_statuses", [{422}])
def test_a_metric_over_a_column_that_is_not_there_is_refused_and_the_deck_keeps_serving(
        expected_statuses: set[int], page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server.login.email, live_server.login.password)
    page.goto("/wbr/metrics")
    form = page.locator("#new-metric")
    form.get_by_label("Name").fill("late_orders")
    form.get_by_label("Source").select_option(index=1)
    form.get_by_label("Column or expression").fill("ordrs_late")  # a typo: no such column
    page.get_by_role("button", name="Add the metric").click()
    expect(page.locator(".flash.error-flash").first).to_contain_text("does not compute on its data")
    expect(page.locator(".flash.error-flash").first).to_contain_text("ordrs_late")
    expect(page.locator("#new-metric").get_by_label("Column or expression")).to_have_value("ordrs_late")  # kept
    page.get_by_role("link", name="WBR", exact=True).click()  # the deck still serves everyone
    expect(page.locator(".deck h1")).to_be_visible()
    expect(page.locator("#metric-orders")).to_be_visible()


def test_a_week_whose_prior_year_is_partial_names_its_missing_days(page: Page, live_server: LiveServer) -> None:
    """The deck of a week a year after the demo's data begin: the prior-year week has only some
    days, so its YoY is "—" with the reason as a tooltip, and the card's footnote lists the
    missing days; all within the page's Content-Security-Policy (the fixture fails on a violation)."""
    import csv
    from datetime import date, timedelta

    with (live_server.ws.settings.home / "data" / "demo-wbr" / "daily.csv").open() as handle:
        first = date.fromisoformat(next(iter(csv.DictReader(handle)))["date"])
    week = first + timedelta(days=364 + 3)
    week += timedelta(days=(5 - week.weekday()) % 7)  # a Saturday: the prior-year week starts before the data
    sign_in(page, live_server.login.viewer_email, live_server.login.password)
    page.goto(f"/wbr/{week.isoformat()}")
    orders = page.locator("#metric-orders")
    expect(orders.locator(".gaps")).to_contain_text(f"Week ending {week.isoformat()}, last year's week: no data on "
                                                    f"{week - timedelta(days=364 + 6)}")
    withheld = orders.locator("table.summary td[title*='so the change is not shown']").first
    expect(withheld).to_have_text("—")
    withheld.hover()
    expect(orders.locator("table.summary td.incomplete")).to_have_count(0)  # this year's numbers are whole


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1366px", "390px"])
def test_the_deck_page_is_styled_in_the_app_at_laptop_and_phone_width(page: Page, live_server: LiveServer,
                                                                       viewport: dict[str, int]) -> None:
    sign_in(page, live_server.login.viewer_email, live_server.login.password)
    page.goto("/wbr")
    if viewport == NARROW:  # the app's navigation folds behind its menu button on a phone
        page.get_by_role("button", name="Menu").click()
    expect(page.locator("header.top nav").get_by_role("link", name="Decisions")).to_be_visible()  # the app's own
    deck = page.locator(".deck")
    assert "Liberation Sans" in deck.evaluate("e => getComputedStyle(e).fontFamily")  # deck.css applies
    assert page.evaluate("document.querySelector('meta[name=viewport]') !== null")
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= viewport["width"], f"the deck page is {wide} px wide at {viewport['width']} px"
    chart = page.locator("#metric-orders svg.chart")
    box = chart.bounding_box()
    assert box is not None and box["width"] <= viewport["width"] - 16
    table = page.locator("#metric-orders table.months")
    scrolls = table.evaluate("t => ({overflow: getComputedStyle(t).overflowX, inner: t.scrollWidth, "
                             "outer: t.clientWidth})")
    assert scrolls["overflow"] == "auto" and scrolls["outer"] <= viewport["width"]
    if viewport is NARROW:
        assert scrolls["inner"] > scrolls["outer"]  # twelve months do not fit a phone: they scroll in their box
