"""The questions planned for a person's next conversation, picked when there are none yet."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from infoview.model.errors import InvalidInput
from infoview.model.limits import INTERVIEW_MINUTES_DEFAULT
from infoview.model.people import Prospect
from infoview.model.plans import Plan
from infoview.model.questions import QUESTION_TEXT_MAX, Phase, Question
from infoview.model.text import clean_line, fold
from infoview.rules import bank as bank_rules
from infoview.rules.bank import Bank
from infoview.rules.interviews import asked_questions
from infoview.rules.people import find
from infoview.rules.picking import (
    Pick,
    PickRequest,
    field_questions,
    new_plan,
    pick_questions,
    plan_for,
    save_plan,
)
from infoview.rules.question_lint import Finding, duplicate_findings, lint_text
from infoview.store.registry import INTERVIEWS, PLANS, PROSPECTS
from infoview.store.workspace import Transaction, Workspace

NEW_PREFIX = "new-"  # the provisional id of a question typed in the editor, until saved


class Planned(NamedTuple):
    plan: Plan
    picked_now: bool  # there was no saved plan: one was picked and saved just now

    def notice(self, person: Prospect) -> str:
        """What the student is told when a plan was picked for them."""
        return (
            f"no saved plan for {person.name}: picked {len(self.plan.questions)} questions and "
            f"saved them (choose others with: infoview questions pick {person.id} --interactive)"
        )


def plan_in(tx: Transaction, bank: Bank, person: Prospect, now: datetime) -> Planned:
    """Within a use case's transaction: the person's plan, picked and saved if there is none."""
    saved = plan_for(tx.get(PLANS), person.id)
    if saved is not None:
        return Planned(saved, picked_now=False)
    asked = asked_questions(tx.get(INTERVIEWS), person.id)
    request = PickRequest(person_fields=person.fields, person_role=person.role, asked=asked)
    pick = pick_questions(bank, request)
    plan = new_plan(person.id, INTERVIEW_MINUTES_DEFAULT, pick, None, now)
    save_plan(tx, plan)
    return Planned(plan, picked_now=True)


def ensure_plan(ws: Workspace, bank: Bank, query: str, now: datetime) -> tuple[Prospect, Planned]:
    """The person ``query`` names and their plan; without one, one is picked and saved."""
    people = ws.read(PROSPECTS).prospects
    person = find(people, query)
    saved = plan_for(ws.read(PLANS), person.id)
    if saved is not None:  # the usual case: no lock needed to read it
        return person, Planned(saved, picked_now=False)
    with ws.transaction() as tx:
        person = find(tx.get(PROSPECTS).prospects, person.id)
        return person, plan_in(tx, bank, person, now)


# --- a plan the student edits: the proposal, and questions of their own typed on the way ---


@dataclass
class Proposal(Pick):
    """What the student edits before a plan is saved: a fresh pick, or their saved plan."""

    person: Prospect | None = None
    request: PickRequest = field(default_factory=PickRequest)  # with the person's facts
    saved: Plan | None = None  # the person's saved plan, if any
    editing: bool = False  # the questions are the saved plan's, not a fresh pick

    def field_questions(self, bank: Bank) -> list[Question]:
        """The bank's questions for this person's field that fit them, not in the set yet."""
        have = {q.id for q in self.questions}
        return [q for q in field_questions(bank, self.request) if q.id not in have]


def saved_proposal(bank: Bank, plan: Plan, person: Prospect, request: PickRequest) -> Proposal:
    """The saved plan, to edit: its questions in its order (those the bank lost left out)."""
    by_id = {q.id: q for q in bank.questions}
    gone = [qid for qid in plan.questions if qid not in by_id]
    notices = [f"the planned question {qid} is not in this bank; left out" for qid in gone]
    questions = [by_id[qid] for qid in plan.questions if qid in by_id]
    return Proposal(questions, notices, person, request, plan, editing=True)


class OwnDraft(NamedTuple):
    """A question the student typed, checked before it joins the plan."""

    text: str  # as it would be stored
    findings: list[Finding]  # what the question lint would change
    same: Question | None  # a question with the same words, in the bank or the set


def check_own_text(bank: Bank, text: str, planned: Sequence[Question]) -> OwnDraft:
    """Lint a typed question; a text no question may have (empty, too long, control
    characters) is refused with InvalidInput."""
    try:
        clean = clean_line(
            text, what="the question", max_length=QUESTION_TEXT_MAX, allow_empty=False
        )
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    folded = fold(clean)
    same = next((q for q in [*planned, *bank.questions] if fold(q.text) == folded), None)
    findings = lint_text(clean) + duplicate_findings(clean, bank.questions)
    return OwnDraft(clean, findings, same)


def own_question(
    bank: Bank, text: str, category: str, proposal: Proposal, planned: Sequence[Question]
) -> Question:
    """A question of the student's own for this plan, not stored until the plan is saved.

    Its id is provisional (``new-1``, ...); it takes the phase most of its category's
    questions have, and the person's fields, so it is offered first for their field.
    """
    bank.category(category)
    phases = Counter(q.phase for q in bank.questions if q.category == category)
    phase = phases.most_common(1)[0][0] if phases else Phase.CORE
    taken = {q.id for q in bank.questions} | {q.id for q in planned}
    n = 1
    while f"{NEW_PREFIX}{n}" in taken:
        n += 1
    fields = list(proposal.person.fields) if proposal.person is not None else []
    return Question(
        id=f"{NEW_PREFIX}{n}",
        text=text,
        category=category,
        phase=phase,
        minutes=3,
        tags=["mine"],
        fields=fields,
    )


def store_new_questions(
    tx: Transaction, bank: Bank, questions: Sequence[Question], now: datetime
) -> list[Question]:
    """Within the saving transaction: store each question typed in the editor (one the
    bank does not have) as the student's own; the set with their stored ids."""
    known = {q.id for q in bank.questions}
    kept = []
    for q in questions:
        if q.id in known:
            kept.append(q)
            continue
        data = {
            "text": q.text,
            "category": q.category,
            "phase": q.phase.value,
            "minutes": q.minutes,
            "fields": list(q.fields),
        }
        stored = bank_rules.add_own_question(tx, bank, data, now)
        known.add(stored.id)
        kept.append(stored.as_question())
    return kept
