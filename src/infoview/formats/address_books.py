"""Address-book CSV exports: Google Contacts ("Google CSV") and Outlook.

Both are told from their header row (see :func:`address_book_format`); a header
cell is compared with case and runs of spaces ignored.

Google, two layouts:

* today's: ``First Name``, ``Middle Name``, ``Last Name``, ``Name Prefix``,
  ``Name Suffix``, ``Nickname``, ``File As``, ``Organization Name``/``Title``/
  ``Department``, ``Notes``, ``Labels``, ``E-mail 1 - Label``/``Value``,
  ``Phone 1 - Value``, ``Website 1 - Value``...
* the older one: ``Name``, ``Given Name``, ``Additional Name``, ``Family Name``,
  ``Group Membership``, ``Organization 1 - Name``/``Title``...

Labels (and Group Membership) are separated by ``:::``; Google's system labels
(``* myContacts``, ``* starred``) are dropped, a ``*`` before any other
(``* Family`` in old exports) is taken off. A cell holding several values of one
kind is also split on ``:::``.

Outlook: ``First Name``, ``Middle Name``, ``Last Name``, ``Title`` (the name
prefix, "Dr.", **not** a job: that is ``Job Title``), ``Suffix``, ``Nickname``,
``E-mail Address``, ``E-mail 2 Address``..., ``Mobile Phone``, ``Home Phone``,
``Business Phone``..., ``Company``, ``Department``, ``Categories`` (``;`` or
``,`` between them), ``Notes``, ``Web Page``.

As in the vCard reader: the name is First [Middle] Last (else Google's ``Name``
or ``File As``); the first email and phone are kept and the others go to notes as
``Other emails: ...`` / ``Other phones: ...``; a LinkedIn web address goes to
``linkedin``, other addresses to notes as ``Links: ...``; the groups become tags
and ``groups``; the name prefix (or a doctoral suffix) gives ``address_as``
("Dr. Weiss", "Aunt Keiko"). A column with a value the reader does not use is
reported as not imported. A quote a spreadsheet put before a formula at the start
of a cell is dropped, as for any other program's CSV.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from infoview.formats.csv import unneutralise_first
from infoview.formats.incoming import (
    DELIMITERS,
    LINES,
    NO_NAME,
    Incoming,
    Parsed,
    csv_cells,
    csv_records,
    is_linkedin,
    join_notes,
    unique,
)
from infoview.model.errors import InvalidInput
from infoview.model.names import derived_address

__all__ = ["address_book_format", "parse_google", "parse_outlook"]

# Google's numbered columns: "E-mail 1 - Value", "Phone 2 - Label", "Organization 1 - Name".
_GOOGLE_NUMBERED = re.compile(
    r"(e-mail|phone|website|organization|address|relation|event|im|custom field|external id)"
    r" \d+ - [a-z ]+"
)
# Labels Google gives every contact (or every starred one): not how the student knows them.
_SYSTEM_LABELS = frozenset({"mycontacts", "my contacts", "starred", "other contacts"})
# Values Outlook writes into columns nobody filled in.
_OUTLOOK_BLANKS = frozenset({"0/0/00", "0/0/0000", "1/1/1601", "unspecified", "normal", "false"})


def _norm(header: str) -> str:
    return " ".join(header.lstrip("\ufeff").lower().split())


def _kind(cells: list[str]) -> str | None:
    names = {_norm(c) for c in cells}
    named = names & {"first name", "last name", "name", "given name", "family name", "file as"}
    if not named:
        return None
    if "group membership" in names or any(_GOOGLE_NUMBERED.fullmatch(n) for n in names):
        return "google"
    if {"e-mail address", "e-mail 2 address"} <= names and names & {"first name", "last name"}:
        return "outlook"
    return None


def address_book_format(line: str) -> tuple[str, str] | None:
    """("google" or "outlook", the delimiter) when ``line`` is the header row of one
    of those exports; None otherwise."""
    for delimiter in DELIMITERS:
        kind = _kind(csv_cells(line, delimiter))
        if kind is not None:
            return kind, delimiter
    return None


class _Row:
    """One record's cells by normalised header (the first column of a name wins)."""

    def __init__(self, header: list[str], cells: list[str]) -> None:
        self.values: dict[str, str] = {}
        for name, cell in zip(header, cells, strict=False):
            value = unneutralise_first(cell).strip()
            if name and value and name not in self.values:
                self.values[name] = value
        self.used: set[str] = set()

    def get(self, *names: str) -> str:
        for name in names:
            self.used.add(name)
            if self.values.get(name):
                return self.values[name]
        return ""

    def ignore(self, pattern: re.Pattern[str]) -> None:
        """Columns read on purpose and not kept (not reported as not imported)."""
        self.matching(pattern)

    def matching(self, pattern: re.Pattern[str]) -> list[str]:
        """Values of every column whose name matches, in column order."""
        found = [name for name in self.values if pattern.fullmatch(name)]
        self.used.update(found)
        return [self.values[name] for name in found]


