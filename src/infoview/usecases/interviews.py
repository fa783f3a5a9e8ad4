"""The conversation: scheduling it (with its calendar file), logging it, looking back at it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from functools import cached_property
from typing import Any

from infoview.formats.ics import CalendarEvent, event_ics
from infoview.model.dates import When, sort_key, to_iso
from infoview.model.errors import InvalidInput, NotFound
from infoview.model.interviews import Cancelled, Held, Interview, Scheduled, StateNow, state_at
from infoview.model.people import Profile, Prospect
from infoview.model.questions import Question
from infoview.model.text import fold
from infoview.model.vocab import Mode
from infoview.rules.bank import Bank
from infoview.rules.interview_form import blank_form
from infoview.rules.interviews import (
    Meeting,
    Record,
    cancel,
    check_minutes,
    check_schedulable,
    held,
    latest_held,
    log,
    of_person,
    reschedule,
    schedule,
    upcoming,
)
from infoview.rules.people import find
from infoview.rules.picking import forget_plan, plan_for
from infoview.rules.timeline import Timeline, timelines
from infoview.store.registry import INTERVIEWS, PLANS, PROFILE, PROSPECTS
from infoview.store.workspace import Workspace
from infoview.usecases.plans import Planned, ensure_plan, plan_in
from infoview.usecases.timeline import documents_in

# --- scheduling ---------------------------------------------------------------------


@dataclass(frozen=True)
class Scheduling:
    """The person's interview as scheduled, moved or cancelled just now."""

    person: Prospect
    interview: Scheduled | Cancelled
    planned: Planned | None = None  # schedule only: the questions taken along


def schedule_interview(
    ws: Workspace, bank: Bank, query: str, meeting: Meeting, now: datetime
) -> Scheduling:
    """Schedule the conversation, taking the person's plan (picked now if there is none).

    Without a length, it lasts the plan's minutes (those of `questions pick`).
    """
    with ws.transaction() as tx:
        person = find(tx.get(PROSPECTS).prospects, query)
        check_schedulable(tx.get(INTERVIEWS), person, meeting, now)  # before a plan is picked
        planned = plan_in(tx, bank, person, now)
        if meeting.minutes is None:
            meeting = replace(meeting, minutes=planned.plan.minutes)
        interview = schedule(tx, person, meeting, planned.plan.questions, now)
    return Scheduling(person, interview, planned)


def reschedule_interview(ws: Workspace, query: str, meeting: Meeting, now: datetime) -> Scheduling:
    """Move the scheduled conversation; what the meeting leaves as None stays as it was."""
    with ws.transaction() as tx:
        person = find(tx.get(PROSPECTS).prospects, query)
        interview = reschedule(tx, person, meeting, now)
    return Scheduling(person, interview)


def cancel_interview(ws: Workspace, query: str, now: datetime) -> Scheduling:
    """Cancel the scheduled conversation; the person goes back to having replied."""
    with ws.transaction() as tx:
        person = find(tx.get(PROSPECTS).prospects, query)
        interview = cancel(tx, person, now)
    return Scheduling(person, interview)


def calendar_file(
    ws: Workspace,
    bank: Bank,
    person: Prospect,
    interview: Scheduled | Cancelled,
    now: datetime,
    *,
    cancelled: bool = False,
) -> bytes:
    """The .ics file of a scheduled (or just cancelled) interview, for any calendar program.

    Its times are in the zone of ``now`` (the student's): with that zone's name (TZID)
    when it has one, else in UTC.
    """
    event = calendar_event(interview, person, ws.read(PROFILE).profile, bank, now.tzinfo)
    return event_ics(event, now=now, cancelled=cancelled)


def calendar_event(
    interview: Scheduled | Cancelled,
    person: Prospect,
    profile: Profile | None,
    bank: Bank,
    zone: tzinfo | None = None,
) -> CalendarEvent:
    """The event: the questions to ask in its description, the student as organizer."""
    texts = [(n, _text(bank, qid)) for n, qid in enumerate(interview.questions, start=1)]
    lines = [f"{n}. {text}" for n, text in texts if text is not None]
    return CalendarEvent(
        uid=interview.uid,
        sequence=interview.sequence,
        start=interview.scheduled_at.astimezone(zone) if zone else interview.scheduled_at,
        minutes=interview.minutes,
        summary=f"Informational interview with {person.name}",
        location=interview.link or interview.where,
        url=interview.link,
        description="Questions to ask:\n" + "\n".join(lines) if lines else "",
        organizer_name=profile.name if profile else "",
        organizer_email=(profile.email or "") if profile else "",
        attendee_name=person.name,
        attendee_email=person.email or "",
        person=person.name,
    )


