"""`infoview next`: everything due at a moment across the whole path, most urgent first.

Each item names a person, why, since when, and the exact command to run. The
order is the order of urgency: a late thank-you first (its window is short),
then interviews in the next 48 hours, the follow-up clock, replies waiting to
be scheduled, stay-in-touch notes, and — when little is due — whom to ask next.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import NamedTuple

from infoview.model.dates import to_iso
from infoview.model.people import Prospect
from infoview.model.text import fold
from infoview.model.vocab import Relation, Status
from infoview.rules.timeline import Timeline, due_when

SOON_HOURS = 48  # interviews this close are on today's list
FEW_ITEMS = 3  # fewer than this due: also suggest whom to ask next
SUGGESTIONS = 3
# Whom to ask first when priorities tie: the closest connections say yes most often.
RELATION_ORDER = [
    Relation.FAMILY,
    Relation.FAMILY_FRIEND,
    Relation.NEIGHBOR,
    Relation.TEACHER,
    Relation.FRIEND,
    Relation.REFERRAL,
    Relation.ALUMNI,
    Relation.COWORKER,
    Relation.CONNECTION,
    Relation.OTHER,
]
KIND_ORDER = ["thanks", "interview", "outreach", "schedule", "touch", "ask"]


class Item(NamedTuple):
    kind: str  # thanks, interview, outreach, schedule, touch, ask
    person: Prospect
    due: datetime | None
    overdue: bool
    message: str
    command: str
    by_day: bool = False  # due on a day, not at a time (see Action)

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "person": self.person.id,
            "due": to_iso(shown) if (shown := due_when(self.due, self.by_day)) else None,
            "overdue": self.overdue,
            "message": self.message,
            "command": self.command,
        }


def agenda(
    lines: Mapping[str, Timeline],
    now: datetime,
    sheet_printed: Callable[[str], bool] = lambda _id: False,
) -> list[Item]:
    """Every next action due as of ``now``, most urgent first (at most one a person).

    A thank-you is always on the list, an interview once it is 48 hours away, a
    follow-up or a stay-in-touch note once due, a reply to schedule at once.
    ``sheet_printed(person_id)`` says whether that person's interview sheet is printed.
    """
    items = [item for line in lines.values() if (item := _item(line, now, sheet_printed))]
    items.sort(
        key=lambda it: (
            KIND_ORDER.index(it.kind),
            not it.overdue,
            it.due.timestamp() if it.due else 0.0,
        )
    )
    if len(items) < FEW_ITEMS:
        items += suggestions([line.person for line in lines.values()], SUGGESTIONS)
    return items


def _item(line: Timeline, now: datetime, sheet_printed: Callable[[str], bool]) -> Item | None:
    action = line.action
    if action is None:
        return None
    due, message = action.due, action.message
    if action.kind == "interview":
        if due is None or not now <= due <= now + timedelta(hours=SOON_HOURS):
            return None
        if sheet_printed(line.person.id):
            message = message.replace("(questions picked)", "(questions picked, sheet printed)")
    elif action.kind in ("outreach", "touch") and (due is None or due > now):
        return None
    return Item(
        action.kind, line.person, due, action.overdue, message, action.command, action.by_day
    )


def ask_order(p: Prospect) -> tuple[int, int, str]:
    """Sort key for whom to ask first: priority, then how close the connection is."""
    return (-p.priority, RELATION_ORDER.index(p.relation), fold(p.name))


def suggestions(prospects: list[Prospect], count: int) -> list[Item]:
    """The best people to ask next: priority first, then how close the connection is."""
    fresh = sorted((p for p in prospects if p.status == Status.NEW), key=ask_order)
    return [
        Item(
            "ask",
            p,
            None,
            False,
            f"ask {p.name} ({p.relation.value}, priority {p.priority}) for a conversation",
            f"infoview outreach draft {p.id}",
        )
        for p in fresh[:count]
    ]
