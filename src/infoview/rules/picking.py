"""Picking the questions for one conversation, and keeping that plan for the person.

The rules (docs/method.md, the method rules): 10–20 questions, about 3 minutes each,
spread across the categories rather than clustered, field-specific questions
that match the person preferred, nothing asked of them before, nothing that
does not fit their path (a bar-exam question for a lawyer only, a college-major
question for no welder: :mod:`infoview.rules.question_fit`), ordered opening
-> core -> closing, and always ending with "who else should I talk to?".
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from infoview.model.errors import InvalidInput
from infoview.model.limits import (
    COUNT_LIMIT_MAX,
    COUNT_LIMIT_MIN,
    INTERVIEW_MINUTES_DEFAULT,
    INTERVIEW_MINUTES_MAX,
    INTERVIEW_MINUTES_MIN,
)
from infoview.model.plans import Plan, PlansFile
from infoview.model.questions import PHASE_ORDER, Question
from infoview.rules.bank import REFERRAL_CATEGORY, Bank
from infoview.rules.question_fit import fits, person_paths
from infoview.store.registry import PLANS
from infoview.store.workspace import Transaction

MINUTES_PER_QUESTION = 3
QUESTIONS_MIN, QUESTIONS_MAX = 10, 20  # prepared for one conversation
PREFERRED_REFERRAL = "referrals-who-else"
# Asked in most good conversations; the other categories rotate in by seed.
ESSENTIAL_CATEGORIES = ("story", "typical-day", "love", "hard", "skills", "advice")
FIELD_SHARE = 3  # up to a third of the free places go to questions for the person's field


def question_count(minutes: int) -> int:
    """10–20 questions at about 3 minutes each: 20 min -> 10, 45 -> 15, 60 -> 20."""
    return max(QUESTIONS_MIN, min(QUESTIONS_MAX, round(minutes / MINUTES_PER_QUESTION)))


def check_minutes(minutes: int) -> int:
    if not INTERVIEW_MINUTES_MIN <= minutes <= INTERVIEW_MINUTES_MAX:
        raise InvalidInput(
            f"--minutes must be {INTERVIEW_MINUTES_MIN}–{INTERVIEW_MINUTES_MAX}: an informational "
            f"interview is a short conversation (you asked for {minutes})"
        )
    return minutes


@dataclass(frozen=True)
class PickRequest:
    minutes: int = INTERVIEW_MINUTES_DEFAULT
    count: int | None = None
    include: Sequence[str] = ()
    exclude: Sequence[str] = ()
    categories: Sequence[str] = ()
    seed: int | None = None
    person_fields: Sequence[str] = ()
    asked: frozenset[str] = frozenset()
    person_role: str = ""  # with the fields, says which questions fit them

    def paths(self) -> frozenset[str]:
        """The person's known paths (none for a pick without a person)."""
        if not self.person_role.strip() and not self.person_fields:
            return frozenset()
        return person_paths(self.person_role, self.person_fields)


@dataclass
class Pick:
    questions: list[Question]
    notices: list[str] = field(default_factory=list)

    @property
    def minutes_of_talk(self) -> int:
        return sum(q.minutes for q in self.questions)