def _text(bank: Bank, question_id: str) -> str | None:
    """The question's text; None if the bank no longer has it."""
    try:
        return bank.question(question_id).text
    except NotFound:
        return None


def _known(bank: Bank, question_ids: Iterable[str]) -> list[Question]:
    """The questions the bank still has, in the order given."""
    questions = []
    for qid in question_ids:
        try:
            questions.append(bank.question(qid))
        except NotFound:
            continue
    return questions


# --- logging ------------------------------------------------------------------------


@dataclass(frozen=True)
class LogForm:
    """The form `interview log --edit` opens for one person."""

    person: Prospect
    text: str  # the form: blank, or (``editing``) filled with what was logged
    planned: Planned | None  # the plan picked for it, when there was none
    editing: Held | None  # the logged conversation the form edits; None: a new log


def log_form(ws: Workspace, bank: Bank, query: str, now: datetime, *, new: bool) -> LogForm:
    """The form: for the scheduled conversation (its questions, its time); else (unless
    ``new``) the latest logged one, filled in, to edit; else a blank one with the plan's
    questions (picked if there is none) on today."""
    file = ws.read(INTERVIEWS)
    person = find(ws.read(PROSPECTS).prospects, query)
    scheduled = upcoming(file, person.id)
    editing = None if scheduled is not None or new else latest_held(file, person.id, now.tzinfo)
    planned: Planned | None = None
    when: When
    if scheduled is not None:
        question_ids, when = scheduled.questions, scheduled.scheduled_at
        minutes, mode = scheduled.minutes, scheduled.mode
    elif editing is not None:
        question_ids, when = editing.questions, editing.held_at
        minutes, mode = editing.minutes, editing.mode
    else:  # the form lists questions to answer: pick them if none were planned
        person, planned = ensure_plan(ws, bank, person.id, now)
        question_ids, when = planned.plan.questions, now.date()
        minutes, mode = planned.plan.minutes, Mode.VIDEO
    if isinstance(when, datetime):
        when = when.astimezone(now.tzinfo)  # shown in local time, as parse_form reads it
    names = {p.id: p.name for p in ws.read(PROSPECTS).prospects}
    text = blank_form(
        person.name,
        person.id,
        _known(bank, question_ids),
        when=when,
        minutes=minutes,
        mode=mode,
        logged=editing,
        referral_lines=[names.get(r, r) for r in editing.referrals] if editing else (),
    )
    return LogForm(person, text, planned, editing)


@dataclass(frozen=True)
class LoggedInterview:
    person: Prospect
    interview: Held
    added: tuple[Prospect, ...]  # referrals new to the list, referred by the person
    linked: tuple[Prospect, ...]  # referrals already listed
    amended: bool  # an earlier logged conversation was changed, not a new one
    timeline: Timeline  # the person's timeline after it: what is due now


def log_interview(
    ws: Workspace,
    query: str,
    record: Record,
    now: datetime,
    *,
    force: bool = False,
    new: bool = False,
) -> LoggedInterview:
    """Log the conversation and add or link the people they suggested.

    The scheduled conversation becomes held; else (unless ``new``) the latest logged
    one is added to; else a new one is recorded, with the saved plan (if any) as what
    was taken along, and its minutes as the length unless the record says. The plan
    is then forgotten, being for this conversation; adding to an earlier one keeps it.
    """
    if record.minutes is not None:
        check_minutes(record.minutes, force)
    with ws.transaction() as tx:
        person = find(tx.get(PROSPECTS).prospects, query)
        file = tx.get(INTERVIEWS)
        logged_before = latest_held(file, person.id, now.tzinfo) is not None
        fresh = upcoming(file, person.id) is None and (new or not logged_before)
        plan = plan_for(tx.get(PLANS), person.id)
        taken = replace(record, questions=tuple(plan.questions) if plan else ())
        if plan and fresh and record.minutes is None:
            taken = replace(taken, minutes=plan.minutes)
        logged = log(tx, person, taken, now, new=new)
        if not logged.amended:
            forget_plan(tx, person.id)
        line = timelines(documents_in(tx), now, only={person.id})[person.id]
    return LoggedInterview(
        line.person,
        logged.interview,
        tuple(logged.added),
        tuple(logged.linked),
        logged.amended,
        line,
    )


# --- looking back -------------------------------------------------------------------


def interview_as_dict(i: Interview, now: datetime) -> dict[str, Any]:
    logged = i if isinstance(i, Held) else None
    return {
        "id": i.id,
        "person": i.person,
        "status": state_at(i, now),
        "scheduled_at": to_iso(i.scheduled_at) if i.scheduled_at else None,
        "minutes": i.minutes,
        "mode": i.mode.value,
        "where": i.link or i.where,
        "held_at": to_iso(logged.held_at) if logged else None,
        "logged_at": to_iso(logged.logged_at) if logged else None,
        "questions": list(i.questions),
        "answers": [{"question": a.question, "text": a.text} for a in logged.answers]
        if logged
        else [],
        "referrals": list(logged.referrals) if logged else [],
        "interest": logged.interest if logged else None,
        "thanked_at": to_iso(logged.thanked_at) if logged and logged.thanked_at else None,
    }


