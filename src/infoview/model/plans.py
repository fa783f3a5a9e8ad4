"""The questions chosen for a person's next conversation (``plans.json``)."""

from typing import Literal

from pydantic import Field

from infoview.model.base import PersonId, StoredModel, Timestamp, empty_list
from infoview.model.limits import INTERVIEW_MINUTES_MAX, INTERVIEW_MINUTES_MIN
from infoview.model.questions import Slug


class Plan(StoredModel):
    person: PersonId
    minutes: int = Field(ge=INTERVIEW_MINUTES_MIN, le=INTERVIEW_MINUTES_MAX)
    questions: list[Slug]
    seed: int | None = None
    created_at: Timestamp


class PlansFile(StoredModel):
    schema_version: Literal[1] = 1
    plans: list[Plan] = Field(default_factory=empty_list)
