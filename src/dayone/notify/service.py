"""What to mail, to whom, and the ledger that makes each item mailed once.

`send` (run by `dayone notify send` from a timer, every few minutes) mails each person's new
items of the kinds they want immediately, and keeps review invitations' calendars right: a
moved review is sent again (METHOD:REQUEST, SEQUENCE + 1), a cancelled one is withdrawn
(METHOD:CANCEL). `digest` (`dayone notify digest`, once a day) mails each person one message
listing what waits on them of the kinds they want in the digest, grouped by kind.

A message is sent first and its ledger row committed right after, one message at a time: when
the SMTP server fails part way, what was sent stays recorded and the next run sends the rest.
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone import timezones
from dayone.agenda import service as agenda
from dayone.agenda.items import AgendaItem
from dayone.auth import service as accounts
from dayone.auth.models import User
from dayone.db.base import utcnow
from dayone.documents.models import Review, ReviewState
from dayone.notify import calendar, mailer, messages, preferences
from dayone.notify.kinds import Delivery
from dayone.notify.messages import Reader
from dayone.notify.models import NotificationSent
from dayone.settings import Settings
from dayone.workspace import Workspace

INVITATION = "review-invitation"


@dataclass
class Report:
    """What a run sent."""

    messages: int = 0
    items: int = 0
    moved: int = 0
    cancelled: int = 0
    people: set[int] = field(default_factory=set)

    def words(self) -> str:
        parts = [f"{self.messages} message{'s' if self.messages != 1 else ''} sent to "
                 f"{len(self.people)} {'person' if len(self.people) == 1 else 'people'}"]
        if self.moved:
            parts.append(f"{self.moved} calendar update{'s' if self.moved != 1 else ''}")
        if self.cancelled:
            parts.append(f"{self.cancelled} cancellation{'s' if self.cancelled != 1 else ''}")
        return "; ".join(parts) + "."


class _Connection:
    """One SMTP connection for a run, opened when the first message goes out."""

    def __init__(self, settings: Settings, stack: ExitStack) -> None:
        self.settings, self.stack = settings, stack
        self.smtp: smtplib.SMTP | None = None

    def send(self, to: str, subject: str, text: str, *ics: bytes) -> None:
        if self.smtp is None:
            self.smtp = self.stack.enter_context(mailer.connection(self.settings))
        attachments = [(f"invite-{n}.ics" if n else "invite.ics", "text/calendar", one)
                       for n, one in enumerate(ics)]
        mailer.send(self.smtp, self.settings, mailer.message(self.settings, to, subject, text, attachments))


def _readers(session: Session) -> list[tuple[Reader, int]]:
    """Every active account's person, with the account id."""
    users = session.scalars(select(User).where(User.is_active.is_(True)).order_by(User.id))
    return [(Reader(u.person_id, u.person.name, u.person.email, u.person.time_zone or "UTC"), u.id) for u in users]


def _ledger(session: Session, person_id: int) -> dict[str, NotificationSent]:
    rows = session.scalars(select(NotificationSent).where(NotificationSent.person_id == person_id))
    return {row.item_key: row for row in rows}


def _review_id(key: str) -> int:
    return int(key.split(":")[1])


def _invitation(session: Session, reader: Reader, item: AgendaItem, sequence: int,
                public_url: str) -> calendar.Invitation | None:
    review = session.get(Review, _review_id(item.key))
    if review is None or item.due is None:
        return None
    return calendar.Invitation(
        review_id=review.id, start=item.due, reading_minutes=review.reading_minutes,
        organizer_name=review.organizer.name, organizer_email=review.organizer.email,
        organizer_zone=review.organizer.time_zone or "UTC", attendee_name=reader.name, attendee_email=reader.email,
        title=item.title, description=item.detail, url=f"{public_url}{item.url}", sequence=sequence)


def _record(ws: Workspace, reader: Reader, item_key: str, kind: str, via: str,
            start: datetime | None = None, sequence: int | None = None, cancelled: bool = False) -> None:
    """Write the ledger row of what was just sent (its own transaction: it survives a later failure)."""
    with ws.session() as session:
        row = session.scalar(select(NotificationSent).where(NotificationSent.person_id == reader.person_id,
                                                            NotificationSent.item_key == item_key))
        if row is None:
            row = NotificationSent(person_id=reader.person_id, item_key=item_key, kind=kind, via=via,
                                   calendar_sequence=0)
            session.add(row)
        row.sent_at = utcnow()
        if start is not None:
            row.calendar_start = start
        if sequence is not None:
            row.calendar_sequence = sequence
        row.calendar_cancelled = cancelled


def _agendas(ws: Workspace, now: datetime) -> Iterator[tuple[Reader, list[AgendaItem], dict[str, Delivery]]]:
    with ws.read_sessions() as session:
        readers = _readers(session)
    for reader, user_id in readers:
        with ws.read_sessions() as session:
            user = session.get(User, user_id)
            assert user is not None
            items = agenda.agenda(session, accounts.actor_for(user), now).items
            yield reader, items, preferences.of(session, reader.person_id)


