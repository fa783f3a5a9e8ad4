"""Fixed vocabularies shared by the models and the command line.

Kept free of pydantic so the CLI can declare its choices without slowing start-up.
"""

from __future__ import annotations

import enum
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
