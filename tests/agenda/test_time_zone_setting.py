"""Each person's time zone: set on /account and through the API, checked against tzdata;
pages show times in it, forms read times in it, the API stays in UTC."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.helpers import csrf_of

Client = Callable[[str], TestClient]


def test_set_through_the_api_and_refused_when_no_zone(api_as: Client) -> None:
    member = api_as("member")
    assert member.get("/api/v1/me").json()["time_zone"] == "UTC"
    changed = member.patch("/api/v1/me", json={"time_zone": "europe/paris"})
    assert changed.status_code == 200 and changed.json()["time_zone"] == "Europe/Paris"
    for wrong, says in (("Europe/Pari", "Did you mean Europe/Paris"), ("", "choose a time zone"),
                        ("../../etc/passwd", "is not a time zone")):
        refused = member.patch("/api/v1/me", json={"time_zone": wrong})
        assert refused.status_code == 422, wrong
        error = refused.json()["error"]
        assert error["message"].startswith("time_zone: ") and says in error["message"]
    assert member.patch("/api/v1/me", json={"colour": "red"}).status_code == 422
    assert member.get("/api/v1/me").json()["time_zone"] == "Europe/Paris"
    assert api_as("anonymous").patch("/api/v1/me", json={"time_zone": "UTC"}).status_code == 401


def test_set_on_the_account_page_and_times_shown_in_it(browser_as: Client, api_as: Client) -> None:
    page = browser_as("member")
    token = csrf_of(page, "/account")
    refused = page.post("/account/time-zone", data={"csrf_token": token, "time_zone": "Mars/Olympus"})
    assert refused.status_code == 422 and "time_zone: &#39;Mars/Olympus&#39; is not a time zone" in refused.text
    assert 'value="Mars/Olympus"' in refused.text  # what was typed stays in the field
    done = page.post("/account/time-zone", data={"csrf_token": token, "time_zone": "Asia/Tokyo"})
    assert done.status_code == 200 and "Your time zone is now Asia/Tokyo" in done.text

    # a review scheduled at 10:00 on Max's wall clock is 01:00 UTC (Tokyo is UTC+9, no DST)
    doc = api_as("member").post("/api/v1/documents", json={"title": "Tokyo plan", "doc_type": "prfaq"}).json()
    form = page.get(f"/documents/{doc['id']}/reviews/new").text
    assert "When (your time: Asia/Tokyo)" in form
    made = page.post(f"/documents/{doc['id']}/reviews/new", data={
        "csrf_token": token, "scheduled_for": "2027-03-03T10:00", "reading_minutes": "20"}, follow_redirects=False)
    assert made.status_code == 303
    review = api_as("member").get(f"/api/v1{made.headers['location']}").json()
    assert review["scheduled_for"] in ("2027-03-03T01:00:00Z", "2027-03-03T01:00:00+00:00")
    shown = page.get(made.headers["location"]).text
    assert '<time datetime="2027-03-03T01:00:00Z">2027-03-03 10:00 JST</time>' in shown
    # the organizer in UTC sees the same instant on their own clock
    api_as("member").patch("/api/v1/me", json={"time_zone": "UTC"})
    assert '2027-03-03 01:00 UTC</time>' in page.get(made.headers["location"]).text


def test_a_time_the_clocks_skip_is_refused_on_the_form(browser_as: Client, api_as: Client) -> None:
    page = browser_as("member")
    token = csrf_of(page, "/account")
    page.post("/account/time-zone", data={"csrf_token": token, "time_zone": "Europe/Paris"})
    doc = api_as("member").post("/api/v1/documents", json={"title": "Spring plan", "doc_type": "prfaq"}).json()
    refused = page.post(f"/documents/{doc['id']}/reviews/new", data={
        "csrf_token": token, "scheduled_for": "2027-03-28T02:30", "reading_minutes": "20"})
    assert refused.status_code == 422
    assert "2027-03-28 02:30 does not exist in Europe/Paris" in refused.text


def test_every_time_on_the_pages_goes_through_the_one_filter() -> None:
    """No template formats a time by hand (strftime, or a sliced ISO string): each goes through
    ``localtime``, which shows it in the reader's zone."""
    from pathlib import Path

    root = Path(__file__).parents[2] / "src" / "dayone" / "web" / "templates"
    by_hand = [f"{p.name}: {line.strip()[:80]}" for p in root.glob("*.html")
               for line in p.read_text().splitlines()
               if re.search(r"\.strftime\(|_at\[:\d+\]|\.isoformat\(\)\[", line)]
    assert by_hand == []
