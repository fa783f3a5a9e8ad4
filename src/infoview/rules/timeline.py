"""One timeline per person: where they stand, what happened, and the one thing to do next.

Every command that says what is due (`next`, `thanks`, `outreach list`, `prospect
show`, `report`, `start`) reads it from here, so they never disagree. Derived from
the documents at a moment ``now``, never stored. The rules (docs/method.md):

* a scheduled or held interview ends the outreach clock, and so does a cancelled one
  (they had said yes: a new time is to be agreed); a reply ends the follow-ups;
* the outreach clock offers the follow-ups settings.json's ``follow_ups`` allows (one
  by default, ``followup_clock.py``);
* a scheduled interview whose end has passed without a log is *unlogged*;
* a thank-you is due 24 hours after the end of the person's latest conversation,
  held or unlogged (a thank-you after it covers any earlier one), overdue after 48;
* once thanked, a stay-in-touch note is due every cadence days after the latest
  contact of any kind;
* each person has at most one next action, the most pressing: the thank-you (with
  the log first when the conversation is unlogged), the interview to come, the
  stay-in-touch note, the time to agree (after a reply or a cancellation), the
  outreach clock.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal, NamedTuple

from infoview.model.contacts import Contact, ContactsFile
from infoview.model.dates import When, show, sort_key, to_iso
from infoview.model.interviews import Cancelled, Held, InterviewsFile, Scheduled, oldest_first
from infoview.model.outreach import OutreachFile, OutreachRecord, SettingsFile
from infoview.model.people import Prospect
from infoview.model.plans import PlansFile
from infoview.model.text import fold
from infoview.model.vocab import Status
from infoview.rules.followup_clock import ClockState, follow_up_limit, outreach_clock
from infoview.rules.history import Event, history
from infoview.rules.thank_clock import ThankYou, thanks_owed

TOUCH_OVERDUE_DAYS = 7  # a stay-in-touch note later than this is shown as overdue

Stage = Literal[
    "new",
    "contacted",
    "replied",
    "declined",
    "no-response",
    "scheduled",
    "unlogged",
    "interviewed",
    "thanked",
]
ActionKind = Literal["thanks", "interview", "outreach", "schedule", "touch"]
# The stage as a Status, for the pipeline and the stored status (unlogged is still scheduled).
STAGE_STATUS: dict[Stage, Status] = {
    "new": Status.NEW,
    "contacted": Status.CONTACTED,
    "replied": Status.REPLIED,
    "declined": Status.DECLINED,
    "no-response": Status.NO_RESPONSE,
    "scheduled": Status.SCHEDULED,
    "unlogged": Status.SCHEDULED,
    "interviewed": Status.INTERVIEWED,
    "thanked": Status.THANKED,
}


@dataclass(frozen=True)
class Documents:
    """What timelines are worked out from, each read once (at 100,000 people a read takes
    seconds)."""

    prospects: list[Prospect]
    outreach: OutreachFile
    interviews: InterviewsFile
    contacts: ContactsFile
    settings: SettingsFile
    plans: PlansFile = field(default_factory=PlansFile)


class Action(NamedTuple):
    """The one next thing to do about a person."""

    kind: ActionKind
    message: str
    command: str
    due: datetime | None  # None: nothing to do by a given time
    overdue: bool = False
    by_day: bool = False  # due on a day (a business-day clock), not at a time

    @property
    def due_when(self) -> When | None:
        """The deadline as people read it: the day, or the moment."""
        return due_when(self.due, self.by_day)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "message": self.message,
            "command": self.command,
            "due": to_iso(self.due_when) if self.due_when else None,
            "overdue": self.overdue,
        }


def due_when(due: datetime | None, by_day: bool) -> When | None:
    """A deadline kept as the moment it starts, read back as a day when it is one."""
    if due is None:
        return None
    return due.date() if by_day else due


@dataclass(frozen=True, slots=True)  # slots: one for each of 100,000 people in memory
class Timeline:
    """A person's whole story at ``now``, and what is next."""

    person: Prospect
    stage: Stage
    action: Action | None
    outreach: OutreachRecord | None = None
    clock: ClockState | None = None  # the follow-up clock, while it runs
    upcoming: Scheduled | None = None  # scheduled and not over yet
    unlogged: Scheduled | None = None  # scheduled, over, not logged
    held: tuple[Held, ...] = ()
    cancelled: tuple[Cancelled, ...] = ()
    thanks: ThankYou | None = None  # the thank-you owed, if one is
    last_contact: When | None = None
    touch_due: datetime | None = None  # when a stay-in-touch note is due (thanked people)
    interviews: tuple[Scheduled | Cancelled | Held, ...] = ()  # every one, oldest first
    contacts: tuple[Contact, ...] = ()  # stay-in-touch contacts, oldest first
    names: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def status(self) -> Status:
        return STAGE_STATUS[self.stage]

    @property
    def events(self) -> tuple[Event, ...]:
        """What happened, oldest first: worked out when asked (`next` never asks; the
        story and `--json` ask once)."""
        return history(self.person, self.outreach, self.interviews, self.contacts, self.names)

    def as_dict(self) -> dict[str, Any]:
        return {
            "person": self.person.id,
            "stage": self.stage,
            "history": [e.as_dict() for e in self.events],
            "next": self.action.as_dict() if self.action else None,
        }


