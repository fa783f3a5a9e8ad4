"""The prospect list as CSV, JSON or vCard 4.0, for spreadsheets, scripts and address books.

* CSV: a header row and one row per person with every stored field, UTF-8 (a BOM
  only on request, for Excel), CRLF line ends, minimal quoting. List fields
  (``fields``, ``tags``) are joined with ``"; "``; ``None`` is an empty cell.
  **Every** cell that a spreadsheet could run as a formula -- one starting with
  ``=``, ``+``, ``-``, ``@``, tab or CR -- gets one leading ``'``. That includes
  phones such as ``+1 555 0100`` and notes such as ``-fun``, so an importer must
  pass each cell through :func:`unneutralise`. A cell that already starts with
  quotes followed by one of those characters (``'=x``) also gets one more quote,
  so :func:`unneutralise` is the exact inverse of :func:`neutralise` for every string.
* JSON: ``{"schema_version": 1, "prospects": [...]}``, byte for byte the shape of
  ``prospects.json``, so it reads back with the same model.
* vCard 4.0 (RFC 6350): one card per person; TEXT values escaped (``\\``, ``,``,
  ``;``, newlines), lines folded at 75 octets (never inside a UTF-8 character)
  and ended with CRLF.

Nothing here prints or touches files: the CLI decides where the text goes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from infoview.model.people import Prospect

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "FORMULA_TRIGGERS",
    "LIST_SEPARATOR",
    "export_prospects",
    "fold_line",
    "neutralise",
    "split_name",
    "to_csv",
    "to_json",
    "to_vcard",
    "unneutralise",
    "vcard_escape",
]

FORMATS = ("csv", "json", "vcard")
# Every stored field of a Prospect, in model order (a new field is exported too).
CSV_COLUMNS: tuple[str, ...] = tuple(Prospect.model_fields)
LIST_SEPARATOR = "; "
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
UTF8_BOM = "\ufeff"
VCARD_LINE_OCTETS = 75

# --- CSV ---------------------------------------------------------------------


def _needs_quote(cell: str) -> bool:
    """True for a cell that starts with quotes (maybe none) and then a formula trigger."""
    return cell.lstrip("'").startswith(FORMULA_TRIGGERS)


def neutralise(cell: str) -> str:
    """``'=SUM(A1)'`` -> ``"'=SUM(A1)"``: a spreadsheet shows it as text, never runs it."""
    return "'" + cell if _needs_quote(cell) else cell


def unneutralise(cell: str) -> str:
    """The inverse of :func:`neutralise`: drop the one quote it added, and nothing else."""
    if cell.startswith("'") and _needs_quote(cell):
        return cell[1:]
    return cell


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def to_csv(prospects: Iterable[Prospect], *, bom: bool = False) -> str:
    """A header row and one neutralised row per person (see the module docstring)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for p in prospects:
        record = p.model_dump(mode="json")
        writer.writerow([neutralise(_cell(record[column])) for column in CSV_COLUMNS])
    return (UTF8_BOM if bom else "") + out.getvalue()


# --- JSON --------------------------------------------------------------------


def to_json(prospects: Iterable[Prospect]) -> str:
    """The records as stored, in the envelope of ``prospects.json``."""
    from infoview.model.people import ProspectsFile
    from infoview.store.document import encode

    return encode(ProspectsFile(prospects=list(prospects))).decode("utf-8")


# --- vCard -------------------------------------------------------------------


def vcard_escape(text: str) -> str:
    """Escape a TEXT value per RFC 6350 3.4: backslash, comma, semicolon, line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _uri(url: str) -> str:
    """A URI value: not TEXT-escaped, so the characters a parser might split on are %-encoded."""
    return url.replace("\\", "%5C").replace(",", "%2C").replace(";", "%3B")


def fold_line(line: str) -> str:
    """One content line folded at 75 octets (RFC 6350 3.2), each piece ended with CRLF.

    Continuation lines start with a space, which counts toward their 75 octets; a
    line is never broken inside a multi-octet UTF-8 character.
    """
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = VCARD_LINE_OCTETS
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, VCARD_LINE_OCTETS - 1
        current.append(ch)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces) + "\r\n"


def split_name(name: str) -> tuple[str, str]:
    """(family, given): the last word is the family name, the rest the given names."""
    words = name.split()
    if not words:
        return "", ""
    return words[-1], " ".join(words[:-1])


def _card(p: Prospect) -> str:
    family, given = split_name(p.name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"FN:{vcard_escape(p.name)}",
        f"N:{vcard_escape(family)};{vcard_escape(given)};;;",
    ]
    if p.email:
        lines.append(f"EMAIL:{vcard_escape(str(p.email))}")
    if p.phone:
        lines.append(f"TEL;VALUE=text:{vcard_escape(p.phone)}")
    if p.organization:
        lines.append(f"ORG:{vcard_escape(p.organization)}")
    if p.role:
        lines.append(f"TITLE:{vcard_escape(p.role)}")
    if p.notes:
        lines.append(f"NOTE:{vcard_escape(p.notes)}")
    if p.tags:
        lines.append("CATEGORIES:" + ",".join(vcard_escape(t) for t in p.tags))
    if p.linkedin:
        lines.append(f"URL:{_uri(p.linkedin)}")
    lines.append("END:VCARD")
    return "".join(fold_line(line) for line in lines)


def to_vcard(prospects: Iterable[Prospect]) -> str:
    """One vCard 4.0 per person, concatenated; '' for nobody."""
    return "".join(_card(p) for p in prospects)


# --- any of them -------------------------------------------------------------


def export_prospects(prospects: Iterable[Prospect], fmt: str, *, bom: bool = False) -> bytes:
    """The UTF-8 bytes of ``prospects`` in ``fmt`` (one of :data:`FORMATS`).

    Raises ``ValueError`` for an unknown format; ``bom`` only applies to CSV.
    """
    if fmt == "csv":
        text = to_csv(prospects, bom=bom)
    elif fmt == "json":
        text = to_json(prospects)
    elif fmt == "vcard":
        text = to_vcard(prospects)
    else:
        raise ValueError(f"unknown export format {fmt!r}; choose {', '.join(FORMATS)}")
    return text.encode("utf-8")
