"""`questions pick PERSON --interactive` edits the saved plan; `--new` starts over.

"Add a question" offers the person's field questions first and a question of the
student's own, which the question lint checks and which is saved as theirs: it is
on the sheet, asked in `interview log` and listed by `answers`. The numbered
prompts answer where standard input is a pipe; one test types at a real terminal.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import read_json
from tests.terminal import DOWN, ENTER, GAP, UP, Terminal, answered, needs_pty

MARIA = ("prospect", "add", "Maria Lopez", "--field", "social work")
PICK = ("questions", "pick", "maria")
EDITING = "Editing your saved plan for Maria Lopez (10 questions). --new starts over."
MENU = "What would you like to do?"
CLOSED = "closed: it can be answered yes or no ('Do ...')"
OWN = "Do you like your job?"


def saved_plan(home: Path) -> list[str]:
    [plan] = read_json(home / "plans.json")["plans"]
    questions: list[str] = plan["questions"]
    return questions


def texts(cli: Any) -> dict[str, str]:
    every = json.loads(cli("questions", "list", "--json").stdout)
    return {q["id"]: q["text"] for q in every}


def listing(stderr: str) -> list[str]:
    """The numbered questions shown before the first menu."""
    head = stderr[: stderr.index(MENU)]
    return re.findall(r"^\s*\d+\. (.*)$", head, flags=re.M)


@pytest.fixture
def plan(cli: Any, home: Path) -> list[str]:
    """Maria's saved plan, in an order no fresh pick gives: the 2nd question moved first."""
    cli(*MARIA)
    cli(*PICK, "--seed", "3")
    first = saved_plan(home)
    cli(*PICK, "--seed", "3", "--interactive", input="4\n2\n1\n1\n")
    moved = saved_plan(home)
    assert moved == [first[1], first[0], *first[2:]]
    return moved


def test_interactive_opens_the_saved_plan(cli: Any, home: Path, plan: list[str]) -> None:
    result = cli(*PICK, "--interactive", input="1\n")
    assert EDITING in result.stderr
    by_id = texts(cli)
    assert listing(result.stderr) == [by_id[qid] for qid in plan]  # its questions, its order
    assert saved_plan(home) == plan  # kept as it was


def test_interactive_edits_the_saved_plan(cli: Any, home: Path, plan: list[str]) -> None:
    cli(*PICK, "--interactive", input="2\n1\n1\n")  # drop the first question, keep
    assert saved_plan(home) == plan[1:]
    again = cli(*PICK, "-i", input="1\n")
    assert "Editing your saved plan for Maria Lopez (9 questions)." in again.stderr


def test_new_starts_over(cli: Any, home: Path, plan: list[str]) -> None:
    fresh = json.loads(cli(*PICK, "--seed", "5", "--no-save", "--json").stdout)["questions"]
    fresh_ids = [q["id"] for q in fresh]
    assert fresh_ids != plan
    result = cli(*PICK, "--interactive", "--new", "--seed", "5", input="1\n")
    assert "A fresh pick for Maria Lopez: keeping it replaces your saved plan" in result.stderr
    assert EDITING not in result.stderr
    assert listing(result.stderr) == [q["text"] for q in fresh]
    assert saved_plan(home) == fresh_ids
    # Without --interactive a pick starts over anyway; --new says the same.
    cli(*PICK, "--new", "--seed", "3")
    assert saved_plan(home) != fresh_ids


def test_a_pick_option_starts_over_too(cli: Any, home: Path, plan: list[str]) -> None:
    result = cli(*PICK, "-i", "--count", "12", input="1\n")
    assert "A fresh pick for Maria Lopez" in result.stderr
    assert len(saved_plan(home)) == 12


def test_minutes_change_the_saved_plan_s_length_only(cli: Any, home: Path, plan: list[str]) -> None:
    cli(*PICK, "-i", "--minutes", "45", input="1\n")
    [saved] = read_json(home / "plans.json")["plans"]
    assert saved["questions"] == plan and saved["minutes"] == 45
    cli(*PICK, "-i", input="1\n")  # without --minutes, the plan's stay
    assert read_json(home / "plans.json")["plans"][0]["minutes"] == 45


def test_add_offers_the_person_s_field_first(cli: Any, home: Path, plan: list[str]) -> None:
    field = json.loads(cli("questions", "list", "--field", "social work", "--json").stdout)
    # Not in the plan yet, and fitting her: none that needs medical school.
    offered_ids = [q["id"] for q in field if q["id"] not in plan and not q["requires"]]
    assert offered_ids
    result = cli(*PICK, "-i", input="3\n1\n1\n1\n")
    menu = result.stderr[result.stderr.index("From which category?") :]
    first = re.search(r"^\s+1\. (.*)$", menu, flags=re.M)
    assert first is not None
    assert first.group(1) == f"For Maria Lopez's field (social work): {len(offered_ids)} questions"
    added = result.stderr[result.stderr.index("Add which question?") :]
    listed = re.findall(r"^\s+\d+\. (.*)$", added[: added.index("Choose 1-")], flags=re.M)
    by_id = texts(cli)
    assert sorted(listed) == sorted(by_id[qid] for qid in offered_ids)
    new = next(qid for qid in offered_ids if by_id[qid] == listed[0])
    assert new in saved_plan(home) and len(saved_plan(home)) == len(plan) + 1


