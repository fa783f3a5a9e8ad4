"""Reading the dates and times a student types on the command line, the same way for
every command: parsed in their time zone (``model/dates.py``), and a wall time the
clocks pass twice taken as the first pass, with a note that says so."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal, TypeVar

from infoview.cli.output import Output
from infoview.model.dates import When, is_ambiguous, parse_moment, parse_when, show

Prefer = Literal["past", "future"]


def typed_when(out: Output, text: str, now: datetime, *, prefer: Prefer) -> When:
    """The day or the moment ``text`` names at ``now`` (the command's one reading of the
    clock: "now" typed is that very moment); see :func:`infoview.model.dates.parse_when`."""
    return _noted(out, parse_when(text, now, prefer=prefer))


def typed_moment(out: Output, text: str, now: datetime, *, prefer: Prefer) -> datetime:
    """The moment ``text`` names at ``now``; a day alone is refused with an example."""
    return _noted(out, parse_moment(text, now, prefer=prefer))


W = TypeVar("W", bound=date)  # a day or a moment (a datetime is a date)


def _noted(out: Output, when: W) -> W:
    if isinstance(when, datetime) and is_ambiguous(when):
        out.notice(
            f"{show(when)} comes twice that night (the clocks go back): "
            "it is taken as the first time"
        )
    return when
