"""Read contacts exported by phones, LinkedIn, spreadsheets and infoview itself.

Parsers only: bytes in, :class:`Parsed` out. This module decodes the bytes,
tells the format from the content (not the file name) and hands the text to
the reader for it: :mod:`~infoview.formats.vcard`, :mod:`~infoview.formats.linkedin`,
:mod:`~infoview.formats.address_books` (Google Contacts and Outlook CSV),
:mod:`~infoview.formats.csv` or :mod:`~infoview.formats.json`. What every
reader produces is in :mod:`~infoview.formats.incoming`.

Detection, in this order: a first line ``BEGIN:VCARD`` is a vCard; ``{`` or ``[``
that parses is JSON; LinkedIn's header (found past its preamble) is LinkedIn; a
header row with a numbered Google column (``E-mail 1 - Value``...) or ``Group
Membership`` is Google's; one with ``E-mail Address`` and ``E-mail 2 Address`` is
Outlook's (its ``Title`` is a name prefix, so a spreadsheet's ``Title`` column
must not be read as one); any other header naming a known column is a generic CSV.
"""

from __future__ import annotations

from infoview.formats.address_books import address_book_format, parse_google, parse_outlook
from infoview.formats.csv import column_key, parse_csv
from infoview.formats.incoming import (
    LINES,
    Incoming,
    Parsed,
    csv_cells,
    decode,
    first_line,
    sniff_delimiter,
)
from infoview.formats.json import load_json, parse_json
from infoview.formats.linkedin import linkedin_header_index, parse_linkedin
from infoview.formats.vcard import parse_vcard
from infoview.model.errors import InvalidInput

__all__ = ["FORMATS", "Incoming", "Parsed", "detect_format", "parse_contacts"]

FORMATS = ("vcard", "linkedin", "google", "outlook", "csv", "json")


def detect_format(text: str) -> str:
    """The format of ``text`` judged from its content, not its file name."""
    first = first_line(text)
    if first.upper() == "BEGIN:VCARD":
        return "vcard"
    json_error: InvalidInput | None = None
    if first[:1] in ("{", "["):
        try:
            value = load_json(text)
        except InvalidInput as exc:
            json_error = exc
        else:
            if isinstance(value, (dict, list)):
                return "json"
    if linkedin_header_index(LINES.split(text)) is not None:
        return "linkedin"
    address_book = address_book_format(first)
    if address_book is not None:
        return address_book[0]
    delimiter = sniff_delimiter(first, _known)
    if any(_known(cell) for cell in csv_cells(first, delimiter)):
        return "csv"
    if json_error is not None:  # it looked like JSON and is nothing else: say why not
        raise json_error
    raise InvalidInput(
        "this is not a contacts file infoview can read",
        hint="use a vCard (.vcf), LinkedIn Connections.csv, a Google Contacts or Outlook "
        "CSV export, a CSV with a header row, or infoview's JSON export",
    )


def _known(header: str) -> bool:
    return column_key(header) is not None


def parse_contacts(data: bytes, fmt: str = "auto") -> Parsed:
    """Decode ``data`` and parse it as ``fmt`` ("auto" detects it from the content)."""
    if fmt != "auto" and fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)} or auto")
    text = decode(data)
    detected = detect_format(text) if fmt == "auto" else fmt
    readers = {
        "vcard": parse_vcard,
        "linkedin": parse_linkedin,
        "google": parse_google,
        "outlook": parse_outlook,
        "json": parse_json,
    }
    parsed = readers.get(detected, parse_csv)(text)
    parsed.source = detected
    return parsed
