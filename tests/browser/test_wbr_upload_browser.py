"""From a CSV on the user's machine to a deck, in a real Chromium at laptop and phone width:
upload, preview, pick the metrics and a ratio, see the deck. Timed (printed, not asserted)."""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from dayone.auth.permissions import CLI_ACTOR
from dayone.wbr import service
from tests.browser.conftest import NARROW, WIDE, LiveServer, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_file_restored(live_server: LiveServer) -> Iterator[None]:
    """The server is shared: the demo's metrics file is put back after the test replaced it."""
    with live_server.ws.session() as session:
        demo = service.current_file(session)
        body, base_dir = demo.body, Path(demo.base_dir)
    yield
    with live_server.ws.session() as session:
        service.start_file(session, CLI_ACTOR, body, base_dir=base_dir, based_on=service.current_file(session).id,
                           name="metrics.yaml")


def _export(path: Path) -> Path:
    last = date(2026, 11, 25)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Day", "Visits", "Signups", "Country"])
        for i in range(420):
            day = last - timedelta(days=419 - i)
            writer.writerow([day.isoformat(), 2000 + (i % 7) * 50, 60 + i % 5, "NA"])
        writer.writerow(["2026-11-26", "n/a", 61, "DE"])  # a cell that is not a number
    return path


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1366px", "390px"])
def test_upload_a_csv_and_get_the_deck(page: Page, live_server: LiveServer, demo_file_restored: None,
                                       viewport: dict[str, int], tmp_path: Path) -> None:
    sign_in(page, live_server.login.email, live_server.login.password)
    started = time.monotonic()
    page.goto("/wbr/data")
    page.get_by_label("File", exact=True).set_input_files(_export(tmp_path / "signups export.csv"))
    page.get_by_role("button", name="Upload and preview").click()
    page.wait_for_url("**/wbr/data/signups_export")
    expect(page.locator("#summary")).to_contain_text("421 rows, separated by commas")
    expect(page.locator("#summary")).to_contain_text("weeks end on Saturday")
    expect(page.locator("#cell-problems")).to_contain_text(
        "line 422, column Visits: 'n/a' stands for no value: it is read as missing (null_values)")
    expect(page.locator("#head tbody tr")).to_have_count(10)
    wide = page.evaluate("document.documentElement.scrollWidth")  # wide tables scroll inside their box
    assert wide <= viewport["width"], f"the preview is {wide} px wide at {viewport['width']} px"
    assert page.get_by_role("checkbox", name="Visits").is_checked()
    assert page.get_by_role("checkbox", name="Signups").is_checked()
    assert not page.get_by_role("checkbox", name="Country").is_checked()
    page.get_by_label("Numerator").select_option("Signups")
    page.get_by_label("Denominator").select_option("Visits")
    page.get_by_role("button", name="Create the metrics file and open the deck").click()
    page.wait_for_url("**/wbr/2026-11-21")
    elapsed = time.monotonic() - started
    expect(page.locator("#metric-signups_per_visits")).to_be_visible()
    expect(page.locator("#metric-visits")).to_be_visible()
    print(f"upload to deck at {viewport['width']} px: {elapsed:.1f} s")
