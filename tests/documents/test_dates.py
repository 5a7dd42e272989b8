"""Dates and datelines (hypothesis): any city name, accents included, with any of the
date forms the checker lists, is a dateline; its date is read exactly."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dayone.documents.checks import check_markdown
from dayone.documents.checks.dates import date_lead, find_date, find_dateline, parse_date

LETTERS = "abcdefghijklmnopqrstuvwxyzäöüéèêëçãõñøåáíóúâîôûœæłśżčřšž"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
CASE = Path(__file__).parent / "cases" / "checker" / "dateline-non-ascii-city.md"


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def written(day: date, form: int) -> str:
    """``day`` in one of the forms the checker reads."""
    month, short = MONTHS[day.month - 1], MONTHS[day.month - 1][:3]
    return [
        f"{month} {day.day}, {day.year}",
        f"{month} {_ordinal(day.day)}, {day.year}",
        f"{short}. {day.day}, {day.year}",
        f"{short} {day.day} {day.year}",
        f"{WEEKDAYS[day.weekday()]}, {month} {day.day}, {day.year}",
        f"{day.day} {month} {day.year}",
        f"{_ordinal(day.day)} of {month}, {day.year}",
        f"{WEEKDAYS[day.weekday()]} {day.day} {short} {day.year}",
        f"{day:%Y-%m-%d}",
        f"{day.year}-{day.month}-{day.day}",
    ][form]


FORMS = 10
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31))
CALENDAR = {w.lower() for w in MONTHS + WEEKDAYS} | {w[:3].lower() for w in MONTHS + WEEKDAYS} | {
    "sept", "tues", "thur", "thurs", "wednes", "satur", "the", "of"}
# a place is not named like a day or a month ("SATURDAY, January 1" is a date)
word = st.text(alphabet=LETTERS, min_size=2, max_size=12).filter(lambda w: w.lower() not in CALENDAR)
place = st.one_of(
    st.lists(word, min_size=1, max_size=3).map(lambda ws: " ".join(w.capitalize() for w in ws)),
    st.sampled_from(["ZÜRICH", "SÃO PAULO", "Saint-Étienne", "L'Aquila", "KRAKÓW", "Reykjavík",
                     "Rio de Janeiro", "DÜSSELDORF", "Montréal", "Łódź", "ST. LOUIS", "Genève",
                     "東京", "МОСКВА", "İSTANBUL", "Αθήνα", "القاهرة", "तिरुवनंतपुरम"]))
place = place.map(lambda p: p.upper()) | place
outlet = st.sampled_from(["", "(BUSINESS WIRE)", "BUSINESS WIRE", "(PR Newswire)", "Acme News"])
dash = st.sampled_from([" — ", "—", " – ", "--", " - "])


@given(city=place, region=st.one_of(st.just(""), place), source=outlet, sep=dash, day=dates,
       form=st.integers(0, FORMS - 1))
def test_any_city_and_any_listed_date_form_is_a_dateline(city: str, region: str, source: str, sep: str,
                                                          day: date, form: int) -> None:
    head = city + (f", {region}" if region else "")
    text = head + sep + (source + sep if source else "") + written(day, form) + sep + "Acme today launched Pay."
    found = find_dateline(text)
    assert found is not None, text
    assert found.city == city and found.date == day
    assert text[found.end:] == "Acme today launched Pay."


@given(city=place, day=dates, form=st.integers(0, FORMS - 1), sep=dash)
def test_a_comma_may_set_the_place_off_the_date(city: str, day: date, form: int, sep: str) -> None:
    text = f"{city}, {written(day, form)}{sep}Acme today launched Pay."
    found = find_dateline(text)
    assert found is not None and found.city == city and found.date == day


@given(lead=st.lists(word, min_size=1, max_size=8).map(" ".join), day=dates, form=st.integers(0, FORMS - 1))
def test_a_sentence_that_mentions_a_date_is_not_a_dateline(lead: str, day: date, form: int) -> None:
    # lower-case words: a sentence's, not a place's; and "launched on" a date, set off by nothing
    assert find_dateline(f"{lead} {written(day, form)} — we launch.") is None
    assert find_dateline(f"Acme {lead} {written(day, form)} — we launch.") is None


@given(day=dates, form=st.integers(0, FORMS - 1),
       time=st.sampled_from(["", " 10:00", " 10:00:00", "T10:00", "T10:00:00Z", " 9:30 AM", " at 9 pm",
                             "T23:59:59+05:30", ", 10:00 UTC"]))
def test_a_launch_date_is_read_with_or_without_a_time(day: date, form: int, time: str) -> None:
    text = written(day, form)
    if time and not text[:4].isdigit() and time.startswith("T"):
        time = " " + time[1:]  # "March 3, 2030T10:00" is nobody's way of writing it
    assert parse_date(text + time) == day
    assert find_date(f"We launch on {text}.") == (day, 13, 13 + len(text))


@given(text=st.text(max_size=60))
def test_any_text_reads_as_a_date_or_as_none_never_an_error(text: str) -> None:
    found = parse_date(text)
    assert found is None or isinstance(found, date)
    assert find_dateline(text) is None or isinstance(find_dateline(text), object)


@settings(max_examples=25, deadline=None)
@given(city=place, day=dates, form=st.integers(0, FORMS - 1), offset=st.integers(-400, 400))
def test_the_checker_reads_the_dateline_and_the_launch_date(city: str, day: date, form: int,
                                                            offset: int) -> None:
    text = CASE.read_text().replace("ZÜRICH, Switzerland — (BUSINESS WIRE) — March 3, 2030 — ",
                                    f"{city} — (BUSINESS WIRE) — {written(day, form)} — ")
    codes = [f.code for f in check_markdown(text, today=day + timedelta(days=offset)).findings]
    assert "dateline" not in codes
    assert ("launch-date-past" in codes) == (offset > 0)


def test_a_time_or_the_outlet_may_follow_the_date() -> None:
    for text in ("SEATTLE, March 3, 2030 (BUSINESS WIRE) — Acme launched Pay.",
                 "SEATTLE, WA — March 3, 2030, 9:00 AM PT — Acme launched Pay.",
                 "NEW YORK, N.Y. — Sept. 3, 2030 — Acme launched Pay.",
                 "ST. JOHN'S, Newfoundland -- 03 March 2030 -- Acme launched Pay."):
        found = find_dateline(text)
        assert found is not None and found.date == date(2030, 9 if "Sept" in text else 3, 3)
        assert text[found.end:] == "Acme launched Pay."
    assert find_dateline("SEATTLE, March 3, 2030 the team met — Acme launched Pay.") is None


event = st.sampled_from(["APACHECON US 2009", "AWS re:Invent", "CES 2030", "IFA", "Mobile World Congress",
                         "KubeCon + CloudNativeCon Europe 2030"])


@given(city=place, region=st.one_of(st.just(""), place), at=event, sep=dash, day=dates,
       form=st.integers(0, FORMS - 1))
def test_a_release_sent_from_a_conference_names_it_between_the_place_and_the_date(
        city: str, region: str, at: str, sep: str, day: date, form: int) -> None:
    head = city + (f", {region}" if region else "")
    text = f"{head}, {at}, {written(day, form)}{sep}Acme today launched Pay."
    found = find_dateline(text)
    assert found is not None, text
    assert found.city == city and found.date == day
    assert text[found.end:] == "Acme today launched Pay."


@given(day=dates, form=st.integers(0, FORMS - 1), sep=dash, before=st.sampled_from(["", "-- ", "— "]))
def test_a_date_set_off_by_dashes_opens_a_sentence_as_its_lead(day: date, form: int, sep: str,
                                                               before: str) -> None:
    text = f"{before}{written(day, form)}{sep}The Apache Group today announced the foundation."
    end = date_lead(text)
    assert end is not None and text[end:] == "The Apache Group today announced the foundation."
    assert date_lead(f"On {written(day, form)}{sep}we launched.") is None  # a sentence, not a lead
    assert date_lead(f"{written(day, form)} we launched — in Berlin.") is None


def test_sentence_length_leaves_out_a_dateline_named_by_a_conference_or_a_web_address() -> None:
    words = " ".join(["word"] * 25) + "."
    for lead in ("OAKLAND, Calif., APACHECON US 2009, Nov. 4, 2009 — ",
                 "https://www.apache.org/ -- June 30, 1999 -- "):
        text = f"# Release\n\n{lead}The project {words}\n"
        (finding,) = [f for f in check_markdown(text, today=date(2000, 1, 1)).findings
                      if f.code == "sentence-length"]
        assert "has 27 words" in finding.message, lead  # the lead's place and date are no part of it
