"""Interviews: scheduled, rescheduled, cancelled, and logged with answers, notes and referrals.

A person has at most one interview that is scheduled and not yet held; earlier
ones stay in the record (held or cancelled) so nothing is lost and questions
already asked are never asked again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any, NamedTuple

from infoview.model.base import build
from infoview.model.dates import When, is_before, show
from infoview.model.errors import InvalidInput, NotFound
from infoview.model.interviews import (
    Cancelled,
    Held,
    Interview,
    InterviewsFile,
    Scheduled,
    check_answer,
    check_link,
    check_note,
    check_place,
    new_uid,
    oldest_first,
)
from infoview.model.limits import (
    FORCED_MINUTES_MAX,
    FORCED_MINUTES_MIN,
    INTERVIEW_MINUTES_MAX,
    INTERVIEW_MINUTES_MIN,
)
from infoview.model.people import Prospect
from infoview.model.text import fold
from infoview.model.vocab import Mode, Relation
from infoview.rules.bank import Bank
from infoview.rules.people import add_prospect
from infoview.rules.status import settle_status
from infoview.store.registry import INTERVIEWS, PROSPECTS
from infoview.store.workspace import Transaction


def check_minutes(minutes: int, force: bool) -> int:
    if INTERVIEW_MINUTES_MIN <= minutes <= INTERVIEW_MINUTES_MAX:
        return minutes
    if force and FORCED_MINUTES_MIN <= minutes <= FORCED_MINUTES_MAX:
        return minutes
    if force:
        raise InvalidInput(
            f"--minutes must be {FORCED_MINUTES_MIN}–{FORCED_MINUTES_MAX} even with --force"
        )
    raise InvalidInput(
        f"--minutes must be {INTERVIEW_MINUTES_MIN}–{INTERVIEW_MINUTES_MAX}: an informational "
        "interview is a short conversation (add --force if they really offered more)"
    )


def of_person(file: InterviewsFile, person_id: str) -> list[Interview]:
    return [i for i in file.interviews if i.person == person_id]


def upcoming(file: InterviewsFile, person_id: str) -> Scheduled | None:
    """The person's scheduled interview (to come, or over but not logged yet): at most one."""
    return next(
        (i for i in file.interviews if isinstance(i, Scheduled) and i.person == person_id), None
    )


def latest_held(file: InterviewsFile, person_id: str, zone: tzinfo | None) -> Held | None:
    """The person's latest logged conversation (in the order of ``oldest_first``)."""
    mine = oldest_first(
        (i for i in file.interviews if isinstance(i, Held) and i.person == person_id), zone
    )
    return mine[-1] if mine else None


def asked_questions(file: InterviewsFile, person_id: str) -> frozenset[str]:
    """Questions taken to, or answered in, a held interview with this person."""
    asked: set[str] = set()
    for i in of_person(file, person_id):
        if isinstance(i, Held):
            asked.update(i.questions)
            asked.update(a.question for a in i.answers)
    return frozenset(asked)


def save_interview(tx: Transaction, interview: Interview) -> None:
    file = tx.get(INTERVIEWS)
    others = [i for i in file.interviews if i.id != interview.id]
    tx.put(INTERVIEWS, InterviewsFile(interviews=[*others, interview]))


def _next_id(file: InterviewsFile, person_id: str) -> str:
    return f"{person_id}-{len(of_person(file, person_id)) + 1}"


@dataclass(frozen=True)
class Meeting:
    """What schedule and reschedule are told; None leaves a value as it was."""

    at: datetime | None = None
    minutes: int | None = None
    mode: Mode | None = None
    where: str | None = None
    link: str | None = None


def checked_meeting(
    at: datetime | None,
    minutes: int | None,
    mode: Mode | None,
    where: str | None,
    link: str | None,
    *,
    force: bool,
) -> Meeting:
    """The meeting the options describe, checked before anything is saved.

    A place and a link exclude each other; a link alone means a video call.
    """
    if where and link:
        raise InvalidInput("give either --where or --link, not both")
    try:
        where = check_place(where) if where is not None else None
        link = check_link(link)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    if minutes is not None:
        check_minutes(minutes, force)
    if mode is None and link:
        mode = Mode.VIDEO
    return Meeting(at=at, minutes=minutes, mode=mode, where=where, link=link)


def check_schedulable(
    file: InterviewsFile, person: Prospect, meeting: Meeting, now: datetime
) -> None:
    """A new interview needs a time to come, and the person must have none scheduled."""
    if meeting.at is None:
        raise InvalidInput("say when with --at, e.g. --at '2026-12-03 15:30'")
    _check_to_come(person, meeting.at, now)
    if upcoming(file, person.id) is not None:
        raise InvalidInput(
            f"{person.name} already has an interview scheduled",
            hint=f"move it with: infoview interview reschedule {person.id} --at ...",
        )


def _check_to_come(person: Prospect, at: datetime, now: datetime) -> None:
    if at <= now:
        raise InvalidInput(
            f"{show(at)} has passed: schedule a conversation that is still to come",
            hint=f"log one that took place with: infoview interview log {person.id} --on ...",
        )


