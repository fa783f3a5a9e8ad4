"""Staying in touch: logging a contact, which resets the person's reminder."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import NamedTuple

from infoview.model.contacts import Contact
from infoview.model.dates import When, day_of
from infoview.model.people import Prospect
from infoview.rules.people import find
from infoview.rules.touch import log_touch
from infoview.store.registry import PROSPECTS
from infoview.store.workspace import Workspace


class Touched(NamedTuple):
    person: Prospect
    contact: Contact

    @property
    def next_note(self) -> date | None:
        """Around when the next stay-in-touch note is due (None: no reminders for them)."""
        days = self.person.cadence_days
        return day_of(self.contact.at) + timedelta(days=days) if days else None


def log_contact(
    ws: Workspace, query: str, when: When, channel: str, note: str, now: datetime
) -> Touched:
    """Log a stay-in-touch contact with the person ``query`` names."""
    with ws.transaction() as tx:
        person = find(tx.get(PROSPECTS).prospects, query)
        contact = log_touch(tx, person, when, channel, note, now)
    return Touched(person, contact)