def _split(value: str, separators: str) -> list[str]:
    return [part.strip() for part in re.split(separators, value) if part.strip()]


def _first_and_others(values: list[str]) -> tuple[str | None, list[str]]:
    found = unique([v for value in values for v in _split(value, ":::")])
    if not found:
        return None, []
    return found[0], found[1:]


def _groups(values: list[str], separators: str) -> list[str]:
    groups: list[str] = []
    for value in values:
        for label in _split(value, separators):
            label = label.lstrip("*").strip()
            if label and label.casefold() not in _SYSTEM_LABELS:
                groups.append(label)
    return unique(groups)


def _address_as(prefix: str, given: str, family: str, suffix: str) -> str:
    """How to greet them when the name's parts say: the prefix ("Dr." -> "Dr. Weiss",
    "Aunt" -> "Aunt Keiko") or a doctoral suffix ("MD"); else empty."""
    plain = " ".join(x for x in (given, family) if x)
    if prefix:
        return derived_address(f"{prefix} {plain}".strip(), formal=True)
    if suffix and plain:
        with_suffix = derived_address(f"{plain}, {suffix}", formal=True)
        return with_suffix if with_suffix != derived_address(plain, formal=True) else ""
    return ""


def _organization(name: str, department: str) -> str:
    return f"{name} ({department})" if name and department else name


def _person(
    row: _Row,
    line: int,
    *,
    name: str,
    address_as: str,
    emails: list[str],
    phones: list[str],
    websites: list[str],
    groups: list[str],
    organization: str,
    role: str,
) -> Incoming:
    email, other_emails = _first_and_others(emails)
    phone, other_phones = _first_and_others(phones)
    linkedin: str | None = None
    links: list[str] = []
    for url in unique([v for value in websites for v in _split(value, ":::")]):
        if linkedin is None and is_linkedin(url):
            linkedin = url
        else:
            links.append(url)
    notes = [
        row.get("notes"),
        "Other emails: " + ", ".join(other_emails) if other_emails else "",
        "Other phones: " + ", ".join(other_phones) if other_phones else "",
        "Links: " + ", ".join(links) if links else "",
    ]
    return Incoming(
        line=line,
        name=name,
        email=email,
        phone=phone,
        organization=organization,
        role=role,
        notes=join_notes(notes),
        tags=list(groups),
        linkedin=linkedin,
        address_as=address_as,
        groups=list(groups),
        nickname=row.get("nickname"),
    )


def _full_name(*parts: str) -> str:
    return " ".join(" ".join(parts).split())


_EMAIL_VALUE = re.compile(r"e-mail \d+ - value")
_PHONE_VALUE = re.compile(r"phone \d+ - value")
_WEBSITE_VALUE = re.compile(r"website \d+ - value")
# What Google writes beside the values (their kind, "* Home"), pronunciations, photos.
_GOOGLE_IGNORED = re.compile(
    r"(e-mail|phone|website|organization) \d+ - (label|type)|.*phonetic.*|.*yomi.*|photo"
)


