"""Staying in touch: the contacts the student logs.

When each thanked person is due a note again is the timeline's to say
(``timeline.py``): every cadence days after the latest contact of any kind
(docs/method.md, step 7).
"""

from __future__ import annotations

from datetime import datetime

from infoview.model.base import build
from infoview.model.contacts import Contact, ContactsFile
from infoview.model.dates import When, is_before
from infoview.model.errors import InvalidInput
from infoview.model.people import Prospect
from infoview.model.vocab import CONTACT_CHANNELS
from infoview.store.registry import CONTACTS
from infoview.store.workspace import Transaction


def log_touch(
    tx: Transaction, person: Prospect, at: When, channel: str, note: str, now: datetime
) -> Contact:
    if is_before(now, at):
        raise InvalidInput("that date is in the future; log a contact once it has happened")
    if channel not in CONTACT_CHANNELS:
        raise InvalidInput(f"--channel must be one of {', '.join(CONTACT_CHANNELS)}")
    # build: a note too long or with a control character is the student's input (exit 1).
    contact = build(Contact, {"person": person.id, "at": at, "channel": channel, "note": note})
    file = tx.get(CONTACTS)
    tx.put(CONTACTS, ContactsFile(contacts=[*file.contacts, contact]))
    return contact
