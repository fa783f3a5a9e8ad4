"""The career-field map as loaded from ``data/fields.yaml``: fields, families, neighbours."""

from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field

from infoview.model.base import empty_list
from infoview.model.prebuilt import Prebuilt
from infoview.model.questions import Slug
from infoview.model.text import clean_line, words

FIELD_NAME_MAX = 80


def _field_name(value: str) -> str:
    return clean_line(value, what="name", max_length=FIELD_NAME_MAX, allow_empty=False)


def _alias(value: str) -> str:
    text = clean_line(value, what="alias", max_length=FIELD_NAME_MAX, allow_empty=False)
    if not words(text):
        raise ValueError(f"the alias {value!r} has no letters or digits")
    return text


class CareerField(Prebuilt):
    """One career field; a family (a broad area such as healthcare) has no family itself."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: Slug
    name: Annotated[str, AfterValidator(_field_name)]
    family: Slug | None = None
    aliases: list[Annotated[str, AfterValidator(_alias)]] = Field(default_factory=empty_list)
    related: list[Slug] = Field(default_factory=empty_list)

    @property
    def is_family(self) -> bool:
        return self.family is None


class FieldsFile(Prebuilt):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    schema_version: Literal[1]
    fields: list[CareerField] = Field(min_length=1)
