"""A calendar file (RFC 5545 ``.ics``) for one scheduled informational interview.

Any calendar program imports it: the event, where it happens, the planned
questions, and two reminders (the day before and an hour before). Rescheduling
or cancelling writes the same UID with a higher SEQUENCE so the calendar
updates the event it already has instead of adding a second one.

The file is built by the ``icalendar`` library, which escapes TEXT values
(``,`` ``;`` ``\\`` and line breaks), folds lines at 75 octets and ends them
with CRLF, so no value can start a property of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cache
from typing import TYPE_CHECKING

from infoview.model.errors import InvalidInput

if TYPE_CHECKING:
    from icalendar import Alarm, Calendar, vCalAddress, vText

PRODID = "-//infoview//informational interviews//EN"
MIN_MINUTES = 1
MAX_MINUTES = 600
DAY_BEFORE = timedelta(days=-1)
HOUR_BEFORE = timedelta(hours=-1)
# A VTIMEZONE only has to describe the offsets around the event; icalendar's
# default span (1970-2038) writes ~6 KB of RDATEs for a zone with daylight time.
TIMEZONE_MARGIN = timedelta(days=366)
UTC_KEYS = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Zulu"})

# Everything str.splitlines() breaks on becomes "\n" (written as the escape \n);
# the other control characters RFC 5545 forbids in TEXT are dropped (tab is allowed).
_LINE_BREAK = re.compile("\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable across reschedules: see model.interviews.new_uid()
    sequence: int  # 0 when first scheduled; +1 on every reschedule or cancellation
    start: datetime  # timezone-aware
    minutes: int
    summary: str  # "Informational interview with Maria Lopez"
    location: str = ""  # a place, or the video link
    url: str | None = None  # the video link, also as URL
    description: str = ""  # the planned questions, one per line
    organizer_name: str = ""  # the student (optional)
    organizer_email: str = ""
    attendee_name: str = ""  # the interviewee (optional)
    attendee_email: str = ""
    person: str = ""  # who the reminders name; empty: taken from the summary


def _text(value: str) -> str:
    """A TEXT value whose line breaks are all LF, with no control character but tab."""
    return _CONTROL.sub("", _LINE_BREAK.sub("\n", value))


def _one_line(value: str, what: str) -> str:
    if _NOT_ONE_LINE.search(value):
        raise InvalidInput(f"{what} contains a line break or control character")
    return value


def _person(event: CalendarEvent) -> str:
    if event.person.strip():
        return _text(event.person.strip())
    _, sep, name = event.summary.rpartition(" with ")
    name = " ".join(_text(name).split())
    return name if sep and name else "your interviewee"


def _zoned(when: datetime) -> datetime:
    """``when`` as it will be written: in its IANA zone if it has one, else in UTC.

    A zoneinfo.ZoneInfo zone has an IANA name, so DTSTART/DTEND carry
    TZID=<name> and the calendar gets a matching VTIMEZONE. A fixed offset
    (datetime.timezone(timedelta(hours=-5)), what the app usually has) names no
    zone: icalendar would write TZID="UTC-05:00" with no VTIMEZONE, which
    calendars misread, so such times are written in UTC (DTSTART:...Z), which is
    exact and read by every calendar. Any other tzinfo is treated the same way.
    """
    from zoneinfo import ZoneInfo

    tz = when.tzinfo
    utc = when.astimezone(timezone.utc)
    if not isinstance(tz, ZoneInfo) or not tz.key or tz.key in UTC_KEYS:
        return utc
    local = utc.astimezone(tz)  # a wall time in a daylight-saving gap becomes a real one
    # A wall time the clocks pass twice (fold=1) cannot be written with a TZID:
    # readers take the first pass. Such a time goes out in UTC instead.
    if local.replace(fold=0).astimezone(timezone.utc) != utc:
        return utc
    return local


def _address(email: str, name: str, who: str) -> vCalAddress:
    from icalendar import vCalAddress

    _one_line(email + name, f"{who}'s name or email")
    local, _, domain = email.strip().rpartition("@")
    if not local or not domain or any(ch.isspace() for ch in email.strip()):
        raise InvalidInput(f"{who} has no valid email address ({email!r})")
    address: vCalAddress = vCalAddress(f"mailto:{email.strip()}")
    if name.strip():
        # A parameter value cannot hold a double quote; RFC 6868's ^' form is
        # not read by every calendar, so a plain apostrophe stands in for it.
        # A backslash is allowed, but some readers (icalendar itself) take
        # CN=x\:mailto:... as an escaped colon and lose the address: "/" instead.
        address.params["CN"] = name.strip().replace('"', "'").replace("\\", "/")
    return address


def _alarm(trigger: timedelta, text: str) -> Alarm:
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", trigger)
    alarm.add("description", _exact_text(text))
    return alarm


def _exact_text(value: str) -> vText:
    """A TEXT value, escaped by icalendar, that keeps a literal backslash followed by "N"."""
    text: vText = _exact_text_type()(value)
    return text


@cache
def _exact_text_type() -> type[vText]:
    from icalendar import vText

    class ExactText(vText):
        """icalendar (7.x) reads the two characters ``\\N`` in a Python string as a
        line break before escaping, so "C:\\Notes" would come back as "C:" and
        "otes" on two lines. Each piece between them is escaped by icalendar
        itself and the pieces are joined with the escaped form of that backslash.
        """

        __slots__ = ()

        def to_ical(self) -> bytes:
            pieces = str(self).split("\\N")
            return b"\\\\N".join(vText(piece).to_ical() for piece in pieces)

    return ExactText


def _build(event: CalendarEvent, now: datetime, cancelled: bool, *, keep_zone: bool) -> Calendar:
    from icalendar import Calendar, Event

    start_utc = event.start.astimezone(timezone.utc)
    end_utc = start_utc + timedelta(minutes=event.minutes)  # elapsed time, across DST changes
    start, end = _zoned(event.start), _zoned(end_utc.astimezone(event.start.tzinfo))
    if not keep_zone or start.tzinfo is timezone.utc or end.tzinfo is timezone.utc:
        start, end = start_utc, end_utc

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancelled else "PUBLISH")

    vevent = Event()
    vevent.add("uid", _exact_text(event.uid))
    vevent.add("dtstamp", now.astimezone(timezone.utc))
    vevent.add("sequence", event.sequence)
    vevent.add("dtstart", start)
    vevent.add("dtend", end)
    vevent.add("summary", _exact_text(_text(event.summary)))
    if event.location.strip():
        vevent.add("location", _exact_text(_text(event.location)))
    if event.url:
        vevent.add("url", _one_line(event.url.strip(), "the video link"))
    if event.description.strip():
        vevent.add("description", _exact_text(_text(event.description)))
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if event.organizer_email.strip():
        vevent.add("organizer", _address(event.organizer_email, event.organizer_name, "you"))
    if event.attendee_email.strip():
        who = event.attendee_name.strip() or "the interviewee"
        vevent.add("attendee", _address(event.attendee_email, event.attendee_name, who))
    if not cancelled:
        name = _person(event)
        vevent.add_component(
            _alarm(
                DAY_BEFORE,
                f"Tomorrow: confirm the time with {name} and re-read your questions",
            )
        )
        vevent.add_component(
            _alarm(HOUR_BEFORE, f"In an hour: informational interview with {name}")
        )
    cal.add_component(vevent)

    if keep_zone and start.tzinfo is not timezone.utc:
        first: date = (start_utc - TIMEZONE_MARGIN).date()
        last: date = (end_utc + TIMEZONE_MARGIN).date()
        cal.add_missing_timezones(first_date=first, last_date=last)
    return cal


def event_ics(event: CalendarEvent, *, now: datetime, cancelled: bool = False) -> bytes:
    """The ``.ics`` file for ``event`` (METHOD:PUBLISH), or its cancellation (METHOD:CANCEL).

    ``now`` becomes DTSTAMP. A cancellation carries the same UID and a higher
    SEQUENCE than the last file sent, and no reminders.
    """
    if event.start.tzinfo is None or event.start.utcoffset() is None:
        raise ValueError("the event's start must be timezone-aware")
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    if event.sequence < 0:
        raise ValueError("the sequence cannot be negative")
    if not MIN_MINUTES <= event.minutes <= MAX_MINUTES:
        raise InvalidInput(
            f"an interview lasts {MIN_MINUTES} to {MAX_MINUTES} minutes, not {event.minutes}"
        )
    if not event.uid.strip():
        raise ValueError("the event has no UID")
    _one_line(event.uid, "the event's UID")
    if not _text(event.summary).strip():
        raise InvalidInput("the event has no title")

    try:
        cal = _build(event, now, cancelled, keep_zone=True)
        if cal.get_missing_tzids():  # a zone icalendar cannot describe: write UTC instead
            cal = _build(event, now, cancelled, keep_zone=False)
        ics: bytes = cal.to_ical()
        return ics
    except ValueError as exc:  # icalendar's own refusal, as a backstop
        raise InvalidInput(f"cannot write that calendar file: {exc}") from None
