"""Reading the dates a student types, and writing dates back in messages.

The forms are few and predictable (ISO dates, today/yesterday/tomorrow, weekday
names, +3d / -2w) so nothing is guessed: anything else is refused with the list
of what works. The clock is never read here: ``now`` is always passed in, and
its timezone is the student's, so a bare date or time means local time.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Literal

from infoview.model.errors import InvalidInput

ACCEPTED_FORMS = (
    "2026-12-03, 2026-12-03 15:30, today, yesterday, tomorrow, "
    "a weekday such as monday, or +3d / -2d / +1w"
)
# A date without a time is read as noon: far enough from midnight that showing it
# in another offset less than 12 h away still gives the same calendar day.
DATE_ONLY_HOUR = 12
SHOWN_TEXT_MAX = 40  # longer text is cut short in the error message, to keep it one line
RELATIVE_DIGITS_MAX = 7  # +9999999d is already past year 9999; longer counts are refused

WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Every spelling accepted for a weekday -> Python's weekday number (Monday = 0).
WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "weds", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        )
    )
    for name in names
}
DAY_WORDS = {"now": 0, "today": 0, "yesterday": -1, "tomorrow": 1}
UNIT_DAYS = {"d": 1, "w": 7}

_ISO = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:(?:t|\s+)(?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:\.(?P<fraction>\d{1,6}))?)?"
    r"\s*(?P<offset>z|[+-]\d{2}:?\d{2})?)?"
)
_RELATIVE = re.compile(r"(?P<sign>[+-]?)\s*(?P<count>\d+)\s*(?P<unit>[dw])")


def parse_when(text: str, now: datetime, *, prefer: Literal["past", "future"] = "past") -> datetime:
    """The moment ``text`` names, read relative to ``now`` (timezone-aware).

    ``prefer`` settles weekday names: "past" for things that happened (the most
    recent such day, today included), "future" for things planned (the next one,
    today included). Raises InvalidInput for anything else.
    """
    if now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    key = text.strip().casefold()
    if not key:
        raise InvalidInput(f"a date is needed: use {ACCEPTED_FORMS}")
    iso = _ISO.fullmatch(key)
    if iso:
        try:
            return _iso(iso, now.tzinfo)
        except ValueError:  # "2026-02-30", "25:00", "+24:00"
            raise _unreadable(text, "there is no such date or time") from None
    try:
        if key in DAY_WORDS:
            return now + timedelta(days=DAY_WORDS[key])
        if key in WEEKDAYS:
            return _weekday(WEEKDAYS[key], now, prefer)
        relative = _RELATIVE.fullmatch(key)
        if relative:
            digits = relative["count"].lstrip("0") or "0"
            if len(digits) > RELATIVE_DIGITS_MAX:
                raise OverflowError
            count = int(digits)
            sign = -1 if relative["sign"] == "-" else 1
            return now + timedelta(days=sign * count * UNIT_DAYS[relative["unit"]])
    except OverflowError:  # past year 9999 or before year 1
        raise _unreadable(text, "that is too far from today") from None
    raise _unreadable(text)


def _unreadable(text: str, reason: str | None = None) -> InvalidInput:
    shown = text if len(text) <= SHOWN_TEXT_MAX else text[: SHOWN_TEXT_MAX - 1] + "…"
    # repr() escapes newlines and control characters, so the message stays one line.
    why = f" ({reason})" if reason else ""
    return InvalidInput(f"can't read the date {shown!r}{why}: use {ACCEPTED_FORMS}")


def _weekday(target: int, now: datetime, prefer: Literal["past", "future"]) -> datetime:
    if prefer == "past":
        return now - timedelta(days=(now.weekday() - target) % 7)
    return now + timedelta(days=(target - now.weekday()) % 7)


def _iso(match: re.Match[str], local: tzinfo | None) -> datetime:
    day = date(int(match["year"]), int(match["month"]), int(match["day"]))
    if match["hour"] is None:
        return datetime.combine(day, time(DATE_ONLY_HOUR), tzinfo=local)
    clock = time(
        int(match["hour"]),
        int(match["minute"]),
        int(match["second"] or 0),
        int((match["fraction"] or "0").ljust(6, "0")),
    )
    offset = match["offset"]
    zone = local if offset is None else _offset(offset)
    return datetime.combine(day, clock, tzinfo=zone)


def _offset(text: str) -> timezone:
    """'z', '+01:00', '-0530' -> a fixed offset, kept as the student gave it."""
    if text == "z":
        return timezone.utc
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        raise ValueError(f"no such offset {text}")
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if text.startswith("-") else delta)


def format_when(dt: datetime) -> str:
    """'2026-12-03 15:30', in dt's own offset (as the student wrote or sees it)."""
    return f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d} {dt.hour:02d}:{dt.minute:02d}"


def format_day(d: date) -> str:
    """'Thu 3 Dec 2026': English names whatever the locale, like the rest of the messages."""
    return f"{WEEKDAY_ABBR[d.weekday()]} {d.day} {MONTH_ABBR[d.month - 1]} {d.year}"


def format_moment(moment: datetime) -> str:
    """'Thu 3 Dec 2026 15:30', in the moment's own offset: how a moment reads in messages."""
    return f"{format_day(moment.date())} {moment.hour:02d}:{moment.minute:02d}"


def to_iso(moment: datetime) -> str:
    """'2026-12-03T15:30:00-05:00': how a moment is written in files and --json."""
    return moment.isoformat(timespec="seconds")
