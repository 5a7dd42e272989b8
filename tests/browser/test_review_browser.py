"""A silent-reading review in a real Chromium, with two people at once."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer, sign_in

pytestmark = pytest.mark.browser


def test_schedule_read_in_silence_comment_discuss_and_decide(page: Page, browser: Browser,
                                                             live_server: LiveServer) -> None:
    login = live_server.login
    sign_in(page, login.member_email, login.password)  # Maya, author of "Checkout in 2027"
    page.goto("/documents")
    page.get_by_role("link", name="Checkout in 2027").click()
    page.get_by_role("link", name="Schedule a review").click()
    page.get_by_label("Invitees").select_option(label=["Ava Okafor"])
    page.get_by_label("When (your time").fill("2027-03-03T10:00")
    page.get_by_role("button", name="Schedule review").click()
    expect(page.locator("#review-state")).to_contain_text("Scheduled")
    page.get_by_role("button", name="Start silent reading").click()
    expect(page.locator("#review-state")).to_contain_text("Silent reading")
    expect(page.locator("#countdown")).to_contain_text("19:")
    review_url = page.url

    reader_context = browser.new_context(base_url=live_server.url)
    reader = reader_context.new_page()
    try:
        sign_in(reader, login.email, login.password)  # Ava, invited (admins get no special view of drafts)
        reader.goto(review_url)
        expect(reader.locator("#review-document")).to_contain_text("Payment failures cost us")
        # select a passage in the document: the form picks it up as the comment's anchor
        reader.evaluate("""() => {
            const article = document.getElementById('review-document');
            const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
            let node; while ((node = walker.nextNode()) && !node.data.includes('expired cards')) {}
            const range = document.createRange();
            const start = node.data.indexOf('expired cards');
            range.setStart(node, start); range.setEnd(node, start + 'expired cards'.length);
            const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
            article.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        }""")
        expect(reader.get_by_label("Passage (select text in the document)")).to_have_value("expired cards")
        reader.get_by_label("Your comment").fill("How many orders fail for this reason?")
        reader.get_by_role("button", name="Add comment").click()
        expect(reader.locator(".thread")).to_contain_text("How many orders fail for this reason?")

        page.reload()  # the organizer does not see it while the reading lasts
        expect(page.locator(".thread")).to_have_count(0)
        page.get_by_role("button", name="End reading now").click()
        expect(page.locator("#review-state")).to_contain_text("Discussion")
        expect(page.locator(".thread")).to_contain_text("How many orders fail for this reason?")
        page.get_by_label("Reply to Ava Okafor").fill("About 40% of them; the appendix will say.")
        page.get_by_role("button", name="Reply").click()
        expect(page.locator(".thread .reply")).to_contain_text("About 40% of them")
        page.get_by_role("button", name="Resolve").click()
        expect(page.locator(".thread.resolved")).to_have_count(1)

        page.get_by_label("Outcome").select_option("approved")
        page.get_by_label("Reason").fill("The plan is clear and the trade-offs are stated.")
        page.get_by_role("button", name="Record outcome and end the meeting").click()
        expect(page.locator("#review-state")).to_contain_text("Ended: approved")
        page.get_by_role("link", name="Checkout in 2027").click()
        expect(page.locator("main")).to_contain_text("approved: The plan is clear")
    finally:
        reader_context.close()
