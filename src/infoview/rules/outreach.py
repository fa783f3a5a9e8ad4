"""Who was asked, when, and whether they replied.

One record per person: when the first message went, the follow-ups after it,
and the reply. What the follow-up clock ("3B7", ``followup_clock.py``) says to
do next is the person's timeline's to say (``timeline.py``); the prospect's
status moves only through ``people.set_status``.
"""

from __future__ import annotations

from datetime import datetime

from infoview.model.dates import When, is_before, show
from infoview.model.errors import InvalidInput, NotFound
from infoview.model.outreach import MAX_FOLLOW_UPS, OutreachFile, OutreachRecord
from infoview.model.people import Prospect
from infoview.model.vocab import OUTREACH_CHANNELS
from infoview.rules.followup_clock import follow_up_limit
from infoview.rules.status import settle_status
from infoview.store.registry import OUTREACH, SETTINGS
from infoview.store.workspace import Transaction


def record_for(file: OutreachFile, person_id: str) -> OutreachRecord | None:
    return next((r for r in file.records if r.person == person_id), None)


def _replace(tx: Transaction, record: OutreachRecord) -> None:
    file = tx.get(OUTREACH)
    others = [r for r in file.records if r.person != record.person]
    tx.put(OUTREACH, OutreachFile(records=[*others, record]))


def mark_sent(
    tx: Transaction, person: Prospect, channel: str, when: When, now: datetime
) -> tuple[OutreachRecord, bool]:
    """Record a first message, or a follow-up if one was sent already; (record, is_follow_up)."""
    if channel not in OUTREACH_CHANNELS:
        raise InvalidInput(f"--channel must be one of {', '.join(OUTREACH_CHANNELS)}")
    if is_before(now, when):
        raise InvalidInput("that date is in the future; record a message once it is sent")
    record = record_for(tx.get(OUTREACH), person.id)
    if record is None:
        record = OutreachRecord.model_validate(
            {"person": person.id, "channel": channel, "sent_at": when}
        )
        _replace(tx, record)
        settle_status(tx, person.id, now)
        return record, False
    if record.replied_at is not None:
        raise InvalidInput(
            f"{person.name} already replied; there is nothing to follow up",
        )
    check_follow_up_allowed(record, person, follow_up_limit(tx.get(SETTINGS)))
    last = record.last_message
    if is_before(when, last):
        raise InvalidInput(f"{show(when)} is before your last message to them ({show(last)})")
    updated = record.model_copy(update={"follow_ups": [*record.follow_ups, when]})
    _replace(tx, updated)
    settle_status(tx, person.id, now)  # a clock that had run out may run again
    return updated, True


def check_follow_up_allowed(record: OutreachRecord, person: Prospect, limit: int) -> None:
    """Refuse a follow-up (sent, or drafted) beyond the ones settings.json's ``follow_ups``
    allows."""
    count = len(record.follow_ups)
    if count < limit:
        return
    done = "once" if count == 1 else f"{count} times"
    allowed = "one follow-up" if limit == 1 else f"{limit} follow-ups"
    hint = None
    if limit < MAX_FOLLOW_UPS:
        hint = f'settings.json "follow_ups": {MAX_FOLLOW_UPS} allows a second, last follow-up'
    raise InvalidInput(
        f"you have followed up with {person.name} {done} already, and the setting "
        f"follow_ups (settings.json) allows {allowed}; give them room and reach out to others",
        hint=hint,
    )


def mark_replied(
    tx: Transaction, person: Prospect, when: When, declined: bool, now: datetime
) -> OutreachRecord:
    record = record_for(tx.get(OUTREACH), person.id)
    if record is None:
        raise NotFound(
            f"no message to {person.name} is recorded",
            hint=f"record it first: infoview outreach sent {person.id} --on DATE",
        )
    if is_before(now, when):
        raise InvalidInput(f"{show(when)} is in the future; record the reply once it came")
    if is_before(when, record.sent_at):
        raise InvalidInput(
            f"{show(when)} is before your first message to them ({show(record.sent_at)})"
        )
    updated = record.model_copy(update={"replied_at": when, "declined": declined})
    _replace(tx, updated)
    settle_status(tx, person.id, now)
    return updated
