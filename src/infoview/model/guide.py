"""What `infoview start` keeps that leaves no other trace (``guide.json``)."""

from typing import Literal

from pydantic import Field

from infoview.model.base import PersonId, StoredModel, Timestamp, empty_list

# The steps of the guide that are marked done by hand; the others are read from the data.
MarkedStep = Literal["broaden", "prospects", "finished"]


class GuideFile(StoredModel):
    schema_version: Literal[1] = 1
    done: list[MarkedStep] = Field(default_factory=empty_list)
    first_person: PersonId | None = None
    drafted_for: PersonId | None = None
    updated_at: Timestamp | None = None
