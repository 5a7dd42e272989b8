"""A form with a mistake, in a real Chromium at 1366 and 390 px: the page that comes back keeps
what was typed in every field and puts the message beside the field in error, worded with its
label and tied to it by aria-describedby; no console error, no CSP violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import NARROW, WIDE, LiveServer, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def expected_statuses() -> set[int]:
    return {422}  # the form's answer to the mistake


def _described(page: Page, field_id: str) -> str:
    """The text of the message the field at ``field_id`` points to with aria-describedby."""
    field = page.locator(f"#{field_id}")
    expect(field).to_have_attribute("aria-invalid", "true")
    message_id = field.get_attribute("aria-describedby")
    assert message_id, f"#{field_id} names no message"
    message = page.locator(f"#{message_id}")
    expect(message).to_be_visible()
    return message.inner_text()


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1366px", "390px"])
def test_a_new_initiative_with_a_mistake_keeps_what_was_typed(
        page: Page, live_server: LiveServer, viewport: dict[str, int]) -> None:
    sign_in(page, live_server.login.member_email, live_server.login.password)
    page.goto("/initiatives/new")
    page.get_by_label("Name").fill(f"Faster checkout {viewport['width']}")
    page.get_by_label("Goal").fill("Checkout in under a minute.\nFor every family.")
    page.get_by_label("Single-threaded leader").select_option(label="Maya Cohen")
    page.get_by_label("Co-leaders (shared leadership is flagged)").select_option(label="Maya Cohen")
    page.get_by_role("button", name="Create initiative").click()
    expect(page.get_by_role("heading", name="Start an initiative")).to_be_visible()

    expect(page.get_by_label("Name")).to_have_value(f"Faster checkout {viewport['width']}")
    expect(page.get_by_label("Goal")).to_have_value("Checkout in under a minute.\nFor every family.")
    expect(page.locator("#f-leader_id option:checked")).to_have_text("Maya Cohen")
    said = _described(page, "f-co_leader_ids")
    assert said.startswith("Co-leaders") and "already the leader" in said, said
    field_box, message_box = (page.locator("#f-co_leader_ids").bounding_box(),
                              page.locator("#f-co_leader_ids-error").bounding_box())
    assert field_box and message_box and 0 <= message_box["y"] - (field_box["y"] + field_box["height"]) < 80
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1366px", "390px"])
def test_a_new_decision_with_a_mistake_keeps_what_was_typed(
        page: Page, live_server: LiveServer, viewport: dict[str, int]) -> None:
    sign_in(page, live_server.login.member_email, live_server.login.password)
    page.goto("/decisions/new")
    page.get_by_label("Decision", exact=True).fill("Show unit prices on grocery items")
    page.get_by_label("Context").fill("Families compare pack sizes by hand.")
    page.get_by_label("The choice").fill("Show them on every grocery item page.")
    page.get_by_label("Information at hand (%)").fill("150")
    page.get_by_label("How costly is it to undo?").select_option("cheap")
    page.get_by_role("button", name="Propose the type").click()
    expect(page.get_by_role("heading", name="Record a decision")).to_be_visible()

    expect(page.get_by_label("Decision", exact=True)).to_have_value("Show unit prices on grocery items")
    expect(page.get_by_label("Context")).to_have_value("Families compare pack sizes by hand.")
    expect(page.get_by_label("The choice")).to_have_value("Show them on every grocery item page.")
    expect(page.get_by_label("Information at hand (%)")).to_have_value("150")
    expect(page.get_by_label("How costly is it to undo?")).to_have_value("cheap")
    said = _described(page, "f-info_percent")
    assert said.startswith("Information at hand") and "100" in said, said
    assert "should" not in said.lower()  # no validation library's wording
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