# --- deriving them ------------------------------------------------------------------


def timelines(
    docs: Documents, now: datetime, only: Collection[str] | None = None
) -> dict[str, Timeline]:
    """Every listed person's timeline at ``now``, by id (one pass over each document);
    ``only``: just those people's."""
    records = {r.person: r for r in docs.outreach.records}
    interviews: dict[str, list[Scheduled | Cancelled | Held]] = defaultdict(list)
    for i in docs.interviews.interviews:
        interviews[i.person].append(i)
    contacts: dict[str, list[Contact]] = defaultdict(list)
    for c in docs.contacts.contacts:
        contacts[c.person].append(c)
    planned = {p.person for p in docs.plans.plans}
    names = {p.id: p.name for p in docs.prospects}
    fresh_at: dict[str, list[Prospect]] | None = None  # worked out when first needed
    folded: dict[str, str] = {}  # an organisation is named by many people: folded once
    holidays = frozenset(docs.settings.holidays)
    limit = follow_up_limit(docs.settings)
    found = {}
    for person in docs.prospects:
        if only is not None and person.id not in only:
            continue
        record = records.get(person.id)
        if record is None and person.id not in interviews and person.id not in contacts:
            found[person.id] = quiet_timeline(person, names)  # half of a long list, or more
            continue
        colleague = None  # whom to ask next at their organisation, for a follow-up's advice
        if record is not None and person.organization:
            if fresh_at is None:
                fresh_at = _fresh_by_organisation(docs.prospects, folded)
            same = fresh_at.get(_folded(person.organization, folded), [])
            colleague = next((p.name for p in same if p.id != person.id), None)
        found[person.id] = timeline_of(
            person,
            record,
            interviews.get(person.id, []),
            contacts.get(person.id, []),
            now,
            holidays=holidays,
            follow_ups_allowed=limit,
            planned=person.id in planned,
            names=names,
            colleague=colleague,
        )
    return found


def quiet_timeline(person: Prospect, names: Mapping[str, str]) -> Timeline:
    """The timeline of someone with nothing recorded: what :func:`timeline_of` gives."""
    return Timeline(person, _BY_HAND.get(person.status, "new"), None, names=names)


def _folded(text: str, folded: dict[str, str]) -> str:
    """``fold(text)``, remembered in ``folded``."""
    found = folded.get(text)
    if found is None:
        found = folded[text] = fold(text)
    return found


