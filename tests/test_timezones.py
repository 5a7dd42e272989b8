"""Each person's time zone: the names accepted, and days and wall-clock times turned into
instants across every zone and its daylight-saving changes (hypothesis, over all of tzdata)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dayone import timezones
from dayone.errors import InvalidInput

ZONES = sorted(timezones.names())
zones = st.sampled_from(ZONES).map(ZoneInfo)
# 1970 onwards: the years whose transitions tzdata keeps exactly for every zone
days = st.dates(min_value=date(1970, 1, 2), max_value=date(2099, 12, 30))
instants = st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2099, 12, 30),
                        timezones=st.just(UTC))
TICK = timedelta(microseconds=1)


def test_every_known_zone_is_accepted_and_its_name_kept() -> None:
    assert all(timezones.check(name) == name for name in ZONES)
    assert timezones.check("  europe/paris ") == "Europe/Paris"


@pytest.mark.parametrize("typed, says", [
    ("Europe/Pari", "Did you mean Europe/Paris"),
    ("", "choose a time zone"),
    ("../../etc/passwd", "is not a time zone"),
    ("localtime", "is not a time zone"),
    ("x" * 500, "is not a time zone"),
])
def test_a_name_that_is_no_zone_is_refused_with_the_field_and_a_suggestion(typed: str, says: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        timezones.check(typed)
    assert refused.value.message.startswith("time_zone: ") and says in refused.value.message
    assert len(refused.value.message) < 200


@given(st.text(max_size=40))
def test_any_text_is_a_zone_or_a_clear_refusal(typed: str) -> None:
    try:
        assert timezones.check(typed) in timezones.names()
    except InvalidInput as exc:
        assert exc.message.startswith("time_zone: ")


@settings(max_examples=400)
@given(days, zones)
def test_a_day_starts_at_its_first_local_instant(day: date, where: ZoneInfo) -> None:
    start = timezones.start_of_day(day, where)
    assert start.tzinfo is UTC
    assert timezones.local_day(start, where) >= day > timezones.local_day(start - TICK, where)
    if timezones.local_day(start, where) == day:  # not a day the zone skipped whole
        assert timezones.local(start, where).time() <= datetime(2000, 1, 1, 1, 0).time()


@settings(max_examples=300)
@given(days, zones)
def test_days_follow_each_other_in_order(day: date, where: ZoneInfo) -> None:
    today, tomorrow = timezones.start_of_day(day, where), timezones.start_of_day(day + timedelta(days=1), where)
    assert today < tomorrow
    # a day lasts 24 hours give or take the clock changes (at most a few hours, or a whole skipped day)
    assert timedelta(hours=0) < tomorrow - today <= timedelta(hours=48)


@settings(max_examples=300)
@given(instants, days, zones)
def test_days_between_counts_calendar_days_on_the_local_wall(now: datetime, day: date, where: ZoneInfo) -> None:
    due = timezones.start_of_day(day, where)
    if timezones.local_day(due, where) != day:
        return  # a skipped day is due the next one
    assert timezones.days_between(now, due, where) == (day - timezones.local_day(now, where)).days


@settings(max_examples=400)
@given(st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2099, 12, 30)), zones)
def test_a_wall_clock_time_is_its_first_instant_or_refused_when_skipped(wall: datetime, where: ZoneInfo) -> None:
    wall = wall.replace(microsecond=0)
    try:
        instant = timezones.from_wall_clock(wall, where, field="scheduled_for")
    except InvalidInput as exc:
        assert exc.message.startswith("scheduled_for: ") and "does not exist" in exc.message
        # truly skipped: neither reading of it comes back as the same wall time
        for fold in (0, 1):
            back = wall.replace(tzinfo=where, fold=fold).astimezone(UTC).astimezone(where)
            assert back.replace(tzinfo=None) != wall
        return
    assert instant.tzinfo is UTC
    assert timezones.local(instant, where).replace(tzinfo=None) == wall
    # a time the clocks pass twice is the first pass
    other = wall.replace(tzinfo=where, fold=1).astimezone(UTC)
    if timezones.local(other, where).replace(tzinfo=None) == wall:
        assert instant <= other


def test_known_transitions() -> None:
    paris, santiago, apia = ZoneInfo("Europe/Paris"), ZoneInfo("America/Santiago"), ZoneInfo("Pacific/Apia")
    # spring forward: 02:30 does not exist in Paris on 28 March 2027
    with pytest.raises(InvalidInput, match="does not exist in Europe/Paris"):
        timezones.from_wall_clock(datetime(2027, 3, 28, 2, 30), paris, field="scheduled_for")
    # fall back: 02:30 on 31 October 2027 happens twice; the first is 00:30 UTC
    assert timezones.from_wall_clock(datetime(2027, 10, 31, 2, 30), paris) == datetime(2027, 10, 31, 0, 30,
                                                                                        tzinfo=UTC)
    # Chile moves its clocks at midnight: 11 September 2022 began at 01:00 local, 04:00 UTC
    assert timezones.start_of_day(date(2022, 9, 11), santiago) == datetime(2022, 9, 11, 4, 0, tzinfo=UTC)
    # Samoa skipped 30 December 2011 whole: it "starts" with the 31st
    assert timezones.start_of_day(date(2011, 12, 30), apia) == timezones.start_of_day(date(2011, 12, 31), apia)
    assert timezones.start_of_day(date(2026, 11, 23), ZoneInfo("UTC")) == datetime(2026, 11, 23, tzinfo=UTC)
