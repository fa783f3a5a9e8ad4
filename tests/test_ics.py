"""The .ics calendar file, read back with vobject (not the library that wrote it) and raw."""

from __future__ import annotations

import dataclasses
import io
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import vobject  # type: ignore[import-untyped,unused-ignore]
from dateutil import tz  # type: ignore[import-untyped,unused-ignore]
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview.formats.ics import CalendarEvent, event_ics
from infoview.model.errors import InvalidInput
from infoview.model.interviews import new_uid
from tests.helpers import NOW

NEW_YORK = ZoneInfo("America/New_York")
FIXED = timezone(timedelta(hours=-5))
START = datetime(2026, 12, 3, 16, 0, tzinfo=FIXED)
UID = "interview-maria-lopez-3f2a9c0d1e2b@infoview"
LINK = "https://meet.example.com/abc-defg-hij?pwd=x,y;z"
QUESTIONS = (
    "How did you get started, and what surprised you?\n"
    "What does a typical week look like; what takes most of it?\n"
    "Which tools (C:\\Tools\\New, \\N, \\n) do you use?\n"
    "Who else should I talk to?"
)
INJECTION = "\r\nATTENDEE:mailto:evil@example.com"


def event(**changes: Any) -> CalendarEvent:
    args: dict[str, Any] = {
        "uid": UID,
        "sequence": 0,
        "start": START,
        "minutes": 30,
        "summary": "Informational interview with José García",
        "location": "Café ☕, 5th Ave; Room \\2",
        "url": LINK,
        "description": QUESTIONS,
        "organizer_name": "Ana Ruiz",
        "organizer_email": "ana@example.com",
        "attendee_name": "José García",
        "attendee_email": "jose@example.com",
        "person": "José García",
    }
    args.update(changes)
    return CalendarEvent(**args)


def parse(raw: bytes) -> Any:
    """The calendar as vobject reads it (one VCALENDAR, nothing left over)."""
    return vobject.readOne(raw.decode("utf-8"))


def moment(raw: bytes, prop: Any) -> datetime:
    """The instant a DTSTART/DTEND that vobject read names, in UTC.

    A wall time with a TZID is resolved with dateutil's reading of the VTIMEZONE
    in this very file: vobject keeps the first VTIMEZONE it ever read for a TZID
    process-wide (or takes pytz's zone of that name), and its own VTIMEZONE
    reader drops all but the first value of a multi-valued RDATE.
    """
    tzids = prop.params.get("X-VOBJ-ORIGINAL-TZID") or prop.params.get("TZID")
    if not tzids:
        return instant(prop.value)
    text = raw.decode("utf-8")
    vtimezones = text[text.index("BEGIN:VTIMEZONE") : text.index("BEGIN:VEVENT")]
    zone = tz.tzical(io.StringIO(vtimezones)).get(tzids[0])
    return instant(prop.value.replace(tzinfo=zone))


def instant(when: datetime) -> datetime:
    """The moment itself: Python compares and subtracts same-zone times by wall clock."""
    return when.astimezone(timezone.utc)


def lines(raw: bytes) -> list[bytes]:
    assert raw.endswith(b"\r\n")
    return raw[:-2].split(b"\r\n")


def unfolded(raw: bytes) -> list[str]:
    """Content lines after RFC 5545 unfolding, as text."""
    return raw.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def properties(raw: bytes, name: str) -> list[str]:
    """Raw unfolded lines of one property of the VEVENT itself (not its alarms)."""
    found, path = [], []
    for line in unfolded(raw):
        if line.startswith("BEGIN:"):
            path.append(line[6:])
        elif line.startswith("END:"):
            path.pop()
        elif path == ["VCALENDAR", "VEVENT"] and line.split(":", 1)[0].split(";")[0] == name:
            found.append(line)
    return found


# --- what a calendar program reads -------------------------------------------


def test_a_fixed_offset_is_written_in_utc_and_everything_round_trips() -> None:
    raw = event_ics(event(), now=NOW)
    cal = parse(raw)
    vevent = cal.vevent

    assert cal.version.value == "2.0"
    assert cal.prodid.value == "-//infoview//informational interviews//EN"
    assert cal.method.value == "PUBLISH"
    assert "vtimezone" not in cal.contents
    assert len(cal.contents["vevent"]) == 1

    assert vevent.uid.value == UID
    assert int(vevent.sequence.value) == 0
    assert vevent.dtstamp.value == NOW
    assert vevent.dtstart.value == START
    assert vevent.dtend.value == START + timedelta(minutes=30)
    assert vevent.dtstart.value.utcoffset() == timedelta(0)
    assert properties(raw, "DTSTART") == ["DTSTART:20261203T210000Z"]
    assert properties(raw, "DTEND") == ["DTEND:20261203T213000Z"]
    assert properties(raw, "DTSTAMP") == ["DTSTAMP:20261125T143000Z"]

    assert vevent.summary.value == "Informational interview with José García"
    assert vevent.location.value == "Café ☕, 5th Ave; Room \\2"
    assert vevent.url.value == LINK
    assert vevent.description.value == QUESTIONS
    assert vevent.status.value == "CONFIRMED"

    assert vevent.organizer.value == "mailto:ana@example.com"
    assert vevent.organizer.params["CN"] == ["Ana Ruiz"]
    assert [a.value for a in vevent.attendee_list] == ["mailto:jose@example.com"]
    assert vevent.attendee.params["CN"] == ["José García"]


