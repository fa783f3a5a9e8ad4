"""What every stored model shares: strict keys, frozen records, timestamps and person ids.

Stored models forbid unknown keys, so a typo in a hand-edited file is reported
instead of silently dropped, and they are frozen: a change is a new record
(``model_copy(update=...)`` or :func:`build`), never an assignment that could
skip validation. Timestamps are timezone-aware and written as ISO 8601 with an offset.
"""

from collections.abc import Mapping
from datetime import date, datetime, timezone
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
)

from infoview.model import dates
from infoview.model.dates import to_iso
from infoview.model.errors import InvalidInput, describe_validation_error
from infoview.model.fast import FastMoment
from infoview.model.prebuilt import Prebuilt


def _require_aware(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("timestamp must include a UTC offset, e.g. 2026-11-25T09:30:00+01:00")
    _check_year(value)
    return value


def _check_year(value: dates.When) -> None:
    if not dates.in_years(value):
        raise ValueError(f"the year must be between {dates.YEAR_MIN} and {dates.YEAR_MAX}")


def str_or_none(value: object) -> object:
    """Treat '' (the CLI's way of clearing a value) as absent."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


Timestamp = Annotated[
    datetime,
    FastMoment(
        _require_aware,
        datetime(dates.YEAR_MIN, 1, 2, tzinfo=timezone.utc),
        datetime(dates.YEAR_MAX, 12, 30, tzinfo=timezone.utc),
    ),
    PlainSerializer(to_iso, return_type=str),
]


def _day_or_moment(value: object) -> object:
    """'2026-12-03' is a day; '2026-12-03T15:30:00-05:00' a moment (see model/dates.py)."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    try:
        if "T" in text or " " in text:
            return datetime.fromisoformat(text)
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{value!r} is neither a day (2026-12-03) nor a moment (2026-12-03T15:30:00-05:00)"
        ) from None


def _aware_if_moment(value: dates.When) -> dates.When:
    if isinstance(value, datetime):
        return _require_aware(value)
    _check_year(value)
    return value


# A day the student named, or a moment: stored as '2026-12-03' or with its time and offset.
When = Annotated[
    dates.When,
    BeforeValidator(_day_or_moment),
    AfterValidator(_aware_if_moment),
    PlainSerializer(to_iso, return_type=str),
]
PersonId = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[\w]+(?:-[\w]+)*$")]


def empty_list() -> list[Any]:
    """A new empty list: every list field's ``default_factory``. (pydantic reads the
    factory's signature when it builds a model's schema; a Python function's is read at
    once, while ``list``'s is parsed from its text, and the first such parse compiles
    the tokenizer's regular expressions: most of a small model's first use.)"""
    return []


class StoredModel(Prebuilt):
    """Base for what is written to disk: strict about keys, and frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False, defer_build=True)


B = TypeVar("B", bound=BaseModel)


def build(model: type[B], data: Mapping[str, Any], context: dict[str, Any] | None = None) -> B:
    """Validate user-supplied data into a model, as a one-line :class:`InvalidInput`
    (``context``: the validation context, e.g. ``people.STORED`` for data as stored)."""
    try:
        return model.model_validate(dict(data), context=context)
    except ValidationError as exc:
        raise InvalidInput(describe_validation_error(exc)) from None
