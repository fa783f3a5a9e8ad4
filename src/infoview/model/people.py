"""The student's profile and the people they might interview, as stored.

Every text value goes through the rules in ``text.py``; see ``base.py`` for
what all stored models share.
"""

import functools
import re
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, ValidationInfo

from infoview.model.base import PersonId, StoredModel, Timestamp, empty_list, str_or_none
from infoview.model.fast import CLEAN_LINE, CLEAN_TEXT, LABEL, NAME, Fast, OneOf, OrNone
from infoview.model.text import clean_line, clean_multiline, shows_something
from infoview.model.vocab import Relation, Status

if TYPE_CHECKING:
    from pydantic_core import CoreSchema

# Limits a person could plausibly need, and no more: they keep a runaway paste
# from bloating the files other commands read on every run.
NAME_MAX = 200
SHORT_TEXT_MAX = 200
LABEL_MAX = 60
NOTES_MAX = 20_000
LIST_MAX = 50
PRIORITY_MIN, PRIORITY_MAX, PRIORITY_DEFAULT = 0, 3, 1
PHONE_MAX, LINKEDIN_MAX = 40, 300


def _check_name(value: str) -> str:
    text = clean_line(value, what="name", max_length=NAME_MAX, allow_empty=False)
    if not shows_something(text):
        raise ValueError(f"name {text!r} has nothing visible (only joiners or marks)")
    return text


# The checks are module-level functions (made specific with functools.partial), never
# lambdas or closures, so that a model's schema can be stored and read back (prebuilt.py).
def _short(what: str, max_length: int = SHORT_TEXT_MAX) -> Fast:
    return Fast(CLEAN_LINE, max_length, partial(clean_line, what=what, max_length=max_length))


def _check_labels(values: list[str], *, what: str) -> list[str]:
    """A list of short labels: "a, b" splits in two, empties and repeats are dropped."""
    seen: dict[str, str] = {}
    for raw in values:
        for part in raw.split(","):
            label = clean_line(part, what=what, max_length=LABEL_MAX)
            if label and label.casefold() not in seen:
                seen[label.casefold()] = label
    if len(seen) > LIST_MAX:
        raise ValueError(f"at most {LIST_MAX} {what}s")
    return list(seen.values())


def _labels(what: str) -> Fast:
    # Clean labels, none repeated, are what the check gives back as they are.
    check = partial(_check_labels, what=what)
    return Fast(LABEL, LABEL_MAX, check, items=1, distinct=LIST_MAX)


# Three digits first (spaces, + ( ) . / - between them), then a clean line of those.
_PHONE_FAST = r"^[+(]?[0-9](?:[ ()./-]?[0-9]){2}[0-9()./-]*(?: [0-9()./-]+)*$"
_PHONE_CHARS = r"^[0-9+()./\- ]+(?:\s*(?:x|ext\.?|extension)\s*[0-9]+)?$"  # matched with re.I


def _check_phone(value: str) -> str:
    text = clean_line(value, what="phone", max_length=PHONE_MAX)
    digits = sum(ch.isdigit() for ch in text)
    if not re.match(_PHONE_CHARS, text, re.I) or digits < 3:
        raise ValueError(
            f"'{text}' does not look like a phone number (digits, spaces, + - ( ) . and x123)"
        )
    return text


_LINKEDIN_HOSTS = ("linkedin.com", "lnkd.in")
_LINKEDIN_FAST = r"^https?://(?:[a-z0-9-]+\.)*(?:linkedin\.com|lnkd\.in)(?:/[!-~]*)?$"


def _check_linkedin(value: str) -> str:
    text = clean_line(value, what="LinkedIn URL", max_length=LINKEDIN_MAX)
    if "://" not in text:
        text = "https://" + text  # people paste "linkedin.com/in/..." without a scheme
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a valid URL") from exc
    if parts.scheme not in ("http", "https") or " " in text:
        raise ValueError(f"'{value}' is not a web address (https://...)")
    if not any(host == h or host.endswith("." + h) for h in _LINKEDIN_HOSTS):
        raise ValueError(
            f"'{value}' is not a LinkedIn address (expected https://www.linkedin.com/in/...)"
        )
    return text