def test_text_is_escaped_the_rfc_5545_way() -> None:
    raw = event_ics(event(location="a,b;c\\d", description="one\ntwo, three; \\four"), now=NOW)
    assert properties(raw, "LOCATION") == ["LOCATION:a\\,b\\;c\\\\d"]
    assert properties(raw, "DESCRIPTION")[0] == "DESCRIPTION:one\\ntwo\\, three\\; \\\\four"


def test_a_zoneinfo_zone_keeps_its_tzid_and_gets_a_vtimezone() -> None:
    start = datetime(2026, 12, 3, 11, 0, tzinfo=NEW_YORK)
    raw = event_ics(event(start=start, minutes=45), now=NOW)
    cal = parse(raw)

    assert [tz.tzid.value for tz in cal.contents["vtimezone"]] == ["America/New_York"]
    assert properties(raw, "DTSTART") == ["DTSTART;TZID=America/New_York:20261203T110000"]
    assert properties(raw, "DTEND") == ["DTEND;TZID=America/New_York:20261203T114500"]
    assert moment(raw, cal.vevent.dtstart) == instant(start)
    assert moment(raw, cal.vevent.dtend) == instant(start) + timedelta(minutes=45)
    assert cal.vevent.dtstart.value.utcoffset() == timedelta(hours=-5)
    assert cal.vevent.dtstart.value.replace(tzinfo=None) == start.replace(tzinfo=None)
    # The VTIMEZONE comes before the event that refers to it.
    text = raw.decode()
    assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")


def test_the_end_is_minutes_of_elapsed_time_across_a_daylight_saving_change() -> None:
    start = datetime(2026, 3, 8, 1, 30, tzinfo=NEW_YORK)  # clocks jump 02:00 -> 03:00
    raw = event_ics(event(start=start, minutes=60), now=NOW)
    cal = parse(raw)
    vevent = cal.vevent
    assert properties(raw, "DTEND") == ["DTEND;TZID=America/New_York:20260308T033000"]
    assert moment(raw, vevent.dtend) - moment(raw, vevent.dtstart) == timedelta(minutes=60)
    assert moment(raw, vevent.dtstart) == instant(start)


def test_a_time_the_clocks_pass_twice_is_written_in_utc() -> None:
    # 01:30 on 1 Nov 2026 happens twice in New York; fold=1 is the second, EST one,
    # which a TZID wall time cannot say.
    start = datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NEW_YORK)
    raw = event_ics(event(start=start, minutes=20), now=NOW)
    cal = parse(raw)
    assert properties(raw, "DTSTART") == ["DTSTART:20261101T063000Z"]
    assert moment(raw, cal.vevent.dtstart) == instant(start)
    assert moment(raw, cal.vevent.dtend) == instant(start) + timedelta(minutes=20)
    assert "vtimezone" not in cal.contents


def test_utc_itself_needs_no_vtimezone() -> None:
    start = datetime(2026, 12, 3, 21, 0, tzinfo=ZoneInfo("UTC"))
    raw = event_ics(event(start=start), now=NOW)
    assert properties(raw, "DTSTART") == ["DTSTART:20261203T210000Z"]
    assert b"VTIMEZONE" not in raw


def test_a_zone_at_offset_zero_still_keeps_its_tzid() -> None:
    start = datetime(2026, 12, 3, 16, 0, tzinfo=ZoneInfo("Europe/London"))
    raw = event_ics(event(start=start), now=NOW)
    assert properties(raw, "DTSTART") == ["DTSTART;TZID=Europe/London:20261203T160000"]
    assert moment(raw, parse(raw).vevent.dtstart) == instant(start)


def test_two_display_reminders_the_day_before_and_an_hour_before() -> None:
    alarms = parse(event_ics(event(), now=NOW)).vevent.valarm_list
    got = sorted((a.trigger.value, a.action.value, a.description.value) for a in alarms)
    assert got == [
        (
            timedelta(days=-1),
            "DISPLAY",
            "Tomorrow: confirm the time with José García and re-read your questions",
        ),
        (timedelta(hours=-1), "DISPLAY", "In an hour: informational interview with José García"),
    ]


