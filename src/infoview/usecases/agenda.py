"""What to do at a moment: the `infoview next` agenda."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from infoview.rules.agenda import Item, agenda
from infoview.rules.timeline import timelines
from infoview.store.workspace import Workspace
from infoview.usecases.timeline import read_documents


class Agenda(NamedTuple):
    items: list[Item]
    have_prospects: bool  # False: nobody is listed yet, so the student is shown how to start

    def as_dict(self) -> list[dict[str, Any]]:
        return [item.as_dict() for item in self.items]


def agenda_as_of(ws: Workspace, now: datetime, sheet_folder: Path) -> Agenda:
    """Everything due as of ``now``, most urgent first.

    An interview sheet counts as printed when ``questions sheet -o`` left it in
    ``sheet_folder`` under its usual name.
    """
    lines = timelines(read_documents(ws), now)

    def sheet_printed(person_id: str) -> bool:
        return (sheet_folder / f"interview-sheet-{person_id}.md").exists()

    return Agenda(agenda(lines, now, sheet_printed), bool(lines))
