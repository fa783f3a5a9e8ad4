"""The conversation: scheduling it (with its calendar file), logging it, looking back at it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from infoview.formats.ics import CalendarEvent, event_ics
from infoview.model.dates import to_iso
from infoview.model.errors import InvalidInput, NotFound
from infoview.model.interviews import Interview
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
    log,
    of_person,
    reschedule,
    schedule,
    upcoming,
)
from infoview.rules.people import find
from infoview.rules.picking import forget_plan, plan_for
from infoview.store.registry import INTERVIEWS, PLANS, PROFILE, PROSPECTS
from infoview.store.workspace import Workspace
from infoview.usecases.plans import Planned, ensure_plan, plan_in

# --- scheduling ---------------------------------------------------------------------


@dataclass(frozen=True)
class Scheduled:
    """The person's interview as scheduled, moved or cancelled just now."""

    person: Prospect
    interview: Interview
    planned: Planned | None = None  # schedule only: the questions taken along


def schedule_interview(
    ws: Workspace, bank: Bank, query: str, meeting: Meeting, now: datetime
) -> Scheduled:
    """Schedule the conversation, taking the person's plan (picked now if there is none).

    Without a length, it lasts the plan's minutes (those of `questions pick`).
    """
    with ws.transaction() as tx:
        person = find(tx.get(PROSPECTS).prospects, query)
        check_schedulable(tx.get(INTERVIEWS), person, meeting)  # before a plan is picked
        planned = plan_in(tx, bank, person, now)
        if meeting.minutes is None:
            meeting = replace(meeting, minutes=planned.plan.minutes)
        interview = schedule(tx, person, meeting, planned.plan.questions, now)
    return Scheduled(person, interview, planned)


def reschedule_interview(ws: Workspace, query: str, meeting: Meeting, now: datetime) -> Scheduled:
    """Move the scheduled conversation; what the meeting leaves as None stays as it was."""
    with ws.transaction() as tx:
        person = find(tx.get(PROSPECTS).prospects, query)
        interview = reschedule(tx, person, meeting, now)
    return Scheduled(person, interview)


def cancel_interview(ws: Workspace, query: str, now: datetime) -> Scheduled:
    """Cancel the scheduled conversation; the person goes back to having replied."""
    with ws.transaction() as tx:
        person = find(tx.get(PROSPECTS).prospects, query)
        interview = cancel(tx, person, now)
    return Scheduled(person, interview)


def calendar_file(
    ws: Workspace,
    bank: Bank,
    person: Prospect,
    interview: Interview,
    now: datetime,
    *,
    cancelled: bool = False,
) -> bytes:
    """The .ics file of a scheduled (or just cancelled) interview, for any calendar program."""
    event = calendar_event(interview, person, ws.read(PROFILE).profile, bank)
    return event_ics(event, now=now, cancelled=cancelled)