def test_the_reminders_take_the_name_from_the_summary_when_no_person_is_given() -> None:
    alarms = parse(event_ics(event(person=""), now=NOW)).vevent.valarm_list
    assert {a.description.value for a in alarms} == {
        "Tomorrow: confirm the time with José García and re-read your questions",
        "In an hour: informational interview with José García",
    }


def test_optional_parts_are_left_out() -> None:
    bare = event(
        location="",
        url=None,
        description="",
        organizer_name="",
        organizer_email="",
        attendee_name="",
        attendee_email="",
    )
    vevent = parse(event_ics(bare, now=NOW)).vevent
    for name in ("location", "url", "description", "organizer", "attendee"):
        assert name not in vevent.contents
    assert vevent.summary.value == "Informational interview with José García"


def test_a_double_quote_in_a_name_becomes_an_apostrophe() -> None:
    vevent = parse(event_ics(event(attendee_name='José "Pepe" García'), now=NOW)).vevent
    assert vevent.attendee.params["CN"] == ["José 'Pepe' García"]


# --- rescheduling and cancelling ---------------------------------------------


def test_a_reschedule_keeps_the_uid_and_raises_the_sequence() -> None:
    first = event()
    moved = dataclasses.replace(first, sequence=1, start=START + timedelta(days=2))
    vevent = parse(event_ics(moved, now=NOW + timedelta(hours=1))).vevent
    assert vevent.uid.value == UID
    assert int(vevent.sequence.value) == 1
    assert vevent.dtstart.value == START + timedelta(days=2)
    assert vevent.dtstamp.value == NOW + timedelta(hours=1)


def test_a_cancellation_has_method_cancel_status_cancelled_same_uid_higher_sequence() -> None:
    scheduled = event(sequence=2)
    raw = event_ics(dataclasses.replace(scheduled, sequence=3), now=NOW, cancelled=True)
    cal = parse(raw)
    first = parse(event_ics(scheduled, now=NOW))
    assert cal.method.value == "CANCEL"
    assert cal.vevent.status.value == "CANCELLED"
    assert cal.vevent.uid.value == first.vevent.uid.value == UID
    assert int(cal.vevent.sequence.value) > int(first.vevent.sequence.value)
    assert cal.vevent.dtstart.value == START
    assert "valarm" not in cal.vevent.contents  # nothing to be reminded of


# --- no value can add a property ---------------------------------------------


@pytest.mark.parametrize("field", ["summary", "location", "description", "person", "uid"])
def test_a_line_break_cannot_inject_a_property(field: str) -> None:
    value = "Informational interview with José" + INJECTION
    if field == "uid":
        with pytest.raises(InvalidInput):
            event_ics(event(uid=value), now=NOW)
        return
    for attendee in ("", "jose@example.com"):
        raw = event_ics(event(**{field: value, "attendee_email": attendee}), now=NOW)
        vevent = parse(raw).vevent
        wanted = [f"mailto:{attendee}"] if attendee else []
        assert [a.value for a in vevent.contents.get("attendee", [])] == wanted
        attendee_lines = [line for line in unfolded(raw) if line.startswith("ATTENDEE")]
        assert len(attendee_lines) == len(wanted)
        assert not any("evil@example.com" in line for line in attendee_lines)
    if field == "person":
        texts = [a.description.value for a in vevent.valarm_list]
        assert all("José\nATTENDEE:mailto:evil@example.com" in text for text in texts)
    else:
        assert getattr(vevent, field).value == value.replace("\r\n", "\n")
        assert "\\nATTENDEE:mailto:evil@example.com" in properties(raw, field.upper())[0]


@pytest.mark.parametrize(
    "changes",
    [
        {"attendee_name": "José" + INJECTION},
        {"attendee_email": "jose@example.com" + INJECTION},
        {"organizer_name": "Ana\nX"},
        {"organizer_email": "ana@example.com\rX"},
        {"url": LINK + INJECTION},
        {"attendee_email": "not an address"},
        {"attendee_email": "nobody"},
    ],
)
def test_one_line_values_with_line_breaks_or_bad_addresses_are_refused(
    changes: dict[str, str],
) -> None:
    with pytest.raises(InvalidInput):
        event_ics(event(**changes), now=NOW)


def test_other_control_characters_are_dropped_and_unicode_line_breaks_become_newlines() -> None:
    vevent = parse(event_ics(event(description="a\x00b\x1bc\u2028d\x0be\tf"), now=NOW)).vevent
    assert vevent.description.value == "abc\nd\ne\tf"


# --- the raw file ------------------------------------------------------------


