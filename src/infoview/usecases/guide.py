"""What `infoview start` decides and stores, as it walks a student through the path.

The guide itself (``cli/commands/start.py``) asks the questions and runs the
ordinary commands; here is what it reads to know where the student stands
(built on ``rules/guide.py``), what it suggests (nearby fields, whom to ask
first, how to reach them) and the little it keeps in ``guide.json``: the steps
marked done, the first person, for whom a message was drafted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from infoview.model.errors import InvalidInput
from infoview.model.guide import MarkedStep
from infoview.model.people import Profile, Prospect
from infoview.model.text import fold
from infoview.model.vocab import DRAFT_CHANNELS
from infoview.rules.agenda import ask_order
from infoview.rules.fields import FieldMap
from infoview.rules.guide import Progress, choose_first, mark, mark_drafted, progress
from infoview.rules.people import find
from infoview.rules.timeline import Timeline
from infoview.store.registry import PROFILE, PROSPECTS
from infoview.store.workspace import Workspace
from infoview.usecases.timeline import every_timeline

# --- where the student stands -------------------------------------------------


def where_now(ws: Workspace) -> Progress:
    """Which steps are done (read from the data and ``guide.json``) and who is first."""
    return progress(ws)


def listed_people(ws: Workspace) -> list[Prospect]:
    return ws.read(PROSPECTS).prospects


def student_profile(ws: Workspace) -> Profile | None:
    return ws.read(PROFILE).profile


def usual_field(ws: Workspace) -> str:
    """The field a new person is first offered: the student's first interest, or ''."""
    profile = student_profile(ws)
    return profile.interests[0] if profile and profile.interests else ""


def first_person(ws: Workspace) -> Prospect:
    """The person the student chose to ask first (the steps after "first" need one)."""
    first = progress(ws).first_person
    person = next((p for p in listed_people(ws) if p.id == first), None)
    if person is None:
        raise InvalidInput("no first person is chosen yet", hint="run `infoview start`")
    return person


def where_they_stand(ws: Workspace, person: Prospect, now: datetime) -> Timeline:
    """The person's timeline: what `next`, `thanks` and `prospect show` say of them."""
    return every_timeline(ws, now, only={person.id})[person.id]


# --- what the guide suggests --------------------------------------------------


@dataclass(frozen=True)
class NearbyFields:
    """The student's interests, which of them the field map knows, and the fields
    next to them the student could add (never one they already have)."""

    interests: tuple[str, ...]
    known: tuple[str, ...]  # the interests the map knows: `infoview broaden` shows them
    unknown: tuple[str, ...]  # the interests it has no neighbours for
    suggested: tuple[str, ...]  # lower case, as a student would write an interest


def nearby_fields(ws: Workspace, field_map: FieldMap, limit: int) -> NearbyFields:
    """Up to ``limit`` fields next to the student's interests, closest first."""
    profile = student_profile(ws)
    interests = tuple(profile.interests) if profile else ()
    seen = {fold(i) for i in interests}
    known: list[str] = []
    unknown: list[str] = []
    suggested: list[str] = []
    for interest in interests:
        match = field_map.resolve(interest)
        if match is None:
            unknown.append(interest)
            continue
        known.append(interest)
        seen.add(fold(match.field.name))
        for near in field_map.neighbours(match.field.id):
            if fold(near.name) not in seen:
                seen.add(fold(near.name))
                suggested.append(near.name)  # as the map writes it: "UX and UI Design"
    return NearbyFields(interests, tuple(known), tuple(unknown), tuple(suggested[:limit]))


def ask_first_order(ws: Workspace, now: datetime) -> list[Prospect]:
    """Whom the student could ask first, the likeliest to say yes first.

    The people not asked yet (as their timelines say); when everyone was, anyone
    who has not said no.
    """
    lines = every_timeline(ws, now).values()
    fresh = [line.person for line in lines if line.stage == "new"] or [
        line.person for line in lines if line.stage != "declined"
    ]
    if not fresh:
        raise InvalidInput(
            "everyone on your list has said no for now", hint="add someone: infoview start"
        )
    return sorted(fresh, key=ask_order)


def channels_for(person: Prospect) -> list[str]:
    """The ways to send the first message, those the student has an address for first."""
    usable = {
        "email": bool(person.email),
        "text": bool(person.phone),
        "linkedin": bool(person.linkedin),
        "phone": bool(person.phone),
    }
    return sorted(DRAFT_CHANNELS, key=lambda channel: not usable[channel])


# --- what the guide keeps -----------------------------------------------------


def mark_done(ws: Workspace, step: MarkedStep, now: datetime) -> None:
    """Mark a step that leaves no other trace (broaden, prospects, finished) as done."""
    with ws.transaction() as tx:
        mark(tx, step, now)


def choose_first_person(ws: Workspace, query: str, now: datetime) -> Prospect:
    """Keep whom the student asks first; the steps after it start again for them."""
    with ws.transaction() as tx:
        person = find(tx.get(PROSPECTS).prospects, query)
        choose_first(tx, person.id, now)
    return person


def drafted_for(ws: Workspace, query: str, now: datetime) -> Prospect:
    """Keep that the first message to this person was drafted."""
    with ws.transaction() as tx:
        person = find(tx.get(PROSPECTS).prospects, query)
        mark_drafted(tx, person.id, now)
    return person
