"""Interviews as stored (``interviews.json``): scheduled, cancelled or held, with what was said."""

from __future__ import annotations

import re
from typing import Annotated, Literal
from uuid import uuid4

from pydantic import AfterValidator, Field

from infoview.model.base import PersonId, StoredModel, Timestamp
from infoview.model.text import clean_line, clean_multiline
from infoview.model.vocab import Mode, ThanksChannel

FORCED_MINUTES_MIN, FORCED_MINUTES_MAX = 5, 240  # what --force still accepts
INTEREST_MIN, INTEREST_MAX = 1, 5
ANSWER_MAX = 10_000


def check_place(value: str) -> str:
    return clean_line(value, what="place", max_length=300)


def check_answer(value: str) -> str:
    return clean_multiline(value, what="answer", max_length=ANSWER_MAX)


def check_note(value: str) -> str:
    return clean_multiline(value, what="note", max_length=ANSWER_MAX)


def check_link(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    text = clean_line(value, what="link", max_length=500)
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", text, re.I):
        raise ValueError(f"'{text}' is not a web link (https://...)")
    return text


class Answer(StoredModel):
    question: str  # a question id from the bank or the student's own
    text: Annotated[str, AfterValidator(check_answer)]
    starred: bool = False  # the student marked it to quote in the thank-you


class Interview(StoredModel):
    id: Annotated[str, Field(min_length=1, max_length=100)]
    person: PersonId
    state: Literal["scheduled", "cancelled", "held"]
    scheduled_at: Timestamp | None = None
    minutes: int = Field(default=30, ge=FORCED_MINUTES_MIN, le=FORCED_MINUTES_MAX)
    mode: Mode = Mode.VIDEO
    where: Annotated[str, AfterValidator(check_place)] = ""
    link: Annotated[str | None, AfterValidator(check_link)] = None
    uid: Annotated[str, Field(min_length=1, max_length=200)]
    sequence: int = Field(default=0, ge=0)
    held_at: Timestamp | None = None
    logged_at: Timestamp | None = None
    questions: list[str] = Field(default_factory=list)  # the plan taken along
    answers: list[Answer] = Field(default_factory=list)
    notes: list[Annotated[str, AfterValidator(check_note)]] = Field(default_factory=list)
    referrals: list[PersonId] = Field(default_factory=list)
    interest: int | None = Field(default=None, ge=INTEREST_MIN, le=INTEREST_MAX)
    thanked_at: Timestamp | None = None
    thanks_channel: ThanksChannel | None = None


class InterviewsFile(StoredModel):
    schema_version: Literal[1] = 1
    interviews: list[Interview] = Field(default_factory=list)


def new_uid(person_id: str) -> str:
    """The calendar UID of a new interview; kept for every reschedule and the cancellation."""
    return f"interview-{person_id}-{uuid4().hex[:12]}@infoview"
