"""Thank-you notes: who is owed one, the draft that names what they said, recording it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from infoview.model.dates import to_iso
from infoview.model.errors import InvalidInput
from infoview.model.interviews import Interview
from infoview.model.people import Profile, Prospect
from infoview.rules.bank import Bank
from infoview.rules.drafting import Draft, Finding, broad_field, draft_as_dict
from infoview.rules.people import find
from infoview.rules.thanks import (
    Owed,
    check_channel,
    compose_thanks,
    facts_for,
    interview_to_thank,
    lint_thanks,
    mark_thanked,
    owed,
)
from infoview.store.registry import INTERVIEWS, PROFILE, PROSPECTS
from infoview.store.workspace import Workspace


def owed_thanks(ws: Workspace, now: datetime) -> list[Owed]:
    """Everyone owed a thank-you at ``now``, most urgent first."""
    return owed(ws.read(INTERVIEWS), ws.read(PROSPECTS).prospects, now)


def owed_as_dict(o: Owed) -> dict[str, Any]:
    return {
        "person": o.person.id,
        "held_at": to_iso(o.held_at),
        "due_by": to_iso(o.due_by),
        "overdue_from": to_iso(o.overdue_from),
        "state": o.state,
        "late": o.late,
    }


@dataclass(frozen=True)
class ThanksDraft:
    person: Prospect
    profile: Profile
    interview: Interview
    draft: Draft
    findings: list[Finding]

    def edited(self, subject: str | None, body: str, findings: list[Finding]) -> ThanksDraft:
        """The same draft after the student edited it, with the lint of the edited text."""
        return replace(
            self, draft=replace(self.draft, subject=subject, body=body), findings=findings
        )

    def as_dict(self) -> dict[str, Any]:
        return draft_as_dict(self.person.id, self.draft, self.findings)


def draft_thanks(ws: Workspace, bank: Bank, query: str, channel: str) -> ThanksDraft:
    """The thank-you to the person ``query`` names for their latest conversation, linted."""
    check_channel(channel)
    people = ws.read(PROSPECTS).prospects
    person = find(people, query)
    interview = interview_to_thank(ws.read(INTERVIEWS), person)
    profile = ws.read(PROFILE).profile
    if profile is None:
        raise InvalidInput(
            "this draft needs your name, which your profile lacks",
            hint="infoview profile set --name ...",
        )
    facts = facts_for(person, interview, people, profile.name, broad_field(bank, person))
    draft = compose_thanks(channel, facts, ws.root)
    findings = lint_thanks(draft.subject, draft.body, channel)
    return ThanksDraft(person, profile, interview, draft, findings)


def needs_thanks_person(ws: Workspace, query: str) -> Prospect:
    """The person a thank-you draft is for, checked before the profile is completed."""
    person = find(ws.read(PROSPECTS).prospects, query)
    interview_to_thank(ws.read(INTERVIEWS), person)
    return person


@dataclass(frozen=True)
class Thanked:
    person: Prospect
    interview: Interview
    thanked_at: datetime

    @property
    def next_touch(self) -> datetime | None:
        """Around when the stay-in-touch clock asks for a note (None: no reminders)."""
        days = self.person.cadence_days
        return self.thanked_at + timedelta(days=days) if days is not None else None


def record_thanks(
    ws: Workspace, query: str, when: datetime, channel: str, now: datetime
) -> Thanked:
    """Record the thank-you; it moves the person to thanked and starts the stay-in-touch clock."""
    check_channel(channel)
    with ws.transaction() as tx:
        person = find(tx.get(PROSPECTS).prospects, query)
        interview = mark_thanked(tx, person, when, channel, now)
    assert interview.thanked_at is not None  # mark_thanked has just set it
    return Thanked(person, interview, interview.thanked_at)
