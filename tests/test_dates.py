"""Reading typed dates: every accepted form, offsets kept, and clear refusals."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infoview.model.dates import format_day, format_when, parse_when
from infoview.model.errors import InvalidInput

NEW_YORK = timezone(timedelta(hours=-5))
APIA = timezone(timedelta(hours=13))  # far east: local dates are a day ahead of UTC
# Wednesday 25 November 2026, 09:30 in New York (as in conftest).
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=NEW_YORK)
ACCEPTED = ("2026-12-03", "2026-12-03 15:30", "today", "yesterday", "tomorrow", "monday", "+3d")


def same(actual: datetime, expected: datetime) -> None:
    """Same wall-clock time and same offset, not just the same instant."""
    assert actual.tzinfo is not None
    assert actual.replace(tzinfo=None) == expected.replace(tzinfo=None)
    assert actual.utcoffset() == expected.utcoffset()


# --- ISO dates and times -------------------------------------------------------


@pytest.mark.parametrize("now", [NOW, NOW.astimezone(APIA), NOW.astimezone(timezone.utc)])
def test_date_alone_is_noon_in_nows_timezone(now: datetime) -> None:
    result = parse_when("2026-12-03", now)
    same(result, datetime(2026, 12, 3, 12, 0, tzinfo=now.tzinfo))
    # Noon keeps the calendar day when shown in any offset less than 12 h away.
    offset = now.utcoffset()
    assert offset is not None
    for hours in (-11, -5, -1, 1, 5, 11):
        shift = offset + timedelta(hours=hours, minutes=59 if hours > 0 else -59)
        if abs(shift) < timedelta(hours=24):
            assert result.astimezone(timezone(shift)).date() == date(2026, 12, 3)


@pytest.mark.parametrize(
    "text", ["2026-12-03 15:30", "2026-12-03T15:30", "2026-12-03T15:30:00", " 2026-12-03t15:30 "]
)
def test_date_and_time_is_local_to_now(text: str) -> None:
    same(parse_when(text, NOW), datetime(2026, 12, 3, 15, 30, tzinfo=NEW_YORK))
    same(parse_when(text, NOW.astimezone(APIA)), datetime(2026, 12, 3, 15, 30, tzinfo=APIA))


def test_seconds_are_kept() -> None:
    same(parse_when("2026-12-03T15:30:45", NOW), datetime(2026, 12, 3, 15, 30, 45, tzinfo=NEW_YORK))


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("2026-12-03T15:30+01:00", timedelta(hours=1)),
        ("2026-12-03T15:30:00-03:30", timedelta(hours=-3, minutes=-30)),
        ("2026-12-03 15:30+0530", timedelta(hours=5, minutes=30)),
        ("2026-12-03T15:30Z", timedelta(0)),
        ("2026-12-03T15:30z", timedelta(0)),
    ],
)
def test_explicit_offset_is_kept_as_given(text: str, offset: timedelta) -> None:
    result = parse_when(text, NOW)
    same(result, datetime(2026, 12, 3, 15, 30, tzinfo=timezone(offset)))


def test_round_trips_a_stored_timestamp() -> None:
    stamp = datetime(2026, 3, 1, 8, 5, 7, 123456, tzinfo=APIA)
    same(parse_when(stamp.isoformat(), NOW), stamp)


# --- words -------------------------------------------------------------------


@pytest.mark.parametrize("prefer", ["past", "future"])
@pytest.mark.parametrize("text", ["now", "today", " Today ", "NOW"])
def test_now_and_today_are_now(text: str, prefer: Literal["past", "future"]) -> None:
    same(parse_when(text, NOW, prefer=prefer), NOW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", datetime(2026, 11, 24, 9, 30, tzinfo=NEW_YORK)),
        ("Yesterday", datetime(2026, 11, 24, 9, 30, tzinfo=NEW_YORK)),
        ("tomorrow", datetime(2026, 11, 26, 9, 30, tzinfo=NEW_YORK)),
        ("  TOMORROW\t", datetime(2026, 11, 26, 9, 30, tzinfo=NEW_YORK)),
    ],
)
def test_yesterday_and_tomorrow_keep_the_clock_time(text: str, expected: datetime) -> None:
    same(parse_when(text, NOW), expected)


def test_yesterday_across_a_month_and_year_end() -> None:
    new_year = datetime(2027, 1, 1, 0, 15, tzinfo=APIA)
    same(parse_when("yesterday", new_year), datetime(2026, 12, 31, 0, 15, tzinfo=APIA))


# --- weekdays --------------------------------------------------------------------

# Monday 23 November 2026 .. Sunday 29 November 2026
WEEK = [date(2026, 11, 23) + timedelta(days=i) for i in range(7)]
NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def test_week_fixture_starts_on_monday() -> None:
    assert [d.weekday() for d in WEEK] == list(range(7))


@pytest.mark.parametrize("today", WEEK, ids=[n[:3] for n in NAMES])
@pytest.mark.parametrize("target", range(7), ids=NAMES)
def test_weekday_on_each_day_of_a_week(today: date, target: int) -> None:
    now = datetime.combine(today, NOW.timetz())
    # Independent oracle: search a fortnight around today for the matching day.
    around = [today + timedelta(days=i) for i in range(-7, 8)]
    past = max(d for d in around if d <= today and d.weekday() == target)
    future = min(d for d in around if d >= today and d.weekday() == target)
    for text in (NAMES[target], NAMES[target][:3], NAMES[target].upper()):
        same(parse_when(text, now), datetime.combine(past, NOW.timetz()))
        same(parse_when(text, now, prefer="past"), datetime.combine(past, NOW.timetz()))
        same(parse_when(text, now, prefer="future"), datetime.combine(future, NOW.timetz()))


def test_weekday_examples_on_a_wednesday() -> None:
    assert NOW.weekday() == 2
    same(parse_when("monday", NOW), NOW - timedelta(days=2))
    same(parse_when("Mon", NOW, prefer="future"), NOW + timedelta(days=5))
    same(parse_when("wed", NOW), NOW)
    same(parse_when("wed", NOW, prefer="future"), NOW)
    same(parse_when("thu", NOW), NOW - timedelta(days=6))
    same(parse_when("thursday", NOW, prefer="future"), NOW + timedelta(days=1))


@pytest.mark.parametrize(
    ("text", "weekday"),
    [("tues", 1), ("Tue", 1), ("weds", 2), ("thur", 3), ("THURS", 3), ("fri", 4), ("sun", 6)],
)
def test_other_weekday_spellings(text: str, weekday: int) -> None:
    assert parse_when(text, NOW).weekday() == weekday
    assert parse_when(text, NOW, prefer="future").weekday() == weekday


def test_weekday_uses_nows_local_date() -> None:
    # 02:00 on Thursday in Apia is still Wednesday in UTC: "thu" is today there.
    late = datetime(2026, 11, 26, 2, 0, tzinfo=APIA)
    assert late.astimezone(timezone.utc).weekday() == 2
    same(parse_when("thu", late), late)
    same(parse_when("wed", late), late - timedelta(days=1))


# --- relative ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "delta"),
    [
        ("+3d", timedelta(days=3)),
        ("3d", timedelta(days=3)),
        ("-2d", timedelta(days=-2)),
        ("+1w", timedelta(weeks=1)),
        ("-2w", timedelta(weeks=-2)),
        ("2W", timedelta(weeks=2)),
        ("+0d", timedelta(0)),
        (" -10D ", timedelta(days=-10)),
    ],
)
def test_relative_days_and_weeks(text: str, delta: timedelta) -> None:
    same(parse_when(text, NOW), NOW + delta)
    same(parse_when(text, NOW.astimezone(APIA)), NOW.astimezone(APIA) + delta)


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
        "03/12/2026",
        "2026/12/03",
        "20261203",
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
        "15:30",
        "to day",
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


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_text_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"a date is needed: use 2026-12-03, .*\+3d"):
        parse_when(text, NOW)


def test_impossible_date_says_why() -> None:
    with pytest.raises(InvalidInput, match="no such date"):
        parse_when("2026-02-30", NOW)
    with pytest.raises(InvalidInput, match="too far"):
        parse_when("+9999999d", NOW)


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
    same(parse_when("+0000000000003d", NOW), NOW + timedelta(days=3))


def test_day_past_the_end_of_time_is_refused() -> None:
    with pytest.raises(InvalidInput, match="too far"):
        parse_when("tomorrow", datetime(9999, 12, 31, 12, tzinfo=timezone.utc))


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_when("today", NOW.replace(tzinfo=None))


# --- formatting --------------------------------------------------------------------


def test_format_when_uses_the_datetimes_own_offset() -> None:
    moment = datetime(2026, 12, 3, 15, 30, 59, tzinfo=NEW_YORK)
    assert format_when(moment) == "2026-12-03 15:30"
    assert format_when(moment.astimezone(APIA)) == "2026-12-04 09:30"
    assert format_when(datetime(2026, 1, 5, 7, 4, tzinfo=timezone.utc)) == "2026-01-05 07:04"


def test_format_when_reads_back() -> None:
    moment = datetime(2026, 12, 3, 15, 30, tzinfo=APIA)
    same(parse_when(format_when(moment), moment), moment)


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
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31), timezones=offsets
)


@given(now=aware_nows, n=st.integers(-400, 400))
def test_relative_days_property(now: datetime, n: int) -> None:
    same(parse_when(f"{n:+d}d", now), now + timedelta(days=n))


@given(now=aware_nows, d=st.dates())
def test_iso_date_property(now: datetime, d: date) -> None:
    result = parse_when(d.isoformat(), now)
    assert result.date() == d
    assert result.utcoffset() == now.utcoffset()
