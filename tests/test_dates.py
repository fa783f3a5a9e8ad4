"""Reading typed dates: a day stays a day, a moment is wall time in the student's zone,
and whatever cannot be read, is ambiguous or does not exist is refused in one line."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infoview.model.dates import (
    When,
    as_typed,
    at_wall_time,
    day_of,
    end_of,
    format_day,
    is_ambiguous,
    is_before,
    parse_moment,
    parse_when,
    show,
    sort_key,
    start_of,
    to_iso,
)
from infoview.model.errors import InvalidInput

NEW_YORK = ZoneInfo("America/New_York")
APIA = timezone(timedelta(hours=13))  # far east: local dates are a day ahead of UTC
# Wednesday 25 November 2026, 09:30 in New York (as in conftest).
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=NEW_YORK)
ACCEPTED = ("2026-12-03", "2026-12-03 15:30", "today", "tomorrow 15:30", "friday 3pm", "+2d 10:00")


def same(actual: When, expected: datetime) -> None:
    """Same wall-clock time and same offset, not just the same instant."""
    assert isinstance(actual, datetime) and actual.tzinfo is not None
    assert actual.replace(tzinfo=None) == expected.replace(tzinfo=None)
    assert actual.utcoffset() == expected.utcoffset()


def at(day: date, hour: int, minute: int = 0, zone: tzinfo = NEW_YORK) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


# --- a day is a day --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-12-03", date(2026, 12, 3)),
        (" 2026-12-3 ", date(2026, 12, 3)),
        ("today", date(2026, 11, 25)),
        ("Yesterday", date(2026, 11, 24)),
        ("  TOMORROW\t", date(2026, 11, 26)),
        ("+3d", date(2026, 11, 28)),
        ("3d", date(2026, 11, 28)),
        ("-2d", date(2026, 11, 23)),
        ("+1w", date(2026, 12, 2)),
        ("-2W", date(2026, 11, 11)),
        ("+0d", date(2026, 11, 25)),
        ("monday", date(2026, 11, 23)),
    ],
)
def test_a_bare_date_is_a_day_without_an_invented_time(text: str, day: date) -> None:
    result = parse_when(text, NOW)
    assert type(result) is date  # not a datetime at the clock's time of day
    assert result == day


def test_the_day_is_the_one_on_the_students_wall_clock() -> None:
    # 02:00 on Thursday in Apia is still Wednesday in UTC: "today" is Thursday there.
    late = datetime(2026, 11, 26, 2, 0, tzinfo=APIA)
    assert parse_when("today", late) == date(2026, 11, 26)
    assert parse_when("thu", late) == date(2026, 11, 26)
    assert parse_when("yesterday", datetime(2027, 1, 1, 0, 15, tzinfo=APIA)) == date(2026, 12, 31)


# --- weekdays --------------------------------------------------------------------

# Monday 23 November 2026 .. Sunday 29 November 2026
WEEK = [date(2026, 11, 23) + timedelta(days=i) for i in range(7)]
NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@pytest.mark.parametrize("today", WEEK, ids=[n[:3] for n in NAMES])
@pytest.mark.parametrize("target", range(7), ids=NAMES)
def test_weekday_on_each_day_of_a_week(today: date, target: int) -> None:
    now = at(today, 9, 30)
    # Independent oracle: search a fortnight around today for the matching day.
    around = [today + timedelta(days=i) for i in range(-7, 8)]
    past = max(d for d in around if d <= today and d.weekday() == target)
    future = min(d for d in around if d >= today and d.weekday() == target)
    for text in (NAMES[target], NAMES[target][:3], NAMES[target].upper()):
        assert parse_when(text, now) == past
        assert parse_when(text, now, prefer="past") == past
        assert parse_when(text, now, prefer="future") == future


@pytest.mark.parametrize(
    ("text", "weekday"),
    [("tues", 1), ("Tue", 1), ("weds", 2), ("thur", 3), ("THURS", 3), ("fri", 4), ("sun", 6)],
)
def test_other_weekday_spellings(text: str, weekday: int) -> None:
    assert parse_when(text, NOW).weekday() == weekday
    assert parse_when(text, NOW, prefer="future").weekday() == weekday


# --- a moment is a wall time in the student's zone -----------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-03 15:30", at(date(2026, 12, 3), 15, 30)),
        ("2026-12-03T15:30", at(date(2026, 12, 3), 15, 30)),
        (" 2026-12-03t15:30 ", at(date(2026, 12, 3), 15, 30)),
        ("tomorrow 15:30", at(date(2026, 11, 26), 15, 30)),
        ("friday 3pm", at(date(2026, 11, 27), 15)),
        ("Fri 3 PM", at(date(2026, 11, 27), 15)),
        ("3:30pm", at(date(2026, 11, 25), 15, 30)),
        ("3:30 p.m.", at(date(2026, 11, 25), 15, 30)),
        ("9am", at(date(2026, 11, 25), 9)),
        ("12pm", at(date(2026, 11, 25), 12)),
        ("12am", at(date(2026, 11, 25), 0)),
        ("+2d 10:00", at(date(2026, 11, 27), 10)),
        ("-3d 09:30", at(date(2026, 11, 22), 9, 30)),
        ("2026-12-03 15:30:45", datetime(2026, 12, 3, 15, 30, 45, tzinfo=NEW_YORK)),
    ],
)
def test_the_forms_a_student_types_for_a_moment(text: str, expected: datetime) -> None:
    prefer: Literal["future"] = "future"
    same(parse_when(text, NOW, prefer=prefer), expected)


def test_now_is_the_moment_itself() -> None:
    for text in ("now", " NOW "):
        same(parse_when(text, NOW), NOW)


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("2026-12-03T15:30+01:00", timedelta(hours=1)),
        ("2026-12-03T15:30:00-03:30", timedelta(hours=-3, minutes=-30)),
        ("2026-12-03 15:30+0530", timedelta(hours=5, minutes=30)),
        ("2026-12-03T15:30Z", timedelta(0)),
    ],
)
def test_an_explicit_offset_is_kept_as_given(text: str, offset: timedelta) -> None:
    same(parse_when(text, NOW), datetime(2026, 12, 3, 15, 30, tzinfo=timezone(offset)))


def test_summer_time_is_converted_with_the_zones_rules_not_todays_offset() -> None:
    # In November New York is UTC-5; on 1 June it is UTC-4.
    june = parse_moment("2027-06-01 15:30", NOW, prefer="future")
    assert june.utcoffset() == timedelta(hours=-4)
    assert june.astimezone(timezone.utc) == datetime(2027, 6, 1, 19, 30, tzinfo=timezone.utc)


def test_a_time_the_clocks_skip_is_refused() -> None:
    # 14 March 2027, 02:00 -> 03:00 in New York.
    with pytest.raises(InvalidInput, match=r"does not exist in America/New_York.*clocks skip"):
        parse_when("2027-03-14 02:30", NOW)
    with pytest.raises(InvalidInput, match="does not exist"):
        at_wall_time(date(2027, 3, 14), time(2, 0), NEW_YORK)
    same(parse_when("2027-03-14 03:00", NOW), at(date(2027, 3, 14), 3))


def test_a_time_the_clocks_pass_twice_is_the_first_pass_and_says_so() -> None:
    # 7 November 2027, 02:00 -> 01:00 in New York: 01:30 happens twice.
    twice = parse_when("2027-11-07 01:30", NOW)
    assert isinstance(twice, datetime) and is_ambiguous(twice)
    assert twice.utcoffset() == timedelta(hours=-4)  # the first pass, still summer time
    assert not is_ambiguous(at(date(2027, 11, 7), 3, 30))


def test_parse_moment_refuses_a_day_alone_with_an_example() -> None:
    with pytest.raises(InvalidInput, match=r"'tomorrow' is a day: say the time too, e\.g\."):
        parse_moment("tomorrow", NOW, prefer="future")
    with pytest.raises(InvalidInput, match="2026-12-03 15:30"):
        parse_moment("2026-12-03", NOW, prefer="future")


# --- refusals --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "blursday",
        "2026-02-30",
        "2026-13-01",
        "2026-00-10",
        "2026-12-03 24:00",
        "2026-12-03 15:60",
        "2026-12-03T15:30+24:00",
        "0000-01-01",
        "20261203",
        "2026/12/03",
        "3 days ago",
        "next monday",
        "mondays",
        "+3",
        "3x",
        "++3d",
        "+3d4",
        "+99999999999999d",
        "+9999999d",
        "-9999999w",
        "2026-12-03 15",
        "25:00",
        "13pm",
        "to day",
        "tomorrow 25:00",
        "9999-12-31",
        "1899-12-31",
        "9999-12-31 23:59",
    ],
)
def test_unreadable_dates_are_refused_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_when(text, NOW)
    message = caught.value.message
    assert f"can't read the date {text!r}" in message
    for form in ACCEPTED:
        assert form in message
    assert "\n" not in message


@pytest.mark.parametrize("text", ["12/3", "3/12/2026", "12.3.2026", "12-3"])
def test_a_date_that_reads_differently_by_country_is_refused_with_the_iso_form(
    text: str,
) -> None:
    with pytest.raises(InvalidInput, match=r"year-month-day, e\.g\. 2026-12-03"):
        parse_when(text, NOW)


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_text_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"a date is needed: use 2026-12-03, "):
        parse_when(text, NOW)


def test_the_reason_is_given() -> None:
    with pytest.raises(InvalidInput, match="no such date"):
        parse_when("2026-02-30", NOW)
    with pytest.raises(InvalidInput, match="too far"):
        parse_when("+9999999d", NOW)
    with pytest.raises(InvalidInput, match="between 1900 and 2199"):
        parse_when("+200w", datetime(2198, 1, 1, tzinfo=timezone.utc))


def test_message_stays_one_line_and_short() -> None:
    text = "line one\nline two " + "x" * 200
    with pytest.raises(InvalidInput) as caught:
        parse_when(text, NOW)
    message = caught.value.message
    assert "\n" not in message
    assert "x" * 50 not in message
    assert "'line one\\nline two" in message


def test_a_count_with_thousands_of_digits_is_refused_not_a_crash() -> None:
    with pytest.raises(InvalidInput, match="too far"):
        parse_when("+" + "9" * 5000 + "d", NOW)
    assert parse_when("+0000000000003d", NOW) == date(2026, 11, 28)


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_when("today", NOW.replace(tzinfo=None))


# --- days and moments together -------------------------------------------------------


def test_a_day_runs_from_its_first_moment_to_the_next_days() -> None:
    day = date(2026, 12, 3)
    same(start_of(day, NEW_YORK), at(day, 0))
    same(end_of(day, NEW_YORK), at(date(2026, 12, 4), 0))
    moment = at(day, 15, 30)
    assert start_of(moment, NEW_YORK) is moment and end_of(moment, NEW_YORK) is moment
    assert day_of(moment) == day and day_of(day) == day


def test_before_is_by_day_when_either_is_a_day() -> None:
    day = date(2026, 12, 3)
    assert not is_before(day, at(day, 9))  # the same day: not certainly earlier
    assert not is_before(at(day, 9), day)
    assert is_before(date(2026, 12, 2), at(day, 0, 1))
    assert is_before(at(day, 9), at(day, 10))


def test_days_and_moments_sort_together() -> None:
    items = [
        at(date(2026, 12, 3), 15),
        date(2026, 12, 3),
        date(2026, 12, 2),
        at(date(2026, 12, 1), 23),
    ]
    assert sorted(items, key=sort_key) == [items[3], items[2], items[1], items[0]]


# --- writing them ------------------------------------------------------------------


def test_one_format_for_people_and_iso_for_files() -> None:
    moment = datetime(2026, 12, 3, 15, 30, 59, tzinfo=NEW_YORK)
    assert show(moment) == "Thu 3 Dec 2026 15:30"
    assert show(moment.astimezone(APIA)) == "Fri 4 Dec 2026 09:30"  # the moment's own offset
    assert show(date(2026, 12, 3)) == "Thu 3 Dec 2026"
    assert to_iso(moment) == "2026-12-03T15:30:59-05:00"
    assert to_iso(date(2026, 12, 3)) == "2026-12-03"
    assert as_typed(moment) == "2026-12-03 15:30"
    assert as_typed(date(2026, 12, 3)) == "2026-12-03"


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (date(2026, 12, 3), "Thu 3 Dec 2026"),
        (date(2026, 11, 30), "Mon 30 Nov 2026"),
        (date(2027, 1, 10), "Sun 10 Jan 2027"),
        (date(2026, 5, 16), "Sat 16 May 2026"),
    ],
)
def test_format_day(day: date, shown: str) -> None:
    assert format_day(day) == shown


# --- properties ------------------------------------------------------------------

offsets = st.builds(
    timezone,
    st.timedeltas(
        min_value=timedelta(hours=-23, minutes=-59), max_value=timedelta(hours=23, minutes=59)
    ),
)
aware_nows = st.datetimes(
    min_value=datetime(1902, 1, 1), max_value=datetime(2197, 12, 31), timezones=offsets
)
zones = st.sampled_from(
    [ZoneInfo(k) for k in ("America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata")]
)


@given(now=aware_nows, n=st.integers(-400, 400))
def test_relative_days_property(now: datetime, n: int) -> None:
    assert parse_when(f"{n:+d}d", now) == now.date() + timedelta(days=n)


@given(now=aware_nows, d=st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)))
def test_an_iso_day_reads_as_itself(now: datetime, d: date) -> None:
    assert parse_when(d.isoformat(), now) == d
    assert parse_when(as_typed(d), now) == d


@given(
    zone=zones,
    local=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
)
def test_a_moment_typed_back_is_the_same_moment(zone: ZoneInfo, local: datetime) -> None:
    """What a form shows (as_typed) reads back to the moment it showed, unless the
    clocks skip that wall time, which is refused."""
    now = datetime(2026, 11, 25, 9, 30, tzinfo=zone)
    local = local.replace(second=0, microsecond=0)
    try:
        moment = at_wall_time(local.date(), local.time(), zone)
    except InvalidInput as refused:
        assert "does not exist" in refused.message
        return
    again = parse_when(as_typed(moment), now)
    assert isinstance(again, datetime)
    assert again == moment and again.utcoffset() == moment.utcoffset()


# --- the computer's own zone ----------------------------------------------------------


def test_the_system_zone_is_named_by_what_etc_localtime_links_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tzlocal

    from infoview.cli.env import system_zone

    monkeypatch.setattr(tzlocal, "get_localzone", lambda: ZoneInfo("Asia/Tokyo"))
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/Europe/Paris")  # need not exist: only its name
    assert system_zone({}, link) == ZoneInfo("Europe/Paris")
    assert system_zone({"TZ": ":America/Chicago"}, link) == ZoneInfo("America/Chicago")
    assert system_zone({"TZ": "EST5EDT,M3.2.0,M11.1.0"}, link) == ZoneInfo("Europe/Paris")

    link.unlink()
    link.symlink_to("/var/db/timezone/zoneinfo/Not/A_Zone")  # no such name: tzlocal's
    assert system_zone({}, link) == ZoneInfo("Asia/Tokyo")
    link.unlink()
    link.write_bytes(b"TZif")  # a copied file, not a link
    assert system_zone({}, link) == ZoneInfo("Asia/Tokyo")
    assert system_zone({}, tmp_path / "missing") == ZoneInfo("Asia/Tokyo")
