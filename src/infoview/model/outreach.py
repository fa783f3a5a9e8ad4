"""Who was asked for a conversation, when, and whether they replied (``outreach.json``);
and the workspace settings (``settings.json``)."""

import json
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from infoview.model import dates
from infoview.model.base import PersonId, StoredModel, When, empty_list
from infoview.model.dates import is_before, show
from infoview.model.vocab import OutreachChannel

# Method rule ("3B7", Dalton): one polite follow-up after 7 business days, then move on.
# settings.json's "follow_ups" may allow a second, the last one; more would be pestering,
# so a record never holds more than MAX_FOLLOW_UPS (older data may hold two).
DEFAULT_FOLLOW_UPS = 1
MAX_FOLLOW_UPS = 2


class OutreachRecord(StoredModel):
    """The first message to a person, the follow-ups after it, and their reply.

    Each is a day or a moment, in order: no follow-up before the message, no reply
    before it either.
    """

    person: PersonId
    channel: OutreachChannel = "email"
    sent_at: When
    follow_ups: list[When] = Field(default_factory=empty_list, max_length=MAX_FOLLOW_UPS)
    replied_at: When | None = None
    declined: bool = False

    @model_validator(mode="after")
    def _in_order(self) -> "OutreachRecord":
        last = self.sent_at
        for follow_up in self.follow_ups:
            if is_before(follow_up, last):
                raise ValueError(
                    f"a follow-up ({show(follow_up)}) is before the message it follows "
                    f"({show(last)})"
                )
            last = follow_up
        if self.replied_at is not None and is_before(self.replied_at, self.sent_at):
            raise ValueError(
                f"the reply ({show(self.replied_at)}) is before the message ({show(self.sent_at)})"
            )
        return self

    @property
    def last_message(self) -> dates.When:
        return self.follow_ups[-1] if self.follow_ups else self.sent_at


class OutreachFile(StoredModel):
    schema_version: Literal[2] = 2
    records: list[OutreachRecord] = Field(default_factory=empty_list)


def check_zone(name: str | None) -> str | None:
    """An IANA time zone name this computer knows, or None."""
    if name is None:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{name!r} is not a time zone this computer knows (e.g. America/New_York)"
        ) from None
    return name


def check_follow_ups(value: object) -> int:
    """1 or 2, written as a number: how many follow-ups the clock offers."""
    if type(value) is int and DEFAULT_FOLLOW_UPS <= value <= MAX_FOLLOW_UPS:
        return value
    raise ValueError(
        f"follow_ups must be 1 (one follow-up, the rule) or 2 (a second, the last one), "
        f"not {json.dumps(value, default=repr)}"
    )


class SettingsFile(StoredModel):
    """Workspace settings a student may edit by hand (settings.json)."""

    schema_version: Literal[2] = 2
    holidays: list[date] = Field(default_factory=empty_list)  # skipped by the business-day clock
    # The student's IANA time zone ("America/New_York"); None: the computer's own.
    timezone: Annotated[str | None, AfterValidator(check_zone)] = None
    # How many follow-ups the clock offers: 1 (Dalton's rule) or 2 (a second, the last).
    follow_ups: Annotated[int, BeforeValidator(check_follow_ups)] = DEFAULT_FOLLOW_UPS
