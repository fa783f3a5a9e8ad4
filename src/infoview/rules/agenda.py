"""`infoview next`: everything due today across the whole path, most urgent first.

Each item names a person, why, since when, and the exact command to run. The
order is the order of urgency: a late thank-you first (its window is short),
then interviews in the next 48 hours, the follow-up clock, replies waiting to
be scheduled, stay-in-touch notes, and — when little is due — whom to ask next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from infoview.model.people import Prospect
from infoview.model.plans import Plan
from infoview.model.text import fold
from infoview.model.vocab import Relation, Status
from infoview.rules.followup_clock import is_due
from infoview.rules.outreach import outreach_rows
from infoview.rules.thanks import owed
from infoview.rules.touch import touch_due
from infoview.store.registry import CONTACTS, INTERVIEWS, OUTREACH, PLANS, PROSPECTS, SETTINGS
from infoview.store.workspace import Workspace

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
            "due": self.due.isoformat(timespec="minutes") if self.due else None,
            "overdue": self.overdue,
            "message": self.message,
            "command": self.command,
        }


def _stamp(moment: datetime) -> str:
    return moment.strftime("%a %d %b %H:%M")


def agenda(ws: Workspace, now: datetime, sheet_folder: Path | None = None) -> list[Item]:
    """Every item due as of ``now``, most urgent first."""
    prospects_file = ws.read(PROSPECTS)  # read once: at 100,000 people a read takes seconds
    prospects = prospects_file.prospects
    by_id = {p.id: p for p in prospects}
    interviews = ws.read(INTERVIEWS)
    outreach = ws.read(OUTREACH)
    items: list[Item] = []

    for o in owed(interviews, prospects, now):
        items.append(
            Item(
                "thanks",
                o.person,
                o.due_by,
                o.state == "overdue",
                f"thank {o.person.name} for the interview on {_stamp(o.held_at)} ({o.describe()})",
                f"infoview thanks draft {o.person.id}",
            )
        )

    plans: dict[str, Plan] = {}  # plan_for by person, without a scan per interview
    for saved in ws.read(PLANS).plans:
        plans.setdefault(saved.person, saved)
    for i in interviews.interviews:
        person = by_id.get(i.person)
        if person is None or i.state != "scheduled" or i.scheduled_at is None:
            continue
        if not now <= i.scheduled_at <= now + timedelta(hours=SOON_HOURS):
            continue
        plan = plans.get(person.id)
        sheet = sheet_folder / f"interview-sheet-{person.id}.md" if sheet_folder else None
        ready = "questions picked" if plan else "no questions picked yet"
        if sheet is not None and sheet.exists():
            ready += ", sheet printed"
        command = (
            f"infoview questions sheet {person.id}"
            if plan
            else f"infoview questions pick {person.id}"
        )
        items.append(
            Item(
                "interview",
                person,
                i.scheduled_at,
                False,
                f"interview with {person.name} on {_stamp(i.scheduled_at)} ({ready})",
                command,
            )
        )

    settings = ws.read(SETTINGS)
    for row in outreach_rows(prospects_file, outreach, settings, now):
        if row.clock.state in ("replied",) and row.person.status == Status.REPLIED:
            items.append(
                Item(
                    "schedule",
                    row.person,
                    row.record.replied_at,
                    False,
                    f"{row.person.name} replied: agree on a time",
                    f"infoview interview schedule {row.person.id} --at ...",
                )
            )
        elif row.clock.state in ("follow-up", "try-next-person") and is_due(row.clock, now.date()):
            due = row.clock.due
            late = due is not None and due < now.date()
            command = (
                f"infoview outreach draft {row.person.id} --follow-up"
                if row.clock.state == "follow-up"
                else "infoview outreach list --due"
            )
            items.append(
                Item(
                    "outreach",
                    row.person,
                    datetime.combine(due, datetime.min.time(), now.tzinfo) if due else None,
                    late,
                    row.clock.next_action,
                    command,
                )
            )

    for t in touch_due(prospects, outreach, interviews, ws.read(CONTACTS)):
        if t.due <= now:
            items.append(
                Item(
                    "touch",
                    t.person,
                    t.due,
                    now - t.due > timedelta(days=7),
                    f"stay in touch with {t.person.name} (last contact {_stamp(t.last)})",
                    f"infoview touch {t.person.id} --note ...",
                )
            )

    items.sort(
        key=lambda it: (
            KIND_ORDER.index(it.kind),
            not it.overdue,
            it.due.timestamp() if it.due else 0.0,
        )
    )
    if len(items) < FEW_ITEMS:
        items += suggestions(prospects, SUGGESTIONS)
    return items


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
