"""The question bank and each person's questions: browse, add your own, lint, pick, the sheet.

Browsing and linting only read the bank (bundled or ``--bank``, with the
student's own questions merged in); adding a question and saving a pick each
take one transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from infoview.model.interviews import Interview
from infoview.model.people import Profile, Prospect
from infoview.model.questions import Category, OwnQuestion, Question
from infoview.model.vocab import Mode
from infoview.rules import bank as bank_rules
from infoview.rules.bank import Bank
from infoview.rules.interviews import asked_questions, upcoming
from infoview.rules.people import find
from infoview.rules.picking import (
    Pick,
    PickRequest,
    new_plan,
    over_time,
    pick_questions,
    plan_for,
    save_plan,
)
from infoview.rules.question_lint import (
    Finding,
    duplicate_findings,
    lint_questions,
    lint_text,
    near_duplicates,
)
from infoview.store.registry import INTERVIEWS, PLANS, PROFILE, PROSPECTS
from infoview.store.workspace import Transaction, Workspace
from infoview.usecases.plans import Proposal, ensure_plan, saved_proposal, store_new_questions

# What `questions pick --json` shows of each question.
PICK_KEYS = ("id", "text", "category", "phase", "minutes")


def question_dict(q: Question) -> dict[str, Any]:
    return q.model_dump(mode="json")


# --- browsing the bank --------------------------------------------------------------


class CategoryCount(NamedTuple):
    category: Category
    questions: int  # how many questions, the student's own included, it holds

    def as_dict(self) -> dict[str, Any]:
        return {**self.category.model_dump(), "questions": self.questions}


def categories_with_counts(bank: Bank) -> list[CategoryCount]:
    """The categories in conversation order, each with its number of questions."""
    counts = Counter(q.category for q in bank.questions)
    return [CategoryCount(c, counts[c.id]) for c in bank.categories]


class QuestionList(NamedTuple):
    questions: list[Question]
    notice: str | None = None  # why a field filter found nothing

    def as_dict(self) -> list[dict[str, Any]]:
        return [question_dict(q) for q in self.questions]


def list_questions(
    bank: Bank,
    *,
    category: str | None = None,
    field_text: str | None = None,
    tag: str | None = None,
) -> QuestionList:
    """The bank's questions and the student's own, narrowed by category, field and tag."""
    chosen = list(bank.questions)
    notice = None
    if category is not None:
        bank.category(category)  # an unknown one is refused, with the known ones
        chosen = [q for q in chosen if q.category == category]
    if field_text is not None:
        field_ids = bank.field_ids_for([field_text])
        chosen = [q for q in chosen if q.fields and bank.fits(q, field_ids, [field_text])]
        if not chosen:
            names = ", ".join(f.id for f in bank.fields)
            notice = f"no questions for the field '{field_text}' (fields with questions: {names})"
    if tag is not None:
        chosen = [q for q in chosen if tag.casefold() in (t.casefold() for t in q.tags)]
    return QuestionList(chosen, notice)


class QuestionView(NamedTuple):
    question: Question
    category: Category
    own: bool  # the student's own, not the bank's
    bank_path: Path

    def as_dict(self) -> dict[str, Any]:
        return question_dict(self.question)


def show_question(bank: Bank, question_id: str) -> QuestionView:
    q = bank.question(question_id)
    return QuestionView(q, bank.category(q.category), q.id in bank.own_ids, bank.path)


# --- the student's own questions, and the lint --------------------------------------


class AddedQuestion(NamedTuple):
    question: OwnQuestion
    findings: list[Finding]  # what the lint would change in it
    near: list[tuple[Question, float]]  # questions it nearly repeats, and how nearly

    def as_dict(self) -> dict[str, Any]:
        return question_dict(self.question.as_question())


def add_own_question(
    ws: Workspace,
    bank: Bank,
    text: str,
    *,
    category: str,
    phase: str = "core",
    minutes: int = 3,
    tags: Sequence[str] = (),
    fields: Sequence[str] = (),
    now: datetime,
) -> AddedQuestion:
    """Store a question of the student's own; it is stored even when the lint finds something."""
    data = {
        "text": text,
        "category": category,
        "phase": phase,
        "minutes": minutes,
        "tags": list(tags),
        "fields": list(fields),
    }
    with ws.transaction() as tx:
        question = bank_rules.add_own_question(tx, bank, data, now)
    return AddedQuestion(
        question, lint_text(question.text), near_duplicates(question.text, bank.questions)
    )