def schedule(
    tx: Transaction,
    person: Prospect,
    meeting: Meeting,
    questions: Sequence[str],
    now: datetime,
) -> Scheduled:
    file = tx.get(INTERVIEWS)
    check_schedulable(file, person, meeting, now)
    interview = build(
        Scheduled,
        {
            "id": _next_id(file, person.id),
            "person": person.id,
            "scheduled_at": meeting.at,
            "minutes": meeting.minutes if meeting.minutes is not None else 30,
            "mode": meeting.mode or Mode.VIDEO,
            "where": meeting.where or "",
            "link": meeting.link,
            "uid": new_uid(person.id),
            "questions": list(questions),
        },
    )
    save_interview(tx, interview)
    settle_status(tx, person.id, now)
    return interview


def reschedule(tx: Transaction, person: Prospect, meeting: Meeting, now: datetime) -> Scheduled:
    current = upcoming(tx.get(INTERVIEWS), person.id)
    if current is None:
        raise NotFound(
            f"{person.name} has no scheduled interview to move",
            hint=f"schedule one: infoview interview schedule {person.id} --at ...",
        )
    changes: dict[str, object] = {"sequence": current.sequence + 1}
    if meeting.at is not None:
        _check_to_come(person, meeting.at, now)
        changes["scheduled_at"] = meeting.at
    if meeting.minutes is not None:
        changes["minutes"] = meeting.minutes
    if meeting.mode is not None:
        changes["mode"] = meeting.mode
    if meeting.where is not None:  # a place replaces a video link, and the other way round
        changes["where"], changes["link"] = meeting.where, None
    if meeting.link is not None:
        changes["link"], changes["where"] = meeting.link, ""
    updated = build(Scheduled, {**current.model_dump(), **changes})
    save_interview(tx, updated)
    return updated


def cancel(tx: Transaction, person: Prospect, now: datetime) -> Cancelled:
    current = upcoming(tx.get(INTERVIEWS), person.id)
    if current is None:
        raise NotFound(f"{person.name} has no scheduled interview to cancel")
    fields = current.model_dump(exclude={"state"})
    updated = Cancelled.model_validate({**fields, "sequence": current.sequence + 1})
    save_interview(tx, updated)
    settle_status(tx, person.id, now)  # they had said yes: replied, unless they talked before
    return updated


class ReferralSpec(NamedTuple):
    name: str
    role: str = ""
    organization: str = ""


def parse_referral(text: str) -> ReferralSpec:
    """'Name[, role][ @ organisation]' -> its parts."""
    rest, _, org = text.partition("@")
    name, _, role = rest.partition(",")
    if not name.strip():
        raise InvalidInput(f"a referral needs a name: {text!r} (Name[, role][ @ organisation])")
    return ReferralSpec(name.strip(), role.strip(), org.strip())


@dataclass
class Logged:
    interview: Held
    added: list[Prospect] = field(default_factory=list)
    linked: list[Prospect] = field(default_factory=list)
    amended: bool = False  # an earlier logged conversation was changed, not a new one


Answer = tuple[str, str, bool]  # (question id, text, starred)


@dataclass(frozen=True)
class Record:
    """What the student tells about the conversation after it took place.

    ``held_at`` None: at the scheduled time, else (a conversation already logged)
    as logged, else today. ``whole``: the record is the whole conversation (an
    edited form of a logged one), not additions to it.
    """

    held_at: When | None = None
    minutes: int | None = None
    mode: Mode | None = None
    notes: Sequence[str] = ()
    answers: Sequence[Answer] = ()
    referrals: Sequence[str] = ()
    interest: int | None = None
    questions: Sequence[str] = ()  # the plan, when no interview was scheduled
    whole: bool = False


@dataclass(frozen=True)
class LogOptions:
    """What the options of `interview log` say; None or () leaves a form's value as typed."""

    on: When | None = None
    minutes: int | None = None
    mode: Mode | None = None
    notes: tuple[str, ...] = ()
    answers: tuple[Answer, ...] = ()
    referrals: tuple[str, ...] = ()
    interest: int | None = None

    def record(self) -> Record:
        """The record these options make on their own (no form)."""
        return Record(
            held_at=self.on,
            minutes=self.minutes,
            mode=self.mode,
            notes=self.notes,
            answers=self.answers,
            referrals=self.referrals,
            interest=self.interest,
        )

    def over(self, form: Record) -> Record:
        """``form`` with these options on top: a value given wins, lists are added to."""
        return Record(
            held_at=self.on if self.on is not None else form.held_at,
            minutes=self.minutes if self.minutes is not None else form.minutes,
            mode=self.mode or form.mode,
            notes=(*form.notes, *self.notes),
            answers=(*form.answers, *self.answers),
            referrals=(*form.referrals, *self.referrals),
            interest=self.interest if self.interest is not None else form.interest,
            questions=form.questions,
            whole=form.whole,
        )


