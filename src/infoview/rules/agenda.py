"""`infoview next`: everything due at a moment across the whole path, most urgent first.

Each item names a person, why, since when, and the exact command to run. The
order is the order of urgency: a late thank-you first (its window is short),
then interviews in the next 48 hours, the follow-up clock, replies waiting to
be scheduled, stay-in-touch notes, and — when little is due — whom to ask next.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from infoview.model.contacts import ContactsFile
from infoview.model.dates import format_moment, to_iso
from infoview.model.interviews import InterviewsFile
from infoview.model.outreach import OutreachFile, SettingsFile
from infoview.model.people import Prospect, ProspectsFile
from infoview.model.plans import Plan, PlansFile
from infoview.model.text import fold
from infoview.model.vocab import Relation, Status
from infoview.rules.followup_clock import is_due
from infoview.rules.outreach import outreach_rows
from infoview.rules.thanks import owed
from infoview.rules.touch import touch_due

SOON_HOURS = 48  # interviews this close are on today's list
TOUCH_OVERDUE_DAYS = 7  # a stay-in-touch note later than this is shown as overdue
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
    Relation.OTHER,
]
KIND_ORDER = ["thanks", "interview", "outreach", "schedule", "touch", "ask"]


@dataclass(frozen=True)
class Item:
    kind: str  # thanks, interview, outreach, schedule, touch, ask
    person: Prospect
    due: datetime | None
    overdue: bool
    message: str
    command: str

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "person": self.person.id,
            "due": to_iso(self.due) if self.due else None,
            "overdue": self.overdue,
            "message": self.message,
            "command": self.command,
        }


@dataclass(frozen=True)
class Documents:
    """What the agenda is worked out from, each read once (at 100,000 people a read takes
    seconds)."""

    prospects: ProspectsFile
    interviews: InterviewsFile
    outreach: OutreachFile
    plans: PlansFile
    settings: SettingsFile
    contacts: ContactsFile


def agenda(
    docs: Documents, now: datetime, sheet_printed: Callable[[str], bool] = lambda _id: False
) -> list[Item]:
    """Every item due as of ``now``, most urgent first.

    ``sheet_printed(person_id)`` says whether that person's interview sheet is printed.
    """
    items = [
        *_thanks(docs, now),
        *_interviews_soon(docs, now, sheet_printed),
        *_outreach(docs, now),
        *_touch(docs, now),
    ]
    items.sort(
        key=lambda it: (
            KIND_ORDER.index(it.kind),
            not it.overdue,
            it.due.timestamp() if it.due else 0.0,
        )
    )
    if len(items) < FEW_ITEMS:
        items += suggestions(docs.prospects.prospects, SUGGESTIONS)
    return items


def _thanks(docs: Documents, now: datetime) -> Iterator[Item]:
    for o in owed(docs.interviews, docs.prospects.prospects, now):
        yield Item(
            "thanks",
            o.person,
            o.due_by,
            o.state == "overdue",
            f"thank {o.person.name} for the interview on {format_moment(o.held_at)} "
            f"({o.describe()})",
            f"infoview thanks draft {o.person.id}",
        )


def _interviews_soon(
    docs: Documents, now: datetime, sheet_printed: Callable[[str], bool]
) -> Iterator[Item]:
    by_id = {p.id: p for p in docs.prospects.prospects}
    plans: dict[str, Plan] = {}  # plan_for by person, without a scan per interview
    for saved in docs.plans.plans:
        plans.setdefault(saved.person, saved)
    for i in docs.interviews.interviews:
        person = by_id.get(i.person)
        if person is None or i.state != "scheduled" or i.scheduled_at is None:
            continue
        if not now <= i.scheduled_at <= now + timedelta(hours=SOON_HOURS):
            continue
        planned = person.id in plans
        ready = "questions picked" if planned else "no questions picked yet"
        if sheet_printed(person.id):
            ready += ", sheet printed"
        yield Item(
            "interview",
            person,
            i.scheduled_at,
            False,
            f"interview with {person.name} on {format_moment(i.scheduled_at)} ({ready})",
            f"infoview questions {'sheet' if planned else 'pick'} {person.id}",
        )


def _outreach(docs: Documents, now: datetime) -> Iterator[Item]:
    for row in outreach_rows(docs.prospects, docs.outreach, docs.settings, now):
        person, clock = row.person, row.clock
        if clock.state == "replied" and person.status == Status.REPLIED:
            yield Item(
                "schedule",
                person,
                row.record.replied_at,
                False,
                f"{person.name} replied: agree on a time",
                f"infoview interview schedule {person.id} --at ...",
            )
        elif clock.state in ("follow-up", "try-next-person") and is_due(clock, now.date()):
            due = clock.due
            yield Item(
                "outreach",
                person,
                datetime.combine(due, datetime.min.time(), now.tzinfo) if due else None,
                due is not None and due < now.date(),
                clock.next_action,
                f"infoview outreach draft {person.id} --follow-up"
                if clock.state == "follow-up"
                else "infoview outreach list --due",
            )


def _touch(docs: Documents, now: datetime) -> Iterator[Item]:
    due = touch_due(docs.prospects.prospects, docs.outreach, docs.interviews, docs.contacts)
    for t in due:
        if t.due <= now:
            yield Item(
                "touch",
                t.person,
                t.due,
                now - t.due > timedelta(days=TOUCH_OVERDUE_DAYS),
                f"stay in touch with {t.person.name} (last contact {format_moment(t.last)})",
                f"infoview touch {t.person.id} --note ...",
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
