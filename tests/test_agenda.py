"""Business days and the 3B7 no-reply clock, with an injected ``now``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infoview.model.dates import format_day
from infoview.model.outreach import DEFAULT_FOLLOW_UPS, MAX_FOLLOW_UPS
from infoview.rules.followup_clock import (
    FOLLOW_UP_BUSINESS_DAYS,
    REPLY_WAIT_BUSINESS_DAYS,
    ClockState,
    add_business_days,
    business_days_between,
    is_business_day,
    is_due,
    outreach_clock,
)

NEW_YORK = timezone(timedelta(hours=-5))

# November–December 2026: Fri 20, Sat 21, Sun 22, Mon 23 ... Thu 26 (Thanksgiving), Fri 27,
# Mon 30, Tue 1 Dec, Wed 2, Thu 3, Fri 4, Mon 7 ... Fri 11, Mon 14 ... Tue 22.
THU_19, FRI_20, SAT_21, SUN_22 = (date(2026, 11, d) for d in (19, 20, 21, 22))
MON_23, TUE_24, WED_25, THU_26, FRI_27, MON_30 = (
    date(2026, 11, d) for d in (23, 24, 25, 26, 27, 30)
)
TUE_1, WED_2, THU_3, FRI_4, FRI_11, MON_14, TUE_22 = (
    date(2026, 12, d) for d in (1, 2, 3, 4, 11, 14, 22)
)
THANKSGIVING = frozenset({THU_26, FRI_27})

PERSON, NEXT = "Ana Ruiz", "Ben Okafor"


def test_calendar_fixture() -> None:
    days = (THU_19, FRI_20, SAT_21, SUN_22, MON_23, MON_30, FRI_11, TUE_22)
    assert [d.weekday() for d in days] == [3, 4, 5, 6, 0, 0, 4, 1]


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=NEW_YORK)


def clock(now: date | datetime, **given: Any) -> ClockState:
    """The clock for a message to PERSON sent Monday 23 Nov unless told otherwise
    (one follow-up, the rule, unless ``limit`` says two)."""
    args: dict[str, Any] = {
        "person": PERSON,
        "sent_at": at(MON_23),
        "follow_ups": (),
        "replied_at": None,
        "declined": False,
        "next_person": None,
        "limit": DEFAULT_FOLLOW_UPS,
        **given,
    }
    args["now"] = now if isinstance(now, datetime) else at(now, 16)
    return outreach_clock(**args)


# --- business days ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [(FRI_20, True), (SAT_21, False), (SUN_22, False), (MON_23, True), (THU_26, True)],
)
def test_is_business_day(day: date, expected: bool) -> None:
    assert is_business_day(day) is expected


def test_holidays_are_not_business_days() -> None:
    assert not is_business_day(THU_26, THANKSGIVING)
    assert not is_business_day(FRI_27, [FRI_27])  # any container will do
    assert is_business_day(WED_25, THANKSGIVING)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (FRI_20, 0, FRI_20),
        (FRI_20, 1, MON_23),
        (FRI_20, 2, TUE_24),
        (SAT_21, 0, SAT_21),
        (SAT_21, 1, MON_23),
        (SUN_22, 1, MON_23),
        (SAT_21, 5, FRI_27),
        (MON_23, 5, MON_30),
        (THU_19, 3, TUE_24),
        (MON_23, 7, WED_2),
        (date(2026, 12, 31), 1, date(2027, 1, 1)),
    ],
)
def test_add_business_days(start: date, n: int, expected: date) -> None:
    assert add_business_days(start, n) == expected


@pytest.mark.parametrize(
    ("start", "n", "holidays", "expected"),
    [
        (WED_25, 1, THANKSGIVING, MON_30),
        (WED_25, 3, THANKSGIVING, WED_2),
        (MON_23, 3, THANKSGIVING, MON_30),
        (MON_23, 7, THANKSGIVING, FRI_4),
        (FRI_20, 1, {MON_23}, TUE_24),
        (FRI_20, 1, {SAT_21, SUN_22}, MON_23),  # a holiday on a weekend changes nothing
        (date(2026, 12, 31), 1, {date(2027, 1, 1)}, date(2027, 1, 4)),
    ],
)
def test_add_business_days_skips_holidays(
    start: date, n: int, holidays: frozenset[date], expected: date
) -> None:
    assert add_business_days(start, n, holidays) == expected


def test_add_business_days_refuses_negative_n() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        add_business_days(MON_23, -1)


@pytest.mark.parametrize(
    ("start", "end", "holidays", "expected"),
    [
        (FRI_20, FRI_20, (), 0),
        (FRI_20, SAT_21, (), 0),
        (FRI_20, SUN_22, (), 0),
        (FRI_20, MON_23, (), 1),
        (SAT_21, MON_23, (), 1),
        (SUN_22, MON_23, (), 1),
        (THU_19, MON_23, (), 2),
        (MON_23, MON_30, (), 5),
        (MON_23, MON_30, THANKSGIVING, 3),
        (MON_23, WED_2, (), 7),
        (MON_23, FRI_4, THANKSGIVING, 7),
        (WED_25, MON_30, THANKSGIVING, 1),
        (WED_25, FRI_27, THANKSGIVING, 0),
        (MON_30, MON_23, (), 0),  # end before start
        (date(2026, 12, 31), date(2027, 1, 4), {date(2027, 1, 1)}, 1),
        (date(2026, 1, 1), date(2027, 1, 1), (), 261),  # 2026: 261 weekdays, 1 Jan excluded
    ],
)
def test_business_days_between(
    start: date, end: date, holidays: Sequence[date], expected: int
) -> None:
    assert business_days_between(start, end, holidays) == expected


@st.composite
def starts_and_holidays(draw: st.DrawFn) -> tuple[date, frozenset[date]]:
    start = draw(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)))
    offsets = draw(st.frozensets(st.integers(-5, 120), max_size=40))
    return start, frozenset(start + timedelta(days=o) for o in offsets)


@given(case=starts_and_holidays(), n=st.integers(0, 60))
def test_between_undoes_add(case: tuple[date, frozenset[date]], n: int) -> None:
    start, holidays = case
    end = add_business_days(start, n, holidays)
    assert business_days_between(start, end, holidays) == n
    if n:  # and it lands on the n-th business day itself, not a weekend or holiday after it
        assert is_business_day(end, holidays)
        assert business_days_between(start, end - timedelta(days=1), holidays) == n - 1


@given(
    case=starts_and_holidays(),
    first=st.integers(0, 60),
    second=st.integers(0, 60),
)
def test_between_adds_up(case: tuple[date, frozenset[date]], first: int, second: int) -> None:
    start, holidays = case
    middle, end = start + timedelta(days=first), start + timedelta(days=first + second)
    whole = business_days_between(start, end, holidays)
    parts = business_days_between(start, middle, holidays)
    parts += business_days_between(middle, end, holidays)
    assert whole == parts
    assert whole == sum(
        is_business_day(start + timedelta(days=i), holidays) for i in range(1, first + second + 1)
    )


# --- the rule's numbers ----------------------------------------------------------


def test_3b7_numbers() -> None:
    numbers = (REPLY_WAIT_BUSINESS_DAYS, FOLLOW_UP_BUSINESS_DAYS, DEFAULT_FOLLOW_UPS)
    assert numbers == (3, 7, 1)
    assert MAX_FOLLOW_UPS == 2  # what a setting may allow, and a stored record may hold


# --- waiting, and the next person after 3 business days ------------------------------


def test_just_sent_waits_for_the_follow_up_day() -> None:
    state = clock(MON_23)
    assert state == ClockState(
        "waiting", f"wait for {PERSON} to reply (follow up on Wed 2 Dec 2026 if not)", WED_2
    )


def test_just_sent_with_a_next_person_waits_for_the_third_business_day() -> None:
    state = clock(MON_23, next_person=NEXT)
    assert state.state == "waiting"
    assert state.due == THU_26
    assert PERSON in state.next_action
    assert NEXT in state.next_action
    assert format_day(THU_26) in state.next_action


@pytest.mark.parametrize("now", [TUE_24, WED_25])
def test_fewer_than_three_business_days_is_still_waiting(now: date) -> None:
    assert clock(now, next_person=NEXT).state == "waiting"
    assert clock(now, next_person=NEXT).due == THU_26


@pytest.mark.parametrize("now", [THU_26, FRI_27, SAT_21 + timedelta(days=7), MON_30, TUE_1])
def test_three_business_days_try_the_next_person(now: date) -> None:
    assert clock(now, next_person=NEXT) == ClockState(
        "try-next-person",
        f"no reply from {PERSON} yet: reach out to {NEXT} at the same organisation too",
        THU_26,
    )


@pytest.mark.parametrize("now", [THU_26, MON_30, TUE_1])
def test_no_next_person_means_no_try_next_step(now: date) -> None:
    state = clock(now)
    assert state.state == "waiting"
    assert state.due == WED_2
    assert "Ben" not in state.next_action


def test_try_next_person_only_before_the_first_follow_up() -> None:
    # An early follow-up on Tuesday: the clock now runs from it, and the 3-day step is over.
    state = clock(MON_30, next_person=NEXT, follow_ups=[at(TUE_24)])
    assert state.state == "waiting"
    assert state.due == THU_3
    assert NEXT not in state.next_action


def test_sent_on_a_friday() -> None:
    sent = at(FRI_20, 17, 45)
    assert clock(TUE_24, sent_at=sent, next_person=NEXT).state == "waiting"
    assert clock(TUE_24, sent_at=sent, next_person=NEXT).due == WED_25
    assert clock(WED_25, sent_at=sent, next_person=NEXT).state == "try-next-person"
    assert clock(MON_30, sent_at=sent, next_person=NEXT).state == "try-next-person"
    assert clock(MON_30, sent_at=sent).due == TUE_1
    assert clock(TUE_1, sent_at=sent).state == "follow-up"


def test_sent_on_a_saturday_counts_from_monday() -> None:
    sent = at(SAT_21, 11)
    assert clock(TUE_24, sent_at=sent, next_person=NEXT).state == "waiting"
    assert clock(WED_25, sent_at=sent, next_person=NEXT).state == "try-next-person"
    assert clock(WED_25, sent_at=sent, next_person=NEXT).due == WED_25
    assert clock(MON_30, sent_at=sent).state == "waiting"
    assert clock(TUE_1, sent_at=sent).state == "follow-up"
    assert clock(TUE_1, sent_at=sent).due == TUE_1


def test_holidays_in_the_window_push_the_dates_back() -> None:
    waiting = clock(FRI_27, next_person=NEXT, holidays=THANKSGIVING)
    assert (waiting.state, waiting.due) == ("waiting", MON_30)
    trying = clock(MON_30, next_person=NEXT, holidays=THANKSGIVING)
    assert (trying.state, trying.due) == ("try-next-person", MON_30)
    # Without the holidays Wednesday 2 Dec is the follow-up day; with them, Friday 4 Dec.
    assert clock(WED_2).state == "follow-up"
    assert clock(WED_2, holidays=THANKSGIVING).state == "waiting"
    assert clock(WED_2, holidays=THANKSGIVING).due == FRI_4
    assert clock(FRI_4, holidays=THANKSGIVING).state == "follow-up"


def test_business_days_use_the_local_dates_as_given() -> None:
    # 23:30 on Thursday in New York is already Friday in UTC.
    late = datetime(2026, 11, 19, 23, 30, tzinfo=NEW_YORK)
    now = at(TUE_24, 12)
    assert clock(now, sent_at=late, next_person=NEXT).state == "try-next-person"
    as_utc = clock(now, sent_at=late.astimezone(timezone.utc), next_person=NEXT)
    assert (as_utc.state, as_utc.due) == ("waiting", WED_25)


def test_the_follow_up_day_uses_the_local_date_of_the_last_message() -> None:
    late = datetime(2026, 11, 19, 23, 30, tzinfo=NEW_YORK)  # Thursday here, Friday in UTC
    now = at(MON_30, 12)
    local = clock(now, sent_at=late)
    assert (local.state, local.due) == ("follow-up", MON_30)
    as_utc = clock(now, sent_at=late.astimezone(timezone.utc))
    assert (as_utc.state, as_utc.due) == ("waiting", TUE_1)
    # A follow-up late on Sunday here (Monday in UTC) counts from Sunday: due Tuesday 1 Dec.
    sunday_night = late + timedelta(days=3)
    followed = clock(at(MON_30), sent_at=at(THU_19, 9), follow_ups=[sunday_night])
    assert (followed.state, followed.due) == ("waiting", TUE_1)


def test_a_clock_behind_the_send_time_just_waits() -> None:
    state = clock(FRI_20, next_person=NEXT)
    assert (state.state, state.due) == ("waiting", THU_26)


# --- follow-ups and the stop ---------------------------------------------------------


def test_first_follow_up_after_seven_business_days() -> None:
    assert clock(TUE_1).state == "waiting"
    state = clock(WED_2, next_person=NEXT)  # the follow-up wins over trying the next person
    assert state.state == "follow-up"
    assert state.due == WED_2
    assert PERSON in state.next_action
    assert "follow-up" in state.next_action
    assert "last" not in state.next_action
    late = clock(MON_14)
    assert (late.state, late.due) == ("follow-up", WED_2)  # overdue, still the first


def test_after_the_first_follow_up_wait_seven_more() -> None:
    one = [at(WED_2, 9)]
    state = clock(THU_3, follow_ups=one, next_person=NEXT, limit=2)
    assert (state.state, state.due) == ("waiting", FRI_11)
    assert "last follow-up" in state.next_action
    assert format_day(FRI_11) in state.next_action
    assert NEXT not in state.next_action
    assert clock(date(2026, 12, 10), follow_ups=one, limit=2).state == "waiting"


def test_second_follow_up_is_the_last() -> None:
    state = clock(FRI_11, follow_ups=[at(WED_2, 9)], limit=2)
    assert state.state == "follow-up"
    assert state.due == FRI_11
    assert PERSON in state.next_action
    assert "last one" in state.next_action


@pytest.mark.parametrize("limit", [1, 2])  # two from older data, or allowed by the setting
def test_after_the_second_follow_up_wait_then_stop(limit: int) -> None:
    two = [at(FRI_11), at(WED_2)]  # in any order: the latest counts
    waiting = clock(MON_14, follow_ups=two, limit=limit)
    assert (waiting.state, waiting.due) == ("waiting", TUE_22)
    assert "stop" in waiting.next_action
    assert format_day(TUE_22) in waiting.next_action
    assert clock(date(2026, 12, 21), follow_ups=two, limit=limit).state == "waiting"
    stopped = clock(TUE_22, follow_ups=two, limit=limit)
    assert stopped.state == "no-response"
    assert stopped.due is None
    assert PERSON in stopped.next_action
    assert "stopped" in stopped.next_action
    assert "no more follow-ups" in stopped.next_action
    assert clock(date(2027, 6, 1), follow_ups=two, limit=limit).state == "no-response"


def test_more_follow_ups_than_the_limit_also_stop() -> None:
    three = [at(WED_2), at(FRI_11), at(MON_14)]
    assert clock(date(2026, 12, 23), follow_ups=three, limit=2).state == "no-response"


# --- replies and declines, at any point ------------------------------------------

STAGES = [
    pytest.param(MON_23, (), id="just-sent"),
    pytest.param(THU_26, (), id="try-next"),
    pytest.param(WED_2, (), id="first-follow-up"),
    pytest.param(FRI_11, [at(WED_2)], id="second-follow-up"),
    pytest.param(TUE_22, [at(WED_2), at(FRI_11)], id="after-the-stop"),
]


@pytest.mark.parametrize(("today", "follow_ups"), STAGES)
def test_a_reply_means_schedule_now(today: date, follow_ups: Sequence[datetime]) -> None:
    state = clock(today, follow_ups=follow_ups, next_person=NEXT, replied_at=at(today, 8))
    assert state == ClockState("replied", f"schedule the conversation with {PERSON}", today)
    assert is_due(state, today)


@pytest.mark.parametrize(("today", "follow_ups"), STAGES)
def test_a_decline_ends_the_clock(today: date, follow_ups: Sequence[datetime]) -> None:
    expected = ClockState(
        "declined",
        f"{PERSON} said no for now; thank them anyway, "
        "and ask whether someone else might talk with you",
        None,
    )
    for replied in (at(today, 8), None):  # a "no" is a reply even if its date was not kept
        state = clock(
            today, follow_ups=follow_ups, next_person=NEXT, replied_at=replied, declined=True
        )
        assert state == expected
        assert not is_due(state, today)


def test_replied_is_due_today_whenever_the_reply_came() -> None:
    now = datetime(2026, 11, 24, 1, 0, tzinfo=timezone(timedelta(hours=13)))
    assert clock(now, replied_at=now).due == TUE_24  # now's local date, not UTC's Monday
    assert clock(THU_3, replied_at=at(TUE_24)).due == THU_3


# --- is_due ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "today", "expected"),
    [
        (None, WED_2, False),
        (WED_2, TUE_1, False),
        (WED_2, WED_2, True),
        (WED_2, THU_3, True),
        (WED_2, date(2027, 1, 1), True),
    ],
)
def test_is_due(due: date | None, today: date, expected: bool) -> None:
    assert is_due(ClockState("waiting", "wait", due), today) is expected


def test_is_due_follows_the_clock() -> None:
    assert not is_due(clock(TUE_1), TUE_1)
    assert is_due(clock(WED_2), WED_2)
    assert is_due(clock(THU_26, next_person=NEXT), THU_26)
    assert not is_due(clock(TUE_22, follow_ups=[at(WED_2), at(FRI_11)]), TUE_22)
