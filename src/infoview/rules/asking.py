"""What a message to one person says: the values that fill a draft template.

The words follow how the student knows them (``wording.py``): family and friends
get a casual note with no self-introduction; teachers, alumni, referrals and
strangers a polite one that says who the student is. The sentence that says how
they know each other comes from ``connections.txt``; a relation with several
sentences takes turns, so the neighbours drafted one evening do not all read the
same words. A referral names the referrer first and in the subject; alumni name
the shared school; a stranger is told where the student found them.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from infoview.model.errors import InvalidInput
from infoview.model.names import has_kinship, named_to_others
from infoview.model.people import Profile, Prospect
from infoview.model.text import indefinite_article
from infoview.model.vocab import Relation
from infoview.rules.drafting import ASK_MINUTES, read_template, template_path
from infoview.rules.fields import FieldMap
from infoview.rules.wording import (
    address_for,
    first_message,
    greeting,
    is_casual,
    relation_of,
    spoken_day,
    take_turns,
    work_of,
)

# Where a voicemail's number goes when the profile has none: the lint reports it as a gap.
MISSING_PHONE = "[YOUR PHONE NUMBER]"


@dataclass(frozen=True)
class FirstMessage:
    """The first message a follow-up refers to."""

    channel: str
    day: date
    last: bool  # the follow-up drafted is the last one the settings allow


def connection_lines(workspace: Path) -> dict[str, list[str]]:
    """connections.txt: every 'key: sentence' line, sentences of one key in file order."""
    sentences: dict[str, list[str]] = {}
    for line in read_template(template_path("connections.txt", workspace)).splitlines():
        if line.strip() and not line.lstrip().startswith("#") and ":" in line:
            key, _, text = line.partition(":")
            if text.strip():
                sentences.setdefault(key.strip(), []).append(text.strip())
    return sentences


def connection_key(person: Prospect, referrer: Prospect | None, school: str) -> str:
    """Which sentences of connections.txt fit how the student knows ``person``."""
    relation = relation_of(person)
    if relation == Relation.REFERRAL and referrer is None:
        raise InvalidInput(
            f"{person.name} is a referral, but nobody on your list is recorded as suggesting them",
            hint=f"add who did (infoview prospect add NAME), then infoview prospect edit "
            f"{person.id} --referred-by NAME; or change --relation",
        )
    if referrer is not None and not is_casual(relation):
        return "referral"
    if relation == Relation.FAMILY:
        return "family-close" if has_kinship(address_for(person)) else "family"
    if relation == Relation.ALUMNI:
        return "alumni" if school else "alumni-no-school"
    if relation == Relation.OTHER:
        return "other-found" if person.how_found else "other"
    return str(relation.value)


def _intro(profile: Profile, with_name: bool) -> str:
    """'I'm Kim Lee, a junior at Lincoln High.' (or without the name, after 'this is Kim
    Lee'); with neither year nor school, only the name (the opening says 'a student')."""
    if not (profile.year.strip() or profile.school):
        return f"I'm {profile.name}." if with_name else ""
    what = _what_i_am(profile)
    return f"I'm {profile.name}, {what}." if with_name else f"I'm {what}."


def _what_i_am(profile: Profile) -> str:
    """'a junior at Lincoln High', 'a student' (for templates written with $my_intro)."""
    year = profile.year.strip()
    what = f"{indefinite_article(year)} {year}" if year else "a student"
    return what + (f" at {profile.school}" if profile.school else "")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _opening(template: str, values: dict[str, str]) -> tuple[str, str]:
    """The connection sentence filled in, as it starts a sentence and as it reads after a
    greeting on the same line ('Hi Ana, you're ...'); names and 'I' keep their capitals."""
    filled = _capital(string.Template(template).safe_substitute(values))
    first = template.split(" ", 1)[0]
    if template.startswith("$") or first in ("I", "I'm", "I've", "I'd", "I'll"):
        return filled, filled
    return filled, filled[:1].lower() + filled[1:]


def _subject(person: Prospect, key: str, referrer: Prospect | None, school: str, about: str) -> str:
    if key == "referral" and referrer is not None:
        return _capital(f"{named_to_others(referrer.name)} suggested I write to you")
    if is_casual(relation_of(person)) or person.relation == Relation.TEACHER:
        return f"A question about {about}"
    if key == "alumni":
        return f"A {school} student curious about {about}"
    return f"A student curious about {about}"