def calendar_event(
    interview: Interview, person: Prospect, profile: Profile | None, bank: Bank
) -> CalendarEvent:
    """The event: the questions to ask in its description, the student as organizer."""
    if interview.scheduled_at is None:
        raise InvalidInput(f"the interview with {person.name} has no time to put in a calendar")
    texts = [(n, _text(bank, qid)) for n, qid in enumerate(interview.questions, start=1)]
    lines = [f"{n}. {text}" for n, text in texts if text is not None]
    return CalendarEvent(
        uid=interview.uid,
        sequence=interview.sequence,
        start=interview.scheduled_at,
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
    blank: str  # the planned questions with room for the answers
    planned: Planned | None  # None: the questions are those of the scheduled interview


def log_form(ws: Workspace, bank: Bank, query: str, now: datetime) -> LogForm:
    """The blank form: the scheduled interview's questions, else the plan (picked if none)."""
    person = find(ws.read(PROSPECTS).prospects, query)
    scheduled = upcoming(ws.read(INTERVIEWS), person.id)
    planned: Planned | None = None
    if scheduled is not None:
        question_ids, minutes = scheduled.questions, scheduled.minutes
    else:  # the form lists questions to answer: pick them if none were planned
        person, planned = ensure_plan(ws, bank, person.id, now)
        question_ids, minutes = planned.plan.questions, planned.plan.minutes
    questions = _known(bank, question_ids)
    # Shown in local time, as parse_form reads it (the stored offset may differ).
    when = scheduled.scheduled_at if scheduled and scheduled.scheduled_at else now
    blank = blank_form(
        person.name,
        person.id,
        questions,
        when=when.astimezone(now.tzinfo),
        minutes=minutes,
        mode=scheduled.mode if scheduled else Mode.VIDEO,
    )
    return LogForm(person, blank, planned)


@dataclass(frozen=True)
class LoggedInterview:
    person: Prospect
    interview: Interview
    added: tuple[Prospect, ...]  # referrals new to the list, referred by the person
    linked: tuple[Prospect, ...]  # referrals already listed


def log_interview(
    ws: Workspace, query: str, record: Record, now: datetime, *, force: bool = False
) -> LoggedInterview:
    """Log the conversation, add or link the people they suggested, and forget the plan.

    Without a scheduled interview, the saved plan (if any) is what was taken along,
    and its minutes are the length unless the record says.
    """
    if record.minutes is not None:
        check_minutes(record.minutes, force)
    with ws.transaction() as tx:
        person = find(tx.get(PROSPECTS).prospects, query)
        plan = plan_for(tx.get(PLANS), person.id)
        taken = replace(record, questions=tuple(plan.questions) if plan else ())
        if plan and record.minutes is None and upcoming(tx.get(INTERVIEWS), person.id) is None:
            taken = replace(taken, minutes=plan.minutes)
        logged = log(tx, person, taken, now)
        forget_plan(tx, person.id)  # the plan was for this conversation
    return LoggedInterview(person, logged.interview, tuple(logged.added), tuple(logged.linked))


# --- looking back -------------------------------------------------------------------


def interview_as_dict(i: Interview) -> dict[str, Any]:
    return {
        "person": i.person,
        "status": i.state,
        "scheduled_at": to_iso(i.scheduled_at) if i.scheduled_at else None,
        "minutes": i.minutes,
        "mode": i.mode.value,
        "where": i.link or i.where,
        "logged_at": to_iso(i.held_at) if i.held_at else None,
        "questions": list(i.questions),
        "answers": [{"question": a.question, "text": a.text} for a in i.answers],
        "referrals": list(i.referrals),
        "interest": i.interest,
    }


def moment_of(i: Interview) -> datetime | None:
    """When it took place, else when it is (or was) scheduled."""
    return i.held_at or i.scheduled_at


@dataclass(frozen=True)
class InterviewList:
    interviews: list[Interview]  # newest first
    names: Mapping[str, str]  # person id -> name

    def name(self, person_id: str) -> str:
        return self.names.get(person_id, person_id)

    def as_dict(self) -> list[dict[str, Any]]:
        return [interview_as_dict(i) for i in self.interviews]


def list_interviews(ws: Workspace) -> InterviewList:
    """Every interview, scheduled, held or cancelled, newest first."""
    names = {p.id: p.name for p in ws.read(PROSPECTS).prospects}
    interviews = sorted(ws.read(INTERVIEWS).interviews, key=_newest, reverse=True)
    return InterviewList(interviews, names)


def _newest(i: Interview) -> float:
    moment = moment_of(i)
    return moment.timestamp() if moment else 0.0


@dataclass(frozen=True)
class PersonInterviews:
    person: Prospect
    interviews: list[Interview]  # as stored: oldest first
    names: Mapping[str, str]  # person id -> name, for the referrals
    questions: Mapping[str, str]  # question id -> text, for the answers

    def name(self, person_id: str) -> str:
        return self.names.get(person_id, person_id)

    def label(self, question_id: str) -> str:
        return self.questions.get(question_id, question_id)

    def as_dict(self) -> list[dict[str, Any]]:
        return [interview_as_dict(i) for i in self.interviews]


def show_interviews(ws: Workspace, bank: Bank, query: str) -> PersonInterviews:
    """Everything logged with one person (possibly nothing yet)."""
    people = ws.read(PROSPECTS).prospects
    person = find(people, query)
    mine = of_person(ws.read(INTERVIEWS), person.id)
    answered = _known(bank, (a.question for i in mine for a in i.answers))
    names = {p.id: p.name for p in people}
    return PersonInterviews(person, mine, names, {q.id: q.text for q in answered})


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
        return [a for a in self.given if a.question.id == question.id]

    def as_dict(self) -> list[dict[str, str]]:
        return [a.as_dict() for a in self.given]


def logged_answers(ws: Workspace, bank: Bank, query: str) -> Answers:
    """Every logged answer to the questions ``query`` names (an id or words in the text)."""
    wanted = fold(query)
    matching = [q for q in bank.questions if q.id == query or wanted in fold(q.text)]
    if not matching:
        raise InvalidInput(f"no question matches {query!r}", hint="see infoview questions list")
    names = {p.id: p.name for p in ws.read(PROSPECTS).prospects}
    conversations = list(held(ws.read(INTERVIEWS)))
    given = [
        GivenAnswer(q, names.get(i.person, i.person), a.text)
        for q in matching
        for i in conversations
        for a in i.answers
        if a.question == q.id
    ]
    return Answers(matching, given)
