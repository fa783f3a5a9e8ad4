"""A person's whole story, for `prospect show`: their details, who led to whom, every
message, conversation and contact, the thank-you, and the one thing to do next.

It is their timeline (``rules/timeline.py``) with the people around them, so it
says what `next`, `thanks` and `outreach list` say about them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from infoview.model.contacts import Contact
from infoview.model.dates import to_iso
from infoview.model.interviews import Cancelled, Held, Scheduled, StateNow, state_at
from infoview.model.outreach import OutreachRecord
from infoview.model.people import Prospect
from infoview.rules import people
from infoview.rules.status import gather
from infoview.rules.thank_clock import thanked_in_time
from infoview.rules.timeline import Timeline, timelines
from infoview.store.registry import PROSPECTS, people_warnings
from infoview.store.workspace import Workspace


@dataclass(frozen=True)
class Story:
    line: Timeline
    referrer: Prospect | None  # who suggested them, when still on the list
    referred: list[Prospect]  # whom they suggested, who are on the list
    now: datetime
    warnings: list[str] = field(default_factory=list)

    @property
    def person(self) -> Prospect:
        return self.line.person

    def state(self, interview: Scheduled | Cancelled | Held) -> StateNow:
        return state_at(interview, self.now)

    def in_time(self, held: Held) -> bool | None:
        return thanked_in_time(held, self.now.tzinfo)

    def as_dict(self) -> dict[str, Any]:
        """The person's details as stored, and their story under stable keys."""
        line = self.line
        return {
            **self.person.model_dump(mode="json"),
            "stage": line.stage,
            "referrer": _named(self.referrer) if self.referrer else None,
            "referred": [_named(p) for p in self.referred],
            "outreach": _outreach(line.outreach) if line.outreach else None,
            "interviews": [self._interview(i) for i in line.interviews],
            "thank_you": self._thank_you(),
            "contacts": [_contact(c) for c in line.contacts],
            "history": [e.as_dict() for e in line.events],
            "next": line.action.as_dict() if line.action else None,
        }

    def _interview(self, i: Scheduled | Cancelled | Held) -> dict[str, Any]:
        held = i if isinstance(i, Held) else None
        return {
            "id": i.id,
            "state": self.state(i),
            "scheduled_at": to_iso(i.scheduled_at) if i.scheduled_at else None,
            "held_at": to_iso(held.held_at) if held else None,
            "minutes": i.minutes,
            "mode": i.mode.value,
            "where": i.where or None,
            "link": i.link,
            "interest": held.interest if held else None,
            "thanked_at": to_iso(held.thanked_at) if held and held.thanked_at else None,
            "thanks_channel": held.thanks_channel if held else None,
            "thanked_in_time": self.in_time(held) if held else None,
        }

    def _thank_you(self) -> dict[str, Any] | None:
        """The thank-you owed now, else the latest one sent; None before any conversation."""
        owed = self.line.thanks
        if owed is not None:
            return {
                "state": "overdue" if owed.state == "overdue" else "late" if owed.late else "due",
                "for": owed.conversation.id,
                "due_by": to_iso(owed.due_by),
                "sent_at": None,
                "channel": None,
                "in_time": None,
            }
        sent = next((h for h in reversed(self.line.held) if h.thanked_at is not None), None)
        if sent is None or sent.thanked_at is None:
            return None
        return {
            "state": "sent",
            "for": sent.id,
            "due_by": None,
            "sent_at": to_iso(sent.thanked_at),
            "channel": sent.thanks_channel,
            "in_time": self.in_time(sent),
        }


def _named(p: Prospect) -> dict[str, str]:
    return {"id": p.id, "name": p.name, "status": p.status.value}


def _outreach(r: OutreachRecord) -> dict[str, Any]:
    return {
        "channel": r.channel,
        "sent_at": to_iso(r.sent_at),
        "follow_ups": [to_iso(f) for f in r.follow_ups],
        "replied_at": to_iso(r.replied_at) if r.replied_at else None,
        "declined": r.declined,
    }


def _contact(c: Contact) -> dict[str, str]:
    return {"at": to_iso(c.at), "channel": c.channel, "note": c.note}


def person_story(ws: Workspace, query: str, now: datetime) -> Story:
    """The whole story of the one person ``query`` names, at ``now``."""
    listed = ws.read(PROSPECTS)  # read once, for the timelines and the warnings
    docs = gather(lambda doc: listed if doc is PROSPECTS else ws.read(doc))
    person = people.find(docs.prospects, query)
    line = timelines(docs, now, only={person.id})[person.id]
    by_id = {p.id: p for p in docs.prospects}
    referrer = by_id.get(person.referred_by) if person.referred_by else None
    named = [r for h in line.held for r in h.referrals]
    by_them = [p.id for p in docs.prospects if p.referred_by == person.id]
    referred = [
        by_id[i] for i in dict.fromkeys([*by_them, *named]) if i in by_id and i != person.id
    ]
    warnings = people_warnings(listed)
    return Story(line, referrer, referred, now, warnings)
