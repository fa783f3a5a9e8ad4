"""Hostile texts: banks, drafts, templates, forms and long inputs that must get a clean answer.

Each case once cost minutes of work, all the memory, or an internal error (exit 70).
The time checks compare an input of size n with one of size 10n measured in the
same test, against a generous budget (linear work takes about 10x; quadratic 100x).
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from infoview.model.questions import Question
from infoview.rules.bank import Bank
from infoview.rules.drafting import lint_draft
from infoview.rules.question_lint import lint_text
from infoview.store.inputs import BANK_LIMIT, DRAFT_LIMIT
from infoview.store.workspace import Workspace
from infoview.usecases.interviews import logged_answers
from tests.helpers import STAMP, prospect_dict, refused, snapshot

RATIO = 30  # the budget for 10x the input, as a multiple of the baseline


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def assert_proportional(
    small: Callable[[], object], big: Callable[[], object], floor: Callable[[], object]
) -> None:
    """``big`` (10x the input of ``small``) takes under RATIO times the baseline.

    The baseline is the best of three runs of ``small``, or of ``floor`` (a linear
    pass over the big input) if that takes longer, so that a baseline of microseconds
    cannot make the budget a matter of chance. Each try measures the baseline and
    ``big`` back to back, so a machine busy with other work slows both; one try
    within budget of up to seven passes (quadratic work is over budget in every try).
    """
    ratios = []
    for _ in range(7):
        baseline = max(min(_timed(small) for _ in range(3)), min(_timed(floor) for _ in range(3)))
        ratios.append(_timed(big) / baseline)
        if ratios[-1] < RATIO:
            return
    raise AssertionError(f"10x the input took {min(ratios):.0f}x the time (tries: {ratios})")


def assert_linear(work: Callable[[str], object], make: Callable[[int], str], n: int) -> None:
    """``work`` on ``make(10 * n)`` takes well under quadratic time against ``make(n)``."""
    small, big = make(n), make(10 * n)
    assert_proportional(lambda: work(small), lambda: work(big), lambda: re.findall(r"\S+|\s+", big))


# --- 12: linear work on long texts --------------------------------------------------


QUESTION_TEXTS: dict[str, Callable[[int], str]] = {
    "a long run of spaces": lambda n: "What" + " " * n + "and how?",
    "many pay openings": lambda n: "how much do you " * (n // 16) + "?",
    "many 'in's after 'is there'": lambda n: "Is there " + "a in " * (n // 5) + "x?",
    "many joins": lambda n: "What, and " * (n // 10) + "?",
}


@pytest.mark.parametrize("make", QUESTION_TEXTS.values(), ids=QUESTION_TEXTS.keys())
def test_question_lint_is_linear(make: Callable[[int], str]) -> None:
    assert_linear(lint_text, make, 2000)


def test_a_question_too_long_is_reported_and_only_its_start_read() -> None:
    findings = lint_text("What " + "x " * 20_000 + "?")
    assert any("characters long" in f.message for f in findings if f.rule == "long")


DRAFTS: dict[str, Callable[[int], str]] = {
    "newlines": lambda n: "Opening: hi" + "\n" * n + "x?",
    "blank lines of spaces": lambda n: "Opening: hi\n" + " \n" * n + "x?",
    "a number and spaces": lambda n: "Opening: 30" + " " * n + "x",
    "numbers and dashes": lambda n: "Ask: " + "1-" * (n // 2),
    "many lines of a part": lambda n: "Opening: hi\n" + "word\n" * (n // 5),
}


@pytest.mark.parametrize("channel", ["phone", "email"])
@pytest.mark.parametrize("make", DRAFTS.values(), ids=DRAFTS.keys())
def test_draft_lint_is_linear(make: Callable[[int], str], channel: str) -> None:
    assert_linear(lambda text: lint_draft(None, text, channel, "student"), make, 8000)


def _answers_world(root: Path, n: int) -> Bank:
    """A bank of ``n`` questions and ``n`` people, each of whom answered one of them."""
    root.mkdir(parents=True, mode=0o700)
    questions = tuple(
        Question(id=f"q-{k}", text=f"What happened {k}?", category="story", phase="core", minutes=2)
        for k in range(n)
    )
    people = [prospect_dict(f"p-{k}", f"Person {k}") for k in range(n)]
    interviews = [
        {
            "answers": [{"question": f"q-{k}", "starred": False, "text": f"answer {k}"}],
            "held_at": "2026-11-20",
            "id": f"p-{k}-1",
            "interest": None,
            "link": None,
            "logged_at": STAMP,
            "minutes": 30,
            "mode": "video",
            "notes": [],
            "person": f"p-{k}",
            "questions": [],
            "referrals": [],
            "scheduled_at": None,
            "sequence": 0,
            "state": "held",
            "thanked_at": None,
            "thanks_channel": None,
            "uid": f"interview-p-{k}@infoview",
            "where": "",
        }
        for k in range(n)
    ]
    for name, key, items, version in (
        ("prospects.json", "prospects", people, 1),
        ("interviews.json", "interviews", interviews, 2),
    ):
        data = {key: items, "schema_version": version}
        (root / name).write_text(json.dumps(data), encoding="utf-8")
    return Bank(root / "bank.yaml", (), (), questions)


def test_answers_to_every_question_take_linear_time(tmp_path: Path) -> None:
    worlds = {
        n: (Workspace(tmp_path / str(n)), _answers_world(tmp_path / str(n), n)) for n in (150, 1500)
    }

    def answers(n: int) -> None:
        ws, bank = worlds[n]
        result = logged_answers(ws, bank, "")  # an empty query matches every question
        assert sum(len(result.of(q)) for q in result.questions) == n

    assert_proportional(lambda: answers(150), lambda: answers(1500), lambda: answers(150))


# --- the question bank: aliases, values YAML cannot build, size ------------------------


BANK = """schema_version: 1
categories:
  - id: referrals
    title: Referrals