def log_options(
    bank: Bank,
    *,
    on: When | None,
    minutes: int | None,
    mode: Mode | None,
    notes: Sequence[str],
    answers: Sequence[str],
    referrals: Sequence[str],
    interest: int | None,
    force: bool,
) -> LogOptions:
    """The options of `interview log`, checked before anything is saved or an editor opens."""
    if minutes is not None:
        check_minutes(minutes, force)
    given = tuple(_answer_option(text, bank) for text in answers)
    try:
        for text in notes:
            check_note(text)
        for _, text, _ in given:
            check_answer(text)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    return LogOptions(on, minutes, mode, tuple(notes), given, tuple(referrals), interest)


def _answer_option(option: str, bank: Bank) -> Answer:
    """'ID=what they said' (a leading * stars it) -> (question id, text, starred)."""
    qid, sep, text = option.partition("=")
    if not sep or not qid.strip() or not text.strip():
        raise InvalidInput(f'--answer takes ID="what they said", not {option!r}')
    bank.question(qid.strip())  # an unknown id is refused
    body = text.strip()
    return qid.strip(), body.lstrip("*").strip(), body.startswith("*")


def log(
    tx: Transaction, person: Prospect, record: Record, now: datetime, *, new: bool = False
) -> Logged:
    """Log the conversation: the scheduled interview becomes held; else (unless ``new``)
    the latest logged one is added to (or replaced, for a ``whole`` record); else a new
    one is recorded."""
    file = tx.get(INTERVIEWS)
    scheduled = upcoming(file, person.id)
    target: Scheduled | Held | None = scheduled
    if target is None and not new:
        target = latest_held(file, person.id, now.tzinfo)
    held_at = _held_at(person, record, target, now)
    referral_ids, added, linked = _referrals(tx, person, record.referrals, now)
    if target is None:
        base: dict[str, Any] = {
            "id": _next_id(file, person.id),
            "person": person.id,
            "uid": new_uid(person.id),
            "questions": list(record.questions),
        }
    else:
        base = target.model_dump(exclude={"state"})
    whole = record.whole and isinstance(target, Held)
    notes = [] if whole else list(base.get("notes", []))
    answers = [] if whole else list(base.get("answers", []))
    referrals = [] if whole else list(base.get("referrals", []))
    updated = build(
        Held,
        {
            **base,
            "held_at": held_at,
            "logged_at": now,
            "minutes": record.minutes if record.minutes is not None else base.get("minutes", 30),
            "mode": record.mode or base.get("mode", Mode.VIDEO),
            "notes": [*notes, *record.notes],
            "answers": [
                *answers,
                *({"question": q, "text": t, "starred": s} for q, t, s in record.answers),
            ],
            "referrals": list(dict.fromkeys([*referrals, *referral_ids])),
            "interest": record.interest if record.interest is not None else base.get("interest"),
        },
    )
    save_interview(tx, updated)
    settle_status(tx, person.id, now)
    return Logged(updated, added, linked, amended=isinstance(target, Held))


def _held_at(
    person: Prospect, record: Record, target: Scheduled | Held | None, now: datetime
) -> When:
    """When the conversation took place: as told, else as scheduled, else as logged, else
    today. Never in the future; a scheduled one not before it has started."""
    if record.held_at is not None:
        if is_before(now, record.held_at):
            raise InvalidInput(
                f"{show(record.held_at)} is in the future; log the interview once it has happened"
            )
        return record.held_at
    if isinstance(target, Scheduled):
        if target.scheduled_at > now:
            raise InvalidInput(
                f"your conversation with {person.name} is scheduled for "
                f"{show(target.scheduled_at)}, which has not come yet: log it once it has "
                "taken place",
                hint="if it took place already, say when with --on",
            )
        return target.scheduled_at
    if isinstance(target, Held):
        return target.held_at
    return now.date()


def _referrals(
    tx: Transaction, person: Prospect, texts: Sequence[str], now: datetime
) -> tuple[list[str], list[Prospect], list[Prospect]]:
    """The ids of the people suggested (added to the list, or linked when already there)."""
    ids: list[str] = []
    added: list[Prospect] = []
    linked: list[Prospect] = []
    for text in texts:
        spec = parse_referral(text)
        if fold(spec.name) == fold(person.name):
            raise InvalidInput(f"{person.name} is who you interviewed; a referral is someone else")
        people = tx.get(PROSPECTS).prospects
        same = [p for p in people if fold(p.name) == fold(spec.name) and p.id != person.id]
        if same:  # already on the list: link, never duplicate
            ids.append(same[0].id)
            linked.append(same[0])
            continue
        data = {
            "name": spec.name,
            "role": spec.role,
            "organization": spec.organization,
            "relation": Relation.REFERRAL,
            "referred_by": person.id,
        }
        new_person = add_prospect(tx, data, now).prospect
        ids.append(new_person.id)
        added.append(new_person)
    return ids, added, linked


def held(file: InterviewsFile) -> Iterable[Held]:
    return (i for i in file.interviews if isinstance(i, Held))
