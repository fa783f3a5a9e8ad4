"""A person's history: what happened with them, oldest first, for `prospect show`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from infoview.model.contacts import Contact
from infoview.model.dates import When, sort_key, to_iso
from infoview.model.interviews import Cancelled, Held, Scheduled
from infoview.model.outreach import OutreachRecord
from infoview.model.people import Prospect


class Event(NamedTuple):
    """One thing that happened with a person, for their history."""

    when: When
    what: str

    def as_dict(self) -> dict[str, str]:
        return {"when": to_iso(self.when), "what": self.what}


def history(
    person: Prospect,
    record: OutreachRecord | None,
    interviews: Iterable[Scheduled | Cancelled | Held],
    contacts: Iterable[Contact],
    names: Mapping[str, str],
) -> tuple[Event, ...]:
    """What happened, oldest first."""
    events = [Event(person.created_at, "added to your list")]
    if record is not None:
        events.append(Event(record.sent_at, f"you wrote to them ({record.channel})"))
        events += [Event(f, f"follow-up {n}") for n, f in enumerate(record.follow_ups, start=1)]
        if record.replied_at is not None:
            said = "they declined" if record.declined else "they replied"
            events.append(Event(record.replied_at, said))
    for i in interviews:
        if isinstance(i, Held):
            events.append(
                Event(i.held_at, f"conversation held ({i.minutes} minutes, {i.mode.value})")
            )
            if i.referrals:
                who = ", ".join(names.get(r, r) for r in i.referrals)
                events.append(Event(i.held_at, f"they suggested {who}"))
            if i.thanked_at is not None:
                events.append(Event(i.thanked_at, f"thank-you sent ({i.thanks_channel})"))
        elif isinstance(i, Scheduled):
            events.append(Event(i.scheduled_at, "conversation scheduled for this time"))
        else:
            events.append(
                Event(i.scheduled_at, "conversation cancelled (it was set for this time)")
            )
    events += [Event(c.at, f"stay-in-touch contact ({c.channel})") for c in contacts]
    return tuple(sorted(events, key=lambda e: sort_key(e.when)))
