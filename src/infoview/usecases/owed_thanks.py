"""Who is owed a thank-you: listing them needs none of the drafting (``thanks.py``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from infoview.model.dates import to_iso
from infoview.rules.thank_clock import ThankYou
from infoview.rules.timeline import Timeline
from infoview.store.workspace import Workspace
from infoview.usecases.timeline import every_timeline


class OwedThanks(NamedTuple):
    """A person owed a thank-you: their timeline and the thank-you it says is owed."""

    line: Timeline
    thanks: ThankYou

    def as_dict(self) -> dict[str, Any]:
        thanks, action = self.thanks, self.line.action
        return {
            "person": self.line.person.id,
            "held_at": to_iso(thanks.took_place),
            "logged": thanks.logged,
            "due_by": to_iso(thanks.due_by),
            "overdue_from": to_iso(thanks.overdue_from),
            "state": thanks.state,
            "late": thanks.late,
            "command": action.command if action else None,
        }


def owed_thanks(ws: Workspace, now: datetime) -> list[OwedThanks]:
    """Everyone owed a thank-you at ``now``, most urgent first: overdue ones, then by
    when the conversation ended."""
    owed = [
        OwedThanks(line, line.thanks)
        for line in every_timeline(ws, now).values()
        if line.thanks is not None
    ]
    return sorted(
        owed, key=lambda o: (o.thanks.state != "overdue", o.thanks.ended_at, o.line.person.id)
    )
