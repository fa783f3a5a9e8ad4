"""Where a student stands on the path that `infoview start` walks them through.

Most steps are read from what is already stored (a profile, interests, a plan
for the first person), so the guide never asks for something the student gave
another way. Only what leaves no other trace is kept in ``guide.json``: which
steps they finished, whom they chose to ask first and for whom they drafted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from infoview.model.guide import MarkedStep
from infoview.rules.outreach import record_for
from infoview.rules.picking import plan_for
from infoview.store.registry import GUIDE, OUTREACH, PLANS, PROFILE, PROSPECTS
from infoview.store.workspace import Transaction, Workspace

# The path in order (docs/method.md, "The student's path", steps 1–4 and what follows).
STEPS = (
    "profile",
    "interests",
    "broaden",
    "prospects",
    "first",
    "outreach",
    "questions",
    "next",
)
STEP_TITLES = {
    "profile": "Who you are",
    "interests": "What you are curious about",
    "broaden": "Fields next to yours",
    "prospects": "People you could ask",
    "first": "Whom to ask first",
    "outreach": "The message that asks",
    "questions": "Questions to take along",
    "next": "What happens next",
}


@dataclass(frozen=True)
class Progress:
    """Which steps are done, and whom the later steps are about."""

    done: frozenset[str]
    first_person: str | None  # the id, only while that person is still listed

    def next_step(self) -> str | None:
        """The first step not done; None when the whole path is walked."""
        return next((step for step in STEPS if step not in self.done), None)


def progress(ws: Workspace) -> Progress:
    profile = ws.read(PROFILE).profile
    prospects = ws.read(PROSPECTS).prospects
    guide = ws.read(GUIDE)
    ids = {p.id for p in prospects}
    first = guide.first_person if guide.first_person in ids else None
    done: set[str] = set()
    if profile is not None:
        done.add("profile")
        if profile.interests:
            done.add("interests")
    if "broaden" in guide.done:
        done.add("broaden")
    if "prospects" in guide.done and prospects:
        done.add("prospects")
    if first is not None:
        done.add("first")
        if guide.drafted_for == first or record_for(ws.read(OUTREACH), first) is not None:
            done.add("outreach")
        if plan_for(ws.read(PLANS), first) is not None:
            done.add("questions")
    if "finished" in guide.done and done >= set(STEPS[:-1]):
        done.add("next")
    return Progress(frozenset(done), first)


def mark(tx: Transaction, step: MarkedStep, now: datetime) -> None:
    guide = tx.get(GUIDE)
    if step not in guide.done:
        tx.put(GUIDE, guide.model_copy(update={"done": [*guide.done, step], "updated_at": now}))


def choose_first(tx: Transaction, person_id: str, now: datetime) -> None:
    guide = tx.get(GUIDE)
    # A new first person means a new walk through the last steps, "what next" included.
    done = [step for step in guide.done if step != "finished"]
    tx.put(
        GUIDE,
        guide.model_copy(update={"first_person": person_id, "done": done, "updated_at": now}),
    )


def mark_drafted(tx: Transaction, person_id: str, now: datetime) -> None:
    guide = tx.get(GUIDE)
    tx.put(GUIDE, guide.model_copy(update={"drafted_for": person_id, "updated_at": now}))