@pytest.mark.parametrize("start", [START, datetime(2026, 12, 3, 11, 0, tzinfo=NEW_YORK)])
def test_raw_lines_are_crlf_and_folded_at_75_octets(start: datetime) -> None:
    long = "Ünïcödé ☕ " * 40 + "\n" + "x" * 300
    raw = event_ics(event(start=start, description=long, summary="S" * 200), now=NOW)
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert b"\r" not in raw.replace(b"\r\n", b"")
    for line in lines(raw):
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold never splits a character
    assert any(line.startswith(b" ") for line in lines(raw))
    assert parse(raw).vevent.description.value == long


# --- round trip of arbitrary text --------------------------------------------

FRAGMENTS = st.sampled_from(
    [",", ";", "\\", "\\n", "\\N", "\\,", "\n", "\r\n", " ", ":", '"', "^", "é", "☕", "漢"]
)
CHARACTERS = st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"))
TEXT = st.lists(st.one_of(CHARACTERS, FRAGMENTS), max_size=120).map("".join)


@settings(max_examples=150, deadline=None)
@given(
    summary=TEXT.filter(lambda s: s.strip() != ""),
    location=TEXT,
    description=TEXT,
    minutes=st.integers(1, 600),
    quarter_hours=st.integers(-12 * 4, 14 * 4),
    start=st.datetimes(datetime(2000, 1, 1), datetime(2099, 12, 31)),
)
def test_any_text_round_trips_through_another_parser(
    summary: str,
    location: str,
    description: str,
    minutes: int,
    quarter_hours: int,
    start: datetime,
) -> None:
    when = start.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=15 * quarter_hours)))
    made = event(
        summary=summary, location=location, description=description, minutes=minutes, start=when
    )
    raw = event_ics(made, now=NOW)
    vevent = parse(raw).vevent

    def expected(text: str) -> str:
        return text.replace("\r\n", "\n")

    assert vevent.summary.value == expected(summary)
    if location.strip():
        assert vevent.location.value == expected(location)
    else:
        assert "location" not in vevent.contents
    if description.strip():
        assert vevent.description.value == expected(description)
    else:
        assert "description" not in vevent.contents
    assert vevent.dtstart.value == when
    assert vevent.dtend.value == when + timedelta(minutes=minutes)
    assert set(vevent.contents) & {"attendee", "organizer"} == {"attendee", "organizer"}
    assert len(vevent.attendee_list) == 1
    for line in lines(raw):
        assert len(line) <= 75


ZONES = [
    "America/New_York",
    "America/St_Johns",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Dublin",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
]


@settings(max_examples=100, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    start=st.datetimes(datetime(2000, 1, 1), datetime(2060, 12, 31)),
    fold=st.sampled_from([0, 1]),
    minutes=st.integers(1, 600),
)
def test_any_zoneinfo_time_is_the_same_moment_when_read_back(
    zone: str, start: datetime, fold: int, minutes: int
) -> None:
    when = start.replace(microsecond=0, fold=fold, tzinfo=ZoneInfo(zone))
    raw = event_ics(event(start=when, minutes=minutes), now=NOW)
    cal = parse(raw)
    assert moment(raw, cal.vevent.dtstart) == instant(when)
    assert moment(raw, cal.vevent.dtend) == instant(when) + timedelta(minutes=minutes)
    (dtstart,) = properties(raw, "DTSTART")
    if dtstart.startswith("DTSTART;TZID="):
        assert [tz.tzid.value for tz in cal.contents["vtimezone"]] == [zone]
    else:
        assert dtstart.endswith("Z")


# --- refusals and uids -------------------------------------------------------


@pytest.mark.parametrize("minutes", [0, 601, -5])
def test_minutes_outside_1_to_600_are_invalid_input(minutes: int) -> None:
    with pytest.raises(InvalidInput):
        event_ics(event(minutes=minutes), now=NOW)


@pytest.mark.parametrize("minutes", [1, 600])
def test_the_limits_themselves_are_fine(minutes: int) -> None:
    raw = event_ics(event(minutes=minutes), now=NOW)
    vevent = parse(raw).vevent
    assert moment(raw, vevent.dtend) - moment(raw, vevent.dtstart) == timedelta(minutes=minutes)


def test_a_naive_start_or_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        event_ics(event(start=datetime(2026, 12, 3, 16, 0)), now=NOW)
    with pytest.raises(ValueError):
        event_ics(event(), now=datetime(2026, 11, 25, 9, 30))


def test_an_empty_summary_is_invalid_input() -> None:
    with pytest.raises(InvalidInput):
        event_ics(event(summary=" \n "), now=NOW)


def test_new_uid_is_unique_and_names_the_person() -> None:
    uids = [new_uid("maria-lopez") for _ in range(1000)]
    assert len(set(uids)) == 1000
    for uid in uids:
        assert uid.startswith("interview-maria-lopez-")
        assert uid.endswith("@infoview")
        assert len(uid.removeprefix("interview-maria-lopez-").removesuffix("@infoview")) == 12