def moment_of(i: Interview) -> When:
    """When it took place, else when it is (or was) scheduled."""
    return i.held_at if isinstance(i, Held) else i.scheduled_at


@dataclass(frozen=True)
class InterviewList:
    interviews: list[Interview]  # newest first
    names: Mapping[str, str]  # person id -> name
    now: datetime  # what "unlogged" is judged against

    def name(self, person_id: str) -> str:
        return self.names.get(person_id, person_id)

    def state(self, i: Interview) -> StateNow:
        return state_at(i, self.now)

    def as_dict(self) -> list[dict[str, Any]]:
        return [interview_as_dict(i, self.now) for i in self.interviews]


def list_interviews(ws: Workspace, now: datetime) -> InterviewList:
    """Every interview, scheduled, unlogged, held or cancelled, newest first."""
    names = {p.id: p.name for p in ws.read(PROSPECTS).prospects}
    interviews = sorted(ws.read(INTERVIEWS).interviews, key=_newest, reverse=True)
    return InterviewList(interviews, names, now)


def _newest(i: Interview) -> tuple[Any, ...]:
    return sort_key(moment_of(i))


@dataclass(frozen=True)
class PersonInterviews:
    person: Prospect
    interviews: list[Interview]  # as stored: oldest first
    names: Mapping[str, str]  # person id -> name, for the referrals
    questions: Mapping[str, str]  # question id -> text, for the answers
    now: datetime  # what "unlogged" is judged against

    def name(self, person_id: str) -> str:
        return self.names.get(person_id, person_id)

    def label(self, question_id: str) -> str:
        return self.questions.get(question_id, question_id)

    def state(self, i: Interview) -> StateNow:
        return state_at(i, self.now)

    def as_dict(self) -> list[dict[str, Any]]:
        return [interview_as_dict(i, self.now) for i in self.interviews]


def show_interviews(ws: Workspace, bank: Bank, query: str, now: datetime) -> PersonInterviews:
    """Everything logged with one person (possibly nothing yet)."""
    people = ws.read(PROSPECTS).prospects
    person = find(people, query)
    mine = of_person(ws.read(INTERVIEWS), person.id)
    answered = _known(bank, (a.question for i in held_only(mine) for a in i.answers))
    names = {p.id: p.name for p in people}
    return PersonInterviews(person, mine, names, {q.id: q.text for q in answered}, now)


@dataclass(frozen=True)
class GivenAnswer:
    question: Question
    person: str  # their name
    text: str

    def as_dict(self) -> dict[str, str]:
        q = self.question
        return {"question": q.id, "text": q.text, "person": self.person, "answer": self.text}


@dataclass(frozen=True)
class Answers:
    questions: list[Question]  # every question the query matched
    given: list[GivenAnswer]  # grouped by question, in the order of ``questions``

    def of(self, question: Question) -> list[GivenAnswer]:
        return self._grouped.get(question.id, [])

    @cached_property
    def _grouped(self) -> dict[str, list[GivenAnswer]]:
        """The answers to each question, grouped once (``of`` is asked per question)."""
        grouped: dict[str, list[GivenAnswer]] = {}
        for a in self.given:
            grouped.setdefault(a.question.id, []).append(a)
        return grouped

    def as_dict(self) -> list[dict[str, str]]:
        return [a.as_dict() for a in self.given]


def held_only(interviews: Iterable[Interview]) -> list[Held]:
    return [i for i in interviews if isinstance(i, Held)]


def logged_answers(ws: Workspace, bank: Bank, query: str) -> Answers:
    """Every logged answer to the questions ``query`` names (an id or words in the text)."""
    wanted = fold(query)
    matching = [q for q in bank.questions if q.id == query or wanted in fold(q.text)]
    if not matching:
        raise InvalidInput(f"no question matches {query!r}", hint="see infoview questions list")
    names = {p.id: p.name for p in ws.read(PROSPECTS).prospects}
    # One pass over every answer logged, each filed under its question: not one pass
    # over every conversation per matching question (an empty query matches them all).
    by_question: dict[str, list[tuple[str, str]]] = {q.id: [] for q in matching}
    for i in held(ws.read(INTERVIEWS)):
        for a in i.answers:
            if a.question in by_question:
                by_question[a.question].append((i.person, a.text))
    given = [
        GivenAnswer(q, names.get(person, person), text)
        for q in matching
        for person, text in by_question[q.id]
    ]
    return Answers(matching, given)
