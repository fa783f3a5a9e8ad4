"""Thank-you notes: who is owed one, the draft that names what they said, recording it.

Who is owed one lives in ``owed_thanks`` (listing them needs no drafting).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from typing import Any

from infoview.model.dates import When
from infoview.model.errors import InvalidInput
from infoview.model.interviews import Held
from infoview.model.people import Profile, Prospect
from infoview.rules.bank import Bank
from infoview.rules.draft_review import find_artefacts, with_artefacts
from infoview.rules.drafting import Draft, Finding, draft_as_dict
from infoview.rules.fields import load_field_map
from infoview.rules.people import find
from infoview.rules.thanks import (
    check_channel,
    compose_thanks,
    facts_for,
    interview_to_thank,
    lint_thanks,
    mark_thanked,
    whose_words,
)
from infoview.rules.timeline import Timeline, timelines
from infoview.rules.wording import relation_of, work_of
from infoview.store.registry import INTERVIEWS, PROFILE, PROSPECTS
from infoview.store.workspace import Workspace
from infoview.usecases.owed_thanks import OwedThanks, owed_thanks
from infoview.usecases.timeline import documents_in

__all__ = [
    "OwedThanks",
    "Thanked",
    "ThanksDraft",
    "draft_thanks",
    "needs_thanks_person",
    "owed_thanks",
    "record_thanks",
]


@dataclass(frozen=True)
class ThanksDraft:
    person: Prospect
    profile: Profile
    interview: Held
    draft: Draft
    findings: list[Finding]

    def edited(self, subject: str | None, body: str, findings: list[Finding]) -> ThanksDraft:
        """The same draft after the student edited it, with the lint of the edited text."""
        return replace(
            self, draft=replace(self.draft, subject=subject, body=body), findings=findings
        )

    def relint(self, subject: str | None, body: str) -> list[Finding]:
        """The lint of this thank-you (as infoview wrote it, or as the student edited it):
        the thanks rules, and no artefact, such as their own notes quoted as its words."""
        found = lint_thanks(subject, body, self.draft.channel, self.person.id)
        own, theirs = whose_words(self.interview)
        relation = relation_of(self.person).value
        artefacts = find_artefacts(
            subject, body, relation=relation, own_notes=own, their_words=theirs
        )
        return with_artefacts(found, artefacts)

    def as_dict(self) -> dict[str, Any]:
        return draft_as_dict(self.person.id, self.draft, self.findings)


def draft_thanks(
    ws: Workspace, bank: Bank, query: str, channel: str, zone: tzinfo | None
) -> ThanksDraft:
    """The thank-you to the person ``query`` names for their latest conversation, linted."""
    check_channel(channel)
    people = ws.read(PROSPECTS).prospects
    person = find(people, query)
    interview = interview_to_thank(ws.read(INTERVIEWS), person, zone)
    profile = ws.read(PROFILE).profile
    if profile is None:
        raise InvalidInput(
            "this draft needs your name, which your profile lacks",
            hint="infoview profile set --name ...",
        )
    questions = {q.id: q.text for q in bank.questions}
    field = work_of(person, load_field_map()).short
    facts = facts_for(person, interview, people, profile.name, field, questions)
    draft = compose_thanks(channel, facts, ws.root)
    result = ThanksDraft(person, profile, interview, draft, [])
    return replace(result, findings=result.relint(draft.subject, draft.body))


def needs_thanks_person(ws: Workspace, query: str, zone: tzinfo | None) -> Prospect:
    """The person a thank-you draft is for, checked before the profile is completed."""
    person = find(ws.read(PROSPECTS).prospects, query)
    interview_to_thank(ws.read(INTERVIEWS), person, zone)
    return person


@dataclass(frozen=True)
class Thanked:
    person: Prospect
    interview: Held
    thanked_at: When
    corrected: When | None  # the date recorded before, when this corrected it
    timeline: Timeline  # the person's timeline after it


def record_thanks(ws: Workspace, query: str, when: When, channel: str, now: datetime) -> Thanked:
    """Record the thank-you (or correct its date and channel); it moves the person to
    thanked and starts the stay-in-touch clock."""
    check_channel(channel)
    with ws.transaction() as tx:
        person = find(tx.get(PROSPECTS).prospects, query)
        done = mark_thanked(tx, person, when, channel, now)
        line = timelines(documents_in(tx), now, only={person.id})[person.id]
    return Thanked(line.person, done.interview, when, done.corrected, line)