def _notes(value: str) -> str:
    return clean_multiline(value, what="notes", max_length=NOTES_MAX)


CADENCE_DEFAULT_DAYS = 90
CADENCE_CHOICES = (14, 30, 60, 90, 180)


def _check_cadence(value: int | None) -> int | None:
    if value is not None and value not in CADENCE_CHOICES:
        days = ", ".join(f"{d}d" for d in CADENCE_CHOICES)
        raise ValueError(f"cadence must be one of {days} or none, not {value} days")
    return value


def parse_cadence(text: str) -> int | None:
    """'60d' -> 60, 'none' -> None (for --cadence)."""
    value = text.strip().lower()
    if value in ("none", "off", "never"):
        return None
    digits = value.removesuffix("d").removesuffix(" days").strip()
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 6:
        raise ValueError(f"cadence is a number of days such as 60d, or none; not {text!r}")
    return _check_cadence(int(digits))


PersonName = Annotated[str, Fast(NAME, NAME_MAX, _check_name)]


@functools.cache
def check_email(value: str) -> str:
    """pydantic's EmailStr check (email-validator), remembered for the process.

    It is most of the time a load takes, and a save checks every address just
    loaded once more; the same text always gets the same answer (errors are not
    remembered, so they are raised afresh). The import waits for the first address.
    """
    from pydantic.networks import validate_email

    return validate_email(value)[1]


def email_key(value: str) -> str:
    """The form in which two addresses are the same person: normalised as an address is
    stored (``Bob <bob@x.org>`` -> ``bob@x.org``, ``xn--bcher-kva.de`` -> ``bücher.de``,
    Unicode NFC), then case folded. Used for the stored value and the one compared with
    it alike; an address that is not valid is only trimmed and folded."""
    try:
        normal = check_email(value)
    except ValueError:
        normal = value.strip()
    return normal.casefold()


# Where an address enters (add, edit, profile, import, restore), email-validator checks it
# in full and normalises it; `infoview doctor` does the same for every stored one. A file
# loaded (validated with this context) or a record whose address is not being changed has
# only its address's shape checked, in pydantic-core: what the full check gives has it.
STORED: dict[str, Any] = {"stored": True}
EMAIL_MAX = 254
_NOT_AN_ADDRESS = r"@\s\p{Cc}"
EMAIL_SHAPE = rf"^[^{_NOT_AN_ADDRESS}]+@[^{_NOT_AN_ADDRESS}.]+(?:\.[^{_NOT_AN_ADDRESS}.]+)+$"


def _email_in(value: object, info: ValidationInfo) -> object:
    """'' is absent; an address gets the full check unless it is stored (see :data:`STORED`)."""
    value = str_or_none(value)
    if isinstance(value, str) and not (info.context is not None and info.context.get("stored")):
        return check_email(value)
    return value


