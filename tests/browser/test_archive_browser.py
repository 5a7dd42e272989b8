"""Archive then restore a document and an initiative in a real Chromium at laptop width:
confirmation pages, the archive page, the 410 page of an archived record, no console error."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from dayone.auth import service as accounts
from dayone.auth.permissions import CLI_ACTOR
from dayone.documents import service as documents
from dayone.documents.models import DocumentType
from dayone.documents.schemas import DocumentCreate
from dayone.org import service as org
from dayone.org.schemas import InitiativeCreate
from tests.browser.conftest import WIDE, LiveServer, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("viewport", "expected_statuses"), [(WIDE, {410})])  # the archived page says so
def test_archive_then_restore_a_document_and_an_initiative(viewport: dict[str, int], expected_statuses: set[int],
                                                           page: Page, live_server: LiveServer) -> None:
    with live_server.ws.session() as s:
        member = accounts.get_user_by_email(s, live_server.login.member_email).person_id
        doc = documents.create(s, CLI_ACTOR, DocumentCreate(title="Archive Me Narrative",
                                                            doc_type=DocumentType.NARRATIVE), author_id=member)
        item = org.create_initiative(s, CLI_ACTOR, InitiativeCreate(name="Archive Me Initiative", leader_id=member))
        doc_id, item_id = doc.id, item.id
    sign_in(page, live_server.login.member_email, live_server.login.password)

    for url, title, kind in ((f"/documents/{doc_id}", "Archive Me Narrative", "document"),
                             (f"/initiatives/{item_id}", "Archive Me Initiative", "initiative")):
        page.goto(url)
        page.get_by_role("link", name=f"Archive {kind}…").click()
        expect(page.get_by_role("heading", name=f"Archive {kind} {title}?")).to_be_visible()
        expect(page.locator("#effects")).to_contain_text("restore it from the archive")
        page.get_by_role("button", name="Archive", exact=True).click()
        page.wait_for_url("**/archive?archived=*")
        expect(page.get_by_role("status")).to_contain_text(f"{kind.capitalize()} {title} is in the archive")
        listing = "/documents" if kind == "document" else "/initiatives"
        page.goto(listing)
        expect(page.locator("main")).not_to_contain_text(title)
        response = page.goto(url)
        assert response is not None and response.status == 410
        expect(page.get_by_role("heading", name="Archived")).to_be_visible()
        expect(page.get_by_role("alert")).to_contain_text(f"'{title}' is archived")
        page.get_by_role("link", name="Open the archive").click()
        page.get_by_role("button", name=f"Restore {title}").click()
        page.wait_for_url(f"**{url}")
        expect(page.get_by_role("heading", name=title)).to_be_visible()
        page.goto(listing)
        expect(page.locator("main")).to_contain_text(title)
    # the page is no wider than the window
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDE["width"]
