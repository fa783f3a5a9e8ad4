"""A file the student names is replaced only when they say so (issue 17, "Output").

Every command that writes a file (``questions sheet``, ``report --html``, ``--ics``,
``--eml``, ``prospect export -o``): a new file is written without a question; over an
existing one, ``--force`` replaces it, a person at a terminal is asked ("Replace
FILE?", no keeps it), and a pipe or a script is refused with the hint
``--force to replace it``, the file and the workspace untouched.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from infoview.cli import app
from infoview.cli.env import AppEnv
from tests.helpers import Cli, Clock, refused, snapshot
from tests.terminal import GAP, Terminal, needs_pty
from tests.worlds import build_world, copy_world

OLD = b"a file the student keeps\n"
SHEET = "interview-sheet-maria-lopez.md"  # the sheet's own name, without -o or in a folder

# Maria talked with, Kim said no, Sam scheduled for tomorrow, Lee not asked yet;
# the profile and everyone have an email address, so every .eml can be written.
STEPS: list[list[str]] = [
    ["profile", "set", "--name", "Ana Ruiz", "--email", "ana@example.com"],
    ["prospect", "add", "Maria Lopez", "--relation", "neighbor", "--email", "m@example.org"],
    ["prospect", "add", "Sam Lee", "--relation", "friend", "--email", "s@example.org"],
    ["prospect", "add", "Kim Park", "--relation", "friend", "--email", "k@example.org"],
    ["prospect", "add", "Lee Chen", "--relation", "friend", "--email", "l@example.org"],
    ["outreach", "sent", "maria", "--on", "-5d"],
    ["interview", "log", "maria", "--on", "-1d", "--note", "*Every day is different"],
    ["outreach", "sent", "kim", "--on", "-3d"],
    ["outreach", "replied", "kim", "--declined"],
    ["outreach", "sent", "sam", "--on", "-3d"],
    ["interview", "schedule", "sam", "--at", "tomorrow 10:00"],
    ["questions", "pick", "maria", "--seed", "1"],
]

# name: the command line ({file} is the path given) and the file it writes, relative to
# the test's folder (the current folder of the command).
WRITERS: dict[str, tuple[list[str], str]] = {
    "questions sheet -o FILE": (["questions", "sheet", "maria", "-o", "{file}"], "maria.md"),
    "questions sheet -o FILE.html": (
        ["questions", "sheet", "maria", "-o", "{file}"],
        "maria.html",
    ),
    "questions sheet (its own name)": (["questions", "sheet", "maria"], SHEET),
    "questions sheet -o FOLDER/": (
        ["questions", "sheet", "maria", "-o", "sheets/"],
        f"sheets/{SHEET}",
    ),
    "report --html FILE": (["report", "--html", "{file}"], "report.html"),
    "report --html FOLDER": (["report", "--html", "pages"], "pages/infoview-report.html"),
    "prospect export -o": (["prospect", "export", "-o", "{file}"], "people.csv"),
    "interview schedule --ics": (
        ["interview", "schedule", "chen", "--at", "+2d 15:00", "--ics", "{file}"],
        "lee.ics",
    ),
    "interview reschedule --ics": (
        ["interview", "reschedule", "sam", "--at", "+3d 11:00", "--ics", "{file}"],
        "sam.ics",
    ),
    "interview cancel --ics": (["interview", "cancel", "sam", "--ics", "{file}"], "sam.ics"),
    "interview confirm --eml": (["interview", "confirm", "sam", "--eml", "{file}"], "sam.eml"),
    "outreach draft --eml": (["outreach", "draft", "chen", "--eml", "{file}"], "lee.eml"),
    "outreach draft --declined --eml": (
        ["outreach", "draft", "kim", "--declined", "--eml", "{file}"],
        "kim.eml",
    ),
    "thanks draft --eml": (["thanks", "draft", "maria", "--eml", "{file}"], "thanks.eml"),
    "touch draft --eml": (["touch", "draft", "maria", "--eml", "{file}"], "touch.eml"),
}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("overwrite") / "home"
    build_world(root, STEPS, Clock())
    return root


@pytest.fixture
def folder(world: Path, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test's current folder, beside a copy of the world as its workspace."""
    copy_world(world, home)
    here = tmp_path / "here"
    (here / "sheets").mkdir(parents=True)
    (here / "pages").mkdir()
    monkeypatch.chdir(here)
    return here


