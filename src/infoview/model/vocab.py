"""Fixed vocabularies shared by the models and the command line.

Kept free of pydantic so the CLI can declare its choices without slowing start-up.
"""

from __future__ import annotations

import enum
import functools
import re
from typing import Literal, get_args


class Relation(str, enum.Enum):
    """How the student knows a prospect (start with family: docs/method.md, step 2)."""

    FAMILY = "family"
    FAMILY_FRIEND = "family-friend"
    NEIGHBOR = "neighbor"
    FRIEND = "friend"
    TEACHER = "teacher"
    ALUMNI = "alumni"
    COWORKER = "coworker"
    REFERRAL = "referral"
    CONNECTION = "connection"  # connected on LinkedIn, not met
    OTHER = "other"


class Status(str, enum.Enum):
    """Where a prospect stands; moved only through ``rules.people.set_status``."""

    NEW = "new"
    CONTACTED = "contacted"
    REPLIED = "replied"
    SCHEDULED = "scheduled"
    INTERVIEWED = "interviewed"
    THANKED = "thanked"
    DECLINED = "declined"
    NO_RESPONSE = "no-response"


class Mode(str, enum.Enum):
    """How the conversation happens (the user's text: in person, video chat or phone)."""

    IN_PERSON = "in-person"
    VIDEO = "video"
    PHONE = "phone"


# Channels, each written once: the Literal is the stored type, the tuple the choices.
# How a message asking for a conversation (or a follow-up) went out.
OutreachChannel = Literal["email", "text", "linkedin", "phone", "in-person", "other"]
OUTREACH_CHANNELS: tuple[OutreachChannel, ...] = get_args(OutreachChannel)
# What infoview writes a draft for: a message, or a script for a call.
DraftChannel = Literal["email", "text", "linkedin", "phone"]
DRAFT_CHANNELS: tuple[DraftChannel, ...] = get_args(DraftChannel)
# How a thank-you went out.
ThanksChannel = Literal["email", "card", "text"]
THANKS_CHANNELS: tuple[ThanksChannel, ...] = get_args(ThanksChannel)
# How a stay-in-touch contact happened.
ContactChannel = Literal["email", "text", "linkedin", "phone", "in-person", "card", "other"]
CONTACT_CHANNELS: tuple[ContactChannel, ...] = get_args(ContactChannel)


# The words a student may use for a relation, each written once: the value itself
# first, then the everyday words that mean it. Case, spaces, hyphens, a possessive
# ("teacher's") and a plural ("family friends") do not matter (see ``relation_value``).
RELATION_WORDS: dict[Relation, tuple[str, ...]] = {
    Relation.FAMILY: (
        "family", "relative", "parent", "mom", "mum", "mother", "dad", "father", "sister",
        "brother", "sibling", "cousin", "aunt", "auntie", "uncle", "niece", "nephew",
        "grandparent", "grandma", "grandmother", "grandpa", "grandfather", "in-law",
    ),
    Relation.FAMILY_FRIEND: ("family-friend", "friend of the family"),
    Relation.NEIGHBOR: ("neighbor", "neighbour"),
    Relation.FRIEND: ("friend", "classmate", "schoolmate", "roommate", "teammate"),
    Relation.TEACHER: (
        "teacher", "professor", "instructor", "tutor", "coach", "counselor", "counsellor",
    ),
    Relation.ALUMNI: ("alumni", "alum", "alumnus", "alumna", "alumnae"),
    Relation.COWORKER: ("coworker", "colleague", "workmate", "boss", "supervisor"),
    Relation.REFERRAL: ("referral", "referred"),
    Relation.CONNECTION: ("connection", "linkedin"),
    Relation.OTHER: ("other",),
}  # fmt: skip


def _relation_key(text: str) -> str:
    """'Teacher's' -> 'teacher', 'Family Friends' -> 'familyfriends': letters only."""
    lowered = text.casefold().replace("\u2019", "'")
    lowered = re.sub(r"'s\b|'", "", lowered)  # a possessive: "teacher's", "teachers'"
    return "".join(ch for ch in lowered if ch.isalpha())


@functools.cache
def _relation_by_key() -> dict[str, Relation]:
    """Each word's key -> its relation; built at the first relation a student types."""
    return {
        _relation_key(word): relation
        for relation, known in RELATION_WORDS.items()
        for word in known
    }


def relation_value(text: str) -> Relation:
    """The relation ``text`` names ("Family friends", "neighbour", "cousin"), or ValueError
    naming the relations infoview knows."""
    key = _relation_key(text)
    # The word, or its singular: "friends", "bosses", "families".
    singulars = [key]
    for plural, singular in (("s", ""), ("es", ""), ("ies", "y")):
        if key.endswith(plural):
            singulars.append(key[: -len(plural)] + singular)
    by_key = _relation_by_key()
    for candidate in singulars:
        if candidate in by_key:
            return by_key[candidate]
    shown = text if len(text) <= 40 else text[:40] + "..."
    raise ValueError(
        f"{shown!r} is not a relation infoview knows: {', '.join(r.value for r in Relation)}"
    )


def relation_words() -> str:
    """Every accepted word, grouped by relation, for ``--help``."""
    groups = []
    for relation, known in RELATION_WORDS.items():
        others = [w for w in known if w != relation.value]
        groups.append(f"{relation.value} ({', '.join(others)})" if others else relation.value)
    return "; ".join(groups)