class LintReport(NamedTuple):
    findings: list[Finding]
    checked: str  # what was checked, for the summary line

    @property
    def problems(self) -> list[Finding]:
        """What should change: everything but the favourites kept word for word."""
        return [f for f in self.findings if not f.accepted]

    @property
    def accepted(self) -> int:
        return len(self.findings) - len(self.problems)

    def as_dict(self) -> list[dict[str, object]]:
        return [f.as_dict() for f in self.findings]


def lint_bank_or_text(bank: Bank, text: str | None = None) -> LintReport:
    """Lint one question (also against the bank, for near duplicates), or the whole bank."""
    if text is not None:
        findings = lint_text(text) + duplicate_findings(text, bank.questions)
        return LintReport(findings, "that question")
    return LintReport(lint_questions(bank.questions), f"{len(bank.questions)} questions")


# --- picking for one conversation ---------------------------------------------------


class Picked(NamedTuple):
    person: Prospect | None
    minutes: int
    questions: list[Question]
    notices: list[str]  # where the pick fell short of what was asked for
    saved: bool  # kept as the person's plan

    @property
    def minutes_of_talk(self) -> int:
        return sum(q.minutes for q in self.questions)

    @property
    def over_time(self) -> str | None:
        """A note when the questions take longer than the conversation, else None."""
        return over_time(self.questions, self.minutes)

    def as_dict(self) -> dict[str, Any]:
        return {
            "person": self.person.id if self.person else None,
            "minutes": self.minutes,
            "questions": [
                {k: v for k, v in question_dict(q).items() if k in PICK_KEYS}
                for q in self.questions
            ],
        }


# The student's say before the set is saved: given the proposal, the questions to keep.
Choose = Callable[[Proposal], list[Question]]


def pick_for_conversation(
    ws: Workspace,
    bank: Bank,
    query: str | None,
    request: PickRequest,
    *,
    save: bool,
    now: datetime,
    choose: Choose | None = None,
    edit_saved: bool = False,
    minutes_given: bool = True,
) -> Picked:
    """Pick the questions for one conversation, for the person ``query`` names if any.

    For a person, questions for their field are preferred, questions asked of
    them before and questions that do not fit their role and fields are left
    out, and (with ``save``) the set is kept as the plan for their next
    interview. ``choose`` runs before anything is saved, outside the lock, so
    the student can take their time; with ``edit_saved`` it is given the
    person's saved plan (if they have one) instead of a fresh pick, and its
    minutes stay unless ``minutes_given``. Questions of the student's own typed
    in ``choose`` are stored with the plan.
    """
    if query is not None and save and choose is None and ws.root.is_dir():
        # Nothing to wait for: the whole pick under the lock, each file read once.
        with ws.transaction() as tx:
            found = _propose(tx.get, bank, query, request, None, edit_saved, minutes_given)
            return _save_pick(tx, bank, *found, found[0].questions, now)
    proposal, request = _propose(ws.read, bank, query, request, choose, edit_saved, minutes_given)
    person = proposal.person
    questions = choose(proposal) if choose is not None else proposal.questions
    if person is None or not save:
        return Picked(person, request.minutes, questions, proposal.notices, saved=False)
    with ws.transaction() as tx:
        return _save_pick(tx, bank, proposal, request, questions, now)


