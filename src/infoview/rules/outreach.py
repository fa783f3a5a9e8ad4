"""Who was asked, when, whether they replied, and what the follow-up clock says to do next.

One record per person: when the first message went, the follow-ups after it,
and the reply. The clock itself (business days, "3B7") is in ``agenda.py``; the
prospect's status moves only through ``people.set_status``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from infoview.model.dates import to_iso
from infoview.model.errors import InvalidInput, NotFound
from infoview.model.outreach import MAX_FOLLOW_UPS, OutreachFile, OutreachRecord, SettingsFile
from infoview.model.people import Prospect, ProspectsFile
from infoview.model.text import fold
from infoview.model.vocab import OUTREACH_CHANNELS, Status
from infoview.rules.followup_clock import ClockState, is_due, outreach_clock
from infoview.rules.people import move_status
from infoview.store.registry import OUTREACH
from infoview.store.workspace import Transaction


def record_for(file: OutreachFile, person_id: str) -> OutreachRecord | None:
    return next((r for r in file.records if r.person == person_id), None)


def _replace(tx: Transaction, record: OutreachRecord) -> None:
    file = tx.get(OUTREACH)
    others = [r for r in file.records if r.person != record.person]
    tx.put(OUTREACH, OutreachFile(records=[*others, record]))


def mark_sent(
    tx: Transaction, person: Prospect, channel: str, when: datetime, now: datetime
) -> tuple[OutreachRecord, bool]:
    """Record a first message, or a follow-up if one was sent already; (record, is_follow_up)."""
    if channel not in OUTREACH_CHANNELS:
        raise InvalidInput(f"--channel must be one of {', '.join(OUTREACH_CHANNELS)}")
    if when > now:
        raise InvalidInput("that date is in the future; record a message once it is sent")
    record = record_for(tx.get(OUTREACH), person.id)
    if record is None:
        record = OutreachRecord.model_validate(
            {"person": person.id, "channel": channel, "sent_at": when}
        )
        _replace(tx, record)
        if person.status == Status.NEW:  # never move someone back who is further along
            move_status(tx, person.id, Status.CONTACTED, now)
        return record, False
    if record.replied_at is not None:
        raise InvalidInput(
            f"{person.name} already replied; there is nothing to follow up",
        )
    if len(record.follow_ups) >= MAX_FOLLOW_UPS:
        raise InvalidInput(
            f"you have followed up with {person.name} {MAX_FOLLOW_UPS} times already; "
            "the clock has stopped, so give them room and reach out to others"
        )
    last = max([record.sent_at, *record.follow_ups])
    if when < last:
        raise InvalidInput("that date is before your last message to them")
    updated = record.model_copy(update={"follow_ups": [*record.follow_ups, when]})
    _replace(tx, updated)
    return updated, True


def mark_replied(
    tx: Transaction, person: Prospect, when: datetime, declined: bool, now: datetime
) -> OutreachRecord:
    record = record_for(tx.get(OUTREACH), person.id)
    if record is None:
        raise NotFound(
            f"no message to {person.name} is recorded",
            hint=f"record it first: infoview outreach sent {person.id} --on DATE",
        )
    if when > now:
        raise InvalidInput("that date is in the future")
    if when < record.sent_at:
        raise InvalidInput("that date is before your first message to them")
    updated = record.model_copy(update={"replied_at": when, "declined": declined})
    _replace(tx, updated)
    move_status(tx, person.id, Status.DECLINED if declined else Status.REPLIED, now)
    return updated


@dataclass(frozen=True)
class Row:
    person: Prospect
    record: OutreachRecord
    clock: ClockState

    def due(self, today: date) -> bool:
        return is_due(self.clock, today)

    def as_dict(self) -> dict[str, object]:
        record = self.record
        return {
            "person": self.person.id,
            "channel": record.channel,
            "sent_at": to_iso(record.sent_at),
            "replied_at": to_iso(record.replied_at) if record.replied_at else None,
            "follow_ups": len(record.follow_ups),
            "next_action": self.clock.next_action,
            "due": self.clock.due.isoformat() if self.clock.due else None,
        }


def outreach_rows(
    prospects: ProspectsFile, outreach: OutreachFile, settings: SettingsFile, now: datetime
) -> list[Row]:
    """Every recorded outreach with what its clock says today, the soonest due first."""
    by_id = {p.id: p for p in prospects.prospects}
    # next_at_same_org for every record at once: one pass over the list, not one per record.
    fresh: dict[str, list[Prospect]] = {}
    for p in prospects.prospects:
        if p.status == Status.NEW:
            fresh.setdefault(fold(p.organization), []).append(p)
    for same in fresh.values():
        same.sort(key=lambda p: (-p.priority, fold(p.name)))
    holidays = frozenset(settings.holidays)
    rows = []
    for record in outreach.records:
        person = by_id.get(record.person)
        if person is None:
            continue  # removed from the list; nothing left to do
        candidates = fresh.get(fold(person.organization), []) if person.organization else []
        other = next((p for p in candidates if p.id != person.id), None)
        clock = outreach_clock(
            person=person.name,
            sent_at=record.sent_at,
            follow_ups=record.follow_ups,
            replied_at=record.replied_at,
            declined=record.declined,
            now=now,
            holidays=holidays,
            next_person=other.name if other else None,
        )
        rows.append(Row(person, record, clock))
    rows.sort(key=lambda r: (r.clock.due is None, r.clock.due or date.max, fold(r.person.name)))
    return rows


def stop_silent_clocks(tx: Transaction, rows: list[Row], now: datetime) -> list[Prospect]:
    """Move people whose clock ran out (no reply after the last follow-up) to no-response."""
    stopped = []
    for row in rows:
        if row.clock.state == "no-response" and row.person.status == Status.CONTACTED:
            move_status(tx, row.person.id, Status.NO_RESPONSE, now)
            stopped.append(row.person)
    return stopped
