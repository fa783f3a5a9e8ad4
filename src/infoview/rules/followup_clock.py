"""The clocks: business days, and what to do when an outreach message gets no reply.

The no-reply rule is the "3B7" routine (docs/method.md, the method rules): after 3
business days with no reply, reach the next person at the same organisation;
after 7 business days, one short, polite follow-up to the first person; 7
business days after it with no reply, stop and move on (Dalton's rule). The
workspace setting ``follow_ups`` (settings.json) may allow a second follow-up,
which says it is the last; the clock stops 7 business days after it. Business
days are counted on the local calendar dates of the timestamps as given, so a
message sent late on a Friday evening counts from that Friday wherever the
student is. ``now`` is always passed in.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from datetime import date, datetime, timedelta
from typing import Literal, NamedTuple

from infoview.model.dates import When, day_of, format_day
from infoview.model.outreach import OutreachRecord, SettingsFile

REPLY_WAIT_BUSINESS_DAYS = 3  # "3B7": after 3 business days with no reply, try the next person
FOLLOW_UP_BUSINESS_DAYS = 7  # after 7 business days, one follow-up to the first person
WEEKEND = frozenset({5, 6})  # Saturday, Sunday (date.weekday())

_DAY = timedelta(days=1)
_NO_HOLIDAYS: frozenset[date] = frozenset()

ClockName = Literal["waiting", "try-next-person", "follow-up", "no-response", "replied", "declined"]


def is_business_day(day: date, holidays: Container[date] = _NO_HOLIDAYS) -> bool:
    """Monday to Friday, and not one of ``holidays``."""
    return day.weekday() not in WEEKEND and day not in holidays


def add_business_days(start: date, n: int, holidays: Container[date] = _NO_HOLIDAYS) -> date:
    """The n-th business day after ``start`` (start itself not counted); n=0 gives start."""
    if n < 0:
        raise ValueError(f"n must be 0 or more, not {n}")
    day = start
    while n:
        day += _DAY
        if is_business_day(day, holidays):
            n -= 1
    return day


def business_days_between(start: date, end: date, holidays: Container[date] = _NO_HOLIDAYS) -> int:
    """Business days after ``start`` up to and including ``end``; 0 if end <= start.

    Sent on a Friday and checked the next Monday gives 1: one working day has
    passed for the other person to read and answer.
    """
    count = 0
    day = start
    while day < end:
        day += _DAY
        count += is_business_day(day, holidays)
    return count


class ClockState(NamedTuple):
    """Where one outreach message stands, and the one thing to do next."""

    state: ClockName
    next_action: str  # one sentence for the student, naming the person
    due: date | None  # when next_action is due; None when nothing is left to do


def is_due(state: ClockState, today: date) -> bool:
    """Due today or overdue."""
    return state.due is not None and state.due <= today


def follow_up_limit(settings: SettingsFile) -> int:
    """How many follow-ups the clock offers in this workspace: 1 (the rule) or 2."""
    return settings.follow_ups


def is_last_follow_up(record: OutreachRecord | None, limit: int) -> bool:
    """Whether the next follow-up to ``record`` is a second one, the last ``limit``
    allows: its words say it is the last. The single follow-up of the rule is not
    called the last one (it is the only one)."""
    return record is not None and _is_last(len(record.follow_ups), limit)


def _is_last(sent_count: int, limit: int) -> bool:
    return 0 < sent_count == limit - 1


def outreach_clock(
    *,
    person: str,
    sent_at: When,
    follow_ups: Sequence[When],
    replied_at: When | None,
    declined: bool,
    now: datetime,
    holidays: Container[date] = _NO_HOLIDAYS,
    next_person: str | None = None,
    limit: int,
) -> ClockState:
    """Apply the 3B7 rule to one message sent to ``person``.

    ``next_person`` is someone else at the same organisation, if the student
    has one in mind; without one, the 3-business-day step is skipped. ``limit``
    is how many follow-ups are offered (:func:`follow_up_limit`); a record
    holding that many or more (older data) waits 7 business days after the
    latest, then stops.
    """
    today = now.date()
    if declined:
        # A "no" is a reply even when its date was not recorded: never nag after it.
        return ClockState(
            "declined",
            f"{person} said no for now; thank them anyway, "
            "and ask whether someone else might talk with you",
            None,
        )
    if replied_at is not None:
        return ClockState("replied", f"schedule the conversation with {person}", today)

    last = max(day_of(w) for w in [sent_at, *follow_ups])
    sent = day_of(sent_at)
    days = business_days_between(last, today, holidays)
    follow_up_due = add_business_days(last, FOLLOW_UP_BUSINESS_DAYS, holidays)
    sent_count = len(follow_ups)

    if days >= FOLLOW_UP_BUSINESS_DAYS:
        if sent_count >= limit:
            return ClockState(
                "no-response",
                f"no reply from {person} after {_your_follow_ups(sent_count)}: the clock has "
                "stopped, so send no more follow-ups and move on to other people",
                None,
            )
        if _is_last(sent_count, limit):
            action = (
                f"still no reply from {person}: send one more polite follow-up, "
                "and make it the last one"
            )
        else:
            action = (
                f"no reply from {person} after {FOLLOW_UP_BUSINESS_DAYS} business days: "
                "send them one short, polite follow-up"
            )
        return ClockState("follow-up", action, follow_up_due)

    try_next = sent_count == 0 and next_person is not None
    if try_next and business_days_between(sent, today, holidays) >= REPLY_WAIT_BUSINESS_DAYS:
        return ClockState(
            "try-next-person",
            f"no reply from {person} yet: reach out to {next_person} at the same organisation too",
            add_business_days(sent, REPLY_WAIT_BUSINESS_DAYS, holidays),
        )

    if try_next:
        due = add_business_days(sent, REPLY_WAIT_BUSINESS_DAYS, holidays)
        action = (
            f"wait for {person} to reply (if not, reach out to {next_person} "
            f"at the same organisation on {format_day(due)})"
        )
        return ClockState("waiting", action, due)
    if sent_count >= limit:
        action = (
            f"wait for {person} to reply to {_your_follow_ups(sent_count, last=True)} (if "
            f"nothing comes, stop on {format_day(follow_up_due)} and move on to other people)"
        )
    elif _is_last(sent_count, limit):
        action = (
            f"wait for {person} to reply "
            f"(send the last follow-up on {format_day(follow_up_due)} if not)"
        )
    else:
        action = f"wait for {person} to reply (follow up on {format_day(follow_up_due)} if not)"
    return ClockState("waiting", action, follow_up_due)


def _your_follow_ups(count: int, *, last: bool = False) -> str:
    if count == 1:
        return "your follow-up"
    return "your last follow-up" if last else f"your {count} follow-ups"
