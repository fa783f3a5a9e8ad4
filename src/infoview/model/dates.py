"""The days and times a student types, and how infoview writes them back.

A student names either a **day** ("2026-12-03", "friday", "-2d") or a **moment**
(a day and a time: "2026-12-03 15:30", "tomorrow 15:30", "friday 3pm", "3:30pm",
"+2d 10:00", "now"). A day stays a day (a ``date``: it is stored without a time
and shown without one); nothing is guessed. A moment is a wall time in the
student's IANA time zone, the zone of ``now`` (the system's, or the
``timezone`` of ``settings.json``), converted with that zone's rules: a time the
clocks skip (a daylight-saving gap) is refused, and a time they pass twice is the
first pass (``is_ambiguous`` tells the caller, which says so). Forms that read
differently in different countries ("12/3") are refused with the ISO form.
The clock is never read here: ``now`` is always passed in.

One way of writing them for people: ``show`` ("Thu 3 Dec 2026", "Thu 3 Dec 2026
15:30"); and one for files and ``--json``: ``to_iso``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Literal, TypeAlias

from infoview.model.errors import InvalidInput

When: TypeAlias = date | datetime  # a day, or a moment (always timezone-aware)

ACCEPTED_FORMS = (
    "2026-12-03, 2026-12-03 15:30, today, tomorrow 15:30, friday 3pm, 3:30pm, +2d 10:00 or -2d"
)
SHOWN_TEXT_MAX = 40  # longer text is cut short in the error message, to keep it one line
RELATIVE_DIGITS_MAX = 7  # +9999999d is already past year 9999; longer counts are refused
# The years a student's dates can fall in: anything else is a typo, and keeping far
# from year 1 and 9999 lets any date move by days without overflowing.
YEAR_MIN, YEAR_MAX = 1900, 2199

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
DAY_WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1}
UNIT_DAYS = {"d": 1, "w": 7}

# Patterns, compiled (and cached by ``re``) at their first use: most commands parse no date.
_ISO_DAY = r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
_ISO_MOMENT = (
    r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:t|\s+)(?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:\.(?P<fraction>\d{1,6}))?)?"
    r"\s*(?P<offset>z|[+-]\d{2}:?\d{2})?"
)
_RELATIVE = r"(?P<sign>[+-]?)\s*(?P<count>\d+)\s*(?P<unit>[dw])"
# 15:30, 3pm, 3:30pm, 3:30 p.m., 9am, 12 noon is "12pm"
_CLOCK = r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<half>a\.?m\.?|p\.?m\.?)?"
_SPACED_HALF = r"(\d)\s+(a\.?m\.?|p\.?m\.?)$"
# 12/3, 3/12/2026, 12.3.2026, 12-3: the order of day and month depends on the country.
_AMBIGUOUS = r"\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?"


def parse_when(text: str, now: datetime, *, prefer: Literal["past", "future"] = "past") -> When:
    """The day or the moment ``text`` names, read relative to ``now`` (timezone-aware).

    ``prefer`` settles weekday names: "past" for things that happened (the most
    recent such day, today included), "future" for things planned (the next one,
    today included). Raises :class:`InvalidInput` for anything else.
    """
    if now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    key = " ".join(text.strip().casefold().split())
    key = re.sub(_SPACED_HALF, r"\1\2", key)  # "3 pm" -> "3pm": the time stays one word
    if not key:
        raise InvalidInput(f"a date is needed: use {ACCEPTED_FORMS}")
    if key == "now":
        return now
    moment = re.fullmatch(_ISO_MOMENT, key)
    if moment:
        return _iso_moment(text, moment, now)
    day_text, _, clock_text = key.rpartition(" ")
    clock = _clock(clock_text) if day_text else None
    if clock is None:  # no time at the end: the whole text names a day, or is a time alone
        day_text, clock = key, None
        alone = _clock(key)
        if (
            alone is not None
            and not re.fullmatch(_ISO_DAY, key)
            and not re.fullmatch(_RELATIVE, key)
        ):
            return at_wall_time(now.date(), alone, now.tzinfo, text)
    day = _plausible(_day(text, day_text, now, prefer), text)
    return day if clock is None else at_wall_time(day, clock, now.tzinfo, text)


def in_years(when: When) -> bool:
    """Whether ``when`` falls in the years infoview accepts (YEAR_MIN to YEAR_MAX)."""
    return YEAR_MIN <= when.year <= YEAR_MAX


def _plausible(day: date, text: str) -> date:
    if not in_years(day):
        raise _unreadable(text, f"the year must be between {YEAR_MIN} and {YEAR_MAX}")
    return day


def parse_moment(text: str, now: datetime, *, prefer: Literal["past", "future"]) -> datetime:
    """Like :func:`parse_when`, but a time is needed: a day alone is refused with an example."""
    found = parse_when(text, now, prefer=prefer)
    if not isinstance(found, datetime):
        raise InvalidInput(
            f"{_shown(text)} is a day: say the time too, e.g. '{found.isoformat()} 15:30' "
            "or 'tomorrow 3pm'"
        )
    return found


def _day(text: str, key: str, now: datetime, prefer: Literal["past", "future"]) -> date:
    today = now.date()
    try:
        iso = re.fullmatch(_ISO_DAY, key)
        if iso:
            try:
                return date(int(iso["year"]), int(iso["month"]), int(iso["day"]))
            except ValueError:  # "2026-02-30"
                raise _unreadable(text, "there is no such date") from None
        if key in DAY_WORDS:
            return today + timedelta(days=DAY_WORDS[key])
        if key in WEEKDAYS:
            return _weekday(WEEKDAYS[key], today, prefer)
        relative = re.fullmatch(_RELATIVE, key)
        if relative:
            digits = relative["count"].lstrip("0") or "0"
            if len(digits) > RELATIVE_DIGITS_MAX:
                raise OverflowError
            sign = -1 if relative["sign"] == "-" else 1
            return today + timedelta(days=sign * int(digits) * UNIT_DAYS[relative["unit"]])
    except OverflowError:  # past year 9999 or before year 1
        raise _unreadable(text, "that is too far from today") from None
    if re.fullmatch(_AMBIGUOUS, key):
        raise InvalidInput(
            f"{_shown(text)} reads differently in different countries: write the date as "
            "year-month-day, e.g. 2026-12-03 for 3 December"
        )
    raise _unreadable(text)


def _clock(text: str) -> time | None:
    """'15:30', '3pm', '3:30 p.m.' -> a time of day; None when ``text`` is not one."""
    match = re.fullmatch(_CLOCK, text)
    if match is None or (match["minute"] is None and match["half"] is None):
        return None  # a bare number is not a time ("3" could be anything)
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if match["half"] is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["half"].startswith("p") else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _iso_moment(text: str, match: re.Match[str], now: datetime) -> datetime:
    try:
        day = date(int(match["year"]), int(match["month"]), int(match["day"]))
        clock = time(
            int(match["hour"]),
            int(match["minute"]),
            int(match["second"] or 0),
            int((match["fraction"] or "0").ljust(6, "0")),
        )
    except ValueError:  # "2026-02-30", "25:00"
        raise _unreadable(text, "there is no such date or time") from None
    _plausible(day, text)
    if match["offset"] is not None:  # an offset given: kept as the student gave it
        try:
            return datetime.combine(day, clock, tzinfo=_offset(match["offset"]))
        except ValueError:  # "+24:00"
            raise _unreadable(text, "there is no such offset") from None
    return at_wall_time(day, clock, now.tzinfo, text)


def at_wall_time(day: date, clock: time, zone: tzinfo | None, text: str = "") -> datetime:
    """``day`` at ``clock`` on the wall clocks of ``zone``, by the zone's rules for that day.

    A wall time the clocks skip (a daylight-saving gap) is refused; one they pass
    twice is the first pass (see :func:`is_ambiguous`).
    """
    moment = datetime.combine(day, clock, tzinfo=zone)
    back = moment.astimezone(timezone.utc).astimezone(zone)
    if back.replace(tzinfo=None) != moment.replace(tzinfo=None):
        shown = text.strip() or f"{day.isoformat()} {clock:%H:%M}"
        raise InvalidInput(
            f"{_shown(shown)} does not exist in {zone_name(zone)}: the clocks skip that hour "
            "(daylight saving time begins); choose another time"
        )
    return moment


def is_ambiguous(moment: datetime) -> bool:
    """Whether the wall clocks show ``moment``'s time twice that day (daylight saving ends)."""
    return moment.replace(fold=0).utcoffset() != moment.replace(fold=1).utcoffset()


