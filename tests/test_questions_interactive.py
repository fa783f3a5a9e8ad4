"""`infoview questions pick --interactive`: numbered prompts in a pipe, arrow keys in a terminal.

The first half runs in-process through CliRunner, where standard input is not a
terminal, so the numbered PlainPrompter answers. The second half drives the real
command through a pseudo-terminal with pexpect, where questionary's arrow-key
menus answer, as a student at a terminal would see them.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from infoview.cli.env import AppEnv
from infoview.cli.prompts import ArrowPrompter, InputEnded, PlainPrompter, make_prompter
from tests.helpers import read_json
from tests.terminal import DOWN, ENTER, GAP, SPACE, UP, Terminal, answered, needs_pty

MARIA = ("prospect", "add", "Maria Lopez", "--field", "social work")
INTERACTIVE = ("questions", "pick", "maria", "--seed", "1", "--interactive")
REFERRALS = "referrals"
PHASE_RANK = {"opening": 0, "core": 1, "closing": 2}
MENU = "What would you like to do?"
NOTHING_SAVED = "nothing was saved"
FIELD_FIRST = 1  # "Add a question" offers Maria's field (social work) before the categories


def saved_plan(home: Path) -> list[str]:
    [plan] = read_json(home / "plans.json")["plans"]
    assert plan["person"] == "maria-lopez"
    questions: list[str] = plan["questions"]
    return questions


def show(cli: Any, qid: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(cli("questions", "show", qid, "--json").stdout)
    return data


@pytest.fixture
def proposal(cli: Any, home: Path) -> list[dict[str, Any]]:
    """Maria on the list and what `pick --seed 1` proposes for her, without saving it."""
    cli(*MARIA)
    result = cli("questions", "pick", "maria", "--seed", "1", "--no-save", "--json")
    questions: list[dict[str, Any]] = json.loads(result.stdout)["questions"]
    # What the tests below rely on: ten questions, the one referral question last.
    assert len(questions) == 10
    assert [q["category"] == REFERRALS for q in questions] == [False] * 9 + [True]
    assert not (home / "plans.json").exists()
    return questions


@pytest.fixture
def ids(proposal: list[dict[str, Any]]) -> list[str]:
    return [q["id"] for q in proposal]


def section(stderr: str, start: str, end: str) -> str:
    """The prompt text from the last `start` up to the next `end`."""
    at = stderr.rindex(start)
    return stderr[at : stderr.index(end, at)]


# --- numbered prompts (standard input is not a terminal) ----------------------


def test_keep_saves_the_proposal_unchanged(cli: Any, home: Path, ids: list[str]) -> None:
    result = cli(*INTERACTIVE, input="1\n")
    assert saved_plan(home) == ids
    # The numbered menu was used, on stderr, so stdout stays the result.
    assert "Choose 1-4: " in result.stderr
    for n, action in enumerate(
        ["Keep these questions", "Drop questions", "Add a question", "Move a question"], start=1
    ):
        assert f"{n:>4}. {action}" in result.stderr
    assert MENU not in result.stdout
    assert "Saved as the plan for Maria Lopez." in result.stdout
    assert result.stdout.count("\n10. ") == 1  # the kept list is printed, 10 long


@pytest.mark.parametrize("answer", ["2 3", "3,2", "  2   3 ", "2, 3, 2"])
def test_drop_two_questions(cli: Any, home: Path, ids: list[str], answer: str) -> None:
    cli(*INTERACTIVE, input=f"2\n{answer}\n1\n")
    plan = saved_plan(home)
    assert plan == [ids[0], *ids[3:]]
    assert len(plan) == 8
    assert ids[1] not in plan and ids[2] not in plan
    assert show(cli, plan[-1])["category"] == REFERRALS


def test_drop_menu_lists_every_question(
    cli: Any, proposal: list[dict[str, Any]], ids: list[str]
) -> None:
    result = cli(*INTERACTIVE, input="2\n\n1\n")  # Enter alone drops nothing
    listed = section(result.stderr, "Drop which questions?", "Numbers, separated")
    for n, q in enumerate(proposal, start=1):
        assert f"{n:>4}. {q['text']}" in listed


@pytest.mark.parametrize("category", ["story", "trends", "next-steps", "advice"])
def test_add_puts_the_question_in_phase_order(
    cli: Any, home: Path, proposal: list[dict[str, Any]], ids: list[str], category: str
) -> None:
    categories = [c["id"] for c in json.loads(cli("questions", "categories", "--json").stdout)]
    bank = json.loads(cli("questions", "list", "--category", category, "--json").stdout)
    options = [q for q in bank if q["id"] not in ids]
    assert len(options) >= 2
    new = options[1]  # offered as number 2

    number = categories.index(category) + 1 + FIELD_FIRST
    result = cli(*INTERACTIVE, input=f"3\n{number}\n2\n1\n")

    offered = section(result.stderr, "Add which question?", "Choose 1-")
    assert f"   2. {new['text']}" in offered
    assert all(q["text"] not in offered for q in proposal)  # only questions not yet in the set
    plan = saved_plan(home)
    assert len(plan) == 11
    assert plan[-1] == ids[-1]  # the referral question stays last
    # In phase order: after every question of its phase or earlier, before any later one.
    rank = PHASE_RANK[new["phase"]]
    body = proposal[:-1]
    at = max((i + 1 for i, q in enumerate(body) if PHASE_RANK[q["phase"]] <= rank), default=0)
    assert plan == [*ids[:at], new["id"], *ids[at:]]
    every = {q["id"]: q for q in json.loads(cli("questions", "list", "--json").stdout)}
    phases = [PHASE_RANK[every[qid]["phase"]] for qid in plan]
    assert phases == sorted(phases)


def test_add_offers_the_categories_in_bank_order(cli: Any, ids: list[str]) -> None:
    categories = json.loads(cli("questions", "categories", "--json").stdout)
    result = cli(*INTERACTIVE, input="3\n1\n1\n1\n")
    offered = section(result.stderr, "From which category?", "Choose 1-")
    for n, c in enumerate(categories, start=1 + FIELD_FIRST):
        assert f"{n:>4}. {c['title']}" in offered


def test_move_a_question_to_the_top(
    cli: Any, home: Path, proposal: list[dict[str, Any]], ids: list[str]
) -> None:
    result = cli(*INTERACTIVE, input="4\n5\n1\n1\n")
    assert saved_plan(home) == [ids[4], *ids[:4], *ids[5:]]
    # The move menu offers the first nine only: the referral question cannot move.
    movable = section(result.stderr, "Move which question?", "Choose 1-")
    for n, q in enumerate(proposal[:-1], start=1):
        assert f"{n:>4}. {q['text']}" in movable
    assert proposal[-1]["text"] not in movable
    assert "  10. " not in movable
    assert "Move which question?" in result.stderr
    assert "Choose 1-9: " in result.stderr
    places = section(result.stderr, "Where to?", "Choose 1-")
    assert "   9. to position 9" in places
    assert "10. to position" not in places


def test_move_to_the_last_place_stays_before_the_referral(
    cli: Any, home: Path, ids: list[str]
) -> None:
    cli(*INTERACTIVE, input="4\n1\n9\n1\n")
    assert saved_plan(home) == [*ids[1:9], ids[0], ids[9]]


def test_several_changes_in_one_session(cli: Any, home: Path, ids: list[str]) -> None:
    # Drop 1, then move the (new) 8th question to position 2, then keep.
    cli(*INTERACTIVE, input="2\n1\n4\n8\n2\n1\n")
    rest = ids[1:]
    assert saved_plan(home) == [rest[0], rest[7], *rest[1:7], rest[8]]


@pytest.mark.parametrize("drop", ["10", "1 2 3 4 5 6 7 8 9 10"])
def test_dropping_every_referral_question_is_refused(
    cli: Any, home: Path, ids: list[str], drop: str
) -> None:
    result = cli(*INTERACTIVE, input=f"2\n{drop}\n1\n")
    assert "keep at least one 'who else should I talk to?' question" in result.stderr
    assert result.stderr.count(MENU) == 2  # the loop went on
    assert saved_plan(home) == ids
    assert "Traceback" not in result.stderr


def test_a_second_referral_question_can_replace_the_first(
    cli: Any, home: Path, ids: list[str]
) -> None:
    categories = [c["id"] for c in json.loads(cli("questions", "categories", "--json").stdout)]
    bank = json.loads(cli("questions", "list", "--category", REFERRALS, "--json").stdout)
    other = next(q for q in bank if q["id"] not in ids)
    number = categories.index(REFERRALS) + 1 + FIELD_FIRST
    # Add another referral question (it goes before the last), then drop the last one.
    cli(*INTERACTIVE, input=f"3\n{number}\n1\n2\n11\n1\n")
    assert saved_plan(home) == [*ids[:-1], other["id"]]


def test_bad_answers_are_asked_again(cli: Any, home: Path, ids: list[str]) -> None:
    # Menu: x, 99, 0 and an empty line are refused; then drop. Checkbox: x, 11 and
    # 0 are refused, then "1 1" drops the first question once. Then keep.
    result = cli(*INTERACTIVE, input="x\n99\n0\n\n2\nx\n11\n0\n1 1\n1\n")
    assert result.stderr.count("Please type a number from 1 to 4.") == 4
    assert result.stderr.count("Please type numbers from 1 to 10.") == 3
    assert saved_plan(home) == ids[1:]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "given",
    ["", "2\n", "x\n", "2\n2 3\n", "3\n", "3\n9\n", "4\n", "4\n5\n", "4\n5\n1\n"],
)
def test_input_ending_early_saves_nothing(cli: Any, home: Path, ids: list[str], given: str) -> None:
    result = cli(*INTERACTIVE, input=given, expect=1)
    assert "input ended before you finished; nothing was saved" in result.stderr
    assert not (home / "plans.json").exists()
    assert "Saved as the plan" not in result.stdout
    assert "Traceback" not in result.stderr


def test_input_ending_early_keeps_the_earlier_plan(cli: Any, home: Path, ids: list[str]) -> None:
    cli("questions", "pick", "maria", "--seed", "2")
    before = (home / "plans.json").read_bytes()
    assert saved_plan(home) != ids
    result = cli(*INTERACTIVE, input="2\n2 3\n", expect=1)
    assert NOTHING_SAVED in result.stderr
    assert (home / "plans.json").read_bytes() == before


def test_interactive_and_json_do_not_go_together(cli: Any, home: Path, ids: list[str]) -> None:
    result = cli(*INTERACTIVE, "--json", input="1\n", expect=1)
    assert "--interactive and --json do not go together" in result.stderr
    assert result.stdout == ""
    assert MENU not in result.stderr  # refused before asking anything
    assert not (home / "plans.json").exists()


def test_move_with_nothing_to_move_goes_back_to_the_menu(
    cli: Any, home: Path, ids: list[str]
) -> None:
    # Only the referral question is left, and it cannot move: no empty menu that
    # no answer satisfies, but the menu again, where "1" keeps the set.
    result = cli(*INTERACTIVE, input="2\n1 2 3 4 5 6 7 8 9\n4\n1\n")
    assert "Choose 1-0" not in result.stderr
    assert result.stderr.count(MENU) == 3
    assert saved_plan(home) == [ids[-1]]


# --- arrow keys in a real terminal (questionary through a pseudo-terminal) ----

MENU_READY = (
    re.escape(MENU) + GAP + r"\(Use arrow keys\)" + GAP + "» Keep these questions.*?Move a question"
)


@needs_pty
def test_arrow_keys_drop_the_first_question(
    home: Path, tmp_path: Path, proposal: list[dict[str, Any]], ids: list[str]
) -> None:
    term = Terminal(home, tmp_path, *INTERACTIVE)
    term.expect(MENU_READY)  # the cursor starts on "Keep these questions"
    term.keys(DOWN, ENTER)
    term.expect(answered(MENU, "Drop questions"))

    first, last = proposal[0]["text"], proposal[-1]["text"]
    # Every question is offered, none ticked, the cursor on the first.
    term.expect(
        re.escape("Drop which questions?") + ".*?» ○ " + re.escape(first) + ".*?" + re.escape(last)
    )
    term.keys(SPACE, ENTER)
    term.expect(answered("Drop which questions?", f"[{first}]"))

    # A new menu starts on its first item again, so Enter keeps the set.
    term.expect(MENU_READY)
    term.keys(ENTER)
    term.expect(answered(MENU, "Keep these questions"))
    status = term.finish()

    transcript = term.transcript()
    assert status == 0, transcript[-3000:]
    assert "Saved as the plan for Maria Lopez." in transcript
    assert "WARNING" not in transcript  # every cursor-position request was answered
    assert "Traceback" not in transcript
    plan = saved_plan(home)
    assert len(plan) == 9
    assert plan == ids[1:]


@needs_pty
@pytest.mark.parametrize("after_a_change", [False, True], ids=["at-once", "after-a-drop"])
def test_ctrl_c_at_the_menu_exits_130_and_saves_nothing(
    cli: Any, home: Path, tmp_path: Path, ids: list[str], after_a_change: bool
) -> None:
    cli("questions", "pick", "maria", "--seed", "2")  # an earlier plan to keep
    before = (home / "plans.json").read_bytes()

    term = Terminal(home, tmp_path, *INTERACTIVE)
    term.expect(MENU_READY)
    if after_a_change:
        term.keys(DOWN, ENTER)
        term.expect(answered(MENU, "Drop questions"))
        term.expect(re.escape("Drop which questions?") + ".*?» ○ ")
        term.keys(SPACE, ENTER)
        term.expect(MENU_READY)
    term.child.sendintr()
    status = term.finish()

    transcript = term.transcript()
    assert status == 130, transcript[-3000:]
    assert "interrupted; nothing half-done was saved" in transcript
    assert "Traceback" not in transcript
    assert (home / "plans.json").read_bytes() == before


@needs_pty
def test_arrow_keys_move_with_nothing_to_move_does_not_crash(
    home: Path, tmp_path: Path, proposal: list[dict[str, Any]]
) -> None:
    term = Terminal(home, tmp_path, *INTERACTIVE)
    term.expect(MENU_READY)
    term.keys(DOWN, ENTER)
    term.expect(re.escape("Drop which questions?") + ".*?" + re.escape(proposal[-1]["text"]))
    # <a> ticks all; Up wraps round to the last (referral) question, Space unticks it.
    term.keys("a", UP, SPACE, ENTER)
    term.expect(answered("Drop which questions?", "done (9 selections)"))
    term.expect(MENU_READY)
    term.keys(UP, ENTER)  # Up wraps round to "Move a question"
    term.expect(answered(MENU, "Move a question"))
    term.expect(MENU_READY)  # nothing to move: back at the menu
    term.keys(ENTER)
    term.expect(answered(MENU, "Keep these questions"))
    status = term.finish()
    transcript = term.transcript()
    assert status == 0, transcript[-3000:]
    assert "internal error" not in transcript
    assert saved_plan(home) == [proposal[-1]["id"]]


# --- the prompter a command gets from its environment ---------------------------


def test_make_prompter_uses_the_injected_streams() -> None:
    answers, shown = io.StringIO("x\n2\n"), io.StringIO()
    env = AppEnv(stdin=answers, stderr=shown, stdin_isatty=False, stdout_isatty=False)
    prompter = make_prompter(env)
    assert isinstance(prompter, PlainPrompter)
    assert prompter.select("Which?", ["one", "two"]) == 1
    assert shown.getvalue().startswith("Which?\n   1. one\n   2. two\nChoose 1-2: ")
    assert "Please type a number from 1 to 2." in shown.getvalue()
    with pytest.raises(InputEnded):
        prompter.text("More?")


def test_make_prompter_offers_arrow_keys_only_at_a_terminal() -> None:
    both = AppEnv(stdin_isatty=True, stdout_isatty=True)
    assert isinstance(make_prompter(both), ArrowPrompter)
    piped = AppEnv(stdin_isatty=True, stdout_isatty=False)
    assert isinstance(make_prompter(piped), PlainPrompter)
    # Without an environment it asks the process's own streams, as before.
    assert isinstance(make_prompter(), PlainPrompter | ArrowPrompter)
