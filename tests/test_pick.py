"""Every rule of picking questions, on the bundled bank and through the CLI."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview.model.errors import InvalidInput, NotFound
from infoview.model.interviews import Held, InterviewsFile
from infoview.model.questions import PHASE_ORDER, Question
from infoview.rules.bank import REFERRAL_CATEGORY, Bank, load_bank
from infoview.rules.picking import Pick, PickRequest, over_time, pick_questions, question_count
from infoview.store.registry import INTERVIEWS
from infoview.store.workspace import Workspace
from infoview.usecases.questions import pick_for_conversation
from tests.helpers import NOW, read_json


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(None)


def ids(bank: Bank, **request: Any) -> list[str]:
    return [q.id for q in pick_questions(bank, PickRequest(**request)).questions]


@pytest.mark.parametrize(("minutes", "count"), [(20, 10), (30, 10), (45, 15), (60, 20), (50, 17)])
def test_count_follows_minutes(bank: Bank, minutes: int, count: int) -> None:
    assert question_count(minutes) == count
    assert len(ids(bank, minutes=minutes, seed=1)) == count


def test_count_override_and_limits(bank: Bank) -> None:
    assert len(ids(bank, count=12, seed=1)) == 12
    assert len(ids(bank, count=1, seed=1)) == 1
    assert len(ids(bank, count=40, seed=1)) == 40
    for bad in (0, 41, -3):
        with pytest.raises(InvalidInput, match="--count must be 1–40"):
            ids(bank, count=bad)
    for bad in (19, 61, 0):
        with pytest.raises(InvalidInput, match="20–60"):
            ids(bank, minutes=bad)


@pytest.mark.parametrize("seed", range(8))
def test_shape_of_every_pick(bank: Bank, seed: int) -> None:
    picked = pick_questions(bank, PickRequest(minutes=30, seed=seed)).questions
    assert picked[-1].category == REFERRAL_CATEGORY
    assert sum(q.category == REFERRAL_CATEGORY for q in picked) == 1
    phases = [PHASE_ORDER[q.phase] for q in picked]
    assert phases == sorted(phases)  # opening -> core -> closing
    assert len({q.id for q in picked}) == len(picked)
    # Broad, not clustered: ten questions touch at least eight categories.
    per_category = Counter(q.category for q in picked)
    assert len(per_category) >= 8
    assert max(per_category.values()) <= 2
    # Without a person, no field-specific question slips in.
    assert not any(q.fields for q in picked)


def test_sixty_minutes_covers_every_category(bank: Bank) -> None:
    picked = pick_questions(bank, PickRequest(minutes=60, seed=4)).questions
    assert {q.category for q in picked} == {c.id for c in bank.categories}


def test_field_questions_are_preferred_for_the_person(bank: Bank) -> None:
    picked = pick_questions(
        bank, PickRequest(minutes=30, seed=3, person_fields=["clinical social work"])
    ).questions
    field_specific = [q for q in picked if q.fields]
    assert len(field_specific) >= 2
    assert all(q.fields == ["psychology-counseling"] for q in field_specific)
    other = pick_questions(bank, PickRequest(minutes=30, seed=3, person_fields=["plumbing"]))
    assert {f for q in other.questions for f in q.fields} == {"skilled-trades"}


def test_no_field_match_means_general_questions(bank: Bank) -> None:
    picked = pick_questions(bank, PickRequest(seed=1, person_fields=["underwater basket weaving"]))
    assert not any(q.fields for q in picked.questions)


def test_never_repeats_what_was_asked(bank: Bank) -> None:
    first = ids(bank, minutes=60, seed=5)
    again = ids(bank, minutes=60, seed=5, asked=frozenset(first[:-1]))
    assert not set(first[:-1]) & set(again)
    assert len(again) == 20


def test_referral_is_asked_again_when_all_were_asked(bank: Bank) -> None:
    referrals = frozenset(q.id for q in bank.questions if q.category == REFERRAL_CATEGORY)
    picked = ids(bank, seed=1, asked=referrals)
    assert picked[-1] == "referrals-who-else"


def test_same_seed_same_set_other_seeds_vary(bank: Bank) -> None:
    assert ids(bank, seed=42, person_fields=["law"]) == ids(bank, seed=42, person_fields=["law"])
    sets = {tuple(ids(bank, seed=s, minutes=45)) for s in range(6)}
    assert len(sets) > 1


def test_include_and_exclude(bank: Bank) -> None:
    picked = ids(bank, seed=1, include=["skills-underrated", "resources-books"])
    assert {"skills-underrated", "resources-books"} <= set(picked)
    assert len(picked) == 10
    excluded = ids(bank, seed=1, exclude=["favorite-how-decided", "referrals-who-else"])
    assert "favorite-how-decided" not in excluded
    assert "referrals-who-else" not in excluded
    assert excluded[-1].startswith("referrals-")
    with pytest.raises(InvalidInput, match="both included and excluded"):
        ids(bank, include=["resources-books"], exclude=["resources-books"])
    with pytest.raises(NotFound, match="no question has the id 'resourcs-books'"):
        ids(bank, include=["resourcs-books"])
    with pytest.raises(InvalidInput, match="raise --count"):
        ids(bank, count=2, include=["resources-books", "skills-underrated"])


def test_included_referral_is_the_last_one(bank: Bank) -> None:
    picked = ids(bank, seed=1, include=["referrals-groups-events"])
    assert picked[-1] == "referrals-groups-events"
    assert sum(q.startswith("referrals-") for q in picked) == 1


def test_excluding_every_referral_is_refused(bank: Bank) -> None:
    every = [q.id for q in bank.questions if q.category == REFERRAL_CATEGORY]
    with pytest.raises(InvalidInput, match="keep one"):
        ids(bank, exclude=every)


def test_categories_narrow_the_set(bank: Bank) -> None:
    picked = pick_questions(bank, PickRequest(seed=1, categories=["advice", "hard"]))
    body = picked.questions[:-1]
    assert {q.category for q in body} == {"advice", "hard"}
    assert picked.questions[-1].category == REFERRAL_CATEGORY
    tiny = pick_questions(bank, PickRequest(seed=1, categories=["resources"], count=20))
    assert tiny.notices and "only" in tiny.notices[0]
    with pytest.raises(InvalidInput, match="unknown category"):
        ids(bank, categories=["gossip"])


@settings(max_examples=60, deadline=None)
@given(
    minutes=st.integers(20, 60),
    seed=st.integers(0, 10_000),
    fields=st.lists(st.sampled_from(["law", "nursing", "art", "plumbing", "x"]), max_size=2),
)
def test_pick_invariants(bank: Bank, minutes: int, seed: int, fields: list[str]) -> None:
    picked = pick_questions(
        bank, PickRequest(minutes=minutes, seed=seed, person_fields=fields)
    ).questions
    assert len(picked) == question_count(minutes)
    assert picked[-1].category == REFERRAL_CATEGORY
    phases = [PHASE_ORDER[q.phase] for q in picked]
    assert phases == sorted(phases)
    wanted = bank.field_ids_for(fields)
    assert all(set(q.fields) <= wanted for q in picked)


# --- through the CLI ---------------------------------------------------------


def test_pick_json_shape_and_saved_plan(cli: Any, home: Path) -> None:
    cli("prospect", "add", "Maria Lopez", "--field", "social work")
    result = cli("questions", "pick", "maria", "--minutes", "45", "--seed", "9", "--json")
    data = json.loads(result.stdout)
    assert data["person"] == "maria-lopez"
    assert data["minutes"] == 45
    assert len(data["questions"]) == 15
    assert all(set(q) == {"id", "text", "category", "phase", "minutes"} for q in data["questions"])
    [plan] = read_json(home / "plans.json")["plans"]
    assert plan["person"] == "maria-lopez"
    assert plan["minutes"] == 45
    assert plan["questions"] == [q["id"] for q in data["questions"]]
    assert plan["seed"] == 9


def test_pick_no_save_and_no_person(cli: Any, home: Path) -> None:
    cli("prospect", "add", "Maria Lopez")
    cli("questions", "pick", "maria", "--no-save")
    result = cli("questions", "pick", "--json")
    assert json.loads(result.stdout)["person"] is None
    assert not (home / "plans.json").exists()


def test_pick_again_replaces_the_plan(cli: Any, home: Path) -> None:
    cli("prospect", "add", "Maria Lopez")
    cli("questions", "pick", "maria", "--seed", "1")
    cli("questions", "pick", "maria", "--seed", "2", "--minutes", "60")
    [plan] = read_json(home / "plans.json")["plans"]
    assert plan["minutes"] == 60


def test_pick_human_output(cli: Any) -> None:
    cli("prospect", "add", "Maria Lopez")
    result = cli("questions", "pick", "maria", "--seed", "1")
    lines = result.stdout.splitlines()
    assert lines[0].startswith(" 1. ")
    assert "10 questions, about" in result.stdout
    assert "infoview questions sheet maria-lopez" in result.stdout


def test_pick_warns_when_the_questions_take_longer_than_the_conversation(cli: Any) -> None:
    cli("prospect", "add", "Maria Lopez")
    # Fifteen questions cannot fit 20 minutes, even the shortest of each kind.
    result = cli("questions", "pick", "maria", "--minutes", "20", "--count", "15", "--seed", "0")
    found = re.search(r"15 questions, about (\d+) minutes of talk", result.stdout)
    assert found is not None
    talk = int(found[1])
    assert talk > 20
    assert result.stderr == (
        f"note: 15 questions take about {talk} minutes of talk, {talk - 20} more than the "
        f"20-minute conversation: pick fewer questions (--count {15 * 20 // talk}) or ask for "
        f"more time (--minutes {-(-talk // 5) * 5})\n"
    )
    as_json = cli(
        "questions", "pick", "maria", "--minutes", "20", "--count", "15", "--seed", "0", "--json"
    )
    assert json.loads(as_json.stdout)["minutes"] == 20  # stdout stays the JSON
    assert "more than the 20-minute conversation" in as_json.stderr


@pytest.mark.parametrize("minutes", [20, 25, 30, 45, 60])
def test_the_questions_picked_fit_the_conversation(cli: Any, minutes: int) -> None:
    """10-20 questions as the method says, traded for shorter ones of the same kind
    where the talk would run over: a 20-minute pick is 10 questions in 20 minutes."""
    cli("prospect", "add", "Maria Lopez")
    for seed in range(5):
        result = cli("questions", "pick", "maria", "--minutes", str(minutes), "--seed", str(seed))
        found = re.search(r"(\d+) questions, about (\d+) minutes of talk", result.stdout)
        assert found is not None
        assert 10 <= int(found[1]) <= 20 and int(found[2]) <= minutes
        assert result.stderr == ""


@given(seed=st.integers(0, 10**6), minutes=st.integers(20, 60))
@settings(max_examples=80, deadline=None)
def test_every_default_pick_fits_and_keeps_the_spread(bank: Bank, seed: int, minutes: int) -> None:
    pick = pick_questions(bank, PickRequest(minutes=minutes, seed=seed))
    assert pick.minutes_of_talk <= minutes
    assert len(pick.questions) == question_count(minutes)
    categories = [q.category for q in pick.questions]
    # Spread: no category twice before the essential ones are each there once.
    assert len(set(categories)) >= min(len(categories), 8)


def test_over_time_says_by_how_much_and_the_ways_out(bank: Bank) -> None:
    def questions(*minutes: int) -> list[Question]:
        return [bank.questions[0].model_copy(update={"minutes": m}) for m in minutes]

    assert over_time(questions(3, 3, 3), 20) is None
    assert over_time(questions(), 20) is None
    assert over_time(questions(5, 5, 5, 5), 20) is None  # exactly the minutes: it fits
    note = over_time(questions(4, 4, 4, 4, 4, 3), 20)
    assert note is not None
    assert note.startswith("6 questions take about 23 minutes of talk, 3 more than the 20-minute")
    assert note.endswith("pick fewer questions (--count 5) or ask for more time (--minutes 25)")
    # Beyond 60 minutes, more time is no way out: only fewer questions are suggested.
    long = over_time(questions(*[4] * 16), 60)
    assert long is not None
    assert long.endswith("60-minute conversation: pick fewer questions (--count 15)")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        # A number outside an option's range is a usage error (exit 2), named by Click.
        (["--minutes", "90"], 2, "less than or equal to 60"),
        (["--minutes", "0"], 2, "greater than or equal to 20"),
        (["--count", "41"], 2, "less than or equal to 40"),
        (["--include", "nope"], 1, "no question has the id"),
        (["--exclude", "nope"], 1, "no question has the id"),
        (["--category", "gossip"], 1, "unknown category"),
        (["nobody"], 1, "no prospect matches"),
    ],
)
def test_pick_bad_input(cli: Any, home: Path, args: list[str], code: int, message: str) -> None:
    result = cli("questions", "pick", *args, expect=code)
    assert message in result.stderr
    assert not (home / "plans.json").exists()


# --- the use case ---------------------------------------------------------------


def test_pick_use_case_leaves_out_what_was_asked_and_saves_the_choice(
    cli: Any, home: Path, bank: Bank
) -> None:
    cli("prospect", "add", "Maria Lopez", "--field", "social work")
    ws = Workspace(home)
    first = ids(bank, minutes=60, seed=5)
    held = Held(
        id="i1",
        person="maria-lopez",
        uid="u1",
        held_at=NOW,
        logged_at=NOW,
        questions=first[:-1],
    )
    with ws.transaction() as tx:
        tx.put(INTERVIEWS, InterviewsFile(interviews=[held]))
    offered: list[list[str]] = []

    def choose(pick: Pick) -> list[Question]:
        offered.append([q.id for q in pick.questions])
        return pick.questions[1:]

    result = pick_for_conversation(
        ws, bank, "maria", PickRequest(minutes=60, seed=5), save=True, now=NOW, choose=choose
    )
    assert not set(first[:-1]) & set(offered[0])  # asked before: not offered again
    assert [q.id for q in result.questions] == offered[0][1:]
    assert result.saved and result.person is not None and result.person.id == "maria-lopez"
    [plan] = read_json(home / "plans.json")["plans"]
    assert plan["questions"] == offered[0][1:]
    assert plan["seed"] == 5


def test_pick_use_case_chooses_outside_the_lock_and_looks_again_inside(
    cli: Any, home: Path, bank: Bank
) -> None:
    cli("prospect", "add", "Maria Lopez")
    ws = Workspace(home, lock_timeout=0)

    def remove_her_meanwhile(pick: Pick) -> list[Question]:
        cli("prospect", "remove", "maria", "--yes")  # would time out if the lock were held
        return pick.questions

    with pytest.raises(NotFound):
        pick_for_conversation(
            ws, bank, "maria", PickRequest(seed=1), save=True, now=NOW, choose=remove_her_meanwhile
        )
    assert not (home / "plans.json").exists()


def test_pick_use_case_without_a_person_saves_nothing(home: Path, bank: Bank) -> None:
    result = pick_for_conversation(
        Workspace(home), bank, None, PickRequest(seed=1), save=True, now=NOW
    )
    assert result.person is None and not result.saved
    assert result.as_dict()["person"] is None
    assert len(result.as_dict()["questions"]) == 10
    assert not home.exists()
