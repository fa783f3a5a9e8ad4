"""The thank-you clock: due 24 hours after the end of the latest conversation, held or
unlogged, overdue after 48 (docs/method.md); a thank-you after it covers any earlier one."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Any, Literal, NamedTuple

from infoview.model.dates import When, show, start_of
from infoview.model.interviews import Held, Scheduled

THANKS_DUE_HOURS = 24  # method rule: the thank-you goes out within 24 hours...
THANKS_OVERDUE_HOURS = 48  # ... and is overdue after 48


class ThankYou(NamedTuple):
    """The thank-you a person is owed for their latest conversation, at ``now``.

    ``state`` is "due" until ``overdue_from`` (48 h after the conversation ended),
    then "overdue"; ``late`` says a "due" one has passed ``due_by`` (24 h).
    """

    conversation: Held | Scheduled  # Scheduled: it took place (its end passed) but is unlogged
    ended_at: datetime
    due_by: datetime
    overdue_from: datetime
    state: Literal["due", "overdue"]
    late: bool

    @property
    def logged(self) -> bool:
        return isinstance(self.conversation, Held)

    @property
    def took_place(self) -> When:
        """When the conversation took place, as the student knows it."""
        c = self.conversation
        return c.held_at if isinstance(c, Held) else c.scheduled_at

    @property
    def by_day(self) -> bool:
        """Whether the conversation is known by its day only (its deadlines are days)."""
        return not isinstance(self.took_place, datetime)

    def describe(self) -> str:
        """'due by ...', 'late since ...' (past 24 h) or 'overdue since ...' (past 48 h)."""
        if self.state == "overdue":
            return f"overdue since {self._since(self.overdue_from)}"
        if self.late:
            return f"late since {self._since(self.due_by)}"
        return f"due by {self._by(self.due_by)}"

    def advice(self, now: datetime) -> str:
        """What to tell the student about it now, from the real deadline."""
        if now < self.due_by:
            return f"a thank-you by {self._by(self.due_by)}"
        days = (now - self.due_by).days
        late = f"{days} day{'s' if days != 1 else ''} late" if days else "late"
        return f"the thank-you is {late}: send it today"

    def _by(self, deadline: datetime) -> str:
        # A conversation known by its day ends with that day, so its deadlines fall
        # at midnight: say the last whole day instead of an invented 00:00.
        if self.by_day:
            return f"the end of {show((deadline - timedelta(microseconds=1)).date())}"
        return show(deadline)

    def _since(self, moment: datetime) -> str:
        return show(moment.date()) if self.by_day else show(moment)


def thanked_in_time(held: Held, zone: tzinfo | None) -> bool | None:
    """Whether the thank-you went out within 24 hours of the conversation's end (None:
    not sent). One recorded as a day counts as sent at that day's start: on time
    unless the deadline had passed when the day began."""
    if held.thanked_at is None:
        return None
    due_by = held.ends_at(zone) + timedelta(hours=THANKS_DUE_HOURS)
    if isinstance(held.thanked_at, datetime):
        return held.thanked_at <= due_by
    return start_of(held.thanked_at, zone) < due_by


def thanks_owed(
    held: tuple[Held, ...], unlogged: Scheduled | None, now: datetime, zone: Any
) -> ThankYou | None:
    """The thank-you for the latest conversation, if none was sent. ``held`` is in the
    order of :func:`oldest_first`; an unlogged one ending with the last held is later
    (whatever was logged, it was not thanked for)."""
    latest: Held | Scheduled
    if unlogged is not None and (not held or unlogged.ends_at >= held[-1].ends_at(zone)):
        latest, ended = unlogged, unlogged.ends_at
    elif held:
        latest, ended = held[-1], held[-1].ends_at(zone)
    else:
        return None
    if isinstance(latest, Held) and latest.thanked_at is not None:
        return None
    due_by = ended + timedelta(hours=THANKS_DUE_HOURS)
    overdue_from = ended + timedelta(hours=THANKS_OVERDUE_HOURS)
    overdue = now >= overdue_from
    return ThankYou(
        latest,
        ended,
        due_by,
        overdue_from,
        "overdue" if overdue else "due",
        not overdue and now >= due_by,
    )
