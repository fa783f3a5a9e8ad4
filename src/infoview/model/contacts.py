"""Stay-in-touch contacts the student logged (``contacts.json``)."""

from functools import partial
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from infoview.model.base import PersonId, StoredModel, When, empty_list
from infoview.model.text import clean_multiline
from infoview.model.vocab import ContactChannel


class Contact(StoredModel):
    person: PersonId
    at: When  # the day of the contact, or its moment
    channel: ContactChannel = "email"
    note: Annotated[
        str, AfterValidator(partial(clean_multiline, what="note", max_length=5_000))
    ] = ""


class ContactsFile(StoredModel):
    schema_version: Literal[2] = 2
    contacts: list[Contact] = Field(default_factory=empty_list)