questions:
  - id: who-else
    text: Who else should I talk to?
    category: referrals
    phase: closing
    minutes: 2
    when: {value}
"""


def _bank(tmp_path: Path, text: str, name: str = "bank.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_bank_of_nested_aliases_is_refused_at_once(cli: Any, tmp_path: Path) -> None:
    lines = ["schema_version: 1", 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for this, before in zip("bcde", "abcd", strict=True):
        lines.append(f"{this}: &{this} [" + ", ".join([f"*{before}"] * 7) + "]")
    lines += ["categories: *e", "questions: []"]
    bank = _bank(tmp_path, "\n".join(lines) + "\n")
    result = cli("--bank", str(bank), "questions", "list", expect=3)
    refused(result, f"{bank}, line 2: anchors and aliases", code=3)


@pytest.mark.parametrize(
    "value",
    [
        "2026-13-45",  # month must be in 1..12
        "2026-02-30",  # day is out of range for month
        "2026-12-01 25:00:00",  # hour must be in 0..23
        "1" + "0" * 5000,  # more digits than Python converts
    ],
)
def test_a_bank_value_yaml_cannot_build_is_a_bank_error(
    cli: Any, tmp_path: Path, value: str
) -> None:
    bank = _bank(tmp_path, BANK.format(value=value))
    result = cli("--bank", str(bank), "questions", "list", expect=3)
    refused(result, f"the question bank {bank}, line 11: a value cannot be read", code=3)


def test_a_bank_over_its_limit_is_refused(cli: Any, tmp_path: Path) -> None:
    bank = _bank(tmp_path, "#" * BANK_LIMIT + "\n")
    refused(cli("--bank", str(bank), "questions", "list", expect=1), "larger than 5 MB")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_bank_that_is_a_device_is_refused(cli: Any) -> None:
    result = cli("--bank", "/dev/zero", "questions", "list", expect=1)
    refused(result, "the question bank /dev/zero is not a regular file")


# --- drafts to lint ------------------------------------------------------------------


def test_a_draft_over_its_limit_is_refused(cli: Any, tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Hi " * (DRAFT_LIMIT // 3 + 1), encoding="utf-8")
    refused(cli("outreach", "lint", str(draft), expect=1), f"{draft} is larger than 1 MB")


def test_a_draft_on_standard_input_over_its_limit_is_refused(cli: Any) -> None:
    result = cli("outreach", "lint", "-", input="x" * (DRAFT_LIMIT + 1), expect=1)
    refused(result, "the draft on standard input is longer than 1 MB")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_draft_that_is_a_device_is_refused(cli: Any) -> None:
    refused(cli("outreach", "lint", "/dev/zero", expect=1), "/dev/zero is not a regular file")


# --- 14: templates with control characters ------------------------------------------------


@pytest.mark.parametrize("bad", ["\x1b[2J\x1b]0;owned\x07", "\x00", "\r", "\u202e"])
def test_a_template_with_a_control_character_is_refused(
    cli: Any, home: Path, tmp_path: Path, bad: str
) -> None:
    cli("profile", "set", "--name", "Ana Ruiz", "--email", "ana@example.com")
    cli("prospect", "add", "Maria Lopez", "--relation", "neighbor", "--field", "nursing")
    template = home / "templates" / "email-student.txt"
    template.parent.mkdir()
    template.write_text(f"Subject: A question\n\nHi $first_name,\n{bad}I am $my_name.\n")
    before = snapshot(home)
    eml = tmp_path / "out.eml"
    result = cli("outreach", "draft", "maria", "--eml", str(eml), expect=1)
    refused(result, f"the template {template}, line 4, contains a control character")
    assert not eml.exists()
    assert snapshot(home) == before


# --- forms typed in the editor ------------------------------------------------------------


def _error(result: Any, message: str) -> None:
    """Exit 1, the last line of stderr the one error line (after the plan's notice)."""
    assert result.exit_code == 1, (result.stdout, result.stderr)
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("infoview: ") and message in last, result.stderr


def _editor(tmp_path: Path, body: str) -> str:
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\npath = pathlib.Path(sys.argv[1])\ntext = path.read_text()\n"
        + body
        + "\npath.write_text(text)\n"
    )
    return f"{sys.executable} {script}"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("interest: " + "1" * 5000, "interest must be 1-5"),
        ("minutes: " + "9" * 5000, "minutes must be a number"),
        ("on: 2026-13-45", "line 5:"),
        ("on: " + "9" * 5000, "line 5:"),
    ],
)
def test_an_unreadable_form_value_keeps_the_form(
    cli: Any, home: Path, tmp_path: Path, line: str, message: str
) -> None:
    cli("prospect", "add", "Maria Lopez", "--relation", "neighbor")
    before = snapshot(home)
    key = line.split(":")[0]
    editor = _editor(
        tmp_path,
        "lines = text.split('\\n')\n"
        f"lines = [{line!r} if l.startswith({key + ':'!r}) else l for l in lines]\n"
        "text = '\\n'.join(lines).replace('## notes\\n', '## notes\\nTyped with care\\n')",
    )
    result = cli("interview", "log", "maria", "--edit", env={"EDITOR": editor}, expect=1)
    kept = home / "interview-maria-lopez.txt"
    _error(result, message)
    assert str(kept) in result.stderr
    assert "Typed with care" in kept.read_text(encoding="utf-8")
    assert not (home / "interviews.json").exists()  # nothing logged
    assert snapshot(home)["prospects.json"] == before["prospects.json"]


def test_a_kept_form_over_its_limit_is_refused(cli: Any, home: Path, tmp_path: Path) -> None:
    cli("prospect", "add", "Maria Lopez", "--relation", "neighbor")
    (home / "interview-maria-lopez.txt").write_text("x" * (DRAFT_LIMIT + 1))
    editor = _editor(tmp_path, "")
    result = cli("interview", "log", "maria", "--edit", env={"EDITOR": editor}, expect=1)
    _error(result, "larger than 1 MB")
