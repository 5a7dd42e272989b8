"""In a real Chromium: a data file removed after the metrics file was saved leaves the deck
serving what it can, with a banner naming what failed; and the drivers chart stays legible at
laptop and phone width (no overlapping text, a legend, text of a readable size)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from dayone.auth.permissions import CLI_ACTOR
from dayone.wbr import service
from tests.browser.conftest import NARROW, WIDE, LiveServer, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def second_source(live_server: LiveServer) -> Iterator[Path]:
    """The demo's metrics file with a second source (a CSV in its data folder) that the test
    may remove; the demo's own file is put back afterwards (the server is shared)."""
    with live_server.ws.session() as session:
        demo = service.current_file(session)
        body, base_dir = demo.body, Path(demo.base_dir)
    extra = base_dir / "extra.csv"
    with (base_dir / "daily.csv").open(newline="") as source, extra.open("w", newline="") as out:
        rows = csv.DictReader(source)
        writer = csv.writer(out)
        writer.writerow(["date", "visits"])
        for row in rows:
            writer.writerow([row["date"], row["sessions"]])
    with_extra = (body.replace("sources:\n", "sources:\n  extra: {csv: extra.csv, date_column: date}\n", 1)
                  .replace("metrics:\n", "metrics:\n  extra_visits: {source: extra, column: visits}\n", 1)
                  + "  - metric: extra_visits\n")
    with live_server.ws.session() as session:
        service.start_file(session, CLI_ACTOR, with_extra, base_dir=base_dir,
                           based_on=service.current_file(session).id, name="metrics.yaml")
    yield extra
    extra.unlink(missing_ok=True)
    with live_server.ws.session() as session:
        service.start_file(session, CLI_ACTOR, body, base_dir=base_dir, based_on=service.current_file(session).id,
                           name="metrics.yaml")


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1366px", "390px"])
def test_a_removed_data_file_leaves_a_banner_and_the_other_metrics(page: Page, live_server: LiveServer,
                                                                    second_source: Path,
                                                                    viewport: dict[str, int]) -> None:
    second_source.unlink()  # the file is moved away after the metrics file was saved
    sign_in(page, live_server.login.email, live_server.login.password)
    page.goto("/wbr")
    page.wait_for_url("**/wbr/20*")
    banner = page.get_by_role("alert", name="Sources that could not be read")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Source extra could not be read.")
    expect(banner).to_contain_text(f"no file {second_source}")  # the demo's login is an admin: the path
    banner.get_by_role("link", name="Extra Visits").click()  # the banner links the metric without numbers
    expect(page.locator("#metric-extra_visits")).to_contain_text("No numbers: Its source extra could not be read.")
    orders = page.locator("#metric-orders table.summary tr").nth(1).locator("td").nth(1)
    expect(orders).not_to_have_text("—")  # the demo's own source computes as before
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= viewport["width"], f"the page is {wide} px wide at {viewport['width']} px"


DRIVER_BOXES = """() => {
  const svg = document.querySelector('#metric-orders svg.drivers');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const boxes = [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
            size: parseFloat(t.getAttribute('font-size')) * scale};
  });
  const frame = svg.getBoundingClientRect();
  return {boxes, right: frame.right, width: window.innerWidth};
}"""


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1366px", "390px"])
def test_the_drivers_chart_is_legible(page: Page, live_server: LiveServer, viewport: dict[str, int]) -> None:
    sign_in(page, live_server.login.email, live_server.login.password)
    page.goto("/wbr")
    page.wait_for_url("**/wbr/20*")
    chart = page.locator("#metric-orders svg.drivers")
    chart.scroll_into_view_if_needed()
    expect(chart).to_be_visible()
    found = page.evaluate(DRIVER_BOXES)
    boxes = found["boxes"]
    assert found["right"] <= found["width"], "the drivers chart runs off the screen"
    for box in boxes:
        assert box["size"] >= 9.5, f"{box['text']!r} is {box['size']:.1f} px at {viewport['width']} px"
    for i, a in enumerate(boxes):  # no two labels overlap
        for b in boxes[i + 1:]:
            apart = (a["right"] <= b["left"] + 0.5 or b["right"] <= a["left"] + 0.5 or a["bottom"] <= b["top"] + 0.5
                     or b["bottom"] <= a["top"] + 0.5)
            assert apart, f"{a['text']!r} overlaps {b['text']!r} at {viewport['width']} px"
    texts = [b["text"] for b in boxes]
    assert {"moves with", "moves against", "strongest lead"} <= set(texts)  # the legend
    assert {"0 wk", "4 wk"} <= set(texts) and "sessions" in texts and "-0.00" not in texts