def own_question_in_plan(home: Path) -> dict[str, Any]:
    [own] = read_json(home / "questions.json")["questions"]
    assert own["id"] in saved_plan(home)
    return dict(own)


def test_an_own_question_is_linted_and_saved(cli: Any, home: Path, plan: list[str]) -> None:
    # Add > Type my own (the last of 15) > the text > keep it as written > Story > keep.
    result = cli(*PICK, "-i", input=f"3\n15\n{OWN}\n1\n1\n1\n")
    assert CLOSED in result.stderr
    assert 'try: "What do you like most about your job?"' in result.stderr
    own = own_question_in_plan(home)
    assert own["text"] == OWN and own["category"] == "story"
    assert own["fields"] == ["social work"]
    shown = json.loads(cli("questions", "show", own["id"], "--json").stdout)
    assert "mine" in shown["tags"]
    assert len(saved_plan(home)) == len(plan) + 1


def test_the_lint_s_suggestion_can_be_taken(cli: Any, home: Path, plan: list[str]) -> None:
    # ... > use the suggestion (2) > it is clean now > Story > keep.
    result = cli(*PICK, "-i", input=f"3\n15\n{OWN}\n2\n1\n1\n")
    assert "The question lint finds nothing to change." in result.stderr
    assert own_question_in_plan(home)["text"] == "What do you like most about your job?"


def test_a_rewritten_own_question_is_linted_again(cli: Any, home: Path, plan: list[str]) -> None:
    rewrite = "What keeps you in this job?"
    result = cli(*PICK, "-i", input=f"3\n15\n{OWN}\n3\n{rewrite}\n1\n1\n")
    assert result.stderr.count(CLOSED) == 1
    assert own_question_in_plan(home)["text"] == rewrite


def test_input_ending_while_typing_saves_nothing(cli: Any, home: Path, plan: list[str]) -> None:
    before = (home / "plans.json").read_bytes()
    result = cli(*PICK, "-i", input=f"3\n15\n{OWN}\n1\n1\n", expect=1)
    assert CLOSED in result.stderr  # typed and linted, then the input ended at the menu
    assert "nothing was saved" in result.stderr
    assert (home / "plans.json").read_bytes() == before
    assert not (home / "questions.json").exists()


def test_a_text_no_question_may_have_is_asked_again(cli: Any, home: Path, plan: list[str]) -> None:
    long = "Why " + "really " * 80 + "?"
    result = cli(*PICK, "-i", input=f"3\n15\n{long}\n\n1\n")
    assert "the limit is 400" in result.stderr and "Traceback" not in result.stderr
    assert saved_plan(home) == plan and not (home / "questions.json").exists()


def test_the_own_question_is_on_the_sheet_asked_in_the_log_and_answered(
    cli: Any, home: Path, tmp_path: Path, plan: list[str]
) -> None:
    cli(*PICK, "-i", input=f"3\n15\n{OWN}\n1\n1\n1\n")
    own = own_question_in_plan(home)
    assert OWN in cli("questions", "sheet", "maria", "-o", "-").stdout
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\npath = pathlib.Path(sys.argv[1])\ntext = path.read_text()\n"
        f"marker = '## answer {own['id']}\\n# {OWN}\\n'\n"
        "assert marker in text, text\n"
        "path.write_text(text.replace(marker, marker + 'Most days, yes\\n'))\n"
    )
    cli(
        "interview", "log", "maria", "--on", "yesterday", "--edit",
        env={"EDITOR": f"{sys.executable} {script}"},
    )  # fmt: skip
    grouped = json.loads(cli("answers", "--json").stdout)
    mine = next(q for q in grouped if q["question"] == own["id"])
    assert mine["text"] == OWN
    assert [a["answer"] for a in mine["answers"]] == ["Most days, yes"]


# --- at a real terminal -------------------------------------------------------------


@needs_pty
def test_typing_an_own_question_at_a_terminal(home: Path, tmp_path: Path, plan: list[str]) -> None:
    term = Terminal(home, tmp_path, *PICK, "--interactive")
    term.expect(re.escape(EDITING))
    term.expect(re.escape(MENU) + GAP + r"\(Use arrow keys\)")
    term.keys(DOWN, DOWN, ENTER)
    term.expect(answered(MENU, "Add a question"))
    term.expect(re.escape("From which category?") + ".*?Type my own question…")
    term.keys(UP, ENTER)  # Up wraps round to the last choice
    term.expect(answered("From which category?", "Type my own question…"))
    term.expect(re.escape("Your question (Enter alone goes back)"))
    term.keys(OWN, ENTER)
    term.expect(re.escape(CLOSED))
    term.expect(re.escape("The question lint found something.") + ".*?Leave it out")
    term.keys(ENTER)
    term.expect(answered("The question lint found something.", "Keep it as I wrote it"))
    term.expect(re.escape("Which category does it belong to?") + ".*?Who else")
    term.keys(ENTER)
    term.expect(re.escape(MENU) + GAP + r"\(Use arrow keys\)")
    term.keys(ENTER)
    status = term.finish()
    transcript = term.transcript()
    assert status == 0, transcript[-3000:]
    assert "Traceback" not in transcript
    own = own_question_in_plan(home)
    assert own["text"] == OWN