def send(ws: Workspace, now: datetime | None = None) -> Report:
    """Mail every person's new items of the kinds they want immediately, and keep the calendars
    of review invitations already sent right. Raises MailError (after recording what was sent)
    when the SMTP server fails, NotConfigured when none is set."""
    settings, now = ws.settings, now or utcnow()
    if not mailer.configured(settings):
        raise mailer.NotConfigured("Email is not configured: set DAYONE_SMTP_HOST (see docs/settings.md).")
    report = Report()
    with ExitStack() as stack:
        smtp = _Connection(settings, stack)
        for reader, items, chosen in _agendas(ws, now):
            with ws.read_sessions() as session:  # each ledger row is written in its own transaction
                ledger = _ledger(session, reader.person_id)
                for item in items:
                    if item.key in ledger or preferences.delivery(chosen, item.kind) is not Delivery.IMMEDIATE:
                        continue
                    subject, text = messages.item_message(reader, item, now, settings.public_url)
                    invite = _invitation(session, reader, item, 0, settings.public_url) \
                        if item.kind == INVITATION else None
                    smtp.send(reader.email, subject, text,
                              *([calendar.ics(invite, settings.public_url, now=now)] if invite else []))
                    _record(ws, reader, item.key, item.kind, Delivery.IMMEDIATE.value, item.due if invite else None)
                    report.messages += 1
                    report.items += 1
                    report.people.add(reader.person_id)
                _calendars(ws, session, smtp, reader, items, ledger, now, report)
    return report


def _calendars(ws: Workspace, session: Session, smtp: _Connection, reader: Reader, items: list[AgendaItem],
               ledger: dict[str, NotificationSent], now: datetime, report: Report) -> None:
    """Send an update for each invitation whose review moved, a cancellation for each whose
    review was cancelled (gone, or the item gone while the review is still to come)."""
    public_url = ws.settings.public_url
    waiting = {i.key: i for i in items}
    for key, row in ledger.items():
        if row.kind != INVITATION or row.calendar_start is None or row.calendar_cancelled:
            continue
        item = waiting.get(key)
        if item is not None:
            if item.due is None or item.due == row.calendar_start:
                continue
            invite = _invitation(session, reader, item, row.calendar_sequence + 1, public_url)
            if invite is None:
                continue
            subject, text = messages.item_message(reader, item, now, public_url, moved=True)
            smtp.send(reader.email, subject, text, calendar.ics(invite, public_url, now=now))
            _record(ws, reader, key, row.kind, row.via, item.due, invite.sequence)
            report.moved += 1
        else:
            review = session.get(Review, _review_id(key))
            if review is not None and review.state != ReviewState.SCHEDULED.value:
                continue  # it took place: nothing to withdraw
            invite = calendar.Invitation(
                review_id=_review_id(key), start=row.calendar_start, reading_minutes=review.reading_minutes
                if review else 20, organizer_name=review.organizer.name if review else "Day One",
                organizer_email=review.organizer.email if review else ws.settings.smtp_from,
                organizer_zone=review.organizer.time_zone if review else "UTC", attendee_name=reader.name,
                attendee_email=reader.email, title="", description="", url="", sequence=row.calendar_sequence + 1)
            subject, text = messages.cancel_message(reader, public_url)
            smtp.send(reader.email, subject, text, calendar.ics(invite, public_url, cancel=True, now=now))
            _record(ws, reader, key, row.kind, row.via, sequence=invite.sequence, cancelled=True)
            report.cancelled += 1
        report.messages += 1
        report.people.add(reader.person_id)


def digest(ws: Workspace, now: datetime | None = None) -> Report:
    """Mail each person, once a day (their own day), what waits on them of the kinds they want in
    the digest, grouped by kind, new items marked. Nobody with nothing of those kinds is mailed."""
    settings, now = ws.settings, now or utcnow()
    if not mailer.configured(settings):
        raise mailer.NotConfigured("Email is not configured: set DAYONE_SMTP_HOST (see docs/settings.md).")
    report = Report()
    with ExitStack() as stack:
        smtp = _Connection(settings, stack)
        for reader, items, chosen in _agendas(ws, now):
            day = timezones.local_day(now, timezones.zone(reader.time_zone))
            with ws.read_sessions() as session:
                ledger = _ledger(session, reader.person_id)
                if f"digest:{day.isoformat()}" in ledger:
                    continue
                wanted = [i for i in items if preferences.delivery(chosen, i.kind) is Delivery.DIGEST]
                if not wanted:
                    continue
                new = {i.key for i in wanted if i.key not in ledger}
                invites = [_invitation(session, reader, i, 0, settings.public_url)
                           for i in wanted if i.key in new and i.kind == INVITATION]
            subject, text = messages.digest_message(reader, wanted, new, now, settings.public_url)
            smtp.send(reader.email, subject, text,
                      *(calendar.ics(invite, settings.public_url, now=now) for invite in invites if invite))
            for item in wanted:
                if item.key in new:
                    calendar_start = item.due if item.kind == INVITATION else None
                    _record(ws, reader, item.key, item.kind, Delivery.DIGEST.value, calendar_start)
            _record(ws, reader, f"digest:{day.isoformat()}", "digest", Delivery.DIGEST.value)
            report.messages += 1
            report.items += len(wanted)
            report.people.add(reader.person_id)
    return report


def send_test(settings: Settings, to: str) -> None:
    """Send a short test message to ``to``: MailError says what went wrong."""
    with mailer.connection(settings) as smtp:
        mailer.send(smtp, settings, mailer.message(
            settings, to, "Day One: a test message",
            f"This test message shows that Day One can send email through {mailer.describe(settings)}.\n"
            f"\n{settings.public_url}\n"))
