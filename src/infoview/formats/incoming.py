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

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from infoview.model.errors import InvalidInput
from infoview.model.vocab import Relation


@dataclass
class Incoming:
    line: int  # card number (vCard), file line (CSV) or item number (JSON), for messages
    name: str
    email: str | None = None
    phone: str | None = None
    organization: str = ""
    role: str = ""
    fields: list[str] = field(default_factory=list)
    relation: str | None = None  # only when the file says so (generic CSV/JSON)
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    linkedin: str | None = None
    priority: int | None = None


@dataclass
class Parsed:
    rows: list[Incoming]
    skipped: list[tuple[int, str]]  # (line or card number, why)
    unknown_columns: list[str]  # generic CSV columns / JSON keys not recognised


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


def decode(data: bytes) -> str:
    """UTF-8 (BOM stripped); cp1252/latin-1 only for vCard 2.1 with CHARSET params."""
    if not data.strip():
        raise InvalidInput("the file is empty")
    if b"\x00" in data:
        raise InvalidInput("the file is not text (it looks like a binary file)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        head = data[:65536].upper()
        if b"BEGIN:VCARD" in head and (b"VERSION:2.1" in head or b"CHARSET=" in head):
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


def csv_cells(line: str) -> list[str]:
    """One line read as CSV cells; [] when it is not CSV."""
    try:
        return next(csv.reader([line]), [])
    except csv.Error:
        return []


def csv_records(text: str, start: int) -> Iterator[tuple[int, list[str]]]:
    """(first file line number, cells) for each CSV record from line index ``start``."""
    lines = LINES.split(text)
    body = "\n".join(lines[start:])
    reader = csv.reader(io.StringIO(body, newline=""))
    previous = 0
    try:
        for cells in reader:
            yield start + previous + 1, cells
            previous = reader.line_num
    except csv.Error as exc:
        raise InvalidInput(f"line {start + reader.line_num}: this CSV is damaged ({exc})") from None


def relation_value(value: str) -> str:
    """``Family Friend`` -> ``family-friend``; ValueError for a relation infoview does not know."""
    key = re.sub(r"[\s_]+", "-", value.strip().lower())
    allowed = {r.value for r in Relation}
    if key not in allowed:
        raise ValueError(f"relation {value!r} is not one of {', '.join(sorted(allowed))}")
    return key


def priority_value(value: str | int) -> int:
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or not 0 <= int(text) <= 3:
        raise ValueError(f"priority {text!r} is not 0, 1, 2 or 3")
    return int(text)