def _google(row: _Row, line: int) -> Incoming | str:
    given = row.get("first name", "given name")
    middle = row.get("middle name", "additional name")
    family = row.get("last name", "family name")
    written = _full_name(row.get("name", "file as"))
    name = _full_name(given, middle, family) or written
    if not name:
        return NO_NAME
    row.ignore(_GOOGLE_IGNORED)
    return _person(
        row,
        line,
        name=name,
        address_as=_address_as(row.get("name prefix"), given, family, row.get("name suffix")),
        emails=row.matching(_EMAIL_VALUE),
        phones=row.matching(_PHONE_VALUE),
        websites=row.matching(_WEBSITE_VALUE),
        groups=_groups([row.get("labels", "group membership")], ":::"),
        organization=_organization(
            row.get("organization name", "organization 1 - name"),
            row.get("organization department", "organization 1 - department"),
        ),
        role=row.get("organization title", "organization 1 - title"),
    )


_OUTLOOK_EMAIL = re.compile(r"e-mail( \d+)? address")
_OUTLOOK_WEB = re.compile(r"(personal |business )?web ?page")
# Which phone is "the" phone: the one marked primary, then the one a student can text.
_OUTLOOK_PHONES = ("primary phone", "mobile phone", "home phone", "business phone")
_OUTLOOK_OTHER_PHONE = re.compile(r"(?!assistant).*phone( \d+)?")
# The kind of address ("SMTP") and the name Outlook shows beside it.
_OUTLOOK_IGNORED = re.compile(r"e-mail( \d+)? (type|display name)|initials|.*yomi.*")


def _outlook(row: _Row, line: int) -> Incoming | str:
    given = row.get("first name")
    middle = row.get("middle name")
    family = row.get("last name")
    name = _full_name(given, middle, family)
    if not name:
        return NO_NAME
    row.ignore(_OUTLOOK_IGNORED)
    phones = [row.get(column) for column in _OUTLOOK_PHONES]
    phones += row.matching(_OUTLOOK_OTHER_PHONE)
    return _person(
        row,
        line,
        name=name,
        # Outlook's "Title" is the name prefix ("Dr.", "Aunt"); the job is "Job Title".
        address_as=_address_as(row.get("title"), given, family, row.get("suffix")),
        emails=row.matching(_OUTLOOK_EMAIL),
        phones=phones,
        websites=row.matching(_OUTLOOK_WEB),
        groups=_groups([row.get("categories")], "[;,]"),
        organization=_organization(row.get("company"), row.get("department")),
        role=row.get("job title"),
    )


def _parse(
    text: str, kind: str, read: Callable[[_Row, int], Incoming | str], blanks: frozenset[str]
) -> Parsed:
    text = text.lstrip("\ufeff")
    lines = LINES.split(text)
    start = next((i for i, line in enumerate(lines) if line.strip()), 0)
    found = address_book_format(lines[start] if start < len(lines) else "")
    if found is None or found[0] != kind:
        label = "a Google Contacts" if kind == "google" else "an Outlook"
        raise InvalidInput(
            f"this is not {label} CSV export (its first line is not that export's header row)",
            hint="use --format auto to tell the format from the content",
        )
    records = csv_records(text, start, found[1])
    _, cells = next(records)
    spelled = [c.strip().lstrip("\ufeff") for c in cells]
    header = [_norm(c) for c in cells]
    rows: list[Incoming] = []
    skipped: list[tuple[int, str]] = []
    unused: set[str] = set()
    for line, record in records:
        if not any(c.strip() for c in record):
            continue
        row = _Row(header, record)
        person = read(row, line)
        if isinstance(person, str):
            skipped.append((line, person))
            continue
        rows.append(person)
        unused |= {
            name
            for name, value in row.values.items()
            if name not in row.used and value.casefold() not in blanks
        }
    # Columns that held something this reader does not keep, as the file spells them.
    unknown = unique([s for s, h in zip(spelled, header, strict=True) if h in unused])
    return Parsed(rows=rows, skipped=skipped, unknown_columns=unknown)


def parse_google(text: str) -> Parsed:
    """Every contact in a Google Contacts CSV export (either layout)."""
    return _parse(text, "google", _google, frozenset())


def parse_outlook(text: str) -> Parsed:
    """Every contact in an Outlook CSV export."""
    return _parse(text, "outlook", _outlook, _OUTLOOK_BLANKS)