def message_values(
    person: Prospect,
    profile: Profile,
    *,
    channel: str,
    people: Sequence[Prospect],
    field_map: FieldMap,
    workspace: Path,
    today: date,
    minutes: int = ASK_MINUTES,
    first: FirstMessage | None = None,
    strict: bool = True,
) -> dict[str, str]:
    """Every placeholder a draft template may use, for a message to ``person``.

    ``people`` is the whole list (to find the referrer and to take turns among
    sentences); ``first`` is the first message, for a follow-up. ``strict``: a
    referral nobody is recorded as suggesting is refused (an ask must name the
    referrer); other notes, which open with no connection sentence, pass False.
    """
    by_id = {p.id: p for p in people}
    referrer, school = _referrer_and_school(person, by_id, profile)
    if strict:
        key = connection_key(person, referrer, school)
    else:
        key = connection_key_quiet(person, by_id, profile)
    work = work_of(person, field_map)
    relation = relation_of(person)
    casual = is_casual(relation)
    formal_intro = not casual and person.relation != Relation.TEACHER
    lines = connection_lines(workspace)
    options = lines.get(key) or lines.get(person.relation.value) or lines.get("other", [])
    # Those the student knows the same way take turns (the relation is the cheap test).
    same = (
        p
        for p in people
        if p.relation == relation or (p.relation == Relation.OTHER and relation_of(p) == relation)
    )
    peers = [p for p in same if connection_key_quiet(p, by_id, profile) == key]
    opening, opening_lower = _opening(
        take_turns(options, person, peers),
        {
            "referrer": named_to_others(referrer.name) if referrer else "",
            "school": school,
            "how_found": person.how_found,
            "work": work.phrase,
            "topic": work.topic or "your work",
        },
    )
    address = address_for(person)
    my_first = (profile.name.split() or [profile.name])[0]
    # The opening of a note to an alum names the shared school: the introduction need not.
    me = profile.model_copy(update={"school": ""}) if school == profile.school else profile
    subject = _subject(person, key, referrer, school, work.about)
    return {
        "greeting": greeting(person, channel),
        "address": address,
        "first_name": address,  # templates written before address_as used $first_name
        "their_name": person.name,
        "me": f"it's {my_first}" if casual else f"this is {profile.name}",
        "opening": opening,
        "connection": opening,
        "connection_lower": opening_lower,
        "opening_lower": opening_lower,
        "intro": _intro(me if key == "alumni" else profile, True) if formal_intro else "",
        "intro_short": _intro(me if key == "alumni" else profile, False) if formal_intro else "",
        "work": work.phrase,
        "work_short": work.short,
        "topic": work.topic or "your work",
        "field": work.field,
        "subject": subject,
        "subject_lower": subject[:1].lower() + subject[1:] if subject.startswith("A ") else subject,
        "sign_off": "Thanks so much," if casual else "Thank you for considering it,",
        "thanks_line": "Thanks," if casual else "Thank you,",
        "signature": my_first if casual else profile.name,
        "my_name": profile.name,
        "my_first_name": my_first,
        "my_intro": _what_i_am(profile),
        "my_phone": profile.phone or MISSING_PHONE,
        "minutes": str(minutes),
        "first_message": first_message(first.channel) if first else "my note",
        "sent_when": spoken_day(first.day, today) if first else "",
        "sent_day": spoken_day(first.day, today).removeprefix("on ") if first else "",
    }


def _referrer_and_school(
    person: Prospect, by_id: dict[str, Prospect], profile: Profile
) -> tuple[Prospect | None, str]:
    """Who suggested them (if on the list), and the school an alum shares with the student."""
    referrer = by_id.get(person.referred_by) if person.referred_by else None
    school = person.school or (profile.school if person.relation == Relation.ALUMNI else "")
    return referrer, school


def connection_key_quiet(person: Prospect, by_id: dict[str, Prospect], profile: Profile) -> str:
    """connection_key for someone else on the list, where a missing referrer is no error."""
    referrer, school = _referrer_and_school(person, by_id, profile)
    if person.relation == Relation.REFERRAL and referrer is None:
        return "referral-unknown"
    return connection_key(person, referrer, school)
