"""Interviews as stored (``interviews.json``): scheduled, cancelled or held, with what was said."""

import re
from collections.abc import Iterable
from datetime import datetime, timedelta, tzinfo
from typing import Annotated, Any, Literal
from uuid import uuid4

from pydantic import AfterValidator, Field, model_validator

from infoview.model.base import PersonId, StoredModel, Timestamp, When, empty_list
from infoview.model.dates import end_of, is_before, show
from infoview.model.fast import CLEAN_LINE, CLEAN_TEXT, Fast
from infoview.model.limits import FORCED_MINUTES_MAX, FORCED_MINUTES_MIN
from infoview.model.text import clean_line, clean_multiline
from infoview.model.vocab import Mode, ThanksChannel

INTEREST_MIN, INTEREST_MAX = 1, 5
ANSWER_MAX = 10_000
PLACE_MAX = 300


def check_place(value: str) -> str:
    return clean_line(value, what="place", max_length=PLACE_MAX)


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
    text: Annotated[str, Fast(CLEAN_TEXT, ANSWER_MAX, check_answer)]
    starred: bool = False  # the student marked it to quote in the thank-you


class _Conversation(StoredModel):
    """What every interview has, whatever its state."""

    id: Annotated[str, Field(min_length=1, max_length=100)]
    person: PersonId
    minutes: int = Field(default=30, ge=FORCED_MINUTES_MIN, le=FORCED_MINUTES_MAX)
    mode: Mode = Mode.VIDEO
    where: Annotated[str, Fast(CLEAN_LINE, PLACE_MAX, check_place)] = ""
    link: Annotated[str | None, AfterValidator(check_link)] = None
    uid: Annotated[str, Field(min_length=1, max_length=200)]  # the calendar file's UID
    sequence: int = Field(default=0, ge=0)  # the calendar file's SEQUENCE
    questions: list[str] = Field(default_factory=empty_list)  # the plan taken along


class Scheduled(_Conversation):
    """Agreed for a time that has not been logged yet. Once its end has passed without
    a log it is *unlogged*: derived from the time (``rules/timeline.py``), not stored."""

    state: Literal["scheduled"] = "scheduled"
    scheduled_at: Timestamp

    @property
    def ends_at(self) -> datetime:
        return self.scheduled_at + timedelta(minutes=self.minutes)


class Cancelled(_Conversation):
    state: Literal["cancelled"] = "cancelled"
    scheduled_at: Timestamp


class Held(_Conversation):
    """A conversation that took place and was logged (it may have been scheduled first)."""

    state: Literal["held"] = "held"
    scheduled_at: Timestamp | None = None
    held_at: When  # the day it took place, or the moment it began
    logged_at: Timestamp
    answers: list[Answer] = Field(default_factory=empty_list)
    notes: list[Annotated[str, Fast(CLEAN_TEXT, ANSWER_MAX, check_note)]] = Field(
        default_factory=empty_list
    )
    referrals: list[PersonId] = Field(default_factory=empty_list)
    interest: int | None = Field(default=None, ge=INTEREST_MIN, le=INTEREST_MAX)
    thanked_at: When | None = None
    thanks_channel: ThanksChannel | None = None

    @model_validator(mode="after")
    def _in_order(self) -> "Held":
        if self.thanked_at is not None and is_before(self.thanked_at, self.held_at):
            raise ValueError(
                f"the thank-you ({show(self.thanked_at)}) is before the interview "
                f"({show(self.held_at)})"
            )
        return self

    def ends_at(self, zone: tzinfo | None) -> datetime:
        """When the conversation ended: its start and its minutes, or the end of its day."""
        if isinstance(self.held_at, datetime):
            return self.held_at + timedelta(minutes=self.minutes)
        return end_of(self.held_at, zone)


def oldest_first(held: Iterable[Held], zone: tzinfo | None) -> tuple[Held, ...]:
    """Logged conversations in the order they took place: by when they ended; of two
    that ended together (two on the same day, known by the day), the one logged later
    is the later one. The last is *the latest conversation*, the one a thank-you is for."""
    # sorted() is stable: two logged at the same moment stay in the order stored.
    return tuple(sorted(held, key=lambda h: (h.ends_at(zone), h.logged_at)))


Interview = Annotated[Scheduled | Cancelled | Held, Field(discriminator="state")]
StateNow = Literal["scheduled", "unlogged", "held", "cancelled"]


def state_at(interview: Scheduled | Cancelled | Held, now: datetime) -> StateNow:
    """The stored state, or "unlogged" for a scheduled one whose end has passed."""
    if isinstance(interview, Scheduled) and interview.ends_at <= now:
        return "unlogged"
    return interview.state


class InterviewsFile(StoredModel):
    schema_version: Literal[2] = 2
    interviews: list[Interview] = Field(default_factory=empty_list)


def upgrade_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 -> 2: each interview keeps only the fields of its state.

    Version 1 stored one shape for every state, with empty fields; a held interview
    always had ``held_at`` (else ``logged_at`` stands in), a scheduled or cancelled one
    a ``scheduled_at``.
    """
    upgraded = []
    for record in data["interviews"]:
        state = record["state"]
        models: dict[str, type[_Conversation]] = {
            "scheduled": Scheduled,
            "cancelled": Cancelled,
            "held": Held,
        }
        model = models[state]
        kept = {k: v for k, v in record.items() if k in model.model_fields}
        if state == "held" and kept.get("held_at") is None:
            kept["held_at"] = record["logged_at"]
        upgraded.append(kept)
    return {**data, "interviews": upgraded}


def new_uid(person_id: str) -> str:
    """The calendar UID of a new interview; kept for every reschedule and the cancellation."""
    return f"interview-{person_id}-{uuid4().hex[:12]}@infoview"
