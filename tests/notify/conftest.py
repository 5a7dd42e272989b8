"""Notification tests: the workspace of tests/agenda (something waits on Max in every
mechanism, and a private draft's review he must never hear of), its SMTP settings pointing at
the real test server (tests/mailbox.py), Otto (the organizer) in Paris and Max in New York."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage
from typing import Any

import icalendar
import pytest
from sqlalchemy import select

from dayone.org.models import Person
from dayone.settings import Settings
from dayone.workspace import Workspace
from tests.agenda.conftest import Week, week  # noqa: F401  (the fixture, shared)
from tests.conftest import People
from tests.mailbox import Mailbox

PUBLIC = "http://dayone.test"


@pytest.fixture
def settings(settings: Settings, smtp_server: Any) -> Settings:
    """The test settings with email sent to the test SMTP server, links to PUBLIC."""
    return settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": smtp_server.port,
                                       "smtp_security": "none", "public_url": PUBLIC,
                                       "smtp_from": "Day One <dayone@dayone.test>"})


@pytest.fixture
def zoned(ws: Workspace, people: People, week: Week) -> Week:  # noqa: F811
    with ws.session() as s:
        for email, zone in ((people.outsider, "Europe/Paris"), (people.member, "America/New_York")):
            s.scalars(select(Person).where(Person.email == email)).one().time_zone = zone
    return week


def calendars(message: EmailMessage) -> list[icalendar.Calendar]:
    """The calendar invitations attached to ``message``, parsed."""
    return [icalendar.Calendar.from_ical(part.get_content() if isinstance(part.get_content(), bytes)
                                         else part.get_content().encode())
            for part in message.walk() if part.get_content_type() == "text/calendar"]


def event(message: EmailMessage) -> tuple[icalendar.Calendar, Any]:
    (cal,) = calendars(message)
    (vevent,) = cal.walk("VEVENT")
    return cal, vevent


def body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def everything(message: EmailMessage) -> str:
    """The whole message as it travelled, headers and attachments decoded."""
    parts = [str(message["Subject"])]
    for part in message.walk():
        if part.get_content_maintype() != "multipart":
            content = part.get_content()
            parts.append(content.decode() if isinstance(content, bytes) else str(content))
    return "\n".join(parts)


Send = Callable[..., Any]
__all__ = ["PUBLIC", "Mailbox", "body", "calendars", "datetime", "event", "everything"]
