"""My week through its public doors (the API, the page, the library), on SQLite and
PostgreSQL: what waits on a person in every mechanism, oldest first, each linking to a page
they may open, and nothing they may not read."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from fastapi.testclient import TestClient

from dayone.agenda import service
from dayone.auth import service as accounts
from dayone.decisions.models import Decision
from dayone.workspace import Workspace
from tests.agenda.conftest import WEEK, Week

Client = Callable[[str], TestClient]
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def test_everything_waiting_on_a_member_oldest_first_each_linking_to_its_page(
        week: Week, api_as: Client, browser_as: Client) -> None:
    answer = api_as("member").get("/api/v1/me/agenda")
    assert answer.status_code == 200
    body = answer.json()
    keys = [i["key"] for i in body["items"]]
    assert set(keys) == {
        f"decision:{week.approve}:approve", f"decision:{week.escalated}:escalation:1",
        f"decision:{week.own_proposed}:decide", f"decision:{week.revisit_soon}:revisit",
        f"review:{week.invited_review}:invitation", f"wbr-note:{WEEK}:support_contacts",
        *(k for k in keys if k.startswith(f"mechanism:{week.mechanism}:")),
    }
    kinds = {i["kind"] for i in body["items"]}
    assert {"mechanism-due", "mechanism-lapsed"} <= kinds  # weekly, started 4 weeks ago, never held
    assert body["count"] == len(keys) and body["time_zone"] == "UTC"
    # oldest first: by due date, else by how long it waited
    order = [i["due"] or i["since"] for i in body["items"]]
    assert order == sorted(order)
    # every time in UTC, ISO 8601 with Z
    for item in body["items"]:
        assert ISO_UTC.match(item["since"]) and (item["due"] is None or ISO_UTC.match(item["due"])), item
    by_key = {i["key"]: i for i in body["items"]}
    assert by_key[f"review:{week.invited_review}:invitation"]["title"] == "Review of Otto's draft for Max"
    assert by_key[f"decision:{week.own_proposed}:decide"]["due_words"] == "overdue by 3 days"  # 10 days, limit 7
    assert by_key[f"wbr-note:{WEEK}:support_contacts"]["url"] == f"/wbr/{WEEK}#note-support_contacts"
    assert by_key[f"decision:{week.revisit_soon}:revisit"]["due_words"] == "due in 3 days"
    # the same keys on every request: a notifier tells new items from known ones
    assert [i["key"] for i in api_as("member").get("/api/v1/me/agenda").json()["items"]] == keys

    page = browser_as("member")
    shown = page.get("/agenda")
    assert shown.status_code == 200
    assert [m for m in re.findall(r'data-key="([^"]+)"', shown.text)] == keys
    for item in body["items"]:  # each link opens, for him, the page where it is done
        opened = page.get(item["url"].split("#")[0])
        assert opened.status_code == 200, item
    assert 'id="note-support_contacts"' in page.get(f"/wbr/{WEEK}").text  # the anchor is his note field


def test_only_what_the_person_may_read_and_do(week: Week, api_as: Client, browser_as: Client) -> None:
    for role in ("member", "viewer", "outsider", "admin"):
        text = api_as(role).get("/api/v1/me/agenda").text + browser_as(role).get("/agenda").text
        if role != "admin":  # Ada is invited to the secret's review; no one else learns its title
            assert week.private_title not in text and f"review:{week.hidden_review}" not in text, role
    admin = {i["key"] for i in api_as("admin").get("/api/v1/me/agenda").json()["items"]}
    assert f"review:{week.hidden_review}:invitation" in admin
    assert not any(k.startswith(("decision:", "wbr-note:", "mechanism:")) for k in admin)  # none are Ada's
    assert api_as("viewer").get("/api/v1/me/agenda").json()["items"] == []  # a viewer decides and writes nothing
    outsider = {i["key"] for i in api_as("outsider").get("/api/v1/me/agenda").json()["items"]}
    # Otto's own proposals wait on him; his reviews are still to come, so nothing to start yet
    assert outsider == {f"decision:{week.approve}:decide", f"decision:{week.escalated}:decide"}
    assert api_as("anonymous").get("/api/v1/me/agenda").status_code == 401
    assert browser_as("anonymous").get("/agenda", follow_redirects=False).status_code == 303


def test_items_leave_when_done(week: Week, api_as: Client) -> None:
    member = api_as("member")
    assert member.post(f"/api/v1/decisions/{week.approve}/approve").status_code == 200
    assert member.post(f"/api/v1/decisions/{week.own_proposed}/decide").status_code == 200
    note = member.put(f"/api/v1/wbr/{WEEK}/notes/support_contacts", json={"body": "A release.", "based_on": None})
    assert note.status_code == 200
    occurrence = member.post(f"/api/v1/mechanisms/{week.mechanism}/occurrences",
                             json={"occurred_on": (datetime.now(UTC).date() - timedelta(days=7)).isoformat(),
                                   "output": "Held late."})
    assert occurrence.status_code == 201
    keys = {i["key"] for i in member.get("/api/v1/me/agenda").json()["items"]}
    assert f"decision:{week.approve}:approve" not in keys and f"decision:{week.own_proposed}:decide" not in keys
    assert f"wbr-note:{WEEK}:support_contacts" not in keys
    assert f"decision:{week.escalated}:escalation:1" in keys  # still proposed


def test_archived_decisions_leave_the_agenda_until_restored(week: Week, api_as: Client) -> None:
    admin, member = api_as("admin"), api_as("member")

    def keys() -> set[str]:
        return {i["key"] for i in member.get("/api/v1/me/agenda").json()["items"]}

    waiting = {f"decision:{week.approve}:approve", f"decision:{week.escalated}:escalation:1"}
    assert waiting <= keys()
    for decision in (week.approve, week.escalated):
        assert admin.post(f"/api/v1/decisions/{decision}/archive").status_code == 200
    assert not waiting & keys()
    assert admin.post(f"/api/v1/decisions/{week.approve}/restore").status_code == 200
    assert f"decision:{week.approve}:approve" in keys()


def test_the_days_are_counted_on_the_persons_calendar(week: Week, ws: Workspace) -> None:
    """A revisit on day D seen at 10:00 UTC on D-1: tomorrow in London, today in Kiritimati (UTC+14),
    where D has begun; and its due instant is D's local midnight."""
    with ws.session() as s:
        user = accounts.get_user_by_email(s, "max@example.com")
        decision = s.get(Decision, week.revisit_soon)
        assert decision is not None and decision.revisit_on is not None
        day: date = decision.revisit_on
        now = datetime.combine(day - timedelta(days=1), datetime.min.time(), tzinfo=UTC) + timedelta(hours=10)
        found = {}
        for zone in ("Europe/London", "Pacific/Kiritimati", "Pacific/Pago_Pago"):
            accounts.set_time_zone(s, accounts.actor_for(user), zone)
            mine = service.agenda(s, accounts.actor_for(user), now)
            item = next(i for i in mine.items if i.key == f"decision:{week.revisit_soon}:revisit")
            found[zone] = (service.due_words(item, now, zone), item.due)
    assert found["Europe/London"][0] == "due tomorrow"
    assert found["Pacific/Kiritimati"][0] == "due today"
    assert found["Pacific/Pago_Pago"][0] == "due in 2 days"  # UTC-11: still D-2 there
    midnight = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
    assert found["Pacific/Kiritimati"][1] == midnight - timedelta(hours=14)