def _propose(
    read: Callable[[Any], Any],
    bank: Bank,
    query: str | None,
    request: PickRequest,
    choose: Choose | None,
    edit_saved: bool,
    minutes_given: bool,
) -> tuple[Proposal, PickRequest]:
    """The questions proposed for the person ``query`` names (if any) and the request
    to save them with, the files read through ``read``: the workspace's, or a
    transaction's under the lock."""
    person = find(read(PROSPECTS).prospects, query) if query is not None else None
    saved = plan_for(read(PLANS), person.id) if person is not None else None
    if person is not None:
        asked = asked_questions(read(INTERVIEWS), person.id)
        request = replace(
            request, person_fields=person.fields, person_role=person.role, asked=asked
        )
    if person is not None and saved is not None and edit_saved and choose is not None:
        proposal = saved_proposal(bank, saved, person, request)
        kept = saved.minutes if not minutes_given else request.minutes
        return proposal, replace(request, minutes=kept, seed=saved.seed)
    pick = pick_questions(bank, request)
    return Proposal(pick.questions, pick.notices, person, request, saved), request


def _save_pick(
    tx: Transaction,
    bank: Bank,
    proposal: Proposal,
    request: PickRequest,
    questions: list[Question],
    now: datetime,
) -> Picked:
    """Keep ``questions`` as the plan for the proposal's person (still there under the lock)."""
    assert proposal.person is not None
    person = find(tx.get(PROSPECTS).prospects, proposal.person.id)
    questions = store_new_questions(tx, bank, questions, now)
    plan = new_plan(person.id, request.minutes, Pick(questions), request.seed, now)
    save_plan(tx, plan)
    return Picked(person, request.minutes, questions, proposal.notices, saved=True)


# --- the printable sheet ------------------------------------------------------------


class SheetMeeting(NamedTuple):
    """When and how the scheduled conversation happens, as the sheet shows it."""

    at: datetime  # in the student's local time
    mode: Mode
    where: str  # the place, for a meeting in person ("" if none given)
    link: str  # the video call link ("" if none given)


class SheetFacts(NamedTuple):
    """What the printable sheet for one person says (render.sheet lays it out)."""

    person: Prospect
    referrer: Prospect | None  # who referred them, when that person is on the list
    profile: Profile | None
    minutes: int  # the scheduled interview's, else the plan's
    questions: list[Question]  # the plan's questions that are in the bank, in plan order
    category_titles: dict[str, str]
    notices: list[str]  # a plan picked just now, planned questions left out
    meeting: SheetMeeting | None = None  # None until the interview is scheduled

    def category_title(self, q: Question) -> str:
        return self.category_titles.get(q.category, q.category)


def sheet_facts(ws: Workspace, bank: Bank, query: str, now: datetime) -> SheetFacts:
    """The facts of the sheet for the person ``query`` names; without a plan, one is saved.

    Once the interview is scheduled, its time, mode, place or link and its minutes.
    """
    person, planned = ensure_plan(ws, bank, query, now)
    notices = [planned.notice(person)] if planned.picked_now else []
    by_id = {q.id: q for q in bank.questions}
    questions = []
    for qid in planned.plan.questions:
        if qid in by_id:
            questions.append(by_id[qid])
        else:
            notices.append(f"the planned question {qid} is not in this bank; left out")
    people = ws.read(PROSPECTS).prospects
    scheduled = upcoming(ws.read(INTERVIEWS), person.id)
    return SheetFacts(
        person=person,
        referrer=next((p for p in people if p.id == person.referred_by), None),
        profile=ws.read(PROFILE).profile,
        minutes=scheduled.minutes if scheduled is not None else planned.plan.minutes,
        questions=questions,
        category_titles={c.id: c.title for c in bank.categories},
        notices=notices,
        meeting=_sheet_meeting(scheduled, now),
    )


def _sheet_meeting(scheduled: Interview | None, now: datetime) -> SheetMeeting | None:
    if scheduled is None or scheduled.scheduled_at is None:
        return None
    # Shown in local time, as the student typed it (the stored offset may differ).
    at = scheduled.scheduled_at.astimezone(now.tzinfo)
    return SheetMeeting(at, scheduled.mode, scheduled.where, scheduled.link or "")
