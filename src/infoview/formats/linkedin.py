"""LinkedIn's Connections.csv, from LinkedIn's copy of your data.

What comes before the header varies, so the header is found by scanning for
it. The "Connected On" date goes to notes as ``Connected on 12 Mar 2024``. The
file does not say how you know someone, so no relation is set.
"""

from __future__ import annotations

from infoview.formats.incoming import LINES, NO_NAME, Incoming, Parsed, csv_cells, csv_records
from infoview.model.errors import InvalidInput

LINKEDIN_HEADER = (
    "first name",
    "last name",
    "url",
    "email address",
    "company",
    "position",
    "connected on",
)


def linkedin_header_index(lines: list[str]) -> int | None:
    """Index of LinkedIn's header line, found by scanning (the preamble varies)."""
    for index, line in enumerate(lines[:200]):
        if "first name" not in line.lower():
            continue
        cells = tuple(" ".join(c.split()).lower() for c in csv_cells(line))
        if cells[: len(LINKEDIN_HEADER)] == LINKEDIN_HEADER:
            return index
    return None


def parse_linkedin(text: str) -> Parsed:
    text = text.lstrip("\ufeff")
    start = linkedin_header_index(LINES.split(text))
    if start is None:
        raise InvalidInput(
            "this is not LinkedIn's Connections.csv (no 'First Name,Last Name,URL,...' header)"
        )
    rows: list[Incoming] = []
    skipped: list[tuple[int, str]] = []
    records = csv_records(text, start)
    next(records)  # the header
    for line, cells in records:
        if not any(c.strip() for c in cells):
            continue
        cells = [c.strip() for c in cells] + [""] * 7
        first, last, url, email, company, position, connected = cells[:7]
        name = " ".join(f"{first} {last}".split())
        if not name:
            skipped.append((line, NO_NAME))
            continue
        rows.append(
            Incoming(
                line=line,
                name=name,
                email=email or None,
                organization=company,
                role=position,
                linkedin=url or None,
                notes=f"Connected on {connected}" if connected else "",
            )
        )
    return Parsed(rows=rows, skipped=skipped, unknown_columns=[])
