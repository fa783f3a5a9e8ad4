"""Spreadsheets: reading a contacts CSV with a header row, and the CSV export.

Reading: the header names the columns (``Name`` or ``First name``/``Last name``,
``Email``, ``Company``, ``Tags``...; case, spaces, ``_`` and ``-`` ignored); a
column infoview does not know is reported, not imported. Each cell of infoview's
own export (known by its header) is passed through :func:`unneutralise`, so it
reads back exactly; in another program's file only a ``'`` before a formula at the
start of a cell is dropped.

Writing: a header row and one row per person with every stored field, UTF-8 (a
BOM only on request, for Excel), CRLF line ends. A cell holding a separator some
spreadsheet splits on (``,``, ``;``, tab), a double quote or a line end is quoted.
List fields (``fields``, ``tags``) are joined with ``"; "``; ``None`` is an empty cell.
**Every** cell that a spreadsheet could run as a formula -- one starting with
``=``, ``+``, ``-``, ``@``, tab or CR, at its start or right after a ``,``, ``;``
or tab (where a spreadsheet reading ``;`` or tabs as separators starts a cell) --
gets one ``'`` there. That includes phones such as ``+1 555 0100`` and notes such as
``-fun``, so an importer must pass each cell through :func:`unneutralise`. A cell
that already has quotes followed by one of those characters there (``'=x``) also
gets one more quote, so :func:`unneutralise` is the exact inverse of
:func:`neutralise` for every string.

Reading: the delimiter is the one of ``,``, ``;`` and tab that splits the header
into the most known columns (Excel writes ``;`` in much of Europe and tabs in its
"Unicode text").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from infoview.formats.incoming import (
    LINES,
    NO_NAME,
    Incoming,
    Parsed,
    csv_records,
    is_linkedin,
    join_notes,
    priority_value,
    relation_value,
    sniff_delimiter,
    split_list,
)
from infoview.model.errors import InvalidInput
from infoview.model.people import Prospect

# Every stored field of a Prospect, in model order (a new field is exported too).
CSV_COLUMNS: tuple[str, ...] = tuple(Prospect.model_fields)
LIST_SEPARATOR = "; "
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
UTF8_BOM = "\ufeff"

# --- formula neutralising -----------------------------------------------------------

# Where a spreadsheet may start a cell: the start of ours, and after each character that
# some spreadsheet splits on (a comma, a semicolon where that is the list separator, a
# tab in "Unicode text"), so "Bob;=cmd" is two cells there, the second a formula.
CELL_SEPARATORS = ",;\t"
_CELL_STARTS = re.compile(r"(?:^|(?<=[,;\t]))")
# Quotes (maybe none) then a formula trigger, from a cell start. Double quotes count
# after a separator: the quoting of our own cell doubles them, and a spreadsheet that
# splits there reads ``""=x`` as a quoted cell starting with ``"=``... or as ``=x``.
_TRIGGERED = re.compile(r"'*[=+\-@\t\r]")
_TRIGGERED_INSIDE = re.compile(r"['\"]*[=+\-@\t\r]")
_QUOTE_NEEDED = re.compile(r'[,;\t"\r\n]')


def _starts(cell: str) -> list[int]:
    """Every position where a spreadsheet could begin a cell that starts a formula."""
    return [
        at
        for at in (m.start() for m in _CELL_STARTS.finditer(cell))
        if (_TRIGGERED_INSIDE if at else _TRIGGERED).match(cell, at)
    ]


def _needs_quote(cell: str) -> bool:
    """True for a cell that starts with quotes (maybe none) and then a formula trigger."""
    return _TRIGGERED.match(cell) is not None


def neutralise(cell: str) -> str:
    """``'=SUM(A1)'`` -> ``"'=SUM(A1)"``: a spreadsheet shows it as text, never runs it.

    The same at every place a spreadsheet could start a cell: ``Bob;=cmd`` ->
    ``Bob;'=cmd``.
    """
    starts = _starts(cell)
    if not starts:
        return cell
    pieces, last = [], 0
    for at in starts:
        pieces += [cell[last:at], "'"]
        last = at
    pieces.append(cell[last:])
    return "".join(pieces)


def unneutralise(cell: str) -> str:
    """The inverse of :func:`neutralise`: drop the one quote it added, and nothing else.

    "'=x" -> "=x", "''=x" -> "'=x", "a;'=x" -> "a;=x"; any other leading quote is the
    cell's own.
    """
    starts = [at for at in _starts(cell) if cell.startswith("'", at)]
    if not starts:
        return cell
    pieces, last = [], 0
    for at in starts:
        pieces.append(cell[last:at])
        last = at + 1
    pieces.append(cell[last:])
    return "".join(pieces)


def unneutralise_first(cell: str) -> str:
    """Another program's cell: only a quote before a formula at its start is taken as
    one a spreadsheet export added (``;'=`` inside it is the cell's own text)."""
    return cell[1:] if cell.startswith("'") and _needs_quote(cell) else cell


def _quoted(cell: str) -> str:
    """A cell as written: in double quotes if it holds a separator, a quote or a line end."""
    if _QUOTE_NEEDED.search(cell):
        return '"' + cell.replace('"', '""') + '"'
    return cell


# --- reading --------------------------------------------------------------------------

_COLUMNS = {
    "name": "name",
    "fullname": "name",
    "firstname": "first",
    "lastname": "last",
    "email": "email",
    "emailaddress": "email",
    "phone": "phone",
    "phonenumber": "phone",
    "mobile": "phone",
    "organization": "organization",
    "organisation": "organization",
    "company": "organization",
    "employer": "organization",
    "role": "role",
    "title": "role",
    "position": "role",
    "jobtitle": "role",
    "field": "fields",
    "fields": "fields",
    "relation": "relation",
    "relationship": "relation",
    "notes": "notes",
    "note": "notes",
    "tags": "tags",
    "tag": "tags",
    "linkedin": "linkedin",
    "linkedinurl": "linkedin",
    "url": "url",
    "priority": "priority",
    "addressas": "address_as",
    "greeting": "address_as",
    "howfound": "how_found",
    "school": "school",
}


def column_key(header: str) -> str | None:
    """What a header cell names (``"E-mail Address"`` -> ``"email"``); None if unknown."""
    return _COLUMNS.get(re.sub(r"[\s_\-]+", "", header.strip().lstrip("\ufeff").lower()))


def _known(header: str) -> bool:
    return column_key(header) is not None


def _row(line: int, values: dict[str, list[str]], fields_column: bool) -> Incoming | str:
    """The person one CSV record describes, or why it is skipped (``fields_column``: the
    file has a column for the fields)."""

    def one(key: str) -> str:
        return values.get(key, [""])[0]

    name = " ".join(one("name").split()) or " ".join(f"{one('first')} {one('last')}".split())
    if not name:
        return NO_NAME
    try:
        relation = relation_value(one("relation")) if one("relation") else None
        priority = priority_value(one("priority")) if one("priority") else None
    except ValueError as exc:
        return str(exc)
    linkedin = one("linkedin") or None
    links: list[str] = []
    for url in values.get("url", []):
        if linkedin is None and is_linkedin(url):
            linkedin = url
        else:
            links.append(url)
    notes = ["\n".join(values.get("notes", [])), "Links: " + ", ".join(links) if links else ""]
    return Incoming(
        line=line,
        name=name,
        email=one("email") or None,
        phone=one("phone") or None,
        organization=one("organization"),
        role=one("role"),
        fields=split_list(",".join(values.get("fields", []))),
        fields_given=fields_column,
        relation=relation,
        notes=join_notes(notes),
        tags=split_list(",".join(values.get("tags", []))),
        linkedin=linkedin,
        priority=priority,
        address_as=one("address_as"),
        how_found=one("how_found"),
        school=one("school"),
    )


def parse_csv(text: str) -> Parsed:
    """Every record under the header row; the header must name a name column."""
    text = text.lstrip("\ufeff")
    lines = LINES.split(text)
    start = next((i for i, line in enumerate(lines) if line.strip()), 0)
    delimiter = sniff_delimiter(lines[start] if start < len(lines) else "", _known)
    records = csv_records(text, start, delimiter)
    _, header = next(records, (0, []))
    keys = [column_key(h) for h in header]
    if not any(k in ("name", "first", "last") for k in keys):
        raise InvalidInput(
            "this CSV has no name column",
            hint="the header row needs a 'name' column (or 'first name' and 'last name')",
        )
    unknown = [h.strip() for h, k in zip(header, keys, strict=True) if k is None and h.strip()]
    # infoview's own export (its header, column for column) is undone exactly; another
    # program's file only loses a quote before a formula at the start of a cell.
    own = tuple(h.strip() for h in header) == CSV_COLUMNS
    undo = unneutralise if own else unneutralise_first
    columns = [(i, k) for i, k in enumerate(keys) if k is not None]
    fields_column = "fields" in keys
    rows: list[Incoming] = []
    skipped: list[tuple[int, str]] = []
    for line, cells in records:
        if not any(c.strip() for c in cells):
            continue
        values: dict[str, list[str]] = {}
        for i, key in columns:
            if i < len(cells):
                cell = undo(cells[i]).strip()
                if cell:
                    values.setdefault(key, []).append(cell)
        row = _row(line, values, fields_column)
        if isinstance(row, str):
            skipped.append((line, row))
        else:
            rows.append(row)
    return Parsed(rows=rows, skipped=skipped, unknown_columns=unknown)


# --- writing --------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def to_csv(prospects: Iterable[Prospect], *, bom: bool = False) -> str:
    """A header row and one neutralised row per person (see the module docstring)."""
    rows = [",".join(CSV_COLUMNS)]
    for p in prospects:
        record = p.model_dump(mode="json")
        cells = (neutralise(_cell(record[column])) for column in CSV_COLUMNS)
        rows.append(",".join(_quoted(cell) for cell in cells))
    return (UTF8_BOM if bom else "") + "".join(row + "\r\n" for row in rows)
