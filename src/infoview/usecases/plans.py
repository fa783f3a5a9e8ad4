"""The questions planned for a person's next conversation, picked when there are none yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from infoview.model.people import Prospect
from infoview.model.plans import INTERVIEW_MINUTES_DEFAULT, Plan
from infoview.rules.bank import Bank
from infoview.rules.interviews import asked_questions
from infoview.rules.people import find
from infoview.rules.picking import PickRequest, new_plan, pick_questions, plan_for, save_plan
from infoview.store.registry import INTERVIEWS, PLANS, PROSPECTS
from infoview.store.workspace import Transaction, Workspace


@dataclass(frozen=True)
class Planned:
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
