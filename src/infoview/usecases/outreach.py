"""Asking for a conversation: the draft, recording what was sent and the reply, the clock."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from infoview.model.dates import When, day_of, to_iso
from infoview.model.errors import InvalidInput
from infoview.model.outreach import OutreachRecord
from infoview.model.people import Profile, Prospect
from infoview.model.text import fold
from infoview.model.vocab import DRAFT_CHANNELS, Status
from infoview.rules.asking import FirstMessage, message_values
from infoview.rules.draft_review import find_artefacts, repeated_openings, with_artefacts
from infoview.rules.drafting import (
    ASK_MINUTES,
    Draft,
    Finding,
    check_style,
    compose,
    draft_as_dict,
    lint_draft,
)
from infoview.rules.fields import load_field_map
from infoview.rules.followup_clock import follow_up_limit, is_last_follow_up
from infoview.rules.outreach import check_follow_up_allowed, mark_replied, mark_sent, record_for
from infoview.rules.people import find, move_status
from infoview.rules.picking import plan_for
from infoview.rules.timeline import Action, Timeline, timelines
from infoview.rules.wording import relation_of
from infoview.store.registry import PROFILE, PROSPECTS
from infoview.store.workspace import Workspace
from infoview.usecases.timeline import documents_in, every_timeline, read_documents


@dataclass(frozen=True)
class Drafted:
    """A draft for one person, and what its lint found."""

    person: Prospect
    profile: Profile
    draft: Draft
    findings: list[Finding]
    minutes: int  # the length of the conversation the draft asks for
    advice: str | None = None  # the draft that fits better where the person stands

    def edited(self, subject: str | None, body: str, findings: list[Finding]) -> Drafted:
        """The same draft after the student edited it, with the lint of the edited text."""
        return replace(
            self, draft=replace(self.draft, subject=subject, body=body), findings=findings
        )

    def relint(self, subject: str | None, body: str) -> list[Finding]:
        """The lint of this draft as the student edited it."""
        draft = self.draft
        return lint_outreach(
            subject, body, channel=draft.channel, style=draft.style, follow_up=draft.follow_up,
            minutes=self.minutes, relation=relation_of(self.person).value, person=self.person.id,
        )  # fmt: skip

    def as_dict(self) -> dict[str, Any]:
        return {
            **draft_as_dict(self.person.id, self.draft, self.findings),
            "style": self.draft.style,
            "minutes": self.minutes,
            "advice": self.advice,
        }


def draft_outreach(
    ws: Workspace,
    query: str,
    *,
    channel: str | None,
    style: str,
    follow_up: bool,
    now: datetime,
    minutes: int | None = None,
) -> Drafted:
    """The ask (or the follow-up) to the person ``query`` names, linted.

    It asks for ``minutes``, else the minutes of the person's plan (``questions
    pick --minutes``), else 30. A follow-up goes on the channel of the first
    message unless ``channel`` says otherwise, and names that message and its
    day as people write them. The profile must already have a name (the CLI
    asks for missing facts first).
    """
    docs = read_documents(ws)  # each file once: the draft and where the person stands
    people = docs.prospects
    person = find(people, query)
    profile = ws.read(PROFILE).profile
    if profile is None:
        raise InvalidInput(
            "this draft needs your name, which your profile lacks",
            hint="infoview profile set --name ...",
        )
    record = record_for(docs.outreach, person.id)
    first = None
    if follow_up:
        first = _first_message(person, record)
        assert record is not None  # _first_message refuses a follow-up to nobody
        limit = follow_up_limit(docs.settings)
        check_follow_up_allowed(record, person, limit)
        first = replace(first, last=is_last_follow_up(record, limit))
    if channel is None:
        channel = first.channel if first and first.channel in DRAFT_CHANNELS else "email"
    check_style(channel, style)
    if minutes is None:
        plan = plan_for(docs.plans, person.id)
        minutes = plan.minutes if plan is not None else ASK_MINUTES
    values = message_values(
        person,
        profile,
        channel=channel,
        people=people,
        field_map=load_field_map(),
        workspace=ws.root,
        today=now.date(),
        minutes=minutes,
        first=first,
    )
    kind = "ask" if first is None else ("follow-up-last" if first.last else "follow-up")
    draft = compose(channel, style, kind, values, ws.root)
    relation = relation_of(person).value
    findings = lint_outreach(
        draft.subject, draft.body, channel=channel, style=style, follow_up=follow_up,
        minutes=minutes, relation=relation, person=person.id,
    )  # fmt: skip
    stage = timelines(docs, now, {person.id})[person.id].stage
    return Drafted(person, profile, draft, findings, minutes, better_draft(person, stage, first))


# Where a person stands, and the note that fits there instead of an ask: (why, command).
BETTER = {
    "declined": ("{name} said no: thank them anyway", "infoview outreach draft {id} --declined"),
    "scheduled": (
        "your conversation with {name} is booked: confirm it the day before",
        "infoview interview confirm {id}",
    ),
    "unlogged": ("your conversation with {name} took place: log it", "infoview interview log {id}"),
    "interviewed": ("you talked with {name}: thank them", "infoview thanks draft {id}"),
    "thanked": (
        "you talked with {name} and thanked them: stay in touch",
        "infoview touch draft {id}",
    ),
    "replied": ("{name} replied: agree on a time", "infoview interview schedule {id} --at ..."),
    "contacted": (
        "you asked {name} already: follow up",
        "infoview outreach draft {id} --follow-up",
    ),
}


def better_draft(person: Prospect, stage: str, first: FirstMessage | None) -> str | None:
    """What to send instead, when this ask or follow-up does not fit where ``person``
    stands (already asked, booked, talked with, thanked, declined); None when it fits."""
    if stage in ("new", "no-response") or (first is not None and stage == "contacted"):
        return None
    why, command = BETTER[stage]
    return f"{why.format(name=person.name)}: {command.format(id=person.id)}"


def _first_message(person: Prospect, record: OutreachRecord | None) -> FirstMessage:
    if record is None:
        raise InvalidInput(
            f"no message to {person.name} is recorded yet, so there is nothing to follow up",
            hint=f"draft the first one: infoview outreach draft {person.id}; once sent: "
            f"infoview outreach sent {person.id}",
        )
    return FirstMessage(record.channel, day_of(record.sent_at), last=False)


def lint_outreach(
    subject: str | None,
    body: str,
    *,
    channel: str,
    style: str,
    follow_up: bool,
    minutes: int = ASK_MINUTES,
    relation: str | None = None,
    person: str = "PERSON",
) -> list[Finding]:
    """Everything a draft (infoview's, edited, or the student's own) should change: what
    gets a reply, and what would embarrass the student (``rules/draft_review.py``).

    ``minutes`` is the length to ask for, named when the draft does not say how long;
    ``relation`` and ``person`` (the id), when the person is known: how the student
    knows them, and whom a suggested command names.
    """
    check_style(channel, style)
    if not body.strip():
        raise InvalidInput("the draft is empty")
    found = lint_draft(subject, body, channel, style, follow_up, minutes, person)
    return with_artefacts(found, find_artefacts(subject, body, relation=relation))


def lint_batch(drafts: Sequence[tuple[str, str | None, str]]) -> list[Finding]:
    """What several drafts (name, subject, body) should change together: the same
    opening sentence, or the same generic subject, sent to different people."""
    return repeated_openings(drafts)


@dataclass(frozen=True)
class Sent:
    person: Prospect
    record: OutreachRecord
    follow_up: bool  # a follow-up to an earlier message, not the first one


def record_sent(ws: Workspace, query: str, channel: str, when: When, now: datetime) -> Sent:
    """Record a first message to the person, or a follow-up if one went already."""
    with ws.transaction() as tx:
        person = find(tx.get(PROSPECTS).prospects, query)
        record, follow_up = mark_sent(tx, person, channel, when, now)
    return Sent(person, record, follow_up)


@dataclass(frozen=True)
class Replied:
    person: Prospect
    record: OutreachRecord


def record_reply(
    ws: Workspace, query: str, when: When, *, declined: bool, now: datetime
) -> Replied:
    """Record their answer; it stops the follow-up clock."""
    with ws.transaction() as tx:
        person = find(tx.get(PROSPECTS).prospects, query)
        record = mark_replied(tx, person, when, declined, now)
    return Replied(person, record)


@dataclass(frozen=True)
class OutreachRow:
    """One person asked, and their one next action (the timeline's)."""

    person: Prospect
    record: OutreachRecord
    action: Action | None

    def as_dict(self) -> dict[str, Any]:
        record, action = self.record, self.action
        return {
            "person": self.person.id,
            "channel": record.channel,
            "sent_at": to_iso(record.sent_at),
            "replied_at": to_iso(record.replied_at) if record.replied_at else None,
            "follow_ups": len(record.follow_ups),
            "next_action": action.message if action else None,
            "due": to_iso(action.due_when) if action and action.due_when else None,
        }


@dataclass(frozen=True)
class OutreachList:
    rows: list[OutreachRow]
    stopped: list[Prospect] = field(default_factory=list)  # just marked no-response

    def as_dict(self) -> list[dict[str, Any]]:
        return [row.as_dict() for row in self.rows]


def list_outreach(ws: Workspace, now: datetime, *, due_only: bool) -> OutreachList:
    """Everyone asked, with their next action and when, the soonest first.

    People whose clock ran out (no reply after the last follow-up) are moved to
    no-response on the way, in one transaction.
    """
    lines = every_timeline(ws, now)
    stopped: list[Prospect] = []
    if any(_ran_out(line) for line in lines.values()):
        with ws.transaction() as tx:
            lines = timelines(documents_in(tx), now)
            for line in lines.values():
                if _ran_out(line):
                    move_status(tx, line.person.id, Status.NO_RESPONSE, now)
                    stopped.append(line.person)
    rows = [
        OutreachRow(line.person, line.outreach, line.action)
        for line in lines.values()
        if line.outreach is not None
    ]
    if due_only:
        rows = [r for r in rows if r.action and r.action.due and r.action.due <= now]
    rows.sort(key=_soonest)
    return OutreachList(rows, stopped)


def _soonest(row: OutreachRow) -> tuple[bool, float, str]:
    due = row.action.due if row.action else None
    return (due is None, due.timestamp() if due else 0.0, fold(row.person.name))


def _ran_out(line: Timeline) -> bool:
    return line.stage == "no-response" and line.person.status == Status.CONTACTED
