"""Staying in touch: logged contacts, and when each thanked person is due a note again.

The timer runs from the latest contact of any kind (outreach, interview, thank-you
or a logged touch) and only for people already thanked (DESIGN.md, step 7).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from infoview.model.errors import InvalidInput
from infoview.model.people import PersonId, Prospect, StoredModel, Timestamp
from infoview.model.text import clean_multiline
from infoview.model.vocab import Status
from infoview.rules.interviews import InterviewsFile
from infoview.rules.outreach import OutreachFile
from infoview.rules.people import build
from infoview.store.workspace import Document, Transaction

TOUCH_CHANNELS = ("email", "text", "linkedin", "phone", "in-person", "card", "other")


class Contact(StoredModel):
    person: PersonId
    at: Timestamp
    channel: Literal["email", "text", "linkedin", "phone", "in-person", "card", "other"] = "email"
    note: Annotated[
        str, AfterValidator(lambda v: clean_multiline(v, what="note", max_length=5_000))
    ] = ""


class ContactsFile(StoredModel):
    schema_version: Literal[1] = 1
    contacts: list[Contact] = Field(default_factory=list)


CONTACTS = Document("contacts.json", ContactsFile, 1)


def log_touch(
    tx: Transaction, person: Prospect, at: datetime, channel: str, note: str, now: datetime
) -> Contact:
    if at > now:
        raise InvalidInput("that date is in the future; log a contact once it has happened")
    if channel not in TOUCH_CHANNELS:
        raise InvalidInput(f"--channel must be one of {', '.join(TOUCH_CHANNELS)}")
    # build: a note too long or with a control character is the student's input (exit 1).
    contact = build(Contact, {"person": person.id, "at": at, "channel": channel, "note": note})
    file = tx.get(CONTACTS)
    tx.put(CONTACTS, ContactsFile(contacts=[*file.contacts, contact]))
    return contact


def last_contact(
    person_id: str, outreach: OutreachFile, interviews: InterviewsFile, contacts: ContactsFile
) -> datetime | None:
    """The latest contact of any kind with this person."""
    moments: list[datetime] = []
    for r in outreach.records:
        if r.person == person_id:
            moments += [r.sent_at, *r.follow_ups]
            if r.replied_at:
                moments.append(r.replied_at)
    for i in interviews.interviews:
        if i.person == person_id:
            moments += [t for t in (i.held_at, i.thanked_at) if t is not None]
    moments += [c.at for c in contacts.contacts if c.person == person_id]
    return max(moments) if moments else None


def _last_contacts(
    outreach: OutreachFile, interviews: InterviewsFile, contacts: ContactsFile
) -> dict[str, datetime]:
    """last_contact for everyone in one pass (same moments, same order, so same ties)."""
    latest: dict[str, datetime] = {}

    def see(person_id: str, moment: datetime) -> None:
        seen = latest.get(person_id)
        if seen is None or moment > seen:
            latest[person_id] = moment

    for r in outreach.records:
        for moment in (r.sent_at, *r.follow_ups):
            see(r.person, moment)
        if r.replied_at:
            see(r.person, r.replied_at)
    for i in interviews.interviews:
        for t in (i.held_at, i.thanked_at):
            if t is not None:
                see(i.person, t)
    for c in contacts.contacts:
        see(c.person, c.at)
    return latest


@dataclass(frozen=True)
class TouchDue:
    person: Prospect
    last: datetime
    due: datetime


def touch_due(
    prospects: list[Prospect],
    outreach: OutreachFile,
    interviews: InterviewsFile,
    contacts: ContactsFile,
) -> list[TouchDue]:
    """When each thanked person with a cadence is next due a note, soonest first."""
    latest = _last_contacts(outreach, interviews, contacts)
    out = []
    for p in prospects:
        if p.status != Status.THANKED or p.cadence_days is None:
            continue
        last = latest.get(p.id)
        if last is not None:
            out.append(TouchDue(p, last, last + timedelta(days=p.cadence_days)))
    return sorted(out, key=lambda t: t.due)


def forget_contacts(tx: Transaction, person_id: str) -> None:
    file = tx.get(CONTACTS)
    kept = [c for c in file.contacts if c.person != person_id]
    if len(kept) != len(file.contacts):
        tx.put(CONTACTS, ContactsFile(contacts=kept))
