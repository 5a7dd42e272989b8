"""Moving a review from the web (the review page's form, read on the organizer's clock), the API
and the CLI, on SQLite and PostgreSQL: only the organizer, only before it starts, a bad time
named beside its field; and the invitee's calendar follows at the next `dayone notify send`."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient

from dayone.documents.models import Review
from dayone.workspace import Workspace
from tests.agenda.conftest import Week
from tests.cli.test_cli import cli  # noqa: F401  (the fixture)
from tests.conftest import People
from tests.helpers import csrf_of
from tests.mailbox import Mailbox
from tests.notify.conftest import event
from tests.notify.test_preferences import env_smtp  # noqa: F401  (the fixture)

Client = Callable[[str], TestClient]
MAX = "max@example.com"


def _when(ws: Workspace, review_id: int) -> datetime:
    with ws.session() as s:
        review = s.get(Review, review_id)
        assert review is not None
        moment = review.scheduled_for
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _next_year() -> int:
    return datetime.now(UTC).year + 1


def test_the_api_moves_a_review_for_its_organizer_only_and_before_it_starts(
        ws: Workspace, zoned: Week, api_as: Client) -> None:
    otto, max_, admin = api_as("outsider"), api_as("member"), api_as("admin")
    url = f"/api/v1/reviews/{zoned.invited_review}/reschedule"
    new = f"{_next_year()}-04-02T08:30:00+02:00"
    before = _when(ws, zoned.invited_review)
    assert max_.post(url, json={"scheduled_for": new}).status_code == 403  # invited, not the organizer
    assert admin.post(url, json={"scheduled_for": new}).status_code in (403, 404)
    assert max_.post(f"/api/v1/reviews/{zoned.hidden_review}/reschedule",
                     json={"scheduled_for": new}).status_code == 404  # may not know it exists
    assert api_as("anonymous").post(url, json={"scheduled_for": new}).status_code == 401
    assert _when(ws, zoned.invited_review) == before

    for wrong in ("next tuesday", f"{_next_year()}-04-02T08:30", ""):
        refused = otto.post(url, json={"scheduled_for": wrong})
        assert refused.status_code == 422, wrong
        error = refused.json()["error"]
        assert "scheduled_for" in (error.get("field") or "") + str(error.get("details")), error
    assert otto.post(url, json={}).status_code == 422
    assert otto.post(url, json={"scheduled_for": new, "when": new}).status_code == 422

    moved = otto.post(url, json={"scheduled_for": new})
    assert moved.status_code == 200, moved.text
    assert moved.json()["id"] == zoned.invited_review and moved.json()["state"] == "scheduled"
    assert _when(ws, zoned.invited_review) == datetime(_next_year(), 4, 2, 6, 30, tzinfo=UTC)
    assert otto.get(f"/api/v1/reviews/{zoned.invited_review}").json()["scheduled_for"].startswith(
        f"{_next_year()}-04-02T06:30:00")

    assert otto.post(f"/api/v1/reviews/{zoned.invited_review}/start").status_code == 200
    late = otto.post(url, json={"scheduled_for": new})
    assert late.status_code == 409 and "already started" in late.json()["error"]["message"]


def test_the_review_page_moves_it_on_the_organizers_clock(
        ws: Workspace, zoned: Week, browser_as: Client) -> None:
    otto, max_ = browser_as("outsider"), browser_as("member")
    page = f"/reviews/{zoned.invited_review}"
    shown = otto.get(page).text
    assert f'action="/reviews/{zoned.invited_review}/reschedule"' in shown
    assert "Move this review" in shown and "New time (your time: Europe/Paris)" in shown
    assert "/reschedule" not in max_.get(page).text  # only the organizer is offered the form
    token = csrf_of(otto, page)
    year = _next_year()

    moved = otto.post(f"{page}/reschedule", data={"csrf_token": token, "scheduled_for": f"{year}-01-15T10:00"},
                      follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == page
    assert _when(ws, zoned.invited_review) == datetime(year, 1, 15, 9, 0, tzinfo=UTC)  # Paris is UTC+1 in winter

    # a time the clocks skip (last Sunday of March, 02:30 in Paris): refused beside the field, typed value kept
    sunday = max(d for d in (datetime(year, 3, 31) - timedelta(days=i) for i in range(7)) if d.weekday() == 6)
    skipped = f"{sunday:%Y-%m-%d}T02:30"
    refused = otto.post(f"{page}/reschedule", data={"csrf_token": token, "scheduled_for": skipped})
    assert refused.status_code == 422
    assert f'value="{skipped}"' in refused.text
    assert 'aria-describedby="f-scheduled_for-error"' in refused.text
    message = re.search(r'<p class="field-error" id="f-scheduled_for-error">([^<]*)</p>', refused.text)
    assert message and message.group(1).startswith("New time") and "does not exist in Europe/Paris" in message.group(1)
    for wrong, says in (("", "New time is required"), ("someday", "such as 2027-03-03 10:00")):
        refused = otto.post(f"{page}/reschedule", data={"csrf_token": token, "scheduled_for": wrong})
        assert refused.status_code == 422 and says in refused.text, wrong
        assert f'value="{wrong}"' in refused.text
    assert _when(ws, zoned.invited_review) == datetime(year, 1, 15, 9, 0, tzinfo=UTC)

    forbidden = max_.post(f"{page}/reschedule", data={"csrf_token": csrf_of(max_, page),
                                                      "scheduled_for": f"{year}-02-01T10:00"})
    assert forbidden.status_code == 403
    hidden = max_.post(f"/reviews/{zoned.hidden_review}/reschedule",
                       data={"csrf_token": csrf_of(max_, page), "scheduled_for": f"{year}-02-01T10:00"})
    assert hidden.status_code == 404

    otto.post(f"{page}/start", data={"csrf_token": token})
    assert "/reschedule" not in otto.get(page).text  # nothing to move once it started
    late = otto.post(f"{page}/reschedule", data={"csrf_token": token, "scheduled_for": f"{year}-02-01T10:00"})
    assert late.status_code == 409 and "already started" in late.text
    assert _when(ws, zoned.invited_review) == datetime(year, 1, 15, 9, 0, tzinfo=UTC)


def test_the_cli_moves_a_review_on_the_organizers_clock(ws: Workspace, people: People, zoned: Week,
                                                        cli) -> None:  # noqa: F811
    year = _next_year()
    code, out, err = cli("doc", "review-move", str(zoned.invited_review), f"{year}-06-01T10:00",
                         "--as", people.outsider)
    assert code == 0, err
    assert out.strip() == f"Review {zoned.invited_review} moved to {year}-06-01 08:00 UTC."  # Paris, summer
    code, _, err = cli("doc", "review-move", str(zoned.invited_review), f"{year}-06-02T10:00", "--as", MAX)
    assert code == 1 and "only the organizer" in err and "Traceback" not in err
    code, _, err = cli("doc", "review-move", str(zoned.invited_review), "soon", "--as", people.outsider)
    assert code == 1 and "'soon' is not a date and time" in err and "Traceback" not in err
    assert _when(ws, zoned.invited_review) == datetime(year, 6, 1, 8, 0, tzinfo=UTC)


def test_moved_through_the_api_the_invitee_gets_the_update(
        ws: Workspace, zoned: Week, api_as: Client, mailbox: Mailbox, cli, env_smtp: None) -> None:  # noqa: F811
    code, _, err = cli("notify", "send")
    assert code == 0, err
    invitations = [m for m in mailbox.to(MAX) if m.get_content_type() == "multipart/mixed"]
    assert len(invitations) == 1
    _, original = event(invitations[0])
    assert int(original.get("SEQUENCE", 0)) == 0
    mailbox.clear()

    new = datetime(_next_year(), 5, 6, 14, 15, tzinfo=UTC)
    moved = api_as("outsider").post(f"/api/v1/reviews/{zoned.invited_review}/reschedule",
                                    json={"scheduled_for": new.isoformat()})
    assert moved.status_code == 200, moved.text
    code, _, err = cli("notify", "send")
    assert code == 0, err
    (update,) = mailbox.to(MAX)
    cal, vevent = event(update)
    assert str(cal["METHOD"]) == "REQUEST" and int(vevent["SEQUENCE"]) == 1
    assert str(vevent["UID"]) == str(original["UID"])
    assert vevent.decoded("DTSTART") == new
    assert vevent.decoded("DTSTART").hour == new.astimezone(ZoneInfo("Europe/Paris")).hour
