"""Writing a PR/FAQ in a real Chromium: live findings as you type, save, history, export."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, sign_in

pytestmark = pytest.mark.browser


def test_write_a_prfaq_with_live_findings_then_save_and_compare(page: Page,
                                                                live_server: LiveServer) -> None:
    sign_in(page, live_server.login.member_email, live_server.login.password)
    page.get_by_role("link", name="Documents").click()
    expect(page.get_by_role("heading", name="PR/FAQ portfolio")).to_be_visible()
    page.get_by_role("link", name="Write a document").click()
    page.get_by_label("Title").fill("Pantry Restock")
    page.get_by_label("Type").select_option("prfaq")
    page.get_by_role("button", name="Start writing").click()
    expect(page.get_by_role("heading", name="Editing Pantry Restock")).to_be_visible()

    editor = page.get_by_label("Markdown")
    expect(editor).to_contain_text("# Press release")
    findings = page.get_by_label("Findings")
    # the template's words: one "replace the placeholder" per part, nothing else about them
    expect(findings.locator("li[data-code=placeholder]")).to_have_count(15)
    expect(findings.locator("li:not([data-code=placeholder])")).to_have_count(0)

    text = editor.input_value().replace(
        "Describe the customer's problem in their words, with the number that shows how big it is.",
        "Restocking is significantly slower than it should be. It was complained about recently. "
        "Orders were delayed. Baskets were lost.")  # passive-voice reports a mostly passive paragraph
    editor.fill(text)
    for code in ("weasel-word", "passive-voice", "vague-time"):
        expect(findings.locator(f"li[data-code={code}]").first).to_be_visible()
    expect(findings.locator("li[data-code=placeholder]")).to_have_count(14)
    expect(page.locator("#preview")).to_contain_text("Restocking is significantly slower")

    findings.locator("li[data-code=passive-voice]").first.click()  # jumps to the words
    selected = page.evaluate("() => { const t = document.getElementById('f-body');"
                             " return t.value.substring(t.selectionStart, t.selectionEnd); }")
    assert selected == "was complained"

    page.get_by_label("What changed (optional)").fill("first draft of the problem")
    page.get_by_role("button", name="Save version").click()
    expect(page.get_by_role("heading", name="Pantry Restock")).to_be_visible()
    expect(page.locator("article.document")).to_contain_text("Restocking is significantly slower")
    weasels = page.locator("#saved-findings li[data-code=weasel-word][data-priority=major]")
    expect(weasels).to_have_count(1)  # "significantly"; "should" advises: minor
    expect(page.locator("#saved-findings li[data-code=weasel-word][data-priority=minor]")).to_contain_text("should")
    page.get_by_role("button", name="Compare side by side").click()
    expect(page.locator("table.diff tr.replace")).to_contain_text("Restocking is significantly slower")

    with page.expect_download() as download:
        page.goto(page.url.split("/compare")[0])
        page.get_by_role("link", name="Export PDF").click()
    assert download.value.suggested_filename == "pantry-restock.pdf"


def test_a_private_draft_is_invisible_to_others(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server.login.viewer_email, live_server.login.password)
    page.get_by_role("link", name="Documents").click()
    expect(page.get_by_role("link", name="One-Click Reorder")).to_be_visible()  # approved, shared
    expect(page.get_by_role("link", name="Gift Cards")).to_have_count(0)  # Tariq's private draft
    expect(page.get_by_role("link", name="Write a document")).to_have_count(0)


def test_a_finding_after_emoji_selects_its_own_words(page: Page, live_server: LiveServer) -> None:
    """The checker counts columns in code points, the textarea in UTF-16 units: a click on a
    finding after an emoji (two units, one code point) still selects the finding's words,
    on its first line and on later lines (case wrong-position-emoji)."""
    sign_in(page, live_server.login.member_email, live_server.login.password)
    page.get_by_role("link", name="Documents").click()
    page.get_by_role("link", name="Write a document").click()
    page.get_by_label("Title").fill("Rocket Launch")
    page.get_by_label("Type").select_option("narrative")
    page.get_by_role("button", name="Start writing").click()
    editor = page.get_by_label("Markdown")
    editor.fill("🚀 Launch is probably close to done for the team.\n\n"  # a hedge the defaults flag
                "🚀🎉 The 𝔽ast path 🚀 is significantly shorter than the old one, at 40 ms.\n")
    findings = page.get_by_label("Findings")
    for code, words in (("weasel-word", ["probably", "significantly"]),):
        items = findings.locator(f"li[data-code={code}]")
        expect(items).to_have_count(len(words))
        for index, word in enumerate(words):
            items.nth(index).click()
            selected = page.evaluate("() => { const t = document.getElementById('f-body');"
                                     " return t.value.substring(t.selectionStart, t.selectionEnd); }")
            assert selected == word
