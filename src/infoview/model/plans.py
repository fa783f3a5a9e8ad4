"""The questions chosen for a person's next conversation (``plans.json``)."""

from typing import Literal

from pydantic import Field

from infoview.model.base import PersonId, StoredModel, Timestamp, empty_list
from infoview.model.questions import Slug

# An informational interview is a short conversation (method rule: 20–60 minutes, 30 asked).
INTERVIEW_MINUTES_MIN, INTERVIEW_MINUTES_MAX, INTERVIEW_MINUTES_DEFAULT = 20, 60, 30
COUNT_LIMIT_MIN, COUNT_LIMIT_MAX = 1, 40  # how many questions a pick may hold (--count)


class Plan(StoredModel):
    person: PersonId
    minutes: int = Field(ge=INTERVIEW_MINUTES_MIN, le=INTERVIEW_MINUTES_MAX)
    questions: list[Slug]
    seed: int | None = None
    created_at: Timestamp


class PlansFile(StoredModel):
    schema_version: Literal[1] = 1
    plans: list[Plan] = Field(default_factory=empty_list)
