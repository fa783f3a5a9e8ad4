"""The notes for other occasions: the reply to a no, the confirmation before a
conversation, and the stay-in-touch note; each drafted for one person and linted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from infoview.model.dates import day_of, show
from infoview.model.errors import InvalidInput, NotFound
from infoview.model.people import Profile, Prospect
from infoview.rules.asking import message_values
from infoview.rules.draft_review import find_artefacts, with_artefacts
from infoview.rules.drafting import ASK_MINUTES, Draft, Finding, draft_as_dict
from infoview.rules.fields import load_field_map
from infoview.rules.occasions import (
    CHANNELS,
    Kind,
    check_channel,
    check_update,
    compose_occasion,
    confirm_values,
    declined_values,
    lint_occasion,
    touch_values,
)
from infoview.rules.people import find
from infoview.rules.thanks import (
    SPECIFIC_SHORT_MAX_CHARS,
    SPECIFIC_SHORT_MAX_WORDS,
    specific_thing,
    whose_words,
)
from infoview.rules.timeline import Timeline
from infoview.rules.wording import is_casual, relation_of
from infoview.store.registry import PROFILE, PROSPECTS
from infoview.store.workspace import Workspace
from infoview.usecases.timeline import every_timeline


@dataclass(frozen=True)
class OccasionDraft:
    """A note for one person, and what its lint found."""

    kind: Kind
    person: Prospect
    profile: Profile
    line: Timeline  # the person's timeline: what happened, and when
    draft: Draft
    findings: list[Finding]

    def edited(self, subject: str | None, body: str, findings: list[Finding]) -> OccasionDraft:
        """The same note after the student edited it, with the lint of the edited text."""
        return replace(
            self, draft=replace(self.draft, subject=subject, body=body), findings=findings
        )

    def relint(self, subject: str | None, body: str) -> list[Finding]:
        """The lint of this note (as infoview wrote it, or as the student edited it): the
        rules of its kind, and no artefact (their own notes quoted as the person's words)."""
        return lint_occasion_draft(self.kind, subject, body, self.draft.channel, self.line)

    def as_dict(self) -> dict[str, Any]:
        return draft_as_dict(self.person.id, self.draft, self.findings)


def occasion_line(ws: Workspace, kind: Kind, query: str, now: datetime) -> Timeline:
    """The timeline of the person ``query`` names, if this note fits where they are:
    a reply to a no needs a no, a confirmation a scheduled conversation, a
    stay-in-touch note some contact already."""
    person = find(ws.read(PROSPECTS).prospects, query)
    line = every_timeline(ws, now, only={person.id})[person.id]
    name, pid = person.name, person.id
    if kind == "declined" and line.stage != "declined":
        raise InvalidInput(
            f"{name} has not said no (their stage is '{line.stage}'): this note answers a no",
            hint=f"if they did: infoview outreach replied {pid} --declined",
        )
    if kind == "confirm" and line.upcoming is None:
        raise NotFound(
            f"no upcoming conversation with {name} is scheduled",
            hint=f"infoview interview schedule {pid} --at ...",
        )
    if kind == "touch" and line.last_contact is None:
        raise InvalidInput(
            f"you have not been in touch with {name} yet: a stay-in-touch note follows a "
            "conversation",
            hint=f"ask them first: infoview outreach draft {pid}",
        )
    return line


def draft_occasion(
    ws: Workspace,
    kind: Kind,
    line: Timeline,
    *,
    channel: str | None,
    now: datetime,
    update: str = "",
    questions: Mapping[str, str] | None = None,
) -> OccasionDraft:
    """The note of ``kind`` for the person of ``line`` (``occasion_line`` checked that it
    fits where they stand), linted.

    ``channel`` defaults to the channel of the first message when it is one of the
    note's channels, else email. ``update`` is the student's own sentence about what
    they did since (a stay-in-touch note); ``questions`` maps question ids to their
    text, to name an answer by its question.
    """
    person = line.person
    if channel is None:
        first = line.outreach.channel if line.outreach is not None else "email"
        channel = first if first in CHANNELS else "email"
    check_channel(channel)
    profile = ws.read(PROFILE).profile
    if profile is None:
        raise InvalidInput(
            "this draft needs your name, which your profile lacks",
            hint="infoview profile set --name ...",
        )
    casual = is_casual(relation_of(person))
    minutes = line.upcoming.minutes if kind == "confirm" and line.upcoming else ASK_MINUTES
    values = message_values(
        person,
        profile,
        channel=channel,
        people=ws.read(PROSPECTS).prospects,
        field_map=load_field_map(),
        workspace=ws.root,
        today=now.date(),
        minutes=minutes,
        strict=False,
    )
    values |= _occasion_values(kind, line, values, casual, now, update, questions)
    draft = compose_occasion(kind, channel, values, ws.root)
    findings = lint_occasion_draft(kind, draft.subject, draft.body, channel, line)
    return OccasionDraft(kind, person, profile, line, draft, findings)


def _occasion_values(
    kind: Kind,
    line: Timeline,
    values: Mapping[str, str],
    casual: bool,
    now: datetime,
    update: str,
    questions: Mapping[str, str] | None,
) -> dict[str, str]:
    if kind == "declined":
        return declined_values(casual, values["topic"])
    if kind == "confirm":
        assert line.upcoming is not None  # occasion_line refuses a confirmation without one
        return confirm_values(line.upcoming, now, casual)
    latest = line.held[-1] if line.held else None
    return touch_values(
        casual=casual,
        talked=day_of(latest.held_at) if latest else None,
        today=now.date(),
        said=specific_thing(latest, questions) if latest else None,
        said_short=(
            specific_thing(latest, questions, SPECIFIC_SHORT_MAX_WORDS, SPECIFIC_SHORT_MAX_CHARS)
            if latest
            else None
        ),
        update=check_update(update),
        my_name=values["my_name"],
    )


def lint_occasion_draft(
    kind: Kind, subject: str | None, body: str, channel: str, line: Timeline
) -> list[Finding]:
    """The lint of a note for the person of ``line``: its kind's rules and the artefacts
    (a stay-in-touch note may quote only what the student starred)."""
    if not body.strip():
        raise InvalidInput("the draft is empty")
    found = lint_occasion(kind, subject, body, channel, line.person.id)
    own, theirs = whose_words(line.held[-1]) if line.held else ([], [])
    relation = relation_of(line.person).value
    artefacts = find_artefacts(subject, body, relation=relation, own_notes=own, their_words=theirs)
    return with_artefacts(found, artefacts)


def last_contact_text(line: Timeline) -> str:
    """'last contact Mon 12 Oct 2026' for the notice after a stay-in-touch draft."""
    return f"last contact {show(line.last_contact)}" if line.last_contact else "no contact yet"
