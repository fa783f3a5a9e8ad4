"""Who was asked for a conversation, when, and whether they replied (``outreach.json``);
and the workspace settings (``settings.json``)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from infoview.model.base import PersonId, StoredModel, Timestamp
from infoview.model.vocab import OutreachChannel

# Method rule ("3B7", Dalton): stop after two follow-ups; more would be pestering.
MAX_FOLLOW_UPS = 2


class OutreachRecord(StoredModel):
    person: PersonId
    channel: OutreachChannel = "email"
    sent_at: Timestamp
    follow_ups: list[Timestamp] = Field(default_factory=list, max_length=MAX_FOLLOW_UPS)
    replied_at: Timestamp | None = None
    declined: bool = False


class OutreachFile(StoredModel):
    schema_version: Literal[1] = 1
    records: list[OutreachRecord] = Field(default_factory=list)


class SettingsFile(StoredModel):
    """Workspace settings a student may edit by hand (settings.json)."""

    schema_version: Literal[1] = 1
    holidays: list[date] = Field(default_factory=list)  # skipped by the business-day clock