def zone_name(zone: tzinfo | None) -> str:
    key = getattr(zone, "key", None)
    return str(key) if key else str(zone)


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


def _shown(text: str) -> str:
    shown = text.strip()
    shown = shown if len(shown) <= SHOWN_TEXT_MAX else shown[: SHOWN_TEXT_MAX - 1] + "…"
    return repr(shown)  # repr() escapes control characters: the message stays one line


def _unreadable(text: str, reason: str | None = None) -> InvalidInput:
    why = f" ({reason})" if reason else ""
    return InvalidInput(f"can't read the date {_shown(text)}{why}: use {ACCEPTED_FORMS}")


def _weekday(target: int, today: date, prefer: Literal["past", "future"]) -> date:
    if prefer == "past":
        return today - timedelta(days=(today.weekday() - target) % 7)
    return today + timedelta(days=(target - today.weekday()) % 7)


# --- days and moments side by side ------------------------------------------------------


def day_of(when: When) -> date:
    """The calendar day of a day or a moment (a moment's own wall-clock day)."""
    return when.date() if isinstance(when, datetime) else when


def start_of(when: When, zone: tzinfo | None) -> datetime:
    """A moment as it is; a day as its first moment in ``zone``."""
    if isinstance(when, datetime):
        return when
    return datetime.combine(when, time.min, tzinfo=zone)


