"""The status stored in ``prospects.json`` is the timeline's.

`prospect list` shows and filters by the stored status, so every change to a person's
story stores the status their timeline (``timeline.py``) now gives, and a status typed
by hand is kept only where the timeline takes it from the student: someone with nothing
recorded yet is new, declined or no-response.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from infoview.model.errors import InvalidInput
from infoview.model.vocab import Status
from infoview.rules.people import move_status
from infoview.rules.timeline import Documents, Timeline, timelines
from infoview.store.document import Document
from infoview.store.registry import CONTACTS, INTERVIEWS, OUTREACH, PLANS, PROSPECTS, SETTINGS
from infoview.store.workspace import Transaction


def gather(get: Callable[[Document[Any]], Any]) -> Documents:
    """The documents a timeline needs, each got once (from a read, or a transaction)."""
    return Documents(
        prospects=get(PROSPECTS).prospects,
        outreach=get(OUTREACH),
        interviews=get(INTERVIEWS),
        contacts=get(CONTACTS),
        settings=get(SETTINGS),
        plans=get(PLANS),
    )


def settle_status(tx: Transaction, person_id: str, now: datetime) -> Timeline:
    """Store where the person stands after a change to their story: their timeline's
    status, so `prospect list` (which reads the stored one) says what `next` says.
    Whatever the student records, the status follows; it never goes back by a rule
    of its own (a message recorded after the booking leaves them scheduled)."""
    line = timelines(gather(tx.get), now, only={person_id})[person_id]
    move_status(tx, person_id, line.status, now)
    return line


# How each status is recorded, for a student who tries to set it by hand instead.
_RECORDED_BY: dict[Status, str] = {
    Status.CONTACTED: "record the message: infoview outreach sent {id} --on DATE",
    Status.REPLIED: "record the reply: infoview outreach replied {id} --on DATE",
    Status.DECLINED: "record their answer: infoview outreach replied {id} --on DATE --declined",
    Status.NO_RESPONSE: "the follow-up clock moves them there once the last follow-up goes "
    "unanswered (see infoview outreach list)",
    Status.SCHEDULED: "book it: infoview interview schedule {id} --at 'DATE TIME'",
    Status.INTERVIEWED: "log it: infoview interview log {id}",
    Status.THANKED: "record it: infoview thanks sent {id}",
}


def check_status_by_hand(line: Timeline, wanted: Status) -> None:
    """Refuse a status typed by hand that the person's timeline does not give: a status
    follows what is recorded, so `prospect list` never disagrees with `next`. By hand,
    someone with nothing recorded can be new, declined or no-response."""
    if line.status == wanted:
        return
    name, hint = line.person.name, _RECORDED_BY.get(wanted)
    if line.outreach is None and not line.interviews:
        message = (
            f"{name} will be {wanted.value} once it is recorded; by hand, someone with "
            "nothing recorded yet is new, declined or no-response"
        )
    else:
        message = (
            f"{name} is {line.status.value} by what you recorded; a status by hand is only "
            "for someone with nothing recorded yet"
        )
    raise InvalidInput(message, hint=hint.format(id=line.person.id) if hint else None)
