"""`dayone notify send` through the library and the CLI against a real SMTP server on loopback,
on SQLite and PostgreSQL: each new item mailed once to its person with its link, a review
invitation with its .ics in the organizer's zone, updated when the review moves and withdrawn
when it is cancelled; and never a private title to someone who may not read it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from dayone.agenda import service as agenda
from dayone.archive import service as archive
from dayone.auth import service as accounts
from dayone.auth.permissions import CLI_ACTOR
from dayone.documents import reviews
from dayone.documents.models import Review
from dayone.notify import kinds, service
from dayone.notify.models import NotificationSent
from dayone.workspace import Workspace
from tests.agenda.conftest import Week, _actor
from tests.conftest import People
from tests.mailbox import Mailbox
from tests.notify.conftest import PUBLIC, body, event, everything

MAX = "max@example.com"


def _start(ws: Workspace, review_id: int) -> datetime:
    with ws.session() as s:
        review = s.get(Review, review_id)
        assert review is not None
        return review.scheduled_for


def test_new_items_are_mailed_once_each_to_its_person_with_its_link(
        ws: Workspace, people: People, zoned: Week, mailbox: Mailbox) -> None:
    report = service.send(ws)
    mine = mailbox.to(MAX)
    subjects = sorted(str(m["Subject"]) for m in mine)
    # the kinds Max gets immediately by default: an invitation, a flag on his metric, an approval, an escalation
    with ws.session() as s:
        items = agenda.agenda(s, accounts.actor_for(accounts.get_user_by_email(s, MAX))).items
    assert subjects == sorted(i.title for i in items if kinds.default(i.kind) is kinds.Delivery.IMMEDIATE)
    assert {i.kind for i in items if i.title in subjects} == {"review-invitation", "wbr-note", "decision-approval",
                                                               "decision-escalation"}
    by_subject = {str(m["Subject"]): m for m in mine}
    invitation = by_subject["Review of Otto's draft for Max"]
    assert str(invitation["To"]) == MAX and "dayone@dayone.test" in str(invitation["From"])
    assert f"{PUBLIC}/reviews/{zoned.invited_review}" in body(invitation)
    assert any(f"{PUBLIC}/decisions/{zoned.approve}" in body(m) for m in mine)
    assert any(f"{PUBLIC}/wbr/" in body(m) and "#note-support_contacts" in body(m) for m in mine)
    # the digest kinds (his own decisions to decide or revisit, his mechanism) wait for the digest
    assert not any(f"/decisions/{zoned.own_proposed}" in body(m) for m in mine)
    assert not any(f"/mechanisms/{zoned.mechanism}" in body(m) for m in mine)
    assert report.messages == len(mailbox.messages) and report.items == len(mailbox.messages)

    # the calendar invitation: the review's time in the organizer's zone, with its VTIMEZONE
    cal, vevent = event(invitation)
    assert str(cal["METHOD"]) == "REQUEST" and int(vevent["SEQUENCE"]) == 0
    start = vevent.decoded("DTSTART")
    assert start.tzinfo is not None and vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert start == _start(ws, zoned.invited_review).replace(microsecond=0)  # iCalendar counts whole seconds
    assert start.utcoffset() == _start(ws, zoned.invited_review).astimezone(ZoneInfo("Europe/Paris")).utcoffset()
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert str(vevent["SUMMARY"]) == "Review of Otto's draft for Max"
    assert str(vevent["UID"]) == f"review-{zoned.invited_review}@dayone.test"
    assert "max@example.com" in str(vevent["ATTENDEE"]) and "otto@example.com" in str(vevent["ORGANIZER"])

    # mailed once: the next run sends nothing, and the ledger holds one row per item
    mailbox.clear()
    assert service.send(ws).messages == 0 and mailbox.messages == []
    with ws.session() as s:
        keys = s.scalars(select(NotificationSent.item_key)).all()
    assert len(keys) == len(set(keys)) == report.items


def test_a_private_title_never_reaches_anyone_who_may_not_read_it(
        ws: Workspace, people: People, zoned: Week, mailbox: Mailbox) -> None:
    service.send(ws)
    service.digest(ws)
    assert mailbox.messages
    readers_of_secret = {"otto@example.com", "ada@example.com"}  # the author, and the admin invited
    for message in mailbox.messages:
        if str(message["To"]) not in readers_of_secret:
            assert zoned.private_title not in everything(message), message["To"]
            assert "secret" not in everything(message).lower()
    # and the one it is for does hear of it
    assert any(zoned.private_title in everything(m) for m in mailbox.to("ada@example.com"))


def test_a_moved_review_updates_the_calendar_and_a_cancelled_one_withdraws_it(
        ws: Workspace, people: People, zoned: Week, mailbox: Mailbox) -> None:
    service.send(ws)
    (first,) = [m for m in mailbox.to(MAX) if m.get_content_type() == "multipart/mixed"]
    _, original = event(first)
    mailbox.clear()
    otto = _actor(ws, people.outsider)
    moved_to = (datetime.now(UTC) + timedelta(days=5)).replace(hour=13, minute=30, second=0, microsecond=0)
    with ws.session() as s:
        reviews.reschedule(s, otto, zoned.invited_review, moved_to)
    report = service.send(ws)
    assert report.moved == 1 and report.messages == 1
    (update,) = mailbox.to(MAX)
    assert str(update["Subject"]) == "Moved: Review of Otto's draft for Max"
    cal, vevent = event(update)
    assert str(cal["METHOD"]) == "REQUEST" and int(vevent["SEQUENCE"]) == 1
    assert str(vevent["UID"]) == str(original["UID"])
    assert vevent.decoded("DTSTART") == moved_to and vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert vevent.decoded("DTSTART").hour == moved_to.astimezone(ZoneInfo("Europe/Paris")).hour
    mailbox.clear()
    assert service.send(ws).messages == 0  # the update is sent once too

    with ws.session() as s:  # the document goes to the archive: its review will not take place
        archive.archive(s, CLI_ACTOR, "document", _document_of(ws, zoned.invited_review))
    report = service.send(ws)
    assert report.cancelled == 1
    (cancel,) = mailbox.to(MAX)
    cal, vevent = event(cancel)
    assert str(cal["METHOD"]) == "CANCEL" and int(vevent["SEQUENCE"]) == 2
    assert str(vevent["UID"]) == str(original["UID"]) and str(vevent["STATUS"]) == "CANCELLED"
    assert "Otto's draft" not in everything(cancel)  # he may no longer read it: the cancellation names nothing
    mailbox.clear()
    assert service.send(ws).messages == 0


def _document_of(ws: Workspace, review_id: int) -> int:
    with ws.session() as s:
        review = s.get(Review, review_id)
        assert review is not None
        return review.document_id


def test_a_review_that_took_place_is_not_cancelled(ws: Workspace, people: People, zoned: Week,
                                                   mailbox: Mailbox) -> None:
    service.send(ws)
    mailbox.clear()
    with ws.session() as s:
        reviews.start(s, _actor(ws, people.outsider), zoned.invited_review)
    service.send(ws)
    assert not any(str(m["Subject"]) == "Review cancelled" for m in mailbox.messages)


def test_smtp_down_is_a_clear_error_and_what_was_sent_stays_recorded(
        ws: Workspace, people: People, zoned: Week, mailbox: Mailbox) -> None:
    mailbox.refuse.add(MAX)  # the server refuses Max's messages: the run fails part way
    try:
        service.send(ws)
    except service.mailer.MailError as exc:
        assert "127.0.0.1" in exc.message and MAX in exc.message and "550" in exc.message
    else:
        raise AssertionError("a refused message must fail the run")
    with ws.session() as s:
        recorded = set(s.scalars(select(NotificationSent.item_key)).all())
        count = s.scalar(select(func.count()).select_from(NotificationSent)) or 0
    delivered = len(mailbox.messages)
    assert count == delivered  # every delivered message recorded, nothing recorded that was not delivered
    assert len(recorded) == delivered
    mailbox.refuse.clear()
    service.send(ws)  # the next run sends only what is left, Max's included
    assert len(mailbox.to(MAX)) >= 3
    subjects = [str(m["Subject"]) + str(m["To"]) for m in mailbox.messages]
    assert len(subjects) == len(set(subjects))  # nobody got the same message twice


def test_nothing_listening_is_a_clear_error_naming_the_server(
        ws: Workspace, people: People, zoned: Week) -> None:
    from tests.servers import free_port

    ws.settings = ws.settings.model_copy(update={"smtp_port": free_port()})
    try:
        service.send(ws)
    except service.mailer.MailError as exc:
        assert "Could not use the SMTP server 127.0.0.1:" in exc.message and "connection refused" in exc.message
        assert "DAYONE_SMTP_HOST" in exc.message
    else:
        raise AssertionError("nothing listens there")
    with ws.session() as s:
        assert (s.scalar(select(func.count()).select_from(NotificationSent)) or 0) == 0


def test_only_the_organizer_moves_a_review_and_only_before_it_starts(
        ws: Workspace, people: People, zoned: Week) -> None:
    import pytest

    from dayone.errors import Conflict, InvalidInput, PermissionDenied

    later = datetime.now(UTC) + timedelta(days=9)
    with pytest.raises(PermissionDenied), ws.session() as s:
        reviews.reschedule(s, _actor(ws, people.member), zoned.invited_review, later)
    with pytest.raises(InvalidInput, match="time zone"), ws.session() as s:
        reviews.reschedule(s, _actor(ws, people.outsider), zoned.invited_review, later.replace(tzinfo=None))
    with ws.session() as s:
        reviews.start(s, _actor(ws, people.outsider), zoned.invited_review)
    with pytest.raises(Conflict, match="already started"), ws.session() as s:
        reviews.reschedule(s, _actor(ws, people.outsider), zoned.invited_review, later)
