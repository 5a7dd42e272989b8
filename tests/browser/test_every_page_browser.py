"""Every page of the app, at a phone's width and a laptop's: nothing scrolls sideways, the
header stays on one line on the laptop, and no page logs an error or a CSP violation (the
``page`` fixture fails the test on those and on any 4xx/5xx answer)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from dayone.web.app import create_app
from tests.browser.conftest import NARROW, WIDE, LiveServer, sign_in
from tests.web.pages import PageUrl, every_page, remove_pending_upload, write_pending_upload

pytestmark = pytest.mark.browser

# every child of the header, and every link of the navigation, crosses the brand's middle line
ONE_LINE = """() => {
  const brand = document.querySelector('header.top .brand').getBoundingClientRect();
  const middle = brand.top + brand.height / 2;
  const items = [...document.querySelectorAll('header.top > *, header.top nav > *')]
    .filter(el => el.getClientRects().length);
  return items.filter(el => { const r = el.getBoundingClientRect(); return r.top > middle || r.bottom < middle; })
    .map(el => el.textContent.trim().slice(0, 30));
}"""
# what sticks out of the window, to name in the failure
WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > innerWidth + 1
    || (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible'))
  .slice(-3).map(el => `${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 40)}"`)"""


@pytest.fixture
def pages(live_server: LiveServer) -> Iterator[list[PageUrl]]:
    write_pending_upload(live_server.ws)
    yield every_page(create_app(live_server.ws), live_server.ws)
    remove_pending_upload(live_server.ws)


def _visit(page: Page, pages: list[PageUrl], viewport: dict[str, int]) -> list[str]:
    wrong = []
    for item in pages:
        response = page.goto(item.url)
        assert response is not None
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            wrong.append(f"{item.url}: {response.status} {response.headers.get('content-type')}")
            continue
        wide, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if wide > inner:
            wrong.append(f"{item.url}: {wide} px wide in a {inner} px window: {page.evaluate(WIDE_ELEMENTS)}")
        if viewport == WIDE and page.locator("header.top .brand").count():
            off_line = page.evaluate(ONE_LINE)
            if off_line:
                wrong.append(f"{item.url}: the header takes more than one line ({off_line})")
    return wrong


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1366px", "390px"])
def test_every_page_fits_the_window(page: Page, live_server: LiveServer, pages: list[PageUrl],
                                    viewport: dict[str, int]) -> None:
    sign_in(page, live_server.login.email, live_server.login.password)
    wrong = _visit(page, [p for p in pages if not p.as_author], viewport)
    page.context.clear_cookies()
    sign_in(page, live_server.login.member_email, live_server.login.password)
    wrong += _visit(page, [p for p in pages if p.as_author], viewport)
    assert len(pages) > 30  # the walk found the app's pages
    assert wrong == []


@pytest.mark.parametrize("viewport", [NARROW], ids=["390px"])
def test_on_a_phone_the_menu_button_opens_the_navigation(page: Page, live_server: LiveServer,
                                                          viewport: dict[str, int]) -> None:
    sign_in(page, live_server.login.email, live_server.login.password)
    page.goto("/decisions")
    nav = page.get_by_role("navigation", name="Main")
    menu = page.get_by_role("button", name="Menu")
    expect(nav).to_be_hidden()
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="Decisions")).to_have_attribute("aria-current", "page")
    nav.get_by_role("link", name="Teams").click()
    page.wait_for_url("**/teams")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()  # folded again on the next page


def test_on_a_laptop_the_navigation_shows_and_marks_the_current_page(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server.login.email, live_server.login.password)
    page.goto("/people")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="People")).to_have_attribute("aria-current", "page")
    expect(nav.locator("[aria-current]")).to_have_count(1)
    page.get_by_text("Admin", exact=True).click()
    nav.get_by_role("link", name="Audit log").click()
    page.wait_for_url("**/admin/audit")
    expect(nav.locator('a[href="/admin/audit"]')).to_have_attribute("aria-current", "page")
    expect(nav.locator("summary", has_text="Admin")).to_have_class("current")  # folded, still marked
    assert page.evaluate(ONE_LINE) == []