def command(name: str, here: Path) -> tuple[list[str], Path]:
    args, written = WRITERS[name]
    target = here / written
    return [a.replace("{file}", str(target)) for a in args], target


@pytest.mark.parametrize("name", WRITERS)
def test_a_new_file_is_written_and_then_not_replaced_when_nobody_can_be_asked(
    cli: Cli, world: Path, home: Path, folder: Path, name: str
) -> None:
    args, target = command(name, folder)
    first = cli(*args)
    assert "Replace" not in first.stderr and "exists" not in first.stderr  # no question
    written = target.read_bytes()
    assert written

    shutil.rmtree(home)  # the workspace as it was: the same command again, over its file
    copy_world(world, home)
    before = snapshot(home)
    again = refused(cli(*args, expect=None), "already exists (--force to replace it)")

    assert target.name in again.stderr  # the file is named
    assert target.read_bytes() == written
    assert snapshot(home) == before  # nothing saved either (no interview, no plan)
    assert [p.name for p in target.parent.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("name", WRITERS)
def test_force_replaces_an_existing_file(cli: Cli, folder: Path, name: str) -> None:
    args, target = command(name, folder)
    target.write_bytes(OLD)

    result = cli(*args, "--force")

    assert target.read_bytes() not in (OLD, b"")
    assert "Replace" not in result.stderr
    path = args[:1] if args[0] == "report" else args[:2]  # the command, without its arguments
    shown = " ".join(cli(*path, "--help").stdout.replace("│", " ").split())  # box borders out
    assert re.search(r"--force\W.*?\b[Rr]eplace the", shown), shown  # the help says what it does


# --- someone typing: asked, in the plain prompt (input typed, output piped) ---------------


def typed(answer: str) -> Callable[..., Result]:
    def run(*args: str) -> Result:
        env = AppEnv(clock=Clock(), stdin_isatty=True)
        return CliRunner().invoke(app, list(args), input=answer, obj=env)

    return run


@pytest.mark.parametrize("name", ["questions sheet -o FILE", "interview schedule --ics"])
def test_at_a_terminal_no_keeps_the_file(home: Path, folder: Path, name: str) -> None:
    args, target = command(name, folder)
    target.write_bytes(OLD)
    before = snapshot(home)

    result = typed("n\n")(*args)

    # The answer typed is not echoed here: the error line follows the question.
    [question] = result.stderr.splitlines()
    assert question.startswith(f"Replace {target}? [y/N]: ")
    assert question.endswith(f"infoview: {target} was not replaced; nothing was written")
    assert result.exit_code == 1
    assert target.read_bytes() == OLD
    assert snapshot(home) == before


@pytest.mark.parametrize("name", ["questions sheet -o FILE", "interview schedule --ics"])
def test_at_a_terminal_yes_replaces_it(folder: Path, name: str) -> None:
    args, target = command(name, folder)
    target.write_bytes(OLD)

    result = typed("y\n")(*args)

    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"Replace {target}? [y/N]: ")
    assert target.read_bytes() not in (OLD, b"")


def test_at_a_terminal_input_that_ends_keeps_the_file(folder: Path) -> None:
    args, target = command("prospect export -o", folder)
    target.write_bytes(OLD)
    result = typed("")(*args)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "infoview: input ended before you finished; nothing was saved"
    )
    assert target.read_bytes() == OLD


# --- a real terminal ----------------------------------------------------------------


@needs_pty
@pytest.mark.parametrize(("key", "replaced"), [("n", False), ("y", True)])
def test_a_student_at_a_real_terminal_is_asked(
    home: Path, folder: Path, key: str, replaced: bool
) -> None:
    args, target = command("questions sheet -o FILE", folder)
    target.write_bytes(OLD)

    term = Terminal(home, folder, *args)
    term.expect(re.escape(f"Replace {target}?") + GAP + re.escape("(y/N)"))
    term.keys(key)
    status = term.finish()

    transcript = term.transcript()
    if replaced:
        assert status == 0, transcript[-2000:]
        assert target.read_text(encoding="utf-8").startswith("# Interview sheet: Maria Lopez")
    else:
        assert status == 1, transcript[-2000:]
        assert "was not replaced; nothing was written" in transcript
        assert target.read_bytes() == OLD
