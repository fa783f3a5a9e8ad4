"""What every stored model shares: strict keys, frozen records, timestamps and person ids.

Stored models forbid unknown keys, so a typo in a hand-edited file is reported
instead of silently dropped, and they are frozen: a change is a new record
(``model_copy(update=...)`` or :func:`build`), never an assignment that could
skip validation. Timestamps are timezone-aware and written as ISO 8601 with an offset.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainSerializer, ValidationError

from infoview.model.dates import to_iso
from infoview.model.errors import InvalidInput, describe_validation_error


def _require_aware(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("timestamp must include a UTC offset, e.g. 2026-11-25T09:30:00+01:00")
    return value


def str_or_none(value: object) -> object:
    """Treat '' (the CLI's way of clearing a value) as absent."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


Timestamp = Annotated[
    datetime,
    AfterValidator(_require_aware),
    PlainSerializer(to_iso, return_type=str),
]
PersonId = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[\w]+(?:-[\w]+)*$")]


class StoredModel(BaseModel):
    """Base for what is written to disk: strict about keys, and frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False, defer_build=True)


B = TypeVar("B", bound=BaseModel)


def build(model: type[B], data: Mapping[str, Any]) -> B:
    """Validate user-supplied data into a model, as a one-line :class:`InvalidInput`."""
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        raise InvalidInput(describe_validation_error(exc)) from None