def end_of(when: When, zone: tzinfo | None) -> datetime:
    """A moment as it is; a day as the first moment after it in ``zone``."""
    if isinstance(when, datetime):
        return when
    return datetime.combine(when + timedelta(days=1), time.min, tzinfo=zone)


def is_before(first: When, second: When) -> bool:
    """Whether ``first`` is certainly earlier than ``second``: by day when either is a day."""
    if isinstance(first, datetime) and isinstance(second, datetime):
        return first < second
    return day_of(first) < day_of(second)


def sort_key(when: When) -> tuple[date, float]:
    """Days and moments in one order: by day, a day before the moments of that day."""
    if isinstance(when, datetime):
        return (when.date(), when.timestamp())
    return (when, float("-inf"))


# --- writing them -----------------------------------------------------------------------


def format_day(d: date) -> str:
    """'Thu 3 Dec 2026': English names whatever the locale, like the rest of the messages."""
    return f"{WEEKDAY_ABBR[d.weekday()]} {d.day} {MONTH_ABBR[d.month - 1]} {d.year}"


def format_moment(moment: datetime) -> str:
    """'Thu 3 Dec 2026 15:30', in the moment's own offset (the student's wall time)."""
    return f"{format_day(moment.date())} {moment.hour:02d}:{moment.minute:02d}"


def show(when: When) -> str:
    """How every command writes a day or a moment for people: the one date format."""
    return format_moment(when) if isinstance(when, datetime) else format_day(when)


def as_typed(when: When) -> str:
    """'2026-12-03 15:30' or '2026-12-03': as a student types it (forms read it back)."""
    if isinstance(when, datetime):
        return f"{when.date().isoformat()} {when.hour:02d}:{when.minute:02d}"
    return when.isoformat()


def to_iso(when: When) -> str:
    """'2026-12-03T15:30:00-05:00' or '2026-12-03': how files and --json write them."""
    if isinstance(when, datetime):
        return when.isoformat(timespec="seconds")
    return when.isoformat()
