"""Staying in touch: logged contacts, and when each thanked person is due a note again.

The timer runs from the latest contact of any kind (outreach, interview, thank-you
or a logged touch) and only for people already thanked (docs/method.md, step 7).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from infoview.model.base import build
from infoview.model.contacts import Contact, ContactsFile
from infoview.model.errors import InvalidInput
from infoview.model.interviews import InterviewsFile
from infoview.model.outreach import OutreachFile
from infoview.model.people import Prospect
from infoview.model.vocab import CONTACT_CHANNELS, Status
from infoview.store.registry import CONTACTS
from infoview.store.workspace import Transaction


def log_touch(
    tx: Transaction, person: Prospect, at: datetime, channel: str, note: str, now: datetime
) -> Contact:
    if at > now:
        raise InvalidInput("that date is in the future; log a contact once it has happened")
    if channel not in CONTACT_CHANNELS:
        raise InvalidInput(f"--channel must be one of {', '.join(CONTACT_CHANNELS)}")
    # build: a note too long or with a control character is the student's input (exit 1).
    contact = build(Contact, {"person": person.id, "at": at, "channel": channel, "note": note})
    file = tx.get(CONTACTS)
    tx.put(CONTACTS, ContactsFile(contacts=[*file.contacts, contact]))
    return contact


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
