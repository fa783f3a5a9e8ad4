"""The workspace settings a student may change from the command line: the holidays
the follow-up clock skips (settings.json's ``holidays``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from infoview.model.base import build
from infoview.model.dates import format_day
from infoview.model.errors import NotFound
from infoview.model.outreach import SettingsFile
from infoview.store.registry import SETTINGS
from infoview.store.workspace import Workspace


@dataclass(frozen=True)
class HolidaysAdded:
    added: list[date]  # new holidays, in order
    already: list[date]  # given, but set before: nothing changed for them


def holidays(ws: Workspace) -> list[date]:
    """The holidays set, in order."""
    return sorted(set(ws.read(SETTINGS).holidays))


def add_holidays(ws: Workspace, days: Sequence[date]) -> HolidaysAdded:
    """Add ``days`` to the holidays; those set already are left as they are.

    Nothing is written when every day was set already.
    """
    with ws.transaction() as tx:
        settings = tx.get(SETTINGS)
        current = set(settings.holidays)
        given = sorted(set(days))
        added = [d for d in given if d not in current]
        if added:
            tx.put(SETTINGS, _with_holidays(settings, [*current, *added]))
        return HolidaysAdded(added, [d for d in given if d in current])


def remove_holidays(ws: Workspace, days: Sequence[date]) -> list[date]:
    """Remove ``days`` from the holidays; if one is not set, nothing is removed."""
    with ws.transaction() as tx:
        settings = tx.get(SETTINGS)
        current = set(settings.holidays)
        missing = sorted({d for d in days if d not in current})
        if missing:
            shown = ", ".join(f"{d.isoformat()} ({format_day(d)})" for d in missing)
            raise NotFound(
                f"not a holiday set: {shown}; nothing was removed",
                hint="see infoview settings holidays list",
            )
        gone = set(days)
        tx.put(SETTINGS, _with_holidays(settings, [d for d in current if d not in gone]))
        return sorted(gone)


def _with_holidays(settings: SettingsFile, days: Sequence[date]) -> SettingsFile:
    """The settings with these holidays, validated as settings.json is; other keys kept."""
    data = settings.model_dump()
    data["holidays"] = sorted(set(days))
    return build(SettingsFile, data)
