"""Fixed vocabularies shared by the models and the command line.

Kept free of pydantic so the CLI can declare its choices without slowing start-up.
"""

from __future__ import annotations

import enum


class Relation(str, enum.Enum):
    """How the student knows a prospect (start with family: DESIGN.md, step 2)."""

    FAMILY = "family"
    FAMILY_FRIEND = "family-friend"
    NEIGHBOR = "neighbor"
    FRIEND = "friend"
    TEACHER = "teacher"
    ALUMNI = "alumni"
    COWORKER = "coworker"
    REFERRAL = "referral"
    OTHER = "other"


class Status(str, enum.Enum):
    """Where a prospect stands; moved only through ``people.set_status``."""

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
