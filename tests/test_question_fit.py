"""Questions that fit the person: fit tags in the bank, each person's paths, the pick, the lint.

A psychiatrist (an MD) is not asked how they chose between psychology, social
work and counseling degrees, a paralegal is not asked about the bar exam, a
welder is asked how they learned the trade rather than what their college major was.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview.model.errors import DataError, ExitCode
from infoview.model.questions import PATH_CONFLICTS, PATH_IMPLIES, PATHS, Question
from infoview.rules.bank import Bank, load_bank, load_bank_file
from infoview.rules.fields import load_field_map
from infoview.rules.picking import PickRequest, pick_questions
from infoview.rules.question_fit import (
    FIELD_PATHS,
    WORD_PATHS,
    Paths,
    combine,
    fits,
    implied,
    person_paths,
)
from infoview.rules.question_lint import assumed_path, fit_finding, lint_questions
from tests.helpers import SMALL_BANK, write_bank


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(None)


# What must never be asked of each person, written out by hand from the bank's texts.
COLLEGE = {"favorite-college-major", "education-choosing-program", "education-grad-school"}
LAWYER_ONLY = {"law-bar-exam", "law-school-vs-practice", "law-tv-myths"}
TRADES_ONLY = {
    "education-learning-trade",
    "education-choosing-training",
    "education-apprenticeship-lessons",
    "getting-in-apprenticeship-place",
    "trades-apprenticeship",
}
MD_ONLY = {"healthcare-residency"}

PEOPLE = {
    "psychiatrist": (
        "Child Psychiatrist",
        ["psychiatry"],
        {"psych-degree-paths", "education-grad-school"} | TRADES_ONLY | LAWYER_ONLY,
    ),
    "paralegal": ("Paralegal", ["law"], LAWYER_ONLY | MD_ONLY | TRADES_ONLY),
    "paralegal in litigation": ("Paralegal", ["litigation"], LAWYER_ONLY | TRADES_ONLY),
    "welder": ("Welder", ["welding"], COLLEGE | {"trades-apprenticeship", "media-degree"}),
    "welder, role only": ("Welder", [], COLLEGE | {"sci-phd-decision"}),
    "software engineer": (
        "Software Engineer",
        ["software"],
        {"eng-pe-license"} | LAWYER_ONLY | MD_ONLY | TRADES_ONLY,
    ),
    "nurse": ("Registered Nurse", ["nursing"], MD_ONLY | LAWYER_ONLY | TRADES_ONLY),
}


def test_the_unfit_questions_are_in_the_bank(bank: Bank) -> None:
    """The lists above name real questions, so the tests below cannot pass by a typo."""
    have = {q.id for q in bank.questions}
    for _, _, unfit in PEOPLE.values():
        assert unfit <= have


@pytest.mark.parametrize("who", list(PEOPLE))
@pytest.mark.parametrize("count", [10, 15, 20])
def test_a_pick_asks_nothing_that_does_not_fit_the_person(bank: Bank, who: str, count: int) -> None:
    role, fields, unfit = PEOPLE[who]
    request = PickRequest(count=count, person_role=role, person_fields=fields, minutes=60)
    known = person_paths(role, fields)
    for seed in range(12):
        picked = pick_questions(bank, replace(request, seed=seed))
        ids = {q.id for q in picked.questions}
        assert not ids & unfit, (who, seed, ids & unfit)
        assert all(fits(q, known) for q in picked.questions)
        assert len(picked.questions) == count  # the general questions fill in
        assert not picked.notices


def test_trades_get_trade_questions_and_doctors_residency(bank: Bank) -> None:
    def seen(role: str, fields: list[str]) -> set[str]:
        out: set[str] = set()
        for seed in range(20):
            request = PickRequest(minutes=60, seed=seed, person_role=role, person_fields=fields)
            out |= {q.id for q in pick_questions(bank, request).questions}
        return out

    assert seen("Electrician", ["electrician"]) & {
        "trades-apprenticeship",
        "education-apprenticeship-lessons",
        "getting-in-apprenticeship-place",
    }
    assert seen("Welder", ["welding"]) & {"education-learning-trade", "education-choosing-training"}
    assert "healthcare-residency" in seen("Child Psychiatrist", ["psychiatry"])
    lawyer = seen("Trial attorney", ["law"])
    assert lawyer & LAWYER_ONLY


@pytest.mark.parametrize("count", [10, 15, 20, 40])
def test_someone_unknown_still_gets_a_full_pick(bank: Bank, count: int) -> None:
    for seed in range(6):
        picked = pick_questions(bank, PickRequest(count=count, seed=seed, minutes=60))
        assert len(picked.questions) == count
        assert not any(q.requires for q in picked.questions)  # nothing known, nothing assumed
    # not_for questions are for everyone not known to be on that path
    favourite = pick_questions(bank, PickRequest(count=20, seed=1, minutes=60)).questions
    assert "favorite-college-major" in {q.id for q in favourite}


def test_an_included_question_is_kept_even_when_it_does_not_fit(bank: Bank) -> None:
    request = PickRequest(include=["law-bar-exam"], person_role="Paralegal", seed=1)
    assert "law-bar-exam" in {q.id for q in pick_questions(bank, request).questions}


# --- through the CLI ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "who"),
    [
        ("Dana Reyes", "psychiatrist"),
        ("Sam Ortiz", "paralegal in litigation"),
        ("Lee Park", "welder, role only"),
    ],
)
def test_questions_pick_for_a_person_fits_their_role(cli: Any, name: str, who: str) -> None:
    role, fields, unfit = PEOPLE[who]
    args = ["prospect", "add", name, "--role", role]
    for f in fields:
        args += ["--field", f]
    cli(*args)
    person = name.split()[0].lower()
    for seed in range(4):
        for count in ("10", "20"):
            result = cli(
                "questions", "pick", person, "--count", count, "--seed", str(seed), "--json"
            )
            ids = {q["id"] for q in json.loads(result.stdout)["questions"]}
            assert len(ids) == int(count)
            assert not ids & unfit, (who, seed, ids & unfit)


# --- the bank: fit tags checked when loading, and in the lint ----------------


def tagged(tmp_path: Path, lines: str) -> Path:
    text = SMALL_BANK.replace("    minutes: 3\n", "    minutes: 3\n" + lines, 1)
    return write_bank(tmp_path, text)


def test_a_small_bank_with_fit_tags_loads(tmp_path: Path) -> None:
    bank = load_bank_file(tagged(tmp_path, "    requires: [bar]\n    not_for: [no-degree]\n"))
    assert bank.questions[0].requires == ["bar"]
    assert bank.questions[0].not_for == ["no-degree"]


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        ("    requires: [wizard]\n", "requires[0]: Input should be 'degree', 'no-degree'"),
        ("    not_for: [lawyer]\n", "not_for[0]: Input should be 'degree', 'no-degree'"),
        ("    requires: [bar]\n    not_for: [degree]\n", "not for ('degree'), so nobody fits it"),
        ("    requires: [bar]\n    not_for: [bar]\n", "nobody fits it"),
        ("    requires: [apprenticeship, degree]\n", "both 'degree' and 'no-degree'"),
    ],
)
def test_a_fit_tag_that_is_unknown_or_fits_nobody_is_refused(
    tmp_path: Path, cli: Any, lines: str, problem: str
) -> None:
    path = tagged(tmp_path, lines)
    with pytest.raises(DataError) as err:
        load_bank_file(path)
    assert err.value.exit_code == ExitCode.DATA
    assert problem in err.value.message
    assert f"{path}, line " in err.value.message
    result = cli("--bank", str(path), "questions", "pick", expect=3)
    assert problem in result.stderr and "Traceback" not in result.stderr


def test_the_shipped_bank_tags_every_question_that_assumes_a_path(bank: Bank) -> None:
    assert not [f for f in lint_questions(bank.questions) if f.rule == "fit"]
    assumed = [q.id for q in bank.questions if assumed_path(q.text)]
    assert "law-bar-exam" in assumed and "favorite-college-major" in assumed


def q(text: str, **extra: Any) -> Question:
    return Question(id="q", text=text, category="story", phase="core", minutes=3, **extra)


@pytest.mark.parametrize(
    "text",
    [
        "What was your college major?",
        "How did you get through the bar exam?",
        "What was residency like for you?",
        "How did you find your apprenticeship?",
        "How did you choose between the degrees on offer?",
        "How much did a journalism degree matter to you?",
        "What did your union do for you when you started?",
    ],
)
def test_lint_flags_an_untagged_question_that_assumes_a_path(text: str) -> None:
    finding = fit_finding(q(text))
    assert finding is not None and finding.rule == "fit" and not finding.accepted
    assert fit_finding(q(text, requires=["degree"])) is None
    assert fit_finding(q(text, not_for=["no-degree"])) is None
    assert fit_finding(q(text, tags=["mine"])) is None  # the student's own fit everyone


@pytest.mark.parametrize(
    "text",
    ["How necessary is a degree for the work you do?", "What do you love about your work?"],
)
def test_lint_leaves_a_question_that_assumes_nothing(text: str) -> None:
    assert fit_finding(q(text)) is None


def test_lint_of_a_bank_file_through_the_cli(cli: Any, tmp_path: Path) -> None:
    text = SMALL_BANK.replace("How did you start?", "What was your college major?")
    path = write_bank(tmp_path, text)
    result = cli("--bank", str(path), "questions", "lint", expect=1)
    assert "q-one: fit: it assumes a degree" in result.stdout
    fixed = tagged(tmp_path, "    not_for: [no-degree]\n")
    fixed.write_text(fixed.read_text().replace("How did you start?", "What was your major?"))
    cli("--bank", str(fixed), "questions", "lint")


# --- the paths: the table and how entries combine ----------------------------


def test_the_tables_name_real_fields_and_paths() -> None:
    field_map = load_field_map()
    for field_id in FIELD_PATHS:
        field_map.get(field_id)  # NotFound if the map has no such field
    for entry in [*FIELD_PATHS.values(), *WORD_PATHS.values()]:
        assert entry.gives <= set(PATHS) and entry.rules_out <= set(PATHS)
        assert not implied(entry.gives) & entry.rules_out
        for a, b in PATH_CONFLICTS:
            assert not {a, b} <= implied(entry.gives)
    for path, more in PATH_IMPLIES.items():
        assert path in PATHS and more <= set(PATHS)
        for other in more:  # closed: what a path implies lists all it leads to
            assert PATH_IMPLIES.get(other, frozenset()) <= more


@pytest.mark.parametrize(
    ("role", "fields", "paths"),
    [
        (
            "Child Psychiatrist",
            ["psychiatry"],
            {"medical-school", "graduate-degree", "degree", "license"},
        ),
        ("Child Psychiatrist, MD", [], {"medical-school", "graduate-degree", "degree", "license"}),
        ("Paralegal", ["litigation"], set()),
        ("Legal assistant", ["corporate law"], set()),
        ("Trial attorney", [], {"bar", "graduate-degree", "degree", "license"}),
        ("Welder", [], {"no-degree"}),
        ("Plumber", [], {"apprenticeship", "no-degree", "license"}),
        ("Journeyman", ["carpentry"], {"apprenticeship", "no-degree"}),
        ("Software Engineer", ["software"], set()),
        ("Registered Nurse", [], {"license"}),
        ("Surgical technologist", [], set()),
        ("", [], set()),
        ("Welder", ["mechanical engineering"], set()),  # a degree and none: nothing is known
    ],
)
def test_person_paths(role: str, fields: list[str], paths: set[str]) -> None:
    assert person_paths(role, fields) == paths


entries = st.sampled_from([*FIELD_PATHS.values(), *WORD_PATHS.values()])


@settings(max_examples=300, deadline=None)
@given(st.lists(entries, max_size=6), st.lists(entries, max_size=3))
def test_combined_paths_are_consistent(first: list[Paths], more: list[Paths]) -> None:
    known = combine(first)
    assert implied(known) == known  # closed under implication
    for a, b in PATH_CONFLICTS:
        assert not {a, b} <= known
    ruled_out = set().union(*(e.rules_out for e in first))
    assert not known & ruled_out
    assert known <= implied(set().union(*(e.gives for e in first)))
    # ruling more out never makes more known
    stricter = [*first, *(Paths(rules_out=e.rules_out) for e in more)]
    assert combine(stricter) <= known
    assert combine(reversed(first)) == known  # the order of role and fields does not matter


names = st.sampled_from(
    sorted({n for f in load_field_map().fields for n in (f.name, *f.aliases)} | set(WORD_PATHS))
)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=0) | names, st.lists(names, max_size=3))
def test_any_person_gets_consistent_paths_and_questions_fit_them(
    role: str, fields: list[str]
) -> None:
    known = person_paths(role, fields)
    assert known <= set(PATHS) and implied(known) == known
    for a, b in PATH_CONFLICTS:
        assert not {a, b} <= known
    assert fits(q("What do you love about your work?"), known)


def test_the_plan_a_sheet_picks_on_its_own_fits_the_role(cli: Any, home: Path) -> None:
    """`questions sheet` for someone without a plan picks one: by role too."""
    for n in range(6):  # the sheet's pick is not seeded: several people, several picks
        cli("prospect", "add", f"Welder {n}", "--role", "Welder")  # a role, no field
        cli("questions", "sheet", f"welder-{n}", "-o", "-")
    plans = json.loads((home / "plans.json").read_text(encoding="utf-8"))["plans"]
    assert len(plans) == 6
    for plan in plans:
        assert not set(plan["questions"]) & COLLEGE, plan