def _fresh_by_organisation(
    people: Iterable[Prospect], folded: dict[str, str]
) -> dict[str, list[Prospect]]:
    """The two people not asked yet that are likeliest to be asked first, by organisation
    (two: a person's colleague is the first of them who is not that person)."""
    fresh: dict[str, list[Prospect]] = defaultdict(list)
    for p in people:
        if p.status == Status.NEW:
            fresh[_folded(p.organization, folded)].append(p)
    for org, same in fresh.items():
        top = max(p.priority for p in same)  # only names of the top priority are compared
        first = [p for p in same if p.priority == top]
        if len(first) < 2:
            first += [p for p in same if p.priority != top]
        fresh[org] = heapq.nsmallest(2, first, key=lambda p: (-p.priority, fold(p.name)))
    return fresh


def timeline_of(
    person: Prospect,
    record: OutreachRecord | None,
    interviews: Iterable[Scheduled | Cancelled | Held],
    contacts: Iterable[Contact],
    now: datetime,
    *,
    holidays: frozenset[Any] = frozenset(),
    follow_ups_allowed: int,
    planned: bool = False,
    names: Mapping[str, str] | None = None,
    colleague: str | None = None,
) -> Timeline:
    """One person's timeline (see the module docstring for the rules)."""
    zone = now.tzinfo
    interviews = sorted(interviews, key=lambda i: sort_key(_moment(i)))
    contacts = sorted(contacts, key=lambda c: sort_key(c.at))
    scheduled = [i for i in interviews if isinstance(i, Scheduled)]
    held = oldest_first((i for i in interviews if isinstance(i, Held)), zone)
    cancelled = tuple(i for i in interviews if isinstance(i, Cancelled))
    upcoming = next((i for i in scheduled if i.ends_at > now), None)
    unlogged = next((i for i in scheduled if i.ends_at <= now), None)
    thanks = thanks_owed(held, unlogged, now, zone)
    last = _last_contact(record, held, contacts)
    # A conversation agreed (even one cancelled since) is a reply: no follow-ups after it.
    agreed = bool(held or scheduled or cancelled)
    clock = None
    if record is not None and not agreed:
        clock = outreach_clock(
            person=person.name,
            sent_at=record.sent_at,
            follow_ups=record.follow_ups,
            replied_at=record.replied_at,
            declined=record.declined,
            now=now,
            holidays=holidays,
            next_person=colleague,
            limit=follow_ups_allowed,
        )
    touch = None
    thanked = bool(held) and held[-1].thanked_at is not None and thanks is None
    if thanked and not upcoming and person.cadence_days is not None and last is not None:
        touch = _start(last, zone) + timedelta(days=person.cadence_days)
    stage = _stage(person, record, clock, upcoming, unlogged, held, thanked, bool(cancelled))
    rebook = cancelled[-1] if cancelled and stage == "replied" else None
    action = _action(person, thanks, upcoming, rebook, record, clock, (touch, last), now, planned)
    return Timeline(
        person,
        stage,
        action,
        outreach=record,
        clock=clock,
        upcoming=upcoming,
        unlogged=unlogged,
        held=held,
        cancelled=cancelled,
        thanks=thanks,
        last_contact=last,
        touch_due=touch,
        interviews=tuple(interviews),
        contacts=tuple(contacts),
        names=names or {},
    )


def _moment(i: Scheduled | Cancelled | Held) -> When:
    return i.held_at if isinstance(i, Held) else i.scheduled_at


def _start(when: When, zone: Any) -> datetime:
    if isinstance(when, datetime):
        return when
    return datetime.combine(when, datetime.min.time(), tzinfo=zone)


def _last_contact(
    record: OutreachRecord | None, held: Iterable[Held], contacts: Iterable[Contact]
) -> When | None:
    """The latest contact of any kind: a message, a reply, a conversation, a thank-you."""
    moments: list[When] = []
    if record is not None:
        moments += [record.sent_at, *record.follow_ups]
        if record.replied_at is not None:
            moments.append(record.replied_at)
    for h in held:
        moments.append(h.held_at)
        if h.thanked_at is not None:
            moments.append(h.thanked_at)
    moments += [c.at for c in contacts]
    return max(moments, key=sort_key) if moments else None


