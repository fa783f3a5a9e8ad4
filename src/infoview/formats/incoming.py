"""What every contacts reader produces, and the small text helpers they share.

A reader (vcard, linkedin, csv, json) turns decoded text into :class:`Parsed`:
the :class:`Incoming` rows it could read and the ones it skipped, with why.
Nothing is validated against the stored models here (the importer does that);
values are only decoded, trimmed and mapped.

``relation`` is set only by generic CSV and JSON; it is normalised to a
:class:`~infoview.model.vocab.Relation` value (``Family Friend`` ->
``family-friend``), and a row with an unknown relation or a priority outside
0-3 is skipped.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from infoview.model.errors import InvalidInput
from infoview.model.vocab import relation_value as known_relation


@dataclass
class Incoming:
    line: int  # card number (vCard), file line (CSV) or item number (JSON), for messages
    name: str
    email: str | None = None
    phone: str | None = None
    organization: str = ""
    role: str = ""
    fields: list[str] = field(default_factory=list)
    # The file has a place for the fields (a column, a key), so an empty one means "none",
    # not "unknown": nothing is worked out from the role (an export read back stays as it
    # was). How the file is laid out, not what it says of the person: not compared.
    fields_given: bool = field(default=False, compare=False)
    relation: str | None = None  # only when the file says so (generic CSV/JSON)
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    linkedin: str | None = None
    priority: int | None = None
    address_as: str = ""  # how a message greets them (a card's structured name, a column)
    # What the file says of how the student knows them, for the relation to be worked out
    # from (rules/importer): the groups or labels the contact is in, as written
    # ("Family", "Familia", "Coworkers"), and a nickname ("Tía Rosa").
    groups: list[str] = field(default_factory=list)
    nickname: str = ""
    how_found: str = ""
    school: str = ""
    # infoview's own JSON only: the stored fields an import can keep (id, status,
    # cadence_days, referred_by, created_at, updated_at), as found in the file. Not part
    # of what a row says about the person, so not compared: two rows with the same
    # details are equal whichever workspace wrote them.
    stored: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass
class Parsed:
    rows: list[Incoming]
    skipped: list[tuple[int, str]]  # (line or card number, why)
    unknown_columns: list[str]  # generic CSV columns / JSON keys not recognised
    source: str = ""  # the format read ("vcard", "linkedin", ...), set by parse_contacts


NO_NAME = "no name"
LINES = re.compile(r"\r\n|\r|\n")


def unique(values: list[str]) -> list[str]:
    """The values trimmed, without blanks or repeats (ignoring case), first spelling kept."""
    seen: dict[str, str] = {}
    for value in values:
        text = value.strip()
        if text and text.casefold() not in seen:
            seen[text.casefold()] = text
    return list(seen.values())


def split_list(text: str) -> list[str]:
    return unique(re.split(r"[;,]", text))


def is_linkedin(url: str) -> bool:
    return "linkedin.com" in url.lower() or "lnkd.in" in url.lower()


def join_notes(parts: list[str]) -> str:
    return "\n".join(p for p in (part.strip() for part in parts) if p)


# Byte order marks of the UTF-16/32 text Excel ("Unicode text") and Windows tools save;
# UTF-32 first, since its little-endian mark starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> str:
    """UTF-8 (BOM stripped), UTF-16/32 with a BOM; cp1252/latin-1 only for vCard 2.1
    with CHARSET params and for Outlook's CSV export, which desktop Outlook saves in the
    Windows code page."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                data = data.decode(encoding).encode("utf-8")
            except UnicodeError:
                raise InvalidInput(
                    f"the file is not valid {encoding.upper()} text", hint="save it as UTF-8"
                ) from None
            break
    if not data.strip():
        raise InvalidInput("the file is empty")
    if b"\x00" in data:
        raise InvalidInput("the file is not text (it looks like a binary file)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        head = data[:65536].upper()
        first = head.split(b"\n", 1)[0]
        outlook = b"E-MAIL ADDRESS" in first and b"E-MAIL 2 ADDRESS" in first  # saved as ANSI
        vcard21 = b"BEGIN:VCARD" in head and (b"VERSION:2.1" in head or b"CHARSET=" in head)
        if vcard21 or outlook:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
        else:
            raise InvalidInput(
                "the file is not UTF-8 text", hint="save or export it as UTF-8"
            ) from None
    if not text.strip():
        raise InvalidInput("the file is empty")
    return text


def first_line(text: str) -> str:
    for line in LINES.split(text.lstrip("\ufeff")):
        if line.strip():
            return line.strip()
    return ""


DELIMITERS = (",", ";", "\t")


def csv_cells(line: str, delimiter: str = ",") -> list[str]:
    """One line read as CSV cells; [] when it is not CSV."""
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def sniff_delimiter(header: str, known: Callable[[str], bool]) -> str:
    """The delimiter among , ; and tab that splits ``header`` into the most cells
    ``known`` recognises (a comma when none does better)."""

    def score(delimiter: str) -> int:
        return sum(1 for cell in csv_cells(header, delimiter) if known(cell))

    return max(DELIMITERS, key=score)  # max keeps the first of equals: the comma


def csv_records(text: str, start: int, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """(first file line number, cells) for each CSV record from line index ``start``."""
    lines = LINES.split(text)
    body = "\n".join(lines[start:])
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    previous = 0
    try:
        for cells in reader:
            yield start + previous + 1, cells
            previous = reader.line_num
    except csv.Error as exc:
        raise InvalidInput(f"line {start + reader.line_num}: this CSV is damaged ({exc})") from None


def relation_value(value: str) -> str:
    """``Family friends`` -> ``family-friend``, ``cousin`` -> ``family`` (the words of
    :func:`infoview.model.vocab.relation_value`); ValueError for a word it does not know."""
    try:
        return known_relation(value).value
    except ValueError as exc:
        raise ValueError(f"relation {exc}") from None


def shown(value: object, limit: int = 40) -> str:
    """A value quoted for a message, cut short (a 4000-digit number is not repeated)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        return "a number too long to show"
    text = value if isinstance(value, str) else repr(value)
    return repr(text if len(text) <= limit else text[:limit] + "...")


def priority_value(value: str | int) -> int:
    """0-3 from "2" or 2; ValueError otherwise (ASCII digits only: int() would take
    "٣" and refuse "¹", which isdigit() accepts)."""
    text = value.strip() if isinstance(value, str) else ""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif text in ("0", "1", "2", "3"):
        number = int(text)
    else:
        number = -1
    if not 0 <= number <= 3:
        raise ValueError(f"priority {shown(value)} is not 0, 1, 2 or 3")
    return number
