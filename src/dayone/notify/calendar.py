"""A review's calendar invitation (.ics, RFC 5545, built with the icalendar library).

The time is written in the organizer's time zone (DTSTART;TZID=Europe/Paris:…) with the
matching VTIMEZONE: RFC 5545 requires a VTIMEZONE for every TZID, and Outlook ignores a TZID
it has no definition for (Google Calendar and Apple Calendar read both). A meeting kept in the
organizer's zone stays at its wall-clock time across a daylight-saving change, as the organizer
meant; each reader's client shows it in their own zone.

One UID per review (and per workspace address), so an update replaces the event: a
rescheduled review is sent again with METHOD:REQUEST and a higher SEQUENCE; a cancelled one
with METHOD:CANCEL and a title that names nothing (the reader may have lost access).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from icalendar import Calendar, Event, vCalAddress, vText

from dayone import timezones

DISCUSSION_MINUTES = 40  # the meeting's length after the silent reading, for the calendar


@dataclass(frozen=True)
class Invitation:
    """What a calendar invitation says; ``title`` and ``description`` must be safe for ``attendee``."""

    review_id: int
    start: datetime  # UTC
    reading_minutes: int
    organizer_name: str
    organizer_email: str
    organizer_zone: str
    attendee_name: str
    attendee_email: str
    title: str
    description: str
    url: str
    sequence: int


def uid(review_id: int, public_url: str) -> str:
    """The review's UID, the same on every update."""
    return f"review-{review_id}@{urlsplit(public_url).hostname or 'dayone'}"


def ics(invite: Invitation, public_url: str, *, cancel: bool = False, now: datetime | None = None) -> bytes:
    """The .ics of ``invite``: METHOD:REQUEST, or METHOD:CANCEL when ``cancel``."""
    where = timezones.zone(invite.organizer_zone)
    start = invite.start.astimezone(where)
    cal = Calendar()
    cal.add("prodid", "-//Day One//Reviews//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "CANCEL" if cancel else "REQUEST")
    event = Event()
    event.add("uid", uid(invite.review_id, public_url))
    event.add("sequence", invite.sequence)
    event.add("dtstamp", (now or datetime.now(UTC)).astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=invite.reading_minutes + DISCUSSION_MINUTES))
    event.add("summary", "Review cancelled" if cancel else invite.title)
    if not cancel:
        event.add("description", f"{invite.description}\n\n{invite.url}")
        event.add("url", invite.url)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{invite.organizer_email}")
    organizer.params["cn"] = vText(invite.organizer_name)
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{invite.attendee_email}")
    attendee.params.update({"cn": vText(invite.attendee_name), "role": vText("REQ-PARTICIPANT"),
                            "partstat": vText("NEEDS-ACTION"), "rsvp": vText("FALSE")})
    event.add("attendee", attendee)
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
