"""The prospect list as CSV, JSON or vCard 4.0, for spreadsheets, scripts and address books.

Each writer lives with its format's reader (:mod:`~infoview.formats.csv`,
:mod:`~infoview.formats.json`, :mod:`~infoview.formats.vcard`); this picks one.
Nothing here prints or touches files: the CLI decides where the bytes go.
"""

from __future__ import annotations

from collections.abc import Iterable

from infoview.formats.csv import to_csv
from infoview.formats.json import to_json
from infoview.formats.vcard import to_vcard
from infoview.model.people import Prospect

FORMATS = ("csv", "json", "vcard")


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
