"""The interactive API docs work offline, under the same Content-Security-Policy as every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser


def test_the_api_docs_load_from_this_server_only(page: Page, live_server: LiveServer) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("requestfailed", lambda request: requested.append(f"failed {request.url}"))
    page.goto("/api/v1/docs")
    # the first visit builds the OpenAPI description (128 paths, about 1 s on a quiet machine, several
    # on a loaded CI runner) before the page draws it: wait for it, not the default 5 s
    expect(page.get_by_text("/api/v1/initiatives").first).to_be_visible(timeout=30_000)
    assert requested and all(url.startswith(live_server.url) or url.startswith("data:") for url in requested), \
        [u for u in requested if not u.startswith(live_server.url)]