class _EmailShape:
    """A stored address: one @, a dotted domain, no spaces or control characters, at
    most 254 characters; checked by pydantic-core alone."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> "CoreSchema":
        from pydantic_core import core_schema

        shape = core_schema.str_schema(pattern=EMAIL_SHAPE, max_length=EMAIL_MAX)
        return core_schema.custom_error_schema(
            shape,
            custom_error_type="email_shape",
            custom_error_message=(
                "value is not a valid email address: it should have one @, a dotted "
                f"domain, no spaces and at most {EMAIL_MAX} characters"
            ),
        )


# What str_or_none / _email_in leave as they are (None, or an address or number that
# shows) is taken in pydantic-core (fast.OrNone); a stored address only, for _email_in.
OptionalEmail = Annotated[
    Annotated[str, _EmailShape] | None, OrNone(_email_in, with_info=True, json_only=True)
]
OptionalPhone = Annotated[
    Annotated[str, Fast(_PHONE_FAST, PHONE_MAX, _check_phone)] | None, OrNone(str_or_none)
]
OptionalLinkedIn = Annotated[
    Annotated[str, Fast(_LINKEDIN_FAST, LINKEDIN_MAX, _check_linkedin)] | None,
    OrNone(str_or_none),
]


class Profile(StoredModel):
    """The student: used to sign drafts and to suggest fields."""

    name: PersonName
    school: Annotated[str, _short("school")] = ""
    year: Annotated[str, _short("year", LABEL_MAX)] = ""
    email: OptionalEmail = None
    phone: OptionalPhone = None
    interests: Annotated[list[str], _labels("interest")] = Field(default_factory=empty_list)
    updated_at: Timestamp


class Prospect(StoredModel):
    """Someone the student might interview."""

    id: PersonId
    name: PersonName
    role: Annotated[str, _short("role")] = ""
    organization: Annotated[str, _short("organization")] = ""
    fields: Annotated[list[str], _labels("field")] = Field(default_factory=empty_list)
    relation: Relation = Relation.OTHER
    referred_by: Annotated[PersonId | None, OrNone(str_or_none)] = None
    # How a message addresses them ("Dr. Stein", "Aunt Keiko"); "" = from the name.
    address_as: Annotated[str, _short("address_as", LABEL_MAX)] = ""
    # Where the student came across them, for a cold message ("your talk at the career fair").
    how_found: Annotated[str, _short("how_found")] = ""
    school: Annotated[str, _short("school")] = ""  # a school they share with the student
    email: OptionalEmail = None
    phone: OptionalPhone = None
    linkedin: OptionalLinkedIn = None
    tags: Annotated[list[str], _labels("tag")] = Field(default_factory=empty_list)
    notes: Annotated[
        str,
        Fast(CLEAN_TEXT, NOTES_MAX, partial(clean_multiline, what="notes", max_length=NOTES_MAX)),
    ] = ""
    priority: int = Field(default=PRIORITY_DEFAULT, ge=PRIORITY_MIN, le=PRIORITY_MAX)
    status: Status = Status.NEW
    # Days between stay-in-touch contacts once thanked (method rule: every 2–3 months).
    cadence_days: Annotated[int | None, AfterValidator(_check_cadence), OneOf(CADENCE_CHOICES)] = (
        CADENCE_DEFAULT_DAYS
    )
    created_at: Timestamp
    updated_at: Timestamp


# --- file envelopes: what each JSON file in the workspace holds ---------------


class ProfileFile(StoredModel):
    schema_version: Literal[1] = 1
    profile: Profile | None = None


class ProspectsFile(StoredModel):
    schema_version: Literal[1] = 1
    prospects: list[Prospect] = Field(default_factory=empty_list)


# --- notes: dated lines in the one stored text ---------------------------------
#
# A person's notes stay one text (files, exports and imports keep working), one
# note a line, each opened by the day it was written: "2026-11-30: Met at the fair".
# A line without a day continues the note above it (a note typed on several lines);
# lines before the first dated one are a note from before notes were dated: undated.

_DATED = r"^(?P<day>\d{4}-\d{2}-\d{2}): ?(?P<text>.*)$"  # compiled at its first use


class Note(NamedTuple):
    day: date | None  # None: written before notes were dated, or imported
    text: str


def dated_note(day: date, text: str) -> str:
    """One note as it is stored: '2026-11-30: Met at the career fair'."""
    return f"{day.isoformat()}: {text.strip()}"


def add_note(notes: str, day: date, text: str) -> str:
    """``notes`` with the note ``text`` of ``day`` added last."""
    return "\n".join(part for part in (notes.strip(), dated_note(day, text)) if part)


def _day(line: str) -> tuple[date, str] | None:
    match = re.match(_DATED, line)
    if match is None:
        return None
    try:
        return date.fromisoformat(match["day"]), match["text"]
    except ValueError:  # 2026-13-45: not a day, so not a date prefix
        return None


def split_notes(notes: str) -> list[Note]:
    """The notes one by one, in the order written (newest last)."""
    found: list[tuple[date | None, list[str]]] = []
    for line in notes.strip().split("\n") if notes.strip() else []:
        dated = _day(line)
        if dated is not None:
            found.append((dated[0], [dated[1]]))
        elif found:
            found[-1][1].append(line)
        else:
            found.append((None, [line]))
    return [Note(day, "\n".join(lines).strip()) for day, lines in found]