def _stage(
    person: Prospect,
    record: OutreachRecord | None,
    clock: ClockState | None,
    upcoming: Scheduled | None,
    unlogged: Scheduled | None,
    held: tuple[Held, ...],
    thanked: bool,
    cancelled: bool,
) -> Stage:
    if unlogged is not None:
        return "unlogged"
    if upcoming is not None:
        return "scheduled"
    if held:
        return "thanked" if thanked else "interviewed"
    if cancelled:  # they had said yes; a new time can be found, unless they declined since
        declined = record.declined if record is not None else person.status == Status.DECLINED
        return "declined" if declined else "replied"
    if record is not None:
        if record.declined:
            return "declined"
        if record.replied_at is not None:
            return "replied"
        if clock is not None and clock.state == "no-response":
            return "no-response"
        return "contacted"
    return _BY_HAND.get(person.status, "new")


# Nothing recorded: what the student set by hand (new, or declined / no-response).
_BY_HAND: dict[Status, Stage] = {Status.DECLINED: "declined", Status.NO_RESPONSE: "no-response"}


def _action(
    person: Prospect,
    thanks: ThankYou | None,
    upcoming: Scheduled | None,
    rebook: Cancelled | None,
    record: OutreachRecord | None,
    clock: ClockState | None,
    touch_due: tuple[datetime | None, When | None],
    now: datetime,
    planned: bool,
) -> Action | None:
    touch, last = touch_due
    name, pid = person.name, person.id
    if thanks is not None:
        on = show(thanks.took_place)
        if thanks.logged:
            message = f"thank {name} for the conversation on {on} ({thanks.describe()})"
            command = f"infoview thanks draft {pid}"
        else:
            message = (
                f"log your conversation with {name} (it was on {on}), then send the "
                f"thank-you ({thanks.describe()})"
            )
            command = f"infoview interview log {pid}"
        return Action("thanks", message, command, thanks.due_by, thanks.state == "overdue")
    if upcoming is not None:
        ready = "questions picked" if planned else "no questions picked yet"
        return Action(
            "interview",
            f"interview with {name} on {show(upcoming.scheduled_at)} ({ready})",
            f"infoview questions {'sheet' if planned else 'pick'} {pid}",
            upcoming.scheduled_at,
        )
    if touch is not None and last is not None:
        return Action(
            "touch",
            f"stay in touch with {name} (last contact {show(last)})",
            f"infoview touch {pid} --note ...",
            touch,
            now - touch > timedelta(days=TOUCH_OVERDUE_DAYS),
            by_day=not isinstance(last, datetime),
        )
    if rebook is not None:
        return Action(
            "schedule",
            f"your conversation with {name} on {show(rebook.scheduled_at)} was cancelled: "
            "agree on a new time",
            f"infoview interview schedule {pid} --at ...",
            None,
        )
    if record is None or clock is None:
        return None
    if clock.state == "replied" and record.replied_at is not None:
        return Action(
            "schedule",
            f"{name} replied: agree on a time",
            f"infoview interview schedule {pid} --at ...",
            _start(record.replied_at, now.tzinfo),
            by_day=not isinstance(record.replied_at, datetime),
        )
    if clock.state == "declined":  # nothing due: the reply to a no is drafted when wanted
        return Action(
            "outreach", clock.next_action, f"infoview outreach draft {pid} --declined", None
        )
    if clock.due is None:  # the clock has stopped
        return None
    due = datetime.combine(clock.due, datetime.min.time(), tzinfo=now.tzinfo)
    command = (
        f"infoview outreach draft {pid} --follow-up"
        if clock.state in ("follow-up", "waiting")
        else "infoview outreach list --due"
    )
    return Action("outreach", clock.next_action, command, due, clock.due < now.date(), by_day=True)
