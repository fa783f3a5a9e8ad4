"""`infoview questions categories | list | show | add | lint`: the CLI and its use cases."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest

from infoview.rules.bank import Bank, load_bank
from infoview.store.registry import OWN_QUESTIONS
from infoview.store.workspace import Workspace
from infoview.usecases.questions import (
    add_own_question,
    categories_with_counts,
    lint_bank_or_text,
    list_questions,
    show_question,
)
from tests.helpers import NOW, read_json


def test_categories(cli: Any) -> None:
    data = json.loads(cli("questions", "categories", "--json").stdout)
    assert data[0]["id"] == "story"
    assert data[-1]["id"] == "referrals"
    assert all(c["questions"] >= 6 for c in data)
    text = cli("questions", "categories").stdout
    assert "Who else should I talk to?" in text


def test_list_filters(cli: Any) -> None:
    advice = json.loads(cli("questions", "list", "--category", "advice", "--json").stdout)
    assert advice
    assert {q["category"] for q in advice} == {"advice"}
    favorites = json.loads(cli("questions", "list", "--tag", "favorite", "--json").stdout)
    assert len(favorites) == 7
    nursing = json.loads(cli("questions", "list", "--field", "nursing", "--json").stdout)
    assert nursing
    assert all("healthcare" in q["fields"] for q in nursing)
    everything = json.loads(cli("questions", "list", "--json").stdout)
    assert len(everything) >= 150
    assert set(everything[0]) == {
        "id",
        "text",
        "category",
        "phase",
        "minutes",
        "tags",
        "fields",
        "requires",
        "not_for",
        "verbatim",
    }


def test_list_unknown_field_says_which_exist(cli: Any) -> None:
    result = cli("questions", "list", "--field", "astrology")
    assert "no questions for the field 'astrology'" in result.stderr
    assert "healthcare" in result.stderr


def test_list_unknown_category(cli: Any) -> None:
    result = cli("questions", "list", "--category", "gossip", expect=1)
    assert "unknown category 'gossip'" in result.stderr


def test_show(cli: Any) -> None:
    data = json.loads(cli("questions", "show", "favorite-how-decided", "--json").stdout)
    assert data["text"] == "How did you decide this is what you wanted to do?"
    assert "Their story and decision" in cli("questions", "show", "favorite-how-decided").stdout
    missing = cli("questions", "show", "favorite-how-decide", expect=1)
    assert "did you mean favorite-how-decided" in missing.stderr


def test_add_own_question_and_use_it(cli: Any, home: Path) -> None:
    result = cli(
        "questions",
        "add",
        "What surprised you most about your first year?",
        "--category",
        "story",
    )
    qid = "my-what-surprised-you-most-about-your-first"
    assert qid in result.stdout
    stored = read_json(home / "questions.json")
    assert stored["schema_version"] == 1
    assert stored["questions"][0]["id"] == qid
    assert stat.S_IMODE((home / "questions.json").stat().st_mode) == 0o600
    shown = cli("questions", "show", qid)
    assert "your own" in shown.stdout
    listed = json.loads(cli("questions", "list", "--tag", "mine", "--json").stdout)
    assert [q["id"] for q in listed] == [qid]
    picked = json.loads(cli("questions", "pick", "--include", qid, "--json").stdout)
    assert qid in [q["id"] for q in picked["questions"]]


def test_own_field_question_matches_people_in_that_field(cli: Any) -> None:
    cli(
        "questions",
        "add",
        "What is a night shift on the ward like?",
        "--category",
        "typical-day",
        "--field",
        "nursing",
    )
    cli("prospect", "add", "Kim Ode", "--field", "nurse practitioner")
    cli("prospect", "add", "Lee Ray", "--field", "law")
    qid = "my-what-is-a-night-shift-on-the-ward-like"

    def picked(person: str, seed: int) -> list[str]:
        out = cli("questions", "pick", person, "--count", "40", "--seed", str(seed), "--json")
        return [q["id"] for q in json.loads(out.stdout)["questions"]]

    assert any(qid in picked("kim", s) for s in range(5))
    assert not any(qid in picked("lee", s) for s in range(5))
    listed = json.loads(cli("questions", "list", "--field", "nursing", "--json").stdout)
    assert qid in [q["id"] for q in listed]


def test_add_lints_and_warns(cli: Any, home: Path) -> None:
    result = cli("questions", "add", "Do you like your job?", "--category", "love")
    assert "closed" in result.stderr
    assert "What do you like most about your job?" in result.stderr
    lint = cli("questions", "lint", expect=1)
    assert "my-do-you-like-your-job: closed" in lint.stdout


def test_add_near_duplicate_warns(cli: Any) -> None:
    result = cli(
        "questions",
        "add",
        "How did you decide this is what you want to do?",
        "--category",
        "story",
    )
    assert "close to favorite-how-decided" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["What do you do all day?", "--category", "gossip"], "unknown category"),
        (["", "--category", "story"], "text must not be empty"),
        (
            ["How did you decide this is what you wanted to do?", "--category", "story"],
            "already in the bank",
        ),
        (["Why?", "--category", "story", "--minutes", "9"], "less than or equal to 5"),
        (["Why?", "--category", "story", "--phase", "middle"], "phase"),
        (["Why\x07?", "--category", "story"], "control character"),
    ],
)
def test_add_bad_input(cli: Any, home: Path, args: list[str], message: str) -> None:
    out_of_range = "--minutes" in args  # a usage error: exit 2, said by Click
    result = cli("questions", "add", *args, expect=2 if out_of_range else 1)
    assert message in result.stderr
    assert not (home / "questions.json").exists()


def test_add_twice_gets_distinct_ids(cli: Any, home: Path) -> None:
    cli("questions", "add", "What is the best part of Mondays?", "--category", "love")
    cli("questions", "add", "What is the best part of Mondays, honestly?", "--category", "love")
    ids = [q["id"] for q in read_json(home / "questions.json")["questions"]]
    assert len(set(ids)) == 2


def test_lint_one_question(cli: Any) -> None:
    good = cli("questions", "lint", "What drew you to this kind of work?")
    assert "0 to fix" in good.stdout
    cli("questions", "lint", "Don't you think the pay is great? And is it stressful?", expect=1)
    rules = {
        f["rule"]
        for f in json.loads(
            cli(
                "questions",
                "lint",
                "Don't you think the pay is great? And is it stressful?",
                "--json",
                expect=1,
            ).stdout
        )
    }
    assert {"closed", "leading", "double"} <= rules


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Do you enjoy your work?", "closed"),
        ("Is it hard to find work in this field?", "closed"),
        ("How many employees does your company have?", "searchable"),
        ("What does your company do?", "searchable"),
        ("What is the salary range for this job?", "searchable"),
        ("What do you do and why do you like it?", "double"),
        ("Wouldn't you agree that college is essential?", "leading"),
        ("What is it like " + "really " * 30 + "there?", "long"),
        ("Tell me about your day", "form"),
    ],
)
def test_lint_rules(cli: Any, text: str, rule: str) -> None:
    result = cli("questions", "lint", text, "--json", expect=1)
    assert rule in {f["rule"] for f in json.loads(result.stdout)}


def test_lint_bank_reports_favorites_as_accepted(cli: Any) -> None:
    result = cli("questions", "lint")
    assert "0 to fix" in result.stdout
    assert "accepted" in result.stdout
    data = json.loads(cli("questions", "lint", "--json").stdout)
    assert data
    assert all(f["accepted"] for f in data)
    assert {f["question"] for f in data} <= {
        "favorite-how-got-job",
        "favorite-college-major",
        "favorite-how-decided",
        "favorite-jobs-before",
        "favorite-love-most",
        "favorite-hardest",
        "favorite-younger-self",
    }


# --- regressions found by tests/test_fuzz_cli.py ----------------------------------

# A command-line byte that is not UTF-8 (here Latin-1 "é") reaches Python as a lone
# surrogate, as it would from a file name or a terminal in another encoding.
NOT_UTF8 = "caf\udce9"


@pytest.mark.parametrize("option", ["--tag", "--field"])
def test_add_refuses_a_label_that_is_not_text(cli: Any, home: Path, option: str) -> None:
    # Such a tag was stored unchecked and writing questions.json failed with
    # UnicodeEncodeError: "internal error" (exit 70).
    result = cli(
        "questions",
        "add",
        "What surprised you most?",
        "--category",
        "story",
        option,
        NOT_UTF8,
        expect=1,
    )
    assert "control character" in result.stderr
    assert not (home / "questions.json").exists()


def test_lint_echoes_a_byte_that_is_not_utf8_as_it_came(cli: Any) -> None:
    # stdout is strict UTF-8 in a UTF-8 locale (and in CliRunner), so printing the
    # suggestion stopped with UnicodeEncodeError: "internal error" (exit 70).
    result = cli("questions", "lint", f"Do you like {NOT_UTF8}?", expect=1)
    assert b"about caf\xe9?" in result.stdout_bytes
    assert "internal error" not in result.stderr


# --- the use cases, called directly ------------------------------------------------


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(None)


def test_categories_with_counts(bank: Bank) -> None:
    rows = categories_with_counts(bank)
    assert [r.category.id for r in rows] == [c.id for c in bank.categories]
    assert sum(r.questions for r in rows) == len(bank.questions)
    assert rows[0].as_dict()["questions"] == rows[0].questions


def test_list_questions_filters_and_says_why_nothing_matched(bank: Bank) -> None:
    advice = list_questions(bank, category="advice", tag="FAVORITE")
    assert [q.id for q in advice.questions] == ["favorite-younger-self"]
    assert advice.notice is None
    none = list_questions(bank, field_text="astrology")
    assert none.questions == []
    assert none.notice is not None and "healthcare" in none.notice


def test_show_question_knows_the_students_own(home: Path, bank: Bank) -> None:
    view = show_question(bank, "favorite-how-decided")
    assert not view.own and view.category.id == "story" and view.bank_path == bank.path
    ws = Workspace(home)
    added = add_own_question(ws, bank, "Do you like Mondays?", category="love", now=NOW)
    assert [f.rule for f in added.findings] == ["closed"]
    assert added.as_dict()["tags"] == ["mine"]
    mine = load_bank(None, ws.read(OWN_QUESTIONS).questions)
    assert show_question(mine, added.question.id).own


def test_lint_bank_or_text(bank: Bank) -> None:
    one = lint_bank_or_text(bank, "How did you decide this is what you want to do?")
    assert [f.rule for f in one.findings] == ["duplicate"]
    assert one.checked == "that question" and one.problems == one.findings
    whole = lint_bank_or_text(bank)
    assert whole.checked == f"{len(bank.questions)} questions"
    assert whole.problems == [] and whole.accepted == len(whole.findings) > 0