def over_time(questions: Sequence[Question], minutes: int) -> str | None:
    """What to tell the student when the questions take longer than the conversation.

    None when they fit. Otherwise by how much, and the two ways out: fewer
    questions (about as many as fit, at their average length) or more minutes
    (the talk rounded up to 5, while that stays within 20–60).
    """
    talk = sum(q.minutes for q in questions)
    if talk <= minutes or not questions:
        return None
    fit = max(1, len(questions) * minutes // talk)
    more = -(-talk // 5) * 5
    ways = [f"pick fewer questions (--count {fit})"]
    if more <= INTERVIEW_MINUTES_MAX:
        ways.append(f"ask for more time (--minutes {more})")
    return (
        f"{len(questions)} questions take about {talk} minutes of talk, {talk - minutes} more "
        f"than the {minutes}-minute conversation: {' or '.join(ways)}"
    )


def pick_questions(bank: Bank, request: PickRequest) -> Pick:
    """Choose and order the questions for one conversation (see the module rules)."""
    check_minutes(request.minutes)
    count = request.count if request.count is not None else question_count(request.minutes)
    if not COUNT_LIMIT_MIN <= count <= COUNT_LIMIT_MAX:
        raise InvalidInput(f"--count must be {COUNT_LIMIT_MIN}–{COUNT_LIMIT_MAX}, not {count}")
    for cid in request.categories:
        bank.category(cid)
    for qid in request.exclude:
        bank.question(qid)
    rng = random.Random(request.seed)
    notices: list[str] = []

    included = _unique(bank.question(qid) for qid in request.include)
    clash = [q.id for q in included if q.id in request.exclude]
    if clash:
        raise InvalidInput(f"{clash[0]} is both included and excluded")
    referral = next((q for q in included if q.category == REFERRAL_CATEGORY), None)
    chosen = [q for q in included if q is not referral]
    if referral is None:
        referral = _referral(bank, request)
    if len(chosen) + 1 > count:
        raise InvalidInput(
            f"{len(chosen) + 1} questions are included (with the referral question), "
            f"more than the {count} asked for; raise --count"
        )

    taken = {q.id for q in chosen} | {referral.id}
    paths = request.paths()
    pool = [
        q
        for q in bank.questions
        if q.id not in taken
        and fits(q, paths)
        and q.id not in request.exclude
        and q.id not in request.asked
        and q.category != REFERRAL_CATEGORY
        and (not request.categories or q.category in request.categories)
    ]
    field_ids = bank.field_ids_for(request.person_fields)
    for_field = [q for q in pool if q.fields and bank.fits(q, field_ids, request.person_fields)]
    general = [q for q in pool if not q.fields]

    free = count - len(chosen) - 1
    if for_field and free > 0:
        quota = min(len(for_field), max(2, free // FIELD_SHARE), free)
        chosen += _spread(for_field, quota, rng)
    free = count - len(chosen) - 1
    if free > 0:
        chosen += _round_robin(bank, general, {q.category for q in chosen}, free, rng)
    if len(chosen) + 1 < count:
        notices.append(
            f"only {len(chosen) + 1} questions fit these choices (of the {count} wanted)"
        )
    budget = request.minutes - referral.minutes
    fixed = {q.id for q in included}
    chosen = _fit(chosen, fixed, [*for_field, *general], budget, rng)
    return Pick([*_in_order(bank, chosen), referral], notices)


def field_questions(bank: Bank, request: PickRequest) -> list[Question]:
    """The questions for the person's field that fit them and were not asked of them
    before (the referral questions aside), in conversation order: what a pick prefers."""
    field_ids = bank.field_ids_for(request.person_fields)
    paths = request.paths()
    found = [
        q
        for q in bank.questions
        if q.fields
        and bank.fits(q, field_ids, request.person_fields)
        and fits(q, paths)
        and q.id not in request.asked
        and q.category != REFERRAL_CATEGORY
    ]
    return _in_order(bank, found)


def _fit(
    chosen: list[Question],
    fixed: set[str],
    pool: list[Question],
    budget: int,
    rng: random.Random,
) -> list[Question]:
    """Trade long questions for shorter unused ones of the same kind until the talk fits
    ``budget`` minutes, where it can; the count and the spread across categories stay.

    Same kind: the same category, and field-specific for field-specific. Included
    questions stay. The longest question is traded first, for the shortest that
    could replace it.
    """
    picked = list(chosen)
    spare = [q for q in pool if q not in picked]
    rng.shuffle(spare)
    spare.sort(key=lambda q: q.minutes)  # stable: the shortest first, varied by seed
    while sum(q.minutes for q in picked) > budget:
        for q in sorted(picked, key=lambda q: -q.minutes):
            if q.id in fixed:
                continue
            swap = next(
                (
                    r
                    for r in spare
                    if r.minutes < q.minutes
                    and r.category == q.category
                    and bool(r.fields) == bool(q.fields)
                ),
                None,
            )
            if swap is not None:
                picked[picked.index(q)] = swap
                spare.remove(swap)
                spare.append(q)
                spare.sort(key=lambda q: q.minutes)
                break
        else:
            break  # nothing shorter of the same kind is left: the note says so
    return picked


def _unique(questions: Iterable[Question]) -> list[Question]:
    seen: dict[str, Question] = {}
    for q in questions:
        seen.setdefault(q.id, q)
    return list(seen.values())


def _referral(bank: Bank, request: PickRequest) -> Question:
    """The closing "who else should I talk to?", never left out."""
    options = [
        q for q in bank.questions if q.category == REFERRAL_CATEGORY and q.id not in request.exclude
    ]
    paths = request.paths()
    options = [q for q in options if fits(q, paths)] or options
    if not options:
        raise InvalidInput(
            "every referral question is excluded; keep one: asking who else to talk to "
            "is how one interview leads to the next"
        )
    fresh = [q for q in options if q.id not in request.asked]
    preferred = [q for q in fresh if q.id == PREFERRED_REFERRAL]
    if preferred:
        return preferred[0]
    if fresh:
        return fresh[0]
    # Asked them all before: asking again for referrals is still right.
    return next((q for q in options if q.id == PREFERRED_REFERRAL), options[0])


def _spread(questions: list[Question], n: int, rng: random.Random) -> list[Question]:
    """``n`` of ``questions``, one per category before any category gets a second."""
    shuffled = questions[:]
    rng.shuffle(shuffled)
    picked: list[Question] = []
    used: set[str] = set()
    for q in shuffled:
        if len(picked) < n and q.category not in used:
            picked.append(q)
            used.add(q.category)
    for q in shuffled:
        if len(picked) < n and q not in picked:
            picked.append(q)
    return picked


def _round_robin(
    bank: Bank, pool: list[Question], covered: set[str], n: int, rng: random.Random
) -> list[Question]:
    """Take one question per category in turn, so the set covers the ground broadly.

    Essential categories come first; the others rotate in by seed. Categories
    already covered (by field questions or includes) wait for the second round.
    Within a category, the user's favourites go first.
    """
    by_category: dict[str, list[Question]] = {}
    for q in pool:
        by_category.setdefault(q.category, []).append(q)
    for queue in by_category.values():
        rng.shuffle(queue)
        queue.sort(key=lambda q: "favorite" not in q.tags)  # stable: favourites first
    essential = [c for c in ESSENTIAL_CATEGORIES if c in by_category]
    others = [c.id for c in bank.categories if c.id in by_category and c.id not in essential]
    rng.shuffle(others)
    order = essential + others
    order = [c for c in order if c not in covered] + [c for c in order if c in covered]
    picked: list[Question] = []
    while len(picked) < n and any(by_category[c] for c in order):
        for c in order:
            if by_category[c] and len(picked) < n:
                picked.append(by_category[c].pop(0))
    return picked


def _in_order(bank: Bank, questions: list[Question]) -> list[Question]:
    """Opening -> core -> closing; within a phase, the bank's category order."""
    rank = {c.id: i for i, c in enumerate(bank.categories)}
    return sorted(questions, key=lambda q: (PHASE_ORDER[q.phase], rank.get(q.category, len(rank))))


# --- plans: the questions chosen for a person's next interview ---------------


def plan_for(file: PlansFile, person_id: str) -> Plan | None:
    return next((p for p in file.plans if p.person == person_id), None)


def save_plan(tx: Transaction, plan: Plan) -> None:
    """Keep ``plan`` as the person's next interview plan (replacing any earlier one)."""
    file = tx.get(PLANS)
    others = [p for p in file.plans if p.person != plan.person]
    tx.put(PLANS, PlansFile(plans=[*others, plan]))


def forget_plan(tx: Transaction, person_id: str) -> bool:
    file = tx.get(PLANS)
    kept = [p for p in file.plans if p.person != person_id]
    if len(kept) == len(file.plans):
        return False
    tx.put(PLANS, PlansFile(plans=kept))
    return True


def new_plan(person_id: str, minutes: int, pick: Pick, seed: int | None, now: datetime) -> Plan:
    return Plan(
        person=person_id,
        minutes=minutes,
        questions=[q.id for q in pick.questions],
        seed=seed,
        created_at=now,
    )


# --- changes the student makes to a proposed set (interactive pick) ----------


def _ends_with_referral(questions: list[Question]) -> list[Question]:
    """Keep the referral question last, whatever else moved."""
    referrals = [q for q in questions if q.category == REFERRAL_CATEGORY]
    if not referrals:
        raise InvalidInput("keep at least one 'who else should I talk to?' question")
    last = referrals[-1]
    return [q for q in questions if q is not last] + [last]


def drop_questions(questions: list[Question], indexes: Iterable[int]) -> list[Question]:
    gone = set(indexes)
    return _ends_with_referral([q for i, q in enumerate(questions) if i not in gone])


def add_question(bank: Bank, questions: list[Question], new: Question) -> list[Question]:
    """Add ``new`` where its phase belongs (before the closing referral)."""
    if any(q.id == new.id for q in questions):
        return questions
    rank = PHASE_ORDER[new.phase]
    body = questions[:-1]
    at = next((i for i, q in enumerate(body) if PHASE_ORDER[q.phase] > rank), len(body))
    return _ends_with_referral([*body[:at], new, *body[at:], questions[-1]])


def move_question(questions: list[Question], source: int, target: int) -> list[Question]:
    """Move one question to another place; the referral question stays last."""
    moved = questions[:]
    item = moved.pop(source)
    moved.insert(min(target, len(moved)), item)
    return _ends_with_referral(moved)
